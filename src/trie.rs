//! A character-wise double-array trie: the lexicon's words, stepped through one
//! character at a time.
//!
//! Every node is a slot of one array of `(base, check)` pairs. The child of node
//! `n` by character `c` is slot `t = base(n) + code(c)`, and it is one exactly when
//! `check(t) == n`: a step is one read of a code table and one of a slot, with no
//! hashing and no probing. Characters get dense codes, the commonest first, so
//! that the busiest nodes' children sit close together, and the nodes are laid out
//! breadth first, so that the short prefixes most walks go through share a few
//! cache lines. What callers know of a node (a word's frequency) they keep in
//! arrays of their own, indexed by node.
//!
//! A trie is three arrays of little-endian integers, stored as bytes: built at
//! run time ([`Trie::build`], for small word lists) or read in place from a
//! prebuilt image ([`Trie::from_bytes`], for the lexicon: no start-up work).

use std::fmt;

/// A node of the trie: the index of its slot.
pub(crate) type Node = u32;

/// The root: the empty prefix.
pub(crate) const ROOT: Node = 0;

/// The `check` of a slot that is nobody's child: a free slot, or the root.
const EMPTY: u32 = u32::MAX;

/// How many code points the Basic Multilingual Plane holds.
const BMP: usize = 0x10000;

/// How far behind the last slot taken the search for room for two or more
/// children starts, in words of the bitmap: a bound on the search's time, which
/// leaves the slots further behind to nodes with one child.
const SEARCH_WORDS: usize = 256;

/// [`SEARCH_WORDS`] for a trie built once and stored ([`Trie::build_dense`]):
/// the search for room goes back far enough to fill most free slots.
const DENSE_SEARCH_WORDS: usize = 1 << 16;

/// How many times the search for room for a node's children may fail in a word of
/// the bitmap before searches start past it (its free slots are still taken by
/// nodes with one child).
const MAX_FAILS: u8 = 8;

/// [`MAX_FAILS`] for a trie built once and stored.
const DENSE_MAX_FAILS: u8 = 64;

/// One node, 8 bytes: where its children start (`base`, the slot of the child
/// by code 0, which no character has: a node's children are at `base + code`),
/// then who its parent is (`check`, the parent's slot; [`EMPTY`] for the root and
/// for free slots), each a little-endian `u32`.
type Slot = [u8; 8];

/// A slot of `base` and `check`.
#[inline]
fn slot(base: u32, check: u32) -> Slot {
    let mut s = [0; 8];
    s[..4].copy_from_slice(&base.to_le_bytes());
    s[4..].copy_from_slice(&check.to_le_bytes());
    s
}

/// A hint that `x` will be read soon (no effect where the target has none).
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    // SAFETY: a prefetch reads nothing the program sees and cannot fault;
    // SSE, which it needs, is part of every x86-64 target.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// The base of a slot.
#[inline(always)]
fn base(s: &Slot) -> u32 {
    u32::from_le_bytes([s[0], s[1], s[2], s[3]])
}

/// The check of a slot.
#[inline(always)]
fn check(s: &Slot) -> u32 {
    u32::from_le_bytes([s[4], s[5], s[6], s[7]])
}

/// The arrays of a trie: owned (built at run time) or borrowed from a prebuilt
/// image (read in place).
pub(crate) trait Store {
    /// The slots.
    fn slots(&self) -> &[Slot];
    /// Each BMP character's code (little-endian `u16`); 0 for a character in no word.
    fn bmp(&self) -> &[[u8; 2]];
    /// The characters beyond the BMP with their codes (after all of the BMP's),
    /// sorted by character: pairs of little-endian `u32`.
    fn astral(&self) -> &[[u8; 8]];
}

/// The arrays of a trie built at run time.
pub(crate) struct Owned {
    slots: Vec<Slot>,
    bmp: Vec<[u8; 2]>,
    astral: Vec<[u8; 8]>,
}

impl Store for Owned {
    #[inline(always)]
    fn slots(&self) -> &[Slot] {
        &self.slots
    }
    #[inline(always)]
    fn bmp(&self) -> &[[u8; 2]] {
        &self.bmp
    }
    #[inline(always)]
    fn astral(&self) -> &[[u8; 8]] {
        &self.astral
    }
}

