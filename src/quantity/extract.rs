//! The extractor: numbers, their units and approximation words, ranges, and the
//! guards that tell an amount from a numeral inside a word, a name or a date.

use std::fmt;
use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashSet;

use super::number::{
    self, Number, char_at, char_before, is_numeral_char, next_start, starts_number,
};
use super::units::{Tables, Unit};
use crate::trie::{ROOT, Trie};
use crate::{Approx, Document, Lexicon, Pass, Quantity, QuantityKind, Span};

/// Per cents and per milles written out, longest first: prefix, unit, scale.
const PER: [(&str, &str, f64); 10] = [
    ("百万万分之", "%", 1e-8),
    ("百万分之", "%", 1e-4),
    ("千万分之", "%", 1e-5),
    ("万万分之", "%", 1e-6),
    ("百分之", "%", 1.0),
    ("佰分之", "%", 1.0),
    ("千分之", "‰", 1.0),
    ("仟分之", "‰", 1.0),
    ("万分之", "‱", 1.0),
    ("萬分之", "‱", 1.0),
];

/// Whether a vague numeral (二三十) starts at `i`.
fn num_vague(text: &str, i: usize) -> bool {
    number::scan(text, i).is_some_and(|n| n.vague)
}

/// The end of the run of numeral characters from `i`.
fn run_of_numerals(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if is_numeral_char(c) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// How many characters a guard word may have.
const GUARD_CHARS: usize = 6;

/// Extracts quantities from text: numbers with their units, typed and normalised,
/// as `ANNOTATION.md` defines them.
///
/// Built once (its tables and the guard words drawn from the [`Lexicon`]); cloning
/// is cheap and one extractor serves many threads. [`Extractor::quantities`] (the
/// amounts) and [`Extractor::numbers`] (years, dates, ordinals and identifiers
/// too, typed) work on any `&str`; the [`Cleaner`](crate::Cleaner) runs it as its
/// last pass, so that every [`Quantity`] of a [`Document`] has its span in the
/// cleaned text and in the original.
///
/// # Example
///
/// ```
/// use zhdoc::{Approx, Extractor, QuantityKind};
///
/// let ex = Extractor::new();
/// let q = ex.quantities("全市地区生产总值实现63.58亿元，培训学员5500人次，95%以上的企业参加。");
/// assert_eq!(q[0].value, 6_358_000_000.0);
/// assert_eq!(q[0].unit, "元");
/// assert_eq!(q[0].kind, QuantityKind::Money);
/// assert_eq!((q[1].value, q[1].unit.as_str()), (5500.0, "人次"));
/// assert_eq!((q[2].text.as_str(), q[2].approx), ("95%以上", Some(Approx::Over)));
/// ```
#[derive(Clone)]
pub struct Extractor {
    inner: Arc<Inner>,
}

struct Inner {
    tables: Tables,
    /// Lexicon words with a numeral inside that are not number + unit (统一,
    /// 一些, 千方百计, 两条道路, 五年计划), and the not-amount words of the data:
    /// a trie, walked once from each place a guard word may start, and whether
    /// each of its nodes ends a guard word.
    guards: Trie,
    is_guard: Vec<bool>,
    /// How many guard words there are.
    guard_words: usize,
}

impl fmt::Debug for Extractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Extractor")
            .field("guards", &self.inner.guard_words)
            .finish()
    }
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

static SHARED: LazyLock<Extractor> = LazyLock::new(Extractor::build);

/// A numeral found by [`Extractor::numerals`]: the number alone, without units.
///
/// ```
/// use zhdoc::{Extractor, Span};
///
/// let n = &Extractor::new().numerals("建成二〇〇五个站点")[0];
/// assert_eq!((n.value, n.span), (2005.0, Span::new(6, 18)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NumberMatch {
    /// Where the numeral stands in the text.
    pub span: Span,
    /// Its value, fully expanded.
    pub value: f64,
}

impl Extractor {
    /// The extractor, built on first use and shared.
    pub fn new() -> Extractor {
        SHARED.clone()
    }

    fn build() -> Extractor {
        let tables = Tables::new();
        // The lexicon's guard words are prebuilt (`guard_words`, checked against
        // their regeneration by the lexicon's tests), in byte order: with the few
        // not-amount words after them, the sort (which finds runs already in
        // order) merges those in, and the trie finds its words sorted.
        let mut guards: Vec<&str> = Lexicon::global().guard_words().collect();
        guards.extend(tables.not_amount.iter().copied());
        guards.sort();
        guards.dedup();
        let words: Vec<(&str, bool)> = guards.into_iter().map(|w| (w, true)).collect();
        let (trie, is_guard) = Trie::build(&words, |_| 1);
        Extractor {
            inner: Arc::new(Inner {
                tables,
                guards: trie,
                is_guard,
                guard_words: words.len(),
            }),
        }
    }

