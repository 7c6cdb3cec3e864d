//! placeholder for the reflow pass (issue 2)

use crate::{Document, Pass};

/// The reflow pass.
#[derive(Clone, Debug, Default)]
pub struct Reflow;

impl Reflow {
    /// Creates the pass.
    pub fn new() -> Reflow {
        Reflow
    }
}

impl Pass for Reflow {
    fn name(&self) -> &'static str {
        "reflow"
    }
    fn run(&self, _doc: &mut Document) {}
}