/// The arrays of a trie read in place from a prebuilt image.
pub(crate) struct InPlace {
    slots: &'static [Slot],
    bmp: &'static [[u8; 2]],
    astral: &'static [[u8; 8]],
}

impl Store for InPlace {
    #[inline(always)]
    fn slots(&self) -> &[Slot] {
        self.slots
    }
    #[inline(always)]
    fn bmp(&self) -> &[[u8; 2]] {
        self.bmp
    }
    #[inline(always)]
    fn astral(&self) -> &[[u8; 8]] {
        self.astral
    }
}

/// A double-array trie of words. Its nodes are indices into an array, where
/// the caller keeps what it knows of each node (the words' values, from
/// [`Trie::build`]).
pub(crate) struct Trie<S = Owned> {
    store: S,
}

impl<S: Store> fmt::Debug for Trie<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trie")
            .field("slots", &self.store.slots().len())
            .field("astral", &self.store.astral().len())
            .finish()
    }
}

/// The three arrays of a trie as bytes, as [`Trie::from_bytes`] reads them.
pub(crate) struct Image<'a> {
    /// The slots, 8 bytes each.
    pub(crate) slots: &'a [u8],
    /// The BMP's codes, 2 bytes each, 65,536 of them.
    pub(crate) bmp: &'a [u8],
    /// The astral characters and their codes, 8 bytes each.
    pub(crate) astral: &'a [u8],
}

impl Trie<InPlace> {
    /// The trie whose arrays are `image`'s bytes (from [`Trie::image`]), read
    /// in place.
    pub(crate) fn from_bytes(image: Image<'static>) -> Result<Trie<InPlace>, String> {
        let (slots, rest) = image.slots.as_chunks::<8>();
        if !rest.is_empty() || slots.is_empty() {
            return Err(format!("{} bytes of slots", image.slots.len()));
        }
        let (bmp, rest) = image.bmp.as_chunks::<2>();
        if !rest.is_empty() || bmp.len() != BMP {
            return Err(format!("{} bytes of BMP codes", image.bmp.len()));
        }
        let (astral, rest) = image.astral.as_chunks::<8>();
        if !rest.is_empty() {
            return Err(format!("{} bytes of astral codes", image.astral.len()));
        }
        Ok(Trie {
            store: InPlace { slots, bmp, astral },
        })
    }
}

impl Trie<Owned> {
    /// Builds the trie of `words`, with each node's value: that of the word that
    /// ends there (the last, for a word given twice), `V::default()` for a node
    /// that is only a prefix or for no node. The characters' codes are assigned
    /// by descending `weight` of the words they occur in (plus one per occurrence).
    pub(crate) fn build<V: Copy + Default>(
        words: &[(&str, V)],
        weight: impl Fn(&V) -> u64,
    ) -> (Trie, Vec<V>) {
        Trie::build_with(words, weight, (SEARCH_WORDS, MAX_FAILS))
    }

    /// [`build`](Trie::build), spending more time to leave fewer free slots
    /// between the nodes: for a trie built once and stored (about half as many
    /// slots for the lexicon's 350,000 words).
    pub(crate) fn build_dense<V: Copy + Default>(
        words: &[(&str, V)],
        weight: impl Fn(&V) -> u64,
    ) -> (Trie, Vec<V>) {
        Trie::build_with(words, weight, (DENSE_SEARCH_WORDS, DENSE_MAX_FAILS))
    }

