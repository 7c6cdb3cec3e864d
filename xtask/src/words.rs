//! `cargo xtask gen words`: the corrector's word-pair model (`src/data/words.bin`,
//! read by `src/correct/words.rs`, which documents the model and its format).
//!
//! Counted over the laws and regulations of `../shared/corpus/laws` (public domain;
//! see `SOURCE.md` there), less the files the corpus factory rendered, so that its
//! pages measure the model on text it never read. Never over the dev excerpts or any
//! work or congress report: the dev corpus measures it too. Segmented by the
//! library's own lexicon, as the corrector segments at run time.

use std::path::Path;

use crate::Output;

pub(crate) fn generate(root: &Path) -> Result<Vec<Output>, String> {
    let paragraphs = crate::lm::law_paragraphs(root)?;
    let bytes = zhdoc::generated_word_pairs(paragraphs.iter().map(String::as_str));
    Ok(vec![Output {
        path: "src/data/words.bin",
        bytes,
    }])
}
