//! The number scanner: Arabic digits (separators, decimals, full-width forms,
//! exponents), Chinese numerals in every form (两, 〇/零, 十/百/千/万/亿/兆,
//! positional 二〇〇五, abbreviated 两千四百五, financial 壹贰叁), and mixes
//! (2万, 63.58亿, 5万4千6百).

use crate::Approx;

/// A number as the scanner read it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Number {
    /// Byte offsets of the number in the text scanned.
    pub start: usize,
    pub end: usize,
    /// The value, fully expanded.
    pub value: f64,
    /// Some Chinese numeral character is part of it.
    pub chinese: bool,
    /// Some Arabic digit is part of it.
    pub arabic: bool,
    /// A magnitude (万, 亿, 兆) scales it.
    pub scaled: bool,
    /// Written digit by digit with no unit characters (`二〇〇五`, `1997`): how many digits.
    pub positional: Option<usize>,
    /// It starts with 百, 千, 万 or 亿 and no digit (`千亿`, `万人`).
    pub leading_magnitude: bool,
    /// An approximation written inside it (`十余万`, `3000多万`, `十几万`).
    pub approx: Option<(Approx, &'static str)>,
    /// It has a decimal part or a thousands separator.
    pub decimal: bool,
    /// Two neighbouring digits before a unit: a vague amount (二三十, 五六百).
    pub vague: bool,
    /// Two neighbouring digits read as a range (`六七千` is 6000 to 7000): the
    /// high end (`value` is the low one).
    pub max: Option<f64>,
}

impl Number {
    /// A number in Chinese numerals at `start..end`, with nothing else about it.
    pub(crate) fn chinese(start: usize, end: usize, value: f64) -> Number {
        Number {
            start,
            end,
            value,
            chinese: true,
            arabic: false,
            scaled: false,
            positional: None,
            leading_magnitude: false,
            approx: None,
            decimal: false,
            vague: false,
            max: None,
        }
    }
}

/// `value` rid of the error that binary arithmetic leaves in a decimal
/// reading (`1.39万亿` is `1.39 × 10^12`, which `f64` makes
/// 1389999999999.9998; `1.1亿` 110000000.00000001): rounded to 15 significant
/// digits, what every numeral the extractor reads has at most, as far as `f64`
/// holds integers exactly (2^53); other values as they are.
pub(crate) fn exact(value: f64) -> f64 {
    const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;
    if value == 0.0 || !value.is_finite() || value.abs() >= EXACT_INTEGERS {
        return value;
    }
    format!("{value:.14e}").parse().unwrap_or(value)
}

/// The value of a Chinese digit character.
#[inline]
pub(crate) fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '貳' | '两' | '兩' | '倆' | '俩' => 2,
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

/// The value of 十, 百, 千 (and their financial forms).
#[inline]
fn small_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// The value of 万, 亿, 兆.
#[inline]
fn big_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        '兆' => 1e12,
        _ => return None,
    })
}

/// Units that begin with a numeral character: before them, 千 and 兆 are not
/// magnitudes (`一千九百五十万千瓦` is 1950万 千瓦, `五十兆字节` is 50 兆字节).
const NUMERAL_UNITS: [&str; 17] = [
    "千瓦",
    "千克",
    "千米",
    "千卡",
    "千焦",
    "千伏",
    "千帕",
    "千字节",
    "千比特",
    "千赫",
    "兆瓦",
    "兆字节",
    "兆赫",
    "兆帕",
    "兆焦",
    "兆比特",
    "百帕",
];

/// Whether a unit starting with a numeral character starts at `i`.
#[inline]
fn numeral_unit_at(text: &str, i: usize) -> bool {
    let rest = &text[i..];
    // They all start with 千, 兆 or 百.
    matches!(rest.chars().next(), Some('千' | '兆' | '百'))
        && NUMERAL_UNITS.iter().any(|u| rest.starts_with(u))
}

/// A half-width or full-width Arabic digit.
#[inline]
pub(crate) fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The characters other than ASCII digits that can start a number: full-width
/// digits and the characters of Chinese numerals, 半 included.
const STARTS: [char; 53] = [
    '０', '１', '２', '３', '４', '５', '６', '７', '８', '９', '零', '〇', '○', '一', '壹', '二',
    '贰', '貳', '两', '兩', '倆', '俩', '三', '叁', '參', '四', '肆', '五', '伍', '六', '陆', '陸',
    '七', '柒', '八', '捌', '九', '玖', '十', '拾', '百', '佰', '千', '仟', '万', '萬', '亿', '億',
    '兆', '半', '廿', '卅', '卌',
];