    /// [`build`](Trie::build) with how far back the search for room goes and
    /// how often it may fail in one place.
    fn build_with<V: Copy + Default>(
        words: &[(&str, V)],
        weight: impl Fn(&V) -> u64,
        (search_words, max_fails): (usize, u8),
    ) -> (Trie, Vec<V>) {
        let (bmp, astral) = codes(words, weight);
        let mut trie = Trie {
            store: Owned {
                slots: Vec::new(),
                bmp,
                astral,
            },
        };
        // Words that share a prefix are neighbours in sorted order, so that each
        // node is a run of the sorted words (all in the dictionary's own order
        // already, as jieba's is). A stable sort keeps a repeated word's last
        // value last.
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        if !words.is_sorted_by(|a, b| bytes_le(a.0, b.0)) {
            order.sort_by(|&a, &b| words[a as usize].0.cmp(words[b as usize].0));
        }
        // The nodes, breadth first, as runs of `order` (with the bytes of their
        // shared prefix): node `n`'s children are numbered `1 + family[n]` on, by
        // ascending code, and `codes[family[n]..family[n + 1]]` are their codes.
        let mut family: Vec<u32> = Vec::with_capacity(words.len() * 3 / 2);
        let mut codes: Vec<u32> = Vec::with_capacity(words.len() * 3 / 2);
        // The word that ends at each node that has one.
        let mut ends: Vec<(u32, u32)> = Vec::with_capacity(words.len());
        let mut queue: std::collections::VecDeque<(u32, u32, u32)> = Default::default();
        queue.push_back((0, order.len() as u32, 0));
        let mut kids: Vec<(u32, usize, usize, usize)> = Vec::new();
        while let Some((lo, hi, depth)) = queue.pop_front() {
            let (lo, hi, depth) = (lo as usize, hi as usize, depth as usize);
            let node = family.len() as u32;
            family.push(codes.len() as u32);
            let mut i = lo;
            while i < hi && words[order[i] as usize].0.len() == depth {
                i += 1;
            }
            if i > lo {
                ends.push((node, order[i - 1]));
            }
            kids.clear();
            while i < hi {
                let word = words[order[i] as usize].0;
                let Some(c) = word[depth..].chars().next() else {
                    break;
                };
                let next = &word.as_bytes()[..depth + c.len_utf8()];
                let start = i;
                i += 1;
                while i < hi && words[order[i] as usize].0.as_bytes().starts_with(next) {
                    i += 1;
                }
                kids.push((trie.code(c), start, i, depth + c.len_utf8()));
            }
            if kids.len() > 1 {
                kids.sort_unstable_by_key(|k| k.0);
            }
            for &(code, lo, hi, depth) in &kids {
                codes.push(code);
                queue.push_back((lo as u32, hi as u32, depth as u32));
            }
        }
        drop((queue, order));
        let nodes = family.len();
        family.push(codes.len() as u32);
        let kids_of = |n: usize| &codes[family[n] as usize..family[n + 1] as usize];
        // Room for each family in turn, breadth first: the short prefixes most
        // walks go through come first, close together.
        let mut place = Placer::new(nodes + nodes / 4 + 2, search_words, max_fails);
        place.occupy(0);
        let base: Vec<u32> = (0..nodes)
            .map(|n| {
                let kids = kids_of(n);
                if kids.is_empty() {
                    // A leaf's base is never followed to a child of its own.
                    return 0;
                }
                let b = place.find_base(kids);
                for &c in kids {
                    place.occupy(b + c);
                }
                b
            })
            .collect();
        // The slots: each node's where its parent's base puts it.
        let mut slots = vec![(0u32, EMPTY); place.top + 1];
        let mut at = vec![0u32; nodes];
        for n in 0..nodes {
            let (s, b) = (at[n], base[n]);
            slots[s as usize].0 = b;
            let first = family[n] as usize + 1;
            for (j, &c) in kids_of(n).iter().enumerate() {
                at[first + j] = b + c;
                slots[(b + c) as usize].1 = s;
            }
        }
        trie.store.slots = slots.into_iter().map(|(b, c)| slot(b, c)).collect();
        let used = place.top + 1;
        drop((place, base, family, codes));
        let mut values = vec![V::default(); used];
        for (node, word) in ends {
            values[at[node as usize] as usize] = words[word as usize].1;
        }
        (trie, values)
    }

    /// The trie's arrays as bytes, for [`Trie::from_bytes`].
    pub(crate) fn image(&self) -> Image<'_> {
        Image {
            slots: self.store.slots.as_flattened(),
            bmp: self.store.bmp.as_flattened(),
            astral: self.store.astral.as_flattened(),
        }
    }
}

impl<S: Store> Trie<S> {
    /// The node reached from `node` by `c`, if some word continues so.
    #[inline]
    pub(crate) fn child(&self, node: Node, c: char) -> Option<Node> {
        self.child_code(node, self.code(c))
    }

