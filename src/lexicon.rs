//! The word lexicon: jieba's dictionary with its frequencies, and the segmenter
//! built from it.

use std::fmt;
use std::sync::{LazyLock, OnceLock};

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

use crate::chars::is_han;
use crate::trie::Trie;
pub(crate) use crate::trie::{Node, ROOT};

/// jieba's dictionary (MIT; see `src/data/jieba/SOURCE.md`).
static DICT: &str = include_str!("data/jieba/dict.txt");

/// The log-probability a segmentation gives a character that is not an ideograph
/// and not in the lexicon: that of a common character (1 in 10,000).
const NON_HAN_LOG_PROB: f64 = -9.21;

static GLOBAL: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::from_dict(DICT));

/// Words with their corpus frequencies, and a jieba-rs segmenter over the same words.
///
/// jieba-rs does not expose its frequencies, so zhdoc owns the dictionary: it reads
/// the word list once into a character trie with each word's frequency, and hands
/// the same list to jieba-rs (built on first use of [`Lexicon::jieba`]).
/// [`Lexicon::global`] is built on first use and shared: the corrector reads its
/// unigram model, the quantity extractor its words with numerals in them, and the
/// structure pass its segmenter. Building it is most of what the first cleaned
/// document costs (see [`Cleaner::prepare`](crate::Cleaner::prepare)).
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
/// // jieba-rs over the same words.
/// let words: Vec<&str> = lex.jieba().cut("评估体系", false).iter().map(|t| t.word).collect();
/// assert_eq!(words, ["评估", "体系"]);
/// ```
pub struct Lexicon {
    /// The words' character trie.
    trie: Trie,
    /// Each node's word frequency; 0 when the node is only a prefix.
    freq: Vec<u32>,
    /// Each node's word log-probability (`-inf` for a prefix), kept so that the
    /// segmenter's inner loop takes no logarithm.
    lp: Vec<f32>,
    total: u64,
    /// `ln(total)`, so that a word's log-probability is one subtraction away.
    ln_total: f64,
    /// The longest word, in characters.
    max_chars: usize,
    /// How many words the trie holds.
    words: usize,
    /// The dictionary text the lexicon was read from.
    dict: &'static str,
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

/// `word frequency [tag]` lines of a jieba dictionary: the first two fields of each
/// line split at spaces (lines as [`str::lines`] splits them), where the first is not
/// empty and the second is a `u32`.
fn entries(dict: &str) -> impl Iterator<Item = (&str, u32)> {
    // By hand rather than `lines()` and `split(' ')`: this runs over the whole
    // dictionary at every start, and most lines are a dozen bytes.
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

/// The word and frequency of one dictionary line, if it has them.
#[inline]
fn entry(line: &str) -> Option<(&str, u32)> {
    let bytes = line.as_bytes();
    let space = bytes.iter().position(|&b| b == b' ')?;
    if space == 0 {
        return None;
    }
    let field = &line[space + 1..];
    let end = field.bytes().position(|b| b == b' ').unwrap_or(field.len());
    let freq = field[..end].parse::<u32>().ok()?;
    Some((&line[..space], freq))
}

impl Lexicon {
    /// The built-in lexicon, built once on first use.
    pub fn global() -> &'static Lexicon {
        &GLOBAL
    }

    fn from_dict(dict: &'static str) -> Lexicon {
        let mut words: Vec<(&str, u32)> = entries(dict).collect();
        // The sum counts repeated entries too, as jieba does.
        let total: u64 = words.iter().map(|&(_, f)| u64::from(f)).sum();
        let max_chars = words
            .iter()
            .map(|(w, _)| w.chars().count())
            .fold(1, usize::max);
        // A word of frequency 0 is still a word (a node's frequency 0 means none).
        for (_, f) in &mut words {
            *f = (*f).max(1);
        }
        let (trie, freq) = Trie::build(&words, |&f| u64::from(f));
        drop(words);
        let ln_total = (total.max(1) as f64).ln();
        // Most frequencies are small and repeat: each small one's logarithm is
        // taken once.
        let mut small = vec![f32::NAN; 1 << 12];
        let lp = freq
            .iter()
            .map(|&f| {
                let lp = |f: u32| (f64::from(f).ln() - ln_total) as f32;
                match small.get_mut(f as usize) {
                    _ if f == 0 => f32::NEG_INFINITY,
                    Some(known) if !known.is_nan() => *known,
                    Some(known) => {
                        *known = lp(f);
                        *known
                    }
                    None => lp(f),
                }
            })
            .collect();
        Lexicon {
            words: freq.iter().filter(|&&f| f > 0).count(),
            trie,
            freq,
            lp,
            total,
            ln_total,
            max_chars,
            dict,
            jieba: OnceLock::new(),
        }
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
        self.freq[node as usize]
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
        let mut lp = node.map_or(f64::NEG_INFINITY, |nd| f64::from(self.lp[nd as usize]));
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
            let mut lp = node.map_or(f64::NEG_INFINITY, |nd| f64::from(self.lp[nd as usize]));
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
                    node.is_some_and(|nd| self.freq[nd as usize] >= COVER_MIN_FREQ)
                        || x.freq(w).is_some_and(|f| f >= COVER_MIN_FREQ)
                }
                None => match node {
                    Some(nd) => self.freq[nd as usize] >= COVER_MIN_FREQ,
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
            if self.freq[node as usize] >= COVER_MIN_FREQ {
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

    /// Whether `a` then `b` is a two-character word, given the node `a` leads to
    /// from the root and the code of `b` (from [`code`](Lexicon::code)).
    #[inline(always)]
    pub(crate) fn is_pair_coded(
        &self,
        a: char,
        node: Option<Node>,
        b: char,
        b_code: u32,
        extra: Option<&Overlay>,
    ) -> bool {
        node.and_then(|nd| self.trie.child_code(nd, b_code))
            .is_some_and(|nd| self.freq[nd as usize] > 0)
            || extra.is_some_and(|x| x.freq(&[a, b]).is_some())
    }

    /// Whether `a` then `b` is a two-character word.
    #[inline]
    pub(crate) fn is_pair(&self, a: char, b: char, extra: Option<&Overlay>) -> bool {
        self.child(ROOT, a)
            .and_then(|nd| self.child(nd, b))
            .is_some_and(|nd| self.freq[nd as usize] > 0)
            || extra.is_some_and(|x| x.freq(&[a, b]).is_some())
    }

    /// Every word of the lexicon with its frequency, in dictionary order.
    pub fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        entries(self.dict)
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

    /// The jieba-rs segmenter over the same words, built on first use.
    pub fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            Jieba::with_dict(&mut self.dict.as_bytes())
                .expect("the built-in dictionary is well formed")
        })
    }
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
        for start in 0..n {
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
                let lp = lex.lp[node as usize];
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
        let mut lp = node.map_or(f64::NEG_INFINITY, |nd| f64::from(self.lex.lp[nd as usize]));
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
    fn freq(&self, word: &[char]) -> Option<u32> {
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
                entries(dict).collect::<Vec<_>>(),
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
