//! The channel: how likely an OCR engine is to print one string where the page
//! says another, read from the generated confusion table (`confusions.tsv`).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::Lexicon;
use crate::chars::is_han;
use crate::lexicon::{Node, ROOT};

/// The generated table (see its header for sources, licences and how to
/// regenerate it).
static TABLE: &str = include_str!("confusions.tsv");

static BUILTIN: LazyLock<Channel> =
    LazyLock::new(|| Channel::parse(TABLE).expect("the built-in confusion table is well formed"));

/// Channel log-probabilities below this are not worth a look.
const FLOOR: f32 = -12.0;

/// One reading of an observed string.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Candidate {
    /// What the page may have said: one ideograph.
    pub(crate) intended: char,
    /// `ln P(observed | intended)`: how likely the engine printed the observed
    /// string where the page said `intended`.
    pub(crate) log_p: f32,
    /// The trie code of `intended` in the built-in lexicon, and the node it
    /// leads to from the root (if some word starts with it): kept so that the
    /// tests of the words a reading makes with its neighbours start one step on.
    pub(crate) code: u32,
    pub(crate) node: Option<Node>,
}

/// Observed strings with the intended ones they may stand for.
#[derive(Debug, Default)]
pub(crate) struct Channel {
    /// Readings of one observed character.
    by_char: FxHashMap<char, Vec<Candidate>>,
    /// The same for the Basic Multilingual Plane, flat: the readings of `c` are
    /// `flat[slots[c]..slots[c + 1]]` (built by `finish` when there are any; every
    /// character of a text is looked up, and an array read is cheaper than a hash
    /// look-up).
    slots: Vec<u32>,
    flat: Vec<Candidate>,
    /// The first characters of the longer observed strings, sorted.
    multi_first: Vec<char>,
    /// The same for the Basic Multilingual Plane, as bits by code point.
    multi_first_bits: Vec<u64>,
    /// Readings of longer observed strings.
    by_observed: FxHashMap<Box<str>, Vec<Candidate>>,
    /// The longest observed string, in characters.
    max_observed: usize,
    /// Digit strings the engines print for `%` (`96` for the `%` of `8.4%`), most
    /// likely first.
    percent: Vec<(Box<str>, f32)>,
}

impl Channel {
    /// The built-in channel, parsed on first use.
    pub(crate) fn builtin() -> &'static Channel {
        &BUILTIN
    }

    /// Parses the table: `#` comment lines, one header line naming the columns,
    /// then tab-separated rows.
    pub(crate) fn parse(tsv: &str) -> Result<Channel, String> {
        let mut lines = tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
        let header: Vec<&str> = lines.next().ok_or("no header line")?.split('\t').collect();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .ok_or_else(|| format!("no column {name:?}"))
        };
        let (obs, int, glyph) = (col("observed")?, col("intended")?, col("glyph")?);
        // The engines' counts; `corpus_other` is the seed's, whose confusions are
        // the seed's test: counting them would be reading the answers.
        let corpus = [col("corpus_tesseract")?, col("corpus_rapidocr")?];
        let (total, stroke) = (col("corpus_total")?, col("stroke")?);
        let stroke_loss = col("stroke_loss")?;
        let mut channel = Channel::default();
        for (n, line) in lines.enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != header.len() {
                return Err(format!(
                    "row {}: {} fields, expected {}",
                    n + 1,
                    f.len(),
                    header.len()
                ));
            }
            let num = |i: usize| f[i].parse::<f32>().unwrap_or(0.0);
            let seen: f32 = corpus.iter().map(|&i| num(i)).sum();
            // A stroke lost: the class' rate, where the pair's own evidence says less.
            let class = f[stroke_loss].parse::<f32>().unwrap_or(f32::NEG_INFINITY);
            let log_p = log_channel(num(glyph), seen, num(total), f[stroke] == "1").max(class);
            channel.add(f[obs], f[int], log_p);
        }
        channel.finish();
        Ok(channel)
    }

    /// Adds a reading, if it is worth a look: the intended side is one ideograph.
    pub(crate) fn add(&mut self, observed: &str, intended: &str, log_p: f32) {
        if intended == "%" && !observed.is_empty() && observed.bytes().all(|b| b.is_ascii_digit()) {
            if log_p >= FLOOR {
                self.percent.push((Box::from(observed), log_p));
            }
            return;
        }
        let mut chars = intended.chars();
        let (Some(intended), None) = (chars.next(), chars.next()) else {
            return;
        };
        let mut obs = observed.chars();
        let same = obs.next() == Some(intended) && obs.next().is_none();
        if !is_han(intended) || log_p < FLOOR || observed.is_empty() || same {
            return;
        }
        self.max_observed = self.max_observed.max(observed.chars().count());
        let lex = Lexicon::global();
        let code = lex.code(intended);
        let cand = Candidate {
            intended,
            log_p,
            code,
            node: lex.child_code(ROOT, code),
        };
        let mut chars = observed.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => self.by_char.entry(c).or_default().push(cand),
            _ => self
                .by_observed
                .entry(Box::from(observed))
                .or_default()
                .push(cand),
        }
    }

    /// Sorts each observed string's readings, most likely first.
    pub(crate) fn finish(&mut self) {
        for v in self
            .by_char
            .values_mut()
            .chain(self.by_observed.values_mut())
        {
            v.sort_by(|a, b| {
                b.log_p
                    .total_cmp(&a.log_p)
                    .then_with(|| a.intended.cmp(&b.intended))
            });
            v.dedup_by(|a, b| a.intended == b.intended);
        }
        self.percent
            .sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.multi_first = self
            .by_observed
            .keys()
            .filter_map(|o| o.chars().next())
            .collect();
        self.multi_first.sort_unstable();
        self.multi_first.dedup();
        self.multi_first_bits = vec![0; 0x10000 / 64];
        for &c in &self.multi_first {
            if let Some(word) = self.multi_first_bits.get_mut(c as usize / 64) {
                *word |= 1 << (c as usize % 64);
            }
        }
        self.slots.clear();
        self.flat.clear();
        if !self.by_char.is_empty() {
            self.slots.reserve(0x10001);
            for code in 0..0x10000u32 {
                self.slots.push(self.flat.len() as u32);
                if let Some(v) = char::from_u32(code).and_then(|c| self.by_char.get(&c)) {
                    self.flat.extend_from_slice(v);
                }
            }
            self.slots.push(self.flat.len() as u32);
        }
    }

    /// The readings of `observed`, most likely first.
    #[inline]
    pub(crate) fn candidates(&self, observed: &str) -> &[Candidate] {
        let mut chars = observed.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => self.of_char(c),
            _ => self.by_observed.get(observed).map_or(&[], Vec::as_slice),
        }
    }

    /// Whether some observed string of two or more characters starts with `c`.
    #[inline]
    pub(crate) fn starts_longer(&self, c: char) -> bool {
        match self.multi_first_bits.get(c as usize / 64) {
            Some(word) => word >> (c as usize % 64) & 1 == 1,
            None => self.multi_first.binary_search(&c).is_ok(),
        }
    }

    /// The readings of one observed character, most likely first.
    #[inline]
    pub(crate) fn of_char(&self, c: char) -> &[Candidate] {
        if self.by_char.is_empty() {
            return &[];
        }
        let code = c as usize;
        if code < 0x10000 && !self.slots.is_empty() {
            return &self.flat[self.slots[code] as usize..self.slots[code + 1] as usize];
        }
        self.by_char.get(&c).map_or(&[], Vec::as_slice)
    }

    /// The digit strings read as `%`, most likely first, with `ln P`.
    pub(crate) fn percent(&self) -> &[(Box<str>, f32)] {
        &self.percent
    }

    /// The longest observed string, in characters.
    #[inline]
    pub(crate) fn max_observed(&self) -> usize {
        self.max_observed
    }
}

