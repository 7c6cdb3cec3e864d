//! Character error rate: text normalised for comparison, and Levenshtein distance.

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Normalises text for comparison as SPEC.md §3 says: NFKC, every white-space
/// character removed, and the quote marks `“ ” ＂ 「 」` folded to `"` and
/// `‘ ’ ＇` to `'`.
///
/// White space is what [`char::is_whitespace`] says it is (line breaks, the
/// ideographic space U+3000, …). Layout is not scored: only the characters are.
///
/// # Example
///
/// ```
/// use zhdoc::eval::normalize_for_comparison;
///
/// assert_eq!(normalize_for_comparison("「中华」\n人民　ＡＢ１"), "\"中华\"人民AB1");
/// ```
pub fn normalize_for_comparison(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '”' | '＂' | '「' | '」' => '"',
            '‘' | '’' | '＇' => '\'',
            c => c,
        })
        .collect()
}

/// The edit distance of a text from its gold, and the gold's length: the two
/// numbers a character error rate is made of.
///
/// Summing `Cer`s over documents and taking [`Cer::rate`] at the end gives the
/// corpus CER of SPEC.md §3 (total distance over total gold characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cer {
    /// The Levenshtein distance, in Unicode scalar values, after normalisation.
    pub distance: usize,
    /// The gold's length, in Unicode scalar values, after normalisation.
    pub gold_chars: usize,
}

impl Cer {
    /// The error rate: `distance / gold_chars`.
    ///
    /// An empty gold has no rate in the strict sense; it is taken as one character,
    /// so that an empty prediction scores 0 and anything else scores its length.
    pub fn rate(&self) -> f64 {
        self.distance as f64 / self.gold_chars.max(1) as f64
    }
}

impl std::ops::Add for Cer {
    type Output = Cer;

    fn add(self, other: Cer) -> Cer {
        Cer {
            distance: self.distance + other.distance,
            gold_chars: self.gold_chars + other.gold_chars,
        }
    }
}

impl std::ops::AddAssign for Cer {
    fn add_assign(&mut self, other: Cer) {
        *self = *self + other;
    }
}

impl std::iter::Sum for Cer {
    fn sum<I: Iterator<Item = Cer>>(iter: I) -> Cer {
        iter.fold(Cer::default(), |a, b| a + b)
    }
}

/// Compares a predicted text with its gold: both are normalised with
/// [`normalize_for_comparison`], then measured with [`levenshtein`].
///
/// # Example
///
/// ```
/// use zhdoc::eval::cer;
///
/// // One substitution (屮 for 中); the space and the quote forms do not count.
/// let c = cer("屮华 “人民”", "中华「人民」");
/// assert_eq!((c.distance, c.gold_chars), (1, 6));
/// ```
pub fn cer(predicted: &str, gold: &str) -> Cer {
    let gold: Vec<char> = normalize_for_comparison(gold).chars().collect();
    cer_against(predicted, &gold)
}

/// [`cer`] against a gold already normalised and split into `char`s, so that one
/// gold serves several comparisons.
pub(crate) fn cer_against(predicted: &str, gold: &[char]) -> Cer {
    let predicted: Vec<char> = normalize_for_comparison(predicted).chars().collect();
    Cer {
        distance: levenshtein_slices(&predicted, gold),
        gold_chars: gold.len(),
    }
}

/// The Levenshtein distance between two strings, over Unicode scalar values:
/// the fewest insertions, deletions and substitutions of one `char` that turn
/// `a` into `b`. No normalisation is done; see [`cer`] for that.
///
/// # Example
///
/// ```
/// assert_eq!(zhdoc::eval::levenshtein("屮华人民", "中华人民共和国"), 4);
/// ```
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    levenshtein_slices(&a, &b)
}

