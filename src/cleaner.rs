//! The pipeline: decode, then each pass in turn.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Once};

use crate::boilerplate::Boilerplate;
use crate::decode::{DecodeOptions, decode_with};
use crate::line_endings::LineEndings;
use crate::normalize::Normalize;
use crate::reflow::Reflow;
use crate::{Correct, Document, Edit, EditKind, Error, Extractor, Pass, Span};

/// Cleans documents: decodes bytes, runs the passes, returns a [`Document`].
///
/// A cleaner builds its tables once; cloning it is cheap (an `Arc`), and one
/// cleaner can serve many threads.
///
/// # Example
///
/// ```
/// let cleaner = zhdoc::Cleaner::new();
/// let doc = cleaner.clean("欢迎来到天天文库\n市总工会按照上级工会的总体要求,结合实际。".as_bytes()).unwrap();
/// assert_eq!(doc.text(), "市总工会按照上级工会的总体要求，结合实际。");
/// ```
#[derive(Clone)]
pub struct Cleaner {
    pub(crate) passes: Arc<[Arc<dyn Pass>]>,
    /// The quantities and structure passes, when they are the last two: they
    /// read the same final text and write apart, so they run side by side.
    tail: Option<(Extractor, crate::Structure)>,
    /// Whether the lazily built tables have been built on a thread of the
    /// caller's: before a text is first shared out between threads they are,
    /// so that what building them allocates and drops stays in the caller's
    /// memory arena (where the documents are) and not in a worker's.
    warm: Arc<Once>,
    pub(crate) decode: DecodeOptions,
    /// The corrector, to read again where the structure pass laid out lines.
    correct: Option<Correct>,
}

impl fmt::Debug for Cleaner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cleaner")
            .field("passes", &self.pass_names())
            .field("lossy", &self.decode.is_lossy())
            .finish()
    }
}

impl Default for Cleaner {
    fn default() -> Cleaner {
        Cleaner::new()
    }
}

impl Cleaner {
    /// A cleaner with every pass on.
    ///
    /// # Cost
    ///
    /// The tables the passes read are built once per process, on first use, and
    /// shared by every cleaner made afterwards (and cloning a cleaner is an `Arc`
    /// clone). The lexicon (jieba's 350,000 words) is stored prebuilt and read in
    /// place; the first `Cleaner::new()` of a process builds the quantity
    /// extractor's guard words, and the first document cleaned builds the rest
    /// (the confusion table and the language model's indices, the boilerplate
    /// rules). Measured by `benches/startup.rs` (a fresh process each time,
    /// release build, on a loaded 2-core machine): `Cleaner::new()` about 56 ms,
    /// `new()` and a first short document about 176 ms, with a peak resident
    /// memory of 29 MiB; a second `Cleaner::new()` in the same process about 8 µs. Call [`prepare`](Cleaner::prepare) to pay the first
    /// document's part when it suits (a server before it takes requests).
    pub fn new() -> Cleaner {
        CleanerBuilder::new().build()
    }