    /// The node reached from `node` by the character of code `code` (from
    /// [`Trie::code`]), if some word continues so.
    /// Asks for the slot of `node`'s child by `code` ahead of the walk that
    /// will read it (a walk's steps each wait for the one before; the walks
    /// from the characters of a text are known ahead).
    #[inline]
    pub(crate) fn prefetch_child(&self, node: Node, code: u32) {
        let slots = self.store.slots();
        if let Some(t) = slots
            .get(node as usize)
            .and_then(|s| slots.get(base(s).wrapping_add(code) as usize))
        {
            prefetch(t);
        }
    }

    #[inline]
    pub(crate) fn child_code(&self, node: Node, code: u32) -> Option<Node> {
        let slots = self.store.slots();
        let b = base(slots.get(node as usize)?);
        // Code 0 (no word has the character) lands on the slot `base`, which is
        // no child of `node`: its children are at `base + 1` and beyond.
        let t = b.wrapping_add(code);
        match slots.get(t as usize) {
            Some(s) if check(s) == node => Some(t),
            _ => None,
        }
    }

    /// The code of `c`; 0 if no word has it.
    #[inline]
    pub(crate) fn code(&self, c: char) -> u32 {
        let cp = c as u32;
        if let Some(&code) = self.store.bmp().get(cp as usize) {
            u32::from(u16::from_le_bytes(code))
        } else {
            self.astral_code(c)
        }
    }

    #[cold]
    #[inline(never)]
    fn astral_code(&self, c: char) -> u32 {
        let astral = self.store.astral();
        let key = |pair: &[u8; 8]| u32::from_le_bytes([pair[0], pair[1], pair[2], pair[3]]);
        match astral.binary_search_by_key(&(c as u32), key) {
            Ok(k) => {
                let p = &astral[k];
                u32::from_le_bytes([p[4], p[5], p[6], p[7]])
            }
            Err(_) => 0,
        }
    }

    /// Every node two characters below the root, with the codes of its two
    /// characters: `(first code, second code, node)`, in slot order (so the
    /// nodes under one first character come by ascending second code). Two
    /// sweeps over the slots, in order: the first marks the root's children,
    /// the second reads their children (a node's code is its slot less its
    /// parent's base).
    pub(crate) fn second_level(&self) -> Vec<(u32, u32, Node)> {
        let slots = self.store.slots();
        let Some(root) = slots.get(ROOT as usize) else {
            return Vec::new();
        };
        let root_base = base(root);
        // The root's children, a bit each (a tenth of a megabyte: it stays in
        // the cache while the second sweep asks it of every slot's parent).
        let mut first = vec![0u64; slots.len().div_ceil(64)];
        for (t, s) in slots.iter().enumerate() {
            if check(s) == ROOT && t != ROOT as usize {
                first[t / 64] |= 1 << (t % 64);
            }
        }
        let is_first = |p: usize| first.get(p / 64).is_some_and(|w| w >> (p % 64) & 1 == 1);
        let mut out = Vec::new();
        for (t, s) in slots.iter().enumerate() {
            let p = check(s);
            if p != EMPTY && is_first(p as usize) {
                let a = p.wrapping_sub(root_base);
                let b = (t as u32).wrapping_sub(base(&slots[p as usize]));
                out.push((a, b, t as Node));
            }
        }
        out
    }

    /// How many slots the trie takes (nodes and the free slots between them):
    /// a node is below it, and arrays indexed by node have this length.
    pub(crate) fn slots(&self) -> usize {
        self.store.slots().len()
    }
}

/// `a <= b` in byte order (code point order), for the dictionary's short words
/// (faster than a call to `memcmp`).
fn bytes_le(a: &str, b: &str) -> bool {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x < y;
        }
    }
    a.len() <= b.len()
}