/// The Levenshtein distance between two sequences of any comparable items.
///
/// This is Myers' bit-parallel algorithm (1999) in Hyyrö's multi-word block form:
/// the shorter sequence is cut into blocks of 64 items, and each item of the
/// longer one advances a whole 64-row column of the dynamic-programming table in
/// a few word operations. Only the diagonal band that a path of the final
/// distance `k` can use is computed, so the cost is about `(2k/64)·n` word steps
/// rather than `m·n` cell steps: for two 40,000-character documents a few per
/// cent apart, a few milliseconds. A common prefix and suffix are trimmed first.
pub fn levenshtein_slices<T: Eq + Hash + Copy>(a: &[T], b: &[T]) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    // The shorter sequence is the pattern (the rows): fewer blocks, smaller table.
    let (pattern, text) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if pattern.is_empty() {
        return text.len();
    }
    myers_block(pattern, text)
}

/// The bits of a machine word: rows per block.
const WORD: usize = 64;

/// The bit-parallel distance for a non-empty `pattern` no longer than `text`.
///
/// Only a diagonal band of the table is computed (Ukkonen's cut-off): with a
/// bound `k`, a cell `(i, j)` can lie on a path of cost at most `k` only if
/// `j - k ≤ i ≤ j + k - (n - m)`. Cells outside the band are stood in for by
/// upper bounds of their true values (a frozen block above the band is taken to
/// grow by one per column; a block entering the band starts from the one above it
/// plus one per row), so the banded result is never below the true distance and
/// equals it whenever it is at most `k`. The bound starts small and grows until
/// the result fits under it: the cost is about `(2k/64)·n` steps for a final
/// distance `k`, a few per cent of the table for OCR text.
fn myers_block<T: Eq + Hash + Copy>(pattern: &[T], text: &[T]) -> usize {
    let m = pattern.len();
    let n = text.len();
    debug_assert!(0 < m && m <= n);

    // Each distinct pattern item gets a dense id; items not in the pattern get the
    // id `alphabet`, which matches nothing.
    let mut ids: HashMap<T, usize> = HashMap::new();
    let pattern: Vec<usize> = pattern
        .iter()
        .map(|&item| {
            let next = ids.len();
            *ids.entry(item).or_insert(next)
        })
        .collect();
    let alphabet = ids.len();
    let text: Vec<usize> = text
        .iter()
        .map(|item| ids.get(item).copied().unwrap_or(alphabet))
        .collect();
    let peq = Peq::new(&pattern, alphabet);

    let mut k = (n - m).max(32);
    loop {
        let distance = banded(&peq, m, &text, k);
        if distance <= k || k >= n {
            return distance;
        }
        // The banded result is an upper bound: a band that wide is always enough.
        k = distance.min(2 * k).min(n);
    }
}

/// The pattern's match vectors, sparse: for each id, the blocks in which it
/// occurs, each with bit `i` set when row `block * 64 + i` is that id.
///
/// A dense table (ids × blocks) would be simpler but grows with the square of the
/// length for text with a large alphabet; this one holds at most one word per
/// pattern item.
struct Peq {
    /// `(block, bits)` for every id in turn, blocks ascending within an id.
    entries: Vec<(usize, u64)>,
    /// `entries[starts[id]..starts[id + 1]]` are the id's blocks.
    starts: Vec<usize>,
    blocks: usize,
}

impl Peq {
    fn new(pattern: &[usize], alphabet: usize) -> Peq {
        // A counting sort of the positions by id: positions stay ascending within
        // an id, so its blocks come out ascending too.
        let mut first = vec![0usize; alphabet + 1];
        for &id in pattern {
            first[id + 1] += 1;
        }
        for id in 1..first.len() {
            first[id] += first[id - 1];
        }
        let mut fill = first.clone();
        let mut positions = vec![0usize; pattern.len()];
        for (i, &id) in pattern.iter().enumerate() {
            positions[fill[id]] = i;
            fill[id] += 1;
        }
        let mut entries: Vec<(usize, u64)> = Vec::with_capacity(pattern.len());
        // `starts[alphabet + 1]` closes the empty list of the id that matches nothing.
        let mut starts = Vec::with_capacity(alphabet + 2);
        for id in 0..alphabet {
            starts.push(entries.len());
            let mut last_block = None;
            for &i in &positions[first[id]..first[id + 1]] {
                let (block, bit) = (i / WORD, 1u64 << (i % WORD));
                match entries.last_mut() {
                    Some(entry) if last_block == Some(block) => entry.1 |= bit,
                    _ => entries.push((block, bit)),
                }
                last_block = Some(block);
            }
        }
        starts.push(entries.len());
        starts.push(entries.len());
        Peq {
            entries,
            starts,
            blocks: pattern.len().div_ceil(WORD),
        }
    }