    /// The words of `words` (a dictionary's, in its order) that guard a numeral
    /// inside them: two to [`GUARD_CHARS`] characters with a numeral, not a
    /// number and its unit (统一, 一些, 千方百计, 五年计划), in the order given,
    /// without repeats. `cargo xtask gen lexicon` stores the lexicon's.
    pub(crate) fn guard_words<'a>(words: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
        let tables = Tables::new();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        words
            .filter(|word| {
                let n = word.chars().count();
                (2..=GUARD_CHARS).contains(&n)
                    && word.chars().any(is_numeral_char)
                    && !numeric_word(&tables, word)
                    && seen.insert(word)
            })
            .collect()
    }

    /// The quantities of `text`, in order: the amounts (money, counts,
    /// measures, percentages, points, multiples, durations, bare numbers), with
    /// spans into `text` (both `span` and `original_span`). The years, dates,
    /// ordinals and identifiers that [`numbers`](Extractor::numbers) reports
    /// too are left out.
    ///
    /// ```
    /// use zhdoc::Extractor;
    ///
    /// let ex = Extractor::new();
    /// let q = ex.quantities("2010年第三季度投资3000万元。");
    /// assert_eq!(q.len(), 1);
    /// assert_eq!(q[0].to_string(), "3000万元 (30000000 元)");
    /// ```
    pub fn quantities(&self, text: &str) -> Vec<Quantity> {
        let mut out = self.numbers(text);
        out.retain(|q| q.kind.is_quantity());
        out
    }

    /// Everything numeric in `text`, in order, with spans into `text` (both
    /// `span` and `original_span`): the quantities of
    /// [`quantities`](Extractor::quantities), and the years, dates, ordinals
    /// and identifiers, typed as such ([`QuantityKind::is_quantity`] tells
    /// them apart).
    ///
    /// ```
    /// use zhdoc::{Extractor, QuantityKind};
    ///
    /// let ex = Extractor::new();
    /// let kinds: Vec<QuantityKind> =
    ///     ex.numbers("2010年第三季度投资3000万元。").iter().map(|q| q.kind).collect();
    /// assert_eq!(kinds, [QuantityKind::Year, QuantityKind::Ordinal, QuantityKind::Money]);
    /// ```
    pub fn numbers(&self, text: &str) -> Vec<Quantity> {
        let mut out = Vec::new();
        let mut pending: Option<Found> = None;
        let mut i = 0;
        while let Some(start) = next_start(text, i) {
            i = start;
            let Some(c) = char_at(text, i) else { break };
            // 找零贰拾元: a 零 before a financial numeral belongs to the word
            // before it (in 于零八年, 零八 is a year).
            if c == '零'
                && char_at(text, i + c.len_utf8()).is_some_and(crate::chars::is_financial_digit)
                && char_before(text, i).is_some_and(crate::chars::is_han)
                && !char_before(text, i).is_some_and(is_numeral_char)
            {
                i += c.len_utf8();
                continue;
            }
            match self.quantity_at(text, i) {
                Some(found) => {
                    let end = found.span.end.max(i + c.len_utf8());
                    if let Some(p) = pending.take() {
                        if let Some(q) = between(text, &p, &found) {
                            out.push(q);
                            i = q_end(text, &found);
                            continue;
                        }
                        if let Some(q) = coordinated(text, p, &found) {
                            out.push(q);
                        }
                    }
                    match found.emit {
                        Emit::Yes => out.push(found.quantity(text)),
                        Emit::Bare => pending = Some(found),
                        Emit::No => {}
                    }
                    i = end;
                }
                None => i += c.len_utf8(),
            }
        }
        merge_bounds(text, &mut out);
        out
    }

    /// Every numeral of `text` with its value, units and guards aside except the
    /// word guards (`统一`, `一些`, `四川` hold no number): the scanner alone.
    ///
    /// ```
    /// use zhdoc::Extractor;
    ///
    /// let n = Extractor::new().numerals("统一建成二〇〇五个站点");
    /// assert_eq!(n.len(), 1);
    /// assert_eq!(n[0].value, 2005.0);
    /// ```
    pub fn numerals(&self, text: &str) -> Vec<NumberMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(start) = next_start(text, i) {
            i = start;
            let Some(c) = char_at(text, i) else { break };
            let mut start = i;
            let negative = matches!(char_before(text, i), Some('负' | '負' | '-' | '－'))
                && !char_before(text, i - char_before(text, i).map_or(0, char::len_utf8))
                    .is_some_and(|p| p.is_alphanumeric() && !is_numeral_char(p));
            match number::scan(text, i) {
                Some(n) if n.vague => i = run_of_numerals(text, n.end),
                Some(n) => {
                    let mut value = n.value;
                    let mut end = n.end;
                    // A fraction: 五分之一, 3分之1, 16/5; a whole and a fraction: 十一又十四分之一.
                    if let Some((num, e)) = fraction_after(text, n.end) {
                        value = num.value / n.value;
                        end = e;
                    } else if let Some(d) = slash_after(text, n.end).filter(|_| n.arabic) {
                        value = n.value / d.value;
                        end = d.end;
                    } else {
                        let k = skip_spaces(text, n.end);
                        if text[k..].starts_with('又') {
                            let k2 = skip_spaces(text, k + '又'.len_utf8());
                            if let Some(m) = number::scan(text, k2) {
                                if let Some((num, e)) = fraction_after(text, m.end) {
                                    value += num.value / m.value;
                                    end = e;
                                }
                            }
                        }
                    }
                    if n.chinese && !n.arabic && self.guarded(text, &n, end) {
                        i = n.end.max(i + c.len_utf8());
                        continue;
                    }
                    if negative {
                        value = -value;
                        start -= char_before(text, i).map_or(0, char::len_utf8);
                    }
                    out.push(NumberMatch {
                        span: Span::new(start, end),
                        value: super::number::exact(value),
                    });
                    i = end.max(i + c.len_utf8());
                }
                _ => i += c.len_utf8(),
            }
        }
        out
    }

    /// Whether a guard word covers the Chinese numeral `n` and reaches outside
    /// `[n.start, quantity_end)`.
    fn guarded(&self, text: &str, n: &Number, quantity_end: usize) -> bool {
        if n.start >= n.end {
            return false;
        }
        // A word that starts inside the number past its first character would
        // have to stay inside the number to count and reach past the quantity to
        // say something (万家 in 上千万家庭 says nothing): none can. The words
        // that matter start at the number or up to GUARD_CHARS - 1 characters
        // before it.
        let mut s = n.start;
        for _ in 0..GUARD_CHARS {
            if self.guard_from(text, s, n, quantity_end) {
                return true;
            }
            match char_before(text, s) {
                Some(c) if !c.is_ascii() => s -= c.len_utf8(),
                _ => break,
            }
        }
        false
    }

    /// Whether a guard word that starts at `s` (at or before `n.start`) covers
    /// the start of `n` and reaches outside `[n.start, quantity_end)`.
    fn guard_from(&self, text: &str, s: usize, n: &Number, quantity_end: usize) -> bool {
        if text[s..].starts_with('负') {
            return false;
        }
        let inner = &*self.inner;
        let mut node = ROOT;
        let mut e = s;
        for len in 1..=GUARD_CHARS {
            match char_at(text, e) {
                Some(c) if !c.is_ascii() => {
                    e += c.len_utf8();
                    // No guard word goes on from here.
                    let Some(next) = inner.guards.child(node, c) else {
                        return false;
                    };
                    node = next;
                }
                _ => return false,
            }
            if len < 2 || e <= n.start || s == n.start && e <= quantity_end {
                continue;
            }
            if inner.is_guard[node as usize]
                && !(s < n.start && self.split_left(text, s, n.start, &text[s..e]))
            {
                return true;
            }
        }
        false
    }

    /// Whether the part `text[s..start]` of a guard word before a number belongs
    /// to a more frequent word ending at the number (增长 in 增长三倍, not 长三).
    fn split_left(&self, text: &str, s: usize, start: usize, guard: &str) -> bool {
        let lex = Lexicon::global();
        let guard_freq = lex.freq(guard).unwrap_or(0);
        // The part before the number is a word of its own (增加 in 增加一倍).
        if text[s..start].chars().count() >= 2
            && lex.freq(&text[s..start]).is_some_and(|f| f >= guard_freq)
        {
            return true;
        }
        let mut p = s;
        for _ in 0..3 {
            match char_before(text, p) {
                Some(c) if !c.is_ascii() => p -= c.len_utf8(),
                _ => break,
            }
            if lex.freq(&text[p..start]).is_some_and(|f| f >= guard_freq) {
                return true;
            }
        }
        false
    }

    /// A per cent or per mille written out at `i` (百分之六十, 万分之三).
    fn per_cent_at(&self, text: &str, i: usize) -> Option<Found> {
        let n0 = Number::chinese(i, i, 0.0);
        let mut found = Found::new(&n0);
        if !matches!(
            char_at(text, i),
            Some('百' | '佰' | '千' | '仟' | '万' | '萬')
        ) {
            return None;
        }
        for &(prefix, unit, scale) in PER.iter() {
            if !text[i..].starts_with(prefix) {
                continue;
            }
            let mut k = skip_spaces(text, i + prefix.len());
            let negative = text[k..].starts_with('负');
            if negative {
                k += '负'.len_utf8();
            }
            if let Some(num) = number::scan(text, k).filter(|m| !m.vague) {
                found.value = if negative { -num.value } else { num.value } * scale;
                found.unit = unit;
                found.kind = QuantityKind::Percent;
                found.has_unit = true;
                found.span.end = num.end;
                found.emit = Emit::Yes;
                found.approx = num.approx;
                self.approx_after(text, &mut found, num.end);
                self.approx_before(text, &mut found, &n0);
                if self.in_quotes(text, found.span) {
                    found.emit = Emit::No;
                }
                return Some(found);
            }
            if num_vague(text, k) {
                found.span.end = run_of_numerals(text, k);
                return Some(found);
            }
        }
        None
    }

    /// Reads the quantity whose number starts at byte `i`.
    fn quantity_at(&self, text: &str, i: usize) -> Option<Found> {
        let t = &self.inner.tables;
        // A number inside a run of letters and digits (C919, 5G, A2021…) is an identifier.
        let prev = char_before(text, i);
        // Per cents and per milles written out: 百分之六十, 千分之2.4, 百万分之五.
        if let Some(found) = self.per_cent_at(text, i) {
            return Some(found);
        }
        let n = number::scan(text, i)?;
        let mut found = Found::new(&n).with_text(text);
        if n.vague {
            found.span.end = run_of_numerals(text, n.end);
            return Some(found);
        }
        // Inside a URL's percent-encoding (%28, %2D): not a number.
        if prev == Some('%') {
            found.kind = QuantityKind::Identifier;
            found.span.end = run_end(text, n.end);
            return Some(found);
        }
        if n.arabic && prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
            found.kind = QuantityKind::Identifier;
            found.span.end = run_end(text, n.end);
            found.emit = Emit::Yes;
            return Some(found);
        }
        let mut j = n.end;
        // Identifiers: letters right after digits, phone numbers, long digit strings.
        if n.arabic {
            if char_at(text, j).is_some_and(|c| c.is_ascii_alphabetic())
                && t.unit_at(&text[j..]).is_none()
            {
                found.kind = QuantityKind::Identifier;
                found.span.end = run_end(text, j);
                found.emit = Emit::Yes;
                return Some(found);
            }
            if let Some(e) = date_or_phone(text, &n) {
                found.span.end = e.0;
                found.kind = e.1;
                found.emit = Emit::Yes;
                return Some(found);
            }
            if n.positional.is_some_and(|d| d >= 7)
                && !n.scaled
                && t.unit_at(&text[skip_spaces(text, j)..]).is_none()
            {
                found.kind = QuantityKind::Identifier;
                found.emit = Emit::Yes;
                return Some(found);
            }
        }
        // Negative numbers: 负三十二, -10000 (not a dash between numbers).
        if matches!(prev, Some('负' | '負')) {
            found.value = -found.value;
            found.span.start -= prev.map_or(0, char::len_utf8);
        } else if matches!(prev, Some('-' | '－')) {
            let before = char_before(text, i - prev.map_or(0, char::len_utf8));
            if !before.is_some_and(|b| b.is_alphanumeric() || is_numeral_char(b)) {
                found.value = -found.value;
                found.span.start -= prev.map_or(0, char::len_utf8);
            }
        }
        // a/b: 1/3, 16/5.
        if n.arabic && !n.chinese {
            if let Some(d) = slash_after(text, n.end) {
                found.value /= d.value;
                found.span.end = d.end;
                found.kind = QuantityKind::Number;
                found.emit = Emit::Yes;
                let j = d.end;
                self.approx_after(text, &mut found, j);
                self.approx_before(text, &mut found, &n);
                return Some(found);
            }
        }
        // Fractions and per cents: 三分之一, 百分之六十, 千分之2.4.
        if let Some((num, e)) = fraction_after(text, n.end) {
            let written = &text[n.start..n.end];
            let (unit, kind, v) = match written {
                "百" | "佰" => ("%", QuantityKind::Percent, num.value),
                "千" | "仟" => ("‰", QuantityKind::Percent, num.value),
                "万" | "萬" => ("‱", QuantityKind::Percent, num.value),
                _ => ("", QuantityKind::Number, num.value / n.value),
            };
            // 负二分之一: the sign read before the denominator is the fraction's.
            let negated = found.span.start < n.start && found.value < 0.0;
            found.value = if negated { -v } else { v };
            found.unit = unit;
            found.kind = kind;
            found.span.end = e;
            found.emit = Emit::Yes;
            if let Some(a) = num.approx {
                found.approx = Some(a);
            }
            j = e;
            // A whole number before 又: 三百五又三分之一.
            self.approx_after(text, &mut found, j);
            self.approx_before(text, &mut found, &n);
            if !self.in_quotes(text, found.span) {
                return Some(found);
            }
            found.emit = Emit::No;
            return Some(found);
        }
        // 又 joins a whole and a fraction: 一百万又五十万分之二十五.
        if char_at(text, j) == Some('又') {
            let k = j + '又'.len_utf8();
            if let Some(m) = number::scan(text, k) {
                if let Some((num, e)) = fraction_after(text, m.end) {
                    found.value += num.value / m.value;
                    found.span.end = e;
                    found.kind = QuantityKind::Number;
                    found.emit = Emit::Yes;
                    return Some(found);
                }
            }
        }
        // Approximation between the number and its unit: 10余次, 三千一百多台, 十来个.
        let mut k = skip_spaces(text, j);
        if found.approx.is_none() {
            for (w, a) in [
                ("余", Approx::Over),
                ("多", Approx::Over),
                ("来", Approx::Over),
            ] {
                if text[k..].starts_with(w) {
                    let after = k + w.len();
                    // 来 only before a unit (十来个); 多/余 also at the end (十亿多).
                    let unit_next = t.unit_at(&text[after..]).is_some();
                    if w == "来" && !unit_next {
                        continue;
                    }
                    found.approx = Some((a, w));
                    k = after;
                    found.span.end = after;
                    break;
                }
            }
        }
        // The unit.
        let k = skip_spaces(text, k);
        let after_lai = found.approx.is_some_and(|a| a.1 == "来");
        let url_escape = text[k..].starts_with('%')
            && char_at(text, k + 1).is_some_and(|c| c.is_ascii_alphanumeric());
        if let Some((u, unit)) = self.unit_here(text, k, after_lai).filter(|_| !url_escape) {
            found.unit = u;
            found.kind = unit.kind;
            found.dimension = unit.dimension;
            found.span.end = k + u.len();
            found.has_unit = true;
            // 人（次）: a unit completed in brackets.
            for (open, close) in [("（", "）"), ("(", ")")] {
                let rest = &text[found.span.end..];
                if let Some(inner) = rest.strip_prefix(open) {
                    // A few characters at most: 人（次）.
                    let cut = crate::chars::floor_boundary(inner, inner.len().min(18));
                    let window = &inner[..cut];
                    if let Some(pos) = window.find(close) {
                        let joined = (pos <= 6)
                            .then(|| t.unit_named(&format!("{u}{}", &inner[..pos])))
                            .flatten();
                        if let Some(joined) = joined {
                            found.unit = joined;
                            found.span.end += open.len() + pos + close.len();
                        }
                    }
                }
            }
            // 一吨半, 三斤半: and a half.
            if text[found.span.end..].starts_with('半')
                && found.value.fract() == 0.0
                && !n.scaled
                && !matches!(found.kind, QuantityKind::Money)
            {
                let after = found.span.end + '半'.len_utf8();
                if !t.unit_at(&text[after..]).is_some_and(|_| true)
                    || !char_at(text, after).is_some_and(is_numeral_char)
                {
                    found.value += 0.5;
                    found.span.end = after;
                }
            }
        }
        // Money as invoices write it: 45元6角7分, 贰拾元伍角, 叁元零伍分, 元整.
        if found.has_unit && matches!(found.unit, "元" | "圆" | "块" | "毛" | "角") {
            let (extra, mut end) = if matches!(found.unit, "毛" | "角") {
                (0.0, found.span.end)
            } else {
                smaller_coins(text, found.span.end)
            };
            // 3块5: a last digit after 块, alone before the clause ends, is 角.
            if extra == 0.0 && matches!(found.unit, "块" | "毛" | "角") && end == found.span.end
            {
                let d = char_at(text, end).and_then(|c| {
                    number::arabic_digit(c)
                        .or_else(|| number::chinese_digit(c).filter(|_| c != '两'))
                        .map(|d| (d, c.len_utf8()))
                });
                if let Some((d, len)) = d {
                    let next = char_at(text, end + len);
                    let closes = next.is_none_or(|c| {
                        crate::chars::is_cjk_punct(c)
                            || c.is_whitespace()
                            || matches!(c, '钱' | ',' | '.')
                    });
                    if closes {
                        found.value = add_cents(found.value, f64::from(d) * 10.0);
                        end += len;
                        if next == Some('钱') {
                            end += '钱'.len_utf8();
                        }
                        found.kind = QuantityKind::Money;
                    }
                }
            }
            if extra > 0.0 {
                found.kind = QuantityKind::Money;
            }
            found.value = add_cents(found.value, extra);
            found.span.end = end;
        }
        // A currency named before the number: 人民币肆仟元, RMB 8,000, 澳元 35.2 万.
        if let Some((name, start)) = currency_before(text, found.span.start) {
            if !found.has_unit
                || (matches!(found.unit, "元" | "圆" | "块") && !is_yuan_name(name))
                || found.unit == name
            {
                found.unit = name;
                found.kind = QuantityKind::Money;
                found.dimension = None;
                found.has_unit = true;
            }
            if found.kind == QuantityKind::Money {
                found.span.start = start;
                found.number_start = start;
            }
        }
        // A currency sign before the number: $20, ￥300.
        if !found.has_unit {
            let sign = match char_before(text, found.span.start) {
                Some('$') => Some("$"),
                Some('＄') => Some("＄"),
                Some('￥') => Some("￥"),
                Some('¥') => Some("¥"),
                _ => None,
            };
            if let Some(sign) = sign {
                found.unit = sign;
                found.kind = QuantityKind::Money;
                found.has_unit = true;
                found.span.start -= sign.len();
                found.number_start = found.span.start;
            }
        }
        let j = found.span.end;
        // Ranges: 10—20人, 三至五年, 5%到6%.
        if let Some(r) = self.range_after(text, &found, j) {
            found = r;
        }
        let j = found.span.end;
        self.approx_after(text, &mut found, j);
        self.approx_before(text, &mut found, &n);
        self.classify(text, &n, &mut found);
        Some(found)
    }

    /// The unit at `k` after number `n`, unless it is the start of a longer word
    /// (人口, 家庭: the noun, not the measure word).
    fn unit_here(&self, text: &str, k: usize, measure_word: bool) -> Option<(&'static str, Unit)> {
        let (u, unit) = self.inner.tables.unit_at(&text[k..])?;
        if u.chars().count() == 1 && !measure_word && !matches!(unit.kind, QuantityKind::Duration) {
            let c = u.chars().next()?;
            if let Some(next) = char_at(text, k + u.len()) {
                let lex = Lexicon::global();
                if !is_numeral_char(next) && lex.is_pair(c, next, None) {
                    // The unit's character and the next, as the text has them.
                    let pair = &text[k..k + u.len() + next.len_utf8()];
                    if !self.inner.tables.is_unit(pair) {
                        return None;
                    }
                }
            }
        }
        Some((u, unit))
    }

    /// A range whose first number is `first` (its unit read or not), if a
    /// connector and a second number follow at `j`.
    fn range_after(&self, text: &str, first: &Found, j: usize) -> Option<Found> {
        if first.max.is_some() || first.approx.is_some() {
            return None;
        }
        let mut k = skip_spaces(text, j);
        // 2万(含)-8万元: the low end said to be included.
        for incl in ["(含)", "（含）"] {
            if text[k..].starts_with(incl) {
                k = skip_spaces(text, k + incl.len());
            }
        }
        let rest = &text[k..];
        if !matches!(
            rest.chars().next(),
            Some('—' | '–' | '－' | '-' | '～' | '~' | '〜' | '至' | '到')
        ) {
            return None;
        }
        let conn = [
            "——", "—", "–", "－－", "－", "--", "-", "～", "~", "〜", "至", "到",
        ]
        .into_iter()
        .find(|c| rest.starts_with(c))?;
        let k2 = skip_spaces(text, k + conn.len());
        let c2 = char_at(text, k2)?;
        if !starts_number(c2) {
            return None;
        }
        let mut second = self.quantity_at(text, k2)?;
        // The connector is no minus sign of the high end.
        if second.span.start < k2 && second.value < 0.0 {
            second.value = -second.value;
            second.span.start = k2;
        }
        if second.max.is_some() || !matches!(second.emit, Emit::Yes | Emit::Bare) {
            return None;
        }
        let dash = matches!(conn, "-" | "－" | "–" | "--" | "－－");
        if dash && (!first.arabic || !second.arabic) {
            return None;
        }
        // 三到五万, 6~9k: the low end takes the magnitude of the high one.
        let first_value = match carried_magnitude(text, first, k2) {
            Some(m) if first.value * m < second.value => first.value * m,
            _ => first.value,
        };
        let same_unit = if first.has_unit {
            second.has_unit && first.unit == second.unit
        } else {
            true
        };
        if !same_unit || first_value >= second.value || !second.has_unit && first.has_unit {
            return None;
        }
        let mut r = second.clone();
        r.value = first_value;
        r.max = Some(second.value);
        r.span.start = first.span.start;
        r.number_start = first.number_start;
        r.chinese = first.chinese || second.chinese;
        r.bare_one = false;
        r.positional = first.positional;
        Some(r)
    }

    /// Approximation words after the quantity: 以上, 左右, 以内 …
    fn approx_after(&self, text: &str, found: &mut Found, j: usize) {
        if found.approx.is_some() {
            return;
        }
        let next = char_at(text, j);
        let comparison = matches!(char_before(text, found.span.start), Some('比' | ' '));
        if !comparison
            && !next
                .is_some_and(|c| c == ' ' || !self.inner.tables.after_by_first.get(c).is_empty())
        {
            return;
        }
        let j = if text[j..].starts_with(" 之") || text[j..].starts_with(" 以") {
            j + 1
        } else {
            j
        };
        let rest = &text[j..];
        // A comparison: 比三十大, 比 170 低.
        if text[..found.span.start]
            .trim_end_matches(' ')
            .ends_with('比')
        {
            let k = skip_spaces(text, j);
            let c = char_at(text, k);
            let a = match c {
                Some('大' | '高' | '多') => Some(Approx::Over),
                Some('小' | '低' | '少') => Some(Approx::Under),
                _ => None,
            };
            if let (Some(a), Some(c)) = (a, c) {
                found.approx = Some((a, if a == Approx::Over { "大" } else { "小" }));
                found.span.end = k + c.len_utf8();
                let head = text[..found.span.start].trim_end_matches(' ');
                found.span.start = head.len() - '比'.len_utf8();
                found.approx_before_checked = true;
                return;
            }
        }
        let words = rest
            .chars()
            .next()
            .map_or(&[][..], |c| self.inner.tables.after_by_first.get(c));
        for &(w, a) in words {
            if rest.starts_with(w) {
                // 上下 and 前后 are not approximations before a noun they form a word with.
                found.approx = Some((a, w));
                found.span.end = j + w.len();
                return;
            }
        }
    }

    /// Approximation words before the number: 近, 约, 超过, 达到或超过了 …
    fn approx_before(&self, text: &str, found: &mut Found, n: &Number) {
        if found.approx.is_some() && found.approx_before_checked {
            return;
        }
        found.approx_before_checked = true;
        // Most numbers have no approximation word before them: one look-up says so.
        let before_by_last = &self.inner.tables.before_by_last;
        let end = found.span.start;
        let Some(last) = char_before(text, end) else {
            return;
        };
        // 差不多每两天: the approximation reaches over 每.
        let skipped = matches!(last, '每' | '了' | '有' | '是' | '为');
        if !skipped && before_by_last.get(last).is_empty() {
            return;
        }
        let lex = Lexicon::global();
        let candidates = [Some(end), skipped.then(|| end - last.len_utf8())];
        for (idx, e) in candidates.into_iter().enumerate() {
            let Some(e) = e else { continue };
            let before = &text[..e];
            let words = char_before(text, e).map_or(&[][..], |c| before_by_last.get(c));
            for &(w, a) in words {
                if !before.ends_with(w) {
                    continue;
                }
                let s = e - w.len();
                // A one-character word must stand alone: not 最近, 节约, 经过, 以上.
                if w.chars().count() == 1 {
                    let c = w.chars().next().unwrap_or(' ');
                    if char_before(text, s).is_some_and(|p| lex.is_pair(p, c, None)) {
                        continue;
                    }
                    if w == "上" && !n.leading_magnitude {
                        continue;
                    }
                    if w == "过" && !n.arabic {
                        continue;
                    }
                }
                if found.approx.is_none() {
                    found.approx = Some((a, w));
                }
                found.approx_before = true;
                // The word is part of the text only when it touches the number.
                if idx == 0 {
                    found.span.start = s;
                }
                return;
            }
        }
    }

    /// Whether `span` stands inside a short quoted phrase (“五学”, “四个意识”).
    fn in_quotes(&self, text: &str, span: Span) -> bool {
        const OPEN: [char; 5] = ['“', '‘', '"', '「', '『'];
        const CLOSE: [char; 5] = ['”', '’', '"', '」', '』'];
        let mut p = span.start;
        let mut opened = false;
        // Ideographs, the commonest characters, are no quote, punctuation or break.
        const IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';
        for _ in 0..8 {
            match char_before(text, p) {
                Some(c) if IDEOGRAPHS.contains(&c) => p -= c.len_utf8(),
                Some(c) if OPEN.contains(&c) => {
                    opened = true;
                    break;
                }
                Some(c) if CLOSE.contains(&c) || crate::chars::is_cjk_punct(c) || c == '\n' => {
                    break;
                }
                Some(c) => p -= c.len_utf8(),
                None => break,
            }
        }
        if !opened {
            return false;
        }
        let mut q = span.end;
        for _ in 0..10 {
            match char_at(text, q) {
                Some(c) if IDEOGRAPHS.contains(&c) => q += c.len_utf8(),
                Some(c) if CLOSE.contains(&c) => return true,
                Some(c) if OPEN.contains(&c) || c == '\n' || c == '。' || c == '，' => {
                    return false;
                }
                Some(c) => q += c.len_utf8(),
                None => return false,
            }
        }
        false
    }

    /// Decides what a found number is: a quantity, a year, a date, an ordinal, a
    /// name, a numeral inside a word, or a bare number.
    fn classify(&self, text: &str, n: &Number, f: &mut Found) {
        let t = &self.inner.tables;
        let after = &text[f.span.end..];
        let before_number = &text[..f.number_start];
        let is_year_number = |f: &Found| {
            f.positional.is_some_and(|d| d == 4)
                && (n.chinese || (1000.0..3000.0).contains(&f.value))
        };
        f.emit = Emit::Yes;
        // Ordinals: 第二, 第一个, 第十五次.
        if before_number.ends_with('第') {
            f.kind = QuantityKind::Ordinal;
            return;
        }
        // Years and dates.
        if f.unit == "年" && is_year_number(f) && !f.approx_before {
            f.kind = QuantityKind::Year;
            return;
        }
        if f.unit == "年" && after.starts_with('代') {
            // 八十年代, 五六十年代: a decade.
            f.kind = QuantityKind::Date;
            f.span.end += "代".len();
            return;
        }
        if f.unit.is_empty() && after.starts_with("世纪") {
            f.kind = QuantityKind::Date;
            f.span.end += "世纪".len();
            return;
        }
        if f.unit == "月" && f.value.fract() == 0.0 && (1.0..=12.0).contains(&f.value) {
            f.kind = QuantityKind::Date;
            return;
        }
        if f.unit == "日"
            || (f.unit.is_empty() && after.starts_with('号') && before_number.ends_with('月'))
        {
            f.kind = QuantityKind::Date;
            return;
        }
        // Meetings and congresses: 五届人大, 五次会议, 三中全会, 十六大.
        if f.unit.is_empty()
            && (after.starts_with("中全会") || after.starts_with('大'))
            && n.chinese
            && !n.scaled
        {
            f.kind = QuantityKind::Ordinal;
            return;
        }
        if matches!(f.unit, "届" | "次") {
            let meeting = t.meetings.iter().any(|m| after.starts_with(m));
            let next_number = f.unit == "届" && char_at(after, 0).is_some_and(is_numeral_char);
            if meeting || next_number {
                f.kind = QuantityKind::Ordinal;
                return;
            }
        }
        if f.unit == "年" && f.positional.is_some_and(|d| d >= 2) && n.chinese && f.max.is_none() {
            // 一九五七年 is a year; 十年 is not positional.
            f.kind = QuantityKind::Year;
            return;
        }
        // A bare number that nothing makes an amount: no need for the guards below.
        let plain_bare = !f.has_unit
            && f.approx.is_none()
            && f.max.is_none()
            && !(n.scaled && n.positional.is_none());
        if plain_bare {
            f.emit = if f.bare_one || n.positional.is_some_and(|d| d == 4) && n.chinese {
                Emit::No
            } else {
                Emit::Bare
            };
            return;
        }
        // Slogans and names in quotes: “五学”, “四个意识”.
        if self.in_quotes(text, f.span) {
            f.emit = Emit::No;
            return;
        }
        let chinese_only = n.chinese && !n.arabic;
        // A numeral inside an ordinary word or idiom: 统一, 一些, 千方百计, 两条道路;
        // or a number + unit that is an adverb (一度, 十分).
        let core = &text[f.number_start..f.span.end];
        if chinese_only
            && (self.guarded(text, n, f.span.end) || self.inner.tables.not_amount.contains(core))
        {
            f.emit = Emit::No;
            return;
        }
        // Round magnitudes without a digit are vague (千亿斤, 亿万群众) unless an
        // approximation says how (上千万, 近万人).
        if n.leading_magnitude && !f.approx_before {
            f.emit = Emit::No;
            return;
        }
        // Vague counts: 几十种, 数百人.
        if matches!(
            char_before(text, f.number_start),
            Some('几' | '数' | '幾' | '數')
        ) && chinese_only
        {
            f.emit = Emit::No;
            return;
        }
        if !f.has_unit {
            if f.max.is_some() && f.positional.is_some_and(|d| d == 4) {
                f.emit = Emit::No;
                return;
            }
            // A bare number is an amount when a magnitude scales it (人口50万),
            // an approximation or a comparison bounds it (大于二十, 五百多), or it
            // is a range (一千到一千五百).
            if (n.scaled && n.positional.is_none()) || f.approx.is_some() || f.max.is_some() {
                f.kind = QuantityKind::Number;
                return;
            }
            f.emit = if f.bare_one || n.positional.is_some_and(|d| d == 4) && n.chinese {
                Emit::No
            } else {
                Emit::Bare
            };
            return;
        }
        // A small number with a unit, at the head of a name: 八项规定, 三年行动,
        // 二期工程, 九年义务教育, 半年工作总结会议.
        if chinese_only
            && f.value <= 10.0
            && f.max.is_none()
            && !f.approx_before
            && self.names(after)
        {
            f.emit = Emit::No;
            return;
        }
        if f.bare_one {
            f.emit = if self.one_is_amount(text, f) {
                Emit::Yes
            } else {
                Emit::No
            };
        }
    }

    /// Whether a name head (规定, 工程, 会议 …) follows within a few characters,
    /// before any punctuation, number or 的.
    fn names(&self, after: &str) -> bool {
        let mut rest = after;
        for _ in 0..6 {
            let Some(c) = rest.chars().next() else {
                return false;
            };
            let heads = self.inner.tables.name_heads.get(c);
            if heads.iter().any(|&(h, ())| rest.starts_with(h)) {
                return true;
            }
            if !crate::chars::is_han(c) || c == '的' || is_numeral_char(c) {
                return false;
            }
            rest = &rest[c.len_utf8()..];
        }
        false
    }

    /// Whether a single 一 with a unit states an amount (增加一倍, 提前一年,
    /// 每两天就有一个) rather than working as an article (一个…的氛围, 一年来, 一批).
    fn one_is_amount(&self, text: &str, f: &Found) -> bool {
        let before = &text[..f.span.start];
        let after = &text[f.span.end..];
        if f.approx_before {
            return true;
        }
        match f.kind {
            QuantityKind::Money | QuantityKind::Measure | QuantityKind::Percent => true,
            QuantityKind::Multiple => {
                f.unit != "番" || before.ends_with('翻') || before.ends_with("翻了")
            }
            QuantityKind::Duration => {
                const VERBS: [&str; 14] = [
                    "提前", "用", "用了", "花了", "花", "历时", "连续", "延长", "缩短", "仅用",
                    "只用", "经过", "达", "长达",
                ];
                (VERBS.iter().any(|v| before.ends_with(v)) && !after.starts_with('来'))
                    || after.starts_with("时间")
            }
            QuantityKind::Count => {
                const ONLY: [&str; 6] = ["仅", "只", "仅有", "只有", "仅仅", "共有"];
                if ONLY.iter().any(|v| before.ends_with(v)) {
                    return true;
                }
                // A rate: 每两天就有一个. The clause is read back at most
                // CLAUSE_BYTES: in text without punctuation, reading back to its
                // start for every 一 made extraction quadratic.
                let floor =
                    crate::chars::ceil_boundary(before, before.len().saturating_sub(CLAUSE_BYTES));
                let window = &before[floor..];
                let clause_start = window
                    .rfind(['，', '。', '；', '：', '\n', '！', '？', ','])
                    .map_or(0, |p| {
                        p + window[p..].chars().next().map_or(1, char::len_utf8)
                    });
                window[clause_start..].contains('每')
            }
            _ => false,
        }
    }
}

