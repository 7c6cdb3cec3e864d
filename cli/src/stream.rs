//! `zhdoc clean --stream`: JSON Lines in, JSON Lines out, in constant memory.
//!
//! Each line of standard input is a record, `{"id": …, "text": "…"}` or
//! `{"id": …, "bytes": "BASE64"}` (raw bytes of any encoding, detected as for a
//! file). Each record gives one line on standard output, in input order: the
//! cleaned document as `clean --jsonl` prints it, with `"id"` in place of
//! `"path"` (with `--format txt` or `md`, only `{"id", "text"}`), or
//! `{"id": …, "line": N, "error": {"cause": …, "message": …}}`. This is the
//! contract of Spark's `RDD.pipe`, Hadoop Streaming and the like: one line in,
//! one line out, in order. `docs/stream.md` states it in full.
//!
//! A record without an `id`, or with `"id": null`, fails (its result has
//! `"id": null` and its line number); a repeated id is reported on standard
//! error. The id of a malformed or too-large record is kept when it can be read
//! (for a too-large one, when `id` is its first field). `--max-bytes` counts the
//! text (or the decoded bytes), not the JSON line.
//!
//! Records are read in windows of a bounded number of lines and bytes, cleaned in
//! parallel, written in order, and dropped: memory stays bounded by the window
//! whatever the length of the stream. A line too long to hold a text of
//! `--max-bytes` (six bytes of JSON per byte of text, the most `\u0001` takes)
//! is not kept in memory: it is skipped to its end and reported as too large.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use base64::Engine;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use zhdoc::{Cleaner, CleanerBuilder, Document};

use crate::batch::{self, BatchArgs, Format, Limits, Unnamed};
use crate::summary::{Cause, Failure, Summary};

/// One input record.
#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: serde_json::Value,
    text: Option<String>,
    bytes: Option<String>,
}

/// The id of a record that is JSON but not of the record's shape.
#[derive(Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: serde_json::Value,
}

/// A line read from the stream.
#[derive(Debug, PartialEq)]
enum Line {
    /// The line's bytes, without the line break.
    Bytes(Vec<u8>),
    /// A line longer than the limit, skipped: its length, and its first bytes
    /// (where the record's id may be read).
    TooLong(u64, Vec<u8>),
}

/// How many bytes of a too-long line are kept to read its id from.
const ID_PREFIX: usize = 4096;

/// The longest JSON line that can hold a text of `max` bytes: JSON escapes take
/// six bytes for a control character, base64 four for three.
fn line_limit(max: u64) -> u64 {
    max.saturating_mul(6).saturating_add(1 << 16)
}

/// The id of a record whose first field is `"id"`, read from the record's
/// first bytes (a record too long or malformed to parse whole).
fn leading_id(prefix: &[u8]) -> Option<serde_json::Value> {
    let rest = std::str::from_utf8(prefix)
        .or_else(|e| std::str::from_utf8(&prefix[..e.valid_up_to()]))
        .ok()?;
    let rest = rest.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest
        .strip_prefix("\"id\"")?
        .trim_start()
        .strip_prefix(':')?;
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
    values.next()?.ok().filter(|id| !id.is_null())
}

/// The result line of a cleaned record.
#[derive(Serialize)]
struct Cleaned<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    document: &'a Document,
}

/// The result line of a cleaned record with `--format txt`.
#[derive(Serialize)]
struct CleanedText<'a> {
    id: &'a serde_json::Value,
    text: &'a str,
}

/// The result line of a record that failed.
#[derive(Serialize)]
struct Failed<'a> {
    id: &'a serde_json::Value,
    line: u64,
    error: ErrorJson<'a>,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    cause: Cause,
    message: &'a str,
}

/// How many records a window holds per thread, and its bytes at most (a record
/// larger than that is a window of its own).
const RECORDS_PER_THREAD: usize = 16;
const WINDOW_BYTES: usize = 64 << 20;

