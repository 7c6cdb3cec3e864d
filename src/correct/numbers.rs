//! Repairs inside numbers: OCR reads `0` as `O`, `o` or `()`, `1` as `l`, `I` or
//! `|`, and `万` as `力`.

use crate::chars::is_han;
use crate::{Change, Lexicon, Span};

use super::channel::Channel;

/// How likely a look-alike must be read for a magnitude (`ln P`) to be repaired
/// without a word to judge it by.
const MIN_LOG_P: f32 = -9.0;

/// A word at least this frequent is right as it stands (`力人` is a word, but a
/// rare one).
const COMMON_WORD: u32 = 100;

/// The magnitudes that may follow a number.
const MAGNITUDES: [&str; 4] = ["万", "亿", "千", "百"];

/// The changes that repair the numbers of `text`.
pub(crate) fn changes(text: &str, channel: &Channel) -> Vec<Change> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        // A token of digits and the marks OCR reads for them.
        if !is_digitish(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && is_digitish(chars[i].1) {
            i += 1;
        }
        let end = i;
        let latin = |k: Option<char>| k.is_some_and(|c| c.is_ascii_alphabetic());
        let has_digit = chars[start..end].iter().any(|&(_, c)| c.is_ascii_digit());
        // Letters beside the token make it a word or a code (`IO`, `A1`), not a number.
        if !has_digit || latin(start.checked_sub(1).and_then(ch)) || latin(ch(end)) {
            continue;
        }
        let mut k = start;
        while k < end {
            let c = chars[k].1;
            let beside_digit = k > start && chars[k - 1].1.is_ascii_digit()
                || ch(k + 1).is_some_and(|c| c.is_ascii_digit());
            let pair = matches!((c, ch(k + 1)), ('(', Some(')')) | ('（', Some('）')));
            if pair && k + 1 < end {
                // `30()余` : an empty pair of parentheses beside a digit is a 0.
                let after_digit = k > start && chars[k - 1].1.is_ascii_digit();
                let before_digit = ch(k + 2).is_some_and(|c| c.is_ascii_digit());
                if after_digit || before_digit {
                    out.push(
                        Change::replace(Span::new(at(k), at(k + 2)), "0", "0 read as ()")
                            .with_confidence(0.9),
                    );
                }
                k += 2;
                continue;
            }
            let to = match c {
                'O' | 'o' => Some("0"),
                'l' | 'I' | '|' => Some("1"),
                _ => None,
            };
            if let (Some(to), true) = (to, beside_digit) {
                out.push(
                    Change::replace(Span::new(at(k), at(k + 1)), to, "digit read as a letter")
                        .with_confidence(0.9),
                );
            }
            k += 1;
        }
        // `2力人`: a look-alike of a magnitude after the number, before a word.
        if chars[end - 1].1.is_ascii_digit() {
            if let (Some(x), Some(next)) = (ch(end), ch(end + 1)) {
                let magnitude = channel
                    .of_char(x)
                    .iter()
                    .find(|c| MAGNITUDES.contains(&&*c.intended) && c.log_p >= MIN_LOG_P);
                // The magnitude must make a word with what follows (`万人`), the
                // look-alike no common one (`力人`; `和中` stays).
                let lex = Lexicon::global();
                let pair: String = [x, next].iter().collect();
                let common_word = lex.freq(&pair).is_some_and(|f| f >= COMMON_WORD);
                let word = is_magnitude(x) || super::follows_number(x) || common_word;
                let reads = magnitude.filter(|m| {
                    super::follows_number(next)
                        || m.intended
                            .chars()
                            .next()
                            .is_some_and(|mc| lex.is_pair(mc, next, None))
                });
                if let (Some(m), true) = (reads, is_han(next) && !word) {
                    out.push(
                        Change::replace(
                            Span::new(at(end), at(end + 1)),
                            m.intended.to_string(),
                            "magnitude after a number",
                        )
                        .with_confidence(0.8),
                    );
                }
            }
        }
    }
    out
}

/// Digits and the characters OCR prints for them.
#[inline]
fn is_digitish(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'l' | 'I' | '|' | '(' | ')' | '（' | '）')
}

#[inline]
fn is_magnitude(c: char) -> bool {
    matches!(c, '十' | '百' | '千' | '万' | '亿')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, EditKind};

    fn repair(s: &str) -> String {
        // The rule reads the channel; 力 for 万 is one engine's habit that the
        // built-in table need not hold, so the test says it.
        let mut channel = Channel::default();
        channel.add("力", "万", -5.0);
        channel.add("和", "千", -5.0);
        channel.add("人", "亿", -5.0);
        channel.finish();
        let mut doc = Document::new(s, "UTF-8");
        let changes = changes(s, &channel);
        doc.apply(EditKind::Correct, changes);
        doc.text().to_owned()
    }

    #[test]
    fn table() {
        let cases = [
            ("出板报30()余期", "出板报300余期"),
            ("出板报30（）余期", "出板报300余期"),
            ("共2O05年", "共2005年"),
            ("召开l0余次", "召开10余次"),
            ("培训职工2力人（次）", "培训职工2万人（次）"),
            // Left alone:
            ("（1）加强领导", "（1）加强领导"),
            ("(1)加强领导", "(1)加强领导"),
            ("IO口和A1纸", "IO口和A1纸"),
            ("一是()", "一是()"),
            ("共2万人", "共2万人"),
            ("5马力", "5马力"),
            ("增长2倍", "增长2倍"),
            ("培训学员5500人次", "培训学员5500人次"),
            ("01和中", "01和中"),
        ];
        for (input, want) in cases {
            assert_eq!(repair(input), want, "{input}");
        }
    }
}
