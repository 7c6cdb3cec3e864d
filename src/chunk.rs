//! Very large inputs, cleaned in bounded pieces cut at paragraph boundaries.
//!
//! The passes read a document as a whole (reflow weighs its lines, boilerplate
//! its top and bottom), so their scratch memory grows with the document. An
//! input of hundreds of megabytes (a whole archive concatenated, a file that is
//! one enormous line) is cut into pieces of at most a given size, each cleaned
//! on its own: at a blank line if the piece has one, else at a line break, else
//! after a sentence end (`。！？`), else at a character boundary. Each piece's
//! [`Document`] can be written out and dropped ([`Cleaner::clean_pieces`]), or
//! the pieces joined into one document whose provenance covers the whole input
//! ([`Document::concat`], [`Cleaner::clean_chunked`]).
//!
//! # Example
//!
//! ```
//! use zhdoc::{Cleaner, Span};
//!
//! let input = "第一段,结合实际。\n\n第二段,开展活动。\n\n第三段。";
//! let cleaner = Cleaner::new();
//! let doc = cleaner.clean_chunked(input.as_bytes(), 16)?;
//! assert_eq!(doc.text(), "第一段，结合实际。\n\n第二段，开展活动。\n\n第三段。");
//! assert_eq!(doc.original(), input);
//! assert_eq!(zhdoc::rebuild_original(doc.text(), doc.edits())?, input);
//! let at = doc.text().find("开展").unwrap();
//! let span = doc.original_span(Span::new(at, at + "开展".len()));
//! assert_eq!(&input[span.range()], "开展");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::decode::decode_with;
use crate::{Cleaner, Document, Edit, Error, Span, Text};

/// The pieces of a text, each at most `max` bytes (or one character, if a
/// character is longer), cut at paragraph boundaries where there are any.
///
/// The pieces tile the text: joined, they give it back.
pub fn paragraph_chunks(text: &str, max: usize) -> ParagraphChunks<'_> {
    ParagraphChunks {
        rest: text,
        max: max.max(1),
    }
}

/// The iterator of [`paragraph_chunks`].
#[derive(Clone, Debug)]
pub struct ParagraphChunks<'a> {
    rest: &'a str,
    max: usize,
}

impl<'a> Iterator for ParagraphChunks<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let cut = cut_point(self.rest, self.max);
        let (piece, rest) = self.rest.split_at(cut);
        self.rest = rest;
        Some(piece)
    }
}

/// Where to end the first piece of `text`: a position in `1..=text.len()` on a
/// character boundary.
fn cut_point(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let end = crate::chars::floor_boundary(text, max);
    if end == 0 {
        // One character longer than `max`: it is a piece of its own.
        return text.chars().next().map_or(text.len(), char::len_utf8);
    }
    // Do not cut pieces much smaller than asked for.
    let floor = crate::chars::floor_boundary(text, end / 4);
    let window = &text.as_bytes()[..end];
    let mut last_break = None;
    for (i, _) in window
        .iter()
        .enumerate()
        .rev()
        .filter(|&(_, &b)| b == b'\n')
    {
        if i < floor {
            break;
        }
        last_break.get_or_insert(i + 1);
        let before = &window[..i];
        let before = before.strip_suffix(b"\r").unwrap_or(before);
        if before.ends_with(b"\n") {
            return i + 1;
        }
    }
    if let Some(at) = last_break {
        return at;
    }
    let head = &text[floor..end];
    if let Some((i, c)) = head
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？'))
    {
        return floor + i + c.len_utf8();
    }
    end
}

/// What the pieces of one large input share, read over the whole input
/// before any piece is cleaned ([`Cleaner::shared`]), so that a piece is
/// cleaned as it would be in the whole:
///
/// * reflow's page measure (the printed width of a full line) in each round
///   of its first run, and the one it settles on, read from the widths of all
///   the input's lines after the passes before it (and the rounds before);
/// * where the whole's top and bottom are: boilerplate reads a site's header
///   and the blocks of furniture at a document's edges only there, not at
///   each piece's;
/// * the short lines that are not prose that recur in the whole (a page's
///   header or footer), and the site words its prose uses, which boilerplate
///   reads over the whole.
///
/// [`Shared::piece`] gives the reading for one piece (its place in the whole).
/// The default shares nothing: each piece is read as a document of its own.
#[derive(Clone, Debug, Default)]
pub struct Shared {
    /// The whole input's reading, when read.
    pub(crate) whole: Option<std::sync::Arc<Whole>>,
    /// Which piece this is, of how many (`Shared::piece`).
    pub(crate) at: Option<(usize, usize)>,
    /// Whether reflow has run over the piece (its first run reads the rounds'
    /// measures, later ones the settled measure).
    pub(crate) reflowed: bool,
    /// What the corrector reads of the whole around the piece, when read.
    pub(crate) around: Option<std::sync::Arc<crate::correct::Around>>,
    /// Where the document's log stood when the corrector first read it
    /// (`correct_all`): the corrector places the blocks it counts the
    /// document's words in on the text as it stood then.
    pub(crate) corrector_read: Option<usize>,
    /// The rates (`8.7%`) of the document's text as the corrector first read
    /// it ([`crate::correct::rates`]): the habit its rules read is the one the
    /// text had before they changed any.
    pub(crate) rates: Option<[usize; 3]>,
    /// For a document read whole, what boilerplate reads over it, counted
    /// when it first read it ([`Shared::first_recurring`]).
    pub(crate) recurring: Option<std::sync::Arc<crate::boilerplate::Recurring>>,
    /// How many rounds of the structure pass's layout have run over the
    /// piece: which of the whole's readings of the heading sequence it reads
    /// ([`Shared::structure`], [`Shared::layout_round`]).
    pub(crate) laid: usize,
    /// Whether boilerplate has read the piece's top once: the whole's site
    /// header, cut in the first round, is not read again after it
    /// ([`Shared::header_titles`]).
    pub(crate) headed: bool,
    /// Whether reflow has run over the piece since the layout first did
    /// (its first run after it reads the whole's rounds over the laid-out
    /// text, later ones the measure they settled on).
    pub(crate) relaid: bool,
}

/// The whole input's reading (see [`Shared`]).
#[derive(Debug, Default)]
pub(crate) struct Whole {
    /// Reflow's verdict in each round of its first run over the whole: the
    /// page-chunk numbers each piece holds, or the page's measure.
    pub(crate) rounds: Vec<crate::reflow::Plan>,
    /// The measure of the text reflow leaves (what a later run reads first),
    /// with the lines at each piece's edges.
    pub(crate) settled: crate::reflow::Plan,
    /// Reflow's verdict in each round of its first run after the structure
    /// pass's layout, and the measure it settles on: read from the laid-out
    /// text (none when the layout changes nothing, or is not read: later
    /// runs then read `settled`).
    pub(crate) laid: Option<(Vec<crate::reflow::Plan>, crate::reflow::Plan)>,
    /// What boilerplate reads over the whole.
    pub(crate) boilerplate: crate::boilerplate::Recurring,
    /// What each piece reads of the whole's heading sequence, in each round
    /// of the structure pass's layout (the sequence over the text as the
    /// rounds before left it), and in the text the last round left (none when
    /// the structure pass is off, or a piece held too many heading numbers).
    pub(crate) structure: Vec<Vec<crate::structure::Context>>,
    /// What the whole did in each round of the layout (the last settled, or
    /// `structure::LAYOUT_ROUNDS` rounds that changed it).
    pub(crate) layout: Vec<crate::structure::Verdict>,
    /// How many pieces it was read over.
    pub(crate) pieces: usize,
    /// The quotes open where each piece starts, as normalisation first reads
    /// the whole (empty when it is off).
    pub(crate) quotes: Vec<crate::normalize::QuoteState>,
    /// The edges of each piece's text as the corrector first reads it (none
    /// when the corrector is off).
    pub(crate) edges: Vec<Edges>,
    /// The piece the whole's top stands in, as the structure pass reads it
    /// (its title, a first line whose `一、` OCR lost): the first that is not
    /// blank then ([`Shared::at_title`]).
    pub(crate) top: usize,
}

