//! The word-pair model: how much more likely a word is after the word before
//! it than on its own (`src/data/words.bin`, made by `cargo xtask gen words`
//! from the laws and regulations corpus, segmented by the lexicon as the
//! structure pass segments).
//!
//! The character model reads three characters at a time, the lexicon one word
//! at a time; neither sees that `严重` goes with `污染` or `综合` with `利用`. Over
//! a text's segmentation `w1 … wn` this model gives
//! `Σ ln P(wk | wk-1) / P(wk)`, the log-ratio of a word-bigram model to the
//! unigram one, with each bigram estimate shrunk towards the unigram by a
//! Dirichlet prior of [`PRIOR`] words:
//!
//! `P(b | a) = (c(a b) + PRIOR · P(b)) / (c(a) + PRIOR)`
//!
//! so a pair seen often beside a rare first word counts for little, and a
//! frequent first word never seen before `b` counts against the pair
//! (`ln PRIOR / (c(a) + PRIOR)`). A reading's gain under it is the change of
//! that sum over the words around the place. Pairs seen once are left out.
//!
//! Format (little-endian): magic `ZHWP`, version, the word count `n`, the pair
//! count `m`; the words' 64-bit fingerprints, sorted (a word's id is its rank);
//! per word, the quantised log-ratio of an unseen pair after it (`i8`, tenths of
//! a nat); `n + 1` offsets of each word's pairs; the pairs' second words (`u16`
//! ids, sorted within each first word) and their quantised log-ratios (`i8`).

use std::sync::LazyLock;

use crate::Lexicon;
use crate::image::Reader;

/// The generated model.
static DATA: &[u8] = include_bytes!("../data/words.bin");

static MODEL: LazyLock<WordPairs> =
    LazyLock::new(|| WordPairs::parse(DATA).expect("the built-in word-pair model is well formed"));

const MAGIC: &[u8; 4] = b"ZHWP";
const VERSION: u32 = 1;

/// The Dirichlet prior, in words (chosen on the corpus factory's pages and the
/// dev corpus: 300 to 2,000 gave the same ranking, the larger the fewer
/// readings of right text).
pub(crate) const PRIOR: f64 = 2000.0;

/// Nats per quantisation step.
const STEP: f32 = 0.1;

/// The least count of a pair that is stored.
const MIN_PAIR: u32 = 2;

/// The least count of a word that is stored.
const MIN_WORD: u32 = 2;

/// The word-pair model, read in place.
#[derive(Debug)]
pub(crate) struct WordPairs {
    /// Sorted fingerprints, 8 bytes each.
    prints: &'static [u8],
    /// Per word: `ln` ratio of a pair not stored.
    unseen: &'static [u8],
    /// Per word: the start of its pairs (4 bytes each), and one past the last.
    offsets: &'static [u8],
    /// Second word ids (2 bytes each) and ratios (1 byte each).
    seconds: &'static [u8],
    ratios: &'static [u8],
    words: usize,
}

/// A word's fingerprint: FNV-1a over its UTF-8 bytes.
fn fingerprint(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn quantise(x: f64) -> u8 {
    ((x / f64::from(STEP)).round().clamp(-128.0, 127.0) as i8) as u8
}

/// The words of `text` the model reads: the lexicon's segmentation, without
/// white space.
fn words_of<'t>(lex: &Lexicon, text: &'t str) -> impl Iterator<Item = &'t str> {
    lex.tag(text)
        .into_iter()
        .map(|t| t.word)
        .filter(|w| !w.trim().is_empty())
}