/// The characters' codes: 1, 2, … by descending weight, the BMP's first (so that
/// they fit in a `u16`: the BMP holds fewer than 65,536 characters).
fn codes<V>(words: &[(&str, V)], weight: impl Fn(&V) -> u64) -> (Vec<[u8; 2]>, Vec<[u8; 8]>) {
    let mut bmp_weight = vec![0u64; BMP];
    let mut astral_weight: std::collections::BTreeMap<char, u64> = Default::default();
    for (word, value) in words {
        let w = weight(value).saturating_add(1);
        for c in word.chars() {
            let slot = match bmp_weight.get_mut(c as usize) {
                Some(slot) => slot,
                None => astral_weight.entry(c).or_insert(0),
            };
            *slot = slot.saturating_add(w);
        }
    }
    let mut ranked: Vec<(u64, u32)> = bmp_weight
        .iter()
        .enumerate()
        .filter(|&(_, &w)| w > 0)
        .map(|(cp, &w)| (w, cp as u32))
        .collect();
    ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut bmp = vec![[0u8; 2]; BMP];
    for (code, &(_, cp)) in ranked.iter().enumerate() {
        // At most 63,488 scalar values in the BMP (no surrogates): codes fit.
        bmp[cp as usize] = ((code + 1) as u16).to_le_bytes();
    }
    let mut astral_ranked: Vec<(u64, char)> =
        astral_weight.into_iter().map(|(c, w)| (w, c)).collect();
    astral_ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let first = ranked.len() as u32 + 1;
    let mut astral: Vec<(u32, u32)> = astral_ranked
        .iter()
        .enumerate()
        .map(|(k, &(_, c))| (c as u32, first + k as u32))
        .collect();
    astral.sort_unstable();
    let astral = astral
        .into_iter()
        .map(|(c, code)| {
            let mut pair = [0; 8];
            pair[..4].copy_from_slice(&c.to_le_bytes());
            pair[4..].copy_from_slice(&code.to_le_bytes());
            pair
        })
        .collect();
    (bmp, astral)
}

/// The room taken so far: a bitmap of the free slots, to search for room for a
/// family of children 64 bases at a time.
struct Placer {
    /// Bit `t % 64` of word `t / 64` is set when slot `t` is free.
    free: Vec<u64>,
    /// The first word with a free slot.
    head: usize,
    /// The word where the search for room for two or more children starts: those
    /// before it have failed too often.
    multi: usize,
    /// How often a search starting in each word has failed there.
    fails: Vec<u8>,
    /// The last slot taken.
    top: usize,
    /// How far behind the last slot taken the search for room starts, in words.
    search_words: usize,
    /// How often a search may fail in one word before searches start past it.
    max_fails: u8,
}

impl Placer {
    fn new(capacity: usize, search_words: usize, max_fails: u8) -> Placer {
        let mut placer = Placer {
            search_words,
            max_fails,
            free: Vec::new(),
            head: 0,
            multi: 0,
            fails: Vec::new(),
            top: 0,
        };
        placer.grow(capacity.max(1));
        placer
    }

    /// Extends the bitmap to at least `len` slots (and a word more, so that 64
    /// bits from any slot can be read), the new ones free.
    #[cold]
    fn grow(&mut self, len: usize) {
        let old = self.free.len();
        let words = (len / 64 + 2).max(old + old / 2);
        assert!(
            words * 64 < EMPTY as usize,
            "trie too large for u32 node ids"
        );
        self.free.resize(words, u64::MAX);
        self.fails.resize(words, 0);
    }

    /// 64 bits of the bitmap from slot `t` on.
    #[inline]
    fn bits(&self, t: usize) -> u64 {
        let (i, s) = (t / 64, t % 64);
        if s == 0 {
            self.free[i]
        } else {
            (self.free[i] >> s) | (self.free[i + 1] << (64 - s))
        }
    }

    /// Takes slot `t`.
    fn occupy(&mut self, t: u32) {
        let t = t as usize;
        if t / 64 + 2 > self.free.len() {
            self.grow(t + 1);
        }
        self.free[t / 64] &= !(1 << (t % 64));
        self.top = self.top.max(t);
    }

