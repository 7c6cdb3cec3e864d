//! Document structure: title, byline, sections nested by heading level,
//! paragraphs, sentences, each with its spans in the cleaned text and the original.
//!
//! The [`Structure`] pass runs last, over the cleaned text: it finds the headings
//! ([`headings`]), the title and byline ([`title`]), and builds the [`Outline`]
//! tree; it changes no text.

mod headings;
mod layout;
pub(crate) mod markdown;
mod markers;
mod retitle;
mod sentences;
mod title;

use serde::Serialize;

use crate::{Document, EditKind, Heading, Pass, Quantity, Span};

pub use self::markdown::MarkdownOptions;

pub(crate) use self::headings::{Context, Summary, contexts};

/// What a piece of a larger input holds of the heading sequence (for
/// [`contexts`]): read from its text before it is cleaned; in the `first`
/// piece that is not blank (the whole's top), also what its first line tells
/// of being a heading whose number OCR lost.
pub(crate) fn summary(doc: &Document, first: bool) -> Summary {
    let mut summary = headings::summary(doc.text(), crate::Lexicon::global());
    if first {
        summary.lost_first = find(doc).1.lost_first;
    }
    summary
}

/// Builds a document's [`Outline`]: title, byline, headings, sections,
/// paragraphs, sentences.
///
/// Headings follow GB/T 9704: `一、` (level 1), `（一）` (2), `1.`/`1、` (3),
/// `（1）` (4); `第一章`/`第一节`/`第一条` and `1.1`/`1.1.1` take the level their
/// place gives them. Headings are found where OCR or a site ran them into their
/// body (`二、结合实际，推动活动深入开展在开展活动中…`), with their numbers
/// broken (`（ 一 ）`, `(一)`, `一 、`, `l、`, a numeral lost or misread, repaired
/// from the sibling headings), and not where a number stands inside a sentence
/// (`1、2、3、`, `一、二季度`). `一是/二是` enumerations are list items of their
/// paragraph, not sections.
///
/// The pass runs by default, last in the [`Cleaner`](crate::Cleaner); it fills
/// [`Document::outline`], [`Document::headings`] and the title and byline of
/// [`Document::meta`].
///
/// # Example
///
/// ```
/// let doc = zhdoc::Cleaner::new().clean_str("关于加强管理的意见\n一、总体要求\n要加强管理。要落实责任。\n二、主要措施\n一是加强领导，二是落实责任。");
/// let outline = doc.outline();
/// assert_eq!(doc.meta().title.as_deref(), Some("关于加强管理的意见"));
/// let levels: Vec<(u8, &str)> = doc.headings().iter().map(|h| (h.level, h.text.as_str())).collect();
/// assert_eq!(levels, [(1, "一、总体要求"), (1, "二、主要措施")]);
/// let first = &outline.sections[0];
/// assert_eq!(first.paragraphs[0].sentences.len(), 2);
/// assert_eq!(outline.sections[1].paragraphs[0].items.len(), 2);
/// assert!(doc.to_markdown().starts_with("# 关于加强管理的意见\n\n## 一、总体要求\n"));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Structure;

impl Structure {
    /// The structure pass.
    pub fn new() -> Structure {
        Structure
    }

    /// The outline of a cleaned document, with the headings in document order and
    /// the title and byline text; the document is not changed.
    pub fn outline(&self, doc: &Document) -> Outline {
        let mut outline = build(doc);
        attach_quantities(&mut outline, doc.numbers());
        outline
    }

    /// Builds the outline of `doc` without reading its quantities (each
    /// sentence's are set by [`attach_quantities`]): what a cleaner runs beside
    /// the quantities pass.
    pub(crate) fn outline_alone(doc: &Document) -> Outline {
        build(doc)
    }

    /// Sets `outline` as the document's, with the title, byline and headings.
    pub(crate) fn apply(&self, doc: &mut Document, outline: Outline) {
        let meta = doc.meta_mut();
        if let Some(t) = &outline.title {
            meta.title = Some(t.text.clone());
        } else if let Some(site) = meta.site_header.as_ref().and_then(|h| h.title.as_deref()) {
            let t = title::site_title(site);
            if !t.is_empty() {
                meta.title = Some(t.to_owned());
            }
        }
        if let Some(b) = &outline.byline {
            meta.byline = Some(b.text.clone());
        }
        doc.headings = outline.headings();
        doc.outline = outline;
    }
}