impl WordPairs {
    pub(crate) fn global() -> &'static WordPairs {
        &MODEL
    }

    fn parse(data: &'static [u8]) -> Result<WordPairs, String> {
        let mut r = Reader::new(data);
        if r.bytes(4)? != MAGIC {
            return Err("not a word-pair model".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!("version {version}, expected {VERSION}"));
        }
        let words = r.usize()?;
        let pairs = r.usize()?;
        if words > usize::from(u16::MAX) + 1 {
            return Err(format!("{words} words, more than 16-bit ids hold"));
        }
        let prints = r.bytes(words * 8)?;
        let unseen = r.bytes(words)?;
        let offsets = r.bytes((words + 1) * 4)?;
        let seconds = r.bytes(pairs * 2)?;
        let ratios = r.bytes(pairs)?;
        r.finish()?;
        let model = WordPairs {
            prints,
            unseen,
            offsets,
            seconds,
            ratios,
            words,
        };
        if model.offset(words) != pairs || (0..words).any(|k| model.offset(k) > model.offset(k + 1))
        {
            return Err("pair offsets out of order".into());
        }
        Ok(model)
    }

    fn print(&self, k: usize) -> u64 {
        let b = &self.prints[k * 8..k * 8 + 8];
        u64::from_le_bytes(b.try_into().expect("eight bytes"))
    }

    fn offset(&self, k: usize) -> usize {
        let b = &self.offsets[k * 4..k * 4 + 4];
        u32::from_le_bytes(b.try_into().expect("four bytes")) as usize
    }

    fn second(&self, j: usize) -> u16 {
        u16::from_le_bytes([self.seconds[j * 2], self.seconds[j * 2 + 1]])
    }

    fn nats(q: u8) -> f32 {
        f32::from(q as i8) * STEP
    }

    /// A word's id, if the model has it.
    fn id(&self, word: &str) -> Option<u16> {
        let fp = fingerprint(word);
        let (mut lo, mut hi) = (0, self.words);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.print(mid).cmp(&fp) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u16),
            }
        }
        None
    }

    /// `ln P(b | a) / P(b)` of two words the model has.
    fn ratio(&self, a: u16, b: u16) -> f32 {
        let (lo, hi) = (self.offset(usize::from(a)), self.offset(usize::from(a) + 1));
        let (mut lo, mut hi) = (lo, hi);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.second(mid).cmp(&b) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Self::nats(self.ratios[mid]),
            }
        }
        Self::nats(self.unseen[usize::from(a)])
    }

    /// `Σ ln P(wk | wk-1) / P(wk)` over the lexicon's segmentation of `text`,
    /// pairs with a word the model lacks counting 0.
    pub(crate) fn score(&self, lex: &Lexicon, text: &str) -> f32 {
        let mut sum = 0.0;
        let mut prev: Option<u16> = None;
        for w in words_of(lex, text) {
            let id = self.id(w);
            if let (Some(a), Some(b)) = (prev, id) {
                sum += self.ratio(a, b);
            }
            prev = id;
        }
        sum
    }
}

/// The characters read on each side of a place.
const REACH: usize = 8;

/// A place's words under the model: the score of the text around it as it
/// stands, read once, and each reading's gain over it.
pub(crate) struct Place {
    lo: usize,
    hi: usize,
    as_is: Option<f32>,
    buf: String,
}

impl Place {
    /// The characters `chars[at..at + len]` with [`REACH`] on each side.
    pub(crate) fn new(chars: &[char], at: usize, len: usize) -> Place {
        Place {
            lo: at.saturating_sub(REACH),
            hi: (at + len + REACH).min(chars.len()),
            as_is: None,
            buf: String::new(),
        }
    }

    /// The gain of reading `chars[at..at + len]` as `intended`.
    pub(crate) fn gain(
        &mut self,
        model: &WordPairs,
        lex: &Lexicon,
        chars: &[char],
        at: usize,
        len: usize,
        intended: char,
    ) -> f64 {
        let (lo, hi) = (self.lo, self.hi);
        let as_is = match self.as_is {
            Some(s) => s,
            None => {
                self.buf.clear();
                self.buf.extend(&chars[lo..hi]);
                *self.as_is.insert(model.score(lex, &self.buf))
            }
        };
        self.buf.clear();
        self.buf.extend(&chars[lo..at]);
        self.buf.push(intended);
        self.buf.extend(&chars[at + len..hi]);
        f64::from(model.score(lex, &self.buf) - as_is)
    }
}