/// `ln P(observed | intended)` from the table's evidence.
///
/// Two estimates, the better taken: how often the corpus shows the substitution
/// per occurrence of the intended character, and a prior from glyph similarity
/// (near-identical glyphs, cosine ≥ 0.9, are confused about once in a hundred;
/// each 0.1 less similar is ten times rarer). Same-stroke pairs get a small bonus.
fn log_channel(glyph: f32, seen: f32, total: f32, stroke: bool) -> f32 {
    let from_glyph = if glyph >= 0.9 {
        -4.6 + 10.0 * (glyph - 0.9)
    } else {
        -4.6 - 23.0 * (0.9 - glyph)
    };
    let from_corpus = if seen > 0.0 {
        (seen / (total + 2.0)).ln()
    } else {
        f32::NEG_INFINITY
    };
    from_glyph.max(from_corpus) + if stroke { 0.5 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_builtin_table() {
        let ch = Channel::builtin();
        assert!(ch.max_observed() >= 2);
        let has = |obs: &str, int: &str| {
            ch.candidates(obs)
                .iter()
                .any(|c| int.chars().eq([c.intended]))
        };
        for (obs, int) in [
            ("屮", "中"),
            ("冇", "有"),
            ("己", "已"),
            ("休", "体"),
            ("対", "对"),
        ] {
            assert!(has(obs, int), "{obs} -> {int}");
        }
        assert!(!has("中", "!"), "only ideographs are intended");
    }

    #[test]
    fn glyph_prior_falls_with_similarity() {
        assert!(log_channel(0.97, 0.0, 100.0, false) > log_channel(0.85, 0.0, 100.0, false));
        assert!(log_channel(0.5, 0.0, 100.0, false) < -12.0);
        // Corpus evidence beats a weak glyph prior.
        assert!(log_channel(0.3, 2.0, 98.0, false) > -4.0);
    }

    #[test]
    fn rejects_a_malformed_table() {
        assert!(Channel::parse("observed\tintended\n").is_err());
        let bad = "observed\tintended\tglyph\tcorpus_tesseract\tcorpus_rapidocr\tcorpus_other\tcorpus_total\tstroke\nx\ty\n";
        assert!(Channel::parse(bad).is_err());
    }
}
