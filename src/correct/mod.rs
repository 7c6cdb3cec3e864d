//! Correction of OCR-confusable characters: a noisy-channel decision.

mod channel;
mod dashes;
mod evidence;
pub(crate) mod lm;
mod marks;
mod numbers;
mod protect;
mod punct;
mod quotes;
pub(crate) mod shape;
mod user_dict;
pub(crate) mod words;

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::chars::{ceil_boundary, floor_boundary, is_han};
use crate::lexicon::{
    COVER_REACH, Codes, Lattice, Overlay, PREFIX_DEPTH, ROOT, Through, WindowWords,
};
use crate::parallel;
use crate::{Change, Document, Edit, EditKind, Lexicon, Pass, Span};

use self::channel::{Candidate, Channel};
use self::evidence::DocWords;
pub(crate) use self::evidence::{Around, Since, Within, add_counts, zeros};
use self::lm::CharLm;
pub(crate) use self::numbers::rates;

/// The log odds a correction must win by, by default.
const DEFAULT_THRESHOLD: f64 = 1.5;

/// A character less frequent than this alone (in the lexicon's counts) is rare:
/// its readings need no two-character word to make (`可以赁本人` → 凭, `扒犬` →
/// 携犬). Measured (2026-12-07, `ev.py`; clean_cer unchanged everywhere): 50 →
/// 500 → 2000 gave dev 0.350 → 0.348 → 0.346, factory readable 0.714 → 0.712 →
/// 0.710, fixtures/heldout all 0.831 → 0.829 → 0.828, at about 10% more corrector
/// time (`prof 4 cleaning`, one thread). Every character's readings, rare or not
/// (docs/corrector.md, "Table readings that make no word"), cost 30–40%.
const RARE: u32 = 2000;

/// The most rounds of corrections the pass makes. Each round after the first
/// reads only around the last one's corrections and the places that lost by a
/// little whose words they wrote; a chain of corrections (a year repaired over
/// three rounds in one line, then read the same way in another) takes one round
/// a link, and a chain cut short is taken up by the next cleaning of the text,
/// which then differs from the first.
const ROUNDS: usize = 8;

/// Context characters read on each side of a change (the left side's trie
/// nodes are kept by the lattice).
const CONTEXT: usize = PREFIX_DEPTH;

/// Characters around a correction whose verdicts it may change.
const INNER_MARGIN: usize = 8;

/// `span` widened by `chars` characters each way, within `text`.
fn widen(text: &str, span: Span, chars: usize) -> Span {
    let start = text[..span.start]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = text[span.end..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| span.end + i);
    Span::new(start, end)
}

/// The span around `span` whose verdicts a change there may alter.
pub(crate) fn around(text: &str, span: Span) -> Span {
    let snap = |p: usize| floor_boundary(text, p);
    let (start, end) = (snap(span.start), snap(span.end));
    widen(text, Span::new(start, end.max(start)), INNER_MARGIN)
}

/// Sorted spans with the overlapping ones merged.
fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The correction pass.
///
/// Where the engine printed `observed`, the page may have said `intended`. The pass
/// weighs the two readings by
///
/// * the **channel**, `ln P(observed | intended)`: how likely the engine prints the
///   one for the other, from the generated confusion table (glyph similarity over
///   four CJK fonts, confusions counted in real OCR output, published confusion
///   sets);
/// * the **context**, how much more likely the corrected text is as Chinese: the
///   gain in the log-probability of the best segmentation of a few characters
///   around the change, under the word lexicon's unigram model
///   ([`Lexicon::segment_score`]).
///
/// Numbers get repairs of their own first: `30()余期` → `300余期`,
/// `2力人` → `2万人`.
///
/// A reading wins when channel plus context beats keeping the text by the
/// threshold (natural log odds; [`CorrectBuilder::threshold`]). Precision comes
/// first: a character is only looked at when it stands outside every word of the
/// lexicon with its neighbours (a word seen fewer than five times in the lexicon's
/// corpus does not count), and a candidate only when it makes a word with one.
/// Two misread characters a few apart may each spoil the other's context
/// (`丘分乙` for 百分之): two readings that lose alone are taken together when each
/// wins by the threshold given the other.
///
/// # Example
///
/// ```
/// use zhdoc::{Correct, Document, Pass};
///
/// let mut doc = Document::new("下发了活动评估休系，我市己有九成单位参加。", "UTF-8");
/// Correct::new().run(&mut doc);
/// assert_eq!(doc.text(), "下发了活动评估体系，我市已有九成单位参加。");
/// ```
#[derive(Clone, Debug)]
pub struct Correct {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    threshold: f64,
    /// The user's confusions, read beside the built-in channel.
    extra: Channel,
    /// The user's words, laid over the lexicon.
    words: Overlay,
    /// Terms never to be changed.
    protected: Vec<String>,
    /// The gated mode's floor ([`CorrectBuilder::gate`]); none by default.
    gate: Option<f32>,
}

impl Default for Correct {
    fn default() -> Correct {
        Correct::new()
    }
}

impl Correct {
    /// The pass with the built-in channel and lexicon and the default threshold.
    pub fn new() -> Correct {
        CorrectBuilder::new().build()
    }

    /// A builder to set the threshold and add words, confusions and protected terms.
    pub fn builder() -> CorrectBuilder {
        CorrectBuilder::new()
    }

    /// The log odds a correction must win by.
    pub fn threshold(&self) -> f64 {
        self.inner.threshold
    }
}

/// Builds a [`Correct`] pass.
///
/// # Example
///
/// ```
/// use zhdoc::{Correct, Document, Pass};
///
/// // 己有 is right in this archive's dialect; never touch it.
/// let pass = Correct::builder().protect("己有").build();
/// let mut doc = Document::new("我市己有九成单位参加。", "UTF-8");
/// pass.run(&mut doc);
/// assert_eq!(doc.text(), "我市己有九成单位参加。");
/// ```
#[derive(Clone, Debug)]
pub struct CorrectBuilder {
    threshold: f64,
    words: Vec<(String, u32)>,
    confusions: Vec<(String, String, f32)>,
    protected: Vec<String>,
    gate: Option<f32>,
}

impl Default for CorrectBuilder {
    fn default() -> CorrectBuilder {
        CorrectBuilder::new()
    }
}

impl CorrectBuilder {
    /// A builder with the defaults.
    pub fn new() -> CorrectBuilder {
        CorrectBuilder {
            threshold: DEFAULT_THRESHOLD,
            words: Vec::new(),
            confusions: Vec::new(),
            protected: Vec::new(),
            gate: None,
        }
    }

    /// An experimental, faster mode (off by default): the first reading of a
    /// text weighs readings only around the characters a cheap test flags
    /// (one the character model never saw, one that makes a pair it never saw
    /// with a neighbour, or one whose pairs with both neighbours have
    /// `ln P(b | a)` below `unlikely`; `f32::NEG_INFINITY` for the pairs
    /// never seen alone), each read with the context a reading of the whole
    /// text gives it. Elsewhere nothing is read but the rules that need no
    /// words. What it costs in corrections and saves in time is in
    /// `docs/speed.md`. `None` turns it off.
    #[doc(hidden)]
    pub fn gate(&mut self, unlikely: Option<f32>) -> &mut CorrectBuilder {
        self.gate = unlikely;
        self
    }

    /// Sets the log odds a correction must win by (default 1.5: the corrected
    /// reading must be about 4.5 times likelier). Higher is more cautious.
    pub fn threshold(&mut self, threshold: f64) -> &mut CorrectBuilder {
        self.threshold = threshold;
        self
    }

    /// Adds a word to the lexicon the context is read with, at a corpus frequency
    /// (the lexicon's run from 1 to about 900,000; 1,000 is a common word).
    pub fn word(&mut self, word: impl Into<String>, freq: u32) -> &mut CorrectBuilder {
        self.words.push((word.into(), freq.max(1)));
        self
    }

