//! The word lexicon: jieba's dictionary with its frequencies and parts of
//! speech, read in place from a prebuilt image, and the segmenter built from it.

use std::fmt;
use std::sync::{LazyLock, OnceLock};

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

use crate::chars::is_han;
use crate::trie::{Image, InPlace, Trie};
pub(crate) use crate::trie::{Node, ROOT};

/// jieba's dictionary (MIT; see `src/data/jieba/SOURCE.md`): the source of the
/// image below, and what jieba-rs' segmenter and [`Lexicon::words`] read.
static DICT: &str = include_str!("data/jieba/dict.txt");

/// The lexicon built from [`DICT`]: its trie and each node's frequency and part
/// of speech (`src/data/lexicon.bin`, made by `cargo xtask gen lexicon`; the
/// format is [`image`]'s).
static IMAGE: &[u8] = include_bytes!("data/lexicon.bin");

/// The words of [`DICT`] that guard a numeral inside them from being read as a
/// quantity (统一, 一些, 五年计划: see `Extractor::guard_words`), in dictionary
/// order, one a line (`src/data/guard_words.txt`, made with the image), so that
/// the quantity extractor need not read the whole dictionary.
static GUARD_WORDS: &str = include_str!("data/guard_words.txt");

/// What the image starts with, and its version.
const MAGIC: &[u8; 4] = b"ZHLX";
const VERSION: u32 = 2;

/// The log-probability a segmentation gives a character that is not an ideograph
/// and not in the lexicon: that of a common character (1 in 10,000).
const NON_HAN_LOG_PROB: f64 = -9.21;

static GLOBAL: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::from_image(IMAGE).expect("the built-in lexicon image is well formed")
});

/// Words with their corpus frequencies, and a jieba-rs segmenter over the same words.
///
/// jieba-rs does not expose its frequencies, so zhdoc owns the dictionary: its
/// words, frequencies and parts of speech are stored prebuilt in the library as a
/// double-array trie, read in place (no start-up work), and the same word list is
/// handed to jieba-rs when [`Lexicon::jieba`] is first called.
/// [`Lexicon::global`] is shared: the corrector reads its unigram model, the
/// quantity extractor its words with numerals in them, and the structure pass
/// its segmentation (jieba's, without its model of unknown words).
///
/// The dictionary is jieba's (`dict.txt`, MIT), about 350,000 words.
///
/// # Example
///
/// ```
/// use zhdoc::Lexicon;
///
/// let lex = Lexicon::global();
/// assert!(lex.contains("评估") && !lex.contains("休系"));
/// assert!(lex.freq("体系").unwrap() > lex.freq("评估").unwrap());
/// let lp = lex.log_prob("体系").unwrap();
/// assert!(lp < 0.0 && lp > lex.unknown_log_prob());
///
/// // The best segmentation's log-probability: how Chinese a reading looks.
/// assert!(lex.segment_score("评估体系") > lex.segment_score("评估休系"));
///
/// // jieba-rs over the same words (built on this first call: about 150 ms).
/// let words: Vec<&str> = lex.jieba().cut("评估体系", false).iter().map(|t| t.word).collect();
/// assert_eq!(words, ["评估", "体系"]);
/// ```
pub struct Lexicon {
    /// The words' character trie.
    trie: Trie<InPlace>,
    /// Each node's class (little-endian `u16`): its word's frequency and part of
    /// speech, as an index into the tables below; class 0 for a node that is only
    /// a prefix.
    class: &'static [[u8; 2]],
    /// Each class's frequency.
    class_freq: Vec<u32>,
    /// Each class's log-probability (`-inf` for class 0), kept so that the
    /// segmenter's inner loop takes no logarithm.
    class_lp: Vec<f32>,
    /// The same in `f64`, `ln(freq) - ln(total)` as [`tag`](Lexicon::tag)
    /// scores a word (jieba-rs' route), kept for the same reason.
    class_route: Vec<f64>,
    /// Each class's part of speech, an index into `tags`.
    class_tag: &'static [u8],
    /// The parts of speech.
    tags: Vec<&'static str>,
    total: u64,
    /// `ln(total)`, so that a word's log-probability is one subtraction away.
    ln_total: f64,
    /// The longest word, in characters.
    max_chars: usize,
    /// How many words the trie holds.
    words: usize,
    jieba: OnceLock<Jieba>,
    /// The two-character words by character, read in place.
    pairs: PairWords,
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words)
            .field("total", &self.total)
            .finish()
    }
}

/// `word frequency [tag]` lines of a jieba dictionary: the fields of each line
/// split at spaces (lines as [`str::lines`] splits them), where the first is not
/// empty and the second is a `u32`; the tag is the third field, or `""`.
fn entries(dict: &str) -> impl Iterator<Item = (&str, u32, &str)> {
    // By hand rather than `lines()` and `split(' ')`: most lines are a dozen bytes.
    let mut rest = dict;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            let (line, after) = match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(k) => (
                    rest[..k].strip_suffix('\r').unwrap_or(&rest[..k]),
                    &rest[k + 1..],
                ),
                None => (rest, ""),
            };
            rest = after;
            if let Some(entry) = entry(line) {
                return Some(entry);
            }
        }
        None
    })
}

/// The word, frequency and tag of one dictionary line, if it has a word and a
/// frequency.
#[inline]
fn entry(line: &str) -> Option<(&str, u32, &str)> {
    let bytes = line.as_bytes();
    let space = bytes.iter().position(|&b| b == b' ')?;
    if space == 0 {
        return None;
    }
    let field = &line[space + 1..];
    let end = field.bytes().position(|b| b == b' ').unwrap_or(field.len());
    let freq = field[..end].parse::<u32>().ok()?;
    let tag = field[end..].strip_prefix(' ').unwrap_or("");
    let tag = &tag[..tag.find(' ').unwrap_or(tag.len())];
    Some((&line[..space], freq, tag))
}

/// The files `cargo xtask gen lexicon` writes, made from a jieba dictionary's
/// text (`src/data/jieba/dict.txt`): the lexicon's image (`src/data/lexicon.bin`)
/// and the quantity extractor's guard words (`src/data/guard_words.txt`).
/// Deterministic.
///
/// Not part of the API: it is public for the table generator only.
#[doc(hidden)]
pub fn generated_tables(dict: &str) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    Ok(vec![
        ("src/data/lexicon.bin", image(dict)?),
        ("src/data/guard_words.txt", guard_words(dict).into_bytes()),
    ])
}

/// The guard words of `dict` (`Extractor::guard_words`), in dictionary order: a
/// header, then one a line.
fn guard_words(dict: &str) -> String {
    let mut out = String::from(
        "# DO NOT EDIT: generated by `cargo xtask gen lexicon` from src/data/jieba/dict.txt\n\
         # (jieba's dictionary, MIT) and the quantity extractor's rules: the words that guard\n\
         # a numeral inside them (src/quantity/extract.rs, Extractor::guard_words).\n",
    );
    for word in crate::Extractor::guard_words(entries(dict).map(|e| e.0)) {
        out.push_str(word);
        out.push('\n');
    }
    out
}

