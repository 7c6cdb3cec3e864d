//! Bytes to text. (placeholder: UTF-8 only; replaced by the decode work of issue 2)

use crate::{Document, Error, ErrorKind, Pass};

/// Decoded input.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, exactly as decoded.
    pub text: String,
    /// The encoding's name.
    pub encoding: &'static str,
}

/// Decodes bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
        }),
        Err(e) => Err(Error::new(ErrorKind::Undecodable {
            encoding: "UTF-8",
            malformed: 1,
            first_offset: e.valid_up_to(),
        })),
    }
}

/// Byte order marks and line endings.
#[derive(Clone, Copy, Debug, Default)]
pub struct LineEndings;

impl Pass for LineEndings {
    fn name(&self) -> &'static str {
        "line-endings"
    }
    fn run(&self, _doc: &mut Document) {}
}