/// The whole's reading, to write what a read of the pieces gave: each read's
/// clones of it are dropped by then.
fn whole_mut(whole: &mut std::sync::Arc<Whole>) -> &mut Whole {
    std::sync::Arc::get_mut(whole).expect("the pieces' readings are dropped")
}

/// The edges of a piece's text as the corrector first reads it (after the
/// passes before it, with the whole's verdicts): what the corrector of the
/// pieces around it reads of it ([`crate::correct::Around`]).
#[derive(Debug, Default)]
pub(crate) struct Edges {
    /// The text's length in bytes.
    len: usize,
    /// Its first bytes, at most `Around::REACH`.
    head: Vec<u8>,
    /// Its last bytes after `head`, at most `Around::REACH`: with `head`, the
    /// whole text when it is at most twice that long.
    tail: Vec<u8>,
    /// Its zeros of years (`○`, `〇`).
    zeros: [usize; 2],
    /// Its rates ([`crate::correct::rates`]).
    rates: [usize; 3],
}

impl Edges {
    /// The edges of `text`.
    pub(crate) fn read(text: &str) -> Edges {
        let reach = crate::correct::Around::REACH;
        let bytes = text.as_bytes();
        let head = bytes.len().min(reach);
        let tail = bytes.len().saturating_sub(reach).max(head);
        Edges {
            len: bytes.len(),
            head: bytes[..head].to_vec(),
            tail: bytes[tail..].to_vec(),
            zeros: crate::correct::zeros(text),
            rates: crate::correct::rates(text),
        }
    }

    /// Whether `head` and `tail` hold the whole text.
    fn whole(&self) -> bool {
        self.head.len() + self.tail.len() == self.len
    }

    /// What the corrector of the `index`-th of `pieces` reads of the whole
    /// around it.
    fn around(pieces: &[Edges], index: usize) -> crate::correct::Around {
        let reach = crate::correct::Around::REACH;
        let offset = pieces[..index].iter().map(|e| e.len).sum();
        // The last bytes before the piece, from the pieces before it, nearest
        // first: a piece's last bytes are its tail, or all of it.
        let mut before: Vec<&[u8]> = Vec::new();
        let mut need = reach;
        for e in pieces[..index].iter().rev() {
            if need == 0 {
                break;
            }
            let parts: [&[u8]; 2] = if e.whole() {
                [&e.head, &e.tail]
            } else {
                [&[], &e.tail]
            };
            for part in parts.into_iter().rev() {
                let take = part.len().min(need);
                before.push(&part[part.len() - take..]);
                need -= take;
            }
        }
        let before: Vec<u8> = before.into_iter().rev().flatten().copied().collect();
        let mut after: Vec<u8> = Vec::new();
        for e in &pieces[index + 1..] {
            let parts: [&[u8]; 2] = if e.whole() {
                [&e.head, &e.tail]
            } else {
                [&e.head, &[]]
            };
            for part in parts {
                let take = part.len().min(reach - after.len());
                after.extend_from_slice(&part[..take]);
            }
            if after.len() == reach {
                break;
            }
        }
        // What the rest of the whole holds.
        use crate::correct::add_counts;
        let others = pieces
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != index)
            .map(|(_, e)| e);
        crate::correct::Around {
            offset,
            before,
            after,
            zeros: others
                .clone()
                .fold([0; 2], |sum, e| add_counts(sum, e.zeros)),
            rates: others.fold([0; 3], |sum, e| add_counts(sum, e.rates)),
            within: None,
        }
    }
}

impl Shared {
    /// The reading for the `index`-th of the pieces it was read over (as
    /// [`paragraph_chunks`] cut them, or as given to
    /// [`Cleaner::shared_pieces`]): the whole's, and where the piece stands
    /// in it (whether at its top, at its bottom).
    pub fn piece(&self, index: usize) -> Shared {
        let count = self.whole.as_ref().map_or(0, |w| w.pieces);
        let around = self
            .whole
            .as_ref()
            .filter(|w| index < w.edges.len())
            .map(|w| std::sync::Arc::new(Edges::around(&w.edges, index)));
        Shared {
            whole: self.whole.clone(),
            at: (index < count).then_some((index, count)),
            reflowed: false,
            around,
            corrector_read: None,
            rates: None,
            recurring: None,
            laid: 0,
            headed: false,
            relaid: false,
        }
    }

    /// Whether the piece starts the whole (or is read alone).
    pub(crate) fn at_top(&self) -> bool {
        self.at.is_none_or(|(i, _)| i == 0)
    }

    /// Whether the whole's top, as the structure pass reads it, stands in the
    /// piece (or it is read alone): the first piece that is not blank once
    /// the passes before it ran. Boilerplate may leave nothing of a first
    /// piece that held a site's header, and the whole's title then stands at
    /// the next piece's start.
    pub(crate) fn at_title(&self) -> bool {
        match self.at {
            Some((i, _)) => i == self.whole.as_ref().map_or(0, |w| w.top),
            None => true,
        }
    }

    /// Whether the piece ends the whole (or is read alone).
    pub(crate) fn at_bottom(&self) -> bool {
        self.at.is_none_or(|(i, n)| i + 1 == n)
    }

    /// What reflow reads: the whole's verdict in each round of its first run
    /// and the measure it settled on, or `None` when the piece is read alone.
    pub(crate) fn rounds(&self) -> Option<(&[crate::reflow::Plan], &crate::reflow::Plan)> {
        self.whole
            .as_ref()
            .map(|w| (w.rounds.as_slice(), &w.settled))
    }

    /// What reflow reads once the layout has run over the piece: the whole's
    /// verdict in each round of its first run over the laid-out text and the
    /// measure it settled on, when the whole's layout changed it.
    pub(crate) fn laid_rounds(&self) -> Option<(&[crate::reflow::Plan], &crate::reflow::Plan)> {
        if self.laid == 0 {
            return None;
        }
        let (rounds, settled) = self.whole.as_ref()?.laid.as_ref()?;
        Some((rounds.as_slice(), settled))
    }

    /// What boilerplate reads over the whole, when it was read: for a piece,
    /// what the pieces held before boilerplate first read them; for a
    /// document read whole, what it held then ([`Shared::first_recurring`]).
    pub(crate) fn recurring(&self) -> Option<&crate::boilerplate::Recurring> {
        self.whole
            .as_ref()
            .map(|w| &w.boilerplate)
            .or(self.recurring.as_deref())
    }

    /// Keeps, for a document read whole, what boilerplate reads over it (the
    /// lines that recur, the words of its prose) as `count` counts it in the
    /// text as boilerplate first reads it, unless they were read: its later rounds
    /// and runs read those counts, as a piece of a larger input reads the
    /// counts the pieces gave before boilerplate read them. Counted in the
    /// text as it stands in each round, a line that recurs twice (a site's
    /// `ID:90965563` in the header at the top and again in the middle) was
    /// furniture in the first round and not in the next, once the top's
    /// header was taken out, while a piece that starts after the top read
    /// it as furniture.
    pub(crate) fn first_recurring(
        &mut self,
        count: impl FnOnce() -> crate::boilerplate::Recurring,
    ) {
        if self.recurring().is_none() {
            self.recurring = Some(std::sync::Arc::new(count()));
        }
    }

    /// The quotes open before the piece in the whole, as normalisation first
    /// reads it (none before a document read whole).
    pub(crate) fn open_quotes(&self) -> crate::normalize::QuoteState {
        self.at
            .and_then(|(i, _)| self.whole.as_ref()?.quotes.get(i).copied())
            .unwrap_or_default()
    }

    /// What the piece reads of the whole's heading sequence, when it was read:
    /// as the whole's text stands in the layout's round it is in (after the
    /// last, as the last left it).
    pub(crate) fn structure(&self) -> Option<&crate::structure::Context> {
        let (i, _) = self.at?;
        let rounds = &self.whole.as_ref()?.structure;
        rounds
            .get(self.laid.min(rounds.len().checked_sub(1)?))?
            .get(i)
    }

    /// What the whole did in the layout's round the piece is in (none after
    /// the whole's last, or when not read), and the piece on to the next.
    pub(crate) fn layout_round(&mut self) -> Option<crate::structure::Verdict> {
        let round = self.laid;
        self.laid += 1;
        self.at?;
        self.whole.as_ref()?.layout.get(round).copied()
    }
}