/// The lexicon's image, built from a jieba dictionary's text. All integers are
/// little-endian:
///
/// - `ZHLX`, version (`u32`), then `u32` counts: slots, astral characters,
///   classes, tags, the longest word in characters, words; the total frequency (`u64`);
/// - the trie ([`Trie::image`]): 65,536 BMP codes (`u16`), the astral
///   characters with their codes (`u32` pairs), the slots (`u32` pairs);
/// - each slot's class (`u16`); each class's frequency (`u32`) and tag (`u8`);
/// - the tags, each a length byte and its UTF-8 bytes;
/// - the two-character words by character code ([`PairWords`]): `u32` counts of
///   codes and words, then for each code where its run of second codes starts
///   (`u32`, one more than the codes), the second codes (`u16`), and the same for
///   the first codes by second code.
///
/// A class is a distinct (frequency, tag) of the dictionary's words, numbered
/// from 1 in ascending order; class 0 is no word. A word given twice keeps its
/// last frequency and its first tag, as jieba-rs does; a frequency of 0 counts
/// as 1 (a node's frequency 0 means no word).
fn image(dict: &str) -> Result<Vec<u8>, String> {
    let mut first_tag: FxHashMap<&str, &str> = FxHashMap::default();
    let mut words: Vec<(&str, (u32, &str))> = Vec::new();
    // The sum counts repeated entries too.
    let mut total: u64 = 0;
    let mut max_chars = 1;
    for (word, freq, tag) in entries(dict) {
        total += u64::from(freq);
        max_chars = max_chars.max(word.chars().count());
        let tag = *first_tag.entry(word).or_insert(tag);
        words.push((word, (freq.max(1), tag)));
    }
    let mut tags: Vec<&str> = words.iter().map(|w| w.1.1).collect();
    tags.sort_unstable();
    tags.dedup();
    if tags.len() > 256 {
        return Err(format!("{} parts of speech (at most 256)", tags.len()));
    }
    let mut classes: Vec<(u32, &str)> = words.iter().map(|w| w.1).collect();
    classes.sort_unstable();
    classes.dedup();
    if classes.len() >= 1 << 16 {
        return Err(format!("{} classes (at most 65,535)", classes.len()));
    }
    let (trie, values) = Trie::build_dense(&words, |&(f, _)| u64::from(f));
    let unique = values.iter().filter(|v| v.0 > 0).count();
    let parts = trie.image();
    let mut out = Vec::new();
    let u32s = |out: &mut Vec<u8>, xs: &[usize]| {
        for &x in xs {
            out.extend_from_slice(&(x as u32).to_le_bytes());
        }
    };
    out.extend_from_slice(MAGIC);
    u32s(
        &mut out,
        &[
            VERSION as usize,
            trie.slots(),
            parts.astral.len() / 8,
            classes.len() + 1,
            tags.len(),
            max_chars,
            unique,
        ],
    );
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(parts.bmp);
    out.extend_from_slice(parts.astral);
    out.extend_from_slice(parts.slots);
    for v in &values {
        let class = match v.0 {
            0 => 0,
            _ => classes.binary_search(v).map_or(0, |k| k + 1),
        };
        out.extend_from_slice(&(class as u16).to_le_bytes());
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    for &(freq, _) in &classes {
        out.extend_from_slice(&freq.to_le_bytes());
    }
    out.push(0);
    for (_, tag) in &classes {
        out.push(tags.binary_search(tag).map_or(0, |k| k as u8));
    }
    for tag in &tags {
        let len = u8::try_from(tag.len()).map_err(|_| format!("tag {tag:?} too long"))?;
        out.push(len);
        out.extend_from_slice(tag.as_bytes());
    }
    let pairs = trie
        .second_level()
        .into_iter()
        .filter(|&(_, _, node)| values[node as usize].0 > 0)
        .map(|(a, b, _)| (a, b));
    let (after_at, after, before_at, before) = PairWords::lists(pairs);
    u32s(&mut out, &[after_at.len() - 1, after.len()]);
    for (at, codes) in [(&after_at, &after), (&before_at, &before)] {
        for &k in at {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for &c in codes {
            let c = u16::try_from(c).map_err(|_| format!("a character code {c} above 65,535"))?;
            out.extend_from_slice(&c.to_le_bytes());
        }
    }
    Ok(out)
}

impl Lexicon {
    /// The built-in lexicon, read on first use (in place: about a millisecond).
    pub fn global() -> &'static Lexicon {
        &GLOBAL
    }

    /// The lexicon of an image (from [`image`]), read in place.
    fn from_image(data: &'static [u8]) -> Result<Lexicon, String> {
        let mut r = crate::image::Reader::new(data);
        if r.bytes(4)? != MAGIC || r.u32()? != VERSION {
            return Err(format!("not a version {VERSION} lexicon image"));
        }
        let (slots, astral, classes, tags) = (r.usize()?, r.usize()?, r.usize()?, r.usize()?);
        let (max_chars, words) = (r.usize()?, r.usize()?);
        let t = r.bytes(8)?;
        let total = u64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]);
        let bmp = r.bytes(2 << 16)?;
        let astral = r.bytes(8 * astral)?;
        let slot_bytes = r.bytes(8 * slots)?;
        let trie = Trie::from_bytes(Image {
            slots: slot_bytes,
            bmp,
            astral,
        })?;
        let (class, _) = r.bytes(2 * slots)?.as_chunks::<2>();
        let (freqs, _) = r.bytes(4 * classes)?.as_chunks::<4>();
        let class_freq: Vec<u32> = freqs.iter().map(|&f| u32::from_le_bytes(f)).collect();
        let class_tag = r.bytes(classes)?;
        let tags = (0..tags)
            .map(|_| {
                let len = r.bytes(1)?[0];
                std::str::from_utf8(r.bytes(usize::from(len))?).map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, String>>()?;
        let pairs = PairWords::read(&mut r)?;
        r.finish()?;
        // Every class and tag index points into its table: a node's are read
        // without a check.
        if class
            .iter()
            .any(|&c| usize::from(u16::from_le_bytes(c)) >= classes)
            || class_tag
                .iter()
                .any(|&t| usize::from(t) >= tags.len().max(1))
            || classes == 0
        {
            return Err("a class or a tag out of range".into());
        }
        let ln_total = (total.max(1) as f64).ln();
        let class_lp = class_freq
            .iter()
            .map(|&f| match f {
                0 => f32::NEG_INFINITY,
                f => (f64::from(f).ln() - ln_total) as f32,
            })
            .collect();
        let class_route = class_freq
            .iter()
            .map(|&f| f64::from(f).ln() - ln_total)
            .collect();
        Ok(Lexicon {
            trie,
            class,
            class_freq,
            class_lp,
            class_route,
            class_tag,
            tags,
            total,
            ln_total,
            max_chars,
            words,
            jieba: OnceLock::new(),
            pairs,
        })
    }

    /// The class of `node`'s word (0: no word).
    #[inline(always)]
    fn class(&self, node: Node) -> usize {
        usize::from(u16::from_le_bytes(self.class[node as usize]))
    }

    /// The log-probability of the word that ends at `node` (`-inf` for none).
    #[inline(always)]
    fn node_lp(&self, node: Node) -> f32 {
        self.class_lp[self.class(node)]
    }

    /// The node reached from `node` by `c`, if some word continues so.
    #[inline]
    pub(crate) fn child(&self, node: Node, c: char) -> Option<Node> {
        self.trie.child(node, c)
    }

    /// The code of `c` in the lexicon's trie, for [`child_code`](Lexicon::child_code).
    #[inline]
    pub(crate) fn code(&self, c: char) -> u32 {
        self.trie.code(c)
    }

    /// The node reached from `node` by the character of code `code`.
    #[inline]
    pub(crate) fn child_code(&self, node: Node, code: u32) -> Option<Node> {
        self.trie.child_code(node, code)
    }

    /// The frequency of the word that ends at `node` (0: only a prefix).
    #[inline]
    pub(crate) fn node_freq(&self, node: Node) -> u32 {
        self.class_freq[self.class(node)]
    }

    /// The node `s` leads to, if some word starts with `s`.
    fn walk(&self, s: &str) -> Option<Node> {
        s.chars().try_fold(ROOT, |node, c| self.child(node, c))
    }

    /// The corpus frequency of `word`, if it is in the lexicon.
    #[inline]
    pub fn freq(&self, word: &str) -> Option<u32> {
        self.walk(word)
            .map(|n| self.node_freq(n))
            .filter(|&f| f > 0 && !word.is_empty())
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
        self.freq(word).map(|f| self.log_prob_of(f))
    }

    #[inline]
    fn log_prob_of(&self, freq: u32) -> f64 {
        f64::from(freq).ln() - self.ln_total
    }

    /// The log-probability of a word the lexicon does not know: that of a word
    /// seen once, as jieba scores unknown characters.
    #[inline]
    pub fn unknown_log_prob(&self) -> f64 {
        -self.ln_total
    }

    /// The log-probability of the best segmentation of `text` into lexicon words,
    /// a character the lexicon does not know standing alone at
    /// [`unknown_log_prob`](Lexicon::unknown_log_prob) (a non-ideograph, at that of
    /// a common character): jieba's dictionary model, without its model of unknown
    /// words. Higher is more likely Chinese.
    ///
    /// # Example
    ///
    /// ```
    /// let lex = zhdoc::Lexicon::global();
    /// assert!(lex.segment_score("评估体系") > lex.segment_score("评估休系"));
    /// ```
    pub fn segment_score(&self, text: &str) -> f64 {
        let chars: Vec<char> = text.chars().collect();
        self.segment_score_chars(&chars, None)
    }

    /// [`segment_score`](Lexicon::segment_score) over characters, with extra words
    /// laid over the lexicon.
    pub(crate) fn segment_score_chars(&self, chars: &[char], extra: Option<&Overlay>) -> f64 {
        const STACK: usize = 64;
        let n = chars.len();
        let mut stack = [f64::NEG_INFINITY; STACK + 1];
        let mut heap = Vec::new();
        let best: &mut [f64] = if n < STACK {
            &mut stack[..=n]
        } else {
            heap.resize(n + 1, f64::NEG_INFINITY);
            &mut heap
        };
        self.forward(chars, extra, best);
        best[n]
    }

    /// The best segmentation scores of each prefix of `chars`: `best[k]` for
    /// `chars[..k]` (`best` holds `chars.len() + 1` scores).
    fn forward(&self, chars: &[char], extra: Option<&Overlay>, best: &mut [f64]) {
        best.fill(f64::NEG_INFINITY);
        best[0] = 0.0;
        for start in 0..chars.len() {
            let base = best[start];
            self.words_from(chars, start, extra, |end, lp| {
                best[end] = best[end].max(base + lp);
            });
        }
    }

    /// The log-probability of `c` standing alone as the segmenter scores it.
    #[inline(always)]
    fn single_log_prob(&self, c: char, node: Option<Node>, extra: Option<&Overlay>) -> f64 {
        let mut lp = node.map_or(f64::NEG_INFINITY, |nd| f64::from(self.node_lp(nd)));
        if let Some(f) = extra.and_then(|x| x.freq(&[c])) {
            lp = lp.max(self.log_prob_of(f));
        }
        if lp == f64::NEG_INFINITY {
            // Punctuation, letters, digits: the lexicon does not know them, but
            // they are no rarer than a common character.
            lp = if is_han(c) {
                self.unknown_log_prob()
            } else {
                NON_HAN_LOG_PROB
            };
        }
        lp
    }

    /// Calls `f(end, log_prob)` for each word the segmenter may read at
    /// `chars[start..end]`: the character alone, whatever it is, and every longer
    /// word of the lexicon or of `extra`.
    #[inline]
    pub(crate) fn words_from(
        &self,
        chars: &[char],
        start: usize,
        extra: Option<&Overlay>,
        f: impl FnMut(usize, f64),
    ) {
        self.walk_from(chars, start, extra, f, |_, _| {});
    }

    /// [`words_from`](Lexicon::words_from), also calling `node(len, node)` for each
    /// lexicon node `chars[start..start + len]` leads to, as the walk reaches it.
    #[inline]
    fn walk_from(
        &self,
        chars: &[char],
        start: usize,
        extra: Option<&Overlay>,
        mut f: impl FnMut(usize, f64),
        mut at: impl FnMut(usize, Node),
    ) {
        let c = chars[start];
        let mut node = self.child(ROOT, c);
        if let Some(nd) = node {
            at(1, nd);
        }
        f(start + 1, self.single_log_prob(c, node, extra));
        let limit = chars.len().min(start + self.max_chars);
        for end in start + 2..limit + 1 {
            node = node.and_then(|nd| self.child(nd, chars[end - 1]));
            if let Some(nd) = node {
                at(end - start, nd);
            }
            let mut lp = node.map_or(f64::NEG_INFINITY, |nd| f64::from(self.node_lp(nd)));
            if let Some(x) = extra {
                if node.is_none() && !x.is_prefix(&chars[start..end]) {
                    break;
                }
                if let Some(f) = x.freq(&chars[start..end]) {
                    lp = lp.max(self.log_prob_of(f));
                }
            } else if node.is_none() {
                break;
            }
            if lp > f64::NEG_INFINITY {
                f(end, lp);
            }
        }
    }

    /// Calls `f(end)` for each word of two to `max_len` characters that
    /// `chars[start..]` starts with, of the lexicon or of `extra`, by end: the
    /// words seen at least [`COVER_MIN_FREQ`] times, those that cover.
    #[inline]
    fn short_words_from(
        &self,
        chars: &[char],
        start: usize,
        max_len: usize,
        extra: Option<&Overlay>,
        mut f: impl FnMut(usize),
    ) {
        let mut node = self.child(ROOT, chars[start]);
        let limit = chars.len().min(start + max_len.min(self.max_chars));
        for end in start + 2..limit + 1 {
            node = node.and_then(|nd| self.child(nd, chars[end - 1]));
            let word = match extra {
                Some(x) => {
                    let w = &chars[start..end];
                    if node.is_none() && !x.is_prefix(w) {
                        break;
                    }
                    node.is_some_and(|nd| self.node_freq(nd) >= COVER_MIN_FREQ)
                        || x.freq(w).is_some_and(|f| f >= COVER_MIN_FREQ)
                }
                None => match node {
                    Some(nd) => self.node_freq(nd) >= COVER_MIN_FREQ,
                    None => break,
                },
            };
            if word {
                f(end);
            }
        }
    }

    /// [`short_words_from`](Lexicon::short_words_from) without extra words, over
    /// the characters' trie codes.
    #[inline]
    fn short_words_coded(
        &self,
        codes: &[u32],
        start: usize,
        max_len: usize,
        mut f: impl FnMut(usize),
    ) {
        let Some(mut node) = self.trie.child_code(ROOT, codes[start]) else {
            return;
        };
        let limit = codes.len().min(start + max_len.min(self.max_chars));
        for end in start + 2..limit + 1 {
            match self.trie.child_code(node, codes[end - 1]) {
                Some(nd) => node = nd,
                None => break,
            }
            if self.node_freq(node) >= COVER_MIN_FREQ {
                f(end);
            }
        }
    }

    /// For each character of `chars`, whether it stands inside a word of two or more
    /// characters that `chars` spells out (of at most [`COVER_REACH`] + 1
    /// characters: longer ones are rare enough not to pay for the look-ups).
    #[cfg(test)]
    pub(crate) fn covered(&self, chars: &[char], extra: Option<&Overlay>) -> Vec<bool> {
        Lattice::new(self, chars, extra).covered().to_vec()
    }

    /// Whether some word of two or more characters of `chars` starts at or before
    /// `last_start` and ends at or after `reach`.
    pub(crate) fn has_word_across(
        &self,
        chars: &[char],
        last_start: usize,
        reach: usize,
        extra: Option<&Overlay>,
    ) -> bool {
        let mut found = false;
        for start in reach.saturating_sub(self.max_chars)..last_start + 1 {
            self.walk_from(
                chars,
                start,
                extra,
                |end, _| found |= end >= reach && end > start + 1,
                |_, _| {},
            );
            if found {
                return true;
            }
        }
        false
    }

    /// The two-character words of the lexicon, by character (stored in the
    /// image: built at start-up they took 5–7 ms).
    pub(crate) fn pair_words(&self) -> &PairWords {
        &self.pairs
    }

    /// Whether `a` then `b` is a two-character word.
    #[inline]
    pub(crate) fn is_pair(&self, a: char, b: char, extra: Option<&Overlay>) -> bool {
        self.child(ROOT, a)
            .and_then(|nd| self.child(nd, b))
            .is_some_and(|nd| self.node_freq(nd) > 0)
            || extra.is_some_and(|x| x.freq(&[a, b]).is_some())
    }

    /// Every word of the lexicon with its frequency, in dictionary order.
    pub fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        // The dictionary's text is read here and by `jieba` only, so that a
        // program that calls neither does not hold it.
        entries(DICT).map(|(word, freq, _)| (word, freq))
    }

    /// The words that guard a numeral inside them, in dictionary order (the
    /// quantity extractor's, prebuilt).
    pub(crate) fn guard_words(&self) -> impl Iterator<Item = &'static str> {
        GUARD_WORDS.lines().filter(|l| !l.starts_with('#'))
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

    /// jieba-rs' `tag(text, false)` over the same words, without jieba-rs: the
    /// words of the likeliest segmentation into dictionary words (a character
    /// outside them alone, a run of ASCII letters and digits joined), each with
    /// its part of speech. The same words, tags and offsets, word for word
    /// (tested against jieba-rs on the dev corpus), without building jieba-rs.
    pub(crate) fn tag<'a>(&self, text: &'a str) -> Vec<Tagged<'a>> {
        let mut out = Vec::new();
        let mut chars: Vec<(usize, char)> = Vec::new();
        let mut route: Vec<(f64, usize, usize)> = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some(&(_, first)) = it.peek() {
            let matched = is_han_default(first);
            chars.clear();
            while let Some(&(i, c)) = it.peek() {
                if is_han_default(c) != matched {
                    break;
                }
                chars.push((i, c));
                it.next();
            }
            let end = it.peek().map_or(text.len(), |&(i, _)| i);
            if matched {
                self.tag_block(text, &chars, end, &mut route, &mut out);
                continue;
            }
            let mut k = 0;
            while let Some(&(i, c)) = chars.get(k) {
                // `\r\n` is one word.
                let n = if c == '\r' && chars.get(k + 1).is_some_and(|&(_, d)| d == '\n') {
                    2
                } else {
                    1
                };
                let to = chars.get(k + n).map_or(end, |&(j, _)| j);
                out.push(self.tagged(text, i, to));
                k += n;
            }
        }
        out
    }

    /// The words of one run of ideographs, ASCII letters and digits
    /// (`chars`, ending at byte `end`) along the likeliest route, as jieba-rs
    /// finds it: each word's score is `ln(freq) - ln(total)` plus the best
    /// score from its end, a tie going to the longer word, and a character no
    /// word starts with costs `-ln(total)`.
    fn tag_block<'a>(
        &self,
        text: &'a str,
        chars: &[(usize, char)],
        end: usize,
        route: &mut Vec<(f64, usize, usize)>,
        out: &mut Vec<Tagged<'a>>,
    ) {
        let n = chars.len();
        route.clear();
        // (score, end, the word's class) from each character.
        route.resize(n + 1, (0.0, n, 0));
        for idx in (0..n).rev() {
            let mut best: Option<(f64, usize, usize)> = None;
            let mut node = ROOT;
            for to in idx + 1..n + 1 {
                match self.child(node, chars[to - 1].1) {
                    Some(nd) => node = nd,
                    None => break,
                }
                let class = self.class(node);
                if class == 0 {
                    continue;
                }
                let prob = self.class_route[class] + route[to].0;
                if best.is_none_or(|(p, e, _)| prob > p || (prob == p && to > e)) {
                    best = Some((prob, to, class));
                }
            }
            // A character no word starts with is of class 0.
            route[idx] = best.unwrap_or((0.0 - self.ln_total + route[idx + 1].0, idx + 1, 0));
        }
        let byte = |k: usize| chars.get(k).map_or(end, |&(i, _)| i);
        let mut x = 0;
        let mut left = None;
        while x < n {
            let (_, y, class) = route[x];
            if y - x == 1 && chars[x].1.is_ascii_alphanumeric() {
                left.get_or_insert(x);
            } else {
                if let Some(start) = left.take() {
                    out.push(self.tagged(text, byte(start), byte(x)));
                }
                // The route's word: its class is known.
                out.push(self.tagged_as(text, byte(x), byte(y), class));
            }
            x = y;
        }
        if let Some(start) = left {
            out.push(self.tagged(text, byte(start), end));
        }
    }

    /// `text[start..end]` as a word with its part of speech: the dictionary's,
    /// or jieba-rs' guess for a word it does not know (`m` for digits, `eng`
    /// for other ASCII letters and digits, `x` for the rest).
    fn tagged<'a>(&self, text: &'a str, start: usize, end: usize) -> Tagged<'a> {
        let class = self.walk(&text[start..end]).map_or(0, |nd| self.class(nd));
        self.tagged_as(text, start, end, class)
    }

    /// [`tagged`](Lexicon::tagged) where the word's class is known (0 for a
    /// word the lexicon does not hold).
    fn tagged_as<'a>(&self, text: &'a str, start: usize, end: usize, class: usize) -> Tagged<'a> {
        let word = &text[start..end];
        let tag = if class != 0 && !word.is_empty() {
            self.tags[usize::from(self.class_tag[class])]
        } else {
            let eng = word.chars().filter(char::is_ascii_alphanumeric).count();
            let digits = word.chars().filter(char::is_ascii_digit).count();
            match eng {
                0 => "x",
                _ if eng == digits => "m",
                _ => "eng",
            }
        };
        Tagged {
            word,
            tag,
            byte_start: start,
        }
    }

    /// The jieba-rs segmenter over the same words, built on first use.
    pub fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            Jieba::with_dict(&mut DICT.as_bytes()).expect("the built-in dictionary is well formed")
        })
    }
}

