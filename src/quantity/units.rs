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

/// Words grouped by their first (or last) character, each group in the order
/// the words were given (longest first): the character read from the text picks
/// the few words that can match there.
#[derive(Debug)]
pub(crate) struct WordIndex<T> {
    groups: FxHashMap<char, Vec<(&'static str, T)>>,
}

impl<T: Copy> WordIndex<T> {
    /// Groups `words` by the character `key` picks from each.
    fn new(
        words: impl IntoIterator<Item = (&'static str, T)>,
        key: impl Fn(&str) -> Option<char>,
    ) -> WordIndex<T> {
        let mut groups: FxHashMap<char, Vec<(&'static str, T)>> = FxHashMap::default();
        for (word, value) in words {
            if let Some(c) = key(word) {
                groups.entry(c).or_default().push((word, value));
            }
        }
        WordIndex { groups }
    }

    /// The words whose key character is `c`, in order.
    #[inline]
    pub(crate) fn get(&self, c: char) -> &[(&'static str, T)] {
        self.groups.get(&c).map_or(&[], Vec::as_slice)
    }
}

fn first_char(word: &str) -> Option<char> {
    word.chars().next()
}

fn last_char(word: &str) -> Option<char> {
    word.chars().next_back()
}

/// The data tables, parsed once.
#[derive(Debug)]
pub(crate) struct Tables {
    units: FxHashMap<&'static str, Unit>,
    /// The units by their first character, longest first.
    units_by_first: WordIndex<Unit>,
    /// Approximation words before the number, longest first.
    pub before: Vec<(&'static str, Approx)>,
    /// The same by their last character.
    pub before_by_last: WordIndex<Approx>,
    /// Approximation words after the number and its unit, longest first.
    pub after: Vec<(&'static str, Approx)>,
    /// The same by their first character.
    pub after_by_first: WordIndex<Approx>,
    pub not_amount: FxHashSet<&'static str>,
    /// Name heads by their first character.
    pub name_heads: WordIndex<()>,
    pub meetings: Vec<&'static str>,
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
        let mut unit_list = Vec::new();
        for row in rows(UNITS) {
            let (Some(&word), Some(k)) = (row.first(), row.get(1).and_then(|k| kind(k))) else {
                continue;
            };
            let dimension = row.get(2).and_then(|d| dimension(d));
            let unit = Unit { kind: k, dimension };
            // A unit listed twice keeps its last row, as in the map.
            if units.insert(word, unit).is_some() {
                unit_list.retain(|&(w, _)| w != word);
            }
            unit_list.push((word, unit));
        }
        unit_list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut not_amount = FxHashSet::default();
        let mut name_heads = Vec::new();
        let mut meetings = Vec::new();
        for row in rows(WORDS) {
            let (Some(&word), Some(&role)) = (row.first(), row.get(1)) else {
                continue;
            };
            if let Some(a) = role.strip_prefix("before-").and_then(approx) {
                before.push((word, a));
            } else if let Some(a) = role.strip_prefix("after-").and_then(approx) {
                after.push((word, a));
            } else {
                match role {
                    "not-amount" => {
                        not_amount.insert(word);
                    }
                    "name-head" => name_heads.push((word, ())),
                    "meeting" => meetings.push(word),
                    _ => {}
                }
            }
        }
        before.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        after.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        meetings.sort_by_key(|w| std::cmp::Reverse(w.len()));
        Tables {
            units,
            units_by_first: WordIndex::new(unit_list, first_char),
            before_by_last: WordIndex::new(before.iter().copied(), last_char),
            before,
            after_by_first: WordIndex::new(after.iter().copied(), first_char),
            after,
            not_amount,
            name_heads: WordIndex::new(name_heads, first_char),
            meetings,
        }
    }

    /// The longest unit that `text` starts with.
    pub(crate) fn unit_at(&self, text: &str) -> Option<(&'static str, Unit)> {
        let first = text.chars().next()?;
        for &(word, u) in self.units_by_first.get(first) {
            let Some(rest) = text.strip_prefix(word) else {
                continue;
            };
            // A Latin unit must end a word: `m` in `mg` is not metres.
            let latin = word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'/');
            let next_letter = rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if !(latin && next_letter) {
                return Some((word, u));
            }
        }
        None
    }

    /// Whether `word` is a unit.
    pub(crate) fn is_unit(&self, word: &str) -> bool {
        self.units.contains_key(word)
    }

    /// The unit `word`, as the table writes it, if it is one.
    pub(crate) fn unit_named(&self, word: &str) -> Option<&'static str> {
        self.units.get_key_value(word).map(|(&w, _)| w)
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
