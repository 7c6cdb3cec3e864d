//! The word lexicon: jieba's dictionary with its frequencies, and the segmenter
//! built from it.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// jieba's dictionary (MIT; see `src/data/jieba/SOURCE.md`).
static DICT: &str = include_str!("data/jieba/dict.txt");

static GLOBAL: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

/// Words with their corpus frequencies, and a jieba-rs segmenter over the same words.
///
/// jieba-rs does not expose its frequencies, so zhdoc owns the dictionary: it reads
/// the word list once, keeps the frequencies, and hands the same list to jieba-rs.
/// [`Lexicon::global`] is built on first use and shared.
pub struct Lexicon {
    freqs: HashMap<Box<str>, u32>,
    total: u64,
    jieba: Jieba,
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.freqs.len())
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
        let mut freqs = HashMap::with_capacity(360_000);
        let mut total = 0u64;
        for line in DICT.lines() {
            let mut parts = line.split(' ');
            let (Some(word), Some(freq)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Ok(freq) = freq.parse::<u32>() else {
                continue;
            };
            total += u64::from(freq);
            freqs.insert(Box::from(word), freq);
        }
        let jieba =
            Jieba::with_dict(&mut DICT.as_bytes()).expect("the built-in dictionary is well formed");
        Lexicon {
            freqs,
            total,
            jieba,
        }
    }

    /// The corpus frequency of `word`, if it is in the lexicon.
    #[inline]
    pub fn freq(&self, word: &str) -> Option<u32> {
        self.freqs.get(word).copied()
    }

    /// Whether `word` is in the lexicon.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.freqs.contains_key(word)
    }

    /// The sum of all frequencies.
    #[inline]
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The number of words.
    #[inline]
    pub fn len(&self) -> usize {
        self.freqs.len()
    }

    /// Whether the lexicon has no words.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.freqs.is_empty()
    }

    /// The jieba-rs segmenter over the same words.
    #[inline]
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
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