/// A word of [`Lexicon::tag`]: the fields of jieba-rs' `Tag` that zhdoc reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tagged<'a> {
    /// The word.
    pub(crate) word: &'a str,
    /// Its part of speech.
    pub(crate) tag: &'a str,
    /// Where it starts in the text, in bytes.
    pub(crate) byte_start: usize,
}

/// The characters jieba-rs segments with its dictionary (its `RE_HAN_DEFAULT`):
/// CJK ideographs, ASCII letters and digits, and `+#&._%-`.
fn is_han_default(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
        | 'a'..='z' | 'A'..='Z' | '0'..='9'
        | '+' | '#' | '&' | '.' | '_' | '%' | '-'
    )
}

/// How far back a word may start to cover a character, in characters.
pub(crate) const COVER_REACH: usize = 5;

/// The least frequency of a word that vouches for its characters: a word the
/// lexicon's corpus saw fewer times (jieba's dictionary holds many such, read off
/// text by machine, such as `正典` (4)) does not keep its characters from being read
/// as OCR confusions; they may still be read as it.
pub(crate) const COVER_MIN_FREQ: u32 = 5;

/// The longest left context a reading is scored with, in characters.
pub(crate) const PREFIX_DEPTH: usize = 4;

/// Which characters of a text stand inside a word of the lexicon, read once.
///
/// Only the short words count (two to [`COVER_REACH`] + 1 characters), so the
/// trie walk from each start stops there; the few windows a reading is scored
/// in read their words again themselves ([`Through`]).
pub(crate) struct Lattice {
    /// Whether each character stands inside a word of two or more characters (of
    /// at most [`COVER_REACH`] + 1 characters: longer ones are rare enough not to
    /// count) seen at least [`COVER_MIN_FREQ`] times.
    covered: Vec<bool>,
    /// Each character's code in the lexicon's trie.
    codes: Vec<u32>,
}