    /// A builder to choose the passes.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::new()
    }

    /// Whether decoding is lossy (see [`CleanerBuilder::lossy`]).
    pub fn lossy(&self) -> bool {
        self.decode.is_lossy()
    }

    /// How the cleaner decodes bytes (see [`CleanerBuilder::decode_options`]).
    pub fn decode_options(&self) -> &DecodeOptions {
        &self.decode
    }

    /// The names of the passes, in the order they run.
    pub fn pass_names(&self) -> Vec<&'static str> {
        self.passes.iter().map(|p| p.name()).collect()
    }

    /// Decodes `bytes` (UTF-8, UTF-16 with a byte order mark, GB18030/GBK, Big5 …)
    /// and cleans the text.
    ///
    /// # Errors
    ///
    /// Returns an error when the bytes are binary data, or text with more damage
    /// than the cleaner's decoding allows: by default a few bad bytes are
    /// repaired (removed as logged [`EditKind::Decode`] edits that name them),
    /// [strict](CleanerBuilder::strict) refuses any, [lossy](CleanerBuilder::lossy)
    /// replaces any; see [`decode`](crate::decode).
    pub fn clean(&self, bytes: &[u8]) -> Result<Document, Error> {
        let decoded = decode_with(bytes, &self.decode)?;
        let mut doc = Document::new(decoded.text, decoded.encoding);
        self.run(&mut doc);
        Ok(doc)
    }

    /// Builds every table the passes build on first use (the confusion table, the
    /// language model's indices, the boilerplate rules) by cleaning a short
    /// text once; see [`new`](Cleaner::new) for what that costs. Call it before
    /// reading large inputs: the tables' build takes more memory for a moment than
    /// they keep, and that moment then does not coincide with a large document's.
    /// Calling it again costs one short clean.
    ///
    /// ```
    /// let cleaner = zhdoc::Cleaner::new();
    /// cleaner.prepare();
    /// assert_eq!(cleaner.clean_str("我市己有九成单位参加。").text(), "我市已有九成单位参加。");
    /// ```
    pub fn prepare(&self) {
        let _ =
            self.clean_str("一、总体情况\n2010年全市共培训职工5500人次，我市己有九成单位参加。\n");
    }

    /// Cleans text that is already decoded.
    pub fn clean_str(&self, text: &str) -> Document {
        let mut doc = Document::new(text, "UTF-8");
        self.run(&mut doc);
        doc
    }

    /// Reads, decodes and cleans a file. Errors name the file.
    ///
    /// # Errors
    ///
    /// Returns an error when the file cannot be read or decoded.
    pub fn clean_file(&self, path: impl AsRef<Path>) -> Result<Document, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::from(e).with_path(path))?;
        // UTF-8 bytes become the text without a copy: a large file is held
        // once, not twice.
        let decoded =
            crate::decode::decode_vec(bytes, &self.decode).map_err(|e| e.with_path(path))?;
        let mut doc = Document::new(decoded.text, decoded.encoding);
        self.run(&mut doc);
        Ok(doc)
    }

    /// Runs every pass over a document.
    ///
    /// The document's [`Script`](crate::Script) is found first: the corrector
    /// does not run over Traditional text (its tables are Simplified, and would
    /// turn 增長 into 增长: script conversion is not a correction).
    pub fn run(&self, doc: &mut Document) {
        self.run_piece(doc, &crate::Shared::default());
    }

    /// Runs the passes over `doc`, a piece of a larger input whose shared
    /// reading is `shared` ([`Cleaner::shared`], and [`Shared::piece`] for
    /// where the piece stands in the whole): as [`Cleaner::run`], but for
    /// what is read over the whole input rather than the piece.
    ///
    /// [`Shared::piece`]: crate::Shared::piece
    pub fn run_piece(&self, doc: &mut Document, shared: &crate::Shared) {
        doc.shared = shared.clone();
        if crate::parallel::threads(doc.text().len()) > 1 {
            self.warm.call_once(|| self.prepare());
        }
        if crate::plausibility::traditional(doc.text()) {
            doc.script = crate::Script::Traditional;
        }
        let traditional = doc.script == crate::Script::Traditional;
        let skip = |pass: &Arc<dyn Pass>| traditional && pass.name() == "correct";
        // Runs of letters and digits too long to be prose are not corrected,
        // and very long lines are read in windows (see
        // `chunk::correction_windows`).
        let run = |pass: &Arc<dyn Pass>, doc: &mut Document| {
            if skip(pass) {
                return;
            }
            if let Some(correct) = self.correct.as_ref().filter(|_| pass.name() == "correct") {
                crate::chunk::correct_all(correct, doc);
                return;
            }
            pass.run(doc);
        };
        let Some((extractor, structure)) = &self.tail else {
            // The mark rules read the whole text once more (as below) before
            // the quantities and the outline, whichever of them is on; what
            // they change is settled as the corrector's changes are.
            let end = self
                .passes
                .iter()
                .rposition(|p| !matches!(p.name(), "quantities" | "structure"))
                .map_or(0, |i| i + 1);
            for pass in &self.passes[..end] {
                run(pass, doc);
            }
            if !traditional && self.correct.is_some() && mark_rules(doc) {
                let seams = self.passes[..end]
                    .iter()
                    .find(|p| p.name() == "normalize-seams");
                if let Some(seams) = seams {
                    seams.run(doc);
                }
            }
            for pass in &self.passes[end..] {
                run(pass, doc);
            }
            return;
        };
        for pass in &self.passes[..self.passes.len() - 2] {
            run(pass, doc);
        }
        self.settle_layout(doc, traditional);
        // The mark rules read habits of the whole document (items that end
        // with semicolons, a list's items before the one at hand) and a
        // line's end with the next line's start, which the passes after the
        // corrector (a heading's number repaired, a page-chunk number taken
        // out) may have changed far from where the corrector read again: they
        // read the whole text once more, so that cleaning the cleaned text
        // changes nothing.
        if !traditional && self.correct.is_some() && mark_rules(doc) {
            self.settle_layout(doc, traditional);
        }
        let read = &*doc;
        let share = crate::parallel::threads(read.text().len()) > 1;
        let (quantities, mut outline) = crate::parallel::join(
            share,
            || extractor.quantities_of(read),
            || crate::Structure::outline_alone(read),
        );
        crate::structure::attach_quantities(&mut outline, &quantities);
        doc.quantities = quantities;
        structure.apply(doc, outline);
    }
}