    /// Adds a confusion: the engine prints `observed` where the page says
    /// `intended` (one ideograph), with probability `p` (0 to 1).
    pub fn confusion(
        &mut self,
        observed: impl Into<String>,
        intended: impl Into<String>,
        p: f32,
    ) -> &mut CorrectBuilder {
        self.confusions
            .push((observed.into(), intended.into(), p.clamp(1e-9, 1.0).ln()));
        self
    }

    /// Protects a term: text inside any occurrence of it is never changed.
    pub fn protect(&mut self, term: impl Into<String>) -> &mut CorrectBuilder {
        let term = term.into();
        if !term.is_empty() {
            self.protected.push(term);
        }
        self
    }

    /// Builds the pass.
    pub fn build(&self) -> Correct {
        let mut extra = Channel::default();
        for (o, i, lp) in &self.confusions {
            extra.add(o, i, *lp);
        }
        extra.finish();
        let mut words = Overlay::default();
        for (w, f) in &self.words {
            words.insert(w, *f);
        }
        Correct {
            inner: Arc::new(Inner {
                threshold: self.threshold,
                extra,
                words,
                protected: self.protected.clone(),
                gate: self.gate,
            }),
        }
    }
}

impl Pass for Correct {
    fn name(&self) -> &'static str {
        "correct"
    }

    fn run(&self, doc: &mut Document) {
        self.run_from(doc, None);
    }
}

impl Correct {
    /// Runs the pass over the whole text (`focus` none) or only around the given
    /// spans of it.
    pub(crate) fn run_from(&self, doc: &mut Document, focus: Option<Vec<Span>>) {
        let mut focus = focus.map(merge_spans);
        let margin = self.inner.outer_margin();
        // A piece of a larger input reads the whole around it.
        let around = doc.shared.around.clone();
        let around = around.as_deref();
        let first_rates = doc.shared.rates;
        // Where the log stood when the corrector first read the text.
        let first_read = doc.shared.corrector_read.unwrap_or(doc.edits().len());
        // A correction changes its neighbours' context (a repaired digit makes the
        // next character a digit's neighbour): run to the fixed point, each later
        // round reading words only around the corrections of the one before.
        // The places whose readings lost by a little in any round and have not
        // been read again since: a later round's corrections may write the
        // words they need (a year corrected over three rounds in one line, then
        // read the same way in another).
        let mut waiting: Vec<Missed> = Vec::new();
        for _ in 0..ROUNDS {
            let text = doc.text();
            let threads = parallel::threads(text.len());
            let share = threads > 1;
            let mut changes = Vec::new();
            // The places whose readings lost by a little: the document's words
            // they were weighed with may change with this round's corrections.
            let mut missed = Vec::new();
            match &focus {
                None => rule_changes(
                    text,
                    Span::new(0, text.len()),
                    around,
                    first_rates,
                    &mut changes,
                ),
                // The rules read a line's start and end (a speck after a run of
                // spaces, a list item's closing mark), which a change may have
                // made anew beyond the words around it: they read each line the
                // focus touches, whole.
                Some(spans) => {
                    for span in whole_lines(text, spans) {
                        rule_changes(text, span, around, first_rates, &mut changes);
                    }
                }
            }
            // A number reaching into two spans is read twice.
            keep_apart(&mut changes);
            // The gated mode's first reading: only around what its test flags.
            let gated = match (&focus, self.inner.gate) {
                (None, Some(unlikely)) => Some(self.inner.gated(text, unlikely)),
                _ => None,
            };
            // The spans to read, each group of them with the context it is read
            // in: the whole text a piece at a time (so that the scratch per
            // character stays small), or the focus, where spans whose contexts
            // overlap are read with one context.
            let pieces;
            let spans: &[Span] = match (&focus, &gated) {
                (Some(spans), _) | (None, Some(spans)) => spans,
                (None, None) => {
                    pieces = chunks(text);
                    &pieces
                }
            };
            let mut groups: Vec<(std::ops::Range<usize>, Span)> = Vec::new();
            let mut k = 0;
            while k < spans.len() {
                let mut outer = widen(text, spans[k], margin);
                let mut end = k + 1;
                while focus.is_some() || gated.is_some() {
                    let Some(&next) = spans.get(end) else { break };
                    let o = widen(text, next, margin);
                    // (The gate's groups stay pieces' size: each read the
                    // same alone, with its own context.)
                    if o.start > outer.end || gated.is_some() && outer.len() >= GATED_GROUP {
                        break;
                    }
                    outer.end = outer.end.max(o.end);
                    end += 1;
                }
                groups.push((k..end, outer));
                k = end;
            }
            // The groups in runs of about the same length, one run per thread,
            // each with the document's words counted once: the verdicts do not
            // depend on which thread reads which.
            let since = Since::of(doc.edits().get(first_read..).unwrap_or_default());
            let read = |run: &[(std::ops::Range<usize>, Span)]| {
                let mut doc_words = DocWords::around(text, around, &since);
                let mut missed = Vec::new();
                let mut out = Vec::new();
                for (within, outer) in run {
                    out.extend(self.inner.changes(
                        text,
                        &spans[within.clone()],
                        *outer,
                        &mut doc_words,
                        &mut missed,
                    ));
                }
                (out, missed)
            };
            let mut words = Vec::new();
            for (changes, m) in parallel::map(&runs(&groups, threads), share, |r| read(r)) {
                words.extend(changes);
                missed.extend(m);
            }
            // The number repairs win where the two meet (sorted by start, with the
            // furthest end so far).
            changes.sort_by_key(|c| (c.span.start, c.span.end));
            let mut reach = Vec::with_capacity(changes.len());
            for c in &changes {
                let last = reach.last().copied().unwrap_or(0);
                reach.push(last.max(c.span.end));
            }
            let clashes = |w: &Change| {
                let k = changes.partition_point(|n| n.span.start <= w.span.end);
                k > 0 && reach[k - 1] >= w.span.start
            };
            let words: Vec<Change> = words.into_iter().filter(|w| !clashes(w)).collect();
            changes.extend(words);
            let made = doc.apply(EditKind::Correct, changes);
            if made == 0 {
                break;
            }
            let text = doc.text();
            let edits = &doc.edits()[doc.edits().len() - made..];
            let mut next: Vec<Span> = edits
                .iter()
                .map(|e| Span::new(e.at, e.at + e.after.len()))
                .collect();
            // Only where an edit wrote or took away a character of the words
            // weighed there did the document's words change.
            let edited: FxHashSet<char> = edits
                .iter()
                .flat_map(|e| e.before.chars().chain(e.after.chars()))
                .collect();
            waiting.extend(missed);
            let (again, kept): (Vec<Missed>, Vec<Missed>) = waiting
                .into_iter()
                .partition(|m| m.chars.iter().any(|c| edited.contains(c)));
            let again: Vec<Span> = again.iter().map(|m| m.span).collect();
            next.extend(shifted(&again, edits));
            let spans = merge_spans(
                next.into_iter()
                    .map(|s| widen(text, s, INNER_MARGIN))
                    .collect(),
            );
            // The places the next round reads again are weighed anew there.
            let moved = shifted(&kept.iter().map(|m| m.span).collect::<Vec<_>>(), edits);
            waiting = kept
                .into_iter()
                .zip(moved)
                .map(|(m, span)| Missed { span, ..m })
                .filter(|m| {
                    let k = spans.partition_point(|s| s.end < m.span.end);
                    spans.get(k).is_none_or(|s| s.start > m.span.start)
                })
                .collect();
            focus = Some(spans);
        }
    }
}

/// How far, in bytes, the rules' reading of a focus reaches each way for the
/// ends of its lines.
const LINE_REACH: usize = 512;