impl Lattice {
    /// Reads the words of `chars`, with extra words laid over the lexicon.
    #[inline(never)]
    pub(crate) fn new(lex: &Lexicon, chars: &[char], extra: Option<&Overlay>) -> Lattice {
        let n = chars.len();
        let codes: Vec<u32> = chars.iter().map(|&c| lex.trie.code(c)).collect();
        let mut covered = vec![false; n];
        // The longest word of two to `COVER_REACH + 1` characters from each start
        // (0 for none).
        let mut longest = vec![0u8; n];
        // The walks' first two steps asked for ahead, so that their reads of
        // the trie overlap.
        const AHEAD: usize = 8;
        for start in 0..n {
            if extra.is_none() {
                if let Some(&c) = codes.get(start + AHEAD) {
                    lex.trie.prefetch_child(ROOT, c);
                }
                let half = start + AHEAD / 2;
                if let (Some(&a), Some(&b)) = (codes.get(half), codes.get(half + 1)) {
                    if let Some(node) = lex.trie.child_code(ROOT, a) {
                        lex.trie.prefetch_child(node, b);
                    }
                }
            }
            let word = |end: usize| {
                let len = end - start;
                if len == 2 {
                    covered[start] = true;
                    covered[start + 1] = true;
                }
                longest[start] = len as u8;
            };
            match extra {
                None => lex.short_words_coded(&codes, start, COVER_REACH + 1, word),
                Some(_) => lex.short_words_from(chars, start, COVER_REACH + 1, extra, word),
            }
        }
        // Longer words, for the ideographs left; the first start whose longest
        // word reaches one covers it and the rest of that word.
        for i in 0..n {
            if covered[i] || !is_han(chars[i]) {
                continue;
            }
            for start in i.saturating_sub(COVER_REACH)..i + 1 {
                let len = usize::from(longest[start]);
                if start + len > i {
                    for c in &mut covered[start..start + len] {
                        *c = true;
                    }
                    break;
                }
            }
        }
        Lattice { covered, codes }
    }

