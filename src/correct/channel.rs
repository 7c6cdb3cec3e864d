//! The channel: how likely an OCR engine is to print one string where the page
//! says another, read from the generated confusion table (`confusions.tsv`).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::Lexicon;
use crate::chars::is_han;

/// The generated table (see its header for sources, licences and how to
/// regenerate it).
static TABLE: &str = include_str!("confusions.tsv");

/// The generated table of the corpus factory's confusions, calibrated leave one
/// face out (see its header).
static FACTORY: &str = include_str!("factory_channel.tsv");

static BUILTIN: LazyLock<Channel> = LazyLock::new(|| {
    let mut channel = Channel::default();
    let rate = channel
        .read_factory(FACTORY)
        .expect("the built-in factory channel is well formed");
    channel
        .read(TABLE, Some(rate))
        .expect("the built-in confusion table is well formed");
    channel.finish();
    channel
});

/// How likely a substitution a corpus counted is on pages the counts did not
/// come from: `ln P = a + b ln k + c ln n` for a pair seen `k` times where the
/// intended character occurs `n` times, the weights fitted leave one face out
/// on the corpus factory's pages (the `# rate:` line of its table).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CountRate {
    a: f32,
    b: f32,
    c: f32,
}

impl CountRate {
    /// `ln P` of a pair seen `seen` times in `total` occurrences of its
    /// intended character.
    fn log_p(self, seen: f32, total: f32) -> f32 {
        self.a + self.b * seen.ln() + self.c * total.ln()
    }
}

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
    /// The trie code of `intended` in the built-in lexicon, kept for the tests
    /// of the words a reading makes with its neighbours.
    pub(crate) code: u32,
}

/// Observed strings with the intended ones they may stand for.
#[derive(Debug, Default)]
pub(crate) struct Channel {
    /// Readings of one observed character added since the last `finish`.
    pending: Vec<(char, Candidate)>,
    /// The readings of one observed character, flat and grouped by it, most
    /// likely first: those of a character `c` of the Basic Multilingual Plane
    /// are `flat[slots[c]..slots[c + 1]]` (every character of a text is looked
    /// up, and an array read is cheaper than a hash look-up); the others are
    /// found through `astral`.
    flat: Vec<Candidate>,
    slots: Vec<u32>,
    /// The observed characters outside the Basic Multilingual Plane, sorted,
    /// each with the range of its readings in `flat`.
    astral: Vec<(char, u32, u32)>,
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

    /// A channel of one confusion table's rows alone.
    #[cfg(test)]
    pub(crate) fn parse(tsv: &str) -> Result<Channel, String> {
        let mut channel = Channel::default();
        channel.read(tsv, None)?;
        channel.finish();
        Ok(channel)
    }

    /// Adds the rows of a confusion table: `#` comment lines, one header line
    /// naming the columns, then tab-separated rows; the readings are laid out
    /// by [`finish`](Channel::finish). The corpus's counts are read through
    /// `rate` where it is given (else as counted: seen over occurrences).
    ///
    /// The built-in table has 91 k rows, parsed at the first correction: the
    /// rows are split by hand, the readings that cannot count are passed over
    /// before their numbers are read, and the numbers are read by `decimal`:
    /// this takes a few milliseconds.
    fn read(&mut self, tsv: &str, rate: Option<CountRate>) -> Result<(), String> {
        let (header, lines) = header_and_rows(tsv)?;
        let col = |name: &str| column(&header, name);
        let (obs, int, glyph) = (col("observed")?, col("intended")?, col("glyph")?);
        // The engines' counts; `corpus_other` is the seed's, whose confusions are
        // the seed's test: counting them would be reading the answers.
        let corpus = [col("corpus_tesseract")?, col("corpus_rapidocr")?];
        let (total, stroke) = (col("corpus_total")?, col("stroke")?);
        let stroke_loss = col("stroke_loss")?;
        self.pending.reserve(tsv.len() / 36);
        let mut f: Vec<&str> = Vec::with_capacity(header.len());
        for (n, line) in lines.enumerate() {
            split_row(line, n, header.len(), &mut f)?;
            if !Self::may_count(f[obs], f[int]) {
                continue;
            }
            let num = |i: usize| decimal(f[i]).unwrap_or(0.0);
            let seen: f32 = corpus.iter().map(|&i| num(i)).sum();
            // A stroke lost: the class' rate, where the pair's own evidence says less.
            let class = decimal(f[stroke_loss]).unwrap_or(f32::NEG_INFINITY);
            let log_p =
                log_channel(num(glyph), seen, num(total), f[stroke] == "1", rate).max(class);
            self.add(f[obs], f[int], log_p);
        }
        Ok(())
    }