/// `spans` (sorted, apart) each widened to the lines it touches, at most
/// [`LINE_REACH`] bytes each way, merged.
fn whole_lines(text: &str, spans: &[Span]) -> Vec<Span> {
    let bytes = text.as_bytes();
    merge_spans(
        spans
            .iter()
            .map(|s| {
                let floor = s.start.saturating_sub(LINE_REACH);
                let start =
                    memchr::memrchr(b'\n', &bytes[floor..s.start]).map_or(floor, |k| floor + k + 1);
                let ceil = (s.end + LINE_REACH).min(text.len());
                let end = memchr::memchr(b'\n', &bytes[s.end..ceil]).map_or(ceil, |k| s.end + k);
                Span::new(floor_boundary(text, start), ceil_boundary(text, end))
            })
            .collect(),
    )
}

/// Adds to `out` the repairs of the rules that need no reading of the words
/// (numbers, the zeros of years, magnitudes between digits, dashes, specks after
/// marks) that start inside `span`; of a piece of a larger input, with the
/// whole `around` it. `first_rates` are the text's rates as the corrector
/// first read it (counted on `text` when not known).
fn rule_changes(
    text: &str,
    span: Span,
    around: Option<&Around>,
    first_rates: Option<[usize; 3]>,
    out: &mut Vec<Change>,
) {
    let zeros = around.map_or([0, 0], |a| a.zeros);
    let own = first_rates.unwrap_or_else(|| numbers::rates(text));
    let rates = around.map_or(own, |a| add_counts(own, a.rates));
    numbers::rate_rings(text, span, rates, out);
    numbers::changes_in(text, span, Channel::builtin(), out);
    numbers::year_zeros(text, span, zeros, out);
    numbers::dropped_year_zeros(text, span, zeros, out);
    numbers::numeral_gaps(text, span, Channel::builtin(), out);
    dashes::changes_in(text, span, around.and_then(Around::char_before), out);
    mark_changes(text, span, out);
}

/// Adds to `out` the mark rules' repairs (`marks`, `punct`, `quotes`) that
/// start inside `span`: what the cleaner reads the whole text with once more
/// after the passes that follow the corrector (see `Cleaner::run_piece`).
pub(crate) fn mark_changes(text: &str, span: Span, out: &mut Vec<Change>) {
    marks::changes_in(text, span, out);
    punct::changes_in(text, span, out);
    quotes::changes_in(text, span, out);
}

/// Sorts the rules' repairs and keeps those that do not meet: of two that
/// meet (or one read twice), the first by start.
pub(crate) fn keep_apart(changes: &mut Vec<Change>) {
    changes.sort_by_key(|c| (c.span.start, c.span.end));
    changes.dedup_by_key(|c| (c.span.start, c.span.end));
    let mut reached = 0;
    changes.retain(|c| {
        let apart = c.span.start >= reached;
        if apart {
            reached = c.span.end;
        }
        apart
    });
}

/// A proposed correction: one reading, or two near each other that only win
/// together.
#[derive(Debug)]
struct Proposal {
    span: Span,
    intended: char,
    margin: f64,
    /// The second reading of a pair.
    second: Option<(Span, char)>,
}

impl Proposal {
    /// From the start of the first reading to the end of the last.
    fn extent(&self) -> Span {
        Span::new(
            self.span.start,
            self.second.map_or(self.span.end, |(s, _)| s.end),
        )
    }
}

/// A place whose best reading lost, with the characters of the words whose
/// counts in the document it was weighed with.
struct Missed {
    span: Span,
    chars: Vec<char>,
}

/// A reading that lost, but not by much: with a neighbour's it may win.
#[derive(Clone, Copy, Debug)]
struct NearMiss {
    /// The observed characters, as indices into the window's characters.
    at: usize,
    len: usize,
    span: Span,
    intended: char,
    /// Channel log-probability, with any penalty.
    log_p: f64,
    margin: f64,
}

/// How far below the threshold a reading may lose and still be tried with a
/// neighbour's (natural log odds).
const NEAR_MISS: f64 = 4.0;

/// The most characters between the two readings of a pair.
const PAIR_GAP: usize = 2;

/// Whether `c` is a word that follows a number: a magnitude, a measure word, a
/// unit of time, money or measure, an approximation (`1万`, `7月`, `3个`, `5余`).
fn follows_number(c: char) -> bool {
    "十百千万亿兆个只条件项次人名位户家所座台辆套批种类门部篇份期届年月日号时分秒天周岁元角块吨斤亩米里倍成折余多来左上下以第点".contains(c)
}

/// A window's characters under the language model: each character's
/// log-probability as it stands, all computed when the model is first asked
/// for. The model itself is loaded when first needed, so that text the
/// corrector finds nothing to read in never loads it.
struct LmWindow<'a> {
    chars: &'a [char],
    lm: Option<&'static CharLm>,
    ids: Vec<lm::Id>,
    terms: Vec<f32>,
    /// The model's index of the pair ending at each character (`NO_PAIR`
    /// where the model has none).
    pairs: Vec<u32>,
}

const NO_PAIR: u32 = u32::MAX - 1;

/// How many characters ahead a window's look-ups are asked for.
const AHEAD: usize = 12;

impl<'a> LmWindow<'a> {
    fn new(chars: &'a [char]) -> LmWindow<'a> {
        LmWindow {
            chars,
            lm: None,
            ids: Vec::new(),
            terms: Vec::new(),
            pairs: Vec::new(),
        }
    }

    /// The model, loaded (and the window's characters read by it) on first use.
    ///
    /// Every pair and every character's log-probability are looked up at once,
    /// in two plain loops: the look-ups are independent of each other, so the
    /// processor overlaps their memory reads (looked up one at a time where the
    /// corrector asks, each waited for in turn, they were a quarter of its time).
    fn model(&mut self) -> &'static CharLm {
        match self.lm {
            Some(lm) => lm,
            None => {
                let lm = CharLm::global();
                self.ids = self.chars.iter().map(|&c| lm.id(c)).collect();
                let ids = &self.ids;
                let n = ids.len();
                // The look-ups are known ahead: each slot is asked for a few
                // steps before it is read, so that the reads overlap.
                for k in 1..n.min(AHEAD) {
                    lm.prefetch_pair(ids[k - 1], ids[k]);
                }
                self.pairs = (0..n)
                    .map(|k| {
                        if k + AHEAD < n {
                            lm.prefetch_pair(ids[k + AHEAD - 1], ids[k + AHEAD]);
                        }
                        k.checked_sub(1)
                            .and_then(|j| lm.pair_index(ids[j], ids[k]))
                            .map_or(NO_PAIR, |p| p as u32)
                    })
                    .collect();
                let pair = |k: usize| (self.pairs[k] != NO_PAIR).then_some(self.pairs[k] as usize);
                for k in 0..n.min(AHEAD) {
                    if let Some(p) = pair(k) {
                        lm.prefetch_triples(p);
                    }
                }
                self.terms = (0..n)
                    .map(|k| {
                        if let Some(p) = pair((k + AHEAD).min(n - 1)) {
                            lm.prefetch_triples(p);
                        }
                        let ab = k.checked_sub(1).and_then(pair);
                        let b = k.checked_sub(1).map_or(0, |j| ids[j]);
                        lm.ln_p_at(ab, || pair(k), b, ids[k])
                    })
                    .collect();
                self.lm = Some(lm);
                lm
            }
        }
    }

    /// Asks for the pairs that reading the `len` characters at `i` as each of
    /// `ids` makes with its neighbours, ahead of [`with_above`](Self::with_above).
    ///
    /// Then the triples of each pair the reading makes with the character
    /// before (where the reading's next term is looked up) are asked for too:
    /// the pairs' slots, just asked for, are read in one loop of independent
    /// look-ups, whose waits overlap.
    fn prefetch_readings(
        &mut self,
        i: usize,
        len: usize,
        ids: impl Iterator<Item = lm::Id> + Clone,
    ) {
        let lm = self.model();
        let [_, b] = self.before(i);
        let c = self.ids.get(i + len).copied();
        for id in ids.clone() {
            lm.prefetch_pair(b, id);
            if let Some(c) = c {
                lm.prefetch_pair(id, c);
            }
        }
        if c.is_some() {
            for id in ids {
                if let Some(k) = lm.pair_index(b, id) {
                    lm.prefetch_triples(k);
                }
            }
        }
    }