/// How far back [`Extractor::one_is_amount`] looks for the 每 of a rate: a
/// clause of 60 ideographs.
const CLAUSE_BYTES: usize = 180;

/// Whether a lexicon word with a numeral in it is number + unit (五年, 一个,
/// 近两年, 一九五七年), as opposed to a word with a numeral inside (统一, 一些).
fn numeric_word(t: &Tables, word: &str) -> bool {
    let mut start = 0;
    // 翻两番, 近两年: a doubling verb or an approximation word before the number.
    let prefixes = t.before.iter().map(|(w, _)| *w).chain(["翻了", "翻"]);
    for w in prefixes {
        if word.starts_with(w) && word.len() > w.len() {
            start = w.len();
            break;
        }
    }
    let Some(n) = number::scan(word, start) else {
        return false;
    };
    if n.start != start {
        return false;
    }
    let mut rest = &word[n.end..];
    for w in ["余", "多", "来"] {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r;
            break;
        }
    }
    if let Some((u, _)) = t.unit_at(rest) {
        // 两两 is not 2 两.
        if !(u == "两" && &word[n.start..n.end] == "两") {
            rest = &rest[u.len()..];
        }
    }
    if rest.is_empty() {
        return true;
    }
    const SUFFIXES: [&str; 14] = [
        "来", "内", "中", "前", "后", "间", "以来", "多", "余", "以上", "以下", "左右", "半", "里",
    ];
    SUFFIXES.contains(&rest) || t.after.iter().any(|(w, _)| *w == rest)
}