/// Runs the stream from standard input to `out`; `Ok(true)` if any record failed.
pub fn run(args: &BatchArgs, cleaner: &CleanerBuilder, out: &mut impl Write) -> io::Result<bool> {
    let started = std::time::Instant::now();
    let pool = args.pool()?;
    let limits = args.limits();
    let format = args.format.unwrap_or(Format::Json);
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut summary = Summary::default();
    let mut number = 0u64;
    // With --learn-boilerplate, the first records are read, learned from and held
    // until the cleaner that removes what was learned is built.
    let mut builder = cleaner.clone();
    let mut held: Vec<(u64, Line)> = Vec::new();
    if args.learn_boilerplate {
        let decode = *builder.build().decode_options();
        let mut bytes = 0;
        while held.len() < args.learn_window.max(1) && bytes < WINDOW_BYTES {
            let Some(line) = read_line(&mut input, line_limit(limits.max_bytes))? else {
                break;
            };
            number += 1;
            if let Line::Bytes(b) = &line {
                bytes += b.len();
            }
            held.push((number, line));
        }
        let texts: Vec<(String, &'static str)> = held
            .iter()
            .filter_map(|(_, line)| record_text(line, &decode, limits))
            .collect();
        let learner = pool.install(|| batch::learn_texts(&texts, limits));
        summary.learned_boilerplate = learner.learned();
        builder.boilerplate_pass(learner.boilerplate());
    }
    let cleaner = builder.build();
    pool.install(|| batch::warm_up(&cleaner));
    let window = RECORDS_PER_THREAD * pool.current_num_threads();
    let mut held = held.into_iter();
    // Each id seen, as JSON, with the line it was first seen on.
    let mut seen: HashMap<String, u64> = HashMap::new();
    loop {
        let mut lines: Vec<(u64, Line)> = held.by_ref().take(window).collect();
        let mut bytes = 0;
        while lines.len() < window && bytes < WINDOW_BYTES {
            match read_line(&mut input, line_limit(limits.max_bytes))? {
                None => break,
                Some(line) => {
                    number += 1;
                    if let Line::Bytes(b) = &line {
                        bytes += b.len();
                    }
                    lines.push((number, line));
                }
            }
        }
        if lines.is_empty() {
            break;
        }
        let results: Vec<(u64, Output, Summary, serde_json::Value)> = pool.install(|| {
            lines
                .into_par_iter()
                .map(|(n, line)| {
                    let (json, one, id) = clean_record(&cleaner, n, line, format, limits);
                    (n, json, one, id)
                })
                .collect()
        });
        for (n, output, mut one, id) in results {
            match output {
                Output::Line(json) => out.write_all(&json)?,
                Output::Large(decoded) => {
                    let mut counting = Counting {
                        inner: &mut *out,
                        written: 0,
                    };
                    let large = batch::Large {
                        cleaner: &cleaner,
                        text: &decoded.text,
                        encoding: decoded.encoding,
                        chunk_bytes: limits.chunk_bytes,
                        pool: Some(&pool),
                        budget: None,
                    };
                    let count = |doc: &Document| {
                        one.cleaned(doc, 0, 0);
                        one.cleaned -= 1;
                    };
                    (|| -> io::Result<()> {
                        if format == Format::Json {
                            let spill = crate::joined::spill_dir(None);
                            large.write(format, ("id", &id), false, &spill, &mut counting, count)
                        } else {
                            counting.write_all(b"{\"id\":")?;
                            serde_json::to_writer(&mut counting, &id)?;
                            counting.write_all(b",\"text\":\"")?;
                            let mut escaping = crate::joined::Escaping(&mut counting);
                            large.write_text(format, &mut escaping, count)?;
                            counting.write_all(b"\"}")
                        }
                    })()?;
                    one.cleaned += 1;
                    counting.write_all(b"\n")?;
                    one.bytes_out += counting.written;
                }
                Output::Document(doc) => {
                    let mut counting = Counting {
                        inner: &mut *out,
                        written: 0,
                    };
                    write_result(&mut counting, &doc, &id, format).map_err(io::Error::from)?;
                    counting.write_all(b"\n")?;
                    one.bytes_out += counting.written;
                }
            }
            for f in &one.failures {
                crate::complain(&f.message);
            }
            if !id.is_null() {
                let key = id.to_string();
                if let Some(first) = seen.get(&key) {
                    crate::complain(&format!(
                        "<stdin>:{n}: warning: id {key} was already used by the record on line {first}"
                    ));
                    summary.duplicate_ids += 1;
                } else {
                    seen.insert(key, n);
                }
            }
            summary.add(one);
        }
        out.flush()?;
    }
    summary.inputs = number as usize;
    summary.seconds = started.elapsed().as_secs_f64();
    let written = batch::report(&summary, !args.verbose, args.summary_json.as_deref())?;
    Ok(summary.failed > 0 || !written)
}

/// Reads one line (without its `\n` or `\r\n`); a line longer than `max` is read
/// to its end without being kept.
fn read_line(input: &mut impl BufRead, max: u64) -> io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut len = 0u64;
    let mut too_long = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            if len == 0 {
                return Ok(None);
            }
            break;
        }
        let (chunk, found) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        len += chunk.len() as u64;
        if !too_long && len > max {
            too_long = true;
            line.truncate(ID_PREFIX);
            line.shrink_to_fit();
        }
        if !too_long {
            line.extend_from_slice(chunk);
        } else if line.len() < ID_PREFIX {
            let room = ID_PREFIX - line.len();
            line.extend_from_slice(&chunk[..room.min(chunk.len())]);
        }
        let used = found.unwrap_or(buf.len());
        input.consume(used);
        if found.is_some() {
            // An empty line is a record too (a bad one): one line in, one line out.
            break;
        }
    }
    if too_long {
        return Ok(Some(Line::TooLong(len, line)));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(Line::Bytes(line)))
}