/// The model's bytes, counted over `paragraphs` (deterministic).
///
/// Not part of the API: it is public for the table generator only.
#[doc(hidden)]
pub fn generated_word_pairs<'p>(paragraphs: impl IntoIterator<Item = &'p str>) -> Vec<u8> {
    use std::collections::HashMap;
    let lex = Lexicon::global();
    let mut unigrams: HashMap<&str, u32> = HashMap::new();
    let mut bigrams: HashMap<(&str, &str), u32> = HashMap::new();
    let mut total: u64 = 0;
    for p in paragraphs {
        let mut prev: Option<&str> = None;
        for w in words_of(lex, p) {
            *unigrams.entry(w).or_default() += 1;
            if let Some(a) = prev {
                *bigrams.entry((a, w)).or_default() += 1;
            }
            prev = Some(w);
            total += 1;
        }
    }
    // Words by fingerprint; a collision keeps the more frequent word.
    let mut kept: Vec<(u64, &str, u32)> = unigrams
        .iter()
        .filter(|&(_, &c)| c >= MIN_WORD)
        .map(|(&w, &c)| (fingerprint(w), w, c))
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(b.1)));
    kept.dedup_by_key(|k| k.0);
    // The most frequent words, if there are more than 16-bit ids hold.
    if kept.len() > usize::from(u16::MAX) + 1 {
        let mut counts: Vec<u32> = kept.iter().map(|k| k.2).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let least = counts[usize::from(u16::MAX)];
        kept.retain(|k| k.2 > least);
    }
    let id: HashMap<&str, u16> = kept
        .iter()
        .enumerate()
        .map(|(k, &(_, w, _))| (w, k as u16))
        .collect();
    let n = total as f64;
    let unseen_of = |ca: u32| (PRIOR / (f64::from(ca) + PRIOR)).ln();
    let mut pairs: Vec<(u16, u16, u8)> = bigrams
        .iter()
        .filter(|&(_, &c)| c >= MIN_PAIR)
        .filter_map(|(&(a, b), &c)| {
            let (ia, ib) = (*id.get(a)?, *id.get(b)?);
            let (ca, cb) = (unigrams[a], unigrams[b]);
            let pb = f64::from(cb) / n;
            let ratio = ((f64::from(c) + PRIOR * pb) / ((f64::from(ca) + PRIOR) * pb)).ln();
            Some((ia, ib, quantise(ratio)))
        })
        // A pair that reads as an unseen one need not be stored.
        .filter(|&(ia, _, q)| q != quantise(unseen_of(kept[usize::from(ia)].2)))
        .collect();
    pairs.sort_unstable();
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
    out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
    for k in &kept {
        out.extend_from_slice(&k.0.to_le_bytes());
    }
    for k in &kept {
        out.push(quantise(unseen_of(k.2)));
    }
    let mut at = 0usize;
    for word in 0..=kept.len() {
        while at < pairs.len() && usize::from(pairs[at].0) < word {
            at += 1;
        }
        out.extend_from_slice(&(at as u32).to_le_bytes());
    }
    for p in &pairs {
        out.extend_from_slice(&p.1.to_le_bytes());
    }
    for p in &pairs {
        out.push(p.2);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> f32 {
        WordPairs::global().score(Lexicon::global(), text)
    }

    #[test]
    fn the_built_in_model_reads() {
        let m = WordPairs::global();
        assert!(m.words > 10_000, "{} words", m.words);
        assert!(m.id("环境").is_some() && m.id("污染").is_some());
    }

    #[test]
    fn words_that_go_together_score_above_misreadings() {
        for (right, wrong) in [
            ("严重污染环境的", "严所污染环境的"),
            ("资源综合利用", "资源综合和用"),
            ("依法追究刑事责任", "依法追究刑事贵任"),
        ] {
            assert!(score(right) > score(wrong), "{right} {wrong}");
        }
    }

    #[test]
    fn a_small_model_round_trips() {
        // 我们 支持 工人 。 a thousand times, then 工人 支持 我们 once: the prior
        // of 2,000 words needs counts of that order to move.
        let text = ["我们支持工人。".repeat(1000), "工人支持我们".to_string()];
        let bytes = generated_word_pairs(text.iter().map(String::as_str));
        let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let m = WordPairs::parse(leaked).expect("parses");
        let (we, support, workers) = (
            m.id("我们").unwrap(),
            m.id("支持").unwrap(),
            m.id("工人").unwrap(),
        );
        // Seen together a thousand times: above the pair never seen.
        assert!(m.ratio(we, support) > m.ratio(support, we));
        assert!(m.ratio(we, support) > 0.0);
        assert!(m.ratio(support, we) < 0.0);
        // Seen once: not stored, read as unseen.
        assert_eq!(m.ratio(workers, support), m.ratio(workers, we));
        assert_eq!(m.id("没有的词"), None);
        assert!(WordPairs::parse(&leaked[..leaked.len() - 1]).is_err());
    }
}