impl Cleaner {
    /// Reads what the pieces of `text` (cut as [`paragraph_chunks`] cuts it into
    /// pieces of at most `max` bytes) share ([`Cleaner::shared_pieces`]).
    /// Nothing for a text of one piece (it is read whole anyway).
    pub fn shared(&self, text: &str, encoding: &'static str, max: usize) -> Shared {
        if text.len() <= max.max(1) {
            return Shared::default();
        }
        let pieces: Vec<&str> = paragraph_chunks(text, max).collect();
        self.shared_pieces(&pieces, encoding)
    }

    /// Each piece (with its index) cleaned by the passes before `upto` as
    /// one piece of the whole (`whole`'s verdicts so far), then read by
    /// `read`: one read of the pieces of [`shared_pieces`](Cleaner::shared_pieces).
    /// The pieces' views of `whole` are dropped on return.
    fn read_pieces<T: Send>(
        &self,
        indexed: &[(usize, &str)],
        encoding: &'static str,
        whole: &std::sync::Arc<Whole>,
        upto: usize,
        read: impl Fn(usize, &mut Document) -> T + Sync + Send,
    ) -> Vec<T> {
        let base = Shared {
            whole: Some(std::sync::Arc::clone(whole)),
            at: None,
            reflowed: true,
            around: None,
            corrector_read: None,
            rates: None,
            recurring: None,
            laid: 0,
            headed: false,
            relaid: false,
        };
        crate::parallel::map(indexed, true, |&(i, piece)| {
            let mut doc = Document::new(piece, encoding);
            doc.shared = base.piece(i);
            for pass in &self.passes[..upto] {
                pass.run(&mut doc);
            }
            read(i, &mut doc)
        })
    }

    /// Reads what `pieces` (consecutive pieces of one input, in order) share,
    /// in passes over them that hold one piece per thread at a time, each
    /// piece dropped once read; what is kept is a summary of constant size
    /// (see [`Shared`]). [`Shared::piece`] gives each piece its reading.
    ///
    /// * Boilerplate: the passes before it are run over each piece, and its
    ///   short lines that are not prose and the site words of its prose
    ///   counted.
    /// * Reflow: the passes before it are run over each piece (boilerplate
    ///   with what the first pass read), and its lines' printed widths counted
    ///   (`reflow::PageWidths`, counts by width); the measure read from the
    ///   counts is the one the whole would have. The pieces are read again for
    ///   each round of reflow that changes the text, the rounds before it run
    ///   with the whole's measures (at most `MAX_ROUNDS` + 1 reads; most
    ///   inputs settle in two or three).
    ///
    /// Nothing for fewer than two pieces or a cleaner without boilerplate and
    /// reflow.
    pub fn shared_pieces(&self, pieces: &[&str], encoding: &'static str) -> Shared {
        let position = |name: &str| self.passes.iter().position(|p| p.name() == name);
        let (boilerplate, reflow) = (position("boilerplate"), position("reflow"));
        let normalize = position("normalize");
        let structure = position("structure").is_some();
        let correct = position("correct").is_some();
        let local = normalize.is_none() && boilerplate.is_none() && reflow.is_none();
        if pieces.len() < 2 || (local && !structure && !correct) {
            return Shared::default();
        }
        let count = pieces.len();
        let indexed: Vec<(usize, &str)> = pieces.iter().copied().enumerate().collect();
        let mut whole = Whole {
            pieces: count,
            ..Whole::default()
        };
        if let Some(normalize) = normalize {
            // The quotes each piece leaves open, read before normalisation.
            let effects = crate::parallel::map(&indexed, true, |&(_, piece)| {
                let mut doc = Document::new(piece, encoding);
                for pass in &self.passes[..normalize] {
                    pass.run(&mut doc);
                }
                crate::normalize::quote_effect(doc.text())
            });
            let mut open = crate::normalize::QuoteState::default();
            whole.quotes = effects
                .into_iter()
                .map(|effect| {
                    let here = open;
                    open = open.after(effect);
                    here
                })
                .collect();
        }
        let mut whole = std::sync::Arc::new(whole);
        if let Some(boilerplate) = boilerplate {
            let read = self.read_pieces(&indexed, encoding, &whole, boilerplate, |_, doc| {
                crate::boilerplate::Boilerplate::recurring(doc.text())
            });
            whole_mut(&mut whole).boilerplate = crate::boilerplate::Recurring::merge(read);
        }
        let Some(reflow) = reflow else {
            if structure || correct {
                // The heading numbers of the text the passes before the
                // corrector leave, and the edges the corrector reads.
                let upto = self
                    .passes
                    .iter()
                    .position(|p| !matches!(p.name(), "line-endings" | "normalize" | "boilerplate"))
                    .unwrap_or(self.passes.len());
                let read = self.read_pieces(&indexed, encoding, &whole, upto, |i, doc| {
                    (
                        structure.then(|| crate::structure::summary(doc, i == 0)),
                        correct.then(|| Edges::read(doc.text())),
                    )
                });
                let (summaries, edges): (Vec<_>, Vec<_>) = read.into_iter().unzip();
                let read_whole = whole_mut(&mut whole);
                read_whole.edges = edges.into_iter().flatten().collect();
                if structure {
                    let summaries = summaries.into_iter().flatten().collect();
                    self.layout_rounds(&indexed, encoding, &mut whole, upto, summaries);
                }
            }
            return Shared {
                whole: Some(whole),
                at: None,
                reflowed: false,
                around: None,
                corrector_read: None,
                rates: None,
                recurring: None,
                laid: 0,
                headed: false,
                relaid: false,
            };
        };
        // Reflow's rounds over the whole, one read of the pieces each: the
        // widths and the page-chunk numbers after the rounds before, and
        // whether the last changed the text; and the heading numbers and the
        // edges the corrector reads of the text the rounds leave (the last
        // read's).
        let mut rounds: Vec<crate::reflow::Plan> = Vec::new();
        let summaries;
        let edges;
        let settled = loop {
            let read = self.read_pieces(&indexed, encoding, &whole, reflow, |i, doc| {
                let mut changed = false;
                for plan in &rounds {
                    changed = crate::reflow::round(doc, Some((plan, Some(i)))) > 0;
                }
                let mut widths = crate::reflow::PageWidths::default();
                widths.add_text(doc.text());
                // Read in every round but the first, which is never the last.
                let last = !rounds.is_empty();
                let headings = (structure && last).then(|| crate::structure::summary(doc, i == 0));
                let edges = (correct && last).then(|| Edges::read(doc.text()));
                (
                    widths,
                    crate::reflow::ChunkLines::read(doc.text()),
                    changed,
                    (headings, edges),
                )
            });
            let mut all = crate::reflow::PageWidths::default();
            for (w, _, _, _) in &read {
                all.merge(w);
            }
            let changed = read.iter().any(|(_, _, c, _)| *c);
            let (lines, rest): (Vec<crate::reflow::ChunkLines>, Vec<_>) =
                read.into_iter().map(|(_, c, _, r)| (c, r)).unzip();
            let measure = crate::reflow::whole_measure(&all, &lines);
            if !rounds.is_empty() && !changed || rounds.len() == crate::pass::MAX_ROUNDS {
                let (h, e): (Vec<_>, Vec<_>) = rest.into_iter().unzip();
                summaries = h.into_iter().flatten().collect();
                edges = e.into_iter().flatten().collect();
                break crate::reflow::settled_plan(measure, &lines);
            }
            rounds.push(crate::reflow::whole_plan(measure, &lines));
        };
        let read = whole_mut(&mut whole);
        read.rounds = rounds;
        read.settled = settled;
        read.edges = edges;
        if structure {
            self.layout_rounds(&indexed, encoding, &mut whole, reflow, summaries);
            self.laid_out_rounds(&indexed, encoding, &mut whole, reflow);
        }
        Shared {
            whole: Some(whole),
            at: None,
            reflowed: false,
            around: None,
            corrector_read: None,
            rates: None,
            recurring: None,
            laid: 0,
            headed: false,
            relaid: false,
        }
    }