/// The text of a record, decoded, for learning from: `None` for a record that
/// cannot be read (its failure is reported when it is cleaned).
fn record_text(
    line: &Line,
    decode: &zhdoc::DecodeOptions,
    limits: Limits,
) -> Option<(String, &'static str)> {
    let Line::Bytes(bytes) = line else {
        return None;
    };
    let record: Record = serde_json::from_slice(bytes).ok()?;
    let raw = match (record.text, record.bytes) {
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .ok()?,
        _ => return None,
    };
    batch::check_size(raw.len() as u64, limits).ok()?;
    let decoded = batch::decode(raw, decode).ok()?;
    Some((decoded.text, decoded.encoding))
}

/// Cleans one record into its result, its figures and its id (null when it
/// has none that can be read).
fn clean_record(
    cleaner: &Cleaner,
    number: u64,
    line: Line,
    format: Format,
    limits: Limits,
) -> (Output, Summary, serde_json::Value) {
    let mut summary = Summary::default();
    let name = format!("<stdin>:{number}");
    let mut id = serde_json::Value::Null;
    let result = (|| {
        let bytes = match line {
            Line::TooLong(len, prefix) => {
                id = leading_id(&prefix).unwrap_or_default();
                let name = named(&name, &id);
                let message = format!(
                    "too large: a line of {len} bytes, more than a text of --max-bytes {} can take",
                    limits.max_bytes
                );
                return Err(Unnamed::new(Cause::TooLarge, message).named(&name));
            }
            Line::Bytes(bytes) => bytes,
        };
        let record: Record = match serde_json::from_slice(&bytes) {
            Ok(record) => record,
            Err(e) => {
                id = serde_json::from_slice::<IdOnly>(&bytes)
                    .map(|r| r.id)
                    .ok()
                    .or_else(|| leading_id(&bytes))
                    .unwrap_or_default();
                let name = named(&name, &id);
                return Err(bad(&name, format!("not a JSON record: {e}")));
            }
        };
        // The record's line is not needed once parsed: a large record is then
        // held as its text alone.
        drop(bytes);
        id = record.id;
        if id.is_null() {
            return Err(bad(
                &name,
                "a record needs an \"id\" (a string or a number, not null)".to_owned(),
            ));
        }
        let name = named(&name, &id);
        let raw = match (record.text, record.bytes) {
            (Some(text), None) => text.into_bytes(),
            (None, Some(b64)) => base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|e| bad(&name, format!("\"bytes\" is not base64: {e}")))?,
            _ => {
                return Err(bad(
                    &name,
                    "a record has one of \"text\" or \"bytes\"".to_owned(),
                ));
            }
        };
        batch::check_size(raw.len() as u64, limits).map_err(|f| f.named(&name))?;
        let bytes_in = raw.len() as u64;
        let decoded = batch::decode(raw, cleaner.decode_options()).map_err(|f| f.named(&name))?;
        crate::warn_repairs(&name, &decoded, cleaner.lossy());
        if decoded.text.len() > limits.chunk_bytes {
            // Cleaned in pieces when its turn comes to be written, a window of
            // pieces at a time: never held whole as a document.
            summary.chunked += 1;
            return Ok(Done::Large(decoded, bytes_in));
        }
        let mut doc = Document::new(decoded.text, decoded.encoding);
        cleaner.run(&mut doc);
        Ok(Done::Whole(Box::new(doc), bytes_in))
    })();
    let output = match result {
        Ok(Done::Large(decoded, bytes_in)) => {
            summary.bytes_in += bytes_in;
            Output::Large(decoded)
        }
        // A large document's JSON (three times its text with the original and
        // the log) is written out when its turn comes, never held whole.
        Ok(Done::Whole(doc, bytes_in)) if doc.original().len() > LARGE => {
            summary.cleaned(&doc, bytes_in, 0);
            Output::Document(doc)
        }
        Ok(Done::Whole(doc, bytes_in)) => {
            // Sized up front: the JSON is not copied as it grows.
            let mut json = Vec::with_capacity(json_size(&doc, format));
            let mut json = match write_result(&mut json, &doc, &id, format) {
                Ok(()) => json,
                Err(e) => failed_json(&id, number, Cause::Other, &e.to_string()),
            };
            summary.cleaned(&doc, bytes_in, json.len() as u64 + 1);
            json.push(b'\n');
            Output::Line(json)
        }
        Err(failure) => {
            let mut json = failed_json(&id, number, failure.cause, &failure.message);
            summary.failed(failure);
            json.push(b'\n');
            Output::Line(json)
        }
    };
    (output, summary, id)
}

