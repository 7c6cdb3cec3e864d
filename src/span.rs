//! Byte spans.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a text.
///
/// Spans are always byte offsets on UTF-8 character boundaries of the text they
/// name: either the cleaned text or the original (decoded) input. `Display` writes
/// them as a range, `start..end`.
///
/// # Example
///
/// ```
/// use zhdoc::{Cleaner, Span};
///
/// let doc = Cleaner::new().clean_str("欢迎来到天天文库\n结合实际,开展“创争”活动。");
/// assert_eq!(doc.text(), "结合实际，开展“创争”活动。");
/// let at = doc.text().find("创争").unwrap();
/// let span = Span::new(at, at + "创争".len());
/// assert_eq!(&doc.text()[span.range()], "创争");
/// assert_eq!((span.len(), span.to_string()), (6, "24..30".to_string()));
/// // The same words in the original input, after the site's header line.
/// let original = doc.original_span(span);
/// assert_eq!(original.to_string(), "47..53");
/// assert_eq!(&doc.original()[original.range()], "创争");
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// The first byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Creates the span `[start, end)`.
    ///
    /// # Panics
    ///
    /// Panics if `start > end`; spans are made by this crate, never from input.
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start after its end");
        Span { start, end }
    }

    /// The number of bytes in the span.
    #[inline]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range`, for slicing.
    #[inline]
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether `other` lies entirely inside this span.
    #[inline]
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    #[inline]
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    #[inline]
    fn from(s: Span) -> Range<usize> {
        s.range()
    }
}