    /// The structure pass's layout over the pieces (`summaries`: each one's
    /// heading candidates as the passes before `upto` and reflow's rounds
    /// leave it), round by round as over the whole: each round, the whole's
    /// heading sequence is read over all pieces' candidates as the rounds
    /// before left them (`structure::contexts`, kept in `whole` for the
    /// round), each piece is read again and laid out round by round with
    /// them, and what the whole did in the round (numbers repaired, lines
    /// broken, or nothing) is read from what the pieces did
    /// (`structure::Verdict`). A number repaired in one round changes what
    /// the next reads far after it (a lost `、` read as the 104th `一、`
    /// heading is written `四、`, which the next round reads as no heading,
    /// so that a later `41、` is in sequence again): a piece read with the
    /// sequence of the text before the layout laid out what the whole did
    /// not, or the other way round.
    fn layout_rounds(
        &self,
        indexed: &[(usize, &str)],
        encoding: &'static str,
        whole: &mut std::sync::Arc<Whole>,
        upto: usize,
        mut summaries: Vec<crate::structure::Summary>,
    ) {
        use crate::structure::{Round, Verdict};
        // The whole's top is its first piece that is not blank: read again
        // as the top (what its first line tells of being a heading whose
        // number OCR lost), when that is not the first.
        let top = summaries.iter().position(|s| !s.is_blank()).unwrap_or(0);
        if top > 0 {
            whole_mut(whole).top = top;
            let read = self.read_pieces(&indexed[top..=top], encoding, whole, upto, |i, doc| {
                let plans = doc.shared.whole.clone();
                for plan in plans.iter().flat_map(|w| &w.rounds) {
                    crate::reflow::round(doc, Some((plan, Some(i))));
                }
                crate::structure::summary(doc, true)
            });
            if let Some(summary) = read.into_iter().next() {
                summaries[top] = summary;
            }
        }
        let Some(first) = crate::structure::contexts(&summaries) else {
            return;
        };
        whole_mut(whole).structure.push(first);
        for round in 0..crate::structure::LAYOUT_ROUNDS {
            let read = self.read_pieces(indexed, encoding, whole, upto, |i, doc| {
                let plans = doc.shared.whole.clone();
                for plan in plans.iter().flat_map(|w| &w.rounds) {
                    crate::reflow::round(doc, Some((plan, Some(i))));
                }
                let alone = crate::structure::laid_alone(doc);
                for _ in 0..round {
                    crate::structure::layout_round(doc, alone);
                }
                // The whole's verdict in this round is not read yet: the
                // piece does what it would alone.
                match crate::structure::layout_round(doc, alone) {
                    Round::Changed(repairs) => (
                        repairs,
                        !repairs,
                        Some(crate::structure::summary(doc, doc.shared.at_title())),
                    ),
                    Round::Settled(_) | Round::Waited => (false, false, None),
                }
            });
            let repairs = read.iter().any(|r| r.0);
            let verdict = if repairs {
                Verdict::Repairs
            } else if read.iter().any(|r| r.1) {
                Verdict::Breaks
            } else {
                Verdict::Settled
            };
            let w = whole_mut(whole);
            w.layout.push(verdict);
            if verdict == Verdict::Settled {
                return;
            }
            // A piece that broke lines while the whole repaired numbers
            // elsewhere keeps its text in the round.
            for (s, (r, _, after)) in summaries.iter_mut().zip(read) {
                if let Some(after) = after.filter(|_| r == repairs) {
                    *s = after;
                }
            }
            match crate::structure::contexts(&summaries) {
                Some(next) => w.structure.push(next),
                None => {
                    w.structure.clear();
                    w.layout.clear();
                    return;
                }
            }
            // After a round that only broke lines, the next changes the text
            // only where a heading shows itself once on a line of its own: it
            // is not read (a read of every piece again), the pieces lay it
            // out with the sequence of the text the round left, each as it
            // would alone (the whole's verdict tells only a piece that breaks
            // lines whether they wait for numbers repaired elsewhere).
            if verdict == Verdict::Breaks {
                return;
            }
        }
    }

    /// Reflow's rounds over the laid-out text (`Whole::laid`), read over the
    /// pieces as its first run's are: after the structure pass's layout, the
    /// whole runs normalisation, boilerplate and reflow again, and reflow
    /// reads the page's measure from the laid-out text, where a run-in
    /// heading broken off its line makes lines of their own (seven long
    /// lines of `2、…`, `3、…` laid out into many give the whole a measure it
    /// did not have, and it joins wrapped lines far from them). Each read
    /// runs the passes before reflow, reflow's first run, the layout with the
    /// whole's sequence and verdicts, normalisation and boilerplate, and the
    /// rounds read so far; the corrector is not run (its changes around are
    /// not read: as the heading sequence, the laid-out text is read as it
    /// stands without it). Not read when the layout changed nothing.
    fn laid_out_rounds(
        &self,
        indexed: &[(usize, &str)],
        encoding: &'static str,
        whole: &mut std::sync::Arc<Whole>,
        upto: usize,
    ) {
        use crate::structure::Verdict;
        if whole.layout.iter().all(|v| *v == Verdict::Settled) {
            return;
        }
        let again: Vec<&std::sync::Arc<dyn crate::Pass>> = self
            .passes
            .iter()
            .filter(|p| matches!(p.name(), "normalize" | "boilerplate"))
            .collect();
        let mut rounds: Vec<crate::reflow::Plan> = Vec::new();
        let settled = loop {
            let read = self.read_pieces(indexed, encoding, whole, upto, |i, doc| {
                let plans = doc.shared.whole.clone();
                for plan in plans.iter().flat_map(|w| &w.rounds) {
                    crate::reflow::round(doc, Some((plan, Some(i))));
                }
                crate::structure::lay_out(doc);
                for pass in &again {
                    pass.run(doc);
                }
                let mut changed = false;
                for plan in &rounds {
                    changed = crate::reflow::round(doc, Some((plan, Some(i)))) > 0;
                }
                let mut widths = crate::reflow::PageWidths::default();
                widths.add_text(doc.text());
                let lines = crate::reflow::ChunkLines::read(doc.text());
                // In the first read, whether the measure settled on before
                // the layout changes the laid-out text.
                let before = plans.as_ref().map(|w| &w.settled);
                let moved = before.is_some_and(|plan| {
                    rounds.is_empty() && crate::reflow::round(doc, Some((plan, Some(i)))) > 0
                });
                (widths, lines, changed || moved)
            });
            let mut all = crate::reflow::PageWidths::default();
            for (w, _, _) in &read {
                all.merge(w);
            }
            let changed = read.iter().any(|(_, _, c)| *c);
            let lines: Vec<crate::reflow::ChunkLines> =
                read.into_iter().map(|(_, c, _)| c).collect();
            let measure = crate::reflow::whole_measure(&all, &lines);
            if rounds.is_empty()
                && !changed
                && whole.settled == crate::reflow::whole_plan(measure, &lines)
            {
                // The laid-out text reads as before the layout, and nothing
                // changes by it: later runs read the settled measure, as
                // the whole's does (one read, not two).
                return;
            }
            if !rounds.is_empty() && !changed || rounds.len() == crate::pass::MAX_ROUNDS {
                break crate::reflow::settled_plan(measure, &lines);
            }
            rounds.push(crate::reflow::whole_plan(measure, &lines));
        };
        whole_mut(whole).laid = Some((rounds, settled));
    }

    /// Cleans already decoded text piece by piece, each piece at most `max` bytes
    /// (see [`paragraph_chunks`]), lazily: each [`Document`] covers one piece, its
    /// spans relative to that piece, and can be written out and dropped before the
    /// next is cleaned. [`Document::concat`] joins them. What the pieces share
    /// is read first ([`Cleaner::shared`]).
    pub fn clean_pieces<'a>(
        &'a self,
        text: &'a str,
        encoding: &'static str,
        max: usize,
    ) -> impl Iterator<Item = Document> + 'a {
        let shared = self.shared(text, encoding, max);
        paragraph_chunks(text, max)
            .enumerate()
            .map(move |(i, piece)| {
                let mut doc = Document::new(piece, encoding);
                self.run_piece(&mut doc, &shared.piece(i));
                doc
            })
    }

    /// Decodes `bytes` and cleans the text in pieces of at most `max` bytes, joined
    /// into one document whose provenance covers the whole input.
    ///
    /// # Errors
    ///
    /// As [`Cleaner::clean`].
    pub fn clean_chunked(&self, bytes: &[u8], max: usize) -> Result<Document, Error> {
        let decoded = decode_with(bytes, &self.decode)?;
        let pieces = self
            .clean_pieces(&decoded.text, decoded.encoding, max)
            .collect();
        Ok(Document::concat(pieces))
    }
}

