//! Gold directories and gold files (SPEC.md §2).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Approx, Error, ErrorKind};

/// The suffix of a gold file: `NAME.gold.json` beside `NAME.txt`.
const GOLD_SUFFIX: &str = ".gold.json";
/// The suffix of an input file.
const INPUT_SUFFIX: &str = ".txt";

/// A parsed gold file: what the cleaner should make of one input.
///
/// Unknown fields are ignored, so gold files may carry notes of their own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Gold {
    /// The clean document.
    pub text: String,
    /// The quantities in document order; `None` when the file has none or `null`,
    /// and the document is then not scored on quantities.
    #[serde(default)]
    pub quantities: Option<Vec<GoldQuantity>>,
    /// The headings in document order; `None` when the file has none or `null`,
    /// and the document is then not scored on headings.
    #[serde(default)]
    pub headings: Option<Vec<GoldHeading>>,
    /// Free-form provenance.
    #[serde(default)]
    pub meta: serde_json::Value,
}

/// A quantity as a gold file lists it (ANNOTATION.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldQuantity {
    /// The quantity as written in the text (`10余次`); not used for matching.
    #[serde(default)]
    pub text: String,
    /// The value, fully expanded; the low end of a range.
    pub value: f64,
    /// The high end of a range, absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The unit less any magnitude word; `""` for none.
    #[serde(default)]
    pub unit: String,
    /// `over`, `under`, `about`, or `null` when exact.
    #[serde(default)]
    pub approx: Option<Approx>,
}

/// A heading as a gold file lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldHeading {
    /// The level: 1 is `一、`, 2 is `（一）`, 3 is `1.`/`1、`, 4 is `（1）`.
    pub level: u8,
    /// The heading's text, its number included.
    pub text: String,
}

impl Gold {
    /// Parses a gold file's JSON.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Gold`] error when the JSON is malformed or does not
    /// have the shape of SPEC.md §2, or when its `text` is empty or only white
    /// space (a CER over no gold characters is no score, and pooled with others it
    /// would count every character of the input as an error).
    pub fn from_json(json: &str) -> Result<Gold, Error> {
        let gold: Gold =
            serde_json::from_str(json).map_err(|e| Error::new(ErrorKind::Gold(e.to_string())))?;
        if gold.text.chars().all(char::is_whitespace) {
            return Err(Error::new(ErrorKind::Gold(
                "\"text\" is empty: a gold file holds the clean document".to_owned(),
            )));
        }
        Ok(gold)
    }

    /// Reads and parses a gold file. Errors name the file.
    ///
    /// # Errors
    ///
    /// Returns an [`ErrorKind::Io`] error when the file cannot be read and an
    /// [`ErrorKind::Gold`] error when it is not a gold file.
    pub fn read(path: impl AsRef<Path>) -> Result<Gold, Error> {
        let path = path.as_ref();
        let json = std::fs::read_to_string(path).map_err(|e| Error::from(e).with_path(path))?;
        Gold::from_json(&json).map_err(|e| e.with_path(path))
    }
}

/// One document of a gold directory: `NAME.txt` and its `NAME.gold.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldPair {
    /// `NAME`, the file names less their suffixes.
    pub name: String,
    /// The input, `NAME.txt`.
    pub input: PathBuf,
    /// The gold file, `NAME.gold.json`.
    pub gold: PathBuf,
}

/// Lists the documents of a gold directory, in name order.
///
/// Every `NAME.txt` must have a `NAME.gold.json` beside it and the other way
/// round; other files (a `README.md`, say) and subdirectories are ignored. The
/// files are not read.
///
/// # Errors
///
/// Returns an error naming the offending path when the directory cannot be read
/// ([`ErrorKind::Io`]), when an input has no gold file or a gold file no input, when
/// such a file's name is not UTF-8, or when the directory holds no pair at all
/// ([`ErrorKind::Gold`]).
pub fn gold_pairs(dir: impl AsRef<Path>) -> Result<Vec<GoldPair>, Error> {
    let dir = dir.as_ref();
    let io = |e: std::io::Error| Error::from(e).with_path(dir);
    let mut inputs: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut golds: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        if path.is_dir() {
            continue;
        }
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            let lossy = file_name.to_string_lossy();
            if lossy.ends_with(INPUT_SUFFIX) || lossy.ends_with(GOLD_SUFFIX) {
                return Err(gold_error(&path, "the file name is not UTF-8"));
            }
            continue;
        };
        if let Some(name) = file_name.strip_suffix(GOLD_SUFFIX) {
            golds.insert(name.to_owned(), path);
        } else if let Some(name) = file_name.strip_suffix(INPUT_SUFFIX) {
            inputs.insert(name.to_owned(), path);
        }
    }
    // Report the first problem in name order, so that the error is reproducible.
    let mut problems: BTreeMap<&str, Error> = BTreeMap::new();
    for (name, path) in &inputs {
        if !golds.contains_key(name) {
            let msg = format!("no gold file {name}{GOLD_SUFFIX} beside it");
            problems.insert(name, gold_error(path, &msg));
        }
    }
    for (name, path) in &golds {
        if !inputs.contains_key(name) {
            let msg = format!("no input {name}{INPUT_SUFFIX} beside it");
            problems
                .entry(name)
                .or_insert_with(|| gold_error(path, &msg));
        }
    }
    if let Some((_, error)) = problems.into_iter().next() {
        return Err(error);
    }
    if inputs.is_empty() {
        return Err(gold_error(
            dir,
            "no NAME.txt with a NAME.gold.json beside it: not a gold directory",
        ));
    }
    Ok(inputs
        .into_iter()
        .map(|(name, input)| {
            let gold = golds.remove(&name).unwrap_or_default();
            GoldPair { name, input, gold }
        })
        .collect())
}

fn gold_error(path: &Path, msg: &str) -> Error {
    Error::new(ErrorKind::Gold(msg.to_owned())).with_path(path)
}
