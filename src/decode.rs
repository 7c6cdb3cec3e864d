//! Bytes to text: byte order marks, UTF-8, UTF-16 and the legacy Chinese encodings.
//!
//! The order of the checks:
//!
//! 1. Empty input is empty UTF-8 text.
//! 2. A known binary signature (OLE2 `.doc`, PDF, ZIP/`.docx`, PNG, …) is an error.
//! 3. A byte order mark decides: UTF-8, UTF-16LE or UTF-16BE.
//! 4. NUL bytes mean UTF-16 without a byte order mark if the zeros are where
//!    ASCII-heavy UTF-16 puts them and the decoded text is plausible; otherwise the
//!    input is binary. So is an input that is mostly control characters.
//! 5. Valid UTF-8 is UTF-8 (no detector runs); only a short input (≤ 256 bytes)
//!    that reads far better as GBK or Big5 is taken as such.
//! 6. Otherwise UTF-8 with a few damaged sequences stays UTF-8 (an error, or U+FFFD
//!    when lossy); anything else goes to chardetng, and its guess competes with
//!    GB18030 and Big5: of the candidates that decode cleanly, the one whose text
//!    is most plausible (common ideographs, Chinese punctuation; see
//!    `plausibility.rs`) wins, chardetng's guess on a tie.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, DecoderResult, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

use crate::binary::{self, ByteStats, ZeroParity};
use crate::plausibility::{self, Family, Score};
use crate::{Error, ErrorKind};

/// Decoded input: the text and what it was decoded from.
///
/// Made by [`decode`] and [`decode_with`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decoded {
    /// The text, exactly as decoded: a byte order mark is kept as a leading U+FEFF
    /// (the [`LineEndings`](crate::LineEndings) pass removes it as a logged edit).
    pub text: String,
    /// The encoding's name: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GBK`, `GB18030`,
    /// `Big5`, or another name of the [Encoding Standard](https://encoding.spec.whatwg.org/)
    /// (`Shift_JIS`, `EUC-KR`, `windows-1252`, …).
    pub encoding: &'static str,
    /// Whether the input started with a byte order mark.
    pub bom: bool,
    /// How many malformed byte sequences became U+FFFD (always 0 unless lossy).
    pub malformed: usize,
}

/// How to decode: see [`decode_with`].
///
/// # Example
///
/// ```
/// use zhdoc::{DecodeOptions, decode_with};
///
/// let bytes = b"\xEF\xBB\xBFok \xFF";
/// assert!(zhdoc::decode(bytes).is_err());
/// let decoded = decode_with(bytes, DecodeOptions::new().lossy(true))?;
/// assert_eq!(decoded.text, "\u{feff}ok \u{fffd}");
/// assert_eq!(decoded.malformed, 1);
/// # Ok::<(), zhdoc::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    lossy: bool,
}

impl DecodeOptions {
    /// The default options: strict decoding.
    pub fn new() -> DecodeOptions {
        DecodeOptions::default()
    }

    /// Whether malformed byte sequences become U+FFFD (counted in
    /// [`Decoded::malformed`]) instead of failing with
    /// [`ErrorKind::Undecodable`]. Binary data is an error either way.
    pub fn lossy(&mut self, yes: bool) -> &mut DecodeOptions {
        self.lossy = yes;
        self
    }

    /// Whether decoding is lossy.
    pub fn is_lossy(&self) -> bool {
        self.lossy
    }
}

/// Decodes bytes strictly, detecting the encoding.
///
/// UTF-8 (with or without a byte order mark), UTF-16 (with a byte order mark, or
/// without one when the input is ASCII-heavy), GB18030/GBK, Big5 and the other
/// legacy encodings chardetng knows. The byte order mark stays in the text as U+FEFF.
///
/// # Errors
///
/// [`ErrorKind::Binary`] for data that is not text, [`ErrorKind::Undecodable`] for
/// text that no encoding decodes cleanly.
///
/// # Example
///
/// ```
/// let gbk = b"\xca\xd0\xd7\xdc\xb9\xa4\xbb\xe1\xb0\xb4\xd5\xd5\xc9\xcf\xbc\xb6\xb9\xa4\xbb\xe1\xb5\xc4\xd2\xaa\xc7\xf3\xa1\xa3";
/// let decoded = zhdoc::decode(gbk)?;
/// assert_eq!(decoded.text, "市总工会按照上级工会的要求。");
/// assert_eq!(decoded.encoding, "GBK");
///
/// let err = zhdoc::decode(b"%PDF-1.7\n...").unwrap_err();
/// assert!(matches!(err.kind(), zhdoc::ErrorKind::Binary { .. }));
/// # Ok::<(), zhdoc::Error>(())
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    decode_with(bytes, &DecodeOptions::new())
}