/// [`STARTS`] as a bit set over the Basic Multilingual Plane (where they all
/// are): bit `c % 64` of word `c / 64`. One look-up per character, read straight
/// from the bytes of a three-byte UTF-8 sequence by [`next_start`].
static START_BITS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut k = 0;
    while k < STARTS.len() {
        let c = STARTS[k] as usize;
        bits[c >> 6] |= 1 << (c & 63);
        k += 1;
    }
    bits
};

/// Whether `c` can start a number.
#[inline]
pub(crate) fn starts_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let c = c as usize;
    c < 0x1_0000 && START_BITS[c >> 6] & (1 << (c & 63)) != 0
}

/// The byte offset of the first character at or after byte `i` that can start a
/// number ([`starts_number`]); `i` is a character boundary of `text`.
///
/// Reads bytes, not characters: every such character is an ASCII digit or a
/// three-byte sequence, whose code point's bit is found from the bytes directly.
#[inline]
pub(crate) fn next_start(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut rest = bytes.get(i..)?;
    loop {
        rest = match *rest {
            [b0 @ 0xE0..=0xEF, b1, b2, ref tail @ ..] => {
                let word = usize::from(b0 & 0x0F) << 6 | usize::from(b1 & 0x3F);
                if (START_BITS[word] >> (b2 & 0x3F)) & 1 != 0 {
                    return Some(bytes.len() - rest.len());
                }
                tail
            }
            [b'0'..=b'9', ..] => return Some(bytes.len() - rest.len()),
            [0x00..=0x7F, ref tail @ ..] => tail,
            [0xF0..=0xFF, _, _, _, ref tail @ ..] => tail,
            // A two-byte lead (a continuation byte cannot stand at a boundary).
            [_, _, ref tail @ ..] => tail,
            _ => return None,
        };
    }
}

/// Whether `c` is a character of a Chinese numeral (digit, unit or magnitude).
#[inline]
pub(crate) fn is_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some()
        || small_unit(c).is_some()
        || big_unit(c).is_some()
        || matches!(c, '半' | '廿' | '卅' | '卌')
}