    /// Adds the rows of the factory's calibrated channel: `observed`, `intended`
    /// and `log_p` columns (a pair the confusion table holds too keeps the
    /// likelier of its two readings). Returns the rate its counts were fitted
    /// to, from its comment line `# rate: A B C`.
    fn read_factory(&mut self, tsv: &str) -> Result<CountRate, String> {
        let rate = tsv
            .lines()
            .find_map(|l| l.strip_prefix("# rate:"))
            .ok_or("no `# rate:` line")?;
        let w: Vec<f32> = rate
            .split_whitespace()
            .map(|x| decimal(x).ok_or_else(|| format!("`# rate:` weight {x:?}")))
            .collect::<Result<_, _>>()?;
        let &[a, b, c] = w.as_slice() else {
            return Err(format!("`# rate:` holds {} weights, expected 3", w.len()));
        };
        let (header, lines) = header_and_rows(tsv)?;
        let col = |name: &str| column(&header, name);
        let (obs, int, log_p) = (col("observed")?, col("intended")?, col("log_p")?);
        let mut f: Vec<&str> = Vec::with_capacity(header.len());
        for (n, line) in lines.enumerate() {
            split_row(line, n, header.len(), &mut f)?;
            let p =
                decimal(f[log_p]).ok_or_else(|| format!("row {}: log_p {:?}", n + 1, f[log_p]))?;
            if Self::may_count(f[obs], f[int]) {
                self.add(f[obs], f[int], p);
            }
        }
        Ok(CountRate { a, b, c })
    }

