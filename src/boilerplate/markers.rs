//! Page markers of any shape, removed only when the document shows their sequence.
//!
//! A page marker is a page number in some frame: `3 / 40`, `第3页 共40页`, `共40页 第3页`,
//! `- 3 -`, `—3—`, `【第3页】`, `第 3 页`, a bare `3`, or a page header that carries the
//! number (`title 第3页`). One such thing alone proves nothing (`第3页` may be a
//! sentence's), so markers are grouped by their *shape* (the frame, with the numbers
//! taken out) and a group is removed only when its page numbers run in sequence,
//! `k, k+1, k+2 …` from a small `k`, with one total page count if the frame has one.
//!
//! Markers stand alone on a line (a scan's footer) or inside running text, where a
//! document whose text layer lost its line breaks has them between its pages
//! (`…经济 3 / 40 建设…`); there the marker is cut out of the line and the two pages'
//! text meet again.

use std::sync::LazyLock;

use regex::Regex;

use crate::Span;
use crate::lines::lines;

/// The longest line, in characters, that may be a page marker as a whole.
const MAX_LINE: usize = 48;

/// Inline marker shapes: each with the marker as group 1, the group of the page
/// number and, if any, of the total. A number, a date or a per cent sign beside a
/// slash makes it no marker, and a sequence is needed besides, so that `3/4` in a
/// sentence stays.
static INLINE: LazyLock<Vec<(Regex, usize, Option<usize>)>> = LazyLock::new(|| {
    [
        // `3 / 40` between words or characters, not inside a number or a date.
        (
            r"(?:^|[^\d./／:-])(\s?(\d{1,4})\s?[/／]\s?(\d{1,4})\s?)(?:$|[^\d./／%％:-])",
            2,
            Some(3),
        ),
        (
            r"(第\s?(\d{1,4})\s?页\s?[,，/／]?\s?共\s?(\d{1,4})\s?页)",
            2,
            Some(3),
        ),
        (
            r"(共\s?(\d{1,4})\s?页\s?[,，]?\s?第\s?(\d{1,4})\s?页)",
            3,
            Some(2),
        ),
        // `第k页` in a frame of brackets or dashes: `【第3页】`, `—— 第3页 ——`.
        (
            r"((?:[【\[（(]|[-—－–]+)\s?第\s?(\d{1,4})\s?页\s?(?:[】\]）)]|[-—－–]+))",
            2,
            None,
        ),
        (
            r"(?:^|[^\d-])(\s?[-—－–]\s?(\d{1,4})\s?[-—－–]\s?)(?:$|[^\d-])",
            2,
            None,
        ),
    ]
    .into_iter()
    .map(|(p, n, t)| (Regex::new(p).expect("marker pattern"), n, t))
    .collect()
});

/// One marker found.
#[derive(Debug)]
struct Marker {
    span: Span,
    /// What identifies its shape: the line with the numbers taken out, or the inline
    /// pattern's index.
    shape: String,
    page: usize,
    total: Option<usize>,
    /// Whether the marker is a whole line (with its line break).
    whole_line: bool,
}

/// The page markers of `text` whose shape runs in sequence: each span, and whether it
/// is inside a line (not a whole line).
pub(super) fn page_markers(text: &str) -> Vec<(Span, bool)> {
    let mut found: Vec<Marker> = Vec::new();
    for (start, line) in lines(text) {
        let content = line.trim_end_matches('\n');
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.chars().count() <= MAX_LINE {
            if let Some(m) = line_marker(trimmed) {
                found.push(Marker {
                    span: Span::new(start, start + line.len()),
                    ..m
                });
                continue;
            }
        }
        // Every inline shape has a digit, and a slash, `页` or a dash.
        if !content.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let slash = content.contains(['/', '／']);
        let page_word = content.contains('页');
        let dash = content.contains(['-', '—', '－', '–']);
        for (k, (re, page, total)) in INLINE.iter().enumerate() {
            let possible = match k {
                0 => slash,
                1..=3 => page_word,
                _ => dash,
            };
            if !possible {
                continue;
            }
            for caps in re.captures_iter(content) {
                let (Some(all), Some(p)) = (caps.get(1), caps.get(*page)) else {
                    continue;
                };
                let Ok(page) = p.as_str().parse() else {
                    continue;
                };
                let total = total
                    .and_then(|t| caps.get(t))
                    .and_then(|t| t.as_str().parse().ok());
                found.push(Marker {
                    span: Span::new(start + all.start(), start + all.end()),
                    shape: format!("inline {k}"),
                    page,
                    total,
                    whole_line: false,
                });
            }
        }
    }
    found.sort_by(|a, b| a.shape.cmp(&b.shape).then(a.span.start.cmp(&b.span.start)));
    let mut out = Vec::new();
    for group in found.chunk_by(|a, b| a.shape == b.shape) {
        if in_sequence(group) {
            out.extend(group.iter().map(|m| (m.span, !m.whole_line)));
        }
    }
    out.sort_by_key(|(s, _)| s.start);
    out
}

