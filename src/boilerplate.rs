//! placeholder for the boilerplate pass (issue 2)

use crate::{Document, Pass};

/// The boilerplate pass.
#[derive(Clone, Debug, Default)]
pub struct Boilerplate;

impl Boilerplate {
    /// Creates the pass.
    pub fn new() -> Boilerplate {
        Boilerplate
    }
}

impl Pass for Boilerplate {
    fn name(&self) -> &'static str {
        "boilerplate"
    }
    fn run(&self, _doc: &mut Document) {}
}
