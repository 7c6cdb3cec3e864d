//! Helpers for the unit tests of the passes.

use crate::{Change, Document, EditKind, Pass, Span, rebuild_original};

/// One row of a table-driven test: a named input and the text a pass should make of it.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) input: &'static str,
    pub(crate) want: &'static str,
}

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

/// Applies `changes` (as corrections) to `input`, checks that the edit log
/// rebuilds the input, and returns the text.
pub(crate) fn applied(input: &str, changes: Vec<Change>) -> String {
    let mut doc = Document::new(input, "UTF-8");
    doc.apply(EditKind::Correct, changes);
    assert_eq!(
        rebuild_original(doc.text(), doc.edits()).unwrap(),
        input,
        "the changes do not rebuild the input"
    );
    doc.text().to_owned()
}

/// Checks a rule of the corrector (a function that adds the changes starting
/// inside a span) on a table of inputs, each read whole, and the texts it should
/// make of them.
pub(crate) fn check_rule(rule: impl Fn(&str, Span, &mut Vec<Change>), cases: &[(&str, &str)]) {
    for &(input, want) in cases {
        let mut out = Vec::new();
        rule(input, Span::new(0, input.len()), &mut out);
        assert_eq!(applied(input, out), want, "{input}");
    }
}
