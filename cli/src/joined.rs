//! The JSON of a large input cleaned in pieces, written piece by piece.
//!
//! A document's JSON holds its text, its quantities, its outline, its original
//! and its edit log, one field after the other, and every piece adds to each
//! field. Rather than keep the pieces (about 13 times their text in memory) until
//! the last is cleaned, each piece's text is written to the output as it comes
//! and the rest of its fields are appended to files beside the output (spill
//! files, removed when done); the piece is then dropped, and at the end the
//! spill files are copied into the output in the document's field order. The
//! result is the JSON `serde_json` gives for the joined document, byte for byte
//! for one piece; for several, each piece's outline is its own (a section does
//! not continue across a cut), moved to where the piece stands.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use zhdoc::{Document, Meta, Offsets, Script};

/// The fields written after the text, in the document's order, each through a
/// spill file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Quantities,
    Headings,
    Sections,
    Articles,
    Original,
    Edits,
}

const FIELDS: [Field; 6] = [
    Field::Quantities,
    Field::Headings,
    Field::Sections,
    Field::Articles,
    Field::Original,
    Field::Edits,
];

/// A spill file: written, then read back once.
struct Spill {
    path: PathBuf,
    out: BufWriter<File>,
    /// How many values (array elements) it holds.
    count: usize,
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// How the names of spill files start (`.zhdoc-spill.PID-N`): a run of
/// `--out` removes those an interrupted run left.
pub const SPILL: &str = ".zhdoc-spill.";

/// A counter that keeps the names of spill files apart within the process.
static SPILLS: AtomicU64 = AtomicU64::new(0);

/// Writes one document's JSON from its pieces, in order.
pub struct Joined<'w, W: Write> {
    out: &'w mut W,
    pretty: bool,
    spills: Vec<Spill>,
    at: Offsets,
    /// The first piece's encoding and script.
    first: Option<(&'static str, Script)>,
    meta: Meta,
}

/// The indentation of a top-level field's value, when pretty.
const INDENT: &str = "\n  ";

impl<'w, W: Write> Joined<'w, W> {
    /// Starts the object: `head` is its first field, before the document's
    /// (the input's `path`, or a record's `id`); spill files go into `dir`.
    pub fn start(
        out: &'w mut W,
        head: (&str, &serde_json::Value),
        pretty: bool,
        dir: &Path,
    ) -> io::Result<Joined<'w, W>> {
        let mut spills = Vec::with_capacity(FIELDS.len());
        for _ in FIELDS {
            let n = SPILLS.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("{SPILL}{}-{n}", std::process::id()));
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)?;
            spills.push(Spill {
                path,
                out: BufWriter::new(file),
                count: 0,
            });
        }
        let mut joined = Joined {
            out,
            pretty,
            spills,
            at: Offsets::default(),
            first: None,
            meta: Meta::default(),
        };
        joined.out.write_all(b"{")?;
        joined.key(head.0, true)?;
        joined.value(head.1)?;
        joined.key("text", false)?;
        joined.out.write_all(b"\"")?;
        Ok(joined)
    }

    /// Adds the next piece.
    pub fn push(&mut self, mut doc: Document) -> io::Result<()> {
        let next = self.at.after(&doc);
        doc.shift_found(self.at);
        write_contents(&mut *self.out, doc.text())?;
        self.first.get_or_insert((doc.encoding(), doc.script()));
        let m = doc.meta();
        if self.meta.title.is_none() {
            self.meta.title.clone_from(&m.title);
        }
        if self.meta.byline.is_none() {
            self.meta.byline.clone_from(&m.byline);
        }
        if self.meta.site_header.is_none() {
            self.meta.site_header.clone_from(&m.site_header);
        }
        let pretty = self.pretty;
        for (field, spill) in FIELDS.iter().zip(&mut self.spills) {
            match field {
                Field::Quantities => elements(spill, doc.numbers(), pretty)?,
                Field::Headings => elements(spill, doc.headings(), pretty)?,
                Field::Sections => elements(spill, &doc.outline().sections, pretty)?,
                Field::Articles => elements(spill, &doc.outline().articles, pretty)?,
                Field::Original => write_contents(&mut spill.out, doc.original())?,
                Field::Edits => {
                    for e in doc.edits() {
                        element(spill, &self.at.edit(e), pretty)?;
                    }
                }
            }
        }
        self.at = next;
        Ok(())
    }

    /// Ends the object (without a line break).
    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(b"\"")?;
        let (encoding, script) = self.first.unwrap_or(("UTF-8", Script::Simplified));
        self.key("encoding", false)?;
        self.value(&encoding)?;
        if script != Script::Simplified {
            self.key("script", false)?;
            self.value(&script)?;
        }
        let meta = std::mem::take(&mut self.meta);
        self.key("meta", false)?;
        self.value(&meta)?;
        let mut spills = std::mem::take(&mut self.spills);
        for (field, spill) in FIELDS.iter().zip(&mut spills) {
            let name = match field {
                Field::Quantities => "quantities",
                Field::Headings => "headings",
                Field::Sections => "sections",
                Field::Articles => "articles",
                Field::Original => "original",
                Field::Edits => "edits",
            };
            if *field == Field::Articles && spill.count == 0 {
                // Left out when empty, as the document's own JSON does.
                continue;
            }
            if *field == Field::Sections {
                self.key("title", false)?;
                self.value(&meta.title)?;
            }
            self.key(name, false)?;
            spill.out.flush()?;
            let file = spill.out.get_mut();
            file.seek(SeekFrom::Start(0))?;
            let mut reader = BufReader::new(&*file);
            if *field == Field::Original {
                self.out.write_all(b"\"")?;
                io::copy(&mut reader, &mut *self.out)?;
                self.out.write_all(b"\"")?;
            } else if spill.count == 0 {
                self.out.write_all(b"[]")?;
            } else {
                self.out.write_all(b"[")?;
                io::copy(&mut reader, &mut *self.out)?;
                self.out
                    .write_all(if self.pretty { b"\n  ]" } else { b"]" })?;
            }
        }
        self.out
            .write_all(if self.pretty { b"\n}" } else { b"}" })?;
        Ok(())
    }

    /// Writes a field's key, with what comes before it.
    fn key(&mut self, name: &str, first: bool) -> io::Result<()> {
        if !first {
            self.out.write_all(b",")?;
        }
        if self.pretty {
            self.out.write_all(INDENT.as_bytes())?;
        }
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.write_all(if self.pretty { b": " } else { b":" })?;
        Ok(())
    }

    /// Writes a top-level field's value.
    fn value(&mut self, value: &impl Serialize) -> io::Result<()> {
        if self.pretty {
            let s = serde_json::to_string_pretty(value)?;
            self.out.write_all(s.replace('\n', INDENT).as_bytes())
        } else {
            serde_json::to_writer(&mut *self.out, value).map_err(io::Error::from)
        }
    }
}

