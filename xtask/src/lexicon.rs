//! `cargo xtask gen lexicon`: the lexicon's prebuilt image (`src/data/lexicon.bin`: its
//! double-array trie with each word's frequency and part of speech, read in place by
//! `src/lexicon.rs`) and the quantity extractor's guard words (`src/data/guard_words.txt`), both
//! from jieba's dictionary (`src/data/jieba/dict.txt`, MIT).
//!
//! The layout code is the library's own (`zhdoc::generated_tables`, hidden), so that
//! the image is what the library would build; the library's tests also check that the
//! checked-in files are its regeneration.

use std::path::Path;

use crate::Output;

/// The dictionary the lexicon is made from.
const DICT: &str = "src/data/jieba/dict.txt";

pub(crate) fn generate(root: &Path) -> Result<Vec<Output>, String> {
    let path = root.join(DICT);
    let dict = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let tables = zhdoc::generated_tables(&dict)?;
    Ok(tables
        .into_iter()
        .map(|(path, bytes)| Output { path, bytes })
        .collect())
}
