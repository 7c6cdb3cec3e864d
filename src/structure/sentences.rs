//! Sentences and the enumerations inside paragraphs.

use unicode_segmentation::UnicodeSegmentation;

use crate::Span;

/// The longest a quotation may stay open before a full stop inside it is taken for
/// a sentence's end anyway (OCR loses closing quotes), in characters.
const MAX_QUOTE: usize = 120;

fn opens(c: char) -> bool {
    matches!(c, '“' | '‘' | '「' | '『' | '《' | '（' | '(' | '【' | '〔')
}

fn closes(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '》' | '）' | ')' | '】' | '〕')
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…')
}

/// The sentences of `text[span]`: each ends after its `。！？` or `……` and the
/// closing quotes and brackets that follow. A full stop inside a quotation ends no
/// sentence unless the quotation closes right after it; `.` is never a full stop,
/// so `63.58` stays whole. Spans are trimmed of white space; text after the last
/// full stop is a sentence of its own.
pub(crate) fn sentences(text: &str, span: Span) -> Vec<Span> {
    let s = &text[span.range()];
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut quote_chars = 0usize;
    let mut i = 0;
    let char_at = |i: usize| s[i..].chars().next();
    while i < b.len() {
        let x = b[i];
        // Ideographs (lead bytes E4..E9) and ASCII letters and digits are never
        // punctuation: step over a run of them without decoding.
        if (0xE4..=0xE9).contains(&x) || x.is_ascii_alphanumeric() {
            let mut n = 0;
            while let Some(&x) = b.get(i) {
                if (0xE4..=0xE9).contains(&x) {
                    i += 3;
                } else if x.is_ascii_alphanumeric() {
                    i += 1;
                } else {
                    break;
                }
                n += 1;
            }
            if depth > 0 {
                quote_chars += n;
            }
            continue;
        }
        let Some(c) = char_at(i) else { break };
        i += c.len_utf8();
        if opens(c) {
            depth += 1;
            quote_chars = 0;
            continue;
        }
        if closes(c) {
            depth = depth.saturating_sub(1);
            continue;
        }
        if depth > 0 {
            quote_chars += 1;
        }
        if !ends_sentence(c) {
            continue;
        }
        // A run of stops (`……`, `！？`).
        while let Some(d) = char_at(i).filter(|&d| ends_sentence(d)) {
            i += d.len_utf8();
        }
        // The quotes and brackets that close after it.
        let mut d_after = depth;
        while let Some(d) = char_at(i).filter(|&d| closes(d) && d_after > 0) {
            d_after -= 1;
            i += d.len_utf8();
        }
        if d_after > 0 && quote_chars <= MAX_QUOTE {
            // Inner punctuation of a quotation that goes on.
            depth = d_after;
            continue;
        }
        depth = 0;
        push(&mut out, s, span.start, start, i);
        start = i;
    }
    push(&mut out, s, span.start, start, s.len());
    out
}

fn push(out: &mut Vec<Span>, s: &str, base: usize, start: usize, end: usize) {
    let piece = &s[start..end];
    if is_latin_prose(piece) {
        // A passage in a Latin script (an English abstract, a quoted title): its
        // sentences end at `.` as UAX #29 reads them (`3.5`, `U.S. policy` stay whole).
        for (at, sentence) in piece.split_sentence_bound_indices() {
            push_trimmed(out, sentence, base + start + at);
        }
    } else {
        push_trimmed(out, piece, base + start);
    }
}

fn push_trimmed(out: &mut Vec<Span>, piece: &str, at: usize) {
    let rest = piece.trim_start();
    let lead = piece.len() - rest.len();
    let trimmed = rest.trim_end();
    if !trimmed.is_empty() {
        let a = at + lead;
        out.push(Span::new(a, a + trimmed.len()));
    }
}

/// Whether `piece` is prose in a Latin script with a `.` in it: more ASCII
/// letters than ideographs, and a word of two or more letters.
fn is_latin_prose(piece: &str) -> bool {
    // `. ` in it: a search for the full stop, then a look at the byte after it.
    let b = piece.as_bytes();
    if !memchr::memchr_iter(b'.', b).any(|i| b.get(i + 1) == Some(&b' ')) {
        return false;
    }
    let (mut letters, mut han) = (0usize, 0usize);
    for c in piece.chars() {
        if c.is_ascii_alphabetic() {
            letters += 1;
        } else if crate::chars::is_han(c) {
            han += 1;
        }
    }
    letters > han && letters >= 2
}

/// Whether `s` holds `二是` or `第二，`: one search for `二`.
fn has_second(s: &str) -> bool {
    let two = "二".as_bytes();
    memchr::memmem::find_iter(s.as_bytes(), two).any(|at| {
        let rest = &s[at + two.len()..];
        rest.starts_with('是') || (s[..at].ends_with('第') && rest.starts_with('，'))
    })
}

/// An item of an enumeration inside a paragraph (`一是…，二是…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) number: u32,
    /// The marker (`一是`, `第二，`).
    pub(crate) marker: Span,
    /// The item, marker included.
    pub(crate) span: Span,
}