    /// The index of the pair of characters `k - 1` and `k`.
    fn pair_at(&mut self, k: usize) -> Option<usize> {
        self.model();
        (self.pairs[k] != NO_PAIR).then_some(self.pairs[k] as usize)
    }

    /// The two ids before `i` (0 before the window).
    fn before(&mut self, i: usize) -> [lm::Id; 2] {
        self.model();
        [
            i.checked_sub(2).map_or(0, |k| self.ids[k]),
            i.checked_sub(1).map_or(0, |k| self.ids[k]),
        ]
    }

    /// `ln P` of the characters from `i` to two past `i + len` as they stand.
    fn as_is(&mut self, i: usize, len: usize) -> f64 {
        self.model();
        let end = (i + len + 2).min(self.ids.len());
        self.terms[i..end].iter().map(|&t| f64::from(t)).sum()
    }

    /// The same with the `len` characters at `i` read as the one of id `id`:
    /// the pairs of the text around are the window's, looked up once; only the
    /// two pairs the reading makes are new.
    fn with(&mut self, i: usize, len: usize, id: lm::Id) -> f64 {
        self.with_above(i, len, id, f64::NEG_INFINITY)
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// [`with`](Self::with), or `None` as soon as it is known to be below
    /// `floor`: each of its three terms is a log-probability, at most 0, so
    /// the sum of the first ones bounds the whole from above, and the pairs
    /// and triples of the rest (cache misses in the model's tables) are not
    /// looked up.
    fn with_above(&mut self, i: usize, len: usize, id: lm::Id, floor: f64) -> Option<f64> {
        let lm = self.model();
        let [_, b] = self.before(i);
        // The pair of the two characters before.
        let ab = if i >= 2 { self.pair_at(i - 1) } else { None };
        let bx = lm.pair_index(b, id);
        let mut sum = lm.ln_p_at(ab, || bx, b, id);
        let j = i + len;
        if let Some(&c) = self.ids.get(j) {
            if f64::from(sum) < floor {
                return None;
            }
            let xc = lm.pair_index(id, c);
            // Each term's bound, before the search among the triples it
            // reads (a sum below `floor` with the bound is below it without).
            if f64::from(sum + lm.ln_p_bound(bx, xc, id, c)) < floor {
                return None;
            }
            sum += lm.ln_p_at(bx, || xc, id, c);
            if let Some(&d) = self.ids.get(j + 1) {
                if f64::from(sum) < floor {
                    return None;
                }
                let cd = self.pair_at(j + 1);
                if f64::from(sum + lm.ln_p_bound(xc, cd, c, d)) < floor {
                    return None;
                }
                sum += lm.ln_p_at(xc, || cd, c, d);
            }
        }
        let sum = f64::from(sum);
        (sum >= floor).then_some(sum)
    }
}

/// How many of the built-in table's readings of a place, the likeliest, are
/// weighed though they make no two-character word with a neighbour
/// (`可以赁本人` → 凭: neither 以凭 nor 凭本 is a word); the others must make
/// one. The likeliest two hold most of what all of them mend, for a fraction of
/// the model's look-ups (docs/corrector.md, "Table readings that make no word").
const WORDLESS_READINGS: usize = 2;

/// How unlikely (in nats, over the character and the two after it) the model
/// must find a character inside a lexicon word for it to be read again: the
/// words of the lexicon are no proof (国定 is one), but only a place the model
/// finds very unlikely is worth the risk to right text.
const INSIDE_SUSPECT: f64 = 24.0;

/// How unlikely a character inside a lexicon word must be for the readings the
/// channel finds likely (at least [`INSIDE_LIKELY_LOG_P`]) to be read there
/// (`以上士地`: 士 is inside 上士, and 士 for 土 is one of the commonest
/// confusions). Measured (2026-12-07, `ev.py`; clean_cer and pages made worse
/// on the gold texts are the guard): at −16 the factory's gold texts got
/// worse (clean_cer 0.00008 → 0.00011, pages worse 6 → 9); at −20 no dev or
/// factory gold text changes once a numeral's characters are left alone
/// (`二千六百` was read 三千, a number the model cannot know); dev 0.353 →
/// 0.350, factory readable 0.720 → 0.719, fixtures/heldout all 0.832 →
/// 0.831, readable 0.654 → 0.628 (read after the choice between −4.5 and −6
/// nats, which dev and the factory did not separate).
const INSIDE_LIKELY_SUSPECT: f64 = 20.0;

/// `ln P(observed | intended)` of a reading likely enough to be read inside a
/// word where the text is less unlikely than [`INSIDE_SUSPECT`]: one in 400.
const INSIDE_LIKELY_LOG_P: f32 = -6.0;

/// The weight of the character language model's gain beside the lexicon's
/// (chosen on the dev corpus and the factory pages, not on fixtures/heldout).
const LM_WEIGHT: f64 = 0.4;

/// `ln P(observed | intended)` of a reading the context proposes that the
/// confusion table has no row for: the open channel's floor. Strict, so that
/// only a place the model finds very unlikely as it stands is read so.
const OPEN_LOG_P: f32 = -17.0;

/// The open floor for a reading whose shape the observed character shares: a
/// component and two four-corner digits (`Close`), or one of them (`Some`). On
/// the factory's pages a quarter of the substitutions outside the table are
/// `Close` pairs, which one pair of common characters in forty is; the rates
/// put these at about −12, −13 and −14.5 nats, and each is taken a little
/// stricter but the first (see `docs/corrector.md`).
const OPEN_CLOSE_LOG_P: f32 = -12.0;
const OPEN_SOME_LOG_P: f32 = -14.0;

/// The language model's likeliest characters after a place's two left
/// neighbours that are tried as its readings.
const OPEN_READINGS: usize = 8;

/// The characters likeliest before a place's right neighbour that are tried
/// as its readings too, where the left context may be misread: on the
/// factory's readable pages 1 gave 0.823 of the errors, 2 gave 0.821, 4 to
/// 16 gave 0.819–0.820, each more costing model look-ups.
const OPEN_PRECEDERS: usize = 2;

/// How far below the threshold a reading the context proposes may be for the
/// word-pair model to weigh it.
const WORD_REACH: f64 = 8.0;

/// The weight of the word-pair model's gain, for the readings the context
/// proposes only: on the corpus factory's readable pages 0.3 took the errors
/// from 0.821 to 0.815 of OCR's, the dev corpus unchanged; on the readings of
/// the confusion table too, or at 0.6, right text of the dev corpus was
/// misread (`窑外` → 窗外, `二是` → 于是, `收贷` → 收债), and at 0.15 also.
const WORD_WEIGHT: f64 = 0.3;

/// The least gain in the language model's log-probability for which a reading
/// the context proposes is weighed at all: with the open floor and the weight,
/// a smaller gain would need more from the lexicon than a word gives.
const OPEN_MIN_GAIN: f64 = 16.0;

/// How unlikely (in nats, over the place and the two characters after it) the
/// model must find the text as it stands for the built-in confusion table's
/// readings of a place to be weighed: where it finds the text likelier, a
/// reading gains too little from the model to win, and the places this test
/// rejects are spared the lexicon's lattice and the model's look-ups of each
/// reading. Measured (2026-12-07, `docs/speed.md`): at 16, the dev corpus
/// 0.3359 → 0.3361 of OCR's errors and its clean text 0.00010 → 0.00007, the
/// factory's readable pages 0.7827 → 0.7817 and 7 pages made worse, not 10; at
/// 18 and 20 the dev corpus loses (0.3369, 0.3402).
const TABLE_SUSPECT: f64 = 16.0;

/// The same for the readings the context proposes (which also need the
/// `OPEN_MIN_GAIN` the text lacks): at 20, not 16, the dev corpus unchanged
/// and the factory's readable pages 0.7817 → 0.7822.
const OPEN_SUSPECT: f64 = 20.0;
const _: () = assert!(OPEN_SUSPECT >= OPEN_MIN_GAIN);

/// The most readings the context proposes that are weighed at a place, those
/// the model carries furthest.
const OPEN_TRIED: usize = 3;

/// `ln P` of a stray mark printed after a glyph. The context gains a mark's
/// whole log-probability when the mark goes (it counts as a word of its own), so
/// that is taken back, and a little more: most marks are meant.
const STRAY_LOG_P: f64 = -9.21 - 2.0;

/// Whether `c` is a mark OCR prints beside a glyph from a speck or a stroke of it.
#[inline]
fn is_stray_mark(c: char) -> bool {
    matches!(c, '•' | '·' | '-')
}

/// Whether `c` can stand inside the context window: ideographs, and the letters,
/// digits and marks OCR prints for them.
#[inline]
fn in_window(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '•' | '·' | '-' | '|' | '(' | ')')
}