/// A fraction's numerator after its denominator: `分之一` at `end`.
fn fraction_after(text: &str, end: usize) -> Option<(Number, usize)> {
    let k = skip_spaces(text, end);
    let rest = text.get(k..)?;
    let rest_start = if rest.starts_with('分') {
        k + '分'.len_utf8()
    } else {
        return None;
    };
    let k = skip_spaces(text, rest_start);
    let rest = text.get(k..)?;
    if !rest.starts_with('之') {
        return None;
    }
    let mut k = skip_spaces(text, k + '之'.len_utf8());
    let mut negative = false;
    if text[k..].starts_with('负') || text[k..].starts_with('負') {
        negative = true;
        k += '负'.len_utf8();
    }
    let mut num = number::scan(text, k)?;
    if negative {
        num.value = -num.value;
    }
    let e = num.end;
    Some((num, e))
}

/// The denominator of `a/b` after `a` (at `end`): Arabic digits only.
fn slash_after(text: &str, end: usize) -> Option<Number> {
    let c = char_at(text, end)?;
    if c != '/' && c != '／' {
        return None;
    }
    let k = skip_spaces(text, end + c.len_utf8());
    number::scan(text, k).filter(|d| d.arabic && !d.chinese && d.value != 0.0)
}

/// The 角 and 分 after an amount in 元 that ends at `end` (`6角7分`, `伍角`,
/// `零伍分`), and a closing 整/正: their value in cents (分) and where they end.
fn smaller_coins(text: &str, end: usize) -> (f64, usize) {
    let mut value = 0.0;
    let mut j = end;
    let mut place = 0; // 0 元, 1 角, 2 分
    loop {
        let mut k = j;
        if matches!(char_at(text, k), Some('零' | '〇')) {
            k += '零'.len_utf8();
        }
        let Some(c) = char_at(text, k) else { break };
        let Some(d) = number::chinese_digit(c)
            .filter(|_| !matches!(c, '两' | '兩'))
            .or_else(|| number::arabic_digit(c))
        else {
            break;
        };
        let k = k + c.len_utf8();
        let coin = match char_at(text, k) {
            Some('角' | '毛') if place < 1 => 1,
            Some('分') if place < 2 => 2,
            _ => break,
        };
        value += f64::from(d) * if coin == 1 { 10.0 } else { 1.0 };
        place = coin;
        j = k + char_at(text, k).map_or(0, char::len_utf8);
    }
    if matches!(char_at(text, j), Some('整' | '正')) {
        j += '整'.len_utf8();
    }
    (value, j)
}

