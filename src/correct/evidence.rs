//! The document's own evidence for a reading that loses by a little.
//!
//! A report names its subject again and again: a word the document writes
//! elsewhere is likelier at a misread place than the lexicon alone says. This is
//! a cache model of the document's words (Kuhn and De Mori, 1990): a word's
//! probability is the lexicon's, mixed with its share of the document,
//!
//! ```text
//! P(w) = (1 − λ) · P_lexicon(w) + λ · count(w) / characters
//! ```
//!
//! so that a rare word the document uses lifts a reading that makes it, and a
//! common one hardly at all. Only places the lexicon leaves uncovered are read at
//! all, so the words of right text are never in question.

use std::ops::Range;

use memchr::memmem;
use rustc_hash::FxHashMap;

use crate::lexicon::{COVER_MIN_FREQ, Overlay};
use crate::{Edit, Lexicon, Span};

/// The weight of the document's own counts in the mixture. Every reading it
/// added on the dev corpus was right up to 0.2; at 0.5 the first wrong ones came
/// (`两大铁路` → 两天), so a fifth of that.
const LAMBDA: f64 = 0.1;

/// The document is read for its words a block at a time, in bytes: the block
/// of the text being corrected and the one each side of it, 5 to 16 thousand
/// characters (all of most reports; on the dev corpus, whose inputs run to 87 KB,
/// the readings are the same as with blocks of 64 KB), which bound the cost per
/// place in a long input.
///
/// The blocks are placed on the text as the corrector first read it (see
/// [`Since`]): a place belongs to the block it stood in then, and a block
/// holds the text that now stands where it stood. Placed on the text as it is
/// corrected, every correction that changes a length moves the blocks of all
/// places after it, so that the same text read as a piece of a larger input
/// (which does not see the corrections of the pieces before) was weighed with
/// other words than in the whole (issue 19).
const BLOCK: usize = 16 << 10;

/// What the corrector of one piece of a larger input reads of the whole
/// around it (`Cleaner::shared_pieces` reads it over the pieces as the
/// corrector first reads them, after the passes before it), so that it reads
/// the piece as it reads the whole:
///
/// * the document's words: the whole's text each side of the piece, as far
///   as the blocks read around a place in the piece reach (two blocks), and
///   where the piece starts in the whole, which places the blocks;
/// * how the rest of the whole writes the zero of a year (`○`, `〇`);
/// * the character before the piece (a dash at a piece's start opens a clause
///   after the line before it).
///
/// It is the whole's text when the corrector first reads it: the pieces
/// around are not corrected with the piece, nor moved by its corrections.
#[derive(Clone, Debug, Default)]
pub(crate) struct Around {
    /// Where the piece starts in the whole's text.
    pub(crate) offset: usize,
    /// The last bytes of the whole's text before the piece (at most
    /// [`Around::REACH`]).
    pub(crate) before: Vec<u8>,
    /// The first bytes of the whole's text after the piece (at most
    /// [`Around::REACH`]); fewer where the whole ends.
    pub(crate) after: Vec<u8>,
    /// The zeros of years (`○`, `〇`) the rest of the whole holds.
    pub(crate) zeros: [usize; 2],
    /// The rates ([`crate::correct::rates`]) the rest of the whole held when
    /// the corrector first read it.
    pub(crate) rates: [usize; 3],
    /// For the text the corrector of a piece reads (the piece with the
    /// whole's lines around it, `chunk::in_context`): where the piece stands
    /// in it, and where its characters stood when its corrector first read
    /// it. `offset`, `before` and `after` are then that text's.
    pub(crate) within: Option<Within>,
}

/// Where a piece stands in the text its corrector reads, which holds the
/// whole's text around it as the corrector first read it (see [`Around`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Within {
    /// Where the piece starts in that text.
    pub(crate) start: usize,
    /// Its length there.
    pub(crate) len: usize,
    /// Its edits since its corrector first read it.
    pub(crate) since: Since,
}

/// The steps of a text's log since the corrector first read it, to carry a
/// place of the text back to where it stood then, or a place of the text
/// then forward to where it stands now. Both are monotone: a place inside
/// text an edit replaced stands at the start of what replaced it, and a
/// place of what an edit wrote stood at the start of what it replaced.
#[derive(Clone, Debug, Default)]
pub(crate) struct Since {
    /// Each step's edits, in text order: where each stood in the text before
    /// the step (start and end) and where it stands in the text after it.
    steps: Vec<Vec<[usize; 4]>>,
}