/// Decodes bytes with the given options; see [`decode`].
///
/// # Errors
///
/// As [`decode`]; when lossy, [`ErrorKind::Undecodable`] only for input that
/// decodes, even with replacements, into implausible text.
pub fn decode_with(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, Error> {
    if bytes.is_empty() {
        return Ok(Decoded {
            text: String::new(),
            encoding: UTF_8.name(),
            bom: false,
            malformed: 0,
        });
    }
    if let Some(reason) = binary::signature(bytes) {
        return Err(binary_error(reason.to_owned()));
    }
    match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) if enc == UTF_8 => {
            check_bytes(&bytes[bom_len..], bom_len)?;
            let decoding = Decoding::of(UTF_8, bytes);
            finish(decoding, UTF_8.name(), true, options)
        }
        Some((enc, bom_len)) => {
            let rest = &bytes[bom_len..];
            check_utf16_units(rest, enc, bom_len)?;
            finish(Decoding::of(enc, bytes), enc.name(), true, options)
        }
        None => decode_unmarked(bytes, options),
    }
}

/// Decodes input without a byte order mark.
fn decode_unmarked(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, Error> {
    let stats = ByteStats::of(bytes);
    if let Some(offset) = stats.first_nul {
        if let Some(decoded) = sniff_utf16(bytes) {
            return Ok(decoded);
        }
        let hint = if bytes.len() % 2 == 0 && ZeroParity::of(bytes).one_sided() {
            " (if this is UTF-16 text, it needs a byte order mark)"
        } else {
            ""
        };
        return Err(binary_error(format!(
            "NUL bytes, the first at offset {offset}{hint}"
        )));
    }
    if stats.mostly_control() {
        return Err(binary_error(stats.control_reason()));
    }
    // Validation dominates decoding of long CJK text: use the SIMD validator.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        if bytes.len() <= SHORT && !text.is_ascii() {
            if let Some(decoded) = short_rival(bytes, text) {
                return Ok(decoded);
            }
        }
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            bom: false,
            malformed: 0,
        });
    }
    decode_legacy(bytes, options)
}

/// Inputs up to this many bytes may be valid UTF-8 by accident.
const SHORT: usize = 256;

