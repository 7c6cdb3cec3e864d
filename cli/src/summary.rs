//! What a batch or a stream did: files, bytes, failures by cause, edits by kind.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use zhdoc::{Document, EditKind, ErrorKind, LearnedLine};

/// Why an input was not cleaned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The input could not be read (missing, a directory, no permission).
    Unreadable,
    /// Binary data, not text (a `.doc` or an image served as `.txt`).
    Binary,
    /// Text in no encoding that decodes it.
    Undecodable,
    /// Larger than `--max-bytes`.
    TooLarge,
    /// A stream record that is not JSON of the expected shape.
    BadRecord,
    /// The output could not be written.
    Unwritable,
    /// Two inputs would write the same output.
    Collision,
    /// Any other library error.
    Other,
}

impl Cause {
    /// The cause of a library error.
    pub fn of(e: &zhdoc::Error) -> Cause {
        match e.kind() {
            ErrorKind::Io(_) => Cause::Unreadable,
            ErrorKind::Binary { .. } => Cause::Binary,
            ErrorKind::Undecodable { .. } | ErrorKind::MixedEncodings { .. } => Cause::Undecodable,
            _ => Cause::Other,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Cause::Unreadable => "unreadable",
            Cause::Binary => "binary",
            Cause::Undecodable => "undecodable",
            Cause::TooLarge => "too-large",
            Cause::BadRecord => "bad-record",
            Cause::Unwritable => "unwritable",
            Cause::Collision => "collision",
            Cause::Other => "other",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input that was not cleaned: which, why, and the message reported.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    /// The input: a path, or `<stdin>:LINE` for a stream record.
    pub input: String,
    /// The cause, as a class.
    pub cause: Cause,
    /// The full message.
    pub message: String,
}

impl Failure {
    /// A failure of `input`.
    pub fn new(input: impl Into<String>, cause: Cause, message: impl fmt::Display) -> Failure {
        Failure {
            input: input.into(),
            cause,
            message: message.to_string(),
        }
    }
}

/// The figures of one run; summed over inputs with [`Summary::add`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Inputs found.
    pub inputs: usize,
    /// Inputs cleaned and written.
    pub cleaned: usize,
    /// Inputs skipped by `--resume` (their output was newer).
    pub skipped: usize,
    /// Inputs that failed.
    pub failed: usize,
    /// Bytes read from the inputs cleaned.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Inputs cleaned in more than one piece (larger than `--chunk-bytes`).
    pub chunked: usize,
    /// Stream records whose id an earlier record already had (`--stream`).
    #[serde(skip_serializing_if = "is_zero")]
    pub duplicate_ids: usize,
    /// Failures by cause.
    pub failures_by_cause: BTreeMap<Cause, usize>,
    /// Edits made, by kind.
    pub edits: BTreeMap<EditKind, usize>,
    /// Quantities found in the cleaned texts (years, dates, ordinals and
    /// identifiers not counted).
    pub quantities: usize,
    /// Lines learned as the batch's boilerplate (`--learn-boilerplate`), with the
    /// number of documents each stood in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub learned_boilerplate: Vec<LearnedLine>,
    /// Edits that removed a learned line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned_removed: Option<usize>,
    /// Wall time of the run.
    pub seconds: f64,
    /// Each failure, in input order.
    pub failures: Vec<Failure>,
}

impl Summary {
    /// Counts a cleaned document: `bytes_in` read, `bytes_out` written.
    pub fn cleaned(&mut self, doc: &Document, bytes_in: u64, bytes_out: u64) {
        self.cleaned += 1;
        self.bytes_in += bytes_in;
        self.bytes_out += bytes_out;
        for e in doc.edits() {
            *self.edits.entry(e.kind).or_insert(0) += 1;
        }
        self.quantities += doc.quantities().count();
    }

    /// Counts a failure.
    pub fn failed(&mut self, failure: Failure) {
        self.failed += 1;
        *self.failures_by_cause.entry(failure.cause).or_insert(0) += 1;
        self.failures.push(failure);
    }

    /// Adds another summary's counts (of other inputs of the same run).
    pub fn add(&mut self, other: Summary) {
        self.inputs += other.inputs;
        self.cleaned += other.cleaned;
        self.skipped += other.skipped;
        self.failed += other.failed;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        self.chunked += other.chunked;
        self.duplicate_ids += other.duplicate_ids;
        for (c, n) in other.failures_by_cause {
            *self.failures_by_cause.entry(c).or_insert(0) += n;
        }
        for (k, n) in other.edits {
            *self.edits.entry(k).or_insert(0) += n;
        }
        self.quantities += other.quantities;
        if let Some(n) = other.learned_removed {
            *self.learned_removed.get_or_insert(0) += n;
        }
        self.failures.extend(other.failures);
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = |b: u64| b as f64 / 1e6;
        writeln!(
            f,
            "{} inputs: {} cleaned, {} skipped (up to date), {} failed; {:.1} MB read, {:.1} MB written in {:.2} s ({:.2} MB/s)",
            self.inputs,
            self.cleaned,
            self.skipped,
            self.failed,
            mb(self.bytes_in),
            mb(self.bytes_out),
            self.seconds,
            mb(self.bytes_in) / self.seconds.max(1e-9),
        )?;
        if self.chunked > 0 {
            writeln!(f, "cleaned in pieces: {} large inputs", self.chunked)?;
        }
        if !self.failures_by_cause.is_empty() {
            let causes: Vec<String> = self
                .failures_by_cause
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            writeln!(f, "failures: {}", causes.join(", "))?;
        }
        let edits: Vec<String> = self.edits.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(
            f,
            "edits: {}; quantities found: {}",
            if edits.is_empty() {
                "none".to_owned()
            } else {
                edits.join(", ")
            },
            self.quantities
        )?;
        if !self.learned_boilerplate.is_empty() {
            writeln!(
                f,
                "learned boilerplate: {} lines, removed {} times",
                self.learned_boilerplate.len(),
                self.learned_removed.unwrap_or(0)
            )?;
            for line in &self.learned_boilerplate {
                writeln!(f, "  {:>6} documents  {}", line.documents, line.text)?;
            }
        }
        Ok(())
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
