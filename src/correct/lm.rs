//! The character language model: how likely a character is after the two
//! before it, marks included (`src/data/lm.bin`, made by `cargo xtask gen lm`;
//! the format and the text it was estimated from are in `xtask/src/lm.rs`).
//!
//! An interpolated Kneser-Ney trigram model with pruned triples, stored as
//! quantised log-probabilities and backoff weights in sorted arrays: about 4 MB,
//! read once on first use.

use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use crate::trie::prefetch;

/// The generated model.
static DATA: &[u8] = include_bytes!("../data/lm.bin");

static MODEL: LazyLock<CharLm> =
    LazyLock::new(|| CharLm::parse(DATA).expect("the built-in language model is well formed"));

/// The followers of a character kept for [`CharLm::followers`].
pub(crate) const TOP: usize = 32;

/// A character's id in the model; 0 is a character the model never saw.
pub(crate) type Id = u16;

/// A character's likeliest followers: (id, quantised `ln P`), likeliest first.
type Followers = Box<[(Id, u8)]>;

/// The character trigram model.
#[derive(Debug)]
pub(crate) struct CharLm {
    /// Ids of the Basic Multilingual Plane's characters by code point.
    bmp: Vec<Id>,
    /// The other characters, sorted, with their ids.
    astral: Vec<(char, Id)>,
    /// The characters by id - 1.
    chars: Vec<char>,
    /// `ln P(c)` and the backoff of `c` as a context, quantised, by id - 1.
    uni: Vec<(u8, u8)>,
    /// The pairs by `a << 16 | b`, open addressing (key 0 empty), each slot
    /// holding what a look-up needs (its probability, backoff and triples): a
    /// pair is found with one probe or two, and read from the same cache line.
    /// A pair's "index" elsewhere in this module is its slot.
    slots: Vec<Slot>,
    /// One bit per pair of ids `a * stride + b`, set where the model stores
    /// the pair (1.7 MB for 3,673 characters, a row of 460 bytes per first
    /// character), made on first use: the corrector's gate reads it instead
    /// of the 6 MB table. (Asked before every probe of the table, it saved
    /// no cache misses: docs/speed.md.)
    present: OnceLock<Vec<u64>>,
    /// The ids' count plus one (id 0 included): the bit set's row length.
    stride: usize,
    /// Bit sets laid out as `present`, of the pairs whose `ln P(b | a)` is at
    /// least a floor, by the floor's quantised value, each made on first use
    /// (for the corrector's gate, [`suspects`](Self::suspects)).
    likely: Mutex<Vec<(u8, Arc<[u64]>)>>,
    /// (u16 third id, u8 `ln P(c|ab)`), 3 bytes each, in place.
    triples: &'static [u8],
    /// The [`TOP`] likeliest followers of each character by id - 1 (from the
    /// pairs), likeliest first, each list made on its first use: a clean asks
    /// for the followers of few characters.
    top: Vec<OnceLock<Followers>>,
    /// The [`TOP`] likeliest characters before each character by id - 1, by
    /// the pair's joint probability `P(a) P(b | a)`: `(before_at, before)` as
    /// `top_at` and `top`, built on first use (from the pairs' bytes).
    before: OnceLock<(Vec<u32>, Vec<Id>)>,
    /// The pairs as stored (for `before`).
    pair_bytes: &'static [u8],
    pair_at: Vec<u32>,
    /// `ln P` of a character the model never saw.
    unknown: f32,
    /// Nats per quantisation step.
    step: f32,
}

/// A pair of the model in the look-up table.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C)]
struct Slot {
    /// `a << 16 | b`; 0 for an empty slot (no character has id 0).
    key: u32,
    /// The index of the pair's first triple in `triples` (the low 24 bits),
    /// and the least quantised `ln P` of its triples, that of the likeliest
    /// (the high 8; 255 for a pair without triples): with it a look-up's
    /// upper bound is known before the search among its triples.
    triples: u32,
    /// How many triples follow the pair.
    count: u16,
    /// Quantised `ln P(b | a)`.
    q: u8,
    /// Quantised backoff of `ab` as a context.
    backoff: u8,
}

impl Slot {
    /// The index of the pair's first triple.
    #[inline]
    fn first(&self) -> usize {
        (self.triples & 0xFF_FFFF) as usize
    }