impl Cleaner {
    /// The structure pass's own edits (heading numbers, line breaks) come
    /// before the quantities are read, so that their spans hold. A line of its
    /// own can show what the earlier passes take out or join (a site's
    /// `浏览次数：12` after a run-in heading): they run again over the laid-out
    /// text, a few rounds at most, so that cleaning is idempotent.
    fn settle_layout(&self, doc: &mut Document, traditional: bool) {
        for _ in 0..3 {
            let mark = doc.edits().len();
            // A piece of a larger input runs the passes after the layout when
            // the whole's layout changed the whole's text (they run over all
            // of it), though its own changed nothing.
            let changed = crate::structure::lay_out(doc);
            let whole = !doc.shared.relaid && doc.shared.laid_rounds().is_some();
            if !changed && !whole {
                break;
            }
            let laid_out = doc.edits().len();
            for pass in self.passes.iter() {
                if matches!(pass.name(), "normalize" | "boilerplate" | "reflow") {
                    pass.run(doc);
                }
            }
            // The corrector reads again around what changed.
            if let Some(correct) = self.correct.as_ref().filter(|_| !traditional) {
                let points = positions_after(doc.edits(), mark, |_| true);
                reread_around(correct, doc, &points);
            }
            if doc.edits().len() == laid_out {
                break;
            }
        }
    }
}

/// Makes the mark rules' repairs over the whole text (as the corrector's first
/// round makes them, the first of those that meet); whether it changed it.
/// A piece of a larger input is read with the lines of the whole around it
/// (`chunk::seamed`).
fn mark_rules(doc: &mut Document) -> bool {
    let mut changes = Vec::new();
    if let Some((text, piece)) = crate::chunk::seamed(doc) {
        crate::correct::mark_changes(&text, piece, &mut changes);
        crate::correct::keep_apart(&mut changes);
        changes = crate::chunk::piece_changes(changes, &text, piece);
    } else {
        let text = doc.text();
        crate::correct::mark_changes(text, Span::new(0, text.len()), &mut changes);
    }
    if changes.is_empty() {
        return false;
    }
    crate::correct::keep_apart(&mut changes);
    doc.apply(EditKind::Correct, changes) > 0
}