    /// Whether each character of the text stands inside a word of two or more
    /// characters (of at most [`COVER_REACH`] + 1 characters) seen at least
    /// [`COVER_MIN_FREQ`] times.
    #[inline]
    pub(crate) fn covered(&self) -> &[bool] {
        &self.covered
    }

    /// The trie code of character `i` of the text.
    #[inline]
    pub(crate) fn code(&self, i: usize) -> u32 {
        self.codes[i]
    }
}

/// The two-character words of a lexicon by character code: for each code, the
/// codes that follow it to make a word and those that precede it, each list
/// sorted. Which readings of one place make a word with its neighbour is asked
/// of the same two short lists, read once into the cache, rather than of the
/// trie at two random places a reading. Read in place from the image.
#[derive(Debug)]
pub(crate) struct PairWords {
    /// `after[after_at[a]..after_at[a + 1]]`: the second codes of the words
    /// whose first is `a` (little-endian).
    after_at: &'static [[u8; 4]],
    after: &'static [[u8; 2]],
    /// The same for the first codes of the words whose second is `b`.
    before_at: &'static [[u8; 4]],
    before: &'static [[u8; 2]],
}

/// One list of [`PairWords`]: character codes, sorted.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Codes(&'static [[u8; 2]]);

impl Codes {
    /// Whether `code` is in the list.
    #[inline]
    pub(crate) fn contains(self, code: u32) -> bool {
        self.0
            .binary_search_by_key(&code, |c| u32::from(u16::from_le_bytes(*c)))
            .is_ok()
    }

    /// The codes, in order.
    #[cfg(test)]
    pub(crate) fn iter(self) -> impl Iterator<Item = u32> {
        self.0.iter().map(|c| u32::from(u16::from_le_bytes(*c)))
    }
}

impl PairWords {
    /// From the words' pairs of codes, those of one first code by ascending
    /// second code (as the trie's slots give them): two stable counting sorts,
    /// by first code and then by second, give both lists sorted. Returns the
    /// lists as [`image`] stores them: `(after_at, after, before_at, before)`.
    fn lists(words: impl Iterator<Item = (u32, u32)>) -> (Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>) {
        let words: Vec<(u32, u32)> = words.collect();
        let codes = words
            .iter()
            .map(|&(a, b)| a.max(b) as usize + 1)
            .max()
            .unwrap_or(0);
        let (after_at, by_first) = Self::grouped(&words, codes, |w| w.0);
        let (before_at, by_second) = Self::grouped(&by_first, codes, |w| w.1);
        (
            after_at,
            by_first.iter().map(|w| w.1).collect(),
            before_at,
            by_second.iter().map(|w| w.0).collect(),
        )
    }

