/*!
zhdoc turns OCR-damaged Chinese documents into clean, structured, measurable data.

Scanned reports, minutes and work summaries reach archives as OCR text, often
re-published by document-sharing sites: confusable characters (屮华 for 中华),
damaged numbers, site boilerplate and watermarks pasted into the text, page-chunk
numbers cutting sentences in two. zhdoc decodes such input whatever its encoding,
normalises it, strips the boilerplate and rejoins the text, and records every
change it makes, so that the original can be rebuilt and every span of the
cleaned text points back into it.

# Overview

* [`Cleaner`] runs the pipeline: [`decode`](Cleaner::clean), then a list of
  [`Pass`]es, each over one [`Text`] with provenance. Build it once, share it.
* [`Document`] is the result: the cleaned text, the original, the [`Edit`] log,
  the [`Meta`]data found, quantities and headings.
* [`Text`] is the text-with-provenance type; [`rebuild_original`] undoes its log.
* The passes, in order: [`LineEndings`], [`Normalize`], [`Boilerplate`], [`Reflow`],
  [`Correct`] (OCR confusions, a noisy-channel decision over the [`Lexicon`]).
* [`Extractor`] finds the quantities (numbers with their units, approximations,
  ranges; years, dates, ordinals and identifiers typed apart); the cleaner runs
  it last, so [`Document::quantities`] point into the cleaned text and the original.
* [`Structure`] builds the document's [`Outline`] (title, byline, sections by
  heading level, paragraphs, sentences, each with its spans) as the last pass;
  [`Document::to_markdown`] renders it.
* For batches: [`BoilerplateLearner`] learns the lines a batch's documents share
  (site furniture of an archive's own); [`Cleaner::clean_pieces`] and
  [`Cleaner::clean_chunked`] clean very large inputs in bounded pieces.
* [`eval`] scores the pipeline against gold files (`zhdoc eval`): the gold format
  and the metrics are fixed by [SPEC.md], what counts as a quantity by
  [ANNOTATION.md].
* [`Error`] is the one error type; [`Error::kind`] tells what went wrong.

Every type above has an example in its documentation; [`Pass`] shows how to write
a pass of one's own. The design (how each pass decides, how the corrector scores a
reading, what was measured) is in the crate's `docs/` directory:
[architecture], [corrector], [quantities], [structure].

[SPEC.md]: https://docs.rs/crate/zhdoc/latest/source/docs/SPEC.md
[ANNOTATION.md]: https://docs.rs/crate/zhdoc/latest/source/docs/ANNOTATION.md
[architecture]: https://docs.rs/crate/zhdoc/latest/source/docs/architecture.md
[corrector]: https://docs.rs/crate/zhdoc/latest/source/docs/corrector.md
[quantities]: https://docs.rs/crate/zhdoc/latest/source/docs/quantities.md
[structure]: https://docs.rs/crate/zhdoc/latest/source/docs/structure.md

# Example

```
use zhdoc::{Cleaner, EditKind};

let input = "欢迎来到天天文库\n市总工会按照上级工会的总体要求,结合实际。";
let doc = Cleaner::new().clean(input.as_bytes())?;
assert_eq!(doc.text(), "市总工会按照上级工会的总体要求，结合实际。");

// Every change is logged, and the original can be rebuilt from the output.
assert!(doc.edits().iter().any(|e| e.kind == EditKind::Boilerplate));
assert_eq!(zhdoc::rebuild_original(doc.text(), doc.edits())?, input);
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Cost of the first use

The tables (jieba's lexicon of about 350,000 words, jieba-rs' segmenter, the
confusion table) are built once per process, on first use, and shared by every
cleaner. See [`Cleaner::new`] for what that costs and [`Cleaner::prepare`] to pay
it at a time of one's choosing.

# Crate features

* `parallel` (default): a document of 4 KB to 1 MiB is cleaned on the caller's
  rayon thread pool (the corrector reads its pieces on all the pool's threads; the
  quantities and the outline are read side by side). The output is the same byte
  for byte whatever the number of threads. Without it, everything runs on the
  calling thread and rayon is not a dependency.
* `eval` (default): the [`eval`] module, which reads gold directories and scores
  the pipeline against them (what `zhdoc eval` runs). It brings in serde_json;
  without it the library does not depend on it.
*/

#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod binary;
mod boilerplate;
mod chars;
mod chunk;
mod cleaner;
mod correct;
mod decode;
mod document;
mod error;
#[cfg(feature = "eval")]
pub mod eval;
mod image;
mod learn;
mod lexicon;
mod line_endings;
mod lines;
mod normalize;
pub mod numeral;
mod parallel;
mod pass;
mod plausibility;
mod quantity;
mod reflow;
mod span;
mod structure;
#[cfg(test)]
mod testing;
mod text;
mod trie;

pub use crate::boilerplate::{Boilerplate, BoilerplateBuilder};
pub use crate::chunk::{Offsets, ParagraphChunks, Shared, paragraph_chunks};
pub use crate::cleaner::{Cleaner, CleanerBuilder};
#[doc(hidden)]
pub use crate::correct::words::generated_word_pairs;
pub use crate::correct::{Correct, CorrectBuilder};
pub use crate::decode::{DecodeOptions, Decoded, decode, decode_vec, decode_with};
pub use crate::document::{Document, Heading, Meta, Script, SiteHeader};
pub use crate::error::{Error, ErrorKind};
pub use crate::learn::{BoilerplateLearner, LearnedLine};
pub use crate::lexicon::Lexicon;
#[doc(hidden)]
pub use crate::lexicon::generated_tables;
pub use crate::line_endings::LineEndings;
pub use crate::normalize::Normalize;
pub use crate::pass::Pass;
pub use crate::quantity::{Approx, Dimension, Extractor, NumberMatch, Quantity, QuantityKind};
pub use crate::reflow::Reflow;
pub use crate::span::Span;
pub use crate::structure::{
    Article, Block, ListItem, MarkdownOptions, Outline, Paragraph, Section, Sentence, Structure,
};
pub use crate::text::{Change, Edit, EditKind, RebuildError, Text, rebuild_original};

// The Rust examples of the README and of the design notes in docs/ run as doctests,
// so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
#[cfg(doctest)]
#[doc = include_str!("../docs/corrector.md")]
struct CorrectorDoctests;
#[cfg(doctest)]
#[doc = include_str!("../docs/quantities.md")]
struct QuantitiesDoctests;
#[cfg(doctest)]
#[doc = include_str!("../docs/structure.md")]
struct StructureDoctests;
#[cfg(doctest)]
#[doc = include_str!("../docs/archives.md")]
struct ArchivesDoctests;
