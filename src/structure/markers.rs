//! Heading numbers: the numbering styles of GB/T 9704 and their OCR-damaged forms.

use crate::chars::is_han;

/// A numbering style. Each style is one level of a document's hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// `第一编`, `第一部分`.
    Part,
    /// `第一分编`.
    SubPart,
    /// `第一章`.
    Chapter,
    /// `第一节`.
    Section,
    /// `第一条`.
    Article,
    /// `一、`: level 1 of GB/T 9704.
    Cjk,
    /// `（一）`: level 2.
    CjkParen,
    /// `一）`: level 2 in a document that writes it so (where `（一）` stand beside
    /// it, it is a `（一）` OCR damaged).
    CjkHalfParen,
    /// `1.` or `1、`: level 3.
    Arabic,
    /// `（1）`: level 4.
    ArabicParen,
    /// `1.1`, `1.1.1`: the number of parts.
    Decimal(u8),
    /// `Ⅰ.`, `Ⅱ、`: upper-case Roman numerals, above `一、` where both are used.
    Roman,
    /// `ⅰ.`, `ⅱ、`: lower-case Roman numerals, below `（1）`.
    SmallRoman,
}

impl Style {
    /// The order in which styles nest: a heading closes every open section of the
    /// same or a later rank.
    pub(crate) fn rank(self) -> u8 {
        match self {
            Style::Part => 0,
            Style::SubPart => 1,
            Style::Chapter => 2,
            Style::Section => 3,
            Style::Article => 4,
            Style::Roman => 5,
            Style::Cjk => 6,
            Style::CjkParen => 7,
            Style::CjkHalfParen => 8,
            Style::Arabic => 9,
            Style::ArabicParen => 10,
            Style::SmallRoman => 11,
            Style::Decimal(d) => 11 + d.min(8),
        }
    }

    /// The GB/T 9704 level of the four standard styles; `None` for the styles whose
    /// level is their place in the document.
    pub(crate) fn fixed_level(self) -> Option<u8> {
        match self {
            Style::Cjk => Some(1),
            Style::CjkParen | Style::CjkHalfParen => Some(2),
            Style::Arabic => Some(3),
            Style::ArabicParen => Some(4),
            _ => None,
        }
    }

    /// An index for per-style counters.
    pub(crate) fn index(self) -> usize {
        self.rank() as usize
    }

    /// The number of per-style counters.
    pub(crate) const COUNT: usize = 20;

    /// The canonical spelling of number `n` in this style (`（三）`, `3.`).
    pub(crate) fn spell(self, n: u32, raw: &str) -> String {
        match self {
            Style::Cjk => format!("{}、", cjk_numeral(n)),
            Style::CjkParen => format!("（{}）", cjk_numeral(n)),
            Style::CjkHalfParen => format!("{}）", cjk_numeral(n)),
            Style::Arabic => {
                // Keep the writer's separator: `1.` and `1、` are the same level.
                let sep = if raw.trim_end().ends_with('、') {
                    '、'
                } else {
                    '.'
                };
                format!("{n}{sep}")
            }
            Style::ArabicParen => format!("（{n}）"),
            Style::Part | Style::SubPart | Style::Chapter | Style::Section | Style::Article => {
                let unit = match self {
                    Style::Part if raw.contains("部分") => "部分",
                    Style::Part => "编",
                    Style::SubPart => "分编",
                    Style::Chapter => "章",
                    Style::Section => "节",
                    _ => "条",
                };
                let number = if raw.contains(|c: char| c.is_ascii_digit()) {
                    n.to_string()
                } else {
                    big_numeral(n)
                };
                format!("第{number}{unit}")
            }
            Style::Decimal(_) | Style::Roman | Style::SmallRoman => raw.trim().to_owned(),
        }
    }
}

/// A heading number found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) style: Style,
    /// The number; 0 when OCR lost or garbled it and the sequence must tell.
    pub(crate) number: u32,
    /// The byte length of the marker, any space after it included.
    pub(crate) len: usize,
    /// Whether OCR damaged the marker's punctuation (`一丶`, `一.`, `（二丶`,
    /// `(2工)`): the text must be repaired to agree with the outline.
    pub(crate) damaged: bool,
}

/// The value of a Chinese numeral of one or two digits (`三`, `十二`, `二十`), and
/// its byte length.
pub(crate) fn cjk_number(s: &str) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut digit: Option<u32> = None;
    let mut len = 0;
    let mut tens = false;
    for c in s.chars() {
        let d = match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => {
                if tens {
                    return None;
                }
                tens = true;
                value = digit.take().unwrap_or(1) * 10;
                len += c.len_utf8();
                continue;
            }
            _ => break,
        };
        if digit.is_some() {
            // 一二 is not a numeral of ours.
            return None;
        }
        digit = Some(d);
        len += c.len_utf8();
    }
    let value = value + digit.unwrap_or(0);
    (len > 0 && value > 0 && value < 100).then_some((value, len))
}

