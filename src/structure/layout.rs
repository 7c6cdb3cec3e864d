//! What the structure pass changes in the text: a heading number OCR damaged is
//! spelled as its style spells it, and the title, the byline and each heading
//! (and each article) stand on a line of their own, so that the text, its
//! Markdown and its outline agree. Each change is an edit of the log, with its
//! reason, reversible like every other.

use std::borrow::Cow;

use super::headings::Found;
use super::markers::Style;
use super::title::Top;
use crate::{Change, Span};

/// The edits of the structure pass: number repairs (corrections) and line breaks
/// (layout), each over the text the headings were found in.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub(crate) repairs: Vec<Change>,
    pub(crate) breaks: Vec<Change>,
}

impl Layout {
    pub(crate) fn is_empty(&self) -> bool {
        self.repairs.is_empty() && self.breaks.is_empty()
    }
}

/// Why a number was repaired.
fn repair_reason(f: &Found, raw: &str) -> &'static str {
    let digits = if f.style.fixed_level().is_some() {
        [super::markers::cjk_numeral(f.number), f.number.to_string()]
    } else {
        [super::markers::big_numeral(f.number), f.number.to_string()]
    };
    if raw.is_empty() {
        "heading number OCR lost, from its siblings"
    } else if digits.iter().any(|d| raw.contains(d.as_str())) {
        "heading number's marks as its level spells them"
    } else {
        "heading number OCR garbled, from its siblings"
    }
}

/// The changes that make `text` agree with its outline: `found` are its headings
/// and articles in order, `top` its title and byline; `carried`, in a piece of
/// a larger input, where a heading that starts in the pieces before ends;
/// `open`, whether the piece starts inside a line the pieces before leave
/// open (a heading at its start is broken off that line at the piece's
/// start, as the whole breaks it).
pub(crate) fn layout(
    text: &str,
    found: &[Found],
    top: &Top,
    carried: Option<usize>,
    open: bool,
) -> Layout {
    let mut out = Layout::default();
    for f in found {
        if !f.repair {
            continue;
        }
        let raw = &text[f.start..f.title];
        let marker = raw.trim_end();
        // A division's number and title OCR split onto two lines: one line.
        if f.style != Style::Article && raw[marker.len()..].contains('\n') {
            out.repairs.push(Change::replace(
                Span::new(f.start + marker.len(), f.title),
                "",
                "heading number and title OCR split onto two lines, joined",
            ));
        }
        let want = f.style.spell(f.number, marker);
        if want != marker {
            let span = Span::new(f.start, f.start + marker.len());
            out.repairs.push(Change::replace(
                span,
                Cow::Owned(want),
                repair_reason(f, marker),
            ));
        }
    }
    let mut breaks: Vec<(usize, &'static str)> = Vec::new();
    let title_end = [top.title, top.byline]
        .into_iter()
        .flatten()
        .filter(|_| !top.guessed);
    for s in title_end {
        breaks.push((s.end, "title on a line of its own"));
    }
    for f in found {
        let why = if f.style == Style::Article {
            "article on a line of its own"
        } else {
            "heading on a line of its own"
        };
        breaks.push((f.start, why));
        if f.style != Style::Article {
            breaks.push((f.end, why));
        }
    }
    if let Some(at) = carried.filter(|&at| at <= text.len() && text.is_char_boundary(at)) {
        breaks.push((at, "heading on a line of its own"));
    }
    breaks.sort_by_key(|b| b.0);
    // Two places a space apart (a heading's end, the next one's start) widen to
    // the same white space: one break there.
    let mut reached: Option<Span> = None;
    for (at, why) in breaks {
        let Some(span) =
            break_at(text, at).or_else(|| open.then(|| opens_piece(text, at)).flatten())
        else {
            continue;
        };
        if reached.is_some_and(|r| span.start < r.end || span == r) {
            continue;
        }
        reached = Some(span);
        out.breaks.push(Change::replace(span, "\n", why));
    }
    out
}

/// The repairs of chapter titles with a character OCR misread, as the text under
/// them writes the word (see [`retitle`](super::retitle)).
pub(crate) fn title_repairs(text: &str, found: &[Found]) -> Vec<Change> {
    let lex = crate::Lexicon::global();
    let mut out = Vec::new();
    for f in found {
        if !matches!(
            f.style,
            Style::Part | Style::SubPart | Style::Chapter | Style::Section
        ) {
            continue;
        }
        for fix in super::retitle::fixes(text, f.title, f.end, lex) {
            out.push(Change::replace(
                Span::new(fix.at, fix.at + fix.was.len_utf8()),
                fix.now.to_string(),
                "heading title OCR misread, as the text under it writes it",
            ));
        }
    }
    out
}

/// The span of white space around byte `at` to replace with a line break, or
/// `None` when `at` already starts or ends a line (or the text).
fn break_at(text: &str, at: usize) -> Option<Span> {
    let is_space = |c: char| c == ' ' || c == '\u{3000}' || c == '\t';
    let before = text[..at].trim_end_matches(is_space);
    let after = text[at..].trim_start_matches(is_space);
    if before.is_empty() || after.is_empty() || before.ends_with('\n') || after.starts_with('\n') {
        return None;
    }
    Some(Span::new(before.len(), text.len() - after.len()))
}

/// The span of white space at the start of `text` to replace with a line
/// break, when byte `at` stands after nothing but spaces and before more
/// text on its line: a piece that starts inside a line of the whole.
fn opens_piece(text: &str, at: usize) -> Option<Span> {
    let is_space = |c: char| c == ' ' || c == '\u{3000}' || c == '\t';
    let after = text[at..].trim_start_matches(is_space);
    if !text[..at].trim_start_matches(is_space).is_empty()
        || after.is_empty()
        || after.starts_with('\n')
    {
        return None;
    }
    Some(Span::new(0, text.len() - after.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks() {
        assert_eq!(break_at("。二、", 3), Some(Span::new(3, 3)));
        assert_eq!(break_at("。 二、", 4), Some(Span::new(3, 4)));
        assert_eq!(break_at("。\n二、", 4), None);
        assert_eq!(break_at("二、", 0), None);
        assert_eq!(break_at("开展", 6), None);
    }

    #[test]
    fn places_a_space_apart_make_one_break() {
        // A heading's end and the next heading's start, an ideographic space
        // between them: both widen to the space.
        let text = "一、中\u{3000}二、中";
        let at = "一、中".len();
        assert_eq!(
            break_at(text, at),
            break_at(text, at + '\u{3000}'.len_utf8())
        );
    }
}
