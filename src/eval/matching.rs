//! One-to-one, in-order matching of predictions against gold: quantities and headings.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::cer::normalize_for_comparison;
use super::gold::{GoldHeading, GoldQuantity};
use crate::{Heading, Quantity};

/// How many gold items there were, how many predictions, and how many of the
/// predictions matched a gold item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Counts {
    /// Items in the gold.
    pub gold: usize,
    /// Items predicted (for quantities: only those whose kind is a quantity).
    pub predicted: usize,
    /// Predictions matched one-to-one, in order, with a gold item.
    pub matched: usize,
}

impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            gold: self.gold + other.gold,
            predicted: self.predicted + other.predicted,
            matched: self.matched + other.matched,
        }
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        *self = *self + other;
    }
}

/// Whether a predicted quantity matches a gold one (SPEC.md §3): the values (and
/// the range maxima, both absent or both present) equal to 1e-9 relative, the units
/// equal after NFKC, and the same approximation. The kind is not compared: callers
/// drop non-quantity kinds first, as [`match_quantities`] does.
pub fn quantity_matches(predicted: &Quantity, gold: &GoldQuantity) -> bool {
    let max_equal = match (predicted.max, gold.max) {
        (None, None) => true,
        (Some(a), Some(b)) => close(a, b),
        _ => false,
    };
    close(predicted.value, gold.value)
        && max_equal
        && predicted.approx.map(|a| a.as_str()) == gold.approx.map(|a| a.as_str())
        && predicted.unit.nfkc().eq(gold.unit.nfkc())
}

/// Equality to 1e-9 relative to the larger magnitude; exact for zero.
fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// Scores predicted quantities against gold ones.
///
/// Predictions whose kind is not a quantity (years, dates, ordinals, identifiers:
/// [`QuantityKind::is_quantity`](crate::QuantityKind::is_quantity)) are dropped
/// and not counted. The rest are matched one-to-one and in document order with
/// [`quantity_matches`]: `matched` is the size of the largest order-preserving
/// matching, the longest common subsequence under that equality.
pub fn match_quantities(predicted: &[Quantity], gold: &[GoldQuantity]) -> Counts {
    let predicted: Vec<&Quantity> = predicted.iter().filter(|q| q.kind.is_quantity()).collect();
    Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        matched: lcs_len(&predicted, gold, |p, g| quantity_matches(p, g)),
    }
}

/// A heading's text as compared: [`normalize_for_comparison`], then any trailing
/// `。．.；;：:，,` stripped, so that a run-in heading `1、与舆论宣传相结合。` is
/// `1、与舆论宣传相结合`.
pub fn normalize_heading(text: &str) -> String {
    let mut s = normalize_for_comparison(text);
    let kept = s
        .trim_end_matches(['。', '．', '.', '；', ';', '：', ':', '，', ','])
        .len();
    s.truncate(kept);
    s
}

/// Scores predicted headings against gold ones: a match needs the same level and
/// the same [`normalize_heading`] text; matching is one-to-one and in order, as
/// for [`match_quantities`].
pub fn match_headings(predicted: &[Heading], gold: &[GoldHeading]) -> Counts {
    let predicted: Vec<(u8, String)> = predicted
        .iter()
        .map(|h| (h.level, normalize_heading(&h.text)))
        .collect();
    let gold: Vec<(u8, String)> = gold
        .iter()
        .map(|h| (h.level, normalize_heading(&h.text)))
        .collect();
    Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        matched: lcs_len(&predicted, &gold, |p, g| p == g),
    }
}