impl Pass for Structure {
    fn name(&self) -> &'static str {
        "structure"
    }

    fn run(&self, doc: &mut Document) {
        let _ = lay_out(doc);
        let outline = self.outline(doc);
        self.apply(doc, outline);
    }
}

/// The tree of a document: its title and byline, and its sections.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Outline {
    /// The document's own title line, if it has one.
    pub title: Option<Block>,
    /// The issuing body or author under the title.
    pub byline: Option<Block>,
    /// The sections. Text before the first heading is a first section without
    /// a heading (level 0).
    pub sections: Vec<Section>,
    /// The articles (`第一条`) of a law or regulation, in order: the units of
    /// its text, not headings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<Article>,
}

/// An article of a law or regulation (`第十条 …`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Article {
    /// Its number.
    pub number: u32,
    /// Its number as written (`第十条`).
    pub marker: String,
    /// The article, number included, to the end of its line, in the cleaned text.
    pub span: Span,
    /// The same in the original input.
    pub original_span: Span,
}

impl Outline {
    /// Every heading, in document order.
    pub fn headings(&self) -> Vec<Heading> {
        fn walk(sections: &[Section], out: &mut Vec<Heading>) {
            for s in sections {
                if let Some(h) = &s.heading {
                    out.push(h.clone());
                }
                walk(&s.sections, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }
}

/// A line of text with its spans: a title or a byline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The text.
    pub text: String,
    /// Where it stands in the cleaned text.
    pub span: Span,
    /// Where it came from in the original input.
    pub original_span: Span,
}

/// A section: a heading, the paragraphs under it, and its subsections.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Section {
    /// The heading; `None` for the text before the first heading.
    pub heading: Option<Heading>,
    /// The heading's level (0 without a heading).
    pub level: u8,
    /// The whole section in the cleaned text, heading and subsections included.
    pub span: Span,
    /// The same in the original input.
    pub original_span: Span,
    /// The paragraphs between the heading and the first subsection.
    pub paragraphs: Vec<Paragraph>,
    /// The subsections.
    pub sections: Vec<Section>,
}

/// A paragraph: its sentences, and the enumeration inside it if any.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Paragraph {
    /// Where it stands in the cleaned text.
    pub span: Span,
    /// Where it came from in the original input.
    pub original_span: Span,
    /// Its sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The items of an `一是/二是` enumeration inside it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ListItem>,
}

/// A sentence, with the quantities found in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sentence {
    /// The sentence's text.
    pub text: String,
    /// Where it stands in the cleaned text.
    pub span: Span,
    /// Where it came from in the original input.
    pub original_span: Span,
    /// The indices, into [`Document::quantities`], of the quantities that start
    /// in this sentence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<usize>,
}

/// An item of an enumeration inside a paragraph (`一是…`, `第二，…`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ListItem {
    /// Its number.
    pub number: u32,
    /// Its marker as written (`二是`).
    pub marker: String,
    /// The item, marker included, in the cleaned text.
    pub span: Span,
    /// The same in the original input.
    pub original_span: Span,
}

/// A heading with its place in the nesting.
struct Placed {
    found: headings::Found,
    rank: u8,
    heading: Heading,
}

/// The start of each quantity with its index, sorted.
fn quantity_starts(quantities: &[Quantity]) -> Vec<(usize, usize)> {
    let mut starts: Vec<(usize, usize)> = quantities
        .iter()
        .enumerate()
        .map(|(i, q)| (q.span.start, i))
        .collect();
    starts.sort_unstable();
    starts
}

/// Lists in each sentence of `outline` the quantities that start in it.
pub(crate) fn attach_quantities(outline: &mut Outline, quantities: &[Quantity]) {
    fn walk(sections: &mut [Section], starts: &[(usize, usize)]) {
        for section in sections {
            for p in &mut section.paragraphs {
                for s in &mut p.sentences {
                    s.quantities = quantities_in(starts, s.span);
                }
            }
            walk(&mut section.sections, starts);
        }
    }
    walk(&mut outline.sections, &quantity_starts(quantities));
}