    /// Whether a reading of `observed` as `intended` may be kept by
    /// [`add`](Channel::add), whatever its probability.
    fn may_count(observed: &str, intended: &str) -> bool {
        if observed.is_empty() {
            return false;
        }
        if intended == "%" {
            return observed.bytes().all(|b| b.is_ascii_digit());
        }
        let mut chars = intended.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if is_han(c) && observed != intended)
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
        // The table's rows come by intended character: one look-up for a run.
        let code = match self.pending.last() {
            Some((_, last)) if last.intended == intended => last.code,
            _ => Lexicon::global().code(intended),
        };
        let cand = Candidate {
            intended,
            log_p,
            code,
        };
        let mut chars = observed.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => self.pending.push((c, cand)),
            _ => self
                .by_observed
                .entry(Box::from(observed))
                .or_default()
                .push(cand),
        }
    }

    /// Sorts each observed string's readings, most likely first, and lays out
    /// those of single characters flat.
    pub(crate) fn finish(&mut self) {
        let order = |a: &Candidate, b: &Candidate| {
            b.log_p
                .total_cmp(&a.log_p)
                .then_with(|| a.intended.cmp(&b.intended))
        };
        for v in self.by_observed.values_mut() {
            v.sort_by(order);
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
        self.lay_out_flat();
    }

    /// Groups the readings of single characters (those laid out before and the
    /// pending ones) by observed character, each group most likely first, into
    /// `flat`: a counting sort by code point, then each small group sorted.
    fn lay_out_flat(&mut self) {
        let mut all = std::mem::take(&mut self.pending);
        if all.is_empty() && self.flat.is_empty() {
            return;
        }
        // Readings laid out by an earlier `finish` join the new ones.
        for code in 0..self.slots.len().saturating_sub(1) {
            let Some(c) = char::from_u32(code as u32) else {
                continue;
            };
            let range = self.slots[code] as usize..self.slots[code + 1] as usize;
            all.extend(self.flat[range].iter().map(|r| (c, r.clone())));
        }
        for &(c, start, end) in &self.astral {
            all.extend(
                self.flat[start as usize..end as usize]
                    .iter()
                    .map(|r| (c, r.clone())),
            );
        }
        // Where each character's group starts: the BMP by code point, then the rest.
        let mut starts = vec![0u32; 0x10001];
        let mut astral: Vec<char> = Vec::new();
        for &(c, _) in &all {
            match starts.get_mut(c as usize + 1) {
                Some(n) => *n += 1,
                None => astral.push(c),
            }
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut grouped: Vec<Option<Candidate>> = vec![None; all.len()];
        let mut rest: Vec<(char, Candidate)> = Vec::with_capacity(astral.len());
        for (c, r) in all {
            match next.get_mut(c as usize) {
                Some(at) if (c as usize) < 0x10000 => {
                    grouped[*at as usize] = Some(r);
                    *at += 1;
                }
                _ => rest.push((c, r)),
            }
        }
        let order = |a: &Candidate, b: &Candidate| {
            b.log_p
                .total_cmp(&a.log_p)
                .then_with(|| a.intended.cmp(&b.intended))
        };
        let mut flat: Vec<Candidate> = Vec::with_capacity(grouped.len());
        let mut slots: Vec<u32> = Vec::with_capacity(0x10001);
        let mut group: Vec<Candidate> = Vec::new();
        for code in 0..0x10000 {
            slots.push(flat.len() as u32);
            let range = starts[code] as usize..starts[code + 1] as usize;
            if range.is_empty() {
                continue;
            }
            group.clear();
            group.extend(grouped[range].iter_mut().filter_map(Option::take));
            group.sort_by(order);
            group.dedup_by(|a, b| a.intended == b.intended);
            flat.append(&mut group);
        }
        slots.push(flat.len() as u32);
        // The rest by character (stable: as added), each group sorted.
        rest.sort_by_key(|&(c, _)| c);
        let mut astral_at = Vec::new();
        for run in rest.chunk_by(|a, b| a.0 == b.0) {
            group.clear();
            group.extend(run.iter().map(|(_, r)| r.clone()));
            group.sort_by(order);
            group.dedup_by(|a, b| a.intended == b.intended);
            let start = flat.len() as u32;
            flat.append(&mut group);
            astral_at.push((run[0].0, start, flat.len() as u32));
        }
        self.flat = flat;
        self.slots = slots;
        self.astral = astral_at;
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
        let code = c as usize;
        if code < 0x10000 {
            return match (self.slots.get(code), self.slots.get(code + 1)) {
                (Some(&start), Some(&end)) => &self.flat[start as usize..end as usize],
                _ => &[],
            };
        }
        match self.astral.binary_search_by_key(&c, |a| a.0) {
            Ok(k) => &self.flat[self.astral[k].1 as usize..self.astral[k].2 as usize],
            Err(_) => &[],
        }
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

/// A table's header (its first line that is not a `#` comment, split at its
/// tabs) and its rows (the lines after it, but for comments and empty ones).
fn header_and_rows(tsv: &str) -> Result<(Vec<&str>, impl Iterator<Item = &str>), String> {
    let mut lines = tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
    let header = lines.next().ok_or("no header line")?.split('\t').collect();
    Ok((header, lines))
}

/// The index of the column `name` of a table's header.
fn column(header: &[&str], name: &str) -> Result<usize, String> {
    header
        .iter()
        .position(|h| *h == name)
        .ok_or_else(|| format!("no column {name:?}"))
}

/// Splits row `n` (from 0) of a table at its tabs into `f`, which must then
/// hold `width` fields.
fn split_row<'a>(
    line: &'a str,
    n: usize,
    width: usize,
    f: &mut Vec<&'a str>,
) -> Result<(), String> {
    f.clear();
    let mut from = 0;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            f.push(&line[from..i]);
            from = i + 1;
        }
    }
    f.push(&line[from..]);
    if f.len() == width {
        Ok(())
    } else {
        Err(format!(
            "row {}: {} fields, expected {width}",
            n + 1,
            f.len()
        ))
    }
}

/// The value of a decimal field (`0.950`, `-7.25`, `12`), as `str::parse`
/// reads it, bit for bit: the digits make an integer below 2^24 and the
/// point a power of ten of at most 10^7, both exact in an `f32`, and IEEE
/// division rounds their quotient correctly, as the parser rounds the
/// decimal. Any other form (an exponent, more digits, `inf`) goes to the
/// parser.
fn decimal(field: &str) -> Option<f32> {
    const TENS: [f32; 8] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7];
    let (negative, digits) = match field.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, field),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let simple = !whole.is_empty()
        && whole.len() + fraction.len() <= 7
        && fraction.len() < TENS.len()
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit());
    if !simple {
        return field.parse().ok();
    }
    let n = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    let value = n as f32 / TENS[fraction.len()];
    Some(if negative { -value } else { value })
}