/// Writes `s` as the inside of a JSON string (escaped, without the quotes).
fn write_contents(out: &mut impl Write, s: &str) -> io::Result<()> {
    Escaping(out).write_all(s.as_bytes())
}

/// A writer that writes UTF-8 text as the inside of a JSON string, escaped as
/// `serde_json` escapes it: `"`, `\\` and the control characters below U+0020
/// (`\n`, `\t` … or `\u00XX`). The bytes of other characters (multi-byte ones
/// included) are never escaped, so the text may be written in any slices.
#[derive(Debug)]
pub struct Escaping<W>(pub W);

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut start = 0;
        let mut unicode = *b"\\u0000";
        for (i, &b) in buf.iter().enumerate() {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..0x20 => {
                    unicode[4] = HEX[usize::from(b >> 4)];
                    unicode[5] = HEX[usize::from(b & 15)];
                    &unicode
                }
                _ => continue,
            };
            self.0.write_all(&buf[start..i])?;
            self.0.write_all(escape)?;
            start = i + 1;
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Appends each of `values` to an array's spill file.
fn elements<T: Serialize>(spill: &mut Spill, values: &[T], pretty: bool) -> io::Result<()> {
    for v in values {
        element(spill, v, pretty)?;
    }
    Ok(())
}

/// Appends one element to an array's spill file (an element of a top-level
/// array is indented by two levels when pretty).
fn element(spill: &mut Spill, value: &impl Serialize, pretty: bool) -> io::Result<()> {
    if spill.count > 0 {
        spill.out.write_all(b",")?;
    }
    spill.count += 1;
    if pretty {
        let s = serde_json::to_string_pretty(value)?;
        spill.out.write_all(b"\n    ")?;
        spill.out.write_all(s.replace('\n', "\n    ").as_bytes())
    } else {
        serde_json::to_writer(&mut spill.out, value).map_err(io::Error::from)
    }
}

/// Where spill files go for output written to `output` (beside it), or to a
/// stream (the system's temporary directory).
pub fn spill_dir(output: Option<&Path>) -> PathBuf {
    output
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(std::env::temp_dir, Path::to_path_buf)
}