/// The headings and articles of `doc`, and its title and byline.
fn find(doc: &Document) -> (Vec<headings::Found>, title::Top) {
    let text = doc.text();
    let lex = crate::Lexicon::global();
    // A number read from a misread character is the sequence's to tell.
    // A piece of a larger input reads the sequence on from the whole's.
    let whole = doc.shared.structure();
    let mut found = headings::find(
        text,
        lex,
        |start, end| number_read_from_a_misread(doc, start, end),
        whole,
    );
    for f in &mut found {
        if f.style != markers::Style::Article {
            f.end -= margin_noise(doc, f.title, f.end);
        }
        if matches!(
            f.style,
            markers::Style::Part
                | markers::Style::SubPart
                | markers::Style::Chapter
                | markers::Style::Section
        ) {
            f.end -= trailing_marks(&text[f.title..f.end]);
        }
    }
    // The title, the byline and a first heading whose number OCR lost stand
    // at the whole's top only.
    if !doc.shared.at_title() {
        return (found, title::Top::default());
    }
    let site = site_title(doc).map(title::site_title);
    let top = title::top(text, &found, site, whole, goes_on(doc), lex);
    if let Some(lost) = top.lost_heading.clone() {
        found.insert(0, lost);
    }
    (found, top)
}

/// The title a site's header gave the document: the piece's own header's, or,
/// in a piece the whole's header block at its top reaches (the pieces before
/// it all header lines: what boilerplate left of them is blank, and the
/// whole's top is this piece's), the last title of the block's lines before
/// it, as the whole's header reads its block.
fn site_title(doc: &Document) -> Option<&str> {
    let own = doc.meta().site_header.as_ref();
    if let Some(t) = own.and_then(|h| h.title.as_deref()) {
        return Some(t);
    }
    let (i, _) = doc.shared.at?;
    let whole = doc.shared.recurring()?;
    whole
        .header_block(i)
        .filter(|&strong| strong)
        .and_then(|_| whole.header_titles(i).last())
}

/// Whether the whole holds text past `doc`'s: `doc` a piece of a larger
/// input after the whole's top, or with a line that is not blank after it
/// (as the whole's heading sequence tells: [`Context::next_line`]); before
/// that is read (or where the pieces are read alone), with pieces after it.
fn goes_on(doc: &Document) -> bool {
    match doc.shared.structure() {
        Some(w) => !doc.shared.at_title() || w.next_line.is_some(),
        None => doc.shared.at.is_some_and(|(i, n)| i + 1 < n),
    }
}

/// The byte length of the one or two characters that end the title
/// `text[title..end]` and stood apart from it in the original, after a wide gap
/// (`第二章 文物保护利用␣␣␣␣␣␣本`): OCR read them in the margin. The normaliser
/// has dropped the gap by the time this pass runs.
fn margin_noise(doc: &Document, title: usize, end: usize) -> usize {
    let span = doc.original_span(Span::new(title, end));
    let Some(original) = doc.original().get(span.range()) else {
        return 0;
    };
    let Some(gap) = original
        .rfind("   ")
        .or_else(|| original.rfind("\u{3000}\u{3000}"))
    else {
        return 0;
    };
    let tail = original[gap..].trim();
    let words = original[..gap].trim();
    let text = &doc.text()[title..end];
    if tail.is_empty()
        || tail.chars().count() > 2
        || words.chars().count() < 2
        || tail.contains(char::is_whitespace)
        || !text.ends_with(tail)
        || text.len() == tail.len()
    {
        return 0;
    }
    // What stays must end its words: no space is left at the cut.
    text.len() - text[..text.len() - tail.len()].trim_end().len()
}

