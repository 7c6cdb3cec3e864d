//! Reading a numeral on its own: Chinese, financial upper-case, Arabic or mixed,
//! to its exact value.
//!
//! [`parse`] reads a whole string as one numeral and refuses anything malformed
//! with a typed [`NumeralError`]; [`parse_prefix`] reads the longest numeral at the
//! start of a string and says where it ends (what the [`Extractor`](crate::Extractor)
//! does inside running text, leniently). Values are [`Decimal`]s, exact however
//! many digits they have (up to 38), so `三千零五万四千零七` is 30054007 and
//! `0.1` is one tenth, not the nearest `f64`.
//!
//! What is read:
//! - Chinese numerals with 十/百/千 and the magnitudes 万/亿/兆 (`万亿` = 10^12,
//!   `四万万` = 4·10^8), 零 for a skipped place, 两/廿/卅/卌/幺, the common
//!   abbreviations (`三千四` = 3400, `一万二` = 12000, `一百十二` = 112, `百万`);
//! - financial upper-case numerals (零壹贰叁肆伍陆柒捌玖拾佰仟萬億) and money as
//!   invoices write it: `贰拾叁元整`, `伍佰圆正`, `45元6角7分`, `贰拾元伍角`;
//! - numerals written digit by digit (`一九二零`, `二〇〇五`);
//! - Arabic numbers, half- or full-width, with thousands separators of either
//!   width (`2,345,678.90`, `64，310.50`), and the suffixes `k` (10^3) and `w`
//!   (10^4);
//! - mixes (`3万4000`, `1.5亿`, `5万4千6百`), decimals (`三点一四`, `零点五`,
//!   `三点五万`) and signs (`负三`, `-12`).
//!
//! # Example
//!
//! ```
//! use zhdoc::numeral::{self, NumeralErrorKind};
//!
//! let v = numeral::parse("三千零五万四千零七")?;
//! assert_eq!(v.to_string(), "30054007");
//! assert_eq!(numeral::parse("壹万贰仟叁佰肆拾伍元陆角柒分")?.to_string(), "12345.67");
//! assert_eq!(numeral::parse("负零点五")?.to_f64(), -0.5);
//! assert_eq!(numeral::parse("64，310.50")?.to_string(), "64310.5");
//!
//! // Malformed numerals are refused, with what is wrong and where.
//! let err = numeral::parse("十三十四").unwrap_err();
//! assert_eq!((err.kind(), err.offset()), (&NumeralErrorKind::Misplaced('十'), 6));
//! assert_eq!(numeral::parse("零点").unwrap_err().kind(), &NumeralErrorKind::MissingFraction);
//! assert_eq!(numeral::parse("元整").unwrap_err().kind(), &NumeralErrorKind::NoDigits);
//!
//! // In running text: the numeral at the start, and where it ends.
//! let (v, end) = numeral::parse_prefix("一百十二个苹果").unwrap();
//! assert_eq!((v.to_string().as_str(), end), ("112", "一百十二".len()));
//! # Ok::<(), zhdoc::numeral::NumeralError>(())
//! ```

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number: `mantissa / 10^scale`, with a sign.
///
/// Made by [`parse`] and [`parse_prefix`]. It holds up to 38 significant digits;
/// `Display` writes it exactly, with no exponent and no trailing zeros after the
/// point (`30054007`, `0.5`, `-12345.67`). Two decimals are equal when their
/// values are (`0.50` and `0.5` are one value).
///
/// # Example
///
/// ```
/// use zhdoc::numeral::{self, Decimal};
///
/// let v = numeral::parse("1.5亿")?;
/// assert_eq!(v, Decimal::from_int(150_000_000));
/// assert!(v.is_integer());
/// assert_eq!(numeral::parse("0.10")?, numeral::parse("零点一")?);
/// # Ok::<(), zhdoc::numeral::NumeralError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The digits, as an integer; its sign is the number's.
    mantissa: i128,
    /// How many of the digits are after the point (no trailing zeros there).
    scale: u32,
}