/// Normalises again where a later pass joined or changed text: removing
/// boilerplate or a line break, or correcting a character, can put punctuation or
/// white space in a new context (`word,` then `中文` on the next line; `I` read as
/// `1` before a space), and the output must be what normalising it would give.
/// Only the lines those passes touched are read again; what normalising changes
/// there is given back to the corrector, until neither changes anything.
#[derive(Debug)]
struct Seams {
    correct: Option<Correct>,
    /// A corrected character can complete a line of site furniture (`l/26`).
    boilerplate: Option<Boilerplate>,
    /// Correcting a character or removing a space changes a line's printed width,
    /// and so whether it is a wrapped line.
    reflow: Option<Reflow>,
}

/// How many times the passes may hand work back to each other.
const SETTLE_ROUNDS: usize = 4;

impl Pass for Seams {
    fn name(&self) -> &'static str {
        "normalize-seams"
    }

    fn run(&self, doc: &mut Document) {
        // Where the log stood when boilerplate and reflow last read the text.
        let last = |doc: &Document, kind: EditKind| {
            doc.edits()
                .iter()
                .rposition(|e| e.kind == kind)
                .map_or(0, |i| i + 1)
        };
        let mut boilerplate_mark = last(doc, EditKind::Boilerplate);
        let mut reflow_mark = last(doc, EditKind::Reflow);
        // The corrector runs just before this pass and has read everything.
        let mut correct_mark = doc.edits().len();
        for _ in 0..SETTLE_ROUNDS {
            let before = doc.edits().len();
            let seams = seam_positions(doc.edits());
            if !seams.is_empty() {
                let open = doc.shared.open_quotes();
                // A piece whose edges fall inside lines of the whole reads
                // those lines' parts in the pieces around it.
                let line = crate::chunk::line_around(doc);
                let changes = crate::normalize::changes_near(doc.text(), &seams, open, line);
                doc.apply(EditKind::Normalize, changes);
                let correct = self
                    .correct
                    .as_ref()
                    .filter(|_| doc.script() != crate::Script::Traditional);
                if let Some(correct) = correct {
                    // Every seam, and every normalisation made there, is new
                    // context for the corrector.
                    // The corrector has read the text up to `correct_mark`: what
                    // the other passes changed since is new context for it.
                    let points =
                        positions_after(doc.edits(), correct_mark, |k| k != EditKind::Correct);
                    reread_around(correct, doc, &points);
                    correct_mark = doc.edits().len();
                }
            }
            if let Some(boilerplate) = &self.boilerplate {
                let corrected = doc.edits()[boilerplate_mark..]
                    .iter()
                    .any(|e| e.kind == EditKind::Correct);
                if corrected {
                    boilerplate.run(doc);
                }
                boilerplate_mark = doc.edits().len();
            }
            if let Some(reflow) = &self.reflow {
                if doc.edits().len() > reflow_mark {
                    reflow.run(doc);
                }
                reflow_mark = doc.edits().len();
            }
            if doc.edits().len() == before {
                return;
            }
        }
    }
}

/// Runs the corrector again around `points` of the current text (nothing when
/// there are none): the context there changed since it last read it.
fn reread_around(correct: &Correct, doc: &mut Document, points: &[usize]) {
    if points.is_empty() {
        return;
    }
    let text = doc.text();
    let focus = points
        .iter()
        .map(|&p| crate::correct::around(text, Span::new(p, p)))
        .collect();
    crate::chunk::correct_focus(correct, doc, focus);
}

/// Where, in the current text, the boilerplate and reflow edits made since the
/// last normalisation stand, sorted.
fn seam_positions(edits: &[Edit]) -> Vec<usize> {
    let from = edits
        .iter()
        .rposition(|e| e.kind == EditKind::Normalize)
        .map_or(0, |i| i + 1);
    positions_after(edits, from, |k| {
        matches!(
            k,
            EditKind::Boilerplate | EditKind::Reflow | EditKind::Correct
        )
    })
}