impl Document {
    /// Joins documents cleaned from consecutive pieces of one input (as
    /// [`Cleaner::clean_pieces`] gives them) into one: texts, originals and edit
    /// logs concatenated with their offsets shifted, quantities and headings
    /// likewise; the metadata is the first piece's, filled in from later pieces
    /// where it has none. The encoding is the first piece's.
    pub fn concat(parts: Vec<Document>) -> Document {
        let encoding = parts.first().map_or("UTF-8", |d| d.encoding);
        let script = parts
            .first()
            .map_or(crate::Script::Simplified, |d| d.script);
        let mut meta = crate::Meta::default();
        let mut quantities = Vec::new();
        let mut headings = Vec::new();
        let mut texts = Vec::with_capacity(parts.len());
        let (mut cur, mut orig) = (0, 0);
        // The outline is the whole document's: built again over the joined text.
        let outlined = parts.iter().any(|p| p.outline != crate::Outline::default());
        for part in parts {
            let shift = |s: Span, by: usize| Span::new(s.start + by, s.end + by);
            quantities.extend(part.quantities.into_iter().map(|mut q| {
                q.span = shift(q.span, cur);
                q.original_span = shift(q.original_span, orig);
                q
            }));
            headings.extend(part.headings.into_iter().map(|mut h| {
                h.span = shift(h.span, cur);
                h.original_span = shift(h.original_span, orig);
                h
            }));
            let m = part.meta;
            meta.title = meta.title.or(m.title);
            meta.byline = meta.byline.or(m.byline);
            meta.site_header = meta.site_header.or(m.site_header);
            cur += part.text.len();
            orig += part.text.original().len();
            texts.push(part.text);
        }
        let mut doc = Document {
            text: Text::concat(texts),
            encoding,
            script,
            meta,
            quantities,
            headings,
            outline: crate::Outline::default(),
            shared: Shared::default(),
        };
        if outlined {
            crate::Pass::run(&crate::Structure::new(), &mut doc);
        }
        doc
    }
}

/// The most characters in a row without a punctuation mark, a symbol, white
/// space or a line break that are still read as prose: runs longer than this
/// are not corrected ([`long_runs`]).
///
/// Measured (issue 19): the longest such run is 48 characters in the dev
/// corpus's 33 OCR texts, 85 in the 880 texts of the factory and structure
/// fixtures, and 122 in the 3,503 laws of the shared corpus (58 MB). What runs
/// longer is not prose but a table of characters, a code, a word list or
/// garbage, where every character looks like an OCR error to the language
/// model: random ideographs without punctuation ran at 0.2 MB/s through the
/// corrector, which took 97% of the time (`perf`).
pub(crate) const LONGEST_RUN: usize = 256;

/// The runs of more than [`LONGEST_RUN`] characters of `text` that are letters
/// or digits (ideographs included) and nothing else, in order.
pub(crate) fn long_runs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let (mut start, mut count) = (0, 0);
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if count == 0 {
                start = at;
            }
            count += 1;
        } else {
            if count > LONGEST_RUN {
                out.push(Span::new(start, at));
            }
            count = 0;
        }
    }
    if count > LONGEST_RUN {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// The longest line the corrector reads whole: a longer one (a document that
/// lost its line breaks) is read in windows (see [`correction_windows`]). The
/// longest line of the dev, factory, structure and held-out fixtures is about
/// 16 KB.
pub(crate) const LONGEST_LINE: usize = 64 << 10;

/// The most the corrector reads at once of a document that has a line longer
/// than [`LONGEST_LINE`] or a run longer than [`LONGEST_RUN`].
pub(crate) const WINDOW: usize = 64 << 10;

/// The windows the corrector reads `text` in, when it is not to read it whole:
/// the parts between the runs of [`long_runs`] (which are not read), each cut
/// as [`paragraph_chunks`] cuts (at a blank line, else a line break, else a
/// sentence end) into windows of at most [`WINDOW`] bytes. `None` for a text
/// with neither a long run nor a line longer than [`LONGEST_LINE`]: the
/// corrector reads it whole, as it reads any document.
///
/// Why: the corrector's rules look a line's start up from each place they read
/// again (`correct::punct`), which costs a line's length each time; on a 2 MB
/// text in one line that was 71% of the time (`perf`). Windows cut at sentence
/// ends bound it, and the corrector's own verdicts do not reach across a
/// sentence end; only the document's words it weighs readings with are the
/// window's rather than the document's.
pub(crate) fn correction_windows(text: &str) -> Option<Vec<Span>> {
    let runs = long_runs(text);
    let mut longest = 0;
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        longest = longest.max(at - from);
        from = at + 1;
    }
    if runs.is_empty() && longest <= LONGEST_LINE {
        return None;
    }
    let mut parts = Vec::with_capacity(runs.len() + 1);
    let mut from = 0;
    for r in runs.iter().chain([&Span::new(text.len(), text.len())]) {
        let mut at = from;
        for piece in paragraph_chunks(&text[from..r.start], WINDOW) {
            parts.push(Span::new(at, at + piece.len()));
            at += piece.len();
        }
        from = r.end;
    }
    Some(parts)
}

/// Runs the corrector over the `windows` of `doc` (sorted, apart), each
/// corrected as a document of its own, from the last to the first (so that
/// the windows before stand where they stood); its edits are made on `doc`,
/// step by step, as the corrector's.
fn correct_windows(correct: &crate::Correct, doc: &mut Document, windows: &[Span]) {
    windowed(correct, doc, windows, None);
}

/// The corrector run over the whole text of `doc` (in windows when
/// [`correction_windows`] gives some), a piece of a larger input read with
/// the lines of the whole around it ([`in_context`]).
pub(crate) fn correct_all(correct: &crate::Correct, doc: &mut Document) {
    if doc.shared.corrector_read.is_none() {
        doc.shared.corrector_read = Some(doc.edits().len());
        doc.shared.rates = Some(crate::correct::rates(doc.text()));
    }
    if in_context(correct, doc, None) {
        return;
    }
    match correction_windows(doc.text()) {
        Some(windows) => correct_windows(correct, doc, &windows),
        None => correct.run_from(doc, None),
    }
}

/// The corrector run around `focus` (spans of the current text), in windows
/// when [`correction_windows`] gives some: what the cleaner asks of it after
/// other passes changed the text.
pub(crate) fn correct_focus(correct: &crate::Correct, doc: &mut Document, focus: Vec<Span>) {
    if in_context(correct, doc, Some(&focus)) {
        return;
    }
    match correction_windows(doc.text()) {
        Some(windows) => windowed(correct, doc, &windows, Some(&focus)),
        None => correct.run_from(doc, Some(focus)),
    }
}

/// How far the corrector of a piece reads the whole's text each side of it,
/// at most, in bytes: as far as the document's words are counted around a
/// place (two blocks, `Around::REACH`), so that the text around is counted as
/// the whole's corrector leaves it in each round (corrected along with the
/// piece: `-一百万` read `一一百万` in the whole only from the `一一` the
/// first round wrote in the piece before); and with it the lines its rules
/// read with a piece's first and last lines (the end of the line before, the
/// start of the next: a stop lost before a paragraph, a dash that opens a
/// clause) and its language model's context there. Read with 512 bytes each
/// side (the rules' reach for a line's ends), the property over cut dev
/// lines (`tests/bounds.rs`) found the `一一` case above in 1,000 cases.
const SEAM: usize = crate::correct::Around::REACH;