/// The Chinese numeral for `n` (1 ≤ n < 100).
pub(crate) fn cjk_numeral(n: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let (t, u) = ((n / 10) as usize % 10, (n % 10) as usize);
    let mut s = String::new();
    if t > 1 {
        s.push(DIGITS[t]);
    }
    if t > 0 {
        s.push('十');
    }
    if u > 0 || t == 0 {
        s.push(DIGITS[u]);
    }
    s
}

/// The Chinese numeral for `n` (1 ≤ n < 10000) as laws write it: `一千零八十二`,
/// `一百二十`, `十五`.
pub(crate) fn big_numeral(n: u32) -> String {
    if n < 100 {
        return cjk_numeral(n);
    }
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut s = String::new();
    let mut zero = false;
    for (unit, name) in [
        (1000, Some('千')),
        (100, Some('百')),
        (10, Some('十')),
        (1, None),
    ] {
        let d = (n / unit % 10) as usize;
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        s.push(DIGITS[d]);
        if let Some(name) = name {
            s.push(name);
        }
    }
    s
}

/// ASCII digits, with the letters OCR reads for 1 (`l`, `I`, `|`) when
/// `lookalikes`; the value and byte length.
fn arabic_number(s: &str, lookalikes: bool) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let mut value = 0u32;
    let mut len = 0;
    while len < b.len() && len < 3 {
        let d = match b[len] {
            c @ b'0'..=b'9' => u32::from(c - b'0'),
            b'l' | b'I' | b'|' if lookalikes && len == 0 => 1,
            _ => break,
        };
        value = value * 10 + d;
        len += 1;
    }
    (len > 0 && len < 3 && value > 0).then_some((value, len))
}