/// `whole` plus `cents` hundredths, as the decimal written so reads (`45` and
/// 67 → 45.67 exactly as `"45.67".parse()`): a whole number of cents over 100
/// is one correctly rounded division.
fn add_cents(whole: f64, cents: f64) -> f64 {
    let total = whole * 100.0 + cents;
    if whole.fract() == 0.0 && total.abs() < 9e15 {
        total / 100.0
    } else {
        whole + cents / 100.0
    }
}

/// Currency names that may stand before an amount, longest first.
const CURRENCIES: [&str; 22] = [
    "人民币",
    "美金",
    "美元",
    "港币",
    "港元",
    "澳元",
    "欧元",
    "日元",
    "英镑",
    "加元",
    "韩元",
    "台币",
    "新台币",
    "卢布",
    "RMB",
    "CNY",
    "USD",
    "HKD",
    "EUR",
    "JPY",
    "GBP",
    "AUD",
];

/// Whether a currency name says 元 of the renminbi.
fn is_yuan_name(name: &str) -> bool {
    matches!(name, "人民币" | "RMB" | "CNY")
}

/// A currency name right before byte `start` (perhaps with a space between):
/// the name and where it starts.
fn currency_before(text: &str, start: usize) -> Option<(&'static str, usize)> {
    let head = &text[..start];
    let trimmed = head.strip_suffix(' ').unwrap_or(head);
    let name = CURRENCIES.iter().copied().find(|c| trimmed.ends_with(c))?;
    let at = trimmed.len() - name.len();
    // A Latin code must start a word: not the end of a longer one.
    if name.is_ascii() && char_before(text, at).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((name, at))
}