    /// `words` in order of `key` (stable), with where each key's run starts.
    fn grouped(
        words: &[(u32, u32)],
        codes: usize,
        key: fn(&(u32, u32)) -> u32,
    ) -> (Vec<u32>, Vec<(u32, u32)>) {
        let mut at = vec![0u32; codes + 1];
        for w in words {
            at[key(w) as usize + 1] += 1;
        }
        for k in 1..at.len() {
            at[k] += at[k - 1];
        }
        let mut next = at.clone();
        let mut out = vec![(0, 0); words.len()];
        for w in words {
            let slot = &mut next[key(w) as usize];
            out[*slot as usize] = *w;
            *slot += 1;
        }
        (at, out)
    }

    /// The lists as [`image`] stored them, read in place; each run's bounds
    /// are checked once here, so that a look-up slices without a check failing.
    fn read(r: &mut crate::image::Reader<'static>) -> Result<PairWords, String> {
        let (codes, words) = (r.usize()?, r.usize()?);
        let mut list = || -> Result<_, String> {
            let (at, _) = r.bytes(4 * (codes + 1))?.as_chunks::<4>();
            let (list, _) = r.bytes(2 * words)?.as_chunks::<2>();
            let bound = |k: usize| u32::from_le_bytes(at[k]) as usize;
            if bound(0) != 0
                || bound(codes) != words
                || (1..=codes).any(|k| bound(k) < bound(k - 1))
            {
                return Err("pair words out of order".into());
            }
            Ok((at, list))
        };
        let (after_at, after) = list()?;
        let (before_at, before) = list()?;
        Ok(PairWords {
            after_at,
            after,
            before_at,
            before,
        })
    }

    /// The codes that follow `a`'s character to make a word, sorted.
    #[inline]
    pub(crate) fn after(&self, a: u32) -> Codes {
        Codes(Self::list(self.after_at, self.after, a))
    }

    /// The codes that precede `b`'s character to make a word, sorted.
    #[inline]
    pub(crate) fn before(&self, b: u32) -> Codes {
        Codes(Self::list(self.before_at, self.before, b))
    }

    #[inline]
    fn list(at: &[[u8; 4]], codes: &'static [[u8; 2]], k: u32) -> &'static [[u8; 2]] {
        let k = k as usize;
        match (at.get(k), at.get(k + 1)) {
            (Some(&lo), Some(&hi)) => {
                &codes[u32::from_le_bytes(lo) as usize..u32::from_le_bytes(hi) as usize]
            }
            _ => &[],
        }
    }
}

/// Scores the readings of one place in a window of text: `left`, then one
/// character to choose, then `right`. The best segmentation of each reading is
/// the best over the words that hold the chosen character, each beside the best
/// segmentations of what is left on either side (computed once, from the
/// window's words), so that a reading costs a few look-ups instead of a
/// segmentation of the whole window.
pub(crate) struct Through<'a> {
    lex: &'a Lexicon,
    left: &'a [char],
    right: &'a [char],
    extra: Option<&'a Overlay>,
    /// `fwd[a]`: the best score of `left[..a]`.
    fwd: [f64; PREFIX_DEPTH + 1],
    /// `bwd[j]`: the best score of `right[j..]`.
    bwd: [f64; PREFIX_DEPTH + 1],
    /// The node `left[a..]` leads to, if some word starts so (`None` too when only
    /// a word of `extra` does: those are looked up by their characters).
    nodes: [Option<Node>; PREFIX_DEPTH],
    /// The trie codes of `right`.
    right_codes: [u32; PREFIX_DEPTH],
    /// Scratch for the characters of a word, with `extra`.
    buf: Vec<char>,
}

/// `(start, end, log_prob)` of each word of the right side of a window, by
/// start and then end: scratch for [`Through::new`], kept by its caller across
/// windows.
pub(crate) type WindowWords = Vec<(u32, u32, f64)>;

impl<'a> Through<'a> {
    /// The readings of the place `chars[mid]` in the window `chars[window]`
    /// (`left` is `chars[window.start..mid.start]`, at most [`PREFIX_DEPTH`]
    /// characters, and `right` is `chars[mid.end..window.end]`), with the best
    /// segmentation score of the window as it stands. `words` is scratch.
    pub(crate) fn new(
        lex: &'a Lexicon,
        lattice: &Lattice,
        chars: &'a [char],
        window: std::ops::Range<usize>,
        mid: std::ops::Range<usize>,
        extra: Option<&'a Overlay>,
        words: &mut WindowWords,
    ) -> (Through<'a>, f64) {
        let (lo, hi) = (window.start, window.end);
        let (left, right) = (&chars[lo..mid.start], &chars[mid.end..hi]);
        assert!(left.len() <= PREFIX_DEPTH && right.len() <= PREFIX_DEPTH);
        // One forward pass over the whole window, reading its words as it goes:
        // its scores of the prefixes up to the place are those of `left` alone,
        // and its last is the window's. The words of `right` are kept for the
        // backward pass, and the nodes the left context leads to for the readings.
        const STACK: usize = 32;
        let mut stack = [f64::NEG_INFINITY; STACK + 1];
        let mut heap = Vec::new();
        let all: &mut [f64] = if hi - lo < STACK {
            &mut stack[..=hi - lo]
        } else {
            heap.resize(hi - lo + 1, f64::NEG_INFINITY);
            &mut heap
        };
        all[0] = 0.0;
        let within = &chars[..hi];
        let mut nodes = [None; PREFIX_DEPTH];
        words.clear();
        for start in lo..hi {
            let base = all[start - lo];
            let keep = start >= mid.end;
            let mut word = |end: usize, lp: f64| {
                // `max` without its NaN case: no score is NaN.
                let to = &mut all[end - lo];
                if base + lp > *to {
                    *to = base + lp;
                }
                if keep {
                    words.push((start as u32, end as u32, lp));
                }
            };
            if extra.is_some() {
                lex.walk_from(within, start, extra, word, |len, nd| {
                    if start + len == mid.start {
                        nodes[start - lo] = Some(nd);
                    }
                });
                continue;
            }
            // The same walk, over the codes.
            let codes = &lattice.codes;
            let first = lex.trie.child_code(ROOT, codes[start]);
            word(start + 1, lex.single_log_prob(chars[start], first, None));
            let Some(mut node) = first else {
                continue;
            };
            if start + 1 == mid.start {
                nodes[start - lo] = Some(node);
            }
            for end in start + 2..hi.min(start + lex.max_chars) + 1 {
                match lex.trie.child_code(node, codes[end - 1]) {
                    Some(nd) => node = nd,
                    None => break,
                }
                if end == mid.start {
                    nodes[start - lo] = Some(node);
                }
                let lp = lex.node_lp(node);
                if lp > f32::NEG_INFINITY {
                    word(end, f64::from(lp));
                }
            }
        }
        let whole = all[hi - lo];
        let mut fwd = [f64::NEG_INFINITY; PREFIX_DEPTH + 1];
        fwd[..=left.len()].copy_from_slice(&all[..=left.len()]);
        // The backward pass over `right`, from its end (every start has a word:
        // its character alone).
        let mut bwd = [f64::NEG_INFINITY; PREFIX_DEPTH + 1];
        bwd[right.len()] = 0.0;
        let mut k = words.len();
        for start in (mid.end..hi).rev() {
            let mut top = f64::NEG_INFINITY;
            while let Some(&(s, end, lp)) = k.checked_sub(1).map(|j| &words[j]) {
                if s as usize != start {
                    break;
                }
                let score = lp + bwd[end as usize - mid.end];
                if score > top {
                    top = score;
                }
                k -= 1;
            }
            bwd[start - mid.end] = top;
        }
        let mut right_codes = [0; PREFIX_DEPTH];
        right_codes[..right.len()].copy_from_slice(&lattice.codes[mid.end..hi]);
        let through = Through {
            lex,
            left,
            right,
            extra,
            fwd,
            bwd,
            nodes,
            right_codes,
            buf: Vec::new(),
        };
        (through, whole)
    }

