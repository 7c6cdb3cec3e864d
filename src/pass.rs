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
pub trait Pass: fmt::Debug + Send + Sync {
    /// A short name for reports and debugging.
    fn name(&self) -> &'static str;

    /// Runs the pass over one document.
    fn run(&self, doc: &mut Document);
}