/// Spaces OCR puts inside a number (`（ 一 ）`, `一 、`).
fn skip_spaces(s: &str, mut i: usize) -> usize {
    while let Some(c) = s[i..].chars().next() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn starts_with_any(s: &str, i: usize, set: &[char]) -> Option<usize> {
    let c = s[i..].chars().next()?;
    set.contains(&c).then_some(i + c.len_utf8())
}

const CLOSE: &[char] = &['）', ')'];
/// What OCR reads for a closing bracket (`（二丶`, `（三]`).
const DAMAGED_CLOSE: &[char] = &['丶', '、', '】', '〕', ']', '］', '}', '」', '|'];
/// What may follow a Chinese numeral as its separator: `、`, and the stops OCR or
/// writers put in its place.
const CJK_SEP: &[char] = &['、', '．', '.'];
/// What OCR reads for `、` after a Chinese numeral (`一丶`, `一，`; the normaliser
/// turns `三.` into `三。`): read only at a line start or after a stop.
const CJK_DAMAGED_SEP: &[char] = &['丶', '，', ',', '。', '·', '`', '\'', '‘', '’'];
const ARABIC_SEP: &[char] = &['、', '．', '.'];
/// What OCR reads for `一` before a `、`: dashes (`--丶`, `—、`).
const DASHES: &[char] = &['-', '—', '―', '－', '一', 'ー', '_'];

/// Reads a heading number at the start of `s`.
///
/// Only well-formed numbers (allowing OCR's spaces, half-width brackets and `l`
/// for 1) are read here; a number OCR garbled is read by [`broken_marker`].
pub(crate) fn marker(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    match first {
        '第' => chapter(s),
        '（' | '(' => {
            let i = skip_spaces(s, first.len_utf8());
            let (style, number, j) = if let Some((n, l)) = cjk_number(&s[i..]) {
                (Style::CjkParen, n, i + l)
            } else if let Some((n, l)) = arabic_number(&s[i..], false) {
                (Style::ArabicParen, n, i + l)
            } else {
                return None;
            };
            let j = skip_spaces(s, j);
            let (end, damaged) = if let Some(end) = starts_with_any(s, j, CLOSE) {
                (end, false)
            } else if let Some(end) = starts_with_any(s, j, DAMAGED_CLOSE) {
                // `（二丶`: the bracket read as a mark; `（二、三）` is no number.
                if cjk_number(&s[end..]).is_some()
                    || s[end..].starts_with(|c: char| c.is_ascii_digit())
                {
                    return None;
                }
                (end, true)
            } else if style == Style::ArabicParen {
                // `(2工)`: one character read into the bracket.
                let c = s[j..].chars().next()?;
                if !is_han(c) || cjk_number(&s[j..]).is_some() {
                    return None;
                }
                (starts_with_any(s, j + c.len_utf8(), CLOSE)?, true)
            } else {
                return None;
            };
            Some(Marker {
                style,
                number,
                len: skip_spaces(s, end),
                damaged: damaged || s[..end].contains('(') || s[..end].contains(')'),
            })
        }
        '、' | '丶' => Some(Marker {
            // A numeral OCR lost: the sequence tells which.
            style: Style::Cjk,
            number: 0,
            len: skip_spaces(s, first.len_utf8()),
            damaged: true,
        }),
        c if DASHES.contains(&c) && dashed(s).is_some() => dashed(s),
        '\u{2160}'..='\u{217B}' => roman(s),
        _ => {
            if let Some((n, l)) = cjk_number(s) {
                let j = skip_spaces(s, l);
                if let Some(end) = starts_with_any(s, j, CLOSE) {
                    // `一）总体要求`.
                    let next = s[end..].chars().next()?;
                    if !is_han(next) || cjk_number(&s[end..]).is_some() {
                        return None;
                    }
                    return Some(Marker {
                        style: Style::CjkHalfParen,
                        number: n,
                        len: skip_spaces(s, end),
                        damaged: j > l || s[j..].starts_with(')'),
                    });
                }
                let (end, damaged) = match starts_with_any(s, j, CJK_SEP) {
                    Some(end) => (end, !s[j..].starts_with('、')),
                    None => (starts_with_any(s, j, CJK_DAMAGED_SEP)?, true),
                };
                // `一.5` is no heading; `一、1999年` is; nor is `一，二` or `一。`.
                let next = s[end..].chars().next();
                if !s[j..].starts_with('、') && s[end..].starts_with(|c: char| c.is_ascii_digit())
                {
                    return None;
                }
                if damaged
                    && next.is_none_or(|c| {
                        !is_han(c) && c != '“' && c != '（' || cjk_number(&s[end..]).is_some()
                    })
                {
                    return None;
                }
                return Some(Marker {
                    style: Style::Cjk,
                    number: n,
                    len: skip_spaces(s, end),
                    damaged: damaged || j > l,
                });
            }
            let (n, l) = arabic_number(s, true)?;
            let lookalike = !s.as_bytes()[0].is_ascii_digit();
            let j = skip_spaces(s, l);
            if s[j..].starts_with('.') && s[j + 1..].starts_with(|c: char| c.is_ascii_digit()) {
                return if lookalike { None } else { decimal(s) };
            }
            let end = starts_with_any(s, j, ARABIC_SEP)?;
            // `l.` is too often a letter; OCR's `l` for 1 is trusted before `、` only.
            if lookalike && !s[j..].starts_with('、') {
                return None;
            }
            // `1、2、3、` and `63.58` are no headings.
            if s[end..].starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            Some(Marker {
                style: Style::Arabic,
                number: n,
                len: skip_spaces(s, end),
                damaged: lookalike || j > l,
            })
        }
    }
}

/// The value of a Roman numeral letter (`Ⅳ` is one letter of its own, `ⅩⅣ` two),
/// and whether it is lower case.
fn roman_letter(c: char) -> Option<(u32, bool)> {
    let (k, small) = match c {
        '\u{2160}'..='\u{216F}' => (c as u32 - 0x2160, false),
        '\u{2170}'..='\u{217F}' => (c as u32 - 0x2170, true),
        _ => return None,
    };
    // Ⅰ…Ⅻ are 1…12; then L, C, D, M.
    let value = match k {
        0..=11 => k + 1,
        12 => 50,
        13 => 100,
        14 => 500,
        _ => 1000,
    };
    Some((value, small))
}

/// `Ⅰ.`, `Ⅱ、`, `ⅲ．`, `ⅩⅣ、`: a Roman numeral of one case, then `、` `.` `．` or a
/// space, then the title.
fn roman(s: &str) -> Option<Marker> {
    let mut values = Vec::new();
    let mut case = None;
    let mut end = 0;
    for c in s.chars() {
        let Some((v, small)) = roman_letter(c) else {
            break;
        };
        if *case.get_or_insert(small) != small || values.len() == 4 {
            return None;
        }
        values.push(v);
        end += c.len_utf8();
    }
    // Subtractive notation: a letter before a larger one counts against it.
    let mut number = 0i64;
    for (k, &v) in values.iter().enumerate() {
        if values.get(k + 1).is_some_and(|&w| w > v) {
            number -= i64::from(v);
        } else {
            number += i64::from(v);
        }
    }
    let number = u32::try_from(number)
        .ok()
        .filter(|&n| (1..=99).contains(&n))?;
    let j = skip_spaces(s, end);
    let Some(end) = starts_with_any(s, j, ARABIC_SEP).or((j > end).then_some(j)) else {
        // Neither a mark nor a space after the numeral.
        return None;
    };
    let next = s[end..].chars().next()?;
    if !is_han(next) && next != '“' {
        return None;
    }
    Some(Marker {
        style: if case == Some(true) {
            Style::SmallRoman
        } else {
            Style::Roman
        },
        number,
        len: skip_spaces(s, end),
        damaged: false,
    })
}

/// `--丶`, `—、`: a `一` OCR read as dashes, before the mark; the number is left 0
/// for the sequence to tell.
fn dashed(s: &str) -> Option<Marker> {
    let mut i = 0;
    for c in s.chars().take(3) {
        if !DASHES.contains(&c) || c == '一' && i > 0 {
            break;
        }
        i += c.len_utf8();
    }
    // A lone `一` is a numeral, read by `marker`.
    if i == 0 || s.starts_with('一') && i == '一'.len_utf8() {
        return None;
    }
    let end = starts_with_any(s, i, &['丶', '、'])?;
    let next = s[end..].chars().next()?;
    if !is_han(next) {
        return None;
    }
    Some(Marker {
        style: Style::Cjk,
        number: 0,
        len: skip_spaces(s, end),
        damaged: true,
    })
}

/// `第一章`, `第二节`, `第十条`, `第一部分`, `第3章`, and their OCR-damaged forms:
/// `第-节` (a dash for 一), `第五草` (a look-alike of 章), `第四章”` (a mark read
/// in the space after the number).
fn chapter(s: &str) -> Option<Marker> {
    let i = '第'.len_utf8();
    let mut damaged = false;
    let is_unit = |l: usize| {
        s[i + l..].starts_with([
            '章', '节', '条', '编', '草', '幸', '竟', '童', '苄', '卞', '芇',
        ]) || s[i + l..].starts_with("部分")
            || s[i + l..].starts_with("分编")
    };
    let clean = big_number(&s[i..], false);
    let big = clean
        .filter(|&(_, l)| is_unit(l))
        .or_else(|| big_number(&s[i..], true))
        .or(clean);
    let read = big.or_else(|| arabic_number(&s[i..], false));
    // A numeral with a mark OCR read for one of its characters (`第+一章`,
    // `第十—章`, `第一O章`): its number is the sequence's to tell.
    let read = match lookalike_number(&s[i..]) {
        Some(l) if read.is_none_or(|(_, r)| !is_unit(r)) && is_unit(l) => Some((0, l)),
        _ => read,
    };
    let (n, l) = match read {
        Some((0, l)) => {
            damaged = true;
            (0, l)
        }
        Some(nl) => nl,
        None => {
            let c = s[i..].chars().next()?;
            if !matches!(c, '-' | '—' | '－' | 'l' | 'I') {
                return None;
            }
            damaged = true;
            (1, c.len_utf8())
        }
    };
    let rest = &s[i + l..];
    let unit = rest.chars().next()?;
    let (style, unit_len) = match unit {
        '章' => (Style::Chapter, 3),
        '节' => (Style::Section, 3),
        '条' => (Style::Article, 3),
        '编' => (Style::Part, 3),
        '部' if rest.starts_with("部分") => (Style::Part, 6),
        '分' if rest.starts_with("分编") => (Style::SubPart, 6),
        // What OCR reads for 章 and 节, trusted before a title only.
        '草' | '幸' | '竟' | '童' => {
            damaged = true;
            (Style::Chapter, 3)
        }
        '苄' | '卞' | '芇' => {
            damaged = true;
            (Style::Section, 3)
        }
        // Any other misreading of 章, on a short line of its own before an
        // article (`第四音节能技术进步` then `第三十五条…`).
        c if is_han(c)
            && !COUNTERS.contains(c)
            && n > 0
            && !s[i..i + l].starts_with(|d: char| d.is_ascii_digit())
            && before_article(&rest[c.len_utf8()..])
            // `第十安章`: the character before 章 is a numeral misread.
            && !rest[c.len_utf8()..].starts_with('章')
            // `第十一交接运输新兵`: a character like neither unit that makes a word
            // with the next opens the title; the unit is lost
            // ([`unitless_division`]).
            && !opens_title(&rest[c.len_utf8()..], c) =>
        {
            damaged = true;
            // The unit it looks like: 节 where it looks more like 节 than 章
            // (`第一苇`, `第二市`).
            let style = if likeness(c, '节') > likeness(c, '章') {
                Style::Section
            } else {
                Style::Chapter
            };
            (style, c.len_utf8())
        }
        _ => return None,
    };
    let mut end = i + l + unit_len;
    let mut after = skip_spaces(s, end);
    // A mark OCR read in the space between the number and the title (a
    // chapter's: an article's text may open with a quotation).
    while let Some(c) = s[after..]
        .chars()
        .next()
        .filter(|_| style != Style::Article)
    {
        // An opening quote is the title's own where the title closes it
        // (`第三章“三农”工作`); one that nothing closes is a mark OCR read in the
        // gap (`第三章 “海上休闲规定`).
        if matches!(c, '“' | '‘' | '"' | '\'')
            && !s[after + c.len_utf8()..].starts_with(['”', '’'])
            && quote_closes(&s[after + c.len_utf8()..])
        {
            break;
        }
        if !matches!(
            c,
            '”' | '“'
                | '"'
                | '\''
                | '‘'
                | '’'
                | '·'
                | '.'
                | '．'
                | '。'
                | '、'
                | ','
                | '，'
                | '`'
        ) {
            break;
        }
        damaged = true;
        after = skip_spaces(s, after + c.len_utf8());
        end = after;
    }
    if damaged && style != Style::Article {
        // A damaged number is one only before a title.
        let next = s[after..].chars().next()?;
        if !is_han(next) {
            return None;
        }
    }
    Some(Marker {
        style,
        number: n,
        len: skip_spaces(s, end),
        damaged,
    })
}

/// A 编/章/节 number whose `第` OCR lost (`五章 收养`, `十二节 附则`): a Chinese
/// numeral, the unit and an ideograph after it. The caller takes it only at a
/// line start, before a short title, where its siblings confirm the number.
pub(crate) fn unprefixed_division(s: &str) -> Option<Marker> {
    let (n, l) = big_number(s, false)?;
    let rest = &s[l..];
    let (style, unit) = match rest.chars().next()? {
        '章' => (Style::Chapter, 3),
        '节' => (Style::Section, 3),
        '编' => (Style::Part, 3),
        _ => return None,
    };
    let end = skip_spaces(s, l + unit);
    if !s[end..].chars().next().is_some_and(is_han) {
        return None;
    }
    Some(Marker {
        style,
        number: n,
        len: end,
        damaged: true,
    })
}

/// The byte length of a Chinese numeral of a 编/章/节 number in which OCR read
/// one or more characters as a mark that looks like it: `+` for 十, a dash or a
/// stroke (`-`, `—`, `l`, `I`, `|`) for 一, a ring (`O`, `0`, `○`) for 〇
/// (`第+一章`, `第十—章`, `第一O章`). At least one true numeral stands among them,
/// and no more than six characters in all; the caller checks a unit follows.
fn lookalike_number(s: &str) -> Option<usize> {
    let mut len = 0;
    let mut marks = 0;
    let mut numerals = 0;
    for (k, c) in s.chars().enumerate() {
        if k == 6 {
            return None;
        }
        if matches!(
            c,
            '一' | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '千'
                | '〇'
                | '零'
                | '两'
        ) {
            numerals += 1;
        } else if matches!(
            c,
            '+' | '＋'
                | '-'
                | '—'
                | '－'
                | '―'
                | 'ー'
                | '_'
                | 'l'
                | 'I'
                | '|'
                | 'O'
                | 'o'
                | '0'
                | '○'
                | 'Ｏ'
        ) {
            marks += 1;
        } else {
            break;
        }
        len += c.len_utf8();
    }
    (marks > 0 && numerals > 0).then_some(len)
}

/// Units of ordinals that are no heading's (`第二批`, `第三届`).
const COUNTERS: &str =
    "条次批届年天季期个项种位名部号款页卷册轮方线手步代类档段级周课场回集句行层排";

/// Whether `c`, right after a 编/章/节 number, with `rest` after it, looks like
/// neither 章 nor 节 and makes a word with the next character (`交接`, `收养`):
/// the first character of a title whose unit OCR lost.
fn opens_title(rest: &str, c: char) -> bool {
    let Some(next) = rest.chars().next() else {
        return false;
    };
    if likeness(c, '章') > 0 || likeness(c, '节') > 0 || !is_han(next) {
        return false;
    }
    let mut word = String::with_capacity(8);
    word.push(c);
    word.push(next);
    crate::Lexicon::global().contains(&word)
}

/// A chapter number whose unit OCR lost (`第十一 交接运输新兵`): `第`, a Chinese
/// numeral, and a title whose first character looks like neither 章 nor 节 and
/// is no ordinal's unit (`第二批`). The marker is `第` and the numeral; the caller
/// takes it only at a line start, before a short title, where its chapter
/// siblings confirm the number.
pub(crate) fn unitless_division(s: &str) -> Option<Marker> {
    let rest = s.strip_prefix('第')?;
    let (n, l) = big_number(rest, false)?;
    let end = skip_spaces(rest, l);
    let mut chars = rest[end..].chars();
    let c = chars.next()?;
    if !is_han(c)
        || COUNTERS.contains(c)
        || "章节编部分".contains(c)
        || !opens_title(chars.as_str(), c)
    {
        return None;
    }
    Some(Marker {
        style: Style::Chapter,
        number: n,
        len: '第'.len_utf8() + end,
        damaged: true,
    })
}

/// How alike `c` looks to `unit`: 2 close, 1 somewhat, 0 not (the corrector's
/// features: components and four-corner digits).
fn likeness(c: char, unit: char) -> u8 {
    use crate::correct::shape::Likeness;
    match crate::correct::shape::likeness(c, unit) {
        Likeness::Close => 2,
        Likeness::Some => 1,
        Likeness::Unlike => 0,
    }
}

/// Whether a quote opened before `rest` closes within a chapter's title: before
/// the line ends, the next number of a law's styles starts (a joined page), or
/// 24 characters have passed.
fn quote_closes(rest: &str) -> bool {
    for (k, (j, c)) in rest.char_indices().enumerate() {
        match c {
            '”' | '’' | '"' | '\'' => return true,
            '\n' => return false,
            '第' if k >= 2
                && chapter(&rest[j..]).is_some_and(|m| m.style.fixed_level().is_none()) =>
            {
                return false;
            }
            _ if k == 24 => return false,
            _ => {}
        }
    }
    false
}

/// Whether `rest` is a short title ending its line, and one of the next two
/// lines an article (`第三十五条`), or, where a site joined the lines, a short
/// title followed by an article (`第五竞法律责任第四十条`).
fn before_article(rest: &str) -> bool {
    // A joined page: the title runs straight into the article.
    for (k, (j, c)) in rest.char_indices().enumerate().take(21) {
        if matches!(c, '。' | '，' | '；' | '：' | ',' | '\n') {
            break;
        }
        if c == '第' && k >= 2 && chapter(&rest[j..]).is_some_and(|m| m.style == Style::Article) {
            // Not a reference to the article (`第三方依照第十条`).
            let title = &rest[..j];
            return !["依照", "按照", "根据", "违反", "适用", "规定", "所列", "至"]
                .iter()
                .any(|w| title.contains(w));
        }
    }
    let Some((line, next)) = rest.split_once('\n') else {
        return false;
    };
    let n = line.trim().chars().count();
    if !(2..=20).contains(&n) || line.contains(['。', '，', '；', '：', ',']) {
        return false;
    }
    // OCR may put a line of noise between them.
    next.lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
        .take(2)
        .any(|l| l.starts_with('第') && chapter(l).is_some_and(|m| m.style == Style::Article))
}

/// A Chinese numeral of up to four digits (`一千零八十二`, `一百二十`, `十五`), and
/// its byte length. With `misreads`, up to two characters OCR misread in a
/// numeral of three or more characters before its unit (`一于零八十三条`: 于 for
/// 千) are let through, and the value is 0, for the sequence to tell.
fn big_number(s: &str, misreads: bool) -> Option<(u32, usize)> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut len = 0;
    let mut chars = 0;
    let mut misread = 0;
    for c in s.chars() {
        let unit = match c {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            _ => None,
        };
        if let Some(u) = unit {
            total += digit.take().unwrap_or(1) * u;
        } else if matches!(c, '〇' | '零') {
            digit = None;
        } else if let Some((d, _)) = cjk_number(c.encode_utf8(&mut [0; 4])) {
            digit = Some(d);
        } else if misreads
            && (chars >= 1 || !matches!(c, '章' | '节' | '条' | '编' | '部' | '分'))
            && chars < 7
            && misread < 2
            && is_han(c)
            && c != '第'
            && !matches!(c, '章' | '节' | '条' | '编' | '部' | '分')
        {
            misread += 1;
        } else {
            break;
        }
        len += c.len_utf8();
        chars += 1;
    }
    if len == 0 {
        return None;
    }
    if misread > 0 {
        let unit = s[len..].chars().next();
        // `第安章`: one character between 第 and 章 can only be a numeral.
        let lone = chars == 1 && unit.is_some_and(|u| matches!(u, '章' | '节'));
        let ok = lone
            || chars >= 3
                && chars > 2 * misread
                && unit.is_some_and(|u| matches!(u, '章' | '节' | '条'));
        return ok.then_some((0, len));
    }
    let value = total + digit.unwrap_or(0);
    (value > 0).then_some((value, len))
}