    /// The blocks of `id`, ascending.
    fn of(&self, id: usize) -> &[(usize, u64)] {
        &self.entries[self.starts[id]..self.starts[id + 1]]
    }
}

/// Myers' block algorithm over the band of half-width `k` (see [`myers_block`]).
/// `text` holds pattern ids; rows and columns count from 1, row 0 and column 0
/// being the table's borders.
fn banded(peq: &Peq, m: usize, text: &[usize], k: usize) -> usize {
    let blocks = peq.blocks;
    let n = text.len();
    let d = n - m;
    // Vertical deltas of the current column per block, +1 (pv) or -1 (mv), else 0,
    // and the value of each block's bottom row. Column 0 is D[i][0] = i.
    let mut pv = vec![!0u64; blocks];
    let mut mv = vec![0u64; blocks];
    let mut bottom: Vec<usize> = (0..blocks).map(|b| ((b + 1) * WORD).min(m)).collect();
    let rows = |b: usize| ((b + 1) * WORD).min(m) - b * WORD;
    let last_bit = 1u64 << ((m - 1) % WORD);
    let mut last = (k - d).clamp(1, m).div_ceil(WORD) - 1;

    for (j, &id) in (1..=n).zip(text) {
        let first = (j.saturating_sub(k).max(1) - 1) / WORD;
        let band_last = ((j + k - d).min(m) - 1) / WORD;
        while last < band_last {
            last += 1;
            pv[last] = !0;
            mv[last] = 0;
            bottom[last] = bottom[last - 1] + rows(last);
        }
        let eqs = peq.of(id);
        let mut next = eqs.partition_point(|&(block, _)| block < first);
        // The row above the band is D[0][j] = j, or taken to grow by one per column:
        // either way the horizontal delta entering the first block is +1.
        let mut hp_in = 1u64;
        let mut hm_in = 0u64;
        for w in first..=last {
            let high = if w + 1 == blocks {
                last_bit
            } else {
                1u64 << (WORD - 1)
            };
            let (p, n) = (pv[w], mv[w]);
            let mut eq = match eqs.get(next) {
                Some(&(block, bits)) if block == w => {
                    next += 1;
                    bits
                }
                _ => 0,
            };
            let xv = eq | n;
            eq |= hm_in;
            let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
            let mut ph = n | !(xh | p);
            let mut mh = p & xh;
            let hp_out = u64::from(ph & high != 0);
            let hm_out = u64::from(mh & high != 0);
            ph = (ph << 1) | hp_in;
            mh = (mh << 1) | hm_in;
            pv[w] = mh | !(xv | ph);
            mv[w] = ph & xv;
            bottom[w] = bottom[w] + hp_out as usize - hm_out as usize;
            hp_in = hp_out;
            hm_in = hm_out;
        }
    }
    bottom[blocks - 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::any;

    /// The textbook O(m·n) dynamic programme, to check the fast one against.
    fn naive(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                let sub = prev[j] + usize::from(x != y);
                cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn known_distances() {
        let rows: &[(&str, &str, &str, usize)] = &[
            ("both empty", "", "", 0),
            ("one empty", "", "中华", 2),
            ("other empty", "中华人", "", 3),
            ("equal", "中华人民", "中华人民", 0),
            ("substitution", "屮华人民", "中华人民", 1),
            ("insertion", "中华人民", "中华人人民", 1),
            ("deletion", "中华人民", "中人民", 1),
            ("kitten", "kitten", "sitting", 3),
            ("disjoint", "abc", "xyz", 3),
            ("transposition is two", "ab", "ba", 2),
        ];
        for &(name, a, b, want) in rows {
            assert_eq!(levenshtein(a, b), want, "{name}");
            assert_eq!(levenshtein(b, a), want, "{name} (swapped)");
        }
    }

    #[test]
    fn long_sequences_cross_block_boundaries() {
        // 64, 65, 128, 129 … rows exercise the carries between blocks.
        for len in [63usize, 64, 65, 127, 128, 129, 300] {
            let a: Vec<char> = (0..len)
                .map(|i| char::from_u32(0x4e00 + (i * 7 % 50) as u32).unwrap())
                .collect();
            let mut b = a.clone();
            b[len / 2] = 'x';
            b.remove(len / 3);
            b.insert(len - 2, 'y');
            b.push('z');
            assert_eq!(levenshtein_slices(&a, &b), naive(&a, &b), "len {len}");
        }
    }

    #[test]
    fn normalisation_folds_quotes_and_drops_white_space() {
        let rows: &[(&str, &str)] = &[
            ("“a” ‘b’", "\"a\"'b'"),
            ("＂ａ＂＇ｂ＇", "\"a\"'b'"),
            ("「中」", "\"中\""),
            ("中\u{3000}华\r\n\t人 民", "中华人民"),
            ("①", "1"),
        ];
        for &(input, want) in rows {
            assert_eq!(normalize_for_comparison(input), want, "{input:?}");
        }
    }

    #[test]
    fn empty_gold_rate() {
        assert_eq!(cer("", "").rate(), 0.0);
        assert_eq!(cer("ab", "").rate(), 2.0);
        assert_eq!(cer("ab", "abcd").rate(), 0.5);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
            )),
            ..proptest::prelude::ProptestConfig::with_cases(512)
        })]

        /// Small alphabets make many matches; lengths cross block boundaries.
        #[test]
        fn matches_naive_dp(
            a in proptest::collection::vec(proptest::sample::select(vec!['中', '华', 'a', 'b', '。']), 0..200),
            b in proptest::collection::vec(proptest::sample::select(vec!['中', '华', 'a', 'b', 'c']), 0..200),
        ) {
            proptest::prop_assert_eq!(levenshtein_slices(&a, &b), naive(&a, &b));
        }

        /// Near-identical sequences, as OCR gives: a few edits of a long base, so
        /// that the band is narrow and blocks enter and leave it.
        #[test]
        fn matches_naive_dp_on_near_copies(
            base in proptest::collection::vec(proptest::sample::select(vec!['中', '华', '人', '民', 'a', '。']), 0..400),
            edits in proptest::collection::vec((any::<usize>(), 0u8..3, proptest::sample::select(vec!['中', 'x', '。'])), 0..40),
        ) {
            let mut other = base.clone();
            for (at, op, c) in edits {
                let at = at % (other.len() + 1);
                match op {
                    0 => other.insert(at, c),
                    1 if at < other.len() => { other.remove(at); }
                    _ if at < other.len() => other[at] = c,
                    _ => other.push(c),
                }
            }
            proptest::prop_assert_eq!(levenshtein_slices(&base, &other), naive(&base, &other));
            proptest::prop_assert_eq!(levenshtein_slices(&other, &base), naive(&other, &base));
        }

        /// Arbitrary strings, including ones sharing a prefix and a suffix.
        #[test]
        fn matches_naive_dp_on_strings(a in ".{0,150}", b in ".{0,150}", common in ".{0,70}") {
            let a2 = format!("{common}{a}{common}");
            let b2 = format!("{common}{b}{common}");
            proptest::prop_assert_eq!(levenshtein(&a2, &b2), naive(&chars(&a2), &chars(&b2)));
            proptest::prop_assert_eq!(levenshtein(&a, &b), naive(&chars(&a), &chars(&b)));
        }
    }
}