impl Since {
    /// The steps of `edits`, the log since the corrector first read the text.
    pub(crate) fn of(edits: &[Edit]) -> Since {
        let steps = edits
            .chunk_by(|a, b| a.step == b.step)
            .map(|step| {
                crate::text::before_step(step)
                    .map(|(at, e)| [at, at + e.before.len(), e.at, e.at + e.after.len()])
                    .collect()
            })
            .collect();
        Since { steps }
    }

    /// Where the place `at` of the text now stood when the corrector first
    /// read it.
    pub(crate) fn back(&self, mut at: usize) -> usize {
        for step in self.steps.iter().rev() {
            let k = step.partition_point(|e| e[2] <= at);
            if let Some(e) = k.checked_sub(1).map(|k| step[k]) {
                at = if at < e[3] { e[0] } else { at - e[3] + e[1] };
            }
        }
        at
    }

    /// Where the place `at` of the text as the corrector first read it
    /// stands now.
    pub(crate) fn forth(&self, mut at: usize) -> usize {
        for step in &self.steps {
            let k = step.partition_point(|e| e[0] <= at);
            if let Some(e) = k.checked_sub(1).map(|k| step[k]) {
                at = if at < e[1] { e[2] } else { at - e[1] + e[3] };
            }
        }
        at
    }
}

impl Around {
    /// How far the blocks read around a place reach beyond it, each way.
    pub(crate) const REACH: usize = 2 * BLOCK;

    /// The character just before the piece in the whole.
    pub(crate) fn char_before(&self) -> Option<char> {
        let b = &self.before;
        let lead = b.iter().rposition(|&x| x & 0xC0 != 0x80)?;
        std::str::from_utf8(&b[lead..]).ok()?.chars().next()
    }
}

/// Counts added one by one (a text's, and the rest of a whole's).
pub(crate) fn add_counts<const N: usize>(a: [usize; N], b: [usize; N]) -> [usize; N] {
    std::array::from_fn(|i| a[i] + b[i])
}

/// The zeros of years `text` holds: how many `○` and how many `〇`.
pub(crate) fn zeros(text: &str) -> [usize; 2] {
    [text.matches('○').count(), text.matches('〇').count()]
}

/// Counts of words in a document, each counted when first asked for, in the
/// blocks around the text being corrected.
pub(super) struct DocWords<'t> {
    text: &'t str,
    /// The whole input around `text`, when `text` is a piece of it.
    around: Option<&'t Around>,
    /// The text's edits since the corrector first read it.
    since: &'t Since,
    /// The length of `text` as the corrector first read it (of the piece with
    /// the whole's lines around it, for a piece).
    first_len: usize,
    /// The block of the text being corrected (of the whole's, for a piece).
    block: usize,
    /// The block the window was last read for: the bytes of `text` it is,
    /// or, for a piece, the bytes read (its own and the whole's around it).
    read: Option<usize>,
    range: (usize, usize),
    joined: Vec<u8>,
    counts: FxHashMap<(String, usize), u32>,
    word: String,
    /// The characters of the words the last [`gain`](DocWords::gain) counted.
    weighed: Vec<char>,
}

