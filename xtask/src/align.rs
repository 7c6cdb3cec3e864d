//! Character alignment of an OCR text with its gold: exact-match anchors (unique k-grams in
//! increasing order on both sides), then an edit-distance alignment with backtrace of each gap
//! between anchors. Besides substitutions, insertions and deletions it knows a 2→1 split (the
//! engine printed two characters for one, 纟R for 组) and a 1→2 merge, preferred over the
//! substitution-plus-indel pair they would otherwise be.

use std::collections::HashMap;
use std::ops::Range;

/// Anchor length: long enough to be unique in a document, short enough to occur between errors.
const K: usize = 6;
/// Largest gap (cells of the edit matrix) that is aligned; a larger one is left unaligned.
const MAX_CELLS: usize = 25_000_000;

const SUB: u32 = 2;
const INDEL: u32 = 2;
const SPLIT: u32 = 3;

/// One step of an alignment: a stretch of the observed text against a stretch of the gold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Op {
    pub(crate) obs: Range<usize>,
    pub(crate) gold: Range<usize>,
}

impl Op {
    /// An exact match of one character.
    pub(crate) fn is_match(&self, obs: &[char], gold: &[char]) -> bool {
        self.obs.len() == 1 && self.gold.len() == 1 && obs[self.obs.start] == gold[self.gold.start]
    }
}

/// Aligns `obs` with `gold`; the ops cover both in order. Returns the ops and the number of
/// gold characters left unaligned (gaps too large to align).
pub(crate) fn align(obs: &[char], gold: &[char]) -> (Vec<Op>, usize) {
    let anchors = anchors(obs, gold);
    let mut ops = Vec::new();
    let mut skipped = 0;
    let (mut i, mut j) = (0, 0);
    for (ai, aj) in anchors.into_iter().chain([(obs.len(), gold.len())]) {
        if ai < i || aj < j {
            continue;
        }
        let (n, m) = (ai - i, aj - j);
        if (n + 1) * (m + 1) <= MAX_CELLS {
            ops.extend(
                align_gap(&obs[i..ai], &gold[j..aj])
                    .into_iter()
                    .map(|op| Op {
                        obs: op.obs.start + i..op.obs.end + i,
                        gold: op.gold.start + j..op.gold.end + j,
                    }),
            );
        } else {
            skipped += m;
            ops.push(Op {
                obs: i..ai,
                gold: j..aj,
            });
        }
        i = ai;
        j = aj;
        // Extend the anchor as far as the texts agree.
        while i < obs.len() && j < gold.len() && obs[i] == gold[j] {
            ops.push(Op {
                obs: i..i + 1,
                gold: j..j + 1,
            });
            i += 1;
            j += 1;
        }
    }
    (ops, skipped)
}

/// Positions (obs, gold) of k-grams that occur once on each side, longest increasing chain.
fn anchors(obs: &[char], gold: &[char]) -> Vec<(usize, usize)> {
    if obs.len() < K || gold.len() < K {
        return Vec::new();
    }
    fn unique(s: &[char]) -> HashMap<&[char], Option<usize>> {
        let mut m: HashMap<&[char], Option<usize>> = HashMap::new();
        for (i, w) in s.windows(K).enumerate() {
            m.entry(w).and_modify(|v| *v = None).or_insert(Some(i));
        }
        m
    }
    let g = unique(gold);
    let mut pairs: Vec<(usize, usize)> = unique(obs)
        .into_iter()
        .filter_map(|(w, i)| Some((i?, (*g.get(w)?)?)))
        .collect();
    pairs.sort_unstable();
    // Longest chain increasing in the gold position (patience sorting with back links).
    let mut tails: Vec<usize> = Vec::new();
    let mut back = vec![usize::MAX; pairs.len()];
    for (idx, &(_, j)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < j);
        if pos > 0 {
            back[idx] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(idx);
        } else {
            tails[pos] = idx;
        }
    }
    let mut chain = Vec::new();
    let mut cur = tails.last().copied().unwrap_or(usize::MAX);
    while cur != usize::MAX {
        chain.push(pairs[cur]);
        cur = back[cur];
    }
    chain.reverse();
    chain
}

/// Full edit-distance alignment of a (small) gap, with split and merge steps.
fn align_gap(obs: &[char], gold: &[char]) -> Vec<Op> {
    let (n, m) = (obs.len(), gold.len());
    let w = m + 1;
    let mut cost = vec![u32::MAX; (n + 1) * w];
    // Step taken into a cell: (observed chars, gold chars) consumed.
    let mut step = vec![(0u8, 0u8); (n + 1) * w];
    cost[0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (u32::MAX, (0u8, 0u8));
            let mut try_step = |di: usize, dj: usize, c: u32| {
                if i >= di && j >= dj {
                    let prev = cost[(i - di) * w + (j - dj)];
                    if prev != u32::MAX && prev + c < best.0 {
                        best = (prev + c, (di as u8, dj as u8));
                    }
                }
            };
            if i > 0 && j > 0 {
                try_step(1, 1, if obs[i - 1] == gold[j - 1] { 0 } else { SUB });
            }
            try_step(1, 0, INDEL);
            try_step(0, 1, INDEL);
            try_step(2, 1, SPLIT);
            try_step(1, 2, SPLIT);
            cost[i * w + j] = best.0;
            step[i * w + j] = best.1;
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (di, dj) = step[i * w + j];
        let (di, dj) = (di as usize, dj as usize);
        ops.push(Op {
            obs: i - di..i,
            gold: j - dj..j,
        });
        i -= di;
        j -= dj;
    }
    ops.reverse();
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(obs: &str, gold: &str) -> Vec<(String, String)> {
        let o: Vec<char> = obs.chars().collect();
        let g: Vec<char> = gold.chars().collect();
        let (ops, skipped) = align(&o, &g);
        assert_eq!(skipped, 0);
        ops.iter()
            .filter(|op| !op.is_match(&o, &g))
            .map(|op| {
                (
                    o[op.obs.clone()].iter().collect(),
                    g[op.gold.clone()].iter().collect(),
                )
            })
            .collect()
    }

    fn p(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn substitution() {
        assert_eq!(
            pairs("中华人民共和国屮华人民", "中华人民共和国中华人民"),
            [p("屮", "中")]
        );
    }

    #[test]
    fn split_is_preferred_to_substitution_and_insertion() {
        assert_eq!(
            pairs(
                "加强班组建设和纟R织工作的开展",
                "加强班组建设和组织工作的开展"
            ),
            [p("纟R", "组")]
        );
    }

    #[test]
    fn merge_insertion_deletion() {
        assert_eq!(
            pairs("abcdefghij", "abcXYdefghij"),
            [p("", "X"), p("", "Y")]
        );
        assert_eq!(pairs("abcdeQfghij", "abcdeXYfghij"), [p("Q", "XY")]);
        assert_eq!(
            pairs("abcdefZZghij", "abcdefghij"),
            [p("Z", ""), p("Z", "")]
        );
    }

    #[test]
    fn long_texts_with_an_unaligned_prefix() {
        let gold: String = (0..3000)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20000).unwrap())
            .collect();
        let mut obs = "欢迎来到天天文库浏览记录".to_string();
        obs.push_str(&gold);
        let mut o: Vec<char> = gold.chars().collect();
        o[1500] = '屮';
        let obs2: String = o.iter().collect();
        assert_eq!(
            pairs(&obs2, &gold),
            [p("屮", &gold.chars().nth(1500).unwrap().to_string())]
        );
        assert_eq!(pairs(&obs, &gold).len(), 12);
    }
}
