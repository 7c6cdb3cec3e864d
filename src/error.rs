//! The crate's error type.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error from reading, decoding or evaluating a document.
///
/// The error names what went wrong through [`Error::kind`] and, when the input came
/// from a file, the file through [`Error::path`]. Its `Display` is one line fit for a
/// command line: `path: cause`. The cause is said once: an I/O error's message is in
/// that line, and [`source`](std::error::Error::source) goes on from what the I/O
/// error itself wraps (as [`std::io::Error`] does), so a report that prints the chain
/// of sources does not repeat it.
///
/// # Example
///
/// ```
/// use std::error::Error as _;
/// use std::path::Path;
/// use zhdoc::{Cleaner, ErrorKind};
///
/// let err = Cleaner::new().clean_file("no/such/report.txt").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Io(_)));
/// assert_eq!(err.path(), Some(Path::new("no/such/report.txt")));
/// assert!(err.to_string().starts_with("no/such/report.txt: cannot read: "));
/// assert!(err.source().is_none()); // the OS error is in the message, and wraps nothing
///
/// // Bytes that are not text are refused, not cleaned into garbage.
/// let err = Cleaner::new().clean(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Binary { .. }));
/// ```
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read. The I/O error's message is part of this one's.
    #[error("cannot read: {0}")]
    Io(std::io::Error),
    /// The input is binary data, not text (NUL bytes, mostly control characters, or
    /// the signature of a known binary format such as a `.doc` served as `.txt`).
    #[error("not a text document: {reason}")]
    Binary {
        /// Why the input was judged binary.
        reason: String,
    },
    /// The input is text in no encoding that decodes it cleanly.
    #[error(
        "cannot decode as {encoding}: {malformed} malformed byte sequence(s), first at byte {first_offset}"
    )]
    Undecodable {
        /// The best encoding found for the input.
        encoding: &'static str,
        /// How many malformed sequences that encoding met.
        malformed: usize,
        /// The byte offset of the first malformed sequence.
        first_offset: usize,
    },
    /// The input's lines are in more than one encoding (GBK lines and UTF-8
    /// lines, say), refused because decoding is strict.
    #[error("mixes encodings: {lines} line(s) not in {encoding}, the first at byte {first_offset}")]
    MixedEncodings {
        /// The encoding of most of the input.
        encoding: &'static str,
        /// How many lines are in another encoding.
        lines: usize,
        /// The byte offset of the first of them.
        first_offset: usize,
    },
    /// A gold file or gold directory does not have the shape
    /// [SPEC.md](https://docs.rs/crate/zhdoc/latest/source/docs/SPEC.md) §2 gives it.
    #[error("bad gold data: {0}")]
    Gold(String),
    /// A user dictionary, confusion table or other configuration is malformed.
    #[error("bad configuration: {0}")]
    Config(String),
}

impl Error {
    /// Creates an error of the given kind with no file attached.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, path: None }
    }

    /// Attaches the file the error came from.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Error {
        self.path = Some(path.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file the error came from, if the input was a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            // Control characters in a file name (a line break) are escaped, so
            // that the message stays one line.
            Some(p) => {
                let name = p.to_string_lossy();
                if name.chars().any(char::is_control) {
                    let escaped: String = name.chars().flat_map(char::escape_default).collect();
                    write!(f, "{escaped}: {}", self.kind)
                } else {
                    write!(f, "{name}: {}", self.kind)
                }
            }
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            // The I/O error's message is already in `Display`: go on from its own
            // source, as `std::io::Error` does with the error it wraps.
            ErrorKind::Io(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl From<std::io::Error> for ErrorKind {
    fn from(e: std::io::Error) -> ErrorKind {
        ErrorKind::Io(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}
