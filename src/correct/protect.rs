//! Numbers the corrector must not touch: the spans of a text that form numerals.
//!
//! The confusion table holds rows that are right for words but wrong inside a
//! number: `仟` prints like `任`, `佰` like `信`, `柒` like `梁`, `-` like `一`. A
//! financial numeral (`肆仟元整`), a digit string with separators (`64，310.50`),
//! a numeral written digit by digit (`一九二零`) or the dash of a range between
//! two numbers (`3万-8万元`, `2万元--6万元`) is read as it stands: the quantity
//! extractor reads it after correction, and a "corrected" number is a wrong one.

use crate::Span;

/// How many characters a numeral may reach beyond the region asked about (a
/// numeral that starts before it protects characters inside it).
const REACH: usize = 24;

/// The financial (upper-case) numeral characters, simplified and traditional,
/// and the 圆 of money written so: one of them makes a run a financial numeral.
#[inline]
fn is_financial(c: char) -> bool {
    crate::chars::is_financial_digit(c)
        || matches!(c, '拾' | '佰' | '仟' | '萬' | '億' | '圆' | '圓')
}

/// The ordinary Chinese digits (zeros included).
#[inline]
fn is_plain_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '〇' | '○' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
    )
}

/// Whether character `i` of `chars` is a conjunction between two numbers
/// (`一九八一和一九八二`, `三至五年`): it makes sense there whatever the model
/// expects after the digits (`和` read `年` after `一九八一`). A unit after a
/// number is read again as any character is: OCR prints one unit for another
/// (`一第` for 一年, `二百五十五人元` for 亿元).
pub(super) fn between_numbers(chars: &[char], i: usize) -> bool {
    let digit = |c: char| {
        is_plain_digit(c) || matches!(c, '十' | '百' | '千' | '万' | '亿') || c.is_ascii_digit()
    };
    matches!(chars[i], '和' | '与' | '或' | '至' | '到')
        && i.checked_sub(1).is_some_and(|k| digit(chars[k]))
        && chars.get(i + 1).is_some_and(|&n| digit(n))
}

/// Characters that may stand inside a numeral written in Chinese, money units
/// included (`贰拾元伍角`).
#[inline]
pub(super) fn in_chinese_numeral(c: char) -> bool {
    is_financial(c)
        || is_plain_digit(c)
        || matches!(
            c,
            '十' | '百' | '千' | '万' | '亿' | '元' | '角' | '分' | '整' | '正'
        )
}

/// A half-width or full-width Arabic digit.
#[inline]
fn is_arabic(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The marks a range is written with between two numbers.
#[inline]
fn is_range_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '—' | '–' | '~' | '～' | '〜' | '‐')
}

/// Characters that may stand between a number and a range dash after it: a
/// magnitude or a unit (`3万-`, `2万元--`, `5%-`), or `(含)`.
#[inline]
fn after_number(c: char) -> bool {
    matches!(
        c,
        '万' | '亿'
            | '千'
            | '百'
            | '元'
            | '块'
            | '%'
            | '％'
            | '‰'
            | 'k'
            | 'K'
            | 'w'
            | 'W'
            | '('
            | ')'
            | '（'
            | '）'
            | '含'
            | ' '
    )
}

/// The spans of `text` that form numerals and reach into `within`, sorted and
/// apart: financial numerals (with 元/圆/角/分 and a closing 整/正), digit strings
/// with separators, numerals written digit by digit, and range dashes between two
/// Arabic numbers.
pub(crate) fn numeral_spans(text: &str, within: Span) -> Vec<Span> {
    let start = widen_back(text, within.start.min(text.len()));
    let end = widen_on(text, within.end.min(text.len()));
    let chars: Vec<(usize, char)> = text[start..end]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .collect();
    let at = |k: usize| chars.get(k).map_or(end, |&(i, _)| i);
    let mut out: Vec<Span> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if in_chinese_numeral(c) {
            let (run_end, keep) = chinese_run(&chars, k);
            if let Some((s, e)) = keep {
                out.push(Span::new(at(s), at(e)));
            }
            k = run_end.max(k + 1);
            continue;
        } else if is_arabic(c) {
            let mut e = k + 1;
            let mut separated = false;
            while e < chars.len() {
                let d = chars[e].1;
                if is_arabic(d) {
                    e += 1;
                } else if matches!(d, ',' | '，' | '.' | '．')
                    && chars.get(e + 1).is_some_and(|&(_, n)| is_arabic(n))
                {
                    separated = true;
                    e += 1;
                } else {
                    break;
                }
            }
            if separated {
                out.push(Span::new(at(k), at(e)));
            }
            k = e;
            continue;
        } else if is_range_dash(c) && range_left(&chars, k) {
            let mut e = k;
            while e < chars.len() && is_range_dash(chars[e].1) {
                e += 1;
            }
            let mut r = e;
            while r < chars.len() && chars[r].1 == ' ' {
                r += 1;
            }
            if chars.get(r).is_some_and(|&(_, n)| is_arabic(n)) {
                out.push(Span::new(at(k), at(e)));
            }
            k = e;
            continue;
        }
        k += 1;
    }
    out.retain(|s| s.start < within.end && within.start < s.end);
    out
}