/// A record cleaned, or decoded and left to be cleaned in pieces as it is
/// written; with the bytes read.
enum Done {
    Whole(Box<Document>, u64),
    Large(zhdoc::Decoded, u64),
}

/// A record's result, in the order of the input.
enum Output {
    /// A document larger than `--chunk-bytes`, decoded: cleaned and written
    /// piece by piece when its turn comes.
    Large(zhdoc::Decoded),
    /// Its whole line.
    Line(Vec<u8>),
    /// A large cleaned document, to be written as its line.
    Document(Box<Document>),
}

/// Documents longer than this are written out, not held as JSON.
const LARGE: usize = 1 << 20;

/// Writes a cleaned record's JSON (without the line break).
fn write_result(
    out: &mut impl Write,
    doc: &Document,
    id: &serde_json::Value,
    format: Format,
) -> serde_json::Result<()> {
    match format {
        Format::Txt => serde_json::to_writer(
            out,
            &CleanedText {
                id,
                text: doc.text(),
            },
        ),
        Format::Md => serde_json::to_writer(
            out,
            &CleanedText {
                id,
                text: &doc.to_markdown(),
            },
        ),
        Format::Json => serde_json::to_writer(out, &Cleaned { id, document: doc }),
    }
}

/// A writer that counts what goes through it.
struct Counting<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// About how many bytes a cleaned record's result line takes (a little more
/// than the text, the original and the log, so that it is seldom grown).
fn json_size(doc: &Document, format: Format) -> usize {
    let text = doc.text().len() + doc.text().len() / 8 + 256;
    match format {
        Format::Txt | Format::Md => text,
        // The text again in the sections, the original, and each edit's texts.
        Format::Json => {
            let edits: usize = doc
                .edits()
                .iter()
                .map(|e| e.before.len() + e.after.len() + e.why.len() + 128)
                .sum();
            2 * text + doc.original().len() + doc.original().len() / 8 + edits
        }
    }
}

/// A record's name in messages: its line, and its id when it has one.
fn named(name: &str, id: &serde_json::Value) -> String {
    if id.is_null() {
        name.to_owned()
    } else {
        format!("{name} (id {id})")
    }
}

fn bad(name: &str, message: String) -> Failure {
    Unnamed::new(Cause::BadRecord, message).named(name)
}