    /// The best segmentation score of `left`, `mid`, `right`.
    pub(crate) fn score(&mut self, mid: char) -> f64 {
        let lex = self.lex;
        let (left, right) = (self.left, self.right);
        let code = lex.code(mid);
        let mut best = f64::NEG_INFINITY;
        for a in 0..left.len() + 1 {
            let before = left.len() - a;
            if before + 1 > lex.max_chars {
                continue;
            }
            let start = if a == left.len() {
                Some(ROOT)
            } else {
                self.nodes[a]
            };
            if let Some(x) = self.extra {
                self.buf.clear();
                self.buf.extend_from_slice(&left[a..]);
                if start.is_none() && before > 0 && !x.is_prefix(&self.buf) {
                    continue;
                }
            } else if start.is_none() {
                continue;
            }
            let mut node = start.and_then(|nd| lex.child_code(nd, code));
            let fwd = self.fwd[a];
            if before == 0 {
                best = best.max(fwd + lex.single_log_prob(mid, node, self.extra) + self.bwd[0]);
            }
            if let Some(x) = self.extra {
                self.buf.push(mid);
                if before > 0 {
                    if node.is_none() && !x.is_prefix(&self.buf) {
                        continue;
                    }
                    let lp = self.word_log_prob(node);
                    best = best.max(fwd + lp + self.bwd[0]);
                }
            } else if node.is_none() {
                continue;
            } else if before > 0 {
                let lp = self.word_log_prob(node);
                best = best.max(fwd + lp + self.bwd[0]);
            }
            for j in 1..right.len() + 1 {
                if before + 1 + j > lex.max_chars {
                    break;
                }
                node = node.and_then(|nd| lex.child_code(nd, self.right_codes[j - 1]));
                if let Some(x) = self.extra {
                    self.buf.push(right[j - 1]);
                    if node.is_none() && !x.is_prefix(&self.buf) {
                        break;
                    }
                } else if node.is_none() {
                    break;
                }
                let lp = self.word_log_prob(node);
                best = best.max(fwd + lp + self.bwd[j]);
            }
        }
        best
    }

    /// The log-probability of the word of two or more characters that ends at
    /// `node` (whose characters are in `buf` when there are extra words); `-inf`
    /// for none.
    #[inline]
    fn word_log_prob(&self, node: Option<Node>) -> f64 {
        let mut lp = node.map_or(f64::NEG_INFINITY, |nd| f64::from(self.lex.node_lp(nd)));
        if let Some(f) = self.extra.and_then(|x| x.freq(&self.buf)) {
            lp = lp.max(self.lex.log_prob_of(f));
        }
        lp
    }
}

/// Extra words laid over the lexicon (a user's), keyed by their characters.
#[derive(Clone, Debug, Default)]
pub(crate) struct Overlay {
    /// Every word and every proper prefix of one (frequency 0).
    entries: FxHashMap<Box<[char]>, u32>,
}

impl Overlay {
    /// Adds a word with its frequency.
    pub(crate) fn insert(&mut self, word: &str, freq: u32) {
        let chars: Vec<char> = word.chars().collect();
        for k in 1..chars.len() {
            self.entries.entry(Box::from(&chars[..k])).or_insert(0);
        }
        self.entries
            .insert(Box::from(chars.as_slice()), freq.max(1));
    }

    /// Whether the overlay has no words.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The frequency of a word of the overlay.
    #[inline]
    pub(crate) fn freq(&self, word: &[char]) -> Option<u32> {
        self.entries.get(word).copied().filter(|&f| f > 0)
    }

    /// Whether some word of the overlay starts with `prefix`.
    #[inline]
    fn is_prefix(&self, prefix: &[char]) -> bool {
        self.entries.contains_key(prefix)
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
        assert_eq!(lex.freq("工"), Some(lex.freq("工").unwrap()));
        assert_eq!(lex.freq(""), None);
        let words: Vec<&str> = lex
            .jieba()
            .cut("保持和发展工人阶级先进性", false)
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert!(words.contains(&"工人阶级"), "{words:?}");
    }

