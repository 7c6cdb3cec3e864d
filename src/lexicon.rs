//! The word lexicon: jieba's dictionary with its frequencies, and the segmenter
//! built from it.

use std::fmt;
use std::sync::{LazyLock, OnceLock};

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

/// jieba's dictionary (MIT; see `src/data/jieba/SOURCE.md`).
static DICT: &str = include_str!("data/jieba/dict.txt");

static GLOBAL: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

/// Words with their corpus frequencies, and a jieba-rs segmenter over the same words.
///
/// jieba-rs does not expose its frequencies, so zhdoc owns the dictionary: it reads
/// the word list once, keeps the frequencies, and hands the same list to jieba-rs.
/// [`Lexicon::global`] is built on first use and shared.
pub struct Lexicon {
    freqs: FxHashMap<Box<str>, u32>,
    total: u64,
    /// `ln(total)`, so that a word's log-probability is one subtraction away.
    ln_total: f64,
    /// The longest word, in characters.
    max_chars: usize,
    /// How many words (not prefixes) `freqs` holds.
    words: usize,
    /// Built on first use: the corrector reads `freqs` alone.
    jieba: OnceLock<Jieba>,
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words)
            .field("total", &self.total)
            .finish()
    }
}

impl Lexicon {
    /// The built-in lexicon, built once on first use.
    pub fn global() -> &'static Lexicon {
        &GLOBAL
    }

    fn builtin() -> Lexicon {
        let mut freqs = FxHashMap::with_capacity_and_hasher(360_000, Default::default());
        let mut total = 0u64;
        let mut max_chars = 1;
        let mut words = 0;
        for line in DICT.lines() {
            let mut parts = line.split(' ');
            let (Some(word), Some(freq)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Ok(freq) = freq.parse::<u32>() else {
                continue;
            };
            total += u64::from(freq);
            max_chars = max_chars.max(word.chars().count());
            if freqs
                .insert(Box::from(word), freq.max(1))
                .is_none_or(|old| old == 0)
            {
                words += 1;
            }
            // Every proper prefix is kept with frequency 0, so that a segmenter
            // stops extending a candidate word as soon as no word starts so.
            for (i, _) in word.char_indices().skip(1) {
                freqs.entry(Box::from(&word[..i])).or_insert(0);
            }
        }

        Lexicon {
            freqs,
            total,
            ln_total: (total.max(1) as f64).ln(),
            max_chars,
            words,
            jieba: OnceLock::new(),
        }
    }

    /// The corpus frequency of `word`, if it is in the lexicon.
    #[inline]
    pub fn freq(&self, word: &str) -> Option<u32> {
        self.freqs.get(word).copied().filter(|&f| f > 0)
    }

    /// Whether `word` is in the lexicon.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.freq(word).is_some()
    }

    /// The natural log of the probability of `word` under the unigram model the
    /// segmenter uses (its frequency over the sum of all), if it is in the lexicon.
    #[inline]
    pub fn log_prob(&self, word: &str) -> Option<f64> {
        self.freq(word).map(|f| f64::from(f).ln() - self.ln_total)
    }

    /// The log-probability of a word the lexicon does not know: that of a word
    /// seen once, as jieba scores unknown characters.
    #[inline]
    pub fn unknown_log_prob(&self) -> f64 {
        -self.ln_total
    }

    /// The log-probability of the best segmentation of `text` into lexicon words,
    /// a character the lexicon does not know standing alone at
    /// [`unknown_log_prob`](Lexicon::unknown_log_prob): jieba's dictionary model,
    /// without its model of unknown words. Higher is more likely Chinese.
    ///
    /// # Example
    ///
    /// ```
    /// let lex = zhdoc::Lexicon::global();
    /// assert!(lex.segment_score("评估体系") > lex.segment_score("评估休系"));
    /// ```
    pub fn segment_score(&self, text: &str) -> f64 {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let n = bounds.len() - 1;
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        best[0] = 0.0;
        for start in 0..n {
            let base = best[start];
            if base == f64::NEG_INFINITY {
                continue;
            }
            let single = &text[bounds[start]..bounds[start + 1]];
            let lp = self.log_prob(single).unwrap_or(self.unknown_log_prob());
            best[start + 1] = best[start + 1].max(base + lp);
            for end in start + 2..=n.min(start + self.max_chars) {
                match self.freqs.get(&text[bounds[start]..bounds[end]]) {
                    None => break,
                    Some(0) => {}
                    Some(&f) => {
                        let lp = f64::from(f).ln() - self.ln_total;
                        best[end] = best[end].max(base + lp);
                    }
                }
            }
        }
        best[n]
    }

    /// The longest word of the lexicon, in characters.
    #[inline]
    pub fn max_word_chars(&self) -> usize {
        self.max_chars
    }

    /// The sum of all frequencies.
    #[inline]
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The number of words.
    #[inline]
    pub fn len(&self) -> usize {
        self.words
    }

    /// Whether the lexicon has no words.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// The jieba-rs segmenter over the same words.
    #[inline]
    pub fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            Jieba::with_dict(&mut DICT.as_bytes()).expect("the built-in dictionary is well formed")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_lexicon_has_frequencies_and_segments() {
        let lex = Lexicon::global();
        assert!(lex.len() > 300_000);
        assert!(lex.freq("工人").unwrap() > lex.freq("T人").unwrap_or(0));
        let words: Vec<&str> = lex
            .jieba()
            .cut("保持和发展工人阶级先进性", false)
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert!(words.contains(&"工人阶级"), "{words:?}");
    }
}
