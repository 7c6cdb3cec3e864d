//! The first pass: the byte order mark and line endings.

use crate::{Change, Document, EditKind, Pass};

/// Removes the byte order mark and the bytes decoding could not read, and turns
/// `\r\n` and lone `\r` into `\n`.
///
/// Runs first in the pipeline, so that every later pass sees `\n` line breaks
/// only. Each change is logged as an [`EditKind::Decode`] edit: a leading U+FEFF
/// (a run of them, as re-saved files carry) is deleted, the `\r` of a `\r\n` is
/// deleted, a lone `\r` is replaced by `\n`, and a run of bytes that decoding
/// kept escaped (see [`Decoded::text`](crate::Decoded::text)) is deleted with the
/// bytes named in the edit's `why` (`undecodable bytes E6 96`). U+FEFF elsewhere in the text is left to
/// [`Normalize`](crate::Normalize). Running the pass on its own output changes nothing.
///
/// # Example
///
/// ```
/// use zhdoc::{Document, LineEndings, Pass};
///
/// let mut doc = Document::new("\u{feff}一\r\n二\r三", "UTF-8");
/// LineEndings.run(&mut doc);
/// assert_eq!(doc.text(), "一\n二\n三");
/// assert_eq!(doc.edits().len(), 3);
/// assert_eq!(zhdoc::rebuild_original(doc.text(), doc.edits()).unwrap(), doc.original());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct LineEndings;

impl LineEndings {
    /// The pass (it has no tables).
    pub fn new() -> LineEndings {
        LineEndings
    }
}

impl Pass for LineEndings {
    fn name(&self) -> &'static str {
        "line-endings"
    }

    fn run(&self, doc: &mut Document) {
        let changes = changes(doc.text());
        doc.apply(EditKind::Decode, changes);
    }
}

/// The changes the pass makes to `text`, in order.
fn changes(text: &str) -> Vec<Change> {
    let mut out = Vec::new();
    let bom_len = text.len() - text.trim_start_matches('\u{FEFF}').len();
    if bom_len > 0 {
        out.push(Change::delete(0..bom_len, "byte order mark"));
    }
    let bytes = text.as_bytes();
    let mut from = bom_len;
    while let Some(i) = memchr::memchr(b'\r', &bytes[from..]) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b'\n') {
            out.push(Change::delete(at..at + 1, "CRLF line ending"));
            from = at + 2;
        } else {
            out.push(Change::replace(at..at + 1, "\n", "CR line ending"));
            from = at + 1;
        }
    }
    escaped_runs(text, &mut out);
    out
}

/// Deletes each run of escaped bytes, naming the bytes.
fn escaped_runs(text: &str, out: &mut Vec<Change>) {
    // An escaped byte is U+10FE00–U+10FEFF: F4 8F B8–BB xx in UTF-8.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(0xF4, &bytes[from..]) {
        let start = from + i;
        let mut end = start;
        let mut run = Vec::new();
        while let Some(b) = text[end..]
            .chars()
            .next()
            .and_then(crate::decode::escaped_byte)
        {
            run.push(b);
            end += 4;
        }
        if run.is_empty() {
            from = start + 1;
            continue;
        }
        let why = if run == [0] {
            "NUL byte 00".to_owned()
        } else {
            let hex: Vec<String> = run.iter().map(|b| format!("{b:02X}")).collect();
            format!("undecodable bytes {}", hex.join(" "))
        };
        out.push(Change::delete(start..end, why));
        from = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rebuild_original;

    fn run(input: &str) -> Document {
        let mut doc = Document::new(input, "UTF-8");
        LineEndings.run(&mut doc);
        doc
    }

    #[test]
    fn table() {
        // (name, input, output, edits)
        let rows: &[(&str, &str, &str, usize)] = &[
            ("empty", "", "", 0),
            ("lf_only", "一\n二\n", "一\n二\n", 0),
            ("crlf", "一\r\n二\r\n", "一\n二\n", 2),
            ("lone_cr", "一\r二\r", "一\n二\n", 2),
            ("mixed", "a\r\nb\rc\nd\r\r\ne", "a\nb\nc\nd\n\ne", 4),
            ("cr_cr", "\r\r", "\n\n", 2),
            ("bom", "\u{feff}中文", "中文", 1),
            ("double_bom", "\u{feff}\u{feff}中文", "中文", 1),
            ("bom_only", "\u{feff}", "", 1),
            ("bom_then_crlf", "\u{feff}\r\n中", "\n中", 2),
            ("inner_feff_is_kept", "中\u{feff}文", "中\u{feff}文", 0),
            ("trailing_cr", "中文\r", "中文\n", 1),
        ];
        for &(name, input, want, edits) in rows {
            let doc = run(input);
            assert_eq!(doc.text(), want, "{name}");
            assert_eq!(doc.edits().len(), edits, "{name}: edits");
            assert!(
                doc.edits().iter().all(|e| e.kind == EditKind::Decode),
                "{name}: kind"
            );
            assert_eq!(
                rebuild_original(doc.text(), doc.edits()).unwrap(),
                input,
                "{name}: rebuild"
            );
            let again = run(doc.text());
            assert_eq!(again.text(), doc.text(), "{name}: idempotent");
            assert!(again.edits().is_empty(), "{name}: idempotent edits");
        }
    }

    #[test]
    fn edits_point_into_the_original() {
        let doc = run("\u{feff}a\r\nb\rc");
        let e = doc.edits();
        assert_eq!((e[0].original.start, e[0].original.end), (0, 3));
        assert_eq!((&*e[1].before, &*e[1].after), ("\r", ""));
        assert_eq!((e[1].original.start, e[1].original.end), (4, 5));
        assert_eq!((&*e[2].before, &*e[2].after), ("\r", "\n"));
        assert_eq!((e[2].original.start, e[2].original.end), (7, 8));
        // The line feed of a CRLF is a copy: it maps exactly.
        let lf = doc.text().find('\n').unwrap();
        assert_eq!(
            doc.original_span(crate::Span::new(lf, lf + 1)),
            crate::Span::new(5, 6)
        );
    }
}