    #[test]
    fn pair_words_are_the_two_character_words_of_the_dictionary() {
        let lex = Lexicon::global();
        let pairs = lex.pair_words();
        let mut seen = 0;
        for (word, _) in lex.words() {
            let mut chars = word.chars();
            let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
                continue;
            };
            let (ca, cb) = (lex.code(a), lex.code(b));
            assert!(pairs.after(ca).contains(cb), "{word}");
            assert!(pairs.before(cb).contains(ca), "{word}");
            seen += 1;
        }
        assert!(seen > 100_000, "{seen}");
        // And no pair of characters is listed that is no word: every pair of a
        // few hundred common characters agrees with the trie.
        let common: Vec<char> = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质拉记存保"
            .chars()
            .collect();
        for &a in &common {
            for &b in &common {
                // Both lists agree.
                let listed = pairs.after(lex.code(a)).contains(lex.code(b));
                assert_eq!(listed, lex.is_pair(a, b, None), "{a}{b}");
                let before = pairs.before(lex.code(b)).contains(lex.code(a));
                assert_eq!(before, listed, "{a}{b}");
            }
        }
        assert!(pairs.after(0).iter().next().is_none() && pairs.before(0).iter().next().is_none());
        assert!(pairs.after(u32::MAX).iter().next().is_none());
        let sorted = |codes: Codes| {
            let codes: Vec<u32> = codes.iter().collect();
            codes.windows(2).all(|w| w[0] < w[1])
        };
        for code in 0..=u32::from(u16::MAX) {
            assert!(sorted(pairs.after(code)), "{code}");
            assert!(sorted(pairs.before(code)), "{code}");
        }
    }

    #[test]
    fn the_checked_in_tables_are_the_dictionarys_regeneration() {
        let tables = generated_tables(DICT).unwrap();
        let stale = "stale: run `cargo xtask gen lexicon` and commit the result";
        assert_eq!(tables[0].0, "src/data/lexicon.bin");
        assert!(tables[0].1 == IMAGE, "{} is {stale}", tables[0].0);
        assert_eq!(tables[1].0, "src/data/guard_words.txt");
        assert!(
            tables[1].1 == GUARD_WORDS.as_bytes(),
            "{} is {stale}",
            tables[1].0
        );
    }

    #[test]
    fn the_image_holds_the_dictionary() {
        let lex = Lexicon::global();
        let mut n = 0;
        for (word, freq, tag) in entries(DICT) {
            let node = lex.walk(word).unwrap();
            assert_eq!(lex.node_freq(node), freq.max(1), "{word}");
            assert_eq!(lex.tags[usize::from(lex.class_tag[lex.class(node)])], tag);
            n += 1;
        }
        assert_eq!((lex.len(), n), (349_045, 349_045));
        assert_eq!(
            lex.total(),
            entries(DICT).map(|e| u64::from(e.1)).sum::<u64>()
        );
        assert_eq!(lex.max_word_chars(), 16);
    }

    #[test]
    fn a_damaged_image_is_refused() {
        assert!(Lexicon::from_image(b"").is_err());
        assert!(Lexicon::from_image(b"ZHLX\x02\0\0\0").is_err());
        assert!(Lexicon::from_image(&IMAGE[..IMAGE.len() - 1]).is_err());
        let longer: &'static [u8] = [IMAGE, b"x"].concat().leak();
        assert!(Lexicon::from_image(longer).is_err());
    }

    #[test]
    fn guard_words_hold_numerals_and_are_no_amounts() {
        let lex = Lexicon::global();
        let got: Vec<&str> = lex.guard_words().collect();
        assert!(got.len() > 10_000, "{}", got.len());
        for w in ["一些", "统一", "五年计划", "千方百计"] {
            assert!(got.contains(&w), "{w}");
        }
        for w in ["一", "工人", "三倍", "五个", "两千"] {
            assert!(!got.contains(&w), "{w}");
        }
    }

    /// `Lexicon::tag` against jieba-rs' `tag(text, false)`, word for word.
    fn assert_tags_are_jiebas(text: &str) {
        let lex = Lexicon::global();
        let want: Vec<Tagged<'_>> = (lex.jieba().tag(text, false).iter())
            .map(|t| Tagged {
                word: t.word,
                tag: t.tag,
                byte_start: t.byte_start,
            })
            .collect();
        let got = lex.tag(text);
        if got != want {
            let k = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            panic!(
                "{:?}\n  got  {:?}\n  want {:?}",
                text,
                &got[k..],
                &want[k..]
            );
        }
    }

    #[test]
    fn tags_are_jiebas() {
        for text in [
            "",
            "保持和发展工人阶级先进性",
            "2010年全市共培训职工5500人次，我市己有九成单位参加。",
            "一、总体情况\r\n（二）abc中国ABC123 x1.5% C++ #3 &_-\r\r\n\n",
            "屮华𠀀𠀁😀，Ｈ２Ｏ　中華人民共和國 ① Ⅻ",
            "下发了活动评估休系市总工会纵深发展",
            "a",
            "1",
            "-",
            "。",
            "\r\n",
            "\n\r",
        ] {
            assert_tags_are_jiebas(text);
        }
    }

    #[test]
    fn tags_are_jiebas_on_the_dev_corpus() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dev");
        let Ok(entries) = std::fs::read_dir(dir) else {
            // The packaged crate has no fixtures.
            return;
        };
        let mut texts = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                assert_tags_are_jiebas(&std::fs::read_to_string(&path).unwrap());
                texts += 1;
            }
        }
        assert!(texts > 10);
    }

    #[test]
    fn dictionary_lines_are_read_as_lines_and_split_at_spaces() {
        fn reference(dict: &str) -> Vec<(&str, u32)> {
            dict.lines()
                .filter_map(|line| {
                    let mut parts = line.split(' ');
                    let word = parts.next().filter(|w| !w.is_empty())?;
                    let freq = parts.next()?.parse::<u32>().ok()?;
                    Some((word, freq))
                })
                .collect()
        }
        let cases = [
            DICT,
            "",
            "\n\n",
            "工人 3 n\r\n阶级 5\r\n 7 x\n先进 +4\n性\n性 \n性 x\n性  3\n末 9\r",
            "末 9",
            "甲 1 n extra\r\r\n乙 4294967295\n丙 4294967296\n丁\t2 n\n",
        ];
        for dict in cases {
            assert_eq!(
                entries(dict).map(|(w, f, _)| (w, f)).collect::<Vec<_>>(),
                reference(dict),
                "{dict:?}"
            );
        }
    }

    #[test]
    fn segment_score_prefers_words() {
        let lex = Lexicon::global();
        assert!(lex.segment_score("评估体系") > lex.segment_score("评估休系"));
        assert!(lex.segment_score("我市已有") > lex.segment_score("我市己有"));
        // An unknown ideograph costs more than punctuation.
        assert!(lex.segment_score("中国-中亚") > lex.segment_score("中国屮中亚"));
        assert_eq!(lex.segment_score(""), 0.0);
    }

    #[test]
    fn overlay_words_count() {
        let lex = Lexicon::global();
        let chars: Vec<char> = "创争活动".chars().collect();
        let mut extra = Overlay::default();
        let plain = lex.segment_score_chars(&chars, None);
        extra.insert("创争", 5000);
        assert!(lex.segment_score_chars(&chars, Some(&extra)) > plain);
        assert_eq!(lex.covered(&chars, Some(&extra)), [true; 4]);
    }

    #[test]
    fn through_scores_are_the_windows_segmentations() {
        let lex = Lexicon::global();
        let mut extra = Overlay::default();
        extra.insert("创争", 5000);
        extra.insert("争活动家", 40);
        for overlay in [None, Some(&extra)] {
            for text in [
                "下发了活动评估休系，我市己有九成单位参加",
                "创争活动-1作(A)屮华",
                "保持和发展工人阶级先进性",
            ] {
                let chars: Vec<char> = text.chars().collect();
                let lattice = Lattice::new(lex, &chars, overlay);
                let mut words = WindowWords::new();
                for i in 0..chars.len() {
                    let (lo, hi) = (
                        i.saturating_sub(PREFIX_DEPTH),
                        (i + 1 + PREFIX_DEPTH).min(chars.len()),
                    );
                    let (mut through, whole) =
                        Through::new(lex, &lattice, &chars, lo..hi, i..i + 1, overlay, &mut words);
                    let window = &chars[lo..hi];
                    let want = lex.segment_score_chars(window, overlay);
                    assert!((whole - want).abs() < 1e-9, "{text} {i}: {whole} {want}");
                    for ch in ['体', '已', '工', '中', '争', 'x'] {
                        let mut changed = window.to_vec();
                        changed[i - lo] = ch;
                        let want = lex.segment_score_chars(&changed, overlay);
                        let got = through.score(ch);
                        assert!((got - want).abs() < 1e-9, "{text} {i} {ch}: {got} {want}");
                    }
                }
            }
        }
    }

    #[test]
    fn coverage_marks_words_only() {
        let lex = Lexicon::global();
        let chars: Vec<char> = "我市己有九成".chars().collect();
        let covered = lex.covered(&chars, None);
        assert!(!covered[2], "{covered:?}");
        let chars: Vec<char> = "据为己有".chars().collect();
        assert_eq!(lex.covered(&chars, None), [true; 4]);
    }
}
