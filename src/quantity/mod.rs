//! Quantities: numbers with their units, typed and normalised.

mod extract;
mod number;
mod units;

pub use self::extract::{Extractor, NumberMatch};
pub(crate) use self::number::{chinese_digit, is_numeral_char};

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Span;

/// Whether a quantity is stated as approximate, and which way.
///
/// ```
/// use zhdoc::{Approx, Extractor};
///
/// let q = &Extractor::new().quantities("投资近3000万元")[0];
/// assert_eq!((q.approx, q.approx_word.as_deref()), (Some(Approx::Under), Some("近")));
/// assert_eq!(Approx::Under.as_str(), "under");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Approx {
    /// At least, or more than: 余 多 以上 超过 逾 …
    Over,
    /// At most, or less than: 近 不足 不到 以下 …
    Under,
    /// Roughly: 约 左右 上下 …
    About,
}

impl Approx {
    /// The name used in gold files: `over`, `under` or `about`.
    pub fn as_str(self) -> &'static str {
        match self {
            Approx::Over => "over",
            Approx::Under => "under",
            Approx::About => "about",
        }
    }
}

/// What a quantity measures: an amount of some kind, or one of the four kinds
/// that are reported but are no amount ([`is_quantity`](QuantityKind::is_quantity)).
///
/// ```
/// use zhdoc::{Extractor, QuantityKind};
///
/// let kinds: Vec<QuantityKind> =
///     Extractor::new().numbers("2010年第三季度投资3000万元").iter().map(|q| q.kind).collect();
/// assert_eq!(kinds, [QuantityKind::Year, QuantityKind::Ordinal, QuantityKind::Money]);
/// assert!(QuantityKind::Money.is_quantity() && !QuantityKind::Year.is_quantity());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum QuantityKind {
    /// A count with a measure word: 10余次, 6期, 5500人次.
    Count,
    /// An amount of money: 63.58亿元.
    Money,
    /// A physical measure (see [`Dimension`]): 3586平方公里, 5.31亿吨.
    Measure,
    /// A percentage: 8.7%, 百分之六十.
    Percent,
    /// Percentage points: 0.5个百分点.
    Points,
    /// A multiple: 增长两倍, 翻两番.
    Multiple,
    /// A length of time: 连续6年, 半年.
    Duration,
    /// A bare number with no unit: 人口50万, 三分之一.
    Number,
    /// A year (not a quantity): 2005年, 一九五七年.
    Year,
    /// A date or time of day (not a quantity): 3月5日.
    Date,
    /// An ordinal (not a quantity): 第二, 十六大.
    Ordinal,
    /// An identifier or code (not a quantity): document IDs, phone numbers.
    Identifier,
}

impl QuantityKind {
    /// Whether this kind states an amount in the sense of
    /// [ANNOTATION.md](https://docs.rs/crate/zhdoc/latest/source/docs/ANNOTATION.md). Years,
    /// dates, ordinals and identifiers are reported but are not quantities.
    pub fn is_quantity(self) -> bool {
        !matches!(
            self,
            QuantityKind::Year
                | QuantityKind::Date
                | QuantityKind::Ordinal
                | QuantityKind::Identifier
        )
    }
}

/// The physical dimension of a [`QuantityKind::Measure`].
///
/// ```
/// use zhdoc::{Dimension, Extractor, QuantityKind};
///
/// let q = &Extractor::new().quantities("面积3586平方公里")[0];
/// assert_eq!((q.kind, q.dimension), (QuantityKind::Measure, Some(Dimension::Area)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Dimension {
    /// 平方公里, 亩, 公顷.
    Area,
    /// 公里, 米.
    Length,
    /// 吨, 公斤, 斤.
    Mass,
    /// 立方米, 升.
    Volume,
    /// 千瓦, 瓦.
    Power,
    /// 千瓦时, 度.
    Energy,
    /// 小时, 秒 when used as a measure.
    Time,
    /// 公里/小时.
    Speed,
}

/// A quantity found in a document: a number with its unit, approximation and kind.
///
/// Made by an [`Extractor`], or by the [`Cleaner`](crate::Cleaner) as its last pass
/// ([`Document::numbers`](crate::Document::numbers)), in which case `span`
/// points into the cleaned text and `original_span` into the original input. Its
/// fields follow [ANNOTATION.md](https://docs.rs/crate/zhdoc/latest/source/docs/ANNOTATION.md) (the value fully expanded, the unit less its
/// magnitude word). Years, dates, ordinals and identifiers are reported too, with
/// their [`kind`](Quantity::kind); [`QuantityKind::is_quantity`] tells amounts
/// from them, and [`Document::quantities`](crate::Document::quantities) and
/// [`Extractor::quantities`] give the amounts alone.
///
/// `Display` writes the text as found, then the value read from it: `63.58亿元
/// (6358000000 元)`, `10—20人 (10–20 人)`, `95%以上 (95 %, over)`.
///
/// # Example
///
/// ```
/// use zhdoc::{Approx, Cleaner, QuantityKind};
///
/// let doc = Cleaner::new().clean_str("2010年投资近3000万元，建成10—20个站点。");
/// assert_eq!(doc.numbers()[0].kind, QuantityKind::Year); // reported, but not an amount
/// let amounts: Vec<String> = doc.quantities().map(|q| q.to_string()).collect();
/// assert_eq!(amounts, ["近3000万元 (30000000 元, under)", "10—20个 (10–20 个)"]);
///
/// let money = doc.quantities().next().unwrap();
/// assert_eq!((money.value, money.unit.as_str()), (30_000_000.0, "元"));
/// assert_eq!((money.approx, money.approx_word.as_deref()), (Some(Approx::Under), Some("近")));
/// assert_eq!(&doc.text()[money.span.range()], "近3000万元");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The text as it stands in the cleaned document, approximation word included
    /// when it touches the number (`10余次`, `95%以上`).
    pub text: String,
    /// The value, fully expanded (万 = 10^4, 亿 = 10^8); the low end of a range.
    pub value: f64,
    /// The high end of a range (`10—20人`), absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The unit, less any magnitude word (`万元` → `元`); empty for none.
    pub unit: String,
    /// Whether the amount is stated as approximate.
    pub approx: Option<Approx>,
    /// The word that made it approximate (`余`, `以上`, `近`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approx_word: Option<String>,
    /// What the quantity measures.
    pub kind: QuantityKind,
    /// The dimension, for measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// Where `text` stands in the cleaned text.
    pub span: Span,
    /// Where it came from in the original input.
    pub original_span: Span,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.text, self.value)?;
        if let Some(max) = self.max {
            write!(f, "–{max}")?;
        }
        if !self.unit.is_empty() {
            write!(f, " {}", self.unit)?;
        }
        if let Some(approx) = self.approx {
            write!(f, ", {}", approx.as_str())?;
        }
        f.write_str(")")
    }
}
