//! placeholder for the normalize pass (issue 2)

use crate::{Document, Pass};

/// The normalize pass.
#[derive(Clone, Debug, Default)]
pub struct Normalize;

impl Normalize {
    /// Creates the pass.
    pub fn new() -> Normalize {
        Normalize
    }
}

impl Pass for Normalize {
    fn name(&self) -> &'static str {
        "normalize"
    }
    fn run(&self, _doc: &mut Document) {}
}
