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

use crate::Lexicon;
use crate::lexicon::{COVER_MIN_FREQ, Overlay};

/// The weight of the document's own counts in the mixture.
const LAMBDA: f64 = 0.05;

/// Counts of words in one document, each counted when first asked for.
pub(super) struct DocWords<'t> {
    text: &'t str,
    /// About how many characters the text holds (most are three bytes long).
    chars: f64,
    counts: FxHashMap<String, u32>,
    word: String,
}

impl<'t> DocWords<'t> {
    pub(super) fn new(text: &'t str) -> DocWords<'t> {
        DocWords {
            text,
            chars: (text.len() / 3).max(1) as f64,
            counts: FxHashMap::default(),
            word: String::new(),
        }
    }

    /// How often `word` stands in the document.
    fn count(&mut self, word: &[char]) -> u32 {
        self.word.clear();
        self.word.extend(word);
        if let Some(&c) = self.counts.get(&self.word) {
            return c;
        }
        let c = memmem::find_iter(self.text.as_bytes(), self.word.as_bytes()).count();
        let c = u32::try_from(c).unwrap_or(u32::MAX);
        self.counts.insert(self.word.clone(), c);
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
        for (span, lp) in words {
            let seen = self.count(&chars[span.clone()]).saturating_sub(here);
            if seen == 0 {
                continue;
            }
            let share = f64::from(seen) / self.chars;
            let lift = ((1.0 - LAMBDA) + LAMBDA * share / lp.exp()).ln();
            if lift > best.0 {
                best = (lift, span);
            }
        }
        best
    }

    /// The lift the document gives the reading `intended` of `observed[at]` over
    /// the text as it stands: that of the reading's best word, less that of the
    /// best word of the text whose characters it would take.
    pub(super) fn gain(
        &mut self,
        lex: &Lexicon,
        observed: &[char],
        at: Range<usize>,
        intended: char,
        extra: Option<&Overlay>,
    ) -> f64 {
        let mut read: Vec<char> = Vec::with_capacity(observed.len());
        read.extend_from_slice(&observed[..at.start]);
        read.push(intended);
        read.extend_from_slice(&observed[at.end..]);
        let (with, word) = self.lift(lex, &read, at.start..at.start + 1, 0, extra);
        if with == 0.0 {
            return 0.0;
        }
        // The same characters in the text as it stands.
        let taken = word.start..word.end + at.len() - 1;
        let (without, _) = self.lift(lex, observed, taken, 1, extra);
        with - without
    }
}