/// The length of the longest common subsequence of `a` and `b` under `eq`: the
/// largest one-to-one matching that keeps both orders. O(|a|·|b|) time, O(|b|)
/// space; the lists are a document's quantities or headings, hundreds at most.
fn lcs_len<A, B>(a: &[A], b: &[B], eq: impl Fn(&A, &B) -> bool) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if eq(x, y) {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Approx, QuantityKind, Span};

    fn q(value: f64, unit: &str, approx: Option<Approx>) -> Quantity {
        Quantity {
            text: String::new(),
            value,
            max: None,
            unit: unit.to_owned(),
            approx,
            approx_word: None,
            kind: QuantityKind::Count,
            dimension: None,
            span: Span::default(),
            original_span: Span::default(),
        }
    }

    fn g(value: f64, unit: &str, approx: Option<Approx>) -> GoldQuantity {
        GoldQuantity {
            text: String::new(),
            value,
            max: None,
            unit: unit.to_owned(),
            approx,
        }
    }

    fn with_max(mut x: Quantity, max: f64) -> Quantity {
        x.max = Some(max);
        x
    }

    fn gold_max(mut x: GoldQuantity, max: f64) -> GoldQuantity {
        x.max = Some(max);
        x
    }

    fn kind(mut x: Quantity, kind: QuantityKind) -> Quantity {
        x.kind = kind;
        x
    }

    struct Row {
        name: &'static str,
        predicted: Vec<Quantity>,
        gold: Vec<GoldQuantity>,
        want: Counts,
    }

    fn counts(gold: usize, predicted: usize, matched: usize) -> Counts {
        Counts {
            gold,
            predicted,
            matched,
        }
    }

    #[test]
    fn quantity_matching_table() {
        use Approx::*;
        let rows = vec![
            Row {
                name: "exact match",
                predicted: vec![q(10.0, "次", Some(Over))],
                gold: vec![g(10.0, "次", Some(Over))],
                want: counts(1, 1, 1),
            },
            Row {
                name: "value within 1e-9 relative",
                predicted: vec![q(6358000000.0 * (1.0 + 5e-10), "元", None)],
                gold: vec![g(6358000000.0, "元", None)],
                want: counts(1, 1, 1),
            },
            Row {
                name: "value off by more than 1e-9 relative",
                predicted: vec![q(6358000000.0 * (1.0 + 5e-9), "元", None)],
                gold: vec![g(6358000000.0, "元", None)],
                want: counts(1, 1, 0),
            },
            Row {
                name: "zero equals zero only",
                predicted: vec![q(0.0, "", None), q(1e-300, "", None)],
                gold: vec![g(0.0, "", None), g(0.0, "", None)],
                want: counts(2, 2, 1),
            },
            Row {
                name: "unit equal after NFKC",
                predicted: vec![q(8.7, "％", None), q(3.0, "㎏", None)],
                gold: vec![g(8.7, "%", None), g(3.0, "kg", None)],
                want: counts(2, 2, 2),
            },
            Row {
                name: "unit differs",
                predicted: vec![q(5.0, "人", None)],
                gold: vec![g(5.0, "人次", None)],
                want: counts(1, 1, 0),
            },
            Row {
                name: "approx differs",
                predicted: vec![q(10.0, "次", Some(About)), q(10.0, "次", None)],
                gold: vec![g(10.0, "次", Some(Over)), g(10.0, "次", Some(Under))],
                want: counts(2, 2, 0),
            },
            Row {
                name: "max both present and equal",
                predicted: vec![with_max(q(10.0, "人", None), 20.0)],
                gold: vec![gold_max(g(10.0, "人", None), 20.0)],
                want: counts(1, 1, 1),
            },
            Row {
                name: "max predicted, not in gold",
                predicted: vec![with_max(q(10.0, "人", None), 20.0)],
                gold: vec![g(10.0, "人", None)],
                want: counts(1, 1, 0),
            },
            Row {
                name: "max in gold, not predicted",
                predicted: vec![q(10.0, "人", None)],
                gold: vec![gold_max(g(10.0, "人", None), 20.0)],
                want: counts(1, 1, 0),
            },
            Row {
                name: "max differs",
                predicted: vec![with_max(q(10.0, "人", None), 30.0)],
                gold: vec![gold_max(g(10.0, "人", None), 20.0)],
                want: counts(1, 1, 0),
            },
            Row {
                name: "order matters: a crossed pair matches once",
                predicted: vec![q(1.0, "次", None), q(2.0, "次", None)],
                gold: vec![g(2.0, "次", None), g(1.0, "次", None)],
                want: counts(2, 2, 1),
            },
            Row {
                name: "one-to-one: a repeated prediction matches one gold",
                predicted: vec![q(5.0, "人", None), q(5.0, "人", None)],
                gold: vec![g(5.0, "人", None)],
                want: counts(1, 2, 1),
            },
            Row {
                name: "one-to-one: one prediction for two golds",
                predicted: vec![q(5.0, "人", None)],
                gold: vec![g(5.0, "人", None), g(5.0, "人", None)],
                want: counts(2, 1, 1),
            },
            Row {
                name: "best matching, not greedy",
                // Greedy would match the first prediction to the last gold and stop.
                predicted: vec![q(3.0, "", None), q(1.0, "", None), q(2.0, "", None)],
                gold: vec![g(1.0, "", None), g(2.0, "", None), g(3.0, "", None)],
                want: counts(3, 3, 2),
            },
            Row {
                name: "non-quantity kinds are dropped",
                predicted: vec![
                    kind(q(2005.0, "年", None), QuantityKind::Year),
                    kind(q(3.0, "月", None), QuantityKind::Date),
                    kind(q(2.0, "", None), QuantityKind::Ordinal),
                    kind(q(4426.0, "", None), QuantityKind::Identifier),
                    kind(q(8.7, "%", None), QuantityKind::Percent),
                ],
                gold: vec![g(2005.0, "年", None), g(8.7, "%", None)],
                want: counts(2, 1, 1),
            },
            Row {
                name: "nothing predicted",
                predicted: vec![],
                gold: vec![g(1.0, "次", None)],
                want: counts(1, 0, 0),
            },
        ];
        for row in rows {
            assert_eq!(
                match_quantities(&row.predicted, &row.gold),
                row.want,
                "{}",
                row.name
            );
        }
    }

    fn h(level: u8, text: &str) -> Heading {
        Heading {
            level,
            text: text.to_owned(),
            span: Span::default(),
            original_span: Span::default(),
        }
    }

    fn gh(level: u8, text: &str) -> GoldHeading {
        GoldHeading {
            level,
            text: text.to_owned(),
        }
    }

    #[test]
    fn heading_matching_table() {
        let rows: Vec<(&str, Vec<Heading>, Vec<GoldHeading>, Counts)> = vec![
            (
                "same level and text",
                vec![h(1, "一、2009年工作回顾")],
                vec![gh(1, "一、2009年工作回顾")],
                counts(1, 1, 1),
            ),
            (
                "trailing punctuation stripped from both",
                vec![h(3, "1、与舆论宣传相结合"), h(2, "（一）促进发展；")],
                vec![gh(3, "1、与舆论宣传相结合。"), gh(2, "(一)促进发展．")],
                counts(2, 2, 2),
            ),
            (
                "white space and width do not count",
                vec![h(1, "一、 ２００９年 工作回顾")],
                vec![gh(1, "一、2009年工作回顾")],
                counts(1, 1, 1),
            ),
            (
                "level differs",
                vec![h(2, "一、总体要求")],
                vec![gh(1, "一、总体要求")],
                counts(1, 1, 0),
            ),
            (
                "text differs",
                vec![h(1, "一、总体要求")],
                vec![gh(1, "二、总体要求")],
                counts(1, 1, 0),
            ),
            (
                "inner punctuation kept",
                vec![h(1, "一、加强领导全面发动")],
                vec![gh(1, "一、加强领导，全面发动")],
                counts(1, 1, 0),
            ),
            (
                "in order, one-to-one",
                vec![h(1, "一、甲"), h(1, "二、乙"), h(1, "二、乙")],
                vec![gh(1, "二、乙"), gh(1, "一、甲")],
                counts(2, 3, 1),
            ),
        ];
        for (name, predicted, gold, want) in rows {
            assert_eq!(match_headings(&predicted, &gold), want, "{name}");
        }
    }

    #[test]
    fn heading_normalisation() {
        assert_eq!(
            normalize_heading("1、与舆论宣传相结合。"),
            "1、与舆论宣传相结合"
        );
        assert_eq!(normalize_heading("（1）规划：，"), "(1)规划");
        assert_eq!(normalize_heading("。"), "");
    }

    #[test]
    fn lcs_is_the_longest_common_subsequence() {
        let rows: &[(&str, &str, usize)] = &[
            ("", "", 0),
            ("abc", "", 0),
            ("abcbdab", "bdcaba", 4),
            ("abc", "abc", 3),
            ("abc", "cba", 1),
        ];
        for &(a, b, want) in rows {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            assert_eq!(lcs_len(&a, &b, |x, y| x == y), want, "{a:?} {b:?}");
        }
    }
}