/// A GBK or Big5 reading of a short, valid UTF-8 input whose UTF-8 reading is
/// implausible (stray combining marks, Hebrew accents) and the other reading is not: two GBK characters (通知, `CD A8 D6 AA`) are valid UTF-8
/// (U+0368 U+05AA). Long inputs are never valid UTF-8 by accident, and are not
/// looked at.
fn short_rival(bytes: &[u8], utf8: &str) -> Option<Decoded> {
    let utf8_score = plausibility::non_ascii(utf8, Family::Other);
    // Letters of any script (café, привет, 中文) keep their UTF-8 reading.
    if utf8_score.at_least(7) {
        return None;
    }
    let mut best: Option<(&'static Encoding, Decoding, Score)> = None;
    for enc in [GB18030, BIG5] {
        let d = Decoding::of(enc, bytes);
        if d.malformed > 0 {
            continue;
        }
        let score = plausibility::non_ascii(&d.text, family(enc));
        let rivals = best.as_ref().map_or(utf8_score, |b| b.2);
        if score.at_least(8) && score.beats(rivals) {
            best = Some((enc, d, score));
        }
    }
    best.map(|(enc, d, _)| Decoded {
        text: d.text,
        encoding: name_of(enc, bytes),
        bom: false,
        malformed: 0,
    })
}

/// Rejects UTF-8 (after its byte order mark) that holds NULs or mostly controls.
fn check_bytes(rest: &[u8], bom_len: usize) -> Result<(), Error> {
    let stats = ByteStats::of(rest);
    if let Some(offset) = stats.first_nul {
        return Err(binary_error(format!(
            "NUL bytes, the first at offset {}",
            bom_len + offset
        )));
    }
    if stats.mostly_control() {
        return Err(binary_error(stats.control_reason()));
    }
    Ok(())
}

/// Rejects UTF-16 (after its byte order mark) that holds U+0000 or mostly controls.
fn check_utf16_units(rest: &[u8], enc: &'static Encoding, bom_len: usize) -> Result<(), Error> {
    if let Some(offset) = binary::first_nul_unit(rest) {
        return Err(binary_error(format!(
            "NUL characters, the first at offset {}",
            bom_len + offset
        )));
    }
    let low = if enc == UTF_16LE { 0 } else { 1 };
    let units = rest.len() / 2;
    let controls = rest
        .chunks_exact(2)
        .filter(|u| {
            u[1 - low] == 0 && (u[low] < 0x20 && !matches!(u[low], b'\t' | b'\n' | 0x0C | b'\r'))
        })
        .count();
    if controls * 10 > units * 3 {
        return Err(binary_error(format!(
            "{controls} of its {units} UTF-16 code units are control characters"
        )));
    }
    Ok(())
}

/// UTF-16 without a byte order mark, when the zeros say so and the text agrees.
fn sniff_utf16(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let zeros = ZeroParity::of(bytes);
    let enc = if zeros.ascii_heavy_le() {
        UTF_16LE
    } else if zeros.ascii_heavy_be() {
        UTF_16BE
    } else {
        return None;
    };
    if binary::first_nul_unit(bytes).is_some() {
        return None;
    }
    let decoding = Decoding::of(enc, bytes);
    // Binary data with zeros in one half (tables of small integers) decodes to
    // control characters and symbols; text decodes to letters and ideographs.
    if decoding.malformed > 0 || !plausibility::whole(&decoding.text).at_least(9) {
        return None;
    }
    Some(Decoded {
        text: decoding.text,
        encoding: enc.name(),
        bom: false,
        malformed: 0,
    })
}

/// The mean weight (0–10) a legacy decoding needs to count as text.
const PLAUSIBLE: u64 = 5;

/// Input that is not valid UTF-8 and has no byte order mark.
fn decode_legacy(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, Error> {
    let utf8 = Decoding::of(UTF_8, bytes);
    // Damaged UTF-8 (a truncated file, a stray byte) often decodes cleanly as GBK
    // mojibake; many good multi-byte sequences per bad one say it is UTF-8.
    if utf8.mostly_good() {
        return finish(utf8, UTF_8.name(), false, options);
    }

    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let guess = if guess == GBK { GB18030 } else { guess };
    let mut candidates: Vec<&'static Encoding> = vec![guess];
    for enc in [GB18030, BIG5] {
        if !candidates.contains(&enc) {
            candidates.push(enc);
        }
    }

    let mut decodings: Vec<(&'static Encoding, Decoding)> = candidates
        .into_iter()
        .map(|enc| (enc, Decoding::of(enc, bytes)))
        .collect();
    // Clean decodings compete first, then damaged GB18030/Big5 ones (a truncated
    // GBK file must not come out as windows-1252 mojibake): a damaged one wins
    // only with a strictly better score, judged on what it did read.
    let mut best: Option<(usize, Score)> = None;
    for damaged in [false, true] {
        for (i, (enc, d)) in decodings.iter().enumerate() {
            let chinese = family(enc) != Family::Other;
            let usable = if damaged {
                chinese && d.malformed > 0 && d.mostly_good()
            } else {
                d.malformed == 0
            };
            if !usable {
                continue;
            }
            let score = plausibility::non_ascii_decoded(&d.text, family(enc));
            if best.is_none_or(|(_, b)| score.beats(b)) {
                best = Some((i, score));
            }
        }
    }
    if let Some((i, score)) = best {
        if score.at_least(PLAUSIBLE) {
            let (enc, d) = decodings.swap_remove(i);
            let name = name_of(enc, bytes);
            return finish(d, name, false, options);
        }
    }

    // Nothing decodes cleanly into plausible text. Of the decoders that met
    // malformed sequences (UTF-8 always did), the one that met the fewest is the
    // best account of the input; chardetng's guess, then GB18030 and Big5 on ties.
    decodings.retain(|(_, d)| d.malformed > 0);
    decodings.push((UTF_8, utf8));
    let mut i = 0;
    for (j, (_, d)) in decodings.iter().enumerate() {
        if d.malformed < decodings[i].1.malformed {
            i = j;
        }
    }
    let (enc, d) = decodings.swap_remove(i);
    let name = name_of(enc, bytes);
    if !plausibility::non_ascii(&d.text, family(enc)).at_least(PLAUSIBLE) {
        // Even with replacements the text is implausible: no lossy result either.
        return Err(Error::new(ErrorKind::Undecodable {
            encoding: name,
            malformed: d.malformed,
            first_offset: d.first_malformed.unwrap_or(0),
        }));
    }
    finish(d, name, false, options)
}

/// The plausibility family of an encoding.
fn family(enc: &'static Encoding) -> Family {
    if enc == GB18030 || enc == GBK {
        Family::Gb
    } else if enc == BIG5 {
        Family::Big5
    } else {
        Family::Other
    }
}

/// The name to report: GB18030 decodings are `GBK` unless four-byte sequences occur.
fn name_of(enc: &'static Encoding, bytes: &[u8]) -> &'static str {
    if enc == GB18030 || enc == GBK {
        if has_four_byte_gb18030(bytes) {
            "GB18030"
        } else {
            "GBK"
        }
    } else {
        enc.name()
    }
}

/// Whether `bytes` hold a GB18030 four-byte sequence (a lead byte 0x81–0xFE
/// followed by a digit 0x30–0x39).
fn has_four_byte_gb18030(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x81 || b == 0xFF {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(0x30..=0x39) => return true,
            _ => i += 2,
        }
    }
    false
}

/// Turns a decoding into the result: clean, or lossy when allowed, or an error.
fn finish(
    d: Decoding,
    encoding: &'static str,
    bom: bool,
    options: &DecodeOptions,
) -> Result<Decoded, Error> {
    if d.malformed > 0 && !options.lossy {
        return Err(Error::new(ErrorKind::Undecodable {
            encoding,
            malformed: d.malformed,
            first_offset: d.first_malformed.unwrap_or(0),
        }));
    }
    Ok(Decoded {
        text: d.text,
        encoding,
        bom,
        malformed: d.malformed,
    })
}

fn binary_error(reason: String) -> Error {
    Error::new(ErrorKind::Binary { reason })
}

/// One decoder's reading of the whole input, malformed sequences as U+FFFD.
#[derive(Debug)]
struct Decoding {
    text: String,
    malformed: usize,
    first_malformed: Option<usize>,
}

impl Decoding {
    /// Decodes all of `bytes` with `enc`, keeping a byte order mark as U+FEFF.
    fn of(enc: &'static Encoding, bytes: &[u8]) -> Decoding {
        let mut decoder = enc.new_decoder_without_bom_handling();
        let capacity = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len());
        let mut text = String::with_capacity(capacity);
        let (mut malformed, mut first_malformed, mut pos) = (0, None, 0);
        loop {
            let (result, read) =
                decoder.decode_to_string_without_replacement(&bytes[pos..], &mut text, true);
            pos += read;
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {
                    let more = decoder
                        .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
                        .unwrap_or(bytes.len() - pos);
                    text.reserve(more.max(16));
                }
                DecoderResult::Malformed(bad, extra) => {
                    malformed += 1;
                    let start = pos.saturating_sub(usize::from(bad) + usize::from(extra));
                    first_malformed.get_or_insert(start);
                    text.push('\u{FFFD}');
                }
            }
        }
        Decoding {
            text,
            malformed,
            first_malformed,
        }
    }

    /// Whether the non-ASCII characters that decoded well outnumber the malformed
    /// sequences four to one: damaged text in this encoding, not another encoding.
    fn mostly_good(&self) -> bool {
        let non_ascii = self.text.chars().filter(|c| !c.is_ascii()).count();
        non_ascii.saturating_sub(self.malformed) >= 4 * self.malformed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_byte_sequences() {
        let rows: &[(&str, &[u8], bool)] = &[
            ("ascii", b"abc123", false),
            ("two_byte", b"\xd6\xd0\xce\xc4", false),
            ("two_byte_then_digit", b"\xd6\xd01", false),
            ("four_byte", b"a\x81\x30\x81\x30", true),
            ("euro_then_digit", b"\x805", false),
            ("lone_lead_at_end", b"ab\xd6", false),
        ];
        for (name, bytes, want) in rows {
            assert_eq!(has_four_byte_gb18030(bytes), *want, "{name}");
        }
    }

    #[test]
    fn decoding_counts_and_places_malformed_sequences() {
        let d = Decoding::of(UTF_8, b"ab\xffcd\xfe");
        assert_eq!(d.text, "ab\u{fffd}cd\u{fffd}");
        assert_eq!(d.malformed, 2);
        assert_eq!(d.first_malformed, Some(2));
        let d = Decoding::of(UTF_16LE, b"\xff\xfea\x00b");
        assert_eq!(d.text, "\u{feff}a\u{fffd}");
        assert_eq!(d.malformed, 1);
    }
}