/// `1.1`, `2.3.1`, followed by a space or an ideograph.
fn decimal(s: &str) -> Option<Marker> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut parts = 0u8;
    let mut last;
    loop {
        let (n, l) = arabic_number(&s[i..], false)?;
        last = n;
        i += l;
        parts += 1;
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            break;
        }
    }
    if !(2..=4).contains(&parts) {
        return None;
    }
    // A trailing `.` is allowed (`1.2.`); a unit or magnitude after makes it a number.
    if b.get(i) == Some(&b'.') {
        i += 1;
    }
    let next = s[i..].chars().next()?;
    let spaced = next == ' ' || next == '\u{3000}';
    let word = crate::chars::is_han(next) && !"万亿千百倍个年月日元米%".contains(next);
    if !spaced && !word {
        return None;
    }
    Some(Marker {
        style: Style::Decimal(parts),
        number: last,
        len: skip_spaces(s, i),
        damaged: false,
    })
}

/// A level-2 number OCR garbled past reading: an opening bracket (or a look-alike),
/// up to three characters, a closing bracket (`（万）`, `一）`, `《人入）`, `（一-）`).
/// The number is read when one of the characters is a numeral, else left 0 for the
/// sequence to tell.
pub(crate) fn broken_marker(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    let opened = matches!(first, '（' | '(' | '《' | '〈' | '「' | '[' | '［' | '{');
    let start = if opened { first.len_utf8() } else { 0 };
    let mut number = 0;
    for (inner, (i, c)) in s[start..].char_indices().enumerate() {
        let i = i + start;
        if CLOSE.contains(&c) {
            if inner == 0 && opened {
                return None;
            }
            return Some(Marker {
                style: Style::CjkParen,
                number,
                len: skip_spaces(s, i + c.len_utf8()),
                damaged: true,
            });
        }
        if inner == 3 || matches!(c, '，' | '。' | '、' | '\n' | '；' | '：') {
            return None;
        }
        if let Some((n, _)) = cjk_number(&s[i..i + c.len_utf8()]) {
            if number == 0 {
                number = n;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        name: &'static str,
        input: &'static str,
        want: Option<(Style, u32, &'static str)>,
    }

    #[test]
    fn markers() {
        let rows = [
            Row {
                name: "cjk",
                input: "一、加强领导",
                want: Some((Style::Cjk, 1, "一、")),
            },
            Row {
                name: "cjk ten",
                input: "十二、外交",
                want: Some((Style::Cjk, 12, "十二、")),
            },
            Row {
                name: "cjk spaced",
                input: "一 、加强",
                want: Some((Style::Cjk, 1, "一 、")),
            },
            Row {
                name: "cjk lost numeral",
                input: "、2009年",
                want: Some((Style::Cjk, 0, "、")),
            },
            Row {
                name: "paren",
                input: "（一）加强",
                want: Some((Style::CjkParen, 1, "（一）")),
            },
            Row {
                name: "paren spaced",
                input: "（ 三 ）加强",
                want: Some((Style::CjkParen, 3, "（ 三 ）")),
            },
            Row {
                name: "paren half-width",
                input: "(二)加强",
                want: Some((Style::CjkParen, 2, "(二)")),
            },
            Row {
                name: "arabic",
                input: "1、与舆论",
                want: Some((Style::Arabic, 1, "1、")),
            },
            Row {
                name: "arabic dot",
                input: "2.与提升",
                want: Some((Style::Arabic, 2, "2.")),
            },
            Row {
                name: "arabic l",
                input: "l、与舆论",
                want: Some((Style::Arabic, 1, "l、")),
            },
            Row {
                name: "arabic paren",
                input: "（3）加强",
                want: Some((Style::ArabicParen, 3, "（3）")),
            },
            Row {
                name: "chapter",
                input: "第二章 总则",
                want: Some((Style::Chapter, 2, "第二章 ")),
            },
            Row {
                name: "chapter, quote OCR read in the gap",
                input: "第三章 “海上休闲规定\n第二十九条",
                want: Some((Style::Chapter, 3, "第三章 “")),
            },
            Row {
                name: "chapter, quote read in a joined page",
                input: "第二章 “规划和建设第九条 市、县人民政府",
                want: Some((Style::Chapter, 2, "第二章 “")),
            },
            Row {
                name: "chapter, its 章 misread, lines joined",
                input: "第五竞法律责任第四十条 违反本条例",
                want: Some((Style::Chapter, 5, "第五竞")),
            },
            Row {
                name: "section, its 节 misread as a look-alike of it",
                input: "第二市 收养的效力\n第一千一百一十一条 自收养关系成立之日起",
                want: Some((Style::Section, 2, "第二市 ")),
            },
            Row {
                name: "chapter, its 章 misread as a look-alike of it",
                input: "第四音 节能技术进步\n第三十五条 县级以上人民政府",
                want: Some((Style::Chapter, 4, "第四音 ")),
            },
            Row {
                name: "an ordinal before an article is no chapter",
                input: "第三方依照第十条规定",
                want: None,
            },
            Row {
                name: "chapter, the title's own quote",
                input: "第三章 “三农”工作\n",
                want: Some((Style::Chapter, 3, "第三章 ")),
            },
            Row {
                name: "article",
                input: "第十条本办法",
                want: Some((Style::Article, 10, "第十条")),
            },
            Row {
                name: "decimal",
                input: "1.2 目标",
                want: Some((Style::Decimal(2), 2, "1.2 ")),
            },
            Row {
                name: "decimal han",
                input: "2.1.3工作",
                want: Some((Style::Decimal(3), 3, "2.1.3")),
            },
            Row {
                name: "decimal amount",
                input: "1.5亿元",
                want: None,
            },
            Row {
                name: "number",
                input: "63.58",
                want: None,
            },
            Row {
                name: "list run",
                input: "1、2、3、",
                want: None,
            },
            Row {
                name: "letter",
                input: "l.",
                want: None,
            },
            Row {
                name: "ordinal",
                input: "第二批",
                want: None,
            },
            Row {
                name: "word",
                input: "一二",
                want: None,
            },
            Row {
                name: "chapter, + read for 十",
                input: "第+一章 交接运输新兵",
                want: Some((Style::Chapter, 0, "第+一章 ")),
            },
            Row {
                name: "chapter, a dash read for 一 after 十",
                input: "第十—章 附则",
                want: Some((Style::Chapter, 0, "第十—章 ")),
            },
            Row {
                name: "section, a ring read for 〇",
                input: "第一O节 附则",
                want: Some((Style::Section, 0, "第一O节 ")),
            },
            Row {
                name: "a look-alike numeral before no title",
                input: "第+一章。",
                want: None,
            },
            Row {
                name: "marks alone are no numeral",
                input: "第+章 附则",
                want: None,
            },
        ];
        for row in rows {
            let got = marker(row.input).map(|m| (m.style, m.number, &row.input[..m.len]));
            assert_eq!(got, row.want, "{}", row.name);
        }
    }

    #[test]
    fn roman_numerals() {
        fn read(s: &str) -> Option<(Style, u32, &str)> {
            marker(s).map(|m| (m.style, m.number, &s[..m.len]))
        }
        assert_eq!(read("Ⅰ.总体要求"), Some((Style::Roman, 1, "Ⅰ.")));
        assert_eq!(read("Ⅳ、主要措施"), Some((Style::Roman, 4, "Ⅳ、")));
        assert_eq!(read("ⅩⅣ 附则"), Some((Style::Roman, 14, "ⅩⅣ ")));
        assert_eq!(read("ⅹⅰ．细目"), Some((Style::SmallRoman, 11, "ⅹⅰ．")));
        assert_eq!(read("ⅲ、细目"), Some((Style::SmallRoman, 3, "ⅲ、")));
        // A numeral glued to its word, of mixed case, or before a digit is none.
        assert_eq!(read("Ⅱ型糖尿病"), None);
        assert_eq!(read("Ⅹⅰ、细目"), None);
        assert_eq!(read("Ⅱ.5"), None);
    }

    #[test]
    fn divisions_whose_di_ocr_lost() {
        let read = |s: &'static str| {
            unprefixed_division(s).map(|m| (m.style, m.number, &s[..m.len], m.damaged))
        };
        assert_eq!(read("五章 收养"), Some((Style::Chapter, 5, "五章 ", true)));
        assert_eq!(
            read("十二节附则"),
            Some((Style::Section, 12, "十二节", true))
        );
        assert_eq!(read("二编 物权"), Some((Style::Part, 2, "二编 ", true)));
        // A count of chapters, a unit look-alike, or no title after it.
        assert_eq!(read("五章。"), None);
        assert_eq!(read("五草 收养"), None);
        assert_eq!(read("五条 收养"), None);
        assert_eq!(read("收养"), None);
    }

    #[test]
    fn chapters_whose_unit_ocr_lost() {
        let read = |s: &'static str| unitless_division(s).map(|m| (m.style, m.number, &s[..m.len]));
        assert_eq!(read("第十一 收养"), Some((Style::Chapter, 11, "第十一 ")));
        assert_eq!(read("第五法律责任"), Some((Style::Chapter, 5, "第五")));
        // An ordinal's unit, a look-alike of 章, or no word after the numeral.
        assert_eq!(read("第二批 名单"), None);
        assert_eq!(read("第四音节能技术进步"), None);
        assert_eq!(read("第五，收养"), None);
        assert_eq!(read("五 收养"), None);
        // Before a title, such a character is no misread 章 either.
        assert_eq!(marker("第十一收养\n第四十一条 收养应当遵循原则。"), None);
    }

    #[test]
    fn broken_markers() {
        for (input, want) in [
            ("（万）推进", Some(0)),
            ("一）注重", Some(1)),
            ("《人入）加强", Some(0)),
            ("（一-）采取", Some(1)),
            ("）采取", Some(0)),
            ("（）采取", None),
            ("（一二三四）", None),
            ("，）", None),
        ] {
            assert_eq!(broken_marker(input).map(|m| m.number), want, "{input}");
        }
    }

    #[test]
    fn numerals() {
        for n in 1..100 {
            let s = cjk_numeral(n);
            assert_eq!(cjk_number(&s), Some((n, s.len())), "{s}");
        }
        assert_eq!(cjk_numeral(21), "二十一");
        for (n, want) in [
            (1082, "一千零八十二"),
            (120, "一百二十"),
            (105, "一百零五"),
            (1000, "一千"),
            (15, "十五"),
        ] {
            assert_eq!(big_numeral(n), want);
            assert_eq!(big_number(want, false), Some((n, want.len())));
        }
        assert_eq!(big_number("一于零八十三条", true).map(|p| p.0), Some(0));
        assert_eq!(Style::CjkParen.spell(5, "（万）"), "（五）");
        assert_eq!(Style::Arabic.spell(1, "l、"), "1、");
    }
}