impl<'t> DocWords<'t> {
    /// The words of `text`, whose edits since the corrector first read it are
    /// `since`, a piece of a larger input read with the whole's text `around`
    /// it, when given: the blocks are the whole's.
    pub(super) fn around(
        text: &'t str,
        around: Option<&'t Around>,
        since: &'t Since,
    ) -> DocWords<'t> {
        let mut words = DocWords {
            text,
            around,
            since,
            first_len: 0,
            block: 0,
            read: None,
            range: (0, 0),
            joined: Vec::new(),
            counts: FxHashMap::default(),
            word: String::new(),
            weighed: Vec::new(),
        };
        words.first_len = words.first(text.len());
        words
    }

    /// The characters of the words the last [`gain`](DocWords::gain) counted: an
    /// edit that writes or takes away none of them changes no count it read.
    pub(super) fn weighed(&self) -> &[char] {
        &self.weighed
    }

    /// Where the place `at` of the text stood when the corrector first read
    /// it (from the start of the piece with the lines around it, for a
    /// piece).
    fn first(&self, at: usize) -> usize {
        let at = self.since.back(at);
        match self.around.and_then(|a| a.within.as_ref()) {
            Some(w) if at >= w.start + w.len => at - w.len + w.since.back(w.len),
            Some(w) if at > w.start => w.start + w.since.back(at - w.start),
            _ => at,
        }
    }

    /// Where the place `at` of the text as the corrector first read it
    /// stands now (the inverse of [`first`](DocWords::first)).
    fn now(&self, at: usize) -> usize {
        let at = match self.around.and_then(|a| a.within.as_ref()) {
            Some(w) => {
                let first_len = w.since.back(w.len);
                if at >= w.start + first_len {
                    at - first_len + w.len
                } else if at > w.start {
                    w.start + w.since.forth(at - w.start)
                } else {
                    at
                }
            }
            None => at,
        };
        self.since.forth(at).min(self.text.len())
    }

    /// Reads the words around `span` from now on: the block it stood in when
    /// the corrector first read the text.
    pub(super) fn focus(&mut self, span: Span) {
        let offset = self.around.map_or(0, |a| a.offset);
        self.block = (offset + self.first(span.start)) / BLOCK;
    }

    /// The bytes read for words: the block of the text being corrected and
    /// the one each side of it (of the whole's text, for a piece), as the
    /// corrector first read the text, with what stands there now.
    fn window(&mut self) -> &[u8] {
        if self.read != Some(self.block) {
            let (offset, before, after) = self.around.map_or((0, &[][..], &[][..]), |a| {
                (a.offset, &a.before[..], &a.after[..])
            });
            // The whole's bytes from `start` to `end`, of the text before
            // the piece, the piece and the text after it.
            let len = offset + self.first_len + after.len();
            let end = ((self.block + 2) * BLOCK).min(len);
            let start = (self.block.saturating_sub(1) * BLOCK).min(end);
            let (lo, hi) = (start.max(offset), end.min(offset + self.first_len));
            self.range = if lo < hi {
                let (lo, hi) = (self.now(lo - offset), self.now(hi - offset));
                (lo, hi.max(lo))
            } else {
                (0, 0)
            };
            self.read = Some(self.block);
            if self.around.is_some() {
                let part = |from: usize, bytes: &[u8], out: &mut Vec<u8>| {
                    let (lo, hi) = (start.max(from), end.min(from + bytes.len()));
                    if lo < hi {
                        out.extend_from_slice(&bytes[lo - from..hi - from]);
                    }
                };
                let joined = &mut self.joined;
                joined.clear();
                part(offset - before.len(), before, joined);
                joined.extend_from_slice(&self.text.as_bytes()[self.range.0..self.range.1]);
                part(offset + self.first_len, after, joined);
            }
        }
        if self.around.is_some() {
            &self.joined
        } else {
            &self.text.as_bytes()[self.range.0..self.range.1]
        }
    }

    /// About how many characters the window holds (most are three bytes long).
    fn chars(&mut self) -> f64 {
        (self.window().len() / 3).max(1) as f64
    }

    /// How often `word` stands in the window.
    fn count(&mut self, word: &[char]) -> u32 {
        self.word.clear();
        self.word.extend(word);
        let key = (std::mem::take(&mut self.word), self.block);
        let c = match self.counts.get(&key) {
            Some(&c) => c,
            None => {
                let word = key.0.as_bytes();
                let c = memmem::find_iter(self.window(), word).count();
                let c = u32::try_from(c).unwrap_or(u32::MAX);
                self.counts.insert(key.clone(), c);
                c
            }
        };
        self.word = key.0;
        c
    }

    /// The word of two or more characters in `chars` holding any of `at` whose
    /// log-probability the document's use of it raises most: how much, and where
    /// it stands. `here` is taken from each count: the occurrences that are this
    /// very place.
    fn lift(
        &mut self,
        lex: &Lexicon,
        chars: &[char],
        at: Range<usize>,
        here: u32,
        extra: Option<&Overlay>,
    ) -> (f64, Range<usize>) {
        // A word too rare to vouch for its characters is no evidence either.
        let min_lp = f64::from(COVER_MIN_FREQ).ln() + lex.unknown_log_prob();
        let mut words: Vec<(Range<usize>, f64)> = Vec::new();
        let from = at.start.saturating_sub(lex.max_word_chars() - 1);
        for start in from..at.end.min(chars.len()) {
            lex.words_from(chars, start, extra, |end, lp| {
                if end > at.start && end - start >= 2 && lp >= min_lp {
                    words.push((start..end, lp));
                }
            });
        }
        let mut best = (0.0f64, at.clone());
        let chars_in = self.chars();
        for (span, lp) in words {
            self.weighed.extend_from_slice(&chars[span.clone()]);
            let seen = self.count(&chars[span.clone()]).saturating_sub(here);
            if seen == 0 {
                continue;
            }
            let share = f64::from(seen) / chars_in;
            let lift = ((1.0 - LAMBDA) + LAMBDA * share / lp.exp()).ln();
            if lift > best.0 {
                best = (lift, span);
            }
        }
        best
    }

    /// How much the document lifts the reading `intended` of `observed[at]` over
    /// the text as it stands, if by more than `need`: the lift of the reading's
    /// best word, less that of the best word of the text whose characters it
    /// would take. The characters of the words it counted are then
    /// [`weighed`](DocWords::weighed).
    pub(super) fn gain(
        &mut self,
        lex: &Lexicon,
        observed: &[char],
        at: Range<usize>,
        intended: char,
        need: f64,
        extra: Option<&Overlay>,
    ) -> Option<f64> {
        self.weighed.clear();
        let mut read: Vec<char> = Vec::with_capacity(observed.len());
        read.extend_from_slice(&observed[..at.start]);
        read.push(intended);
        read.extend_from_slice(&observed[at.end..]);
        let (with, word) = self.lift(lex, &read, at.start..at.start + 1, 0, extra);
        if with <= need {
            return None;
        }
        // The same characters in the text as it stands.
        let taken = word.start..word.end + at.len() - 1;
        let (without, _) = self.lift(lex, observed, taken, 1, extra);
        Some(with - without).filter(|&g| g > need)
    }
}