/// The byte length of the marks that end the title of a 编/章/节 and are none of
/// its own: OCR's reading of a speck or a rule beside it (`第一节 收养关系的成立 ]`,
/// `…的成立l`, `第五章 收养 ~`). A law's division title ends with a word (or a
/// bracket or quote it opened): a bracket it did not open, a rule, a slash, a
/// quote that opens nothing, or up to two Latin letters or digits after its
/// last word are marks. What stays holds two ideographs or more.
fn trailing_marks(title: &str) -> usize {
    let opened = |open: &[char]| title.contains(open);
    let mut cut = title.len();
    while let Some(c) = title[..cut].chars().next_back() {
        if c.is_ascii_alphanumeric() {
            // A run of Latin letters or digits: two at most.
            let run = title[..cut].trim_end_matches(|c: char| c.is_ascii_alphanumeric());
            if cut - run.len() > 2 {
                break;
            }
            cut = run.len();
            continue;
        }
        let mark = match c {
            ' ' | '\u{3000}' | '\t' => true,
            ']' | '[' | '}' | '{' | '|' | '/' | '\\' | '~' | '～' | '_' | '-' | '—' | '―' | '`'
            | '^' | '*' | '#' | '<' | '>' | '=' | '+' | '】' | '〕' | '］' | '｝' | '」' | '』'
            | '【' | '〔' | '［' | '｛' | '「' | '『' | '（' | '(' | '《' | '“' | '‘' | '"'
            | '\'' => true,
            '）' | ')' => !opened(&['（', '(']),
            '”' => !opened(&['“']),
            '’' => !opened(&['‘']),
            '》' => !opened(&['《']),
            _ => false,
        };
        if !mark {
            break;
        }
        cut -= c.len_utf8();
    }
    let words = title[..cut].trim_end();
    if cut == title.len() || words.chars().filter(|&c| crate::chars::is_han(c)).count() < 2 {
        return 0;
    }
    title.len() - words.len()
}

/// Whether the number of the 编/章/节 at `text[start..end]` was read from one
/// character of the original that is no numeral (`第安章`, which the corrector may
/// read as `第三章`): a guess among ten, which the structure pass leaves to the
/// siblings, as it does with such a number itself.
fn number_read_from_a_misread(doc: &Document, start: usize, end: usize) -> bool {
    let span = doc.original_span(Span::new(start, end));
    let Some(marker) = doc.original().get(span.range()) else {
        return false;
    };
    let mut chars = marker.trim_start().chars();
    if chars.next() != Some('第') {
        return false;
    }
    let number: Vec<char> = chars
        .take_while(|c| !matches!(c, '章' | '节' | '编' | '部' | '分'))
        .collect();
    match number.as_slice() {
        [c] => {
            crate::chars::is_han(*c) && markers::cjk_number(c.encode_utf8(&mut [0; 4])).is_none()
        }
        _ => false,
    }
}

/// Makes the text agree with the structure found in it: heading numbers OCR
/// damaged repaired (`一丶` → `一、`, `（万）` → `（五）`), and the title, the byline,
/// each heading and each article on a line of its own; last, a chapter title's
/// character OCR misread, as the text under it writes the word. The changes are
/// edits of the log: corrections for the numbers and titles, reflow for the line
/// breaks. Whether it changed the text.
pub(crate) fn lay_out(doc: &mut Document) -> bool {
    // A heading put on its line may show what it is only then (a first line
    // whose number OCR lost): a few rounds, until nothing changes.
    let before = doc.edits().len();
    let alone = laid_alone(doc);
    let mut settled = None;
    for _ in 0..LAYOUT_ROUNDS {
        if let Round::Settled(found) = layout_round(doc, alone) {
            settled = Some(found);
            break;
        }
    }
    // Last, once the headings stand where they will: a title's misread
    // character, as the text under it writes the word.
    let found = settled.unwrap_or_else(|| find(doc).0);
    let fixes = layout::title_repairs(doc.text(), &found);
    if !fixes.is_empty() {
        doc.apply(EditKind::Correct, fixes);
    }
    doc.edits().len() > before
}

/// How many rounds [`lay_out`] runs at most.
pub(crate) const LAYOUT_ROUNDS: usize = 3;

/// Whether `doc` is a text of one sentence (a sentence cleaned alone): it
/// has no lines to set apart, its headings' numbers are repaired but it is
/// not broken. A piece of a larger input is one when the whole is: no text
/// but white space before or after it.
pub(crate) fn laid_alone(doc: &Document) -> bool {
    title::one_sentence(doc.text().trim_start()) && !goes_on(doc)
}