/// Where, in the current text, the edits from `edits[from]` on whose kind is
/// `wanted` stand, sorted.
fn positions_after(edits: &[Edit], from: usize, wanted: impl Fn(EditKind) -> bool) -> Vec<usize> {
    let mut seams: Vec<usize> = Vec::new();
    for step in edits[from.min(edits.len())..].chunk_by(|a, b| a.step == b.step) {
        forward(&mut seams, step);
        if wanted(step[0].kind) {
            // A step's edits are in text order, after the positions carried.
            seams.extend(step.iter().map(|e| e.at));
            seams.sort_unstable();
        }
    }
    seams.dedup();
    seams
}

/// Moves each position of the text before `step` (sorted) to where it stands
/// after it (a position inside replaced text goes to the end of its
/// replacement); in one walk over both, so that many positions and many edits
/// (a long line of them) cost their sum, not their product.
fn forward(positions: &mut [usize], step: &[Edit]) {
    let mut shift = 0isize;
    let mut edits = crate::text::before_step(step).peekable();
    for p in positions {
        let mut moved = None;
        while let Some(&(start, e)) = edits.peek() {
            let end = start + e.before.len();
            if end <= *p && !(e.before.is_empty() && start == *p) {
                shift += e.after.len() as isize - e.before.len() as isize;
                edits.next();
            } else {
                if start < *p {
                    moved = Some(e.at + e.after.len());
                }
                break;
            }
        }
        *p = moved.unwrap_or_else(|| p.checked_add_signed(shift).unwrap_or(0));
    }
}

/// Chooses the passes and the decoding of a [`Cleaner`].
///
/// Every pass is on by default. `build` can be called more than once. The
/// setters take `&mut self`, so a builder can be set up in steps.
///
/// # Example
///
/// ```
/// use zhdoc::{Cleaner, Correct};
///
/// // No correction: only decoding, normalisation, boilerplate and reflow.
/// let plain = Cleaner::builder().correct(false).build();
/// assert_eq!(plain.clean_str("屮华人民共和国").text(), "屮华人民共和国");
/// assert_eq!(Cleaner::new().clean_str("屮华人民共和国").text(), "中华人民共和国");
///
/// // A more cautious corrector, no outline, and bad bytes read as U+FFFD.
/// let mut correct = Correct::builder();
/// correct.threshold(3.0);
/// let cleaner = Cleaner::builder()
///     .corrector(correct.build())
///     .structure(false)
///     .lossy(true)
///     .build();
/// assert!(!cleaner.pass_names().contains(&"structure"));
/// assert!(cleaner.lossy());
/// let doc = cleaner.clean("一、结合实际,开展活动。".as_bytes())?;
/// assert_eq!(doc.text(), "一、结合实际，开展活动。");
/// assert!(doc.headings().is_empty()); // the structure pass did not run
/// # Ok::<(), zhdoc::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CleanerBuilder {
    normalize: bool,
    boilerplate: bool,
    /// The boilerplate pass to run, when not the built-in one.
    boilerplate_pass: Option<Boilerplate>,
    reflow: bool,
    correct: Option<Correct>,
    decode: DecodeOptions,
    structure: bool,
    extra: Vec<Arc<dyn Pass>>,
    quantities: bool,
}

impl Default for CleanerBuilder {
    fn default() -> CleanerBuilder {
        CleanerBuilder::new()
    }
}

impl CleanerBuilder {
    /// A builder with every pass on.
    pub fn new() -> CleanerBuilder {
        CleanerBuilder {
            normalize: true,
            boilerplate: true,
            boilerplate_pass: None,
            reflow: true,
            correct: Some(Correct::new()),
            decode: DecodeOptions::new(),
            structure: true,
            extra: Vec::new(),
            quantities: true,
        }
    }

