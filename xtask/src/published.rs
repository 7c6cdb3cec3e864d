//! Published confusion data, copied into `xtask/data/` with their licences (Apache-2.0):
//! pycorrector's same-stroke groups and char_similar's per-character glyph features.

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// pycorrector's same-stroke groups and char_similar's features, loaded.
pub(crate) struct Published {
    /// Character → the indices of the same-stroke groups it is in.
    stroke_groups: HashMap<char, Vec<usize>>,
    four_corner: HashMap<char, Vec<u8>>,
    radical: HashMap<char, String>,
    structure: HashMap<char, String>,
    parts: HashMap<char, HashSet<String>>,
    /// The decompositions in their order (`下` → 一 卜).
    decomposition: HashMap<char, Vec<String>>,
}

/// Components of one stroke: what a faded or broken print loses whole.
const ONE_STROKE: &str = "一丨丿丶乙亅乚乛㇀㇁㇂㇃㇄㇅㇆㇇㇈㇉㇊㇋㇌㇍㇎㇏乀乁";

fn read(root: &Path, rel: &str) -> Result<String, String> {
    let p = root.join("xtask/data").join(rel);
    std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

fn json_map(root: &Path, rel: &str) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    match serde_json::from_str(&read(root, rel)?).map_err(|e| format!("{rel}: {e}"))? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Err(format!("{rel}: not a JSON object")),
    }
}

fn strings(root: &Path, rel: &str) -> Result<HashMap<char, String>, String> {
    Ok(json_map(root, rel)?
        .into_iter()
        .filter_map(|(k, v)| Some((single(&k)?, v.as_str()?.to_string())))
        .collect())
}

impl Published {
    pub(crate) fn load(root: &Path) -> Result<Self, String> {
        let mut stroke_groups: HashMap<char, Vec<usize>> = HashMap::new();
        let same_stroke = read(root, "pycorrector/pycorrector_data_same_stroke.txt")?;
        for (g, line) in same_stroke
            .lines()
            .filter(|l| !l.starts_with('#'))
            .enumerate()
        {
            for c in line.split('\t').filter_map(|f| single(f.trim())) {
                stroke_groups.entry(c).or_default().push(g);
            }
        }
        let four_corner = strings(root, "char_similar/char_fourangle.dict")?
            .into_iter()
            .map(|(c, v)| (c, v.bytes().collect()))
            .collect();
        let decomposition: HashMap<char, Vec<String>> =
            json_map(root, "char_similar/char_stroke.dict")?
                .into_iter()
                .filter_map(|(k, v)| {
                    let list = v
                        .as_array()?
                        .iter()
                        .filter_map(|p| Some(p.as_str()?.to_string()))
                        .collect();
                    Some((single(&k)?, list))
                })
                .collect();
        let parts = decomposition
            .iter()
            .map(|(&c, list)| (c, list.iter().cloned().collect()))
            .collect();
        Ok(Published {
            stroke_groups,
            four_corner,
            radical: strings(root, "char_similar/char_component.dict")?,
            structure: strings(root, "char_similar/char_struct.dict")?,
            parts,
            decomposition,
        })
    }

    /// The radicals char_similar names (纟, 亻, 氵, …): left halves that OCR reads alone.
    pub(crate) fn radicals(&self) -> Vec<char> {
        let mut r: Vec<char> = self.radical.values().filter_map(|v| single(v)).collect();
        r.sort_unstable();
        r.dedup();
        r
    }

    /// The same-stroke groups, as characters.
    pub(crate) fn stroke_group_pairs(&self) -> Vec<(char, char)> {
        let mut groups: HashMap<usize, Vec<char>> = HashMap::new();
        for (&c, gs) in &self.stroke_groups {
            for &g in gs {
                groups.entry(g).or_default().push(c);
            }
        }
        let mut pairs: Vec<(char, char)> = groups
            .values()
            .flat_map(|g| {
                g.iter()
                    .flat_map(move |&a| g.iter().filter(move |&&b| b != a).map(move |&b| (a, b)))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// The pairs (observed, intended) where the observed character is the intended one with
    /// one stroke lost (卜 for 下, 白 for 百, 小 for 少): char_similar decomposes the intended
    /// character into the observed one and a one-stroke component, and Unihan's stroke counts
    /// agree (which drops the radical forms the decompositions write as whole characters, 手
    /// for the 扌 of 扎). Sorted.
    pub(crate) fn stroke_losses(&self, strokes: &HashMap<char, u32>) -> Vec<(char, char)> {
        let mut pairs = Vec::new();
        for (&c, list) in &self.decomposition {
            let Some(&n) = strokes.get(&c) else { continue };
            for (k, part) in list.iter().enumerate() {
                if !single(part).is_some_and(|p| ONE_STROKE.contains(p)) || list.len() != 2 {
                    continue;
                }
                let Some(rest) = single(&list[1 - k]) else {
                    continue;
                };
                if rest != c && strokes.get(&rest).is_some_and(|&m| m + 1 == n) {
                    pairs.push((rest, c));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// 1 if pycorrector puts the two characters in one same-stroke group.
    pub(crate) fn same_stroke(&self, a: char, b: char) -> bool {
        match (self.stroke_groups.get(&a), self.stroke_groups.get(&b)) {
            (Some(ga), Some(gb)) => ga.iter().any(|g| gb.contains(g)),
            _ => false,
        }
    }

    /// The shape features the corrector's open channel reads for `c`: its four-corner code
    /// and its components (char_similar's decomposition and radical, single characters
    /// only, sorted). `None` when char_similar has no four-corner code for it.
    pub(crate) fn features(&self, c: char) -> Option<(String, String)> {
        let corner = String::from_utf8(self.four_corner.get(&c)?.clone()).ok()?;
        let mut parts: Vec<char> = self
            .decomposition
            .get(&c)
            .into_iter()
            .flatten()
            .chain(self.radical.get(&c))
            .filter_map(|p| single(p))
            .filter(|&p| p != c)
            .collect();
        parts.sort_unstable();
        parts.dedup();
        Some((corner, parts.into_iter().collect()))
    }

    /// char_similar's shape agreement, 0–1: the mean of four-corner code agreement (same digits
    /// in the first four places / 4), same radical, same structure, and the Jaccard overlap of
    /// the decompositions. `None` when either character lacks the features.
    pub(crate) fn shape(&self, a: char, b: char) -> Option<f64> {
        let fa = self.four_corner.get(&a)?;
        let fb = self.four_corner.get(&b)?;
        let corner = fa.iter().zip(fb).take(4).filter(|(x, y)| x == y).count() as f64 / 4.0;
        let radical = f64::from(u8::from(self.radical.get(&a)? == self.radical.get(&b)?));
        let structure = f64::from(u8::from(self.structure.get(&a)? == self.structure.get(&b)?));
        let parts = match (self.parts.get(&a), self.parts.get(&b)) {
            (Some(pa), Some(pb)) if !pa.is_empty() || !pb.is_empty() => {
                pa.intersection(pb).count() as f64 / pa.union(pb).count() as f64
            }
            _ => 0.0,
        };
        Some((corner + radical + structure + parts) / 4.0)
    }
}