/// The character at byte `i` of `text`.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// The character that ends at byte `i` of `text`.
#[inline]
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// Skips ASCII spaces from `i`.
#[inline]
fn skip_spaces(text: &str, mut i: usize) -> usize {
    while text.as_bytes().get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// The digits of an Arabic number as read (`1050000.25`), kept on the stack
/// unless there are very many of them.
#[derive(Default)]
struct DigitString {
    bytes: [u8; DigitString::INLINE],
    len: usize,
    /// All the digits, once there are more than [`DigitString::INLINE`].
    spilled: String,
    /// Where the point stands, if there is one.
    point: Option<usize>,
}

impl DigitString {
    const INLINE: usize = 32;

    fn push(&mut self, b: u8) {
        if self.len < Self::INLINE {
            self.bytes[self.len] = b;
        } else {
            if self.len == Self::INLINE {
                self.spilled = self.bytes.iter().map(|&b| char::from(b)).collect();
            }
            self.spilled.push(char::from(b));
        }
        self.len += 1;
    }

    fn push_digit(&mut self, d: u32) {
        // `d` is a digit, 0 to 9.
        self.push(b'0' + d as u8);
    }

    fn push_point(&mut self) {
        self.point = Some(self.len);
        self.push(b'.');
    }

    /// How many bytes (digits and point) have been read.
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value, exactly as `str::parse::<f64>` reads the digits.
    fn value(&self) -> Option<f64> {
        /// The powers of ten that `f64` holds exactly.
        const POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        if self.len <= Self::INLINE {
            let bytes = &self.bytes[..self.len];
            // Few enough digits: a whole number below 2^53 over an exact power of
            // ten is correctly rounded, as the parser rounds (its own fast path).
            if self.len <= 16 {
                let frac = self.point.map_or(0, |p| self.len - p - 1);
                let m = bytes
                    .iter()
                    .filter(|b| b.is_ascii_digit())
                    .fold(0u64, |m, &b| m * 10 + u64::from(b - b'0'));
                if m < 1 << 53 {
                    return Some(m as f64 / POW10[frac]);
                }
            }
            std::str::from_utf8(bytes).ok()?.parse().ok()
        } else {
            self.spilled.parse().ok()
        }
    }
}

/// An Arabic number at `i`: digits with thousands separators, a decimal part,
/// an exponent or a `k` suffix. Returns (value, end, decimal-or-separated, digits).
fn arabic(text: &str, i: usize) -> Option<(f64, usize, bool, usize)> {
    let mut j = i;
    let mut int = DigitString::default();
    let mut spaced = false;
    while let Some(c) = char_at(text, j) {
        match arabic_digit(c) {
            Some(d) => {
                int.push_digit(d);
                j += c.len_utf8();
            }
            // OCR engines print digits apart: `1 9 9 7年`, `8 . 8 %`.
            None if c == ' ' && char_at(text, j + 1).is_some_and(|n| arabic_digit(n).is_some()) => {
                spaced = true;
                j += 1;
            }
            None => break,
        }
    }
    if int.is_empty() {
        return None;
    }
    let digits = int.len();
    let mut separated = false;
    // Thousands separators: `,` then exactly three digits, the first group at most three.
    if digits <= 3 {
        while let Some(c) = char_at(text, j) {
            // A full-width comma separates thousands between full-width digits
            // (４，５６５), or where a decimal part closes the groups (64，310.50);
            // elsewhere in Chinese text it ends a clause.
            let full_width = char_before(text, j).is_some_and(|p| ('０'..='９').contains(&p));
            if c != ',' && !(c == '，' && (full_width || groups_then_point(text, j))) {
                break;
            }
            let k = j + c.len_utf8();
            let mut group = [0u32; 3];
            let mut count = 0;
            let mut m = k;
            while let Some(d) = char_at(text, m).and_then(arabic_digit) {
                if let Some(g) = group.get_mut(count) {
                    *g = d;
                }
                count += 1;
                m += char_at(text, m).map_or(1, char::len_utf8);
            }
            if count != 3 {
                break;
            }
            group.iter().for_each(|&d| int.push_digit(d));
            separated = true;
            j = m;
        }
    }
    let point = if spaced || text.as_bytes().get(j) == Some(&b' ') {
        // `8 . 8`: a point between spaces, in OCR output.
        let k = skip_spaces(text, j);
        let is_point = matches!(char_at(text, k), Some('.' | '．'));
        let after = char_at(text, k).map_or(k, |c| skip_spaces(text, k + c.len_utf8()));
        if is_point
            && k - j <= 1
            && after - k <= 2
            && char_at(text, after).is_some_and(|n| arabic_digit(n).is_some())
        {
            Some((k, after))
        } else {
            None
        }
    } else {
        None
    };
    if let Some((_, after)) = point {
        int.push_point();
        let mut m = after;
        while let Some(d) = char_at(text, m).and_then(arabic_digit) {
            int.push_digit(d);
            m += char_at(text, m).map_or(1, char::len_utf8);
        }
        j = m;
    }
    let decimal_done = point.is_some();
    let mut number = int;
    let mut decimal = separated || decimal_done;
    if let Some(c) = char_at(text, j).filter(|_| !decimal_done) {
        if c == '.' || c == '．' {
            let k = j + c.len_utf8();
            if char_at(text, k).and_then(arabic_digit).is_some() {
                number.push_point();
                let mut m = k;
                while let Some(d) = char_at(text, m).and_then(arabic_digit) {
                    number.push_digit(d);
                    m += char_at(text, m).map_or(1, char::len_utf8);
                }
                decimal = true;
                j = m;
            }
        }
    }
    let mut value = number.value()?;
    // An exponent: `2e5`, `12.32e+14`, `2.7890e－1`.
    if let Some(c @ ('e' | 'E')) = char_at(text, j) {
        let mut k = j + c.len_utf8();
        let mut negative = false;
        match char_at(text, k) {
            Some('+') => k += 1,
            Some('-') => {
                negative = true;
                k += 1
            }
            Some('－') => {
                negative = true;
                k += '－'.len_utf8()
            }
            _ => {}
        }
        let mut exp = 0i32;
        let mut any = false;
        while let Some(d) = char_at(text, k).and_then(arabic_digit) {
            exp = exp.saturating_mul(10).saturating_add(d as i32);
            any = true;
            k += char_at(text, k).map_or(1, char::len_utf8);
        }
        let next_letter = char_at(text, k).is_some_and(|c| c.is_ascii_alphabetic());
        if any && !next_letter {
            value *= 10f64.powi(if negative { -exp } else { exp });
            j = k;
        }
    }
    // A power: `2^5`, `2.5^-1`.
    if char_at(text, j) == Some('^') {
        let mut k = j + 1;
        let mut negative = false;
        while let Some(c @ ('+' | '-')) = char_at(text, k) {
            negative ^= c == '-';
            k += 1;
        }
        let mut exp = 0i32;
        let mut any = false;
        while let Some(d) = char_at(text, k).and_then(arabic_digit) {
            exp = exp.saturating_mul(10).saturating_add(d as i32);
            any = true;
            k += 1;
        }
        if any {
            value = value.powi(if negative { -exp } else { exp });
            j = k;
        }
    }
    // A thousands suffix: `40k`, `15Ｋ`, when no letter follows; a ten
    // thousands one, `20w` (W before 元 only: `100W` is a power).
    let after = skip_spaces(text, j);
    match char_at(text, after) {
        Some(c @ ('k' | 'K' | 'ｋ' | 'Ｋ')) => {
            let k = after + c.len_utf8();
            if !char_at(text, k).is_some_and(|c| c.is_ascii_alphabetic()) {
                value *= 1e3;
                j = k;
            }
        }
        Some(c @ ('w' | 'ｗ' | 'W' | 'Ｗ')) if after == j => {
            let k = after + c.len_utf8();
            let next = char_at(text, k);
            let fits = if matches!(c, 'w' | 'ｗ') {
                !next.is_some_and(|c| c.is_ascii_alphanumeric())
            } else {
                next == Some('元')
            };
            if fits {
                value *= 1e4;
                j = k;
            }
        }
        _ => {}
    }
    Some((value, j, decimal, digits))
}

/// Whether `text` at `j` holds thousands groups after full-width commas
/// (`，310`, `，310，000`) and then a decimal part (`.50`).
fn groups_then_point(text: &str, mut j: usize) -> bool {
    let b = text.as_bytes();
    while text[j..].starts_with('，') {
        let k = j + '，'.len_utf8();
        if !(b
            .get(k..k + 3)
            .is_some_and(|g| g.iter().all(u8::is_ascii_digit)))
        {
            return false;
        }
        j = k + 3;
    }
    matches!(b.get(j), Some(b'.')) && b.get(j + 1).is_some_and(u8::is_ascii_digit)
}

/// The state of a Chinese (or mixed) numeral being read.
#[derive(Default)]
struct Acc {
    /// Committed parts at 兆, 亿 and 万 level.
    top: f64,
    hi: f64,
    wan: f64,
    /// The part below 万.
    chunk: f64,
    /// The digit (or Arabic number) waiting for its unit.
    digit: Option<f64>,
    /// The digit was a single Chinese digit (for `两千四百五` = 2450).
    digit_chinese: bool,
    /// The unit before the pending digit (for the abbreviation); 0 after 零.
    unit_before: f64,
}

impl Acc {
    fn total(&self) -> f64 {
        let mut digit = self.digit.unwrap_or(0.0);
        if self.digit_chinese && self.unit_before >= 10.0 {
            // 两千四百五: a last digit after a unit counts in the next unit down.
            digit *= self.unit_before / 10.0;
        }
        self.top + self.hi + self.wan + self.chunk + digit
    }
}

/// Scans the number that starts at byte `i` of `text`, if any.
///
/// Two neighbouring Chinese digits before a unit or magnitude (`六七千`,
/// `五六亿`, `两三百`) are a range, each digit read with what follows.
pub(crate) fn scan(text: &str, i: usize) -> Option<Number> {
    if let Some(r) = neighbours(text, i) {
        return Some(r);
    }
    let mut n = scan_one(text, i)?;
    // 十七八, 二十三四: the next digit after the last one is the high end.
    let last = char_before(text, n.end).and_then(chinese_digit);
    let before_last = char_before(
        text,
        n.end - char_before(text, n.end).map_or(0, char::len_utf8),
    );
    if let (Some(d1), Some(c2)) = (last, char_at(text, n.end)) {
        let d2 = chinese_digit(c2);
        if d1 > 0
            && d2 == Some(d1 + 1)
            && matches!(before_last, Some('十' | '拾'))
            && !matches!(c2, '两' | '兩' | '俩' | '倆')
            && n.max.is_none()
            && !n.decimal
        {
            n.max = Some(n.value + 1.0);
            n.end += c2.len_utf8();
        }
    }
    Some(n)
}

/// Two neighbouring digits at `i` (`六七` of `六七千`, `一两` of `一两万`), each
/// read with the numeral that follows them as a range.
fn neighbours(text: &str, i: usize) -> Option<Number> {
    let c1 = char_at(text, i)?;
    let d1 = chinese_digit(c1).filter(|&d| d > 0 && !matches!(c1, '俩' | '倆'))?;
    let k = i + c1.len_utf8();
    let c2 = char_at(text, k)?;
    let d2 = chinese_digit(c2)?;
    // Neighbours (六七, 两三, 一两), and 三五 (three to five).
    let pair = d2 == d1 + 1 || d1 == 3 && d2 == 5 && c2 == '五';
    if !pair || matches!(c1, '两' | '兩') && d2 != 3 || c2 == '俩' || c2 == '倆' {
        return None;
    }
    let rest = k + c2.len_utf8();
    let next = char_at(text, rest)?;
    if small_unit(next).is_none() && big_unit(next).is_none() {
        return None;
    }
    // Each digit with the numeral after them, from a short copy of the text.
    let cut = crate::chars::floor_boundary(text, (rest + 48).min(text.len()));
    let tail = &text[rest..cut];
    let lo_text = format!("{c1}{tail}");
    let hi_text = format!("{c2}{tail}");
    let lo = scan_one(&lo_text, 0)?;
    let hi = scan_one(&hi_text, 0)?;
    let lo_tail = lo.end.checked_sub(c1.len_utf8())?;
    let hi_tail = hi.end.checked_sub(c2.len_utf8())?;
    if lo_tail == 0 || lo_tail != hi_tail || lo.value >= hi.value || lo.positional.is_some() {
        return None;
    }
    Some(Number {
        start: i,
        end: rest + lo_tail,
        max: Some(hi.value),
        approx: hi.approx,
        ..lo
    })
}

/// Scans one number (no range) at byte `i` of `text`.
fn scan_one(text: &str, i: usize) -> Option<Number> {
    let first = char_at(text, i)?;
    if !starts_number(first) {
        return None;
    }
    let mut acc = Acc::default();
    let mut j = i;
    let mut end = i;
    let mut chinese = false;
    let mut arabic_seen = false;
    let mut scaled = false;
    let mut decimal = false;
    let mut approx: Option<(Approx, &'static str)> = None;
    let mut positional: usize = 0;
    let mut positional_value: f64 = 0.0;
    let mut positional_ok = true;
    let mut units_seen = false;
    let mut leading_magnitude = false;
    let mut prev_digit = false; // the last token was a digit
    let mut tokens = 0usize;
    let mut vague = false;

    if let Some(tens) = match first {
        '廿' => Some(20.0),
        '卅' => Some(30.0),
        '卌' => Some(40.0),
        _ => None,
    } {
        // 廿五: twenty and a digit.
        let k = i + first.len_utf8();
        return Some(match char_at(text, k) {
            Some(c) if chinese_digit(c).is_some_and(|d| d > 0) && !matches!(c, '两' | '兩') => {
                let d = chinese_digit(c).map_or(0.0, f64::from);
                Number::chinese(i, k + c.len_utf8(), tens + d)
            }
            _ => Number::chinese(i, k, tens),
        });
    }
    if first == '半' {
        // 半 alone is 0.5 (半年); 半百 is 50.
        let k = i + first.len_utf8();
        if let Some(u) = char_at(text, k).and_then(small_unit) {
            return Some(Number::chinese(i, k + '百'.len_utf8(), 0.5 * f64::from(u)));
        }
        return Some(Number {
            decimal: true,
            ..Number::chinese(i, k, 0.5)
        });
    }

    loop {
        // OCR confusions read through inside a numeral: 干/于 for 千 and 白 for 百
        // between digits (三亿七干零六十二万), 口 for 〇 in a digit run (一九八口年).
        let mut confusable = None;
        if let Some(c) = char_at(text, j).filter(|c| matches!(c, '干' | '于' | '白' | '口')) {
            let prev_digit_char = char_before(text, j)
                .and_then(chinese_digit)
                .is_some_and(|d| d > 0);
            let next = char_at(text, j + c.len_utf8());
            let next_numeral = next.is_some_and(|n| is_numeral_char(n) && n != '半');
            if prev_digit_char && next_numeral && tokens > 0 {
                confusable = match c {
                    '干' | '于' => Some('千'),
                    '白' => Some('百'),
                    _ => None,
                };
            }
            if c == '口'
                && prev_digit
                && positional_ok
                && positional >= 2
                && !units_seen
                && !arabic_seen
            {
                confusable = Some('〇');
            }
        }
        if let Some(r) = confusable {
            // Read the stand-in as if it were the numeral: same byte length (3).
            let c = char_at(text, j).unwrap_or(r);
            if c.len_utf8() == r.len_utf8() {
                let mut buf = String::with_capacity(text.len());
                buf.push_str(&text[..j]);
                buf.push(r);
                buf.push_str(&text[j + c.len_utf8()..]);
                return scan(&buf, i);
            }
        }
        // Spaces inside a Chinese numeral (`7 万5 千4 百`, `一百 五 十 二`).
        let mut k = j;
        if tokens > 0 && text.as_bytes().get(k) == Some(&b' ') {
            let after = skip_spaces(text, k);
            let next = char_at(text, after);
            let prev = char_before(text, k);
            let after_next = next.map_or(after, |n| after + n.len_utf8());
            let then = char_at(text, skip_spaces(text, after_next));
            let joins = (next.is_some_and(|n| is_numeral_char(n) && n != '半')
                && (prev.is_some_and(is_numeral_char)
                    || next.is_some_and(|n| big_unit(n).is_some() || small_unit(n).is_some())))
                // 四百 点 五, 十 余 万, 7万 5千
                || (matches!(next, Some('点' | '點'))
                    && then.is_some_and(|t| chinese_digit(t).is_some() || arabic_digit(t).is_some()))
                || (matches!(next, Some('余' | '多' | '几' | '幾'))
                    && then.is_some_and(|t| big_unit(t).is_some()))
                || (next.is_some_and(|n| arabic_digit(n).is_some())
                    && prev.is_some_and(|p| big_unit(p).is_some() || small_unit(p).is_some()));
            if !joins {
                break;
            }
            k = after;
        }
        let Some(c) = char_at(text, k) else { break };
        let len = c.len_utf8();
        if let Some(d) = arabic_digit(c) {
            let _ = d;
            // Arabic digits start a number or follow a unit (`3万4000`, `1千零1`).
            if tokens > 0 && (prev_digit || acc.digit.is_some()) {
                break;
            }
            if tokens > 0 && chinese && acc.unit_before == 0.0 && !units_seen {
                break;
            }
            let (v, e, dec, digits) = arabic(text, k)?;
            arabic_seen = true;
            // 20w: the suffix is a magnitude.
            if matches!(char_before(text, e), Some('w' | 'ｗ' | 'W' | 'Ｗ')) {
                scaled = true;
                positional_ok = false;
            }
            decimal |= dec;
            acc.digit = Some(v);
            acc.digit_chinese = false;
            if tokens == 0 && !dec {
                positional = digits;
                positional_value = v;
            } else {
                positional_ok = false;
            }
            prev_digit = true;
            j = e;
            end = e;
            tokens += 1;
            continue;
        }
        if let Some(d) = chinese_digit(c) {
            // 两 counts only before a unit or at the start: `两万两` ends in the unit 两.
            if matches!(c, '两' | '兩') && tokens > 0 {
                let next = char_at(text, k + len);
                let unit_next =
                    next.is_some_and(|n| small_unit(n).is_some() || big_unit(n).is_some());
                if !unit_next {
                    break;
                }
            }
            if prev_digit && acc.digit.is_some() {
                // Digit after digit: positional (二〇〇五, 一九五七).
                if !positional_ok || units_seen || arabic_seen {
                    break;
                }
                positional += 1;
                positional_value = positional_value * 10.0 + f64::from(d);
                acc.digit = Some(positional_value);
                acc.digit_chinese = false;
            } else if d == 0 {
                // 零 marks a skipped place: the next digit is units of its section.
                acc.unit_before = 0.0;
                if tokens == 0 {
                    positional = 1;
                    positional_value = 0.0;
                    acc.digit = Some(0.0);
                    prev_digit = true;
                    chinese = true;
                    j = k + len;
                    end = j;
                    tokens += 1;
                    continue;
                }
                prev_digit = false;
                chinese = true;
                j = k + len;
                end = j;
                tokens += 1;
                continue;
            } else {
                if tokens == 0 {
                    positional = 1;
                    positional_value = f64::from(d);
                } else {
                    positional_ok = false;
                }
                acc.digit = Some(f64::from(d));
                acc.digit_chinese = true;
            }
            chinese = true;
            prev_digit = true;
            j = k + len;
            end = j;
            tokens += 1;
            continue;
        }
        if (small_unit(c).is_some() || big_unit(c).is_some())
            && tokens > 0
            && numeral_unit_at(text, k)
        {
            break;
        }
        if let Some(u) = small_unit(c) {
            if acc.digit.is_none()
                && tokens > 0
                && acc.chunk > 0.0
                && acc.unit_before != 0.0
                // 一百十二: 十 after a larger unit stands for 一十.
                && !(u == 10 && acc.unit_before > 10.0)
            {
                // 百千: not a numeral.
                break;
            }
            // 十三十四: a unit no smaller than the last one of its section ends the
            // numeral (the next one starts there).
            if tokens > 0
                && acc.unit_before > 0.0
                && acc.unit_before < 1e4
                && f64::from(u) >= acc.unit_before
            {
                break;
            }
            if tokens == 0 && u >= 100 {
                leading_magnitude = true;
            }
            let d = match acc.digit.take() {
                // 零十: a leading 零 says nothing.
                Some(d) if d == 0.0 && tokens == 1 => 1.0,
                Some(d) => d,
                None => 1.0,
            };
            // 二三十, 五六百: two neighbouring digits before a unit are a vague amount.
            if positional == 2 && chinese && !arabic_seen && !units_seen && tokens == 2 {
                let digits: Vec<u32> = text[i..k].chars().filter_map(chinese_digit).collect();
                if digits.len() == 2 && digits[1] == digits[0] + 1 {
                    vague = true;
                }
            }
            acc.chunk += d * f64::from(u);
            acc.unit_before = f64::from(u);
            acc.digit_chinese = false;
            chinese = true;
            units_seen = true;
            positional_ok = false;
            prev_digit = false;
            j = k + len;
            end = j;
            tokens += 1;
            continue;
        }
        if let Some(b) = big_unit(c) {
            if tokens == 0 {
                leading_magnitude = true;
            }
            let d = acc.digit.take().unwrap_or(0.0);
            let below = acc.chunk + d;
            if b == 1e4 {
                if below == 0.0 && acc.wan > 0.0 {
                    acc.wan *= 1e4; // 四万万
                } else if below == 0.0 && tokens == 0 {
                    acc.wan = 1e4;
                } else {
                    acc.wan += below * 1e4;
                }
            } else if b == 1e8 {
                let part = acc.wan + below;
                if part == 0.0 && acc.hi > 0.0 {
                    acc.hi *= 1e8;
                } else if part == 0.0 && tokens == 0 {
                    acc.hi = 1e8;
                } else {
                    acc.hi += part * 1e8;
                }
                acc.wan = 0.0;
            } else {
                let part = acc.hi + acc.wan + below;
                acc.top += if part == 0.0 { 1.0 } else { part } * 1e12;
                acc.hi = 0.0;
                acc.wan = 0.0;
            }
            acc.chunk = 0.0;
            acc.unit_before = b;
            acc.digit_chinese = false;
            chinese = true;
            scaled = true;
            units_seen = true;
            positional_ok = false;
            prev_digit = false;
            j = k + len;
            end = j;
            tokens += 1;
            continue;
        }
        if matches!(c, '点' | '點') && tokens > 0 {
            // A decimal point: digits must follow.
            let mut m = skip_spaces(text, k + len);
            let mut frac = String::new();
            while let Some(c2) = char_at(text, m) {
                let d = chinese_digit(c2).or_else(|| arabic_digit(c2));
                match d {
                    Some(d) if !matches!(c2, '两' | '兩') => {
                        frac.push(char::from(b'0' + d as u8));
                        m += c2.len_utf8();
                    }
                    _ => break,
                }
            }
            if frac.is_empty() {
                break;
            }
            let f: f64 = format!("0.{frac}").parse().unwrap_or(0.0);
            decimal = true;
            positional_ok = false;
            if acc.digit.is_some()
                && acc.chunk == 0.0
                && acc.wan == 0.0
                && acc.hi == 0.0
                && acc.top == 0.0
            {
                // 三点五(万): the digit gets the decimal and a magnitude may follow.
                acc.digit = Some(acc.digit.unwrap_or(0.0) + f);
                acc.digit_chinese = false;
                j = m;
                end = m;
                tokens += 1;
                prev_digit = false;
                continue;
            }
            // 两千万点五五四四: the decimal ends the number.
            let total = acc.total() + f;
            acc = Acc::default();
            acc.digit = Some(total);
            end = m;
            break;
        }
        if matches!(c, '多' | '余' | '几' | '幾') && tokens > 0 {
            // Inside a number only before a magnitude: 十余万, 3000多万, 十几万, 4万多亿.
            let after = skip_spaces(text, k + len);
            let next = char_at(text, after);
            let magnitude_next = next.is_some_and(|n| big_unit(n).is_some());
            let unit_next = next.is_some_and(|n| small_unit(n).is_some());
            if magnitude_next || (c != '多' && c != '余' && unit_next) {
                approx = Some((
                    Approx::Over,
                    if c == '幾' {
                        "几"
                    } else {
                        match c {
                            '多' => "多",
                            '余' => "余",
                            _ => "几",
                        }
                    },
                ));
                j = after;
                end = j;
                prev_digit = false;
                continue;
            }
            if matches!(c, '几' | '幾') {
                // 二十几, 一百零几: a vague last digit.
                approx = Some((Approx::Over, "几"));
                end = k + len;
            }
            break;
        }
        break;
    }
    if tokens == 0 {
        return None;
    }
    // A lone 零 or a numeral made only of magnitudes (`万`, `万万`) is no number.
    let value = acc.total();
    if chinese && !arabic_seen && value == 0.0 && positional == 0 {
        return None;
    }
    if !arabic_seen && acc.digit.is_none() && !units_seen && value == 0.0 {
        return None;
    }
    let only_magnitudes = !arabic_seen
        && text[i..end]
            .chars()
            .all(|c| big_unit(c).is_some() || c == ' ');
    if only_magnitudes {
        return None;
    }
    let positional = (positional_ok && !units_seen && positional > 0).then_some(positional);
    Some(Number {
        start: i,
        end,
        value,
        chinese,
        arabic: arabic_seen,
        scaled,
        positional,
        leading_magnitude,
        approx,
        decimal,
        vague,
        max: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_rid_of_binary_rounding() {
        for (v, want) in [
            (1.39 * 1e12, 1_390_000_000_000.0),
            (1.1 * 1e8, 110_000_000.0),
            (0.1 + 0.2, 0.3),
            (63.58 * 1e8, 6_358_000_000.0),
            (-2.675, -2.675),
            (0.0, 0.0),
        ] {
            assert_eq!(exact(v), want, "{v}");
        }
        // Beyond the integers f64 holds exactly, values are as they are.
        assert_eq!(
            exact(1.234_567_890_123_456_7e17),
            1.234_567_890_123_456_7e17
        );
        assert!(exact(f64::NAN).is_nan());
    }

    #[track_caller]
    fn check(text: &str, value: f64, len: usize) {
        let n = scan(text, 0).unwrap_or_else(|| panic!("no number in {text}"));
        assert!(
            (n.value - value).abs() <= 1e-9 * value.abs().max(1.0),
            "{text}: {} != {value}",
            n.value
        );
        assert_eq!(
            text[..n.end].chars().count(),
            len,
            "{text}: {:?}",
            &text[..n.end]
        );
    }

    #[test]
    fn starts_are_digits_and_numerals() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let expected = arabic_digit(c).is_some() || is_numeral_char(c);
            assert_eq!(starts_number(c), expected, "{c:?}");
        }
    }

    #[test]
    fn digit_strings_parse_as_the_standard_parser() {
        let mut rows: Vec<String> = [
            "0",
            "7",
            "007",
            "12.5",
            "0.1",
            "0.3",
            "9007199254740993",
            "900719925474099.3",
            "123456789012345678",
            "1.7976931348623157",
            "3.14159265358979323846264338327950288",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Pseudo-random digit strings of every length up to 40, with and without a point.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in 1..=40 {
            for _ in 0..50 {
                let mut s = String::new();
                for _ in 0..len {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    s.push(char::from(b'0' + (x % 10) as u8));
                }
                if x % 3 > 0 && len > 1 {
                    s.insert((x as usize >> 8) % (len - 1) + 1, '.');
                }
                rows.push(s);
            }
        }
        for row in &rows {
            let mut d = DigitString::default();
            for b in row.bytes() {
                if b == b'.' {
                    d.push_point();
                } else {
                    d.push_digit(u32::from(b - b'0'));
                }
            }
            let expected: f64 = row.parse().expect("digits");
            assert_eq!(
                d.value().map(f64::to_bits),
                Some(expected.to_bits()),
                "{row}"
            );
        }
    }

    #[test]
    fn numeral_units_start_with_a_magnitude() {
        for u in NUMERAL_UNITS {
            assert!(matches!(u.chars().next(), Some('千' | '兆' | '百')), "{u}");
        }
    }

    #[test]
    fn next_start_finds_every_start() {
        let text = "a1，é二 𝄞Ｘ０半 xyz 万";
        let mut found = Vec::new();
        let mut i = 0;
        while let Some(s) = next_start(text, i) {
            found.push(s);
            i = s + char_at(text, s).map_or(1, char::len_utf8);
        }
        let expected: Vec<usize> = text
            .char_indices()
            .filter(|&(_, c)| starts_number(c))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, expected);
        assert_eq!(expected.len(), 5);
    }

    #[test]
    fn chinese_numerals() {
        let rows: &[(&str, f64, usize)] = &[
            ("三千五百人", 3500.0, 4),
            ("一百二十三亿七千万元", 12_370_000_000.0, 9),
            ("两千四百五", 2450.0, 5),
            ("一千零一", 1001.0, 4),
            ("五亿零六", 500_000_006.0, 4),
            ("四万万", 400_000_000.0, 3),
            ("四万亿", 4e12, 3),
            ("三亿零五百三十万吨", 305_300_000.0, 8),
            ("五兆六十二亿四万五千二", 5_006_200_045_200.0, 11),
            ("二〇〇五年", 2005.0, 4),
            ("一九八○年", 1980.0, 4),
            ("十五点七", 15.7, 4),
            ("百三", 130.0, 2),
            ("十", 10.0, 1),
            ("拾万零五十六", 100_056.0, 6),
            ("两万两", 20_000.0, 2),
            ("十余万", 100_000.0, 3),
            ("一千九百五十万千瓦", 19_500_000.0, 7),
            ("半年", 0.5, 1),
        ];
        for &(text, value, len) in rows {
            check(text, value, len);
        }
    }

    #[test]
    fn arabic_and_mixed() {
        let rows: &[(&str, f64, usize)] = &[
            ("63.58亿元", 6_358_000_000.0, 6),
            ("1,050,000,000", 1_050_000_000.0, 13),
            ("２．２亿", 220_000_000.0, 4),
            ("5万4千6百", 54_600.0, 6),
            ("3万4000", 34_000.0, 6),
            ("2千零30万", 20_300_000.0, 6),
            ("3000多万美元", 30_000_000.0, 6),
            ("2e5", 200_000.0, 3),
            ("40k", 40_000.0, 3),
            ("1000  万", 10_000_000.0, 7),
        ];
        for &(text, value, len) in rows {
            check(text, value, len);
        }
    }
}