    /// Builds the cleaner.
    pub fn build(&self) -> Cleaner {
        let mut passes: Vec<Arc<dyn Pass>> = vec![Arc::new(LineEndings)];
        if self.normalize {
            passes.push(Arc::new(Normalize::new()));
        }
        let boilerplate = self
            .boilerplate
            .then(|| self.boilerplate_pass.clone().unwrap_or_default());
        if let Some(pass) = &boilerplate {
            passes.push(Arc::new(pass.clone()));
        }
        if self.reflow {
            passes.push(Arc::new(Reflow::new()));
        }
        if let Some(correct) = &self.correct {
            passes.push(Arc::new(correct.clone()));
        }
        if self.normalize && (self.boilerplate || self.reflow || self.correct.is_some()) {
            passes.push(Arc::new(Seams {
                correct: self.correct.clone(),
                boilerplate,
                reflow: self.reflow.then(Reflow::new),
            }));
        }
        passes.extend(self.extra.iter().cloned());
        // Quantities are read last, from the corrected text.
        if self.quantities {
            passes.push(Arc::new(Extractor::new()));
        }
        // Last: the outline's spans are into the final text.
        if self.structure {
            passes.push(Arc::new(crate::Structure::new()));
        }
        let tail = (self.quantities && self.structure)
            .then(|| (Extractor::new(), crate::Structure::new()));
        Cleaner {
            passes: passes.into(),
            tail,
            warm: Arc::new(Once::new()),
            decode: self.decode,
            correct: self.correct.clone(),
        }
    }

    /// Whether to normalise Unicode (full-width forms, radicals, punctuation).
    pub fn normalize(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.normalize = yes;
        self
    }

    /// Whether to strip site boilerplate and watermarks.
    pub fn boilerplate(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.boilerplate = yes;
        self
    }

    /// Strips boilerplate with `pass` (lines and phrases of one's own, such as
    /// those a [`BoilerplateLearner`](crate::BoilerplateLearner) learned).
    pub fn boilerplate_pass(&mut self, pass: Boilerplate) -> &mut CleanerBuilder {
        self.boilerplate = true;
        self.boilerplate_pass = Some(pass);
        self
    }

    /// Whether to remove page-chunk numbers and rejoin broken lines.
    pub fn reflow(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.reflow = yes;
        self
    }

    /// Whether to correct OCR-confusable characters, with the default [`Correct`]
    /// pass.
    pub fn correct(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.correct = yes.then(Correct::new);
        self
    }

    /// Corrects OCR-confusable characters with `pass` (a threshold, words,
    /// confusions or protected terms of one's own).
    pub fn corrector(&mut self, pass: Correct) -> &mut CleanerBuilder {
        self.correct = Some(pass);
        self
    }

    /// Whether to decode lossily: malformed byte sequences become U+FFFD
    /// whatever their number (off by default; binary data fails either way).
    /// See [`DecodeOptions::lossy`].
    pub fn lossy(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.decode.lossy(yes);
        self
    }

    /// Whether to decode strictly: any malformed byte sequence, NUL byte or mix
    /// of encodings fails the document instead of being repaired (off by
    /// default). See [`DecodeOptions::strict`].
    pub fn strict(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.decode.strict(yes);
        self
    }

    /// Decodes with these options (lossiness, strictness, a forced encoding).
    pub fn decode_options(&mut self, options: DecodeOptions) -> &mut CleanerBuilder {
        self.decode = options;
        self
    }

    /// Whether to extract quantities (see [`Extractor`]), after correction and the
    /// caller's own passes.
    pub fn quantities(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.quantities = yes;
        self
    }

    /// Whether to build the document's outline (title, headings, sections,
    /// sentences: [`Structure`](crate::Structure)), after every other pass.
    pub fn structure(&mut self, yes: bool) -> &mut CleanerBuilder {
        self.structure = yes;
        self
    }

    /// Adds a pass of the caller's own, run after the built-in ones (and before
    /// quantity extraction and the outline).
    pub fn pass(&mut self, pass: impl Pass + 'static) -> &mut CleanerBuilder {
        self.extra.push(Arc::new(pass));
        self
    }
}
