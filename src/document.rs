//! The cleaned document and its metadata.

use serde::{Deserialize, Serialize};

use crate::structure::{MarkdownOptions, Outline, Section};
use crate::{Change, Edit, EditKind, Quantity, Span, Text};

/// What is known about a document besides its text.
///
/// Filled by the passes: the [`Boilerplate`](crate::Boilerplate) pass reads a
/// document-sharing site's header into [`site_header`](Meta::site_header) before it
/// removes it, and the [`Structure`](crate::Structure) pass finds the title and the
/// byline.
///
/// # Example
///
/// ```
/// let input = "欢迎来到天天文库\nID:44262530\n大小:34.00 KB\n页数:4页\n时间:2019-10-20\n\
///              关于加强管理的意见\n市总工会\n一、总体要求\n要加强管理。";
/// let doc = zhdoc::Cleaner::new().clean_str(input);
/// let meta = doc.meta();
/// assert_eq!(meta.title.as_deref(), Some("关于加强管理的意见"));
/// assert_eq!(meta.byline.as_deref(), Some("市总工会"));
/// let site = meta.site_header.as_ref().unwrap();
/// assert_eq!(site.site.as_deref(), Some("天天文库"));
/// assert_eq!((site.id.as_deref(), site.pages), (Some("44262530"), Some(4)));
/// assert_eq!(site.date.as_deref(), Some("2019-10-20"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Meta {
    /// The document's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The issuing body or author line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// What a document-sharing site's header said about the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_header: Option<SiteHeader>,
}

/// The fields of a document-sharing site's page header.
///
/// ```
/// use zhdoc::Cleaner;
///
/// let doc = Cleaner::new().clean_str("欢迎来到天天文库\n页数:4页\n正文开始。");
/// let header = doc.meta().site_header.as_ref().unwrap();
/// assert_eq!((header.site.as_deref(), header.pages), (Some("天天文库"), Some(4)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SiteHeader {
    /// The site's name (`天天文库`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The site's document id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title the site gave the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The file size the site reported (`34.00 KB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// The page count the site reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// The upload date the site reported, as written (`2019-10-20`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A heading of the document's hierarchy.
///
/// [`Document::headings`] lists them in order; the [`Outline`] nests the sections
/// under them.
///
/// # Example
///
/// ```
/// let doc = zhdoc::Cleaner::new().clean_str("一、总体要求\n（一）加强领导\n要加强领导。\n二、主要措施\n落实责任。");
/// let levels: Vec<(u8, &str)> = doc.headings().iter().map(|h| (h.level, h.text.as_str())).collect();
/// assert_eq!(levels, [(1, "一、总体要求"), (2, "（一）加强领导"), (1, "二、主要措施")]);
/// let h = &doc.headings()[1];
/// assert_eq!(&doc.text()[h.span.range()], "（一）加强领导");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// The level per GB/T 9704: 1 is `一、`, 2 is `（一）`, 3 is `1.`/`1、`, 4 is `（1）`.
    pub level: u8,
    /// The heading's text, its number included.
    pub text: String,
    /// Where it stands in the cleaned text.
    pub span: Span,
    /// Where it came from in the original input.
    pub original_span: Span,
}

/// The script a document is written in: the corrector works in the document's
/// own script, never converting one to the other.
///
/// ```
/// use zhdoc::{Cleaner, Script};
///
/// let cleaner = Cleaner::new();
/// assert_eq!(cleaner.clean_str("我们这里长期发展。").script(), Script::Simplified);
/// assert_eq!(cleaner.clean_str("我們這裡長期發展。").script(), Script::Traditional);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Script {
    /// Simplified Chinese (or no Chinese at all).
    #[default]
    Simplified,
    /// Traditional Chinese: characters of Big5 that GB 2312 lacks (長, 們, 這)
    /// outnumber those of GB 2312 that Big5 lacks (长, 们, 这).
    Traditional,
}

