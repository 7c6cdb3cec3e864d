//! Rendering an outline as Markdown.

use std::fmt::Write;

use super::{Outline, Paragraph, Section};
use crate::Document;

/// How [`Document::to_markdown_with`] renders a document.
///
/// # Example
///
/// ```
/// let doc = zhdoc::Cleaner::new().clean_str("一、总体要求\n粮食产量5.31亿吨。");
/// let mut options = zhdoc::MarkdownOptions::new();
/// options.mark_quantities(true);
/// let md = doc.to_markdown_with(&options);
/// assert!(md.starts_with("## 一、总体要求\n"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct MarkdownOptions {
    mark_quantities: bool,
}

impl MarkdownOptions {
    /// The defaults: quantities are not marked.
    pub fn new() -> MarkdownOptions {
        MarkdownOptions::default()
    }

    /// Whether to set the quantities found in bold (`**63.58亿元**`).
    pub fn mark_quantities(&mut self, yes: bool) -> &mut MarkdownOptions {
        self.mark_quantities = yes;
        self
    }
}

/// Renders `doc`'s outline: the title as `#`, the heading levels the document
/// uses as consecutive levels under it (a document of `一、` and `1、` headings
/// gives `##` and `###`, though GB/T 9704 puts `1、` at level 3), at most six
/// `#`s, the byline in italics, paragraphs as paragraphs, the items of an
/// enumeration as a list.
pub(crate) fn render(doc: &Document, outline: &Outline, options: &MarkdownOptions) -> String {
    let mut levels = Vec::new();
    collect_levels(&outline.sections, &mut levels);
    levels.sort_unstable();
    levels.dedup();
    let r = Renderer {
        doc,
        options,
        levels,
        out: String::with_capacity(doc.text().len() + 256),
    };
    r.render(outline)
}

fn collect_levels(sections: &[Section], out: &mut Vec<u8>) {
    for s in sections {
        if s.heading.is_some() {
            out.push(s.level);
        }
        collect_levels(&s.sections, out);
    }
}

struct Renderer<'a> {
    doc: &'a Document,
    options: &'a MarkdownOptions,
    /// The heading levels the document uses, in order.
    levels: Vec<u8>,
    out: String,
}

impl Renderer<'_> {
    fn render(mut self, outline: &Outline) -> String {
        if let Some(t) = &outline.title {
            let _ = writeln!(self.out, "# {}\n", escape_inline(&t.text));
        }
        if let Some(b) = &outline.byline {
            let _ = writeln!(self.out, "*{}*\n", escape_inline(&b.text));
        }
        for s in &outline.sections {
            self.section(s);
        }
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }

    fn section(&mut self, s: &Section) {
        if let Some(h) = &s.heading {
            let depth = self.levels.iter().position(|&l| l == h.level).unwrap_or(0) + 1;
            let hashes = "#".repeat(depth.min(5) + 1);
            let _ = writeln!(self.out, "{hashes} {}\n", escape_inline(&h.text));
        }
        for p in &s.paragraphs {
            self.paragraph(p);
        }
        for sub in &s.sections {
            self.section(sub);
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let text = self.doc.text();
        if p.items.is_empty() {
            let body = self.marked(p.span.start, p.span.end);
            self.out.push_str(&escape_block(&body));
            self.out.push_str("\n\n");
            return;
        }
        let first = p.items[0].span.start;
        if first > p.span.start {
            let lead = self.marked(p.span.start, first);
            self.out.push_str(&escape_block(lead.trim_end()));
            self.out.push_str("\n\n");
        }
        for it in &p.items {
            let item = self.marked(it.span.start, it.span.end);
            let _ = writeln!(self.out, "- {item}");
        }
        let last = p.items[p.items.len() - 1].span.end;
        if last < p.span.end && !text[last..p.span.end].trim().is_empty() {
            self.out.push('\n');
            let tail = self.marked(last, p.span.end);
            self.out.push_str(&escape_block(tail.trim()));
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    /// `text[from..to]`, escaped, the quantities inside it in bold when asked.
    fn marked(&self, from: usize, to: usize) -> String {
        let text = self.doc.text();
        if !self.options.mark_quantities {
            return escape_inline(&text[from..to]);
        }
        let mut out = String::with_capacity(to - from + 16);
        let mut at = from;
        let mut spans: Vec<_> = self
            .doc
            .numbers()
            .iter()
            .map(|q| q.span)
            .filter(|s| s.start >= from && s.end <= to)
            .collect();
        spans.sort_unstable();
        for s in spans {
            if s.start < at {
                continue;
            }
            out.push_str(&escape_inline(&text[at..s.start]));
            out.push_str("**");
            out.push_str(&escape_inline(&text[s.range()]));
            out.push_str("**");
            at = s.end;
        }
        out.push_str(&escape_inline(&text[at..to]));
        out
    }
}

/// Escapes what Markdown would read as markup inside a line.
fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().unwrap_or(' ');
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Escapes the start of an (inline-escaped) paragraph that would make it a list.
fn escape_block(s: &str) -> String {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(s.as_bytes().get(digits), Some(b'.') | Some(b')')) {
        let mut out = s[..digits].to_owned();
        out.push('\\');
        out.push_str(&s[digits..]);
        return out;
    }
    if s.starts_with(['-', '+', '=']) {
        return format!("\\{s}");
    }
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_inline("a*b_c#"), "a\\*b\\_c\\#");
        assert_eq!(escape_inline("**"), "\\*\\*");
        assert_eq!(escape_block("1.与舆论"), "1\\.与舆论");
        assert_eq!(escape_block("-5度"), "\\-5度");
        assert_eq!(escape_block("中文"), "中文");
    }
}