/// Reads a spill file back whole (for tests).
#[cfg(test)]
fn read_all(mut r: impl io::Read) -> io::Result<String> {
    let mut s = String::new();
    r.read_to_string(&mut s)?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhdoc::Cleaner;

    #[derive(Serialize)]
    struct WithPath<'a> {
        path: &'a str,
        #[serde(flatten)]
        document: &'a Document,
    }

    fn joined(docs: Vec<Document>, pretty: bool) -> String {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        let head = serde_json::Value::from("a.txt");
        let mut j = Joined::start(&mut out, ("path", &head), pretty, dir.path()).unwrap();
        for d in docs {
            j.push(d).unwrap();
        }
        j.finish().unwrap();
        // The spill files are gone.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        String::from_utf8(out).unwrap()
    }

    const INPUT: &str = "欢迎来到天天文库\n关于加强管理的意见\n市总工会\n一、总体要求\n（一）加强领导\n全市屮小企业达到1364家,增长5%。\n\n一是加强领导，二是落实责任。\n\n二、主要措施\n第一条 落实\"责任\"。\n\n";

    #[test]
    fn one_piece_is_the_documents_own_json() {
        let cleaner = Cleaner::new();
        for input in [INPUT, "", "第一条 总则。\n第二条 附则。\n", "長長的增長。"]
        {
            let doc = cleaner.clean_str(input);
            let whole = WithPath {
                path: "a.txt",
                document: &doc,
            };
            let compact = serde_json::to_string(&whole).unwrap();
            let pretty = serde_json::to_string_pretty(&whole).unwrap();
            assert_eq!(joined(vec![doc.clone()], false), compact, "{input}");
            assert_eq!(joined(vec![doc], true), pretty, "{input}");
        }
    }

    #[test]
    fn pieces_join_into_the_whole() {
        let cleaner = Cleaner::new();
        for max in [24, 60, 200] {
            let docs: Vec<Document> = cleaner.clean_pieces(INPUT, "UTF-8", max).collect();
            assert!(docs.len() > 1, "{max}");
            for pretty in [false, true] {
                let json = joined(docs.clone(), pretty);
                let v: serde_json::Value = serde_json::from_str(&json).unwrap();
                let text = v["text"].as_str().unwrap();
                let want: String = docs.iter().map(Document::text).collect();
                assert_eq!(text, want);
                assert_eq!(v["original"], INPUT);
                let edits: Vec<zhdoc::Edit> = serde_json::from_value(v["edits"].clone()).unwrap();
                assert_eq!(zhdoc::rebuild_original(text, &edits).unwrap(), INPUT);
                let quantities = v["quantities"].as_array().unwrap();
                assert_eq!(
                    quantities.len(),
                    docs.iter().map(|d| d.numbers().len()).sum::<usize>()
                );
                for q in quantities {
                    let (s, e) = (
                        q["span"]["start"].as_u64().unwrap() as usize,
                        q["span"]["end"].as_u64().unwrap() as usize,
                    );
                    assert_eq!(&text[s..e], q["text"], "{max}");
                    let (s, e) = (
                        q["original_span"]["start"].as_u64().unwrap() as usize,
                        q["original_span"]["end"].as_u64().unwrap() as usize,
                    );
                    assert!(e <= INPUT.len() && s <= e, "{max}");
                }
                // Every sentence's span holds its text, and its quantities are
                // indices into the whole list that start inside it.
                fn walk(
                    sections: &serde_json::Value,
                    text: &str,
                    quantities: &[serde_json::Value],
                ) -> usize {
                    let mut n = 0;
                    for s in sections.as_array().unwrap() {
                        for p in s["paragraphs"].as_array().unwrap() {
                            for t in p["sentences"].as_array().unwrap() {
                                let (a, b) = (
                                    t["span"]["start"].as_u64().unwrap() as usize,
                                    t["span"]["end"].as_u64().unwrap() as usize,
                                );
                                assert_eq!(&text[a..b], t["text"]);
                                for i in t["quantities"].as_array().into_iter().flatten() {
                                    let q = &quantities[i.as_u64().unwrap() as usize];
                                    let start = q["span"]["start"].as_u64().unwrap() as usize;
                                    assert!((a..b).contains(&start));
                                }
                                n += 1;
                            }
                        }
                        n += walk(&s["sections"], text, quantities);
                    }
                    n
                }
                assert!(walk(&v["sections"], text, quantities) > 0);
                if max >= 60 {
                    // The first piece holds the title line whole.
                    assert_eq!(v["meta"]["title"], "关于加强管理的意见");
                }
                assert_eq!(v["title"], v["meta"]["title"]);
            }
        }
    }

    #[test]
    fn escaped_as_serde_json_escapes() {
        let mut all: String = (0u32..0x80).filter_map(char::from_u32).collect();
        all.push_str("中文\u{7f}\u{2028}\u{fffd}😀");
        let mut out = Vec::new();
        write_contents(&mut out, &all).unwrap();
        let quoted = serde_json::to_string(&all).unwrap();
        assert_eq!(out, &quoted.as_bytes()[1..quoted.len() - 1]);
    }

    #[test]
    fn contents_are_escaped_across_slices() {
        let s = "\"引号\"\n\\".repeat(20_000);
        let mut out = Vec::new();
        write_contents(&mut out, &s).unwrap();
        let back: String =
            serde_json::from_str(&format!("\"{}\"", read_all(&out[..]).unwrap())).unwrap();
        assert_eq!(back, s);
    }
}