/// A cleaned document: the text, where each part of it came from, and what was
/// found in it.
///
/// Made by [`Cleaner::clean`](crate::Cleaner::clean) and its siblings. It holds the
/// cleaned [`text`](Document::text) and the [`original`](Document::original), the
/// [`edits`](Document::edits) that lead from one to the other (each an
/// [`Edit`](crate::Edit): kind, span in the original, text before and after, why,
/// confidence), the [`encoding`](Document::encoding) the input was decoded from,
/// the [`meta`](Document::meta)data found (site header, title, byline), the
/// [`quantities`](Document::quantities), the [`headings`](Document::headings) and
/// the [`outline`](Document::outline). Serialises (with serde) to the JSON document
/// of `zhdoc clean --json`, a superset of the gold-file format.
///
/// # Example
///
/// ```
/// use zhdoc::{Cleaner, EditKind};
///
/// let input = "欢迎来到天天文库\n关于加强管理的意见\n一、总体要求\n全市屮小企业达到1364家。";
/// let doc = Cleaner::new().clean(input.as_bytes())?;
/// assert_eq!(doc.text(), "关于加强管理的意见\n一、总体要求\n全市中小企业达到1364家。");
/// assert_eq!((doc.original(), doc.encoding()), (input, "UTF-8"));
///
/// // The edit log: what each pass changed, and where in the original.
/// let fixes: Vec<(EditKind, &str, &str)> = doc
///     .edits()
///     .iter()
///     .map(|e| (e.kind, e.before.as_ref(), e.after.as_ref()))
///     .collect();
/// assert_eq!(fixes, [(EditKind::Boilerplate, "欢迎来到天天文库\n", ""), (EditKind::Correct, "屮", "中")]);
/// let fix = &doc.edits()[1];
/// assert_eq!(&input[fix.original.range()], "屮");
/// assert!(fix.confidence > 0.5);
///
/// // What was found in it.
/// assert_eq!(doc.meta().title.as_deref(), Some("关于加强管理的意见"));
/// assert_eq!(doc.headings()[0].text, "一、总体要求");
/// assert_eq!(doc.quantities().next().unwrap().to_string(), "1364家 (1364 家)");
/// assert!(doc.to_markdown().starts_with("# 关于加强管理的意见\n\n## 一、总体要求\n"));
///
/// // The whole document as JSON, as `zhdoc clean --json` prints it.
/// let json = serde_json::to_value(&doc)?;
/// assert_eq!(json["edits"][1]["after"], "中");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Document {
    pub(crate) text: Text,
    pub(crate) encoding: &'static str,
    pub(crate) script: Script,
    pub(crate) meta: Meta,
    pub(crate) quantities: Vec<Quantity>,
    pub(crate) headings: Vec<Heading>,
    pub(crate) outline: Outline,
    /// What is read over the whole input this document is a piece of.
    pub(crate) shared: crate::Shared,
}

impl Document {
    /// A document over already decoded text, before any pass has run (for running
    /// passes by hand: [`Cleaner::run`](crate::Cleaner::run), [`Pass::run`](crate::Pass::run)).
    pub fn new(text: impl Into<std::sync::Arc<str>>, encoding: &'static str) -> Document {
        Document {
            text: Text::new(text),
            encoding,
            script: Script::Simplified,
            meta: Meta::default(),
            quantities: Vec::new(),
            headings: Vec::new(),
            outline: Outline::default(),
            shared: crate::Shared::default(),
        }
    }

    /// The cleaned text.
    #[inline]
    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    /// The original input, as decoded.
    #[inline]
    pub fn original(&self) -> &str {
        self.text.original()
    }

    /// The name of the encoding the input was decoded from (`UTF-8`, `GBK`, `UTF-16LE`, …).
    #[inline]
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// The script the document is written in, as the [`Cleaner`](crate::Cleaner)
    /// found it before its passes ran ([`Script::Simplified`] until then). The
    /// cleaner does not run its corrector over Traditional text, whose
    /// characters the corrector's Simplified tables would take for confusions.
    #[inline]
    pub fn script(&self) -> Script {
        self.script
    }

    /// Every change the pipeline made, in order.
    #[inline]
    pub fn edits(&self) -> &[Edit] {
        self.text.edits()
    }

    /// The text with its provenance.
    #[inline]
    pub fn provenance(&self) -> &Text {
        &self.text
    }