/// The whole's text around a piece that its corrector reads with it: the
/// last lines of at most [`SEAM`] bytes before it and the first after it
/// (cut at a line's start and end where there is one, else at a character).
fn seams(around: &crate::correct::Around) -> (&str, &str) {
    // Fewer bytes than `SEAM` reach the whole's start or end: all are read
    // (the whole's first line was left out before).
    let before = &around.before;
    let mut from = before.len().saturating_sub(SEAM);
    if before.len() >= SEAM
        && let Some(k) = memchr::memchr(b'\n', &before[from..])
    {
        from += k + 1;
    }
    while from < before.len() && before[from] & 0xC0 == 0x80 {
        from += 1;
    }
    let after = &around.after;
    let mut to = after.len().min(SEAM);
    if after.len() >= SEAM
        && let Some(k) = memchr::memrchr(b'\n', &after[..to])
    {
        to = k + 1;
    }
    while to > 0 && to < after.len() && after[to] & 0xC0 == 0x80 {
        to -= 1;
    }
    (
        std::str::from_utf8(&before[from..]).unwrap_or(""),
        std::str::from_utf8(&after[..to]).unwrap_or(""),
    )
}

/// Whether a change of `span` of a piece's text with its seams is the
/// piece's, where the piece stands at `piece`: inside it (text written at its
/// end is the next piece's, at its start, when there is one after it).
fn inside(span: Span, piece: Span, post: &str) -> bool {
    span.start >= piece.start
        && span.end <= piece.end
        && !(span.is_empty() && span.start == piece.end && !post.is_empty())
}

/// The text of `doc`, a piece of a larger input, with the lines of the
/// whole's text around it ([`seams`]), and where the piece stands in it; and
/// the changes of that text that are the piece's, moved into it. `None` for a
/// document read alone.
pub(crate) fn seamed(doc: &Document) -> Option<(String, Span)> {
    let around = doc.shared.around.as_ref()?;
    let (pre, post) = seams(around);
    if pre.is_empty() && post.is_empty() {
        return None;
    }
    let text = format!("{pre}{}{post}", doc.text());
    let piece = Span::new(pre.len(), pre.len() + doc.text().len());
    Some((text, piece))
}

/// The whole's text on the lines `doc`, a piece of a larger input, starts
/// and ends inside, as the corrector first read it: the end of the last line
/// the pieces before leave open, and the start of the first line of the
/// pieces after (reflow joined them across the cuts); empty where the pieces
/// before end with a line break, and for a document read alone. (Whether the
/// piece's own last line is open is its text's to tell.)
pub(crate) fn line_around(doc: &Document) -> (&str, &str) {
    let Some(around) = doc.shared.around.as_ref() else {
        return ("", "");
    };
    let (before, after) = (&around.before, &around.after);
    let mut from = memchr::memrchr(b'\n', before).map_or(0, |k| k + 1);
    while from < before.len() && before[from] & 0xC0 == 0x80 {
        from += 1;
    }
    let to = memchr::memchr(b'\n', after).unwrap_or(after.len());
    // `after` may end inside a character.
    let after = match std::str::from_utf8(&after[..to]) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&after[..e.valid_up_to()]).unwrap_or(""),
    };
    (std::str::from_utf8(&before[from..]).unwrap_or(""), after)
}

/// Of `changes` to a piece's text with its seams ([`seamed`]), those that are
/// the piece's, moved into its text.
pub(crate) fn piece_changes(
    changes: Vec<crate::Change>,
    text: &str,
    piece: Span,
) -> Vec<crate::Change> {
    let post = &text[piece.end..];
    changes
        .into_iter()
        .filter(|c| inside(c.span, piece, post))
        .map(|mut c| {
            c.span = Span::new(c.span.start - piece.start, c.span.end - piece.start);
            c
        })
        .collect()
}

/// Runs the corrector over `doc`, a piece of a larger input, with the lines
/// of the whole's text around it ([`seams`]) before and after it, as it runs
/// over the whole (`focus` as in [`correct_focus`], or all of the piece): its
/// edits inside the piece are made on `doc`, step by step, those outside
/// are the pieces around's. Whether it ran (not for a document read alone).
fn in_context(correct: &crate::Correct, doc: &mut Document, focus: Option<&[Span]>) -> bool {
    let Some(around) = doc.shared.around.clone() else {
        return false;
    };
    let (pre, post) = seams(&around);
    if pre.is_empty() && post.is_empty() {
        return false;
    }
    let len = doc.text().len();
    // Where the piece's characters stood when its corrector first read it.
    let read = doc.shared.corrector_read.unwrap_or(doc.edits().len());
    let since = crate::correct::Since::of(doc.edits().get(read..).unwrap_or_default());
    let mut sub = Document::new(format!("{pre}{}{post}", doc.text()), doc.encoding);
    sub.script = doc.script;
    // What the sub-document reads around it: the whole's, less its seams.
    let [ring, zero] = crate::correct::zeros(pre);
    let [ring_after, zero_after] = crate::correct::zeros(post);
    sub.shared = crate::Shared {
        around: Some(std::sync::Arc::new(crate::correct::Around {
            offset: around.offset - pre.len(),
            before: around.before[..around.before.len() - pre.len()].to_vec(),
            after: around.after[post.len()..].to_vec(),
            zeros: [
                around.zeros[0].saturating_sub(ring + ring_after),
                around.zeros[1].saturating_sub(zero + zero_after),
            ],
            // The piece's own are those it had when first read (`Shared::rates`).
            rates: around.rates,
            within: Some(crate::correct::Within {
                start: pre.len(),
                len,
                since,
            }),
        })),
        corrector_read: Some(0),
        ..doc.shared.clone()
    };
    let focus: Option<Vec<Span>> = focus.map(|spans| {
        spans
            .iter()
            .map(|s| Span::new(s.start + pre.len(), s.end + pre.len()))
            .collect()
    });
    match (correction_windows(sub.text()), focus) {
        (Some(windows), focus) => windowed(correct, &mut sub, &windows, focus.as_deref()),
        (None, focus) => correct.run_from(&mut sub, focus),
    }
    let piece = Span::new(pre.len(), pre.len() + len);
    // Each step's edits inside the piece, where the piece stood in the
    // sub-document before the step.
    let (mut start, mut end) = (piece.start, piece.end);
    for step in sub.edits().chunk_by(|a, b| a.step == b.step) {
        let (mut moved_start, mut moved_end) = (0isize, 0isize);
        let mut changes = Vec::new();
        for (at, e) in crate::text::before_step(step) {
            let delta = e.after.len() as isize - e.before.len() as isize;
            if at + e.before.len() <= start && !(e.before.is_empty() && at == start) {
                moved_start += delta;
                moved_end += delta;
            } else if inside(
                Span::new(at, at + e.before.len()),
                Span::new(start, end),
                post,
            ) {
                moved_end += delta;
                changes.push(crate::Change {
                    span: Span::new(at - start, at - start + e.before.len()),
                    after: e.after.clone(),
                    why: e.why.clone(),
                    confidence: e.confidence,
                });
            }
        }
        start = start.checked_add_signed(moved_start).unwrap_or(0);
        end = end.checked_add_signed(moved_end).unwrap_or(0);
        if !changes.is_empty() {
            doc.apply(crate::EditKind::Correct, changes);
        }
    }
    true
}

/// Runs the corrector over each of `windows` as a document of its own (around
/// the spans of `focus` inside it, when given); see [`correct_windows`].
///
/// The windows' edits are made on `doc` step by step: the `i`-th step of every
/// window in one [`Document::apply`], so that the whole text is copied once per
/// step rather than once per window and step (which made a text in one long
/// line quadratic: `Text::apply` took 10% of the time on 4 MB, `perf`).
fn windowed(
    correct: &crate::Correct,
    doc: &mut Document,
    windows: &[Span],
    focus: Option<&[Span]>,
) {
    // Each window read, its edits kept (by step) with where it starts.
    let mut read: Vec<(usize, Vec<Vec<Edit>>)> = Vec::new();
    for &part in windows.iter().filter(|p| !p.is_empty()) {
        let inside = focus.map(|spans| {
            spans
                .iter()
                .filter(|s| s.start < part.end && s.end > part.start)
                .map(|s| {
                    Span::new(
                        s.start.max(part.start) - part.start,
                        s.end.min(part.end) - part.start,
                    )
                })
                .collect::<Vec<Span>>()
        });
        if inside.as_ref().is_some_and(Vec::is_empty) {
            continue;
        }
        let mut sub = Document::new(&doc.text()[part.range()], doc.encoding);
        sub.script = doc.script;
        correct.run_from(&mut sub, inside);
        if sub.edits().is_empty() {
            continue;
        }
        let steps = sub
            .edits()
            .chunk_by(|a, b| a.step == b.step)
            .map(<[Edit]>::to_vec)
            .collect();
        read.push((part.start, steps));
    }
    let rounds = read.iter().map(|(_, steps)| steps.len()).max().unwrap_or(0);
    for round in 0..rounds {
        // How far the windows before have moved in this round.
        let mut moved = 0isize;
        let mut changes = Vec::new();
        for (start, steps) in &mut read {
            // The window's start in the text before this round; after it,
            // moved by the windows before.
            let here = *start;
            *start = here.checked_add_signed(moved).unwrap_or(0);
            let Some(step) = steps.get(round) else {
                continue;
            };
            // Each edit's place in the window's text before its step.
            for (at, e) in crate::text::before_step(step) {
                let at = at + here;
                changes.push(crate::Change {
                    span: Span::new(at, at + e.before.len()),
                    after: e.after.clone(),
                    why: e.why.clone(),
                    confidence: e.confidence,
                });
                moved += e.after.len() as isize - e.before.len() as isize;
            }
        }
        doc.apply(crate::EditKind::Correct, changes);
    }
}