/// A line that may be a page marker: at most two numbers, and a frame of page words,
/// dashes, slashes and brackets, or a short header that repeats on every page.
fn line_marker(line: &str) -> Option<Marker> {
    let mut shape = String::new();
    let mut numbers: Vec<(usize, usize)> = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                chars.next();
            }
            let n: usize = line[i..end].parse().ok()?;
            numbers.push((n, shape.len()));
            shape.push('#');
        } else if !c.is_whitespace() {
            shape.push(c);
        }
    }
    if numbers.is_empty() || numbers.len() > 2 {
        return None;
    }
    let frame = shape.replace('#', "");
    let pagey = frame.contains('页')
        || frame.to_ascii_lowercase().contains("page")
        || frame.chars().all(|c| {
            matches!(
                c,
                '/' | '／'
                    | '-'
                    | '—'
                    | '－'
                    | '–'
                    | '【'
                    | '】'
                    | '['
                    | ']'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | '第'
                    | '共'
                    | '·'
            )
        });
    if !pagey {
        return None;
    }
    // Of two numbers, the total is the one after `共`, `/` or `of`; else the page is
    // the one before `页`, and the other is part of the frame (`2019年报告 第3页`).
    let (page, total) = match numbers.as_slice() {
        [(n, _)] => (*n, None),
        [(a, at_a), (b, at_b)] => {
            let before_b = &shape[..*at_b];
            if before_b.ends_with(['共', '/', '／'])
                || before_b.to_ascii_lowercase().ends_with("of")
            {
                (*a, Some(*b))
            } else if shape.starts_with("共#") {
                (*b, Some(*a))
            } else if shape[at_b + 1..].starts_with('页') {
                shape.replace_range(*at_a..at_a + 1, &a.to_string());
                (*b, None)
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(Marker {
        span: Span::new(0, 0),
        shape,
        page,
        total,
        whole_line: true,
    })
}

/// The fewest characters of text a page holds: markers closer than this are no
/// page markers (`1/3以上董事…2/3以上董事` are fractions).
const MIN_PAGE: usize = 150;

/// Whether a group of markers of one shape numbers pages in sequence. A bare
/// `k/N` or `-k-` inside a line needs three pages to tell it from fractions and
/// dashes; every marker inside a line, a page's worth of text from the one before.
fn in_sequence(group: &[Marker]) -> bool {
    let bare = matches!(group[0].shape.as_str(), "inline 0" | "inline 4");
    if group.len() < 2 || (bare && group.len() < 3) {
        return false;
    }
    let inline = !group[0].whole_line;
    if inline
        && group
            .windows(2)
            .any(|w| w[1].span.start < w[0].span.end + MIN_PAGE)
    {
        return false;
    }
    let first = group[0].page;
    if !(1..=3).contains(&first) {
        return false;
    }
    let consecutive = group.windows(2).all(|w| w[1].page == w[0].page + 1);
    let totals_agree = group
        .iter()
        .all(|m| m.total == group[0].total && m.total.is_none_or(|t| t >= m.page));
    consecutive && totals_agree
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(text: &str) -> Vec<&str> {
        page_markers(text)
            .iter()
            .map(|(s, _)| text[s.range()].trim())
            .collect()
    }

    #[test]
    fn footers_in_sequence() {
        let text = "甲文\n- 1 -\n乙文\n- 2 -\n丙文\n- 3 -\n";
        assert_eq!(removed(text), ["- 1 -", "- 2 -", "- 3 -"]);
        let text = "甲文\n第1页 共3页\n乙文\n第2页 共3页\n丙文\n";
        assert_eq!(removed(text), ["第1页 共3页", "第2页 共3页"]);
    }

    #[test]
    fn page_headers_with_a_title() {
        let text = "某报告 第1页\n\n甲文\n\n某报告 第2页\n\n乙文\n";
        assert_eq!(removed(text), ["某报告 第1页", "某报告 第2页"]);
        let text = "2019年报告 第1页\n甲文\n2019年报告 第2页\n乙文\n";
        assert_eq!(removed(text), ["2019年报告 第1页", "2019年报告 第2页"]);
    }

    #[test]
    fn inline_markers_of_a_flattened_document() {
        let page = "经济建设取得成就，社会事业全面发展。".repeat(10);
        let text = format!("{page} 2 / 4 {page} 3 / 4 {page} 4 / 4 {page}\n");
        assert_eq!(removed(&text), ["2 / 4", "3 / 4", "4 / 4"]);
        // Normalisation took the spaces out.
        let text = format!("{page}2/4{page}3/4{page}4/4{page}\n");
        assert_eq!(removed(&text), ["2/4", "3/4", "4/4"]);
        // Two are not enough, nor are markers closer than a page.
        let text = format!("{page}1/3以上{page}2/3以上\n");
        assert!(removed(&text).is_empty());
        assert!(removed("甲 1 / 4 乙 2 / 4 丙 3 / 4 丁\n").is_empty());
        let text = format!("{page}—— 第2页 ——{page}—— 第3页 ——{page}\n");
        assert_eq!(removed(&text), ["—— 第2页 ——", "—— 第3页 ——"]);
    }

    #[test]
    fn one_marker_or_no_sequence_stays() {
        assert!(removed("报告共16页，第1页是目录。\n").is_empty());
        assert!(removed("甲\n第3页\n乙\n").is_empty());
        assert!(removed("比例为 3 / 4 和 5 / 6。\n").is_empty());
        assert!(removed("日期为2019/1/2和2019/1/3。\n").is_empty());
        assert!(removed("甲\n- 2 -\n乙\n- 7 -\n").is_empty());
    }
}