/// The end of the run of numeral characters that starts at `chars[k]`, and the
/// part of it to protect, if any.
///
/// A run is protected whole when it holds a financial character and one more
/// numeral character (`肆仟`, `壹元`, `伍佰圆正`); else its first stretch of
/// Chinese digits written digit by digit, not all the same, is, when it has
/// four digits or more or three with a zero (`一九二零`, `二〇五`): three digits
/// with no zero are as often 十 misread as 二 (`第二二一条` for 第二十一条), and
/// `一一` is a dash OCR printed. 整/正 belong to a run only after a money unit,
/// 角/分 only after a digit, 元 only after a numeral character.
fn chinese_run(chars: &[(usize, char)], k: usize) -> (usize, Option<(usize, usize)>) {
    let mut e = k;
    let mut financial = 0;
    let mut prev: Option<char> = None;
    while let Some(&(_, c)) = chars.get(e) {
        let fits = match c {
            '整' | '正' => matches!(prev, Some('元' | '圆' | '圓' | '角' | '分')),
            '角' | '分' => prev.is_some_and(|p| is_financial(p) || is_plain_digit(p)),
            '元' => prev.is_some(),
            _ => in_chinese_numeral(c),
        };
        if !fits {
            break;
        }
        if is_financial(c) {
            financial += 1;
        }
        prev = Some(c);
        e += 1;
    }
    if e == k {
        return (k, None);
    }
    if financial >= 1 && e - k >= 2 {
        return (e, Some((k, e)));
    }
    let mut s = k;
    while s < e {
        let mut t = s;
        while t < e && is_plain_digit(chars[t].1) && chars[t].1 != '两' {
            t += 1;
        }
        let zero = chars[s..t]
            .iter()
            .any(|&(_, d)| matches!(d, '零' | '〇' | '○'));
        if (t - s >= 4 || t - s == 3 && zero) && chars[s..t].iter().any(|&(_, d)| d != chars[s].1) {
            return (e, Some((s, t)));
        }
        s = t + 1;
    }
    (e, None)
}

/// Whether the dash at `chars[k]` follows a number written with Arabic digits,
/// perhaps with its magnitude or unit after it (`3万-`, `2万元--`, `2万(含)-`).
fn range_left(chars: &[(usize, char)], k: usize) -> bool {
    let mut p = k;
    for _ in 0..6 {
        let Some(q) = p.checked_sub(1) else {
            return false;
        };
        let c = chars[q].1;
        if is_arabic(c) {
            return true;
        }
        if !after_number(c) {
            return false;
        }
        p = q;
    }
    false
}

/// `i` moved back by up to [`REACH`] characters, on a line.
fn widen_back(text: &str, i: usize) -> usize {
    let mut s = i;
    for (n, c) in text[..i].chars().rev().enumerate() {
        if n == REACH || c == '\n' {
            break;
        }
        s -= c.len_utf8();
    }
    s
}

/// `i` moved on by up to [`REACH`] characters, on a line.
fn widen_on(text: &str, i: usize) -> usize {
    let mut e = i;
    for (n, c) in text[i..].chars().enumerate() {
        if n == REACH || c == '\n' {
            break;
        }
        e += c.len_utf8();
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protected(text: &str) -> Vec<&str> {
        numeral_spans(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| &text[s.range()])
            .collect()
    }

    #[test]
    fn table() {
        let rows: &[(&str, &[&str])] = &[
            ("合同金额人民币肆仟元整。", &["肆仟元整"]),
            ("另付伍佰圆正，", &["伍佰圆正"]),
            (
                "收到壹万贰仟叁佰肆拾伍元陆角柒分。",
                &["壹万贰仟叁佰肆拾伍元陆角柒分"],
            ),
            ("单价壹元。", &["壹元"]),
            ("区间3万-8万元。", &["-"]),
            ("2万元--6万元", &["--"]),
            ("2万(含)-8万元", &["-"]),
            ("金额64，310.50元", &["64，310.50"]),
            ("编号一九二零。", &["一九二零"]),
            ("代码二〇五", &["二〇五"]),
            // Left alone: words with a financial character, a dash OCR printed for
            // 一, a dash between Chinese numerals, a lone digit string.
            ("队伍正在壮大，陆续到达大陆。", &[]),
            ("见下。一一对应", &[]),
            ("十-五时期", &[]),
            ("第二二一条", &[]),
            ("增长3%，", &[]),
            ("1997年", &[]),
        ];
        for &(text, want) in rows {
            assert_eq!(protected(text), want, "{text}");
        }
    }

    #[test]
    fn spans_outside_the_region_are_not_returned() {
        let text = "伍佰圆正，然后是很长的一段话，肆仟元整";
        let at = text.find('然').unwrap_or(0);
        let got = numeral_spans(text, Span::new(at, at + 3));
        assert!(got.is_empty(), "{got:?}");
    }
}