/// The `一是/二是/三是` (or `第一，第二，`) enumeration of `text[span]`: at least two
/// items numbered from one in order, each after a clause's end. An item runs to
/// the next one; the last to the end of its sentence.
pub(crate) fn items(text: &str, span: Span) -> Vec<Item> {
    let s = &text[span.range()];
    if !has_second(s) {
        return Vec::new();
    }
    let mut found: Vec<(u32, usize, usize)> = Vec::new();
    // Items start at the paragraph's start and after a clause's end: the
    // full-width stops (lead bytes E3 and EF).
    let clause_starts = memchr::memchr2_iter(0xE3, 0xEF, s.as_bytes()).filter_map(|k| {
        let c = s[k..].chars().next()?;
        matches!(c, '，' | '；' | '。' | '：' | '！' | '？').then_some(k + c.len_utf8())
    });
    for i in std::iter::once(0).chain(clause_starts) {
        let rest = &s[i..];
        let (body, ordinal) = match rest.strip_prefix('第') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let Some((n, l)) = super::markers::cjk_number(body) else {
            continue;
        };
        let after = &body[l..];
        let tail = if ordinal {
            after.strip_prefix('，').map(|_| '，'.len_utf8())
        } else {
            after.strip_prefix('是').map(|_| '是'.len_utf8())
        };
        let Some(tail) = tail else { continue };
        let expected = found.last().map_or(1, |f| f.0 + 1);
        if n != expected {
            if n == 1 {
                found.clear();
            } else {
                continue;
            }
        }
        let len = (rest.len() - after.len()) + tail;
        found.push((n, i, len));
    }
    if found.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(found.len());
    for (k, &(n, at, len)) in found.iter().enumerate() {
        let end = match found.get(k + 1) {
            Some(&(_, next, _)) => {
                // Up to the clause end before the next item.
                let piece = &s[at..next];
                at + piece.trim_end_matches(['，', '；']).len()
            }
            None => {
                let rest = &s[at..];
                rest.char_indices()
                    .find(|&(_, c)| ends_sentence(c))
                    .map_or(s.len(), |(j, c)| at + j + c.len_utf8())
            }
        };
        let base = span.start;
        out.push(Item {
            number: n,
            marker: Span::new(base + at, base + at + len),
            span: Span::new(base + at, base + end),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s, Span::new(0, s.len()))
            .into_iter()
            .map(|sp| &s[sp.range()])
            .collect()
    }

    #[test]
    fn splits_sentences() {
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "plain",
                "我们来了。他们走了！是吗？",
                &["我们来了。", "他们走了！", "是吗？"],
            ),
            (
                "decimal",
                "实现63.58亿元。增长8.7%。",
                &["实现63.58亿元。", "增长8.7%。"],
            ),
            ("ellipsis", "等等……然后呢？", &["等等……", "然后呢？"]),
            (
                "closing quote",
                "他说：“好。”我们走了。",
                &["他说：“好。”", "我们走了。"],
            ),
            (
                "inner punctuation",
                "他说“我很好。你呢？”然后走了。",
                &["他说“我很好。你呢？”", "然后走了。"],
            ),
            (
                "quotation going on",
                "口号是“学习。实践”，大家记住了。",
                &["口号是“学习。实践”，大家记住了。"],
            ),
            (
                "bracket",
                "（详见附件。）下一句。",
                &["（详见附件。）", "下一句。"],
            ),
            ("no stop", "一、加强领导", &["一、加强领导"]),
            ("trailing", "第一句。 剩下的", &["第一句。", "剩下的"]),
            ("stop run", "真的吗？！好。", &["真的吗？！", "好。"]),
            (
                "latin prose",
                "摘要如下。The U.S. rate rose 3.5 per cent. It fell later.",
                &[
                    "摘要如下。",
                    "The U.S. rate rose 3.5 per cent.",
                    "It fell later.",
                ],
            ),
            (
                "latin in chinese",
                "采用ISO 9001. 标准。",
                &["采用ISO 9001. 标准。"],
            ),
        ];
        for (name, input, want) in rows {
            assert_eq!(split(input), *want, "{name}");
        }
    }

    #[test]
    fn unclosed_quote_does_not_swallow_the_paragraph() {
        let long = format!("他说“{}。后面。", "很".repeat(MAX_QUOTE + 5));
        assert_eq!(split(&long).len(), 2);
    }

    #[test]
    fn finds_items() {
        let s = "主要措施：一是加强领导，二是结合实际；三是注重实效。其他。";
        let got: Vec<(u32, &str, &str)> = items(s, Span::new(0, s.len()))
            .iter()
            .map(|it| (it.number, &s[it.marker.range()], &s[it.span.range()]))
            .collect();
        assert_eq!(
            got,
            [
                (1, "一是", "一是加强领导"),
                (2, "二是", "二是结合实际"),
                (3, "三是", "三是注重实效。")
            ]
        );
        let none = "这一是非问题要明确。";
        assert!(items(none, Span::new(0, none.len())).is_empty());
        let ordinal = "第一，要加强。第二，要落实。";
        assert_eq!(items(ordinal, Span::new(0, ordinal.len())).len(), 2);
    }
}