/// Where a piece of a larger input stands in the whole: what comes before it.
///
/// A large input's pieces ([`Cleaner::clean_pieces`]) can be written out one
/// after the other, each dropped before the next, as one document: each piece's
/// spans, quantity indices and edits are moved by the offsets of the pieces
/// before it ([`Document::shift_found`], [`Offsets::edit`]), and the offsets of
/// the next piece are [`Offsets::after`] this one. The edit log so written
/// rebuilds the whole original ([`rebuild_original`](crate::rebuild_original)).
///
/// ```
/// use zhdoc::{Cleaner, Offsets};
///
/// let input = "第一段,结合实际。\n\n第二段,开展活动1364家。\n";
/// let cleaner = Cleaner::new();
/// let (mut text, mut edits, mut quantities) = (String::new(), Vec::new(), Vec::new());
/// let mut at = Offsets::default();
/// for mut piece in cleaner.clean_pieces(input, "UTF-8", 16) {
///     let next = at.after(&piece);
///     piece.shift_found(at);
///     text.push_str(piece.text());
///     edits.extend(piece.edits().iter().map(|e| at.edit(e)));
///     quantities.extend(piece.numbers().iter().cloned());
///     at = next;
/// }
/// assert_eq!(zhdoc::rebuild_original(&text, &edits)?, input);
/// let q = quantities.iter().find(|q| q.text == "1364家").unwrap();
/// assert_eq!(&text[q.span.range()], "1364家");
/// assert_eq!(&input[q.original_span.range()], "1364家");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Offsets {
    /// The bytes of cleaned text before the piece.
    pub text: usize,
    /// The bytes of original input before the piece.
    pub original: usize,
    /// The steps of the edit log before the piece (each piece's steps follow
    /// the steps of the pieces before it).
    pub step: u32,
    /// The quantities before the piece.
    pub quantities: usize,
}

impl Offsets {
    /// The offsets of the piece that follows `doc`, which stands at `self`
    /// (before or after [`Document::shift_found`], which leaves the log and
    /// the lengths as they are).
    pub fn after(self, doc: &Document) -> Offsets {
        // The piece's own log (`shift_found` leaves it as it is): steps from 0.
        let steps = doc.edits().last().map_or(0, |e| e.step + 1);
        Offsets {
            text: self.text + doc.text().len(),
            original: self.original + doc.original().len(),
            step: self.step + steps,
            quantities: self.quantities + doc.numbers().len(),
        }
    }

    /// An edit of the piece at `self` as the whole's log holds it: its step
    /// after those of the pieces before, its offset in the whole text as the
    /// step left it (the pieces before are cleaned, those after not yet), its
    /// span in the whole original.
    pub fn edit(&self, edit: &Edit) -> Edit {
        let mut e = edit.clone();
        e.step += self.step;
        e.at += self.text;
        e.original = self.original_span(e.original);
        e
    }

    fn text_span(&self, s: Span) -> Span {
        Span::new(s.start + self.text, s.end + self.text)
    }

    fn original_span(&self, s: Span) -> Span {
        Span::new(s.start + self.original, s.end + self.original)
    }

    /// Moves a found item's span of the text and its span of the original.
    fn shift(&self, span: &mut Span, original: &mut Span) {
        *span = self.text_span(*span);
        *original = self.original_span(*original);
    }
}

