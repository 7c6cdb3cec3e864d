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
* [`eval`] scores the pipeline against gold files (`zhdoc eval`).

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
pub mod eval;
mod learn;
mod lexicon;
mod line_endings;
mod lines;
mod normalize;
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
pub use crate::chunk::{ParagraphChunks, paragraph_chunks};
pub use crate::cleaner::{Cleaner, CleanerBuilder};
pub use crate::correct::{Correct, CorrectBuilder};
pub use crate::decode::{DecodeOptions, Decoded, decode, decode_vec, decode_with};
pub use crate::document::{Document, Heading, Meta, Script, SiteHeader};
pub use crate::error::{Error, ErrorKind};
pub use crate::learn::{BoilerplateLearner, LearnedLine};
pub use crate::lexicon::Lexicon;
pub use crate::line_endings::LineEndings;
pub use crate::normalize::Normalize;
pub use crate::pass::Pass;
pub use crate::quantity::{Approx, Dimension, Extractor, NumberMatch, Quantity, QuantityKind};
pub use crate::reflow::Reflow;
pub use crate::span::Span;
pub use crate::structure::{
    Block, ListItem, MarkdownOptions, Outline, Paragraph, Section, Sentence, Structure,
};
pub use crate::text::{Change, Edit, EditKind, RebuildError, Text, rebuild_original};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