    /// The metadata found in the document.
    #[inline]
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The metadata, for passes to fill in.
    #[inline]
    pub fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }

    /// The quantities found in the cleaned text, in order: the amounts (money,
    /// counts, measures, percentages, points, multiples, durations, bare
    /// numbers), without the years, dates, ordinals and identifiers that
    /// [`numbers`](Document::numbers) holds too.
    ///
    /// ```
    /// use zhdoc::Cleaner;
    ///
    /// let doc = Cleaner::new().clean_str("2010年第三季度投资3000万元。");
    /// let amounts: Vec<String> = doc.quantities().map(|q| q.to_string()).collect();
    /// assert_eq!(amounts, ["3000万元 (30000000 元)"]);
    /// assert_eq!(doc.numbers().len(), 3);
    /// ```
    #[inline]
    pub fn quantities(&self) -> impl DoubleEndedIterator<Item = &Quantity> + Clone + '_ {
        self.quantities.iter().filter(|q| q.kind.is_quantity())
    }

    /// Everything numeric found in the cleaned text, in order: the
    /// [`quantities`](Document::quantities), and the years, dates, ordinals
    /// and identifiers, each typed by its [`kind`](Quantity::kind)
    /// ([`QuantityKind::is_quantity`](crate::QuantityKind::is_quantity) tells
    /// them apart). This is what `zhdoc clean --json` prints as `quantities`.
    ///
    /// ```
    /// use zhdoc::{Cleaner, QuantityKind};
    ///
    /// let doc = Cleaner::new().clean_str("2010年第三季度投资3000万元。");
    /// let kinds: Vec<QuantityKind> = doc.numbers().iter().map(|q| q.kind).collect();
    /// assert_eq!(kinds, [QuantityKind::Year, QuantityKind::Ordinal, QuantityKind::Money]);
    /// ```
    #[inline]
    pub fn numbers(&self) -> &[Quantity] {
        &self.quantities
    }

    /// The headings found in the cleaned text, in order.
    #[inline]
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// The document's tree: title, byline, sections, paragraphs, sentences (filled
    /// by the [`Structure`](crate::Structure) pass).
    #[inline]
    pub fn outline(&self) -> &Outline {
        &self.outline
    }

    /// The outline rendered as Markdown: the title as `#`, the heading levels the
    /// document uses as `##`, `###`, … in order, paragraphs, enumerations as lists.
    pub fn to_markdown(&self) -> String {
        self.to_markdown_with(&MarkdownOptions::new())
    }

    /// [`to_markdown`](Document::to_markdown) with options (quantities in bold).
    pub fn to_markdown_with(&self, options: &MarkdownOptions) -> String {
        crate::structure::markdown::render(self, &self.outline, options)
    }

    /// Maps a span of the cleaned text to the span of the original it came from.
    #[inline]
    pub fn original_span(&self, span: Span) -> Span {
        self.text.original_span(span)
    }

    /// Applies changes to the current text; see [`Text::apply`].
    #[inline]
    pub fn apply(&mut self, kind: EditKind, changes: Vec<Change>) -> usize {
        self.text.apply(kind, changes)
    }
}

/// The JSON shape of a [`Document`].
#[derive(Serialize)]
struct DocumentJson<'a> {
    text: &'a str,
    encoding: &'static str,
    #[serde(skip_serializing_if = "is_simplified")]
    script: Script,
    meta: &'a Meta,
    quantities: &'a [Quantity],
    headings: &'a [Heading],
    title: Option<&'a str>,
    sections: &'a [Section],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    articles: &'a [crate::Article],
    original: &'a str,
    edits: &'a [Edit],
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DocumentJson {
            text: self.text(),
            encoding: self.encoding,
            script: self.script,
            meta: &self.meta,
            quantities: &self.quantities,
            headings: &self.headings,
            title: self.meta.title.as_deref(),
            sections: &self.outline.sections,
            articles: &self.outline.articles,
            original: self.original(),
            edits: self.edits(),
        }
        .serialize(serializer)
    }
}

fn is_simplified(script: &Script) -> bool {
    *script == Script::Simplified
}
