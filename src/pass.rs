//! The pass trait: one stage of the cleaning pipeline.

use std::fmt;

use crate::Document;

/// How many times a pass that runs to its fixed point may rework its own output
/// before it stops.
pub(crate) const MAX_ROUNDS: usize = 4;

/// One stage of the pipeline.
///
/// A pass reads the document's current text and asks for changes through
/// [`Document::apply`], which logs every change as an [`Edit`](crate::Edit) with its
/// provenance. A pass may also fill in the document's metadata. Passes are built
/// once (with whatever tables they need) and shared across documents and threads.
///
/// The built-in passes ([`LineEndings`](crate::LineEndings),
/// [`Normalize`](crate::Normalize), [`Boilerplate`](crate::Boilerplate),
/// [`Reflow`](crate::Reflow), [`Correct`](crate::Correct),
/// [`Extractor`](crate::Extractor), [`Structure`](crate::Structure)) implement it;
/// [`CleanerBuilder::pass`](crate::CleanerBuilder::pass) adds one of your own, run
/// after the cleaning passes and before the quantities and the outline are read.
///
/// # Example: a pass of your own
///
/// A pass that removes the `（完）` a news wire prints at the end of a story. It
/// asks for [`Change`](crate::Change)s over the current text, with spans in that
/// text; the log keeps each as an [`Edit`](crate::Edit) whose span is in the
/// original, so the original can still be rebuilt.
///
/// ```
/// use zhdoc::{Change, Cleaner, Document, EditKind, Pass};
///
/// #[derive(Debug)]
/// struct WireEndMark;
///
/// impl Pass for WireEndMark {
///     fn name(&self) -> &'static str {
///         "wire-end-mark"
///     }
///
///     fn run(&self, doc: &mut Document) {
///         let changes: Vec<Change> = doc
///             .text()
///             .match_indices("（完）")
///             .map(|(at, mark)| Change::delete(at..at + mark.len(), "a wire's end mark"))
///             .collect();
///         doc.apply(EditKind::Boilerplate, changes);
///     }
/// }
///
/// let cleaner = Cleaner::builder().pass(WireEndMark).build();
/// assert!(cleaner.pass_names().contains(&"wire-end-mark"));
///
/// let input = "全年完成投资120亿元。（完）\n";
/// let doc = cleaner.clean_str(input);
/// assert_eq!(doc.text(), "全年完成投资120亿元。\n");
///
/// let edit = doc.edits().iter().find(|e| e.why == "a wire's end mark").unwrap();
/// assert_eq!((edit.kind, edit.before.as_ref(), edit.after.as_ref()), (EditKind::Boilerplate, "（完）", ""));
/// assert_eq!(&input[edit.original.range()], "（完）");
/// assert_eq!(zhdoc::rebuild_original(doc.text(), doc.edits())?, input);
/// # Ok::<(), zhdoc::RebuildError>(())
/// ```
pub trait Pass: fmt::Debug + Send + Sync {
    /// A short name for reports and debugging ([`Cleaner::pass_names`](crate::Cleaner::pass_names)).
    fn name(&self) -> &'static str;

    /// Runs the pass over one document: reads [`Document::text`], changes it
    /// through [`Document::apply`], and may fill in [`Document::meta_mut`].
    fn run(&self, doc: &mut Document);
}