/// The bytes of context past which the gated mode's groups of places are
/// not joined (a piece's size).
const GATED_GROUP: usize = 8 << 10;

impl Inner {
    fn overlay(&self) -> Option<&Overlay> {
        (!self.words.is_empty()).then_some(&self.words)
    }

    /// The spans the gated mode reads (sorted, apart): two characters each
    /// side of each character its test flags, and of each the user's
    /// confusions hold.
    fn gated(&self, text: &str, unlikely: f32) -> Vec<Span> {
        let mut at = CharLm::global().suspects(text, unlikely, in_window);
        if self.extra.max_observed() > 0 {
            at.extend(
                text.char_indices()
                    .filter(|&(_, c)| {
                        self.extra.starts_longer(c) || !self.extra.of_char(c).is_empty()
                    })
                    .map(|(b, _)| b),
            );
        }
        merge_spans(
            at.into_iter()
                .map(|b| {
                    let len = text[b..].chars().next().map_or(0, char::len_utf8);
                    widen(text, Span::new(b, b + len), 2)
                })
                .collect(),
        )
    }

    /// The characters of context to read on each side of a span so that every
    /// verdict inside it is the one a reading of the whole text gives: a verdict
    /// reads the place, its context and whether characters are inside words, and
    /// whether a character that is not an ideograph is inside one depends on the
    /// words that cover the ideographs around it.
    fn outer_margin(&self) -> usize {
        let max_obs = Channel::builtin()
            .max_observed()
            .max(self.extra.max_observed());
        2 * (COVER_REACH + 1) + max_obs.max(CONTEXT)
    }