fn failed_json(id: &serde_json::Value, line: u64, cause: Cause, message: &str) -> Vec<u8> {
    serde_json::to_vec(&Failed {
        id,
        line,
        error: ErrorJson { cause, message },
    })
    .unwrap_or_else(|_| b"{\"error\":{\"cause\":\"other\"}}".to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct LineTest {
        name: &'static str,
        input: &'static [u8],
        max: u64,
        lines: &'static [Result<&'static [u8], u64>],
    }

    const LINES: &[LineTest] = &[
        LineTest {
            name: "lines",
            input: b"a\nbc\n",
            max: 10,
            lines: &[Ok(b"a"), Ok(b"bc")],
        },
        LineTest {
            name: "no final line break",
            input: b"a\nbc",
            max: 10,
            lines: &[Ok(b"a"), Ok(b"bc")],
        },
        LineTest {
            name: "crlf and an empty line",
            input: b"a\r\n\nb",
            max: 10,
            lines: &[Ok(b"a"), Ok(b""), Ok(b"b")],
        },
        LineTest {
            name: "too long, skipped to its end",
            input: b"abcdefgh\nok\nxyzxyzxyz",
            max: 4,
            lines: &[Err(8), Ok(b"ok"), Err(9)],
        },
        LineTest {
            name: "too long, its first bytes kept for the id",
            input: b"{\"id\":7,\"text\":\"long\"}\n",
            max: 4,
            lines: &[Err(22)],
        },
    ];

    #[test]
    fn lines() {
        for t in LINES {
            // A small buffer, so that lines span several reads.
            let mut input = io::BufReader::with_capacity(3, t.input);
            let mut got = Vec::new();
            while let Some(line) = read_line(&mut input, t.max).expect("read") {
                got.push(match line {
                    Line::Bytes(b) => Ok(b),
                    Line::TooLong(n, prefix) => {
                        // Lines this short are kept whole for their id.
                        assert_eq!(prefix.len() as u64, n, "{}", t.name);
                        Err(n)
                    }
                });
            }
            let want: Vec<Result<Vec<u8>, u64>> =
                t.lines.iter().map(|l| l.map(<[u8]>::to_vec)).collect();
            assert_eq!(got, want, "{}", t.name);
        }
    }

    #[test]
    fn ids_read_from_the_first_bytes() {
        let rows: &[(&str, &[u8], Option<serde_json::Value>)] = &[
            ("number", b"{\"id\": 7, \"text\": \"cut", Some(7.into())),
            ("string", b" { \"id\" : \"a-1\",\"te", Some("a-1".into())),
            ("cut inside the id", b"{\"id\": \"a-", None),
            ("id not first", b"{\"text\": \"x\", \"id\": 1", None),
            ("null", b"{\"id\": null, \"text\"", None),
            ("not JSON", b"garbage", None),
        ];
        for (name, prefix, want) in rows {
            assert_eq!(leading_id(prefix), *want, "{name}");
        }
    }

    /// The reader over random streams (a fixed generator, so that a failure
    /// replays): every line comes back once, in order, whole when it fits the
    /// limit, reported with its length and first bytes when it does not,
    /// whatever the reader's buffer size.
    #[test]
    fn lines_of_random_streams() {
        let mut seed = 19u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for _ in 0..300 {
            let count = next(12) as usize;
            let lines: Vec<Vec<u8>> = (0..count)
                .map(|_| {
                    let len = if next(6) == 0 { next(9000) } else { next(40) };
                    (0..len)
                        .map(|_| match next(8) {
                            0 => b'\r',
                            1 => 0xE4,
                            _ => b'a' + next(26) as u8,
                        })
                        .collect()
                })
                .collect();
            let crlf = next(2) == 0;
            let mut input = Vec::new();
            for line in &lines {
                input.extend_from_slice(line);
                input.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            }
            let max = next(5000);
            let capacity = 1 + next(64) as usize;
            let mut reader = io::BufReader::with_capacity(capacity, &input[..]);
            let mut got = Vec::new();
            while let Some(line) = read_line(&mut reader, max).expect("read") {
                got.push(line);
            }
            assert_eq!(got.len(), lines.len(), "one result per line");
            for (line, got) in lines.iter().zip(got) {
                let full = if crlf { line.len() + 1 } else { line.len() };
                let kept = if line.last() == Some(&b'\r') && !crlf {
                    &line[..line.len() - 1]
                } else {
                    &line[..]
                };
                match got {
                    Line::Bytes(b) => {
                        assert!(full as u64 <= max, "kept a line over the limit");
                        assert_eq!(b, kept);
                    }
                    Line::TooLong(len, prefix) => {
                        assert_eq!(len, full as u64);
                        assert!(len > max);
                        assert!(
                            prefix.len() <= ID_PREFIX
                                && line.starts_with(&prefix[..prefix.len().min(line.len())])
                        );
                    }
                }
            }
        }
    }
}