/// What the whole did in one round of [`lay_out`] (read over the pieces of a
/// larger input, `Cleaner::shared_pieces`): a piece does the same, so that
/// the text its later rounds read is the whole's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Some heading number was repaired: the repairs are made, the line
    /// breaks wait for the next round (which reads the repaired numbers).
    Repairs,
    /// No number was repaired and some line was broken.
    Breaks,
    /// Nothing changed: the layout is settled.
    Settled,
}

/// What one round of [`layout_round`] did.
pub(crate) enum Round {
    /// Nothing to change: the headings found.
    Settled(Vec<headings::Found>),
    /// Heading numbers repaired (`true`) or lines broken (`false`).
    Changed(bool),
    /// Nothing changed here, where the whole changed elsewhere (a piece's
    /// line breaks wait while the whole repairs numbers).
    Waited,
}

/// One round of the layout: the headings found, and the text changed to agree
/// with them, numbers first (the next round reads them repaired), then line
/// breaks. A piece of a larger input reads the whole's sequence as the text
/// stood in the round (`Shared::structure`) and does what the whole did in it
/// (`Shared::layout_round`): repairs only while the whole repairs.
pub(crate) fn layout_round(doc: &mut Document, alone: bool) -> Round {
    let (found, top) = find(doc);
    let whole = doc.shared.structure();
    let carried = whole.and_then(|w| w.carried(doc.text()));
    let open = whole.is_some_and(headings::Context::starts_inside_a_line);
    let mut changes = layout::layout(doc.text(), &found, &top, carried, open);
    if alone {
        changes.breaks.clear();
    }
    let verdict = doc.shared.layout_round();
    let (repairs, breaks) = (!changes.repairs.is_empty(), !changes.breaks.is_empty());
    match verdict {
        Some(Verdict::Repairs) if !repairs => return Round::Waited,
        Some(Verdict::Breaks) if !repairs && !breaks => return Round::Waited,
        _ => {}
    }
    if changes.is_empty() {
        return Round::Settled(found);
    }
    if !repairs {
        doc.apply(EditKind::Reflow, changes.breaks);
        return Round::Changed(false);
    }
    doc.apply(EditKind::Correct, changes.repairs);
    Round::Changed(true)
}

fn build(doc: &Document) -> Outline {
    let text = doc.text();
    let (found, top) = find(doc);
    let (articles, found): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|f| f.style == markers::Style::Article);
    let block = |span: Span| Block {
        text: text[span.range()].to_owned(),
        span,
        original_span: doc.original_span(span),
    };
    let title = top.title.map(block);
    let byline = top.byline.map(block);
    let body_start = [top.title, top.byline]
        .iter()
        .flatten()
        .map(|s| s.end)
        .max()
        .unwrap_or(0);

    // Levels: the four GB/T 9704 styles have theirs; the others (编, 章, 节,
    // `1.1`) are numbered in the order of the styles the document uses.
    let mut used: Vec<u8> = found
        .iter()
        .filter(|f| f.style.fixed_level().is_none())
        .map(|f| f.style.rank())
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut placed: Vec<Placed> = Vec::with_capacity(found.len());
    for f in found {
        let rank = f.style.rank();
        let level = f
            .style
            .fixed_level()
            .unwrap_or_else(|| 1 + used.iter().position(|&r| r == rank).unwrap_or(0) as u8);
        // A heading's text is its span of the cleaned text, exactly.
        let span = Span::new(f.start, f.end);
        placed.push(Placed {
            heading: Heading {
                level,
                text: text[span.range()].to_owned(),
                span,
                original_span: doc.original_span(span),
            },
            found: f,
            rank,
        });
    }

    let builder = Builder { doc, text };
    let mut sections = Vec::new();
    let first = placed.first().map_or(text.len(), |p| p.found.start);
    let preamble = builder.paragraphs(body_start.min(first), first);
    if !preamble.is_empty() {
        let span = Span::new(
            preamble[0].span.start,
            preamble[preamble.len() - 1].span.end,
        );
        sections.push(Section {
            heading: None,
            level: 0,
            span,
            original_span: doc.original_span(span),
            paragraphs: preamble,
            sections: Vec::new(),
        });
    }
    let mut i = 0;
    while i < placed.len() {
        sections.push(builder.section(&placed, &mut i, text.len()));
    }
    let articles = articles
        .into_iter()
        .map(|f| {
            let span = Span::new(f.start, f.end);
            Article {
                number: f.number,
                marker: text[f.start..f.title].trim_end().to_owned(),
                span,
                original_span: doc.original_span(span),
            }
        })
        .collect();
    Outline {
        title,
        byline,
        sections,
        articles,
    }
}