    /// The corrections of the characters that start inside each of `inners`
    /// (sorted, apart), read with the context of `outer` (which holds them), the
    /// best of each inner span's chosen apart.
    fn changes(
        &self,
        text: &str,
        inners: &[Span],
        outer: Span,
        doc_words: &mut DocWords<'_>,
        missed: &mut Vec<Missed>,
    ) -> Vec<Change> {
        let sub = &text[outer.range()];
        let mut offsets: Vec<usize> = Vec::with_capacity(sub.len() / 2);
        let mut plain: Vec<char> = Vec::with_capacity(sub.len() / 2);
        for (b, c) in sub.char_indices() {
            offsets.push(outer.start + b);
            plain.push(c);
        }
        let n = plain.len();
        let at = |i: usize| offsets.get(i).copied().unwrap_or(outer.end);
        let lex = Lexicon::global();
        let overlay = self.overlay();
        let lattice = Lattice::new(lex, &plain, overlay);
        let covered = lattice.covered();
        let mut protected = self.protected_spans(text, outer);
        // Numerals are read as they stand (肆仟元整, 3万-8万元): never corrected.
        protected.extend(protect::numeral_spans(text, outer));
        let builtin = Channel::builtin();
        let pairs_model = words::WordPairs::global();
        let pair_words = lex.pair_words();
        let max_obs = builtin.max_observed().max(self.extra.max_observed());
        let mut window_words = WindowWords::new();
        let mut window = LmWindow::new(&plain);
        let mut followers = Vec::new();
        let mut proposed: Vec<(lm::Id, char, u32)> = Vec::new();
        let mut open: Vec<(f64, Candidate)> = Vec::new();
        let mut out = Vec::new();
        for inner in inners {
            // The characters that start inside `inner`.
            let first = offsets.partition_point(|&b| b < inner.start);
            let last = offsets.partition_point(|&b| b < inner.end);
            let mut proposals: Vec<Proposal> = Vec::new();
            let mut near: Vec<NearMiss> = Vec::new();
            for i in first..last {
                // Inside a word of the text: right as it stands.
                if !in_window(plain[i]) {
                    continue;
                }
                // A conjunction between two numbers: as it stands.
                if protect::between_numbers(&plain, i) {
                    continue;
                }
                // Inside a word, only a character the model finds very unlikely
                // there is read again (国定资产 for 固定资产), and alone.
                let inside = covered[i];
                // Less unlikely than that, only a reading the channel finds
                // likely (`以上士地` → 土地, the 士 inside 上士), and never a
                // numeral's character (`二千六百` read 三千 as the model likes it).
                let mut inside_likely_only = false;
                if inside {
                    if !is_han(plain[i]) {
                        continue;
                    }
                    let as_is = window.as_is(i, 1);
                    if as_is > -INSIDE_SUSPECT {
                        if as_is > -INSIDE_LIKELY_SUSPECT || protect::in_chinese_numeral(plain[i]) {
                            continue;
                        }
                        inside_likely_only = true;
                    }
                }
                for len in 1..max_obs.min(n - i) + 1 {
                    if inside && len > 1 {
                        break;
                    }
                    let obs = &plain[i..i + len];
                    // A hyphen beside `一` between ideographs (`进-一步`, `过去一-年`):
                    // the engine printed the one stroke twice. The `一` may stand as
                    // it is, the hyphen an insertion, though a word holds the `一`.
                    // (Beside another glyph a hyphen is mostly meant: `中国-东盟`;
                    // at a line's start `-一` is as often a dash: `——经济`.)
                    let stray_before =
                        len == 2 && obs == ['-', '一'] && i > 0 && is_han(plain[i - 1]);
                    let stray_after = len == 2
                        && obs == ['一', '-']
                        && plain.get(i + 2).copied().is_some_and(is_han);
                    let twice = stray_before || stray_after;
                    if (!inside && covered[i + len - 1] && !twice) || !in_window(obs[len - 1]) {
                        break;
                    }
                    // A glyph with a stray mark after it (`貝•体`, where the page said
                    // 具体) is read as the glyph alone, the mark an insertion.
                    let stray = len == 2 && is_stray_mark(obs[1]);
                    if len == 2
                        && !stray
                        && !twice
                        && !builtin.starts_longer(obs[0])
                        && !self.extra.starts_longer(obs[0])
                    {
                        break;
                    }
                    // Digits are numbers, but for a lone digit between ideographs that
                    // no number word follows (`1作` may be `工作`; `1万`, `7月` are numbers).
                    if obs.iter().any(char::is_ascii_digit) {
                        let lone = len == 1
                            && i > 0
                            && is_han(plain[i - 1])
                            && plain
                                .get(i + 1)
                                .is_some_and(|&c| is_han(c) && !follows_number(c));
                        if !lone {
                            break;
                        }
                    }
                    let span = Span::new(at(i), at(i + len));
                    let as_it_stands: [Candidate; 1];
                    let (own, extra, penalty) = if len == 1 {
                        (builtin.of_char(obs[0]), self.extra.of_char(obs[0]), 0.0)
                    } else {
                        let observed = &text[span.range()];
                        let (own, extra) = (
                            builtin.candidates(observed),
                            self.extra.candidates(observed),
                        );
                        if own.is_empty() && extra.is_empty() && twice {
                            as_it_stands = [Candidate {
                                intended: '一',
                                log_p: 0.0,
                                code: lex.code('一'),
                            }];
                            (&as_it_stands[..], &[][..], STRAY_LOG_P)
                        } else if own.is_empty() && extra.is_empty() && stray {
                            let (own, extra) =
                                (builtin.of_char(obs[0]), self.extra.of_char(obs[0]));
                            (own, extra, STRAY_LOG_P)
                        } else {
                            (own, extra, 0.0)
                        }
                    };
                    // A place with no row to read and none the context could propose
                    // is passed over before the model is read.
                    let could_open = len == 1 && is_han(obs[0]) && i >= 1;
                    if own.is_empty() && extra.is_empty() && !could_open {
                        continue;
                    }
                    let as_is = window.as_is(i, len);
                    // The built-in table's readings only where the text is
                    // unlikely as it stands (the user's are always weighed).
                    let own = if -as_is >= TABLE_SUSPECT {
                        own
                    } else {
                        &[][..]
                    };
                    let may_open = could_open && -as_is >= OPEN_SUSPECT && !inside_likely_only;
                    if own.is_empty() && extra.is_empty() && !may_open {
                        continue;
                    }
                    if protected
                        .iter()
                        .any(|p| p.start < span.end && span.start < p.end)
                    {
                        continue;
                    }
                    // ASCII inside a run of ASCII is a word, not a glyph.
                    let ascii = |k: usize| plain.get(k).is_some_and(char::is_ascii_alphanumeric);
                    if obs.iter().all(char::is_ascii_alphanumeric)
                        && (i > 0 && ascii(i - 1) || ascii(i + len))
                    {
                        continue;
                    }
                    let prev = i.checked_sub(1).map(|k| plain[k]).filter(|&c| is_han(c));
                    let next = plain.get(i + len).copied().filter(|&c| is_han(c));
                    if prev.is_none() && next.is_none() {
                        continue;
                    }
                    // A character the lexicon hardly knows alone (`対`, `屮`) may be
                    // read as a common one without a word to make.
                    let rare = len == 1
                        && lex
                            .child_code(ROOT, lattice.code(i))
                            .map(|nd| lex.node_freq(nd))
                            .is_none_or(|f| f == 0 || f < RARE);
                    // The characters that make a two-character word with the
                    // neighbours: every reading is asked of these two lists.
                    let after_prev =
                        prev.map_or(Codes::default(), |_| pair_words.after(lattice.code(i - 1)));
                    let before_next = next.map_or(Codes::default(), |_| {
                        pair_words.before(lattice.code(i + len))
                    });
                    let joins = |ch: char, code: u32| {
                        after_prev.contains(code)
                            || before_next.contains(code)
                            || overlay.is_some_and(|x| {
                                prev.is_some_and(|p| x.freq(&[p, ch]).is_some())
                                    || next.is_some_and(|q| x.freq(&[ch, q]).is_some())
                            })
                    };
                    // Readings the context proposes: the characters the language
                    // model expects after the two before (any shape; the channel
                    // gives them its open floor).
                    open.clear();
                    // The text as it stands, under the language model: a reading
                    // gains at most its negative (every log-probability is at most 0).
                    if may_open {
                        let [a, b] = window.before(i);
                        let lm = window.model();
                        let floor = (as_is + OPEN_MIN_GAIN) as f32;
                        lm.followers(a, b, floor, OPEN_READINGS, &mut followers);
                        // Likeliest first: the rest gain less still.
                        let left = followers
                            .iter()
                            .take_while(|f| f64::from(f.1) - as_is >= OPEN_MIN_GAIN)
                            .map(|f| f.0);
                        // And the characters likeliest before the next one (the left
                        // context may be misread too).
                        let right = next
                            .map(|q| lm.preceders(lm.id(q), OPEN_PRECEDERS))
                            .unwrap_or(&[]);
                        // The readings that pass the tests without the model
                        // first, so that the model's look-ups of all of them
                        // are asked for together (a repeated id passes or
                        // fails as it did the first time).
                        proposed.clear();
                        for id in left.chain(right.iter().copied()) {
                            if proposed.iter().any(|p| p.0 == id) {
                                continue;
                            }
                            let Some(ch) = lm.char_of(id) else { continue };
                            if !is_han(ch)
                                || ch == obs[0]
                                || own.iter().chain(extra).any(|c| c.intended == ch)
                            {
                                continue;
                            }
                            // It must make a two-character word with a neighbour.
                            let code = lex.code(ch);
                            if !joins(ch, code) {
                                continue;
                            }
                            proposed.push((id, ch, code));
                        }
                        window.prefetch_readings(i, len, proposed.iter().map(|p| p.0));
                        for &(id, ch, code) in &proposed {
                            // Only a reading the model itself carries far is weighed
                            // with the lexicon (the costly part).
                            let Some(with) = window.with_above(i, len, id, as_is + OPEN_MIN_GAIN)
                            else {
                                continue;
                            };
                            let gain = with - as_is;
                            if gain < OPEN_MIN_GAIN {
                                continue;
                            }
                            open.push((
                                gain,
                                Candidate {
                                    intended: ch,
                                    log_p: match shape::likeness(obs[0], ch) {
                                        shape::Likeness::Close => OPEN_CLOSE_LOG_P,
                                        shape::Likeness::Some => OPEN_SOME_LOG_P,
                                        shape::Likeness::Unlike => OPEN_LOG_P,
                                    },
                                    code,
                                },
                            ));
                        }
                        open.sort_by(|a, b| b.0.total_cmp(&a.0));
                        open.truncate(OPEN_TRIED);
                    }
                    if own.is_empty() && extra.is_empty() && open.is_empty() {
                        continue;
                    }
                    let mut through: Option<(Through, f64)> = None;
                    let mut place: Option<words::Place> = None;
                    let mut miss: Option<NearMiss> = None;
                    let mut best: Option<Proposal> = None;
                    let own_len = own.len() + extra.len();
                    for (k, cand) in own
                        .iter()
                        .chain(extra)
                        .chain(open.iter().map(|o| &o.1))
                        .enumerate()
                    {
                        let ch = cand.intended;
                        let opened = k >= own_len;
                        if inside_likely_only
                            && (k >= own.len()
                                || cand.log_p < INSIDE_LIKELY_LOG_P
                                || protect::in_chinese_numeral(ch))
                        {
                            continue;
                        }
                        // The candidate must make a two-character word with a
                        // neighbour (a reading the context proposed was tested for
                        // that), but for the table's likeliest readings.
                        let likeliest = k < own.len().min(WORDLESS_READINGS);
                        if !opened && !rare && !likeliest && !joins(ch, cand.code) {
                            continue;
                        }
                        let (through, base) = through.get_or_insert_with(|| {
                            Through::new(
                                lex,
                                &lattice,
                                &plain,
                                context(&plain, i..i + len),
                                i..i + len,
                                overlay,
                                &mut window_words,
                            )
                        });
                        let log_p = f64::from(cand.log_p) + penalty;
                        let lex_gain = through.score(ch) - *base;
                        // The model gains at most what the text as it stands
                        // lacks: a reading that cannot come near the threshold
                        // even so is not read by it.
                        if lex_gain + log_p - LM_WEIGHT * as_is <= self.threshold - NEAR_MISS {
                            continue;
                        }
                        let id = window.model().id(ch);
                        let lm_gain = window.with(i, len, id) - as_is;
                        let mut margin = lex_gain + log_p + LM_WEIGHT * lm_gain;
                        // The words around weigh a reading the context proposes
                        // that comes near: the table's readings have their shape
                        // for evidence, these only the context.
                        if opened && margin > self.threshold - WORD_REACH {
                            let place =
                                place.get_or_insert_with(|| words::Place::new(&plain, i, len));
                            margin +=
                                WORD_WEIGHT * place.gain(pairs_model, lex, &plain, i, len, ch);
                        }
                        if margin > self.threshold
                            && best.as_ref().is_none_or(|b| margin > b.margin)
                        {
                            best = Some(Proposal {
                                span,
                                intended: ch,
                                margin,
                                second: None,
                            });
                        }
                        if margin > self.threshold - NEAR_MISS
                            && miss.as_ref().is_none_or(|m| margin > m.margin)
                        {
                            miss = Some(NearMiss {
                                at: i,
                                len,
                                span,
                                intended: ch,
                                log_p,
                                margin,
                            });
                        }
                    }
                    // A place whose reading wins alone is no pair's.
                    match best {
                        Some(b) => proposals.push(b),
                        None => {
                            // The document's own words may lift a reading that lost
                            // by a little.
                            let lifted = miss.as_ref().and_then(|m| {
                                let window = context(&plain, i..i + len);
                                let lo = window.start;
                                // The words around the place itself, wherever the
                                // piece it is read in starts.
                                doc_words.focus(span);
                                let gain = doc_words.gain(
                                    lex,
                                    &plain[window],
                                    i - lo..i - lo + len,
                                    m.intended,
                                    self.threshold - m.margin,
                                    overlay,
                                )?;
                                Some(Proposal {
                                    span,
                                    intended: m.intended,
                                    margin: m.margin + gain,
                                    second: None,
                                })
                            });
                            match lifted {
                                Some(p) => proposals.push(p),
                                None => {
                                    if let Some(m) = &miss {
                                        missed.push(Missed {
                                            span: m.span,
                                            chars: doc_words.weighed().to_vec(),
                                        });
                                    }
                                    near.extend(miss);
                                }
                            }
                        }
                    }
                }
            }
            self.pairs(&plain, &near, &mut proposals);
            out.extend(choose(proposals));
        }
        out
    }