#[cfg(test)]
mod tests {
    use crate::correct::Correct;
    use crate::testing::run;

    fn correct(s: &str) -> String {
        run(&Correct::new(), s).text().to_owned()
    }

    /// A sentence whose misread word the lexicon alone does not repair.
    const MISREAD: &str = "采取果断措施，认真核对法字信息。";

    #[test]
    fn the_documents_words_lift_a_near_miss() {
        assert!(
            correct(MISREAD).contains("核对法字"),
            "{}",
            correct(MISREAD)
        );
        let doc = format!("{MISREAD}各地成立法学核对小组。法学信息得到核实，核对法学取得成效。");
        let out = correct(&doc);
        assert!(out.starts_with("采取果断措施，认真核对法学信息。"), "{out}");
    }

    #[test]
    fn a_common_word_lifts_little() {
        // 法学 is a common word: a report that writes it a few times is no
        // evidence that 法字 was meant (in a note of a line it would be).
        let filler = "这是一段没有关系的文字。\n".repeat(150);
        let doc = format!("这是法字的一步。\n{filler}这一步看法学，法学的是坚持，法学的是落实。");
        assert!(correct(&doc).starts_with("这是法字的一步。"));
        let note = "这是法字的一步。这一步看法学，法学的是坚持，法学的是落实。";
        assert!(correct(note).starts_with("这是法学的一步。"));
    }

    #[test]
    fn right_text_stays_right() {
        // Every character is inside a word: none is read again, whatever the
        // document writes.
        let doc = "我们正在工作。非常重要的工作，非常好，非常多，非常大。";
        assert_eq!(correct(doc), doc);
    }

    #[test]
    fn places_go_back_to_where_the_corrector_first_read_them_and_forth() {
        // `abcdef` → `aXXcef` (b replaced, d taken out) → `YaXXcef`.
        let mut doc = crate::Document::new("abcdef", "UTF-8");
        doc.apply(
            crate::EditKind::Correct,
            vec![
                crate::Change::replace(crate::Span::new(1, 2), "XX", "test"),
                crate::Change::delete(crate::Span::new(3, 4), "test"),
            ],
        );
        doc.apply(
            crate::EditKind::Correct,
            vec![crate::Change::replace(crate::Span::new(0, 0), "Y", "test")],
        );
        assert_eq!(doc.text(), "YaXXcef");
        let since = super::Since::of(doc.edits());
        let back: Vec<usize> = (0..=7).map(|at| since.back(at)).collect();
        // Y stood at a's place; XX at b's; c, e, f and the end moved back.
        assert_eq!(back, [0, 0, 1, 1, 2, 4, 5, 6]);
        let forth: Vec<usize> = (0..=6).map(|at| since.forth(at)).collect();
        // d's place, taken out, stands where e does now.
        assert_eq!(forth, [1, 2, 4, 5, 5, 6, 7]);
        for at in 0..=6 {
            assert_eq!(since.back(since.forth(at)), if at == 3 { 4 } else { at });
        }
    }

    #[test]
    fn far_text_is_not_read() {
        // Two blocks away the document's words are no evidence.
        let line = "这是一段没有关系的文字。\n";
        let filler = line.repeat(3 * super::BLOCK / line.len());
        let doc = format!("{MISREAD}{filler}各地成立法学核对小组。法学信息得到核实，核对法学。");
        assert!(correct(&doc).starts_with(MISREAD));
    }
}
