//! The unit lexicon and the words read around a number, from the data files
//! `units.tsv` and `words.tsv` beside this file.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::{Approx, Dimension, QuantityKind};

static UNITS: &str = include_str!("units.tsv");
static WORDS: &str = include_str!("words.tsv");

/// What a unit says about the quantity it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    pub kind: QuantityKind,
    pub dimension: Option<Dimension>,
}

/// The data tables, parsed once.
#[derive(Debug)]
pub(crate) struct Tables {
    units: FxHashMap<&'static str, Unit>,
    /// The longest unit, in bytes.
    max_unit: usize,
    /// Approximation words before the number, longest first.
    pub before: Vec<(&'static str, Approx)>,
    /// Approximation words after the number and its unit, longest first.
    pub after: Vec<(&'static str, Approx)>,
    pub not_amount: FxHashSet<&'static str>,
    pub name_heads: Vec<&'static str>,
    pub meetings: Vec<&'static str>,
    /// The first characters of the units, and of the words after a number; the
    /// last characters of the words before one: one look-up rules most places out.
    unit_first: FxHashSet<char>,
    pub after_first: FxHashSet<char>,
    pub before_last: FxHashSet<char>,
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn kind(name: &str) -> Option<QuantityKind> {
    Some(match name {
        "count" => QuantityKind::Count,
        "money" => QuantityKind::Money,
        "measure" => QuantityKind::Measure,
        "duration" => QuantityKind::Duration,
        "percent" => QuantityKind::Percent,
        "points" => QuantityKind::Points,
        "multiple" => QuantityKind::Multiple,
        _ => return None,
    })
}

fn dimension(name: &str) -> Option<Dimension> {
    Some(match name {
        "area" => Dimension::Area,
        "length" => Dimension::Length,
        "mass" => Dimension::Mass,
        "volume" => Dimension::Volume,
        "power" => Dimension::Power,
        "energy" => Dimension::Energy,
        "time" => Dimension::Time,
        "speed" => Dimension::Speed,
        _ => return None,
    })
}

fn approx(name: &str) -> Option<Approx> {
    Some(match name {
        "over" => Approx::Over,
        "under" => Approx::Under,
        "about" => Approx::About,
        _ => return None,
    })
}

impl Tables {
    pub(crate) fn new() -> Tables {
        let mut units = FxHashMap::default();
        let mut max_unit = 1;
        for row in rows(UNITS) {
            let (Some(&word), Some(k)) = (row.first(), row.get(1).and_then(|k| kind(k))) else {
                continue;
            };
            let dimension = row.get(2).and_then(|d| dimension(d));
            max_unit = max_unit.max(word.len());
            units.insert(word, Unit { kind: k, dimension });
        }
        let mut tables = Tables {
            units,
            max_unit,
            before: Vec::new(),
            after: Vec::new(),
            not_amount: FxHashSet::default(),
            name_heads: Vec::new(),
            meetings: Vec::new(),
            unit_first: FxHashSet::default(),
            after_first: FxHashSet::default(),
            before_last: FxHashSet::default(),
        };
        tables.unit_first = tables
            .units
            .keys()
            .filter_map(|u| u.chars().next())
            .collect();
        for row in rows(WORDS) {
            let (Some(&word), Some(&role)) = (row.first(), row.get(1)) else {
                continue;
            };
            if let Some(a) = role.strip_prefix("before-").and_then(approx) {
                tables.before.push((word, a));
            } else if let Some(a) = role.strip_prefix("after-").and_then(approx) {
                tables.after.push((word, a));
            } else {
                match role {
                    "not-amount" => {
                        tables.not_amount.insert(word);
                    }
                    "name-head" => tables.name_heads.push(word),
                    "meeting" => tables.meetings.push(word),
                    _ => {}
                }
            }
        }
        tables
            .before
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        tables
            .after
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        tables.meetings.sort_by_key(|w| std::cmp::Reverse(w.len()));
        tables.before_last = tables
            .before
            .iter()
            .filter_map(|(w, _)| w.chars().next_back())
            .collect();
        tables.after_first = tables
            .after
            .iter()
            .filter_map(|(w, _)| w.chars().next())
            .collect();
        tables
    }

    /// The longest unit that `text` starts with.
    pub(crate) fn unit_at<'t>(&self, text: &'t str) -> Option<(&'t str, Unit)> {
        if !self.unit_first.contains(&text.chars().next()?) {
            return None;
        }
        let mut end = text.len().min(self.max_unit);
        while end > 0 {
            if text.is_char_boundary(end) {
                let head = &text[..end];
                if let Some(&u) = self.units.get(head) {
                    // A Latin unit must end a word: `m` in `mg` is not metres.
                    let latin = head.bytes().all(|b| b.is_ascii_alphabetic() || b == b'/');
                    let next_letter = text[end..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic());
                    if !(latin && next_letter) {
                        return Some((head, u));
                    }
                }
            }
            end -= 1;
        }
        None
    }

    /// Whether `word` is a unit.
    pub(crate) fn is_unit(&self, word: &str) -> bool {
        self.units.contains_key(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse() {
        let t = Tables::new();
        assert_eq!(t.unit_at("平方公里的").map(|u| u.0), Some("平方公里"));
        assert_eq!(t.unit_at("个百分点").map(|u| u.0), Some("个百分点"));
        assert_eq!(t.unit_at("mg").map(|u| u.0), None);
        assert!(
            t.before
                .iter()
                .any(|(w, a)| *w == "将近" && *a == Approx::Under)
        );
        assert!(t.not_amount.contains("一些"));
    }
}