    /// The least quantised `ln P` of the pair's triples (255 for none).
    #[inline]
    fn best(&self) -> u8 {
        (self.triples >> 24) as u8
    }
}

impl CharLm {
    /// The built-in model, read on first use.
    pub(crate) fn global() -> &'static CharLm {
        &MODEL
    }

    fn parse(data: &'static [u8]) -> Result<CharLm, String> {
        let mut r = crate::image::Reader::new(data);
        if r.bytes(4)? != b"ZHLM" || r.u32()? != 2 {
            return Err("not a version 2 model".into());
        }
        let (v, b, t) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
        let (unknown, step) = (r.f32()?, r.f32()?);
        let mut bmp = vec![0; 0x1_0000];
        let mut astral = Vec::new();
        let mut chars = Vec::with_capacity(v);
        for i in 0..v {
            let c = char::from_u32(r.u32()?).ok_or("a character out of range")?;
            chars.push(c);
            let id = Id::try_from(i + 1).map_err(|_| "too many characters")?;
            match bmp.get_mut(c as usize) {
                Some(slot) => *slot = id,
                None => astral.push((c, id)),
            }
        }
        let uni = (0..v)
            .map(|_| Ok((r.u8()?, r.u8()?)))
            .collect::<Result<_, String>>()?;
        let pair_at = (0..v + 2).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let pairs = r.bytes(4 * b)?;
        let triple_at = r.bytes(4 * (b + 1))?;
        let triples = r.bytes(3 * t)?;
        let best = r.bytes(b)?;
        r.finish()?;
        let last_triple = u32::from_le_bytes(triple_at[4 * b..].try_into().map_err(|_| "offsets")?);
        if pair_at.last() != Some(&(b as u32)) || last_triple != t as u32 {
            return Err("offsets do not end at the tables' ends".into());
        }
        let second = |k: usize| u16::from_le_bytes([pairs[4 * k], pairs[4 * k + 1]]);
        let triple_at_k = |k: usize| {
            let e = &triple_at[4 * k..4 * k + 4];
            u32::from_le_bytes([e[0], e[1], e[2], e[3]])
        };
        // Each pair's key and slot, in the file's order (by first character).
        let mut keys = Vec::with_capacity(b);
        for a in 1..=v {
            let (lo, hi) = (pair_at[a] as usize, pair_at[a + 1] as usize);
            if lo > hi || hi > b {
                return Err("pair offsets out of order".into());
            }
            keys.extend((lo..hi).map(|k| (a as u32) << 16 | u32::from(second(k))));
        }
        if keys.len() != b {
            return Err("pair offsets do not cover the pairs".into());
        }
        let size = (b * 3 / 2).next_power_of_two().max(2);
        let entry = |k: usize| -> Result<Slot, String> {
            let (start, end) = (triple_at_k(k), triple_at_k(k + 1));
            let count = u16::try_from(end.checked_sub(start).ok_or("triple offsets")?)
                .map_err(|_| "too many triples after a pair")?;
            if end >= 1 << 24 {
                return Err("too many triples".into());
            }
            if end as usize > t {
                return Err("triple offsets out of range".into());
            }
            // The likeliest triple's value, stored (a test checks it against
            // the triples).
            Ok(Slot {
                key: keys[k],
                triples: start | u32::from(best[k]) << 24,
                count,
                q: pairs[4 * k + 2],
                backoff: pairs[4 * k + 3],
            })
        };
        let slots = Self::table(&keys, entry, size)?;
        let stride = v + 1;
        Ok(CharLm {
            bmp,
            slots,
            present: OnceLock::new(),
            stride,
            likely: Mutex::new(Vec::new()),
            top: (0..v).map(|_| OnceLock::new()).collect(),
            before: OnceLock::new(),
            pair_bytes: pairs,
            pair_at,
            astral,
            chars,
            uni,
            triples,
            unknown,
            step,
        })
    }

    /// The id of `c` (0 if the model never saw it).
    #[inline]
    pub(crate) fn id(&self, c: char) -> Id {
        match self.bmp.get(c as usize) {
            Some(&id) => id,
            None => self
                .astral
                .binary_search_by_key(&c, |&(a, _)| a)
                .map_or(0, |k| self.astral[k].1),
        }
    }

    #[inline]
    fn nats(&self, q: u8) -> f32 {
        -f32::from(q) * self.step
    }

    /// The first slot of `key` in a table of `slots` (a power of two).
    #[inline]
    fn slot(key: u32, slots: usize) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> 7) as usize & (slots - 1)
    }

    /// The open-addressing table of `size` slots (a power of two above the
    /// number of keys) of the pairs `entry(k)` with keys `keys[k]`.
    ///
    /// Inserting the pairs in the file's order would make each insert a cache
    /// miss in a table of 6 MB. Instead the pairs are sorted by their first
    /// slot (a counting sort by runs of [`RUN`](Self::RUN) slots, then each
    /// run's few pairs), and one sweep lays the table out from its start, each
    /// pair at its first slot or the first free one after it: the table linear
    /// probing makes when the pairs come in that order (a look-up finds a key
    /// whatever the order of inserts was). A pair pushed past the end wraps
    /// round to the first free slot from the start, as a probe does.
    fn table(
        keys: &[u32],
        entry: impl Fn(usize) -> Result<Slot, String>,
        size: usize,
    ) -> Result<Vec<Slot>, String> {
        let home = |key: u32| Self::slot(key, size);
        let mut starts = vec![0u32; size.div_ceil(Self::RUN) + 1];
        for &key in keys {
            starts[home(key) / Self::RUN + 1] += 1;
        }
        for r in 1..starts.len() {
            starts[r] += starts[r - 1];
        }
        // (first slot, index) of each pair, by run.
        let mut order = vec![0u64; keys.len()];
        let mut next = starts.clone();
        for (k, &key) in keys.iter().enumerate() {
            let h = home(key);
            let at = &mut next[h / Self::RUN];
            order[*at as usize] = (h as u64) << 32 | k as u64;
            *at += 1;
        }
        for run in starts.windows(2) {
            order[run[0] as usize..run[1] as usize].sort_unstable();
        }
        let mut slots = vec![Slot::default(); size];
        // The slots before `free` are taken.
        let mut free = 0;
        let mut past_end = Vec::new();
        for hk in order {
            let (h, k) = ((hk >> 32) as usize, (hk & u64::from(u32::MAX)) as usize);
            let at = h.max(free);
            if at >= size {
                past_end.push(k);
                continue;
            }
            slots[at] = entry(k)?;
            free = at + 1;
        }
        for k in past_end {
            let at = slots
                .iter()
                .position(|s| s.key == 0)
                .ok_or("a full table")?;
            slots[at] = entry(k)?;
        }
        Ok(slots)
    }

    /// The slots of a run of [`table`](Self::table)'s counting sort.
    const RUN: usize = 64;

    /// The [`TOP`] likeliest followers of the character of id `b` (not 0),
    /// likeliest first.
    fn top(&self, b: Id) -> &[(Id, u8)] {
        let b = usize::from(b);
        self.top[b - 1].get_or_init(|| {
            let pairs =
                &self.pair_bytes[4 * self.pair_at[b] as usize..4 * self.pair_at[b + 1] as usize];
            let mut after: Vec<(Id, u8)> = pairs
                .chunks_exact(4)
                .map(|e| (u16::from_le_bytes([e[0], e[1]]), e[2]))
                .collect();
            // The seconds of a character's pairs differ: no two keys are equal.
            let key = |&(c, q): &(Id, u8)| (q, c);
            if after.len() > TOP {
                after.select_nth_unstable_by_key(TOP, key);
                after.truncate(TOP);
            }
            after.sort_unstable_by_key(key);
            after.into_boxed_slice()
        })
    }

    /// The word of [`present`](Self::present) that holds the bit of the pair
    /// `a b`, and the bit.
    #[inline]
    fn presence(&self, a: Id, b: Id) -> (usize, u32) {
        let at = usize::from(a) * self.stride + usize::from(b);
        (at >> 6, (at & 63) as u32)
    }

    /// The bit set of the stored pairs, laid out as [`presence`](Self::presence) says.
    fn present(&self) -> &[u64] {
        self.present.get_or_init(|| {
            let mut set = vec![0u64; (self.stride * self.stride).div_ceil(64)];
            for s in self.slots.iter().filter(|s| s.key != 0) {
                let (word, bit) = self.presence((s.key >> 16) as Id, s.key as Id);
                set[word] |= 1 << bit;
            }
            set
        })
    }

    /// Whether the model stores the pair `a b` (ids in range).
    #[cfg(test)]
    fn has_pair(&self, a: Id, b: Id) -> bool {
        let (word, bit) = self.presence(a, b);
        self.present().get(word).is_some_and(|w| w >> bit & 1 != 0)
    }

    /// The pairs whose `ln P(b | a)` is at least `floor`, as a bit set laid
    /// out as `present`.
    fn likely(&self, floor: f32) -> Arc<[u64]> {
        let most = (-floor / self.step).floor().clamp(0.0, 255.0) as u8;
        let mut sets = self.likely.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, set)) = sets.iter().find(|(q, _)| *q == most) {
            return Arc::clone(set);
        }
        let mut set = vec![0u64; self.present().len()];
        for s in self.slots.iter().filter(|s| s.key != 0 && s.q <= most) {
            let (word, bit) = self.presence((s.key >> 16) as Id, s.key as Id);
            set[word] |= 1 << bit;
        }
        let set: Arc<[u64]> = set.into();
        sets.push((most, Arc::clone(&set)));
        set
    }

    /// The byte offsets in `text` of the characters the corrector's gate
    /// sends to be read (those `read` accepts): a character the model never
    /// saw; one that makes a pair the model never saw with the character
    /// before or after it; one whose pairs with both are less likely than
    /// `unlikely` (`ln P(b | a)`; none at minus infinity). Costs a look-up in
    /// the bit sets per pair, not the model's tables.
    pub(crate) fn suspects(
        &self,
        text: &str,
        unlikely: f32,
        read: impl Fn(char) -> bool,
    ) -> Vec<usize> {
        let likely = (unlikely > f32::NEG_INFINITY).then(|| self.likely(unlikely));
        let present = self.present();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let ids: Vec<Id> = chars.iter().map(|&(_, c)| self.id(c)).collect();
        // (absent, unlikely) of the pair that ends at `k`; none at the ends.
        let pair = |k: usize| -> (bool, bool) {
            if k == 0 || k >= ids.len() {
                return (false, false);
            }
            let (a, b) = (ids[k - 1], ids[k]);
            let (word, bit) = self.presence(a, b);
            if a == 0 || b == 0 || present[word] >> bit & 1 == 0 {
                return (true, true);
            }
            (
                false,
                likely.as_ref().is_some_and(|l| l[word] >> bit & 1 == 0),
            )
        };
        let mut out = Vec::new();
        let mut before = pair(0);
        for (k, &(at, c)) in chars.iter().enumerate() {
            let after = pair(k + 1);
            if read(c) && (ids[k] == 0 || before.0 || after.0 || before.1 && after.1) {
                out.push(at);
            }
            before = after;
        }
        out
    }

    /// The slot of the pair `a b`, if the model stored it.
    #[inline]
    fn pair(&self, a: Id, b: Id) -> Option<usize> {
        if a == 0 || b == 0 {
            return None;
        }
        let key = u32::from(a) << 16 | u32::from(b);
        let size = self.slots.len();
        let mut slot = Self::slot(key, size);
        loop {
            match self.slots[slot].key {
                0 => return None,
                k if k == key => return Some(slot),
                _ => slot = (slot + 1) & (size - 1),
            }
        }
    }

    /// Asks the processor to bring the first slot of the pair `a b` into the
    /// cache, so that a look-up of it later finds it there (the look-ups of a
    /// window are known ahead of time; made one after another, each would wait
    /// for its own read).
    #[inline]
    pub(crate) fn prefetch_pair(&self, a: Id, b: Id) {
        let key = u32::from(a) << 16 | u32::from(b);
        prefetch(&self.slots[Self::slot(key, self.slots.len())]);
    }

    /// The same for the middle triple of the pair in slot `k` (where the
    /// search for one of its triples starts).
    #[inline]
    pub(crate) fn prefetch_triples(&self, k: usize) {
        let s = &self.slots[k];
        if s.count > 0 {
            let mid = s.first() + usize::from(s.count) / 2;
            if let Some(t) = self.triples.get(3 * mid) {
                prefetch(t);
            }
        }
    }

    /// The pair in slot `k`: (quantised `ln P`, quantised backoff).
    #[inline]
    fn pair_entry(&self, k: usize) -> (u8, u8) {
        let s = &self.slots[k];
        (s.q, s.backoff)
    }

    /// The triples of the pair in slot `k`: their indices.
    #[inline]
    fn triple_range(&self, k: usize) -> std::ops::Range<usize> {
        let s = &self.slots[k];
        s.first()..s.first() + usize::from(s.count)
    }

    /// The triple at index `j`: (third id, quantised `ln P`).
    #[inline]
    fn triple_entry(&self, j: usize) -> (Id, u8) {
        let e = &self.triples[3 * j..3 * j + 3];
        (u16::from_le_bytes([e[0], e[1]]), e[2])
    }

    /// The quantised `ln P(c | ab)` of pair `k`'s triple with `c`, if kept.
    #[inline]
    fn triple(&self, k: usize, c: Id) -> Option<u8> {
        let mut range = self.triple_range(k);
        while range.start < range.end {
            let mid = range.start + (range.end - range.start) / 2;
            let (id, q) = self.triple_entry(mid);
            match id.cmp(&c) {
                std::cmp::Ordering::Equal => return Some(q),
                std::cmp::Ordering::Less => range.start = mid + 1,
                std::cmp::Ordering::Greater => range.end = mid,
            }
        }
        None
    }

    /// The index of the pair `a b` (for [`ln_p_at`](CharLm::ln_p_at)).
    #[inline]
    pub(crate) fn pair_index(&self, a: Id, b: Id) -> Option<usize> {
        self.pair(a, b)
    }

    /// `ln P(c | a b)` given the index of the pair `a b` and a way to the index
    /// of the pair `b c` (asked for only when the triple is not kept), both
    /// from [`pair_index`](CharLm::pair_index): [`ln_p`](CharLm::ln_p) for a
    /// reader that looks the pairs up once for the characters around.
    #[inline]
    pub(crate) fn ln_p_at(
        &self,
        ab: Option<usize>,
        bc: impl FnOnce() -> Option<usize>,
        b: Id,
        c: Id,
    ) -> f32 {
        if c == 0 {
            return self.unknown;
        }
        let bigram = || self.bigram(bc(), b, c);
        match ab {
            None => bigram(),
            Some(k) => match self.triple(k, c) {
                Some(q) => self.nats(q),
                None => self.nats(self.pair_entry(k).1) + bigram(),
            },
        }
    }

    /// `ln P(c | b)`: the pair `bc`'s own where the model has it (its index),
    /// else `b`'s backoff and `c`'s unigram.
    #[inline]
    fn bigram(&self, bc: Option<usize>, b: Id, c: Id) -> f32 {
        match bc {
            Some(k) => self.nats(self.pair_entry(k).0),
            None => {
                let backoff = if b == 0 {
                    0.0
                } else {
                    self.nats(self.uni[usize::from(b) - 1].1)
                };
                backoff + self.nats(self.uni[usize::from(c) - 1].0)
            }
        }
    }

    /// An upper bound of [`ln_p_at`](CharLm::ln_p_at) with the same
    /// arguments (`bc` read here, as it is always needed), found without the
    /// search among the triples of `ab`: the likeliest of them, or the backoff
    /// to the pair `b c` where `c` is none of them. Where `ab` has no triples
    /// the bound is the value.
    #[inline]
    pub(crate) fn ln_p_bound(&self, ab: Option<usize>, bc: Option<usize>, b: Id, c: Id) -> f32 {
        if c == 0 {
            return self.unknown;
        }
        let bigram = self.bigram(bc, b, c);
        match ab {
            None => bigram,
            Some(k) => {
                let s = &self.slots[k];
                let backed = self.nats(s.backoff) + bigram;
                if s.count == 0 {
                    backed
                } else {
                    backed.max(self.nats(s.best()))
                }
            }
        }
    }

    /// `ln P(c | a b)`: how likely `c` is after `a b`.
    pub(crate) fn ln_p(&self, a: Id, b: Id, c: Id) -> f32 {
        self.ln_p_at(self.pair(a, b), || self.pair(b, c), b, c)
    }

    /// `ln P` of `chars` after the two ids `before`, each character after the
    /// two before it.
    pub(crate) fn score(&self, before: [Id; 2], chars: impl IntoIterator<Item = Id>) -> f32 {
        let [mut a, mut b] = before;
        let mut sum = 0.0;
        for c in chars {
            sum += self.ln_p(a, b, c);
            (a, b) = (b, c);
        }
        sum
    }

    /// The characters that follow `b` (after `a`, where the model has the
    /// pair) with `ln P` at least `floor` there (or after `b` alone, an upper
    /// bound of it), most likely first, at most `k` of them (at most [`TOP`]
    /// from the pairs).
    pub(crate) fn followers(&self, a: Id, b: Id, floor: f32, k: usize, out: &mut Vec<(Id, f32)>) {
        out.clear();
        if b == 0 {
            return;
        }
        // Quantised values at most this are at least `floor`.
        let most = (-floor / self.step).floor().clamp(0.0, 255.0) as u8;
        if let Some(p) = self.pair(a, b) {
            out.extend(
                self.triple_range(p)
                    .map(|j| self.triple_entry(j))
                    .filter(|t| t.1 <= most)
                    .map(|(c, q)| (c, self.nats(q))),
            );
            if out.len() > k {
                out.select_nth_unstable_by(k, |x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                out.truncate(k);
            }
        }
        let known = out.len();
        // `top` is in the order of the result (likeliest first, then by id):
        // past its first `k` new ones, none can be among the `k` likeliest.
        let mut added = 0;
        for &(c, q) in self.top(b) {
            if q > most || added == k {
                break;
            }
            if !out[..known].iter().any(|o| o.0 == c) {
                out.push((c, self.nats(q)));
                added += 1;
            }
        }
        // No two ids are alike: the order is total, and an unstable sort
        // gives the stable one's.
        out.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out.truncate(k);
    }

    /// The characters most likely to stand before `c` (by the joint
    /// probability of the pair), likeliest first, at most `k` (at most
    /// [`TOP`]).
    pub(crate) fn preceders(&self, c: Id, k: usize) -> &[Id] {
        if c == 0 {
            return &[];
        }
        let (at, before) = self.before.get_or_init(|| self.build_before());
        let (lo, hi) = (at[usize::from(c) - 1] as usize, at[usize::from(c)] as usize);
        &before[lo..hi.min(lo + k)]
    }

    fn build_before(&self) -> (Vec<u32>, Vec<Id>) {
        let v = self.chars.len();
        // (joint, first id) of the pairs ending in each character.
        let mut lists: Vec<Vec<(u16, Id)>> = vec![Vec::new(); v];
        for a in 1..=v {
            let ua = u16::from(self.uni[a - 1].0);
            for k in self.pair_at[a] as usize..self.pair_at[a + 1] as usize {
                let e = &self.pair_bytes[4 * k..4 * k + 4];
                let b = usize::from(u16::from_le_bytes([e[0], e[1]]));
                if let Some(list) = b.checked_sub(1).and_then(|b| lists.get_mut(b)) {
                    list.push((ua + u16::from(e[2]), a as Id));
                }
            }
        }
        let mut at = Vec::with_capacity(v + 1);
        let mut before = Vec::new();
        at.push(0);
        for mut list in lists {
            if list.len() > TOP {
                list.select_nth_unstable(TOP);
                list.truncate(TOP);
            }
            list.sort_unstable();
            before.extend(list.into_iter().map(|(_, a)| a));
            at.push(before.len() as u32);
        }
        (at, before)
    }

    /// The character of id `id`.
    #[inline]
    pub(crate) fn char_of(&self, id: Id) -> Option<char> {
        usize::from(id)
            .checked_sub(1)
            .and_then(|k| self.chars.get(k).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ln(text: &str) -> f32 {
        let lm = CharLm::global();
        let nl = lm.id('\n');
        lm.score([nl, nl], text.chars().map(|c| lm.id(c)))
    }

    #[test]
    fn the_built_in_model_reads() {
        let lm = CharLm::global();
        assert!(lm.id('法') != 0 && lm.id('。') != 0 && lm.id('\n') != 0);
        assert_eq!(lm.char_of(lm.id('法')), Some('法'));
    }

    #[test]
    fn each_slot_holds_its_likeliest_triple() {
        let lm = CharLm::global();
        let mut with_triples = 0;
        for (k, s) in lm.slots.iter().enumerate().filter(|(_, s)| s.key != 0) {
            let least = lm
                .triple_range(k)
                .map(|j| lm.triple_entry(j).1)
                .fold(u8::MAX, u8::min);
            assert_eq!(s.best(), least, "slot {k}");
            with_triples += usize::from(s.count > 0);
        }
        assert!(with_triples > 100_000);
    }

    #[test]
    fn the_gate_sends_unlikely_characters_to_be_read() {
        let lm = CharLm::global();
        let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let at = |text: &str, floor: f32| -> Vec<char> {
            lm.suspects(text, floor, han)
                .into_iter()
                .map(|b| text[b..].chars().next().unwrap())
                .collect()
        };
        // Right text, its pairs stored: nothing.
        assert!(at("依法认真履行职责，加强监督。", f32::NEG_INFINITY).is_empty());
        // A misread character breaks its pairs with both neighbours.
        let flagged = at("依法认蜂履行职责", f32::NEG_INFINITY);
        assert!(flagged.contains(&'蜂'), "{flagged:?}");
        assert!(!flagged.contains(&'职'));
        // The stricter gate sends every character the looser one does, and
        // only characters `read` accepts.
        let text = "控制国定资产投资，发放货款，本法自公布之日起施行·龘";
        let loose = at(text, f32::NEG_INFINITY);
        let strict = at(text, -4.0);
        assert!(loose.iter().all(|c| strict.contains(c)) && strict.len() > loose.len());
        assert!(strict.iter().all(|&c| han(c)));
        // The likely pairs at a floor are the stored pairs at least that likely.
        let set = lm.likely(-4.0);
        let bits: u32 = set.iter().map(|w| w.count_ones()).sum();
        let most = (4.0 / lm.step).floor() as u8;
        let stored = lm
            .slots
            .iter()
            .filter(|s| s.key != 0 && s.q <= most)
            .count();
        assert_eq!(bits as usize, stored);
        assert!(Arc::ptr_eq(&set, &lm.likely(-4.0)));
    }

    #[test]
    fn presence_bits_are_the_stored_pairs() {
        let lm = CharLm::global();
        let keys: Vec<u32> = lm.slots.iter().map(|s| s.key).filter(|&k| k != 0).collect();
        for &key in &keys {
            assert!(lm.has_pair((key >> 16) as Id, key as Id), "{key:x}");
        }
        let bits: u32 = lm.present().iter().map(|w| w.count_ones()).sum();
        assert_eq!(bits as usize, keys.len());
        // Every pair after a few characters: present where the probe of the
        // slots (without the bits) finds it.
        let probe = |a: Id, b: Id| {
            let key = u32::from(a) << 16 | u32::from(b);
            let mut at = CharLm::slot(key, lm.slots.len());
            loop {
                match lm.slots[at].key {
                    0 => return false,
                    k if k == key => return true,
                    _ => at = (at + 1) & (lm.slots.len() - 1),
                }
            }
        };
        let (mut absent, mut stored) = (0, 0);
        for a in "的法，人龘".chars().map(|c| lm.id(c)).filter(|&a| a != 0) {
            for b in 1..=lm.chars.len() as Id {
                assert_eq!(lm.has_pair(a, b), probe(a, b));
                assert_eq!(lm.pair(a, b).is_some(), probe(a, b));
                if probe(a, b) {
                    stored += 1
                } else {
                    absent += 1
                }
            }
        }
        assert!(stored > 0 && absent > 0);
    }

    #[test]
    fn right_text_is_likelier_than_its_misreadings() {
        for (right, wrong) in [
            ("依法认真履行职责。", "依法认蜂履行职责。"),
            ("控制固定资产投资", "控制国定资产投资"),
            ("发放贷款", "发放货款"),
            ("本法自公布之日起施行。", "本法自公布之日起施行·"),
        ] {
            assert!(
                ln(right) > ln(wrong) + 2.0,
                "{right} {} vs {wrong} {}",
                ln(right),
                ln(wrong)
            );
        }
    }

    #[test]
    fn pair_indices_read_the_same() {
        let lm = CharLm::global();
        let ids: Vec<Id> = "依法认真履行职责，加强监督。龘"
            .chars()
            .map(|c| lm.id(c))
            .collect();
        for k in 2..ids.len() {
            let (a, b, c) = (ids[k - 2], ids[k - 1], ids[k]);
            let at = lm.ln_p_at(lm.pair_index(a, b), || lm.pair_index(b, c), b, c);
            assert_eq!(at, lm.ln_p(a, b, c));
        }
    }

    #[test]
    fn bounds_are_at_least_the_values() {
        let lm = CharLm::global();
        let text = "依法认真履行职责，加强监督。发放贷款控制国定资产投资本法自公布之日起施行龘";
        let ids: Vec<Id> = text.chars().map(|c| lm.id(c)).collect();
        let (mut exact, mut with_triples) = (0, 0);
        // Every triple of the text's characters, in every order of a few.
        for &a in &ids {
            for &b in &ids {
                for &c in &ids {
                    let (ab, bc) = (lm.pair_index(a, b), lm.pair_index(b, c));
                    let value = lm.ln_p_at(ab, || bc, b, c);
                    let bound = lm.ln_p_bound(ab, bc, b, c);
                    assert!(bound >= value, "{a} {b} {c}: {bound} < {value}");
                    if ab.is_none_or(|k| lm.slots[k].count == 0) {
                        assert_eq!(bound, value);
                        exact += 1;
                    } else {
                        with_triples += 1;
                    }
                }
            }
        }
        assert!(exact > 0 && with_triples > 0);
    }

    #[test]
    fn preceders_are_stored_pairs_likeliest_first() {
        let lm = CharLm::global();
        let c = lm.id('款');
        let before = lm.preceders(c, TOP);
        assert!(!before.is_empty() && before.len() <= TOP);
        assert_eq!(lm.preceders(c, 3), &before[..3]);
        let joint = |a: Id| {
            lm.uni[usize::from(a) - 1].0 as u16 + lm.pair_entry(lm.pair(a, c).unwrap()).0 as u16
        };
        assert!(before.windows(2).all(|w| joint(w[0]) <= joint(w[1])));
        assert!(before.iter().any(|&a| lm.char_of(a) == Some('贷')));
        assert!(lm.preceders(0, TOP).is_empty());
    }

    #[test]
    fn followers_are_likeliest_first() {
        let lm = CharLm::global();
        let mut out = Vec::new();
        lm.followers(lm.id('依'), lm.id('认'), -30.0, 10, &mut out);
        assert!(out.windows(2).all(|w| w[0].1 >= w[1].1));
        assert!(out.iter().any(|&(c, _)| lm.char_of(c) == Some('真')));
        // The same as every follower of `top` weighed and all of them sorted.
        let reference = |a: Id, b: Id, floor: f32, k: usize| {
            let most = (-floor / lm.step).floor().clamp(0.0, 255.0) as u8;
            let order = |x: &(Id, f32), y: &(Id, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
            let mut out: Vec<(Id, f32)> = Vec::new();
            if let Some(p) = lm.pair(a, b) {
                out.extend(
                    lm.triple_range(p)
                        .map(|j| lm.triple_entry(j))
                        .filter(|t| t.1 <= most)
                        .map(|(c, q)| (c, lm.nats(q))),
                );
                out.sort_by(order);
                out.truncate(k);
            }
            let known = out.len();
            for &(c, q) in lm.top(b) {
                if q <= most && !out[..known].iter().any(|o| o.0 == c) {
                    out.push((c, lm.nats(q)));
                }
            }
            out.sort_by(order);
            out.truncate(k);
            out
        };
        for (a, b) in [
            ('依', '认'),
            ('加', '强'),
            ('，', '发'),
            ('龘', '的'),
            ('的', '发'),
        ] {
            let (a, b) = (lm.id(a), lm.id(b));
            for k in [1, 3, 8, TOP] {
                for floor in [-4.0, -12.0, -30.0] {
                    lm.followers(a, b, floor, k, &mut out);
                    assert_eq!(out, reference(a, b, floor, k));
                }
            }
        }
    }
}