/// `ln P(observed | intended)` from the table's evidence.
///
/// Two estimates, the better taken: how often the corpus shows the substitution
/// per occurrence of the intended character (through `rate`, never above the
/// count's own share), and a prior from glyph similarity (near-identical glyphs,
/// cosine ≥ 0.9, are confused about once in a hundred; each 0.1 less similar is
/// ten times rarer). Same-stroke pairs get a small bonus.
fn log_channel(glyph: f32, seen: f32, total: f32, stroke: bool, rate: Option<CountRate>) -> f32 {
    let from_glyph = if glyph >= 0.9 {
        -4.6 + 10.0 * (glyph - 0.9)
    } else {
        -4.6 - 23.0 * (0.9 - glyph)
    };
    let from_corpus = if seen > 0.0 {
        let share = (seen / (total + 2.0)).ln();
        rate.map_or(share, |r| r.log_p(seen, total + 2.0).min(share))
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
        assert!(
            log_channel(0.97, 0.0, 100.0, false, None) > log_channel(0.85, 0.0, 100.0, false, None)
        );
        assert!(log_channel(0.5, 0.0, 100.0, false, None) < -12.0);
        // Corpus evidence beats a weak glyph prior.
        assert!(log_channel(0.3, 2.0, 98.0, false, None) > -4.0);
    }

    #[test]
    fn readings_are_grouped_by_observed_character_likeliest_first() {
        let mut ch = Channel::default();
        ch.add("己", "已", -3.0);
        ch.add("己", "巳", -2.0);
        ch.add("己", "已", -4.0);
        ch.add("𠂇", "左", -2.5);
        ch.finish();
        ch.add("己", "乙", -1.0);
        ch.add("𠂇", "右", -2.0);
        ch.add("口", "口", -1.0);
        ch.finish();
        let intended = |c: char| -> String { ch.of_char(c).iter().map(|r| r.intended).collect() };
        assert_eq!(intended('己'), "乙巳已");
        assert_eq!(ch.of_char('己')[2].log_p, -3.0);
        assert_eq!(intended('𠂇'), "右左");
        assert_eq!(intended('口'), "");
        assert_eq!(intended('乙'), "");
        assert!(Channel::default().of_char('己').is_empty());
    }

    #[test]
    fn decimals_read_as_the_parser_reads_them() {
        let fields = TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.split('\t'));
        let odd = [
            "0",
            "-0",
            "-0.000",
            "1.",
            ".5",
            "+1",
            "1e3",
            "-",
            "",
            "inf",
            "0.1234567",
            "9999999",
            "99999999",
            "12345.678",
            "-7.25",
            "0.0000001",
            "1.2.3",
            "１",
        ];
        for field in fields.chain(odd) {
            let want = field.parse::<f32>().ok().map(f32::to_bits);
            assert_eq!(decimal(field).map(f32::to_bits), want, "{field:?}");
        }
    }

    #[test]
    fn counts_are_read_through_the_fitted_rate() {
        let rate = CountRate {
            a: -2.0,
            b: 1.5,
            c: -1.2,
        };
        // Seen once in 98: the count's share says ln(1/100), the rate less.
        let share = log_channel(0.0, 1.0, 98.0, false, None);
        let fitted = log_channel(0.0, 1.0, 98.0, false, Some(rate));
        assert!((share - (0.01f32).ln()).abs() < 1e-5);
        assert!(
            (fitted - (-2.0 - 1.2 * 100f32.ln())).abs() < 1e-4,
            "{fitted}"
        );
        // Never above the count's share (a pair seen in half of 10,000).
        assert_eq!(
            log_channel(0.0, 5000.0, 9998.0, false, Some(rate)),
            log_channel(0.0, 5000.0, 9998.0, false, None)
        );
        // The built-in factory table gives its rate.
        let mut channel = Channel::default();
        let built_in = channel.read_factory(FACTORY).expect("well formed");
        assert!(built_in.b > 1.0 && built_in.c < -1.0, "{built_in:?}");
        assert!(channel.read_factory("observed\tintended\tlog_p\n").is_err());
    }

    #[test]
    fn rejects_a_malformed_table() {
        assert!(Channel::parse("observed\tintended\n").is_err());
        let bad = "observed\tintended\tglyph\tcorpus_tesseract\tcorpus_rapidocr\tcorpus_other\tcorpus_total\tstroke\nx\ty\n";
        assert!(Channel::parse(bad).is_err());
    }
}
