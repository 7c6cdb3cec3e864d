//! Helpers for the unit tests of the passes.

use crate::{Document, Pass, rebuild_original};

/// Runs `pass` over `input` and checks that the edit log rebuilds the input.
pub(crate) fn run(pass: &dyn Pass, input: &str) -> Document {
    let mut doc = Document::new(input, "UTF-8");
    pass.run(&mut doc);
    assert_eq!(
        rebuild_original(doc.text(), doc.edits()).unwrap(),
        input,
        "{} does not rebuild its input",
        pass.name()
    );
    doc
}