    /// Pairs of near misses a few characters apart that win together: OCR errs in
    /// clusters, and two misread characters each spoil the context the other's
    /// reading would make a word with (`近出下要` for 迈出重要). Each reading of a
    /// pair must win by the threshold given the other.
    fn pairs(&self, plain: &[char], near: &[NearMiss], proposals: &mut Vec<Proposal>) {
        let lex = Lexicon::global();
        let overlay = self.overlay();
        let mut window: Vec<char> = Vec::new();
        for (k, a) in near.iter().enumerate() {
            let a_end = a.at + a.len;
            for b in &near[k + 1..] {
                if b.at < a_end {
                    continue;
                }
                if b.at > a_end + PAIR_GAP {
                    break;
                }
                let b_end = b.at + b.len;
                let std::ops::Range { start: lo, end: hi } = context(plain, a.at..b_end);
                if plain[a_end..b.at].iter().any(|&c| !in_window(c)) {
                    continue;
                }
                window.clear();
                window.extend_from_slice(&plain[lo..a.at]);
                window.push(a.intended);
                window.extend_from_slice(&plain[a_end..b.at]);
                window.push(b.intended);
                let reach = window.len();
                window.extend_from_slice(&plain[b_end..hi]);
                // Under a unigram model of words the two gains only add up to more
                // than their sum through a word that holds both readings.
                if !lex.has_word_across(&window, a.at - lo, reach, overlay) {
                    continue;
                }
                let base = lex.segment_score_chars(&plain[lo..hi], overlay);
                let margin = lex.segment_score_chars(&window, overlay) - base + a.log_p + b.log_p;
                if margin - a.margin.max(b.margin) > self.threshold {
                    proposals.push(Proposal {
                        span: a.span,
                        intended: a.intended,
                        margin,
                        second: Some((b.span, b.intended)),
                    });
                }
            }
        }
    }

    /// The spans of `text` inside a protected term.
    fn protected_spans(&self, text: &str, within: Span) -> Vec<Span> {
        let mut out = Vec::new();
        if self.protected.is_empty() {
            return out;
        }
        // A term may reach a little beyond the region.
        let region = widen(text, within, 16);
        for term in &self.protected {
            out.extend(
                text[region.range()]
                    .match_indices(term.as_str())
                    .map(|(i, m)| Span::new(region.start + i, region.start + i + m.len())),
            );
        }
        out
    }
}

/// `spans` (sorted) of the text before one step's `edits`, where they stand in
/// the text after it (a span reaching into an edit, from its start).
fn shifted(spans: &[Span], edits: &[Edit]) -> Vec<Span> {
    // Each edit's span before its step, where it starts after it, and how far it
    // moved what follows.
    let mut moves = Vec::with_capacity(edits.len());
    let mut delta = 0isize;
    for e in edits {
        let start = e.at.wrapping_add_signed(-delta);
        delta += e.after.len() as isize - e.before.len() as isize;
        moves.push((start, start + e.before.len(), e.at, delta));
    }
    let at = |p: usize| {
        let k = moves.partition_point(|&(start, ..)| start <= p);
        match k.checked_sub(1).map(|k| moves[k]) {
            None => p,
            Some((_, end, at, _)) if p < end => at,
            Some((.., delta)) => p.wrapping_add_signed(delta),
        }
    };
    spans
        .iter()
        .map(|s| {
            let start = at(s.start);
            Span::new(start, at(s.end).max(start))
        })
        .collect()
}

/// The context of the characters `place` of `plain`: up to `CONTEXT` characters
/// each side, within the run of characters that may stand in a word.
fn context(plain: &[char], place: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut lo = place.start;
    while lo > place.start.saturating_sub(CONTEXT) && in_window(plain[lo - 1]) {
        lo -= 1;
    }
    let mut hi = place.end;
    while hi < (place.end + CONTEXT).min(plain.len()) && in_window(plain[hi]) {
        hi += 1;
    }
    lo..hi
}

/// Spans of `text`, as many as the threads at least (while each is 2 KB or
/// more) and of about `CHUNK` bytes at most, cut after a line break where one is
/// near, else after another character that no reading holds (a punctuation
/// mark): no reading, pair of readings or choice between readings reaches
/// across such a cut, so the pieces' verdicts are those of the whole text.
fn chunks(text: &str) -> Vec<Span> {
    const CHUNK: usize = 8 << 10;
    const LONGEST: usize = 64 << 10;
    let pieces = text
        .len()
        .div_ceil(CHUNK)
        .max(parallel::threads(text.len()).min(text.len() / (2 << 10)))
        .max(1);
    let size = text.len().div_ceil(pieces);
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = ceil_boundary(text, (start + size).min(text.len()));
        let limit = ceil_boundary(text, (start + LONGEST).min(text.len()).max(end));
        let rest = &text[end..limit];
        let near = &rest.as_bytes()[..(size / 4).min(rest.len())];
        end += match memchr::memchr(b'\n', near) {
            Some(k) => k + 1,
            None => rest
                .char_indices()
                .find(|&(_, c)| !in_window(c))
                .map_or(rest.len(), |(k, c)| k + c.len_utf8()),
        };
        out.push(Span::new(start, end));
        start = end;
    }
    out
}

/// `groups` (each with the span it is read in) cut into at most `n` runs of
/// about the same length to read.
fn runs<G>(groups: &[(G, Span)], n: usize) -> Vec<&[(G, Span)]> {
    // A run shorter than this is not worth handing to another thread.
    const LEAST: usize = 2 << 10;
    let total: usize = groups.iter().map(|(_, s)| s.len()).sum();
    let share = total.div_ceil(n.max(1)).max(LEAST);
    let mut out = Vec::new();
    let (mut from, mut len) = (0, 0);
    for (k, (_, s)) in groups.iter().enumerate() {
        len += s.len();
        if len >= share {
            out.push(&groups[from..=k]);
            (from, len) = (k + 1, 0);
        }
    }
    if from < groups.len() {
        out.push(&groups[from..]);
    }
    out
}