impl Document {
    /// Moves what was found in a piece of a larger input (quantities, headings,
    /// the outline, its title and byline) to where the piece stands in the
    /// whole: spans by `by.text` and `by.original`, the sentences' quantity
    /// indices by `by.quantities`. The text and the edit log are not changed
    /// (see [`Offsets::edit`]). Call it once per piece.
    pub fn shift_found(&mut self, by: Offsets) {
        for q in &mut self.quantities {
            by.shift(&mut q.span, &mut q.original_span);
        }
        for h in &mut self.headings {
            by.shift(&mut h.span, &mut h.original_span);
        }
        let outline = &mut self.outline;
        for b in outline.title.iter_mut().chain(outline.byline.iter_mut()) {
            by.shift(&mut b.span, &mut b.original_span);
        }
        for a in &mut outline.articles {
            by.shift(&mut a.span, &mut a.original_span);
        }
        fn walk(sections: &mut [crate::Section], by: &Offsets) {
            for s in sections {
                by.shift(&mut s.span, &mut s.original_span);
                if let Some(h) = &mut s.heading {
                    by.shift(&mut h.span, &mut h.original_span);
                }
                for p in &mut s.paragraphs {
                    by.shift(&mut p.span, &mut p.original_span);
                    for t in &mut p.sentences {
                        by.shift(&mut t.span, &mut t.original_span);
                        for q in &mut t.quantities {
                            *q += by.quantities;
                        }
                    }
                    for i in &mut p.items {
                        by.shift(&mut i.span, &mut i.original_span);
                    }
                }
                walk(&mut s.sections, by);
            }
        }
        walk(&mut outline.sections, &by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct ChunkTest {
        name: &'static str,
        text: &'static str,
        max: usize,
        pieces: &'static [&'static str],
    }

    const CHUNKS: &[ChunkTest] = &[
        ChunkTest {
            name: "fits",
            text: "一段。",
            max: 100,
            pieces: &["一段。"],
        },
        ChunkTest {
            name: "blank line before a line break",
            text: "aaaa\n\nbbb\nccc\ndd",
            max: 12,
            pieces: &["aaaa\n\n", "bbb\nccc\ndd"],
        },
        ChunkTest {
            name: "crlf blank line",
            text: "aaaa\r\n\r\nbb\r\ncc",
            max: 12,
            pieces: &["aaaa\r\n\r\n", "bb\r\ncc"],
        },
        ChunkTest {
            name: "line break",
            text: "aaaa\nbbbb\ncccc",
            max: 12,
            pieces: &["aaaa\nbbbb\n", "cccc"],
        },
        ChunkTest {
            name: "sentence end in one long line",
            text: "一二。三四五六七",
            max: 12,
            pieces: &["一二。", "三四五六", "七"],
        },
        ChunkTest {
            name: "character boundary",
            text: "一二三四五",
            max: 7,
            pieces: &["一二", "三四", "五"],
        },
        ChunkTest {
            name: "a character longer than max",
            text: "一二",
            max: 2,
            pieces: &["一", "二"],
        },
        ChunkTest {
            name: "no tiny pieces from an early break",
            text: "a\nbbbbbbbbbbbbbbbb",
            max: 8,
            pieces: &["a\nbbbbbb", "bbbbbbbb", "bb"],
        },
    ];

    #[test]
    fn chunks() {
        for t in CHUNKS {
            let pieces: Vec<&str> = paragraph_chunks(t.text, t.max).collect();
            assert_eq!(pieces, t.pieces, "{}", t.name);
            assert_eq!(pieces.concat(), t.text, "{}", t.name);
        }
    }

    #[test]
    fn edges_give_each_piece_the_whole_around_it() {
        let reach = crate::correct::Around::REACH;
        // Pieces shorter and longer than the reach, a piece of one line.
        let texts = [
            "一九八○年，".repeat(3),
            "甲".repeat(reach),
            "〇b\n".to_owned(),
            "c".repeat(10),
            "乙".repeat(5),
        ];
        let whole: String = texts.concat();
        let edges: Vec<Edges> = texts.iter().map(|t| Edges::read(t)).collect();
        let all = crate::correct::zeros(&whole);
        let mut at = 0;
        for (i, t) in texts.iter().enumerate() {
            let a = Edges::around(&edges, i);
            assert_eq!(a.offset, at, "{i}");
            let end = at + t.len();
            assert_eq!(
                a.before,
                &whole.as_bytes()[at.saturating_sub(reach)..at],
                "{i}"
            );
            let after = (end + reach).min(whole.len());
            assert_eq!(a.after, &whole.as_bytes()[end..after], "{i}");
            let own = crate::correct::zeros(t);
            assert_eq!(a.zeros, [all[0] - own[0], all[1] - own[1]], "{i}");
            assert_eq!(a.char_before(), whole[..at].chars().next_back(), "{i}");
            // The lines read with the piece: whole lines where there are
            // line breaks, whole characters.
            let (pre, post) = seams(&a);
            assert!(
                whole[..at].ends_with(pre) && whole[end..].starts_with(post),
                "{i}"
            );
            at = end;
        }
    }

    /// A case of [`long_runs`]: its name, the text, the runs as offsets.
    type RunCase = (&'static str, String, Vec<(usize, usize)>);

    #[test]
    fn long_runs_are_found() {
        let run = |c: &str, n: usize| c.repeat(n);
        let cases: Vec<RunCase> = vec![
            ("empty", String::new(), vec![]),
            ("as long as allowed", run("a", LONGEST_RUN), vec![]),
            (
                "one too long",
                run("a", LONGEST_RUN + 1),
                vec![(0, LONGEST_RUN + 1)],
            ),
            (
                "ideographs after a mark",
                format!("。{}，好", run("的", LONGEST_RUN + 1)),
                vec![(3, 3 + 3 * (LONGEST_RUN + 1))],
            ),
            (
                "digits and letters",
                format!("{} x", run("1a", 200)),
                vec![(0, 400)],
            ),
            (
                "cut by spaces",
                run(&format!("{} ", run("字", 200)), 3),
                vec![],
            ),
        ];
        for (name, text, want) in cases {
            let got: Vec<(usize, usize)> =
                long_runs(&text).iter().map(|s| (s.start, s.end)).collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn correction_windows_only_where_needed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dev");
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(correction_windows(&text), None, "{}", path.display());
            }
        }
        // A long line: windows that tile it, cut after sentence ends.
        let line = "市总工会按照上级工会的总体要求，结合实际，开展创争活动。".repeat(5000);
        let windows = correction_windows(&line).unwrap();
        assert!(windows.len() > 1);
        let mut at = 0;
        for w in &windows {
            assert_eq!(w.start, at);
            assert!(w.len() <= WINDOW);
            assert!(line[w.range()].ends_with('。'));
            at = w.end;
        }
        assert_eq!(at, line.len());
        // A long run is left out of the windows.
        let run = "的一是在不了有和人这中大为上".repeat(30);
        let text = format!("前面。\n{run}\n后面。");
        let windows: Vec<&str> = correction_windows(&text)
            .unwrap()
            .iter()
            .map(|w| &text[w.range()])
            .collect();
        assert_eq!(windows, ["前面。\n", "\n后面。"]);
    }

    #[test]
    fn prose_beside_a_long_run_is_corrected_and_the_run_is_not() {
        let run = "的一是在不了有和人这中大为上".repeat(30);
        let prose = "全市屮小企业达到1364家，结合实际开展活动。";
        let input = format!("{prose}\n{run}\n{prose}\n");
        let cleaner = Cleaner::new();
        let doc = cleaner.clean_str(&input);
        assert_eq!(doc.text().matches("全市中小企业").count(), 2);
        assert!(!doc.text().contains('屮'));
        assert!(doc.text().contains(&format!("\n{run}\n")));
        assert_eq!(
            crate::rebuild_original(doc.text(), doc.edits()).unwrap(),
            input
        );
        // The same in one long line, corrected in windows.
        let line = prose.repeat(4000);
        let doc = cleaner.clean_str(&line);
        assert_eq!(doc.text().matches("全市中小企业").count(), 4000);
        assert!(!doc.text().contains('屮'));
        assert_eq!(
            crate::rebuild_original(doc.text(), doc.edits()).unwrap(),
            line
        );
    }

    #[test]
    fn pieces_shifted_into_the_whole() {
        let input = "第一段,结合实际。\n\n一、总体要求\n全市屮小企业达到1364家。\n\n（一）加强领导\n第二段,增长5%。\n";
        let cleaner = Cleaner::new();
        for max in [20, 40, 80] {
            let (mut text, mut edits) = (String::new(), Vec::new());
            let mut at = Offsets::default();
            let mut found = 0;
            for mut piece in cleaner.clean_pieces(input, "UTF-8", max) {
                let next = at.after(&piece);
                piece.shift_found(at);
                let before = text.len();
                text.push_str(piece.text());
                edits.extend(piece.edits().iter().map(|e| at.edit(e)));
                for q in piece.numbers() {
                    assert!(q.span.start >= before, "{max}");
                    assert_eq!(&text[q.span.range()], q.text, "{max}");
                    assert_eq!(&input[q.original_span.range()], q.text, "{max}");
                    found += 1;
                }
                for h in piece.headings() {
                    assert_eq!(&text[h.span.range()], h.text, "{max}");
                }
                for s in &piece.outline().sections {
                    for p in &s.paragraphs {
                        for t in &p.sentences {
                            assert_eq!(&text[t.span.range()], t.text, "{max}");
                            for &i in &t.quantities {
                                assert!(i >= at.quantities && i < next.quantities, "{max}");
                            }
                        }
                    }
                }
                at = next;
            }
            assert!(found >= 2, "{max}");
            assert_eq!(
                crate::rebuild_original(&text, &edits).unwrap(),
                input,
                "{max}"
            );
        }
    }

    #[test]
    fn chunked_dev_documents_rebuild_their_originals() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dev");
        let cleaner = Cleaner::new();
        for name in ["seed.txt", "gwr1982-tiantian.txt"] {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            for max in [512, 4096] {
                let doc = cleaner.clean_chunked(&bytes, max).unwrap();
                let original = std::str::from_utf8(&bytes).unwrap();
                assert_eq!(doc.original(), original, "{name} {max}");
                let rebuilt = crate::rebuild_original(doc.text(), doc.edits()).unwrap();
                assert_eq!(rebuilt, original, "{name} {max}");
                // Spans map into the whole original, in order.
                let mut last = 0;
                for (at, c) in doc.text().char_indices().step_by(97) {
                    let span = doc.original_span(Span::new(at, at + c.len_utf8()));
                    assert!(span.end <= original.len(), "{name} {max}");
                    assert!(span.start >= last, "{name} {max}");
                    last = span.start;
                }
            }
        }
    }

    #[test]
    fn chunked_provenance_covers_the_whole_input() {
        let input = "\u{feff}欢迎来到天天文库\r\n页数:4页\r\n1、市总工会按照上级工会的总体要求,结合安达实\r\n\r\n2、际,全面开展“创争”活动。\r\n\r\n屮华人民共和国ＡＢＣ。\r\n";
        let cleaner = Cleaner::new();
        for max in [8, 30, 64, 1000] {
            let doc = cleaner.clean_chunked(input.as_bytes(), max).unwrap();
            assert_eq!(doc.original(), input, "max {max}");
            assert_eq!(
                crate::rebuild_original(doc.text(), doc.edits()).unwrap(),
                input,
                "max {max}"
            );
            // Every edit's original span holds what it replaced.
            for e in doc.edits().iter().filter(|e| e.step == 0) {
                assert_eq!(&input[e.original.range()], e.before, "max {max}");
            }
            for (at, c) in doc.text().char_indices() {
                let span = doc.original_span(Span::new(at, at + c.len_utf8()));
                assert!(span.end <= input.len(), "max {max}");
            }
        }
        let whole = cleaner.clean(input.as_bytes()).unwrap();
        let one = cleaner.clean_chunked(input.as_bytes(), 1000).unwrap();
        assert_eq!(one.text(), whole.text());
        assert_eq!(one.edits(), whole.edits());
    }
}
