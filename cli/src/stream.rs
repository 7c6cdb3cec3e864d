//! `zhdoc clean --stream`: JSON Lines in, JSON Lines out, in constant memory.
//!
//! Each line of standard input is a record, `{"id": …, "text": "…"}` or
//! `{"id": …, "bytes": "BASE64"}` (raw bytes of any encoding, detected as for a
//! file). Each record gives one line on standard output, in input order: the
//! cleaned document as `clean --jsonl` prints it, with `"id"` in place of
//! `"path"` (with `--format txt`, only `{"id", "text"}`), or
//! `{"id": …, "error": {"cause": …, "message": …}}`. A record without an id gets
//! its line number (from 1). This is the contract of Spark's `RDD.pipe`, Hadoop
//! Streaming and the like: one line in, one line out, in order.
//!
//! Records are read in windows of a bounded number of lines and bytes, cleaned in
//! parallel, written in order, and dropped: memory stays bounded by the window
//! whatever the length of the stream. A line longer than `--max-bytes` is not
//! kept in memory: it is skipped to its end and reported as too large.

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

/// A line read from the stream.
enum Line {
    /// The line's bytes, without the line break.
    Bytes(Vec<u8>),
    /// A line longer than the limit, skipped; its length.
    TooLong(u64),
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
    let cleaner = cleaner.build();
    let pool = args.pool()?;
    let limits = args.limits();
    let format = args.format.unwrap_or(Format::Json);
    pool.install(|| batch::warm_up(&cleaner));
    let window = RECORDS_PER_THREAD * pool.current_num_threads();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut summary = Summary::default();
    let mut number = 0u64;
    loop {
        let mut lines = Vec::with_capacity(window);
        let mut bytes = 0;
        while lines.len() < window && bytes < WINDOW_BYTES {
            match read_line(&mut input, limits.max_bytes)? {
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
        let results: Vec<(Vec<u8>, Summary)> = pool.install(|| {
            lines
                .into_par_iter()
                .map(|(n, line)| clean_record(&cleaner, n, line, format, limits))
                .collect()
        });
        for (json, one) in results {
            out.write_all(&json)?;
            for f in &one.failures {
                crate::complain(&f.message);
            }
            summary.add(one);
        }
        out.flush()?;
    }
    summary.inputs = number as usize;
    summary.seconds = started.elapsed().as_secs_f64();
    batch::report(&summary, !args.verbose, args.summary_json.as_deref())?;
    Ok(summary.failed > 0)
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
        too_long |= len > max;
        if !too_long {
            line.extend_from_slice(chunk);
        } else {
            line = Vec::new();
        }
        let used = found.unwrap_or(buf.len());
        input.consume(used);
        if found.is_some() {
            // An empty line is a record too (a bad one): one line in, one line out.
            break;
        }
    }
    if too_long {
        return Ok(Some(Line::TooLong(len)));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(Line::Bytes(line)))
}

/// Cleans one record into its result line and its figures.
fn clean_record(
    cleaner: &Cleaner,
    number: u64,
    line: Line,
    format: Format,
    limits: Limits,
) -> (Vec<u8>, Summary) {
    let mut summary = Summary::default();
    let name = format!("<stdin>:{number}");
    let mut id = serde_json::Value::from(number);
    let result = (|| {
        let bytes = match line {
            Line::TooLong(len) => return Err(batch::too_large(len, limits).named(&name)),
            Line::Bytes(bytes) => bytes,
        };
        let record: Record = serde_json::from_slice(&bytes)
            .map_err(|e| bad(&name, format!("not a JSON record: {e}")))?;
        if !record.id.is_null() {
            id = record.id;
        }
        let name = format!("{name} (id {id})");
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
        let decoded = batch::decode(&raw, cleaner.lossy()).map_err(|f| f.named(&name))?;
        drop(raw);
        let pieces: Vec<&str> =
            zhdoc::paragraph_chunks(&decoded.text, limits.chunk_bytes).collect();
        let mut docs = batch::clean_in_parallel(cleaner, &pieces, decoded.encoding);
        if docs.len() > 1 {
            summary.chunked += 1;
        }
        let doc = if docs.len() == 1 {
            docs.pop().expect("one piece")
        } else {
            Document::concat(docs)
        };
        Ok((doc, bytes_in))
    })();
    let mut json = match result {
        Ok((doc, bytes_in)) => {
            let json = match format {
                Format::Txt => serde_json::to_vec(&CleanedText {
                    id: &id,
                    text: doc.text(),
                }),
                Format::Md => serde_json::to_vec(&CleanedText {
                    id: &id,
                    text: &doc.to_markdown(),
                }),
                _ => serde_json::to_vec(&Cleaned {
                    id: &id,
                    document: &doc,
                }),
            };
            let json = json.unwrap_or_else(|e| failed_json(&id, Cause::Other, &e.to_string()));
            summary.cleaned(&doc, bytes_in, json.len() as u64 + 1);
            json
        }
        Err(failure) => {
            let json = failed_json(&id, failure.cause, &failure.message);
            summary.failed(failure);
            json
        }
    };
    json.push(b'\n');
    (json, summary)
}

fn bad(name: &str, message: String) -> Failure {
    Unnamed::new(Cause::BadRecord, message).named(name)
}

fn failed_json(id: &serde_json::Value, cause: Cause, message: &str) -> Vec<u8> {
    serde_json::to_vec(&Failed {
        id,
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
                    Line::TooLong(n) => Err(n),
                });
            }
            let want: Vec<Result<Vec<u8>, u64>> =
                t.lines.iter().map(|l| l.map(<[u8]>::to_vec)).collect();
            assert_eq!(got, want, "{}", t.name);
        }
    }
}