struct Builder<'a> {
    doc: &'a Document,
    text: &'a str,
}

impl Builder<'_> {
    /// The section of heading `placed[*i]`, with its subsections; `limit` is where
    /// the enclosing section ends.
    fn section(&self, placed: &[Placed], i: &mut usize, limit: usize) -> Section {
        let me = &placed[*i];
        *i += 1;
        // The section runs to the next heading of the same or a higher rank.
        let end = placed[*i..]
            .iter()
            .find(|p| p.rank <= me.rank)
            .map_or(limit, |p| p.found.start);
        let body_end = placed.get(*i).map_or(end, |p| p.found.start.min(end));
        let paragraphs = self.paragraphs(me.found.end, body_end);
        let mut sections = Vec::new();
        while *i < placed.len() && placed[*i].found.start < end {
            sections.push(self.section(placed, i, end));
        }
        let span = Span::new(me.found.start, trim_end(self.text, me.found.start, end));
        Section {
            heading: Some(me.heading.clone()),
            level: me.heading.level,
            span,
            original_span: self.doc.original_span(span),
            paragraphs,
            sections,
        }
    }

    /// The paragraphs (lines) of `text[from..to]`.
    fn paragraphs(&self, from: usize, to: usize) -> Vec<Paragraph> {
        let mut out = Vec::new();
        if from >= to {
            return out;
        }
        for (at, line) in crate::lines::lines(&self.text[from..to]) {
            let start = from + at;
            let rest = line.trim_start();
            let trimmed = rest.trim_end();
            if !trimmed.is_empty() {
                let lead = line.len() - rest.len();
                let span = Span::new(start + lead, start + lead + trimmed.len());
                out.push(self.paragraph(span));
            }
        }
        out
    }

    fn paragraph(&self, span: Span) -> Paragraph {
        let sentences = sentences::sentences(self.text, span)
            .into_iter()
            .map(|s| Sentence {
                text: self.text[s.range()].to_owned(),
                span: s,
                original_span: self.doc.original_span(s),
                // Set by `attach_quantities`.
                quantities: Vec::new(),
            })
            .collect();
        let items = sentences::items(self.text, span)
            .into_iter()
            .map(|it| ListItem {
                number: it.number,
                marker: self.text[it.marker.range()].to_owned(),
                span: it.span,
                original_span: self.doc.original_span(it.span),
            })
            .collect();
        Paragraph {
            span,
            original_span: self.doc.original_span(span),
            sentences,
            items,
        }
    }
}

/// The indices of the quantities (`starts`, from [`quantity_starts`]) that start
/// in `s`.
fn quantities_in(starts: &[(usize, usize)], s: Span) -> Vec<usize> {
    let from = starts.partition_point(|q| q.0 < s.start);
    starts[from..]
        .iter()
        .take_while(|q| q.0 < s.end)
        .map(|q| q.1)
        .collect()
}

fn trim_end(text: &str, from: usize, at: usize) -> usize {
    from + text[from..at].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::trailing_marks;

    #[test]
    fn marks_after_a_division_title_are_none_of_it() {
        for (title, keep) in [
            ("收养关系的成立 ]", "收养关系的成立"),
            ("收养关系的成立l", "收养关系的成立"),
            ("收养 ~", "收养"),
            ("收养）", "收养"),
            ("收养“", "收养"),
            ("收养 |", "收养"),
            // A bracket or quote the title opened is its own.
            ("附则（试行）", "附则（试行）"),
            ("“三农”", "“三农”"),
            // Words, a stop, more than two Latin letters: the title's.
            ("收养关系的成立", "收养关系的成立"),
            ("收养。", "收养。"),
            ("关于WTO", "关于WTO"),
            // Less than two ideographs would stay.
            ("养 ]", "养 ]"),
        ] {
            assert_eq!(
                &title[..title.len() - trailing_marks(title)],
                keep,
                "{title}"
            );
        }
    }
}