    /// A base at which every slot `base + code` is free (`codes` ascending,
    /// each at least 1), growing the bitmap as needed.
    fn find_base(&mut self, codes: &[u32]) -> u32 {
        let (first, last) = (codes[0] as usize, codes[codes.len() - 1] as usize);
        while self.free[self.head] == 0 {
            self.head += 1;
        }
        if codes.len() == 1 {
            // The first free slot from `first` on.
            let start = first.max(self.head * 64);
            let mut i = start / 64;
            if i + 2 > self.free.len() {
                self.grow(start + 64);
            }
            let mut word = self.free[i] & (u64::MAX << (start % 64));
            while word == 0 {
                i += 1;
                if i + 2 > self.free.len() {
                    self.grow(i * 64 + 64);
                }
                word = self.free[i];
            }
            return (i * 64 + word.trailing_zeros() as usize - first) as u32;
        }
        // The search starts where families have kept failing, and not too far
        // behind the last slot taken.
        self.multi = self
            .multi
            .max(self.head)
            .max((self.top / 64).saturating_sub(self.search_words));
        let mut w = self.multi;
        loop {
            // Bases `b` to `b + 63`: those at which every child's slot is free.
            let b = (w * 64).saturating_sub(first);
            if (b + last) / 64 + 3 > self.free.len() {
                self.grow(b + last + 128);
            }
            let mut fit = u64::MAX;
            for &c in codes {
                fit &= self.bits(b + c as usize);
                if fit == 0 {
                    break;
                }
            }
            // Slot 0 is the root's, not free; base 0 is fine with codes from 1.
            if fit != 0 {
                return (b + fit.trailing_zeros() as usize) as u32;
            }
            if w == self.multi {
                self.fails[w] = self.fails[w].saturating_add(1);
                if self.fails[w] >= self.max_fails {
                    self.multi += 1;
                }
            }
            w += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// A trie with its values by node.
    type Built = (Trie, Vec<u32>);

    fn build(words: &[(&str, u32)]) -> Built {
        Trie::build(words, |&f| u64::from(f))
    }

    fn walk(trie: &Trie, s: &str) -> Option<Node> {
        s.chars().try_fold(ROOT, |node, c| trie.child(node, c))
    }

    /// The value at the node `s` leads to, if it leads to one.
    fn find((trie, values): &Built, s: &str) -> Option<u32> {
        walk(trie, s).map(|node| values[node as usize])
    }

    /// The real dictionary's words and frequencies, in its order.
    fn dictionary() -> Vec<(&'static str, u32)> {
        include_str!("data/jieba/dict.txt")
            .lines()
            .filter_map(|line| {
                let mut parts = line.split(' ');
                let word = parts.next().filter(|w| !w.is_empty())?;
                Some((word, parts.next()?.parse().ok()?))
            })
            .collect()
    }

    /// Each word's last value.
    fn last_values<'a>(words: &[(&'a str, u32)]) -> BTreeMap<&'a str, u32> {
        words.iter().copied().collect()
    }

    /// Checks a trie against the words it was built from: each word is found with
    /// its last value, and each proper prefix of one is a node, with value 0 if
    /// it is no word; returns those prefixes.
    fn check_words(built: &Built, words: &[(&str, u32)]) -> BTreeSet<String> {
        let last = last_values(words);
        let mut prefixes = BTreeSet::new();
        for (&w, &v) in &last {
            assert_eq!(find(built, w), Some(v), "{w}");
            for (k, _) in w.char_indices().skip(1) {
                prefixes.insert(w[..k].to_string());
            }
        }
        for p in &prefixes {
            let v = last.get(p.as_str()).copied().unwrap_or(0);
            assert_eq!(find(built, p), Some(v), "prefix {p}");
        }
        // Every node is reached by exactly one word or prefix: no slot claims a
        // parent it is not the child of.
        let nodes = (last.keys().copied())
            .chain(prefixes.iter().map(String::as_str))
            .filter_map(|s| walk(&built.0, s))
            .collect::<BTreeSet<_>>();
        let taken = (built.0.store.slots.iter())
            .filter(|s| check(s) != EMPTY)
            .count();
        assert_eq!(nodes.len(), taken);
        prefixes
    }

    #[test]
    fn the_whole_dictionary_is_found_with_its_frequencies() {
        let words = dictionary();
        assert!(words.len() > 300_000);
        let built = build(&words);
        let prefixes = check_words(&built, &words);
        let last = last_values(&words);
        let nodes = 1
            + last.len()
            + prefixes
                .iter()
                .filter(|p| !last.contains_key(p.as_str()))
                .count();
        let slots = built.0.slots();
        assert!(slots < nodes * 5 / 2, "{slots} slots for {nodes} nodes");
        // Neither words nor prefixes.
        for s in [
            "工人阶级先进性了",
            "评估休系",
            "屮屮",
            "abc工人",
            "\u{0}",
            "工\u{FFFF}",
            "𠀀",
        ] {
            assert_eq!(find(&built, s), None, "{s}");
        }
        assert_eq!(find(&built, ""), Some(0));
    }

    #[test]
    fn repeated_and_unsorted_words_keep_their_last_value() {
        let words = [
            ("乙", 1),
            ("甲乙", 2),
            ("甲", 3),
            ("甲乙", 4),
            ("甲乙丙", 5),
            ("乙", 6),
        ];
        let built = build(&words);
        check_words(&built, &words);
        assert_eq!(find(&built, "甲乙"), Some(4));
        assert_eq!(find(&built, "乙"), Some(6));
        assert_eq!(find(&built, "乙甲"), None);
        assert_eq!(find(&built, "丙"), None);
    }

    #[test]
    fn characters_beyond_the_bmp() {
        let words = [
            ("𠀀", 7),
            ("𠀀𠀁", 8),
            ("中𠀂文", 9),
            ("😀", 10),
            ("中", 11),
        ];
        let built = build(&words);
        check_words(&built, &words);
        assert_eq!(find(&built, "中𠀂"), Some(0));
        for s in ["𠀁", "𠀀𠀂", "中𠀀", "😁", "中文", "\u{10FFFF}", "\u{FFFF}"] {
            assert_eq!(find(&built, s), None, "{s}");
        }
    }

    #[test]
    fn an_empty_trie_has_only_the_root() {
        let built = build(&[]);
        assert_eq!(built.0.slots(), 1);
        assert_eq!(built.0.child(ROOT, '中'), None);
        assert_eq!(built.0.child(ROOT, '\0'), None);
        assert_eq!(built.0.child(5, '中'), None);
        assert_eq!(find(&built, ""), Some(0));
    }

    #[test]
    fn a_node_with_every_character_as_a_child() {
        // The root's children fill a block of codes; each also has many children.
        let alphabet: Vec<char> = ('\u{4E00}'..'\u{4F2C}').collect();
        let owned: Vec<(String, u32)> = alphabet
            .iter()
            .flat_map(|&a| {
                alphabet
                    .iter()
                    .step_by(7)
                    .map(move |&b| (format!("{a}{b}"), 2))
            })
            .chain(alphabet.iter().map(|a| (a.to_string(), 1)))
            .collect();
        let words: Vec<(&str, u32)> = owned.iter().map(|(w, f)| (w.as_str(), *f)).collect();
        let built = build(&words);
        check_words(&built, &words);
        assert_eq!(find(&built, "\u{4E00}\u{4E01}"), None);
    }

    /// A random sample of the dictionary, and random strings over the commonest
    /// characters and a few others (some of them added as words too).
    fn sample() -> impl Strategy<Value = (Vec<(String, u32)>, Vec<String>)> {
        let words = dictionary();
        let alphabet: Vec<char> = "的一是了不人工我在有他这中大来上国个到说们为子和你地出道也时年\
            得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无\
            𠀀𠀁😀aA1 \u{3000}"
            .chars()
            .collect();
        let n = words.len();
        let pick = proptest::collection::vec((0..n, 1u32..1000), 1..300);
        let probe = proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(alphabet), 1..6)
                .prop_map(|cs| cs.into_iter().collect::<String>()),
            0..200,
        );
        (pick, probe).prop_map(move |(pick, probe)| {
            let mut chosen: Vec<(String, u32)> = pick
                .iter()
                .map(|&(i, f)| (words[i].0.to_string(), f))
                .collect();
            chosen.extend(probe.iter().step_by(3).map(|s| (s.clone(), 1)));
            (chosen, probe)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn walks_agree_with_a_set_of_prefixes((words, probe) in sample()) {
            let words: Vec<(&str, u32)> = words.iter().map(|(w, f)| (w.as_str(), *f)).collect();
            let built = build(&words);
            let prefixes = check_words(&built, &words);
            let last = last_values(&words);
            for s in words.iter().map(|w| w.0).chain(probe.iter().map(String::as_str)) {
                // Every prefix of s, and s itself.
                for end in s.char_indices().map(|(k, _)| k).skip(1).chain([s.len()]) {
                    let p = &s[..end];
                    let known = last.contains_key(p) || prefixes.contains(p);
                    let expected = known.then(|| last.get(p).copied().unwrap_or(0));
                    prop_assert_eq!(find(&built, p), expected, "{}", p);
                }
            }
        }
    }
}