/// The best proposals that do not overlap or touch, as changes.
fn choose(mut proposals: Vec<Proposal>) -> Vec<Change> {
    // Readings that win alone first: a pair only fills what they leave.
    proposals.sort_by(|a, b| {
        (a.second.is_some().cmp(&b.second.is_some())).then(b.margin.total_cmp(&a.margin))
    });
    // The spans taken, by start; they neither overlap nor touch, so the one that
    // starts last at or before a span's end reaches furthest.
    let mut taken: std::collections::BTreeMap<usize, Proposal> = Default::default();
    for p in proposals {
        let span = p.extent();
        let clash = taken
            .range(..=span.end)
            .next_back()
            .is_some_and(|(_, t)| span.start <= t.extent().end);
        if !clash {
            taken.insert(span.start, p);
        }
    }
    let mut changes = Vec::with_capacity(taken.len());
    for p in taken.into_values() {
        let confidence = (1.0 / (1.0 + (-p.margin).exp())) as f32;
        let change = |span: Span, c: char| {
            Change::replace(span, c.to_string(), "OCR confusion").with_confidence(confidence)
        };
        match p.second {
            None => changes.push(change(p.span, p.intended)),
            Some((span, c)) => {
                changes.push(change(p.span, p.intended));
                changes.push(change(span, c));
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn correct(s: &str) -> String {
        crate::testing::run(&Correct::new(), s).text().to_owned()
    }

    #[test]
    fn fixes_and_leaves() {
        let fixed = [
            ("白接到屮华全国总工会", "中华"),
            ("我市己有九成", "已有"),
            ("活动评估休系", "体系"),
            ("职工索质工程", "素质"),
            ("再就业技能培训慕地", "基地"),
            ("提高再就业木领", "本领"),
            ("対偏远交通不便地区", "对偏远"),
            // Neither reading wins alone; together they do.
            ("货物周转量分别增长丘分乙二十九", "百分之二十九"),
        ];
        for (input, want) in fixed {
            let out = correct(input);
            assert!(out.contains(want), "{input} -> {out}");
        }
        for right in [
            "我们自己",
            "休息一下",
            "友谊的纽带",
            "索取报酬",
            "木材加工",
            "白色的墙",
        ] {
            assert_eq!(correct(right), right);
        }
    }

    #[test]
    fn a_rare_character_is_read_without_a_word_to_make() {
        // 赁 (84 in the lexicon alone) for 凭: neither 以凭 nor 凭本 is a word.
        assert_eq!(correct("可以赁本人的护照办理"), "可以凭本人的护照办理");
        for right in ["租赁本人的房屋", "可以凭本人的护照办理"] {
            assert_eq!(correct(right), right);
        }
    }

    #[test]
    fn a_conjunction_between_numbers_stands() {
        let right = "一九八一和一九八二两年计划执行的结果，工农业生产的增长，都超过了六五计划规定的年平均递增速度。";
        assert_eq!(correct(right), right);
        // A misread after the digits is still read (`一第` for 一年).
        assert_eq!(correct("取得伟大胜利的一第。"), "取得伟大胜利的一年。");
    }

    #[test]
    fn the_likeliest_table_readings_need_no_word_to_make() {
        // Neither 炉厂 nor 厂， is a two-character word, nor 民币 (人民币 is
        // three), nor 无着: 厂, 币 and 着 are the table's likeliest readings.
        assert_eq!(
            correct("哈尔滨锅炉广，西安电力电容器厂。"),
            "哈尔滨锅炉厂，西安电力电容器厂。"
        );
        assert_eq!(correct("人民市汇率顺利并轨。"), "人民币汇率顺利并轨。");
        assert_eq!(
            correct("对生活无看的流浪、乞讨人员"),
            "对生活无着的流浪、乞讨人员"
        );
        // Right text stays as it is.
        for right in ["哈尔滨锅炉厂，西安电力电容器厂。", "对生活无着的流浪人员"]
        {
            assert_eq!(correct(right), right);
        }
    }

    #[test]
    fn inside_a_word_a_likely_reading_is_read_where_the_text_is_unlikely() {
        // 士 stands inside 上士, a word, and the model finds 以上士地 unlikely,
        // though not as unlikely as a place inside a word needs for every
        // reading: the channel's likely 土 is read there.
        assert_eq!(
            correct("承包期在五年以上士地经营权流转"),
            "承包期在五年以上土地经营权流转"
        );
        // Right text, and a numeral whose digits the model would rather have
        // otherwise, stay.
        for right in [
            "五年以上士兵的待遇",
            "农业总产值由二千一百八十七亿元增加到二千六百六十亿元",
            "比一九八○年增长百分之十二点三",
        ] {
            assert_eq!(correct(right), right);
        }
    }

    #[test]
    fn pieces_are_cut_where_no_reading_reaches() {
        // Long lines (a reflowed report has a paragraph to a line), a few breaks.
        let line = "我市己有九成单位参加了活动评估，下发了评估休系。".repeat(120);
        let text = format!("{line}\n{line}{line}\n{line}");
        let pieces = chunks(&text);
        assert!(pieces.len() >= 4, "{} pieces", pieces.len());
        assert_eq!(pieces[0].start, 0);
        assert_eq!(pieces[pieces.len() - 1].end, text.len());
        for w in pieces.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            let before = text[..w[0].end].chars().next_back().unwrap();
            assert!(!in_window(before), "cut after {before:?}");
        }
        // A line with no mark at all is cut anyway, at `LONGEST`.
        let han = "中".repeat(40_000);
        assert!(chunks(&han).iter().all(|p| p.len() < (64 << 10) + 4));
        assert_eq!(chunks(""), []);
    }

    #[test]
    fn the_gated_mode_reads_around_what_its_test_flags() {
        let text = "下发了活动评估休系，我市己有九成单位参加。依法认蜂履行职责。";
        let gated = |unlikely: f32| {
            let pass = Correct::builder().gate(Some(unlikely)).build();
            let mut doc = Document::new(text, "UTF-8");
            pass.run(&mut doc);
            doc.text().to_string()
        };
        // The misread characters break their pairs: read as by default.
        assert_eq!(gated(f32::NEG_INFINITY), correct(text));
        assert_eq!(gated(-7.0), correct(text));
        // Right text: nothing flagged, nothing read.
        let inner = &Correct::builder().gate(Some(-7.0)).build().inner;
        assert!(inner.gated("依法认真履行职责，加强监督。", -7.0).is_empty());
        let spans = inner.gated(text, f32::NEG_INFINITY);
        let 蜂 = text.find('蜂').unwrap();
        assert!(spans.iter().any(|s| s.start < 蜂 && 蜂 < s.end));
        assert!(spans.iter().map(|s| s.len()).sum::<usize>() < text.len());
    }

    #[test]
    fn runs_share_the_length() {
        let groups: Vec<((), Span)> = [10, 10, 10, 10, 40, 5, 5]
            .iter()
            .scan(0, |at, &len| {
                *at += len;
                Some(((), Span::new(*at - len, *at)))
            })
            .collect();
        let runs = runs(&groups, 3);
        // Too short to share.
        assert_eq!(runs.len(), 1);
        let long: Vec<((), Span)> = groups
            .iter()
            .map(|&((), s)| ((), Span::new(s.start * 100, s.end * 100)))
            .collect();
        let runs = super::runs(&long, 3);
        assert_eq!(runs.iter().map(|r| r.len()).collect::<Vec<_>>(), [3, 2, 2]);
        assert_eq!(runs.concat().len(), groups.len());
        assert_eq!(super::runs(&groups, 1).len(), 1);
        assert!(super::runs::<()>(&[], 4).is_empty());
    }
}