/// The magnitude the low end of a range takes from its high end, whose number
/// starts at `second_start` (`三到五万`: 万; `6~9k`: k), if the low end has none
/// of its own and no unit.
fn carried_magnitude(text: &str, first: &Found, second_start: usize) -> Option<f64> {
    if first.has_unit {
        return None;
    }
    let low = number::scan(text, first.number_start)?;
    if low.scaled {
        return None;
    }
    let high = number::scan(text, second_start)?;
    let written = &text[high.start..high.end];
    let mut m = 1.0;
    for c in written.chars().rev() {
        let f = match c {
            '万' | '萬' | 'w' | 'ｗ' | 'W' | 'Ｗ' => 1e4,
            '亿' | '億' => 1e8,
            '千' | '仟' | 'k' | 'K' | 'ｋ' | 'Ｋ' => 1e3,
            '百' | '佰' => 1e2,
            ' ' => 1.0,
            _ => break,
        };
        m *= f;
    }
    // Whether the low end takes it is for the caller: only if it stays below
    // the high end (三百到五百 is 300 to 500).
    (m > 1.0).then_some(m)
}

/// The end of a run of ASCII letters and digits from `i`.
fn run_end(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// `2019-10-20` (a date), `3:45` (a time), `0451-4567890` or `13812345678` (a phone number).
fn date_or_phone(text: &str, n: &Number) -> Option<(usize, QuantityKind)> {
    let digits = |from: usize| {
        let mut e = from;
        while text.as_bytes().get(e).is_some_and(u8::is_ascii_digit) {
            e += 1;
        }
        (e, e - from)
    };
    let d0 = n.positional?;
    let sep = *text.as_bytes().get(n.end)?;
    if matches!(sep, b'-' | b'/' | b'.') && d0 == 4 {
        let (e1, d1) = digits(n.end + 1);
        if (1..=2).contains(&d1) && text.as_bytes().get(e1) == Some(&sep) {
            let (e2, d2) = digits(e1 + 1);
            if (1..=2).contains(&d2) {
                return Some((e2, QuantityKind::Date));
            }
        }
    }
    if sep == b':' && d0 <= 2 {
        let (e1, d1) = digits(n.end + 1);
        if d1 == 2 {
            return Some((e1, QuantityKind::Date));
        }
    }
    if sep == b'-' && (3..=4).contains(&d0) {
        let (e1, d1) = digits(n.end + 1);
        if (7..=8).contains(&d1) {
            return Some((e1, QuantityKind::Identifier));
        }
    }
    None
}

#[inline]
fn skip_spaces(text: &str, mut i: usize) -> usize {
    while text.as_bytes().get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// Whether the quantity is emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Emit {
    Yes,
    /// A number without a unit, kept in case a coordinated one gives it its unit
    /// (`分别高4.2和0.7个百分点`).
    Bare,
    No,
}

/// A quantity being read.
#[derive(Clone, Debug)]
struct Found {
    span: Span,
    number_start: usize,
    value: f64,
    max: Option<f64>,
    /// The unit, as the tables write it.
    unit: &'static str,
    has_unit: bool,
    approx: Option<(Approx, &'static str)>,
    approx_before: bool,
    approx_before_checked: bool,
    kind: QuantityKind,
    dimension: Option<crate::Dimension>,
    emit: Emit,
    chinese: bool,
    arabic: bool,
    bare_one: bool,
    positional: Option<usize>,
}

impl Found {
    fn new(n: &Number) -> Found {
        Found {
            span: Span::new(n.start, n.end),
            number_start: n.start,
            value: n.value,
            max: n.max,
            unit: "",
            has_unit: false,
            approx: n.approx,
            approx_before: false,
            approx_before_checked: false,
            kind: QuantityKind::Number,
            dimension: None,
            emit: Emit::No,
            chinese: n.chinese,
            arabic: n.arabic,
            bare_one: false,
            positional: n.positional,
        }
    }

    fn with_text(mut self, text: &str) -> Found {
        self.bare_one = matches!(&text[self.span.range()], "一" | "壹");
        self
    }

    fn quantity(&self, _text: &str) -> Quantity {
        let text = &_text[self.span.range()];
        Quantity {
            text: text.to_owned(),
            value: super::number::exact(self.value),
            max: self.max.map(super::number::exact),
            unit: self.unit.to_owned(),
            approx: self.approx.map(|a| a.0),
            approx_word: self.approx.map(|a| a.1.to_owned()),
            kind: self.kind,
            dimension: self.dimension,
            span: self.span,
            original_span: self.span,
        }
    }
}

/// Where a `X和Y之间` range ends.
fn q_end(text: &str, next: &Found) -> usize {
    let rest = &text[next.span.end..];
    next.span.end
        + if rest.starts_with("之间") {
            "之间".len()
        } else {
            "间".len()
        }
}

/// `20和30之间`, `10000与20000间`: a range.
fn between(text: &str, first: &Found, next: &Found) -> Option<Quantity> {
    let conn = text.get(first.span.end..next.span.start)?;
    let rest = &text[next.span.end..];
    if !matches!(conn, "和" | "与" | "至") || !(rest.starts_with("之间") || rest.starts_with('间'))
    {
        return None;
    }
    if next.max.is_some() || first.value >= next.value || matches!(next.emit, Emit::No) {
        return None;
    }
    let mut q = next.quantity(text);
    q.value = super::number::exact(first.value);
    q.max = Some(super::number::exact(next.value));
    q.span = Span::new(first.span.start, q_end(text, next));
    q.original_span = q.span;
    q.text = text[q.span.range()].to_owned();
    if q.kind == QuantityKind::Identifier || !q.kind.is_quantity() {
        return None;
    }
    Some(q)
}

/// A lower and an upper bound side by side (`大于10小于20`, `1000以上， 1500以下`,
/// `最多100最少20个`) are one range.
fn merge_bounds(text: &str, out: &mut Vec<Quantity>) {
    let mut i = 0;
    while i + 1 < out.len() {
        let (a, b) = (&out[i], &out[i + 1]);
        let gap = text
            .get(a.span.end..b.span.start)
            .unwrap_or("x")
            .trim_matches(' ');
        let joined = matches!(
            gap,
            "" | "并" | "且" | "并且" | "的同时" | "同时" | "，" | "," | "而"
        );
        let (lo, hi) = match (a.approx, b.approx) {
            (Some(Approx::Over), Some(Approx::Under)) => (a, b),
            (Some(Approx::Under), Some(Approx::Over)) => (b, a),
            _ => {
                i += 1;
                continue;
            }
        };
        let units = lo.unit == hi.unit || lo.unit.is_empty() || hi.unit.is_empty();
        if !joined || !units || a.max.is_some() || b.max.is_some() || lo.value >= hi.value {
            i += 1;
            continue;
        }
        let mut q = if hi.unit.is_empty() {
            lo.clone()
        } else {
            hi.clone()
        };
        q.value = lo.value;
        q.max = Some(hi.value);
        q.approx = None;
        q.approx_word = None;
        q.span = Span::new(a.span.start, b.span.end);
        q.original_span = q.span;
        q.text = text[q.span.range()].to_owned();
        out[i] = q;
        out.remove(i + 1);
        i += 1;
    }
}

/// A bare number coordinated with the next quantity (`4.2和0.7个百分点`) takes
/// its unit.
fn coordinated(text: &str, pending: Found, next: &Found) -> Option<Quantity> {
    if next.emit != Emit::Yes || !next.has_unit || !next.kind.is_quantity() {
        return None;
    }
    let between = text.get(pending.span.end..next.span.start)?;
    if !matches!(between, "和" | "与" | "及" | "、" | "或" | "，" | "或者") {
        return None;
    }
    if next.max.is_some() || pending.arabic != next.arabic {
        return None;
    }
    let mut q = pending.quantity(text);
    q.unit = next.unit.to_owned();
    q.kind = next.kind;
    q.dimension = next.dimension;
    Some(q)
}

/// Runs the extractor over the cleaned text of a document: the last pass of a
/// [`Cleaner`](crate::Cleaner).
impl Pass for Extractor {
    fn name(&self) -> &'static str {
        "quantities"
    }

    fn run(&self, doc: &mut Document) {
        doc.quantities = self.quantities_of(doc);
    }
}

impl Extractor {
    /// The quantities of `doc`'s text, with their spans in the original.
    pub(crate) fn quantities_of(&self, doc: &Document) -> Vec<Quantity> {
        let mut quantities = self.numbers(doc.text());
        for q in &mut quantities {
            q.original_span = doc.original_span(q.span);
        }
        quantities
    }
}