/// The largest scale kept: digits beyond it cannot be written by any numeral read.
const MAX_SCALE: u32 = 38;

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// The decimal of a whole number.
    pub const fn from_int(n: i128) -> Decimal {
        Decimal {
            mantissa: n,
            scale: 0,
        }
    }

    /// The decimal `mantissa / 10^scale`, or `None` if `scale` is over 38.
    pub fn new(mantissa: i128, scale: u32) -> Option<Decimal> {
        (scale <= MAX_SCALE).then(|| Decimal { mantissa, scale }.normalized())
    }

    /// The digits as an integer, with the number's sign (`12.5` → 125).
    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    /// How many digits are after the point (`12.5` → 1).
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Whether it is a whole number.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// The nearest `f64` (as `str::parse::<f64>` reads the decimal's digits).
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    fn negate(self) -> Decimal {
        Decimal {
            mantissa: -self.mantissa,
            scale: self.scale,
        }
    }

    /// The two mantissas brought to one scale.
    fn aligned(self, other: Decimal) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some((a, b, scale))
    }

    fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let (a, b, scale) = self.aligned(other)?;
        Some(
            Decimal {
                mantissa: a.checked_add(b)?,
                scale,
            }
            .normalized(),
        )
    }

    /// `self · 10^exp` (`exp` may be negative).
    fn checked_shift(self, exp: i32) -> Option<Decimal> {
        if exp >= 0 {
            let up = exp.unsigned_abs();
            if up <= self.scale {
                return Some(
                    Decimal {
                        mantissa: self.mantissa,
                        scale: self.scale - up,
                    }
                    .normalized(),
                );
            }
            let m = self
                .mantissa
                .checked_mul(10i128.checked_pow(up - self.scale)?)?;
            Some(Decimal::from_int(m))
        } else {
            let scale = self.scale + exp.unsigned_abs();
            (scale <= MAX_SCALE).then(|| {
                Decimal {
                    mantissa: self.mantissa,
                    scale,
                }
                .normalized()
            })
        }
    }

    fn checked_mul_int(self, n: i128) -> Option<Decimal> {
        Some(
            Decimal {
                mantissa: self.mantissa.checked_mul(n)?,
                scale: self.scale,
            }
            .normalized(),
        )
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        match self.aligned(*other) {
            Some((a, b, _)) => a.cmp(&b),
            // Too far apart to align: the one with the larger whole part wins.
            None => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{int}.{frac}")
        } else {
            write!(f, "0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    }
}

/// Why a string is not a well-formed numeral: read through [`NumeralError::kind`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumeralErrorKind {
    /// Nothing to read (an empty string, or only a sign).
    #[error("no numeral")]
    Empty,
    /// Money words with no digit before them (`元整`).
    #[error("money words with no digits")]
    NoDigits,
    /// A character that is no part of a numeral.
    #[error("{0:?} is no part of a numeral")]
    Unexpected(char),
    /// A numeral character where it cannot stand: a unit after a smaller one
    /// (`十三十四`), a magnitude after a smaller one (`三万五亿`), two digits in a
    /// row inside a numeral with units (`三十四五`).
    #[error("{0:?} cannot stand here")]
    Misplaced(char),
    /// A decimal point with no digits after it (`零点`, `3.`).
    #[error("a decimal point with no digits after it")]
    MissingFraction,
    /// More than 38 digits.
    #[error("the value has more than 38 digits")]
    Overflow,
}

/// A string that is not a well-formed numeral, with what is wrong and where.
///
/// Returned by [`parse`]; [`kind`](NumeralError::kind) says what is wrong,
/// [`offset`](NumeralError::offset) at which byte of the string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a numeral at byte {offset}: {kind}")]
pub struct NumeralError {
    kind: NumeralErrorKind,
    offset: usize,
}

impl NumeralError {
    /// What is wrong.
    pub fn kind(&self) -> &NumeralErrorKind {
        &self.kind
    }

    /// The byte of the string at which it goes wrong.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// Reads all of `s` (less white space around it) as one numeral, strictly.
///
/// # Errors
///
/// A [`NumeralError`] when `s` is not one well-formed numeral: empty, with a
/// character that is no part of a numeral, a unit or magnitude out of order
/// (`十三十四`), a point without digits (`零点`), money words alone (`元整`), or
/// more than 38 digits.
///
/// # Example
///
/// ```
/// use zhdoc::numeral;
///
/// assert_eq!(numeral::parse("伍佰圆正")?.to_string(), "500");
/// assert_eq!(numeral::parse("二〇〇五")?.to_string(), "2005");
/// assert_eq!(numeral::parse("廿五")?.to_string(), "25");
/// assert_eq!(numeral::parse("2,345,678.90")?.to_string(), "2345678.9");
/// assert!(numeral::parse("三万五亿").is_err());
/// # Ok::<(), numeral::NumeralError>(())
/// ```
pub fn parse(s: &str) -> Result<Decimal, NumeralError> {
    let trimmed = s.trim_start();
    let lead = s.len() - trimmed.len();
    let body = trimmed.trim_end();
    let mut p = Parser::new(body);
    let v = p.numeral().map_err(|e| e.shifted(lead))?;
    if p.i < body.len() {
        let c = p.peek().unwrap_or(' ');
        let kind = if is_numeral_char(c) {
            NumeralErrorKind::Misplaced(c)
        } else {
            NumeralErrorKind::Unexpected(c)
        };
        return Err(NumeralError {
            kind,
            offset: lead + p.i,
        });
    }
    Ok(v)
}

/// Reads the longest numeral at the start of `s`, leniently: what follows it is
/// left (`十二个` → 12, ending before `个`). Returns its value and the byte where
/// it ends, or `None` if no numeral starts `s`.
///
/// # Example
///
/// ```
/// use zhdoc::numeral;
///
/// let (v, end) = numeral::parse_prefix("三千四个").unwrap();
/// assert_eq!((v.to_string().as_str(), end), ("3400", "三千四".len()));
/// assert!(numeral::parse_prefix("个").is_none());
/// ```
pub fn parse_prefix(s: &str) -> Option<(Decimal, usize)> {
    let mut end = s.len();
    loop {
        let mut p = Parser::new(&s[..end]);
        match p.numeral() {
            // The parse may stop short of the end it was given.
            Ok(v) if p.i > 0 => return Some((v, p.i)),
            Ok(_) => return None,
            Err(e) => {
                let mut cut = e.offset.min(end);
                if cut == end {
                    // Step back a character.
                    cut = s[..end].char_indices().next_back().map_or(0, |(i, _)| i);
                }
                if cut == 0 {
                    return None;
                }
                end = cut;
            }
        }
    }
}

/// Whether `c` belongs to numerals (a digit, a unit, a magnitude, a point or a
/// money word).
fn is_numeral_char(c: char) -> bool {
    digit_of(c).is_some()
        || arabic_of(c).is_some()
        || unit_of(c).is_some()
        || magnitude_of(c).is_some()
        || matches!(
            c,
            '点' | '點'
                | '元'
                | '圆'
                | '圓'
                | '块'
                | '角'
                | '毛'
                | '分'
                | '整'
                | '廿'
                | '卅'
                | '卌'
        )
}

/// A single Chinese digit's value.
fn digit_of(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '贰' | '貳' | '两' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// 十, 百, 千 (and their financial forms) as powers of ten.
fn unit_of(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        _ => return None,
    })
}

/// 万, 亿, 兆 as powers of ten.
fn magnitude_of(c: char) -> Option<u32> {
    Some(match c {
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        '兆' => 12,
        _ => return None,
    })
}

fn arabic_of(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A section below 万 as read: its value, the smallest unit written in it, and
/// whether it ends in a digit that follows its last unit directly (`三千四`).
struct Section {
    value: Decimal,
    /// The power of ten of the last unit (十 = 1 …), none if no unit was written.
    last_unit: Option<u32>,
    /// A single Chinese digit right after the last unit, with no 零 between: read
    /// one place down from it (`三千四` = 3400).
    abbreviated: Option<u8>,
    /// Written digit by digit (`一九二零`), or an Arabic number.
    positional: bool,
    /// Nothing was read.
    empty: bool,
    /// A decimal part was read (nothing may follow in the section).
    fractional: bool,
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str) -> Parser<'a> {
        Parser { s, i: 0 }
    }

    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.s[self.i..].chars();
        it.next();
        it.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }

    fn err(&self, kind: NumeralErrorKind) -> NumeralError {
        NumeralError {
            kind,
            offset: self.i,
        }
    }

    fn misplaced(&self) -> NumeralError {
        match self.peek() {
            Some(c) if is_numeral_char(c) => self.err(NumeralErrorKind::Misplaced(c)),
            Some(c) => self.err(NumeralErrorKind::Unexpected(c)),
            None => self.err(NumeralErrorKind::Empty),
        }
    }

    /// sign? (amount money? | money)
    fn numeral(&mut self) -> Result<Decimal, NumeralError> {
        let negative = match self.peek() {
            Some('负' | '負' | '-' | '－' | '−') => {
                self.bump();
                true
            }
            Some('+' | '＋') => {
                self.bump();
                false
            }
            _ => false,
        };
        let start = self.i;
        if self.peek().is_none() {
            return Err(self.err(NumeralErrorKind::Empty));
        }
        let mut value = if matches!(self.peek(), Some('元' | '圆' | '圓' | '整' | '正')) {
            return Err(self.err(NumeralErrorKind::NoDigits));
        } else {
            self.amount()?
        };
        if self.i == start {
            return Err(self.misplaced());
        }
        value = self.money(value)?;
        Ok(if negative { value.negate() } else { value })
    }

    /// Money after the amount in 元: `元整`, `元5角`, `元零五分`, `角`, `分`.
    fn money(&mut self, amount: Decimal) -> Result<Decimal, NumeralError> {
        let mut total = amount;
        // The place of the last money unit read: 元 0, 角 -1, 分 -2.
        let mut smallest: i32;
        match self.peek() {
            Some('元' | '圆' | '圓' | '块') => {
                self.bump();
                smallest = 0;
            }
            Some('角' | '毛') if amount.scale == 0 && amount < Decimal::from_int(10) => {
                self.bump();
                total = amount
                    .checked_shift(-1)
                    .ok_or(self.err(NumeralErrorKind::Overflow))?;
                smallest = -1;
            }
            Some('分') if amount.scale == 0 && amount < Decimal::from_int(10) => {
                // 分 alone after a digit is money only as the last of 元角分.
                return Ok(amount);
            }
            _ => return Ok(amount),
        }
        loop {
            let save = self.i;
            if matches!(self.peek(), Some('整' | '正')) {
                self.bump();
                return Ok(total);
            }
            if matches!(self.peek(), Some('零' | '〇')) {
                self.bump();
            }
            let Some(d) = self
                .peek()
                .and_then(|c| digit_of(c).or_else(|| arabic_of(c)))
            else {
                self.i = save;
                return Ok(total);
            };
            self.bump();
            let place = match self.peek() {
                Some('角' | '毛') if smallest > -1 => -1,
                Some('分') if smallest > -2 => -2,
                _ => {
                    // A digit with no money unit after it: the amount ends before.
                    self.i = save;
                    return Ok(total);
                }
            };
            self.bump();
            let part = Decimal::from_int(i128::from(d))
                .checked_shift(place)
                .ok_or(self.err(NumeralErrorKind::Overflow))?;
            total = total
                .checked_add(part)
                .ok_or(self.err(NumeralErrorKind::Overflow))?;
            smallest = place;
        }
    }

    /// sections joined by magnitudes: `三千零五万四千零七`, `1.5亿`, `四万万`.
    fn amount(&mut self) -> Result<Decimal, NumeralError> {
        let overflow = |p: &Parser<'_>| p.err(NumeralErrorKind::Overflow);
        let mut total = Decimal::ZERO;
        // The magnitude last applied (its power of ten); none yet.
        let mut last_mag: Option<u32> = None;
        let mut zero_before = false;
        let mut any = false;
        loop {
            let sec_start = self.i;
            let sec = self.section()?;
            // A run of magnitudes multiplies: 万亿 = 10^12, 万万 = 10^8.
            let mut mag = 0u32;
            let mag_at = self.i;
            while let Some(m) = self.peek().and_then(magnitude_of) {
                self.bump();
                mag += m;
            }
            if mag > 0 {
                if sec.empty && any {
                    // 三万亿: a magnitude straight after one reaches back over all.
                    self.i = mag_at;
                    return Err(self.misplaced());
                }
                if let Some(last) = last_mag {
                    if mag >= last {
                        self.i = mag_at;
                        return Err(self.misplaced());
                    }
                }
                if sec.positional
                    && !sec.empty
                    && sec.value.scale == 0
                    && is_digit_run(&self.s[sec_start..mag_at])
                {
                    self.i = mag_at;
                    return Err(self.misplaced());
                }
                let base = if sec.empty {
                    Decimal::from_int(1)
                } else {
                    self.finish(&sec)
                };
                let part = base
                    .checked_shift(mag as i32)
                    .ok_or_else(|| overflow(self))?;
                total = total.checked_add(part).ok_or_else(|| overflow(self))?;
                last_mag = Some(mag);
                any = true;
                zero_before = false;
                if sec.fractional {
                    return Ok(total);
                }
                // 零 after a magnitude marks a skipped place.
                if matches!(self.peek(), Some('零' | '〇'))
                    && self.peek2().is_some_and(|c| {
                        digit_of(c).is_some_and(|d| d > 0) || arabic_of(c).is_some()
                    })
                {
                    self.bump();
                    zero_before = true;
                }
                continue;
            }
            if sec.empty {
                if !any {
                    self.i = sec_start;
                }
                return Ok(total);
            }
            let rest = match last_mag {
                // 一万二: a lone digit after a magnitude counts one place down.
                Some(m) if !zero_before && sec.last_unit.is_none() && sec.abbreviated.is_none() => {
                    let lone = self.s[sec_start..self.i].chars().count() == 1
                        && self.s[sec_start..self.i]
                            .chars()
                            .all(|c| digit_of(c).is_some());
                    if lone {
                        sec.value
                            .checked_shift(m as i32 - 1)
                            .ok_or_else(|| overflow(self))?
                    } else {
                        self.finish(&sec)
                    }
                }
                _ => self.finish(&sec),
            };
            if let Some(m) = last_mag {
                if rest >= Decimal::from_int(10i128.pow(m)) {
                    self.i = sec_start;
                    return Err(self.misplaced());
                }
            }
            return total.checked_add(rest).ok_or_else(|| overflow(self));
        }
    }

    /// The value of a section read, its abbreviated last digit applied.
    fn finish(&self, sec: &Section) -> Decimal {
        match (sec.abbreviated, sec.last_unit) {
            (Some(d), Some(u)) if u >= 1 => {
                let extra = Decimal::from_int(i128::from(d))
                    .checked_shift(u as i32 - 1)
                    .unwrap_or(Decimal::ZERO);
                sec.value.checked_add(extra).unwrap_or(sec.value)
            }
            _ => sec.value,
        }
    }

    /// A section below 万: `三千零五`, `一九二零`, `4000`, `十五点七`, `廿五`.
    fn section(&mut self) -> Result<Section, NumeralError> {
        let mut sec = Section {
            value: Decimal::ZERO,
            last_unit: None,
            abbreviated: None,
            positional: false,
            empty: true,
            fractional: false,
        };
        let overflow = |p: &Parser<'_>| p.err(NumeralErrorKind::Overflow);
        // The digit (or Arabic number) waiting for its unit.
        let mut pending: Option<(Decimal, bool)> = None; // (value, a single Chinese digit)
        let mut zero = false;
        let mut digits_only = true;
        let mut arabic_seen = false;
        while let Some(c) = self.peek() {
            if let Some(first) = arabic_of(c) {
                if pending.is_some() || zero && sec.last_unit.is_none() && !sec.empty {
                    return Err(self.misplaced());
                }
                let _ = first;
                let v = self.arabic()?;
                pending = Some((v, false));
                sec.empty = false;
                arabic_seen = true;
                if v.scale > 0 {
                    sec.fractional = true;
                    break;
                }
                continue;
            }
            if matches!(c, '廿' | '卅' | '卌') {
                if !sec.empty {
                    return Err(self.misplaced());
                }
                self.bump();
                let tens = match c {
                    '廿' => 2,
                    '卅' => 3,
                    _ => 4,
                };
                sec.value = Decimal::from_int(tens * 10);
                sec.last_unit = Some(1);
                sec.empty = false;
                digits_only = false;
                continue;
            }
            if let Some(d) = digit_of(c) {
                // 两 is no digit of a number written digit by digit.
                if pending.is_some() {
                    if !digits_only
                        || arabic_seen
                        || matches!(c, '两' | '兩')
                        || sec.last_unit.is_some()
                    {
                        return Err(self.misplaced());
                    }
                    // Digit by digit: 一九二零.
                    self.bump();
                    let (v, _) = pending.take().unwrap_or((Decimal::ZERO, true));
                    let v = v
                        .checked_mul_int(10)
                        .and_then(|v| v.checked_add(Decimal::from_int(i128::from(d))))
                        .ok_or_else(|| overflow(self))?;
                    pending = Some((v, false));
                    sec.positional = true;
                    continue;
                }
                self.bump();
                sec.empty = false;
                if d == 0 && sec.last_unit.is_some() {
                    zero = true;
                    continue;
                }
                pending = Some((Decimal::from_int(i128::from(d)), true));
                continue;
            }
            if let Some(u) = unit_of(c) {
                if sec.positional {
                    return Err(self.misplaced());
                }
                if let Some(last) = sec.last_unit {
                    if u >= last {
                        return Err(self.misplaced());
                    }
                }
                let d = match pending.take() {
                    Some((v, _)) => {
                        if v >= Decimal::from_int(10) && v.scale == 0 {
                            // An Arabic number before a unit must be a digit: 5千, not 50千.
                            return Err(self.misplaced());
                        }
                        v
                    }
                    // 十二, 一百十二; 百万 and 千亿 at the start.
                    None if u == 1 || sec.empty => Decimal::from_int(1),
                    None => return Err(self.misplaced()),
                };
                self.bump();
                let part = d.checked_shift(u as i32).ok_or_else(|| overflow(self))?;
                sec.value = sec.value.checked_add(part).ok_or_else(|| overflow(self))?;
                sec.last_unit = Some(u);
                sec.empty = false;
                zero = false;
                digits_only = false;
                if d.scale > 0 {
                    // 1.5千: nothing more in the section.
                    sec.fractional = true;
                    break;
                }
                continue;
            }
            if matches!(c, '点' | '點') && !sec.empty {
                let at = self.i;
                self.bump();
                let mut frac = String::new();
                while let Some(d) = self.peek().and_then(|c| {
                    if matches!(c, '两' | '兩') {
                        None
                    } else {
                        digit_of(c).or_else(|| arabic_of(c))
                    }
                }) {
                    frac.push(char::from(b'0' + d));
                    self.bump();
                }
                if frac.is_empty() {
                    self.i = at;
                    return Err(self.err(NumeralErrorKind::MissingFraction));
                }
                if frac.len() > MAX_SCALE as usize {
                    return Err(self.err(NumeralErrorKind::Overflow));
                }
                let f: i128 = frac.parse().map_err(|_| overflow(self))?;
                let f = Decimal::new(f, frac.len() as u32).ok_or_else(|| overflow(self))?;
                let whole = match pending.take() {
                    Some((v, _)) => v,
                    None if sec.last_unit.is_some() || zero => Decimal::ZERO,
                    None => Decimal::ZERO,
                };
                let base = sec.value.checked_add(whole).ok_or_else(|| overflow(self))?;
                sec.value = base.checked_add(f).ok_or_else(|| overflow(self))?;
                sec.abbreviated = None;
                sec.fractional = true;
                sec.positional = false;
                return Ok(sec);
            }
            break;
        }
        if let Some((v, single)) = pending {
            if single && !zero && sec.last_unit.is_some() {
                // 三千四: one place below the last unit.
                if let Ok(d) = u8::try_from(v.mantissa) {
                    sec.abbreviated = Some(d);
                }
            } else {
                if let Some(u) = sec.last_unit {
                    if v >= Decimal::from_int(10i128.pow(u)) {
                        return Err(self.misplaced());
                    }
                }
                sec.value = sec.value.checked_add(v).ok_or_else(|| overflow(self))?;
                if !single {
                    sec.positional = sec.last_unit.is_none();
                }
            }
        }
        Ok(sec)
    }

    /// An Arabic number: digits (half or full width) with thousands separators,
    /// a decimal part, and a `k`/`w` suffix.
    fn arabic(&mut self) -> Result<Decimal, NumeralError> {
        let overflow = |p: &Parser<'_>| p.err(NumeralErrorKind::Overflow);
        let mut digits = String::new();
        while let Some(d) = self.peek().and_then(arabic_of) {
            digits.push(char::from(b'0' + d));
            self.bump();
        }
        // Thousands separators: `,` or `，` then three digits, the first group at
        // most three.
        if digits.len() <= 3 {
            loop {
                let save = self.i;
                if !matches!(self.peek(), Some(',' | '，')) {
                    break;
                }
                self.bump();
                let mut group = String::new();
                while let Some(d) = self.peek().and_then(arabic_of) {
                    group.push(char::from(b'0' + d));
                    self.bump();
                }
                if group.len() != 3 {
                    self.i = save;
                    break;
                }
                digits.push_str(&group);
            }
        }
        let mut scale = 0u32;
        if matches!(self.peek(), Some('.' | '．')) {
            let at = self.i;
            self.bump();
            let mut any = false;
            while let Some(d) = self.peek().and_then(arabic_of) {
                digits.push(char::from(b'0' + d));
                scale += 1;
                any = true;
                self.bump();
            }
            if !any {
                self.i = at;
                return Err(self.err(NumeralErrorKind::MissingFraction));
            }
        }
        let trimmed = digits.trim_start_matches('0');
        if trimmed.len() > 38 {
            return Err(overflow(self));
        }
        let m: i128 = if trimmed.is_empty() {
            0
        } else {
            trimmed.parse().map_err(|_| overflow(self))?
        };
        let mut v = Decimal::new(m, scale).ok_or_else(|| overflow(self))?;
        let suffix = match self.peek() {
            Some('k' | 'K' | 'ｋ' | 'Ｋ') => 3,
            Some('w' | 'W' | 'ｗ' | 'Ｗ') => 4,
            _ => 0,
        };
        if suffix > 0 && !self.peek2().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.bump();
            v = v.checked_shift(suffix).ok_or_else(|| overflow(self))?;
        }
        Ok(v)
    }
}

/// Whether `s` is Chinese digits only (a numeral written digit by digit).
fn is_digit_run(s: &str) -> bool {
    s.chars().count() >= 2 && s.chars().all(|c| digit_of(c).is_some())
}

impl NumeralError {
    fn shifted(mut self, by: usize) -> NumeralError {
        self.offset += by;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_exact() {
        let rows = [
            (Decimal::from_int(30_054_007), "30054007"),
            (Decimal::new(5, 1).unwrap_or(Decimal::ZERO), "0.5"),
            (
                Decimal::new(-1_234_567, 2).unwrap_or(Decimal::ZERO),
                "-12345.67",
            ),
            (Decimal::new(7, 3).unwrap_or(Decimal::ZERO), "0.007"),
            (Decimal::new(500, 2).unwrap_or(Decimal::ZERO), "5"),
        ];
        for (d, s) in rows {
            assert_eq!(d.to_string(), s);
        }
    }
}
