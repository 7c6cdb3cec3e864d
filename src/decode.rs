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
    ///
    /// When decoding repaired the input (the default, see [`DecodeOptions`]),
    /// each byte that no encoding read, and each NUL byte, is kept in the text
    /// as the character U+10FE00 + its value (a private-use character that no
    /// document holds); [`LineEndings`](crate::LineEndings) deletes them as
    /// logged edits that name the bytes, so the original keeps them and the
    /// output does not.
    pub text: String,
    /// The encoding's name: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GBK`, `GB18030`,
    /// `Big5`, or another name of the [Encoding Standard](https://encoding.spec.whatwg.org/)
    /// (`Shift_JIS`, `EUC-KR`, `windows-1252`, …). For input that mixes
    /// encodings line by line, the encoding of most of its lines.
    pub encoding: &'static str,
    /// Whether the input started with a byte order mark.
    pub bom: bool,
    /// How many malformed byte sequences and NUL bytes were met: each became
    /// U+FFFD when lossy, an escaped byte run (see `text`) otherwise.
    pub malformed: usize,
    /// How many lines were decoded with another encoding than `encoding` (input
    /// whose lines mix, say, GBK and UTF-8).
    pub mixed_lines: usize,
}

/// The first of the characters that stand for raw bytes in decoded text:
/// byte `b` is U+10FE00 + `b`.
const ESCAPE_BASE: u32 = 0x10FE00;

/// The character standing for the raw byte `b` in decoded text.
pub(crate) fn escape(b: u8) -> char {
    char::from_u32(ESCAPE_BASE + u32::from(b)).unwrap_or('\u{FFFD}')
}

/// The raw byte that `c` stands for, if it is an escaped byte.
pub(crate) fn escaped_byte(c: char) -> Option<u8> {
    u32::from(c)
        .checked_sub(ESCAPE_BASE)
        .and_then(|b| u8::try_from(b).ok())
}

/// How to decode: see [`decode_with`].
///
/// Three ways to treat bytes that do not decode:
///
/// * by default, a text document with a few bad bytes (a truncated last
///   character, a stray byte, a NUL, lines in another encoding) is repaired:
///   each line is read in the encoding that reads it, and each byte that none
///   reads is kept as an escape that the cleaner removes as a logged edit; input
///   with more damage than text is refused;
/// * [`strict`](DecodeOptions::strict): any malformed byte, NUL or mix of
///   encodings is an error;
/// * [`lossy`](DecodeOptions::lossy): every malformed sequence becomes U+FFFD,
///   whatever the damage.
///
/// Binary data is an error in every mode.
///
/// # Example
///
/// ```
/// use zhdoc::{DecodeOptions, decode_with};
///
/// let bytes = b"\xEF\xBB\xBFok \xFF";
/// assert!(decode_with(bytes, DecodeOptions::new().strict(true)).is_err());
/// let decoded = decode_with(bytes, DecodeOptions::new().lossy(true))?;
/// assert_eq!(decoded.text, "\u{feff}ok \u{fffd}");
/// assert_eq!(decoded.malformed, 1);
/// # Ok::<(), zhdoc::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    lossy: bool,
    strict: bool,
    encoding: Option<&'static Encoding>,
}

impl DecodeOptions {
    /// The default options: detect the encoding, repair a few bad bytes.
    pub fn new() -> DecodeOptions {
        DecodeOptions::default()
    }

    /// Whether malformed byte sequences become U+FFFD (counted in
    /// [`Decoded::malformed`]) whatever their number. Turns strictness off.
    pub fn lossy(&mut self, yes: bool) -> &mut DecodeOptions {
        self.lossy = yes;
        if yes {
            self.strict = false;
        }
        self
    }

    /// Whether decoding is lossy.
    pub fn is_lossy(&self) -> bool {
        self.lossy
    }

    /// Whether any malformed byte sequence, NUL byte or mix of encodings fails
    /// with [`ErrorKind::Undecodable`] (or [`ErrorKind::Binary`] for NULs)
    /// instead of being repaired. Turns lossiness off.
    pub fn strict(&mut self, yes: bool) -> &mut DecodeOptions {
        self.strict = yes;
        if yes {
            self.lossy = false;
        }
        self
    }

    /// Whether decoding is strict.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Decodes with the encoding of this [label](https://encoding.spec.whatwg.org/#names-and-labels)
    /// (`gbk`, `gb18030`, `big5`, `utf-8`, `utf-16le`, `shift_jis`, …) instead of
    /// detecting one; `None` detects again.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] for a label that names no encoding.
    pub fn encoding(&mut self, label: Option<&str>) -> Result<&mut DecodeOptions, Error> {
        self.encoding = match label {
            None => None,
            Some(label) => Some(Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                Error::new(ErrorKind::Config(format!(
                    "unknown encoding {label:?} (try gbk, gb18030, big5, utf-8, utf-16le, utf-16be)"
                )))
            })?),
        };
        Ok(self)
    }

    /// The forced encoding's name, if any.
    pub fn forced_encoding(&self) -> Option<&'static str> {
        self.encoding.map(Encoding::name)
    }

    fn mark(&self) -> Mark {
        if self.lossy {
            Mark::Replace
        } else {
            Mark::Escape
        }
    }
}

/// What a malformed sequence becomes in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// U+FFFD.
    Replace,
    /// Its bytes, escaped.
    Escape,
}

/// Decodes bytes with the default options, detecting the encoding.
///
/// UTF-8 (with or without a byte order mark), UTF-16 (with a byte order mark, or
/// without one when the text says so), GB18030/GBK, Big5 and the multi-byte
/// encodings chardetng knows; a single-byte Western code page only on strong
/// evidence (accented letters inside Latin words), never for text with runs of
/// CJK-looking bytes. Input whose lines mix encodings is decoded line by line.
/// A few bytes that no encoding reads are escaped (see [`Decoded::text`]). The
/// byte order mark stays in the text as U+FEFF.
///
/// # Errors
///
/// [`ErrorKind::Binary`] for data that is not text, [`ErrorKind::Undecodable`] for
/// text with more damage than [`DecodeOptions`] allows.
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
            mixed_lines: 0,
        });
    }
    if let Some(reason) = binary::signature(bytes) {
        return Err(binary_error(reason.to_owned()));
    }
    if let Some(enc) = options.encoding {
        let bom = Encoding::for_bom(bytes).is_some_and(|(e, _)| e == enc);
        let decoding = Decoding::of(enc, bytes, options.mark());
        return finish(decoding, enc.name(), bom, options);
    }
    match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) if enc == UTF_8 => {
            check_bytes(&bytes[bom_len..], bom_len, options)?;
            let decoding = Decoding::of(UTF_8, bytes, options.mark());
            finish(decoding, UTF_8.name(), true, options)
        }
        Some((enc, bom_len)) => {
            let rest = &bytes[bom_len..];
            check_utf16_units(rest, enc, bom_len)?;
            finish(
                Decoding::of(enc, bytes, options.mark()),
                enc.name(),
                true,
                options,
            )
        }
        None => decode_unmarked(bytes, options),
    }
}

/// Decodes bytes it may keep: as [`decode_with`], but valid UTF-8 (the common
/// case) becomes the text without a copy, so that a large input is held once,
/// not twice, while it is decoded.
///
/// # Errors
///
/// As [`decode_with`].
///
/// # Example
///
/// ```
/// use zhdoc::{DecodeOptions, decode_vec};
///
/// let decoded = decode_vec("中文".as_bytes().to_vec(), &DecodeOptions::new())?;
/// assert_eq!((decoded.text.as_str(), decoded.encoding), ("中文", "UTF-8"));
/// # Ok::<(), zhdoc::Error>(())
/// ```
pub fn decode_vec(bytes: Vec<u8>, options: &DecodeOptions) -> Result<Decoded, Error> {
    let plain = options.encoding.is_none()
        && bytes.len() > SHORT
        && Encoding::for_bom(&bytes).is_none()
        && !ByteStats::of(&bytes).mostly_control()
        && memchr::memchr(0, &bytes).is_none()
        && simdutf8::basic::from_utf8(&bytes).is_ok();
    if !plain {
        return decode_with(&bytes, options);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: UTF_8.name(),
            bom: false,
            malformed: 0,
            mixed_lines: 0,
        }),
        Err(e) => decode_with(e.as_bytes(), options),
    }
}

/// Decodes input without a byte order mark.
fn decode_unmarked(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, Error> {
    let stats = ByteStats::of(bytes);
    if let Some(offset) = stats.first_nul {
        if let Some(decoded) = sniff_utf16(bytes, options) {
            return Ok(decoded);
        }
        if options.strict || !few_nuls(bytes) {
            let hint = if bytes.len() % 2 == 0 && ZeroParity::of(bytes).one_sided() {
                " (if this is UTF-16 text, it needs a byte order mark)"
            } else {
                ""
            };
            return Err(binary_error(format!(
                "NUL bytes, the first at offset {offset}{hint}"
            )));
        }
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
        let decoding = Decoding {
            text: text.to_owned(),
            malformed: 0,
            first_malformed: None,
        };
        return finish(decoding, UTF_8.name(), false, options);
    }
    if !options.strict {
        if let Some(decoded) = sniff_utf16(bytes, options) {
            return Ok(decoded);
        }
    }
    decode_legacy(bytes, options)
}

/// Whether NUL bytes are rare enough (one in 200 bytes at most) to be damage in
/// a text rather than the mark of binary data.
fn few_nuls(bytes: &[u8]) -> bool {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    nuls * 200 <= bytes.len()
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
        let Some(d) = Decoding::clean(enc, bytes) else {
            continue;
        };
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
        mixed_lines: 0,
    })
}

/// Rejects UTF-8 (after its byte order mark) that holds NULs (unless they are few
/// and decoding is not strict) or mostly controls.
fn check_bytes(rest: &[u8], bom_len: usize, options: &DecodeOptions) -> Result<(), Error> {
    let stats = ByteStats::of(rest);
    if let Some(offset) = stats.first_nul {
        if options.strict || !few_nuls(rest) {
            return Err(binary_error(format!(
                "NUL bytes, the first at offset {}",
                bom_len + offset
            )));
        }
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

/// UTF-16 without a byte order mark, when the text says so: ASCII-heavy UTF-16
/// has zeros at one parity; Chinese UTF-16 (looked at unless strict) decodes,
/// one way round, into common ideographs and ASCII, and into nothing plausible
/// in any byte-oriented encoding.
fn sniff_utf16(bytes: &[u8], options: &DecodeOptions) -> Option<Decoded> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let zeros = ZeroParity::of(bytes);
    let candidates: &[&'static Encoding] = if zeros.ascii_heavy_le() {
        &[UTF_16LE]
    } else if zeros.ascii_heavy_be() {
        &[UTF_16BE]
    } else if !options.strict && bytes.len() >= 2 * MIN_UNITS {
        &[UTF_16LE, UTF_16BE]
    } else {
        return None;
    };
    if binary::first_nul_unit(bytes).is_some() {
        return None;
    }
    let mut best: Option<(&'static Encoding, Decoding, Score)> = None;
    for &enc in candidates {
        let Some(decoding) = Decoding::clean(enc, bytes) else {
            continue;
        };
        // Binary data with zeros in one half (tables of small integers) decodes to
        // control characters and symbols; text decodes to letters and ideographs.
        let score = plausibility::whole(&decoding.text);
        if !score.at_least(9) {
            continue;
        }
        if candidates.len() > 1 && !mostly_ideographs(&decoding.text) {
            continue;
        }
        if best.as_ref().is_none_or(|b| score.beats(b.2)) {
            best = Some((enc, decoding, score));
        }
    }
    best.map(|(enc, decoding, _)| Decoded {
        text: decoding.text,
        encoding: enc.name(),
        bom: false,
        malformed: 0,
        mixed_lines: 0,
    })
}

/// How many code units Chinese UTF-16 without a byte order mark needs to be
/// recognised (a few bytes read as two or three ideographs by accident).
const MIN_UNITS: usize = 8;

/// Whether at least half the characters of `text` are CJK ideographs or
/// punctuation (the mark of Chinese UTF-16 read the right way round).
fn mostly_ideographs(text: &str) -> bool {
    let (mut cjk, mut all) = (0usize, 0usize);
    for c in text.chars() {
        all += 1;
        cjk += usize::from(is_cjk(c));
    }
    cjk * 2 >= all
}

/// The mean weight (0–10) a legacy decoding needs to count as text.
const PLAUSIBLE: u64 = 5;

/// Input that is not valid UTF-8 and has no byte order mark.
///
/// A reading of the whole input that is clean and plausible wins, unless some
/// of its lines are clearly UTF-8 (a file of GBK lines then UTF-8 lines reads
/// "cleanly" as GBK mojibake). Otherwise the input is read line by line, each
/// line in the encoding that reads it ([`read_lines`]).
fn decode_legacy(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, Error> {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let guess = if guess == GBK { GB18030 } else { guess };
    let mut candidates: Vec<&'static Encoding> = Vec::new();
    // Chinese archives are GB, UTF-8, UTF-16 or Big5: a single-byte Western code
    // page reads anything cleanly, so it needs evidence of its own.
    if !guess.is_single_byte() || western_evidence(bytes) {
        candidates.push(guess);
    }
    for enc in [GB18030, BIG5] {
        if !candidates.contains(&enc) {
            candidates.push(enc);
        }
    }
    // Damaged UTF-8 (a truncated file, a stray byte) often decodes cleanly as
    // GBK mojibake: many good multi-byte sequences per bad one say it is UTF-8,
    // to be read line by line like input that mixes UTF-8 lines in.
    let mixed = has_utf8_lines(bytes) || utf8_mostly_good(bytes);
    if !mixed {
        // Only a clean reading of the whole can win here: each candidate stops
        // at its first malformed sequence.
        let mut decodings: Vec<(&'static Encoding, Decoding)> = candidates
            .into_iter()
            .filter_map(|enc| Some((enc, Decoding::clean(enc, bytes)?)))
            .collect();
        let mut best: Option<(usize, Score)> = None;
        for (i, (enc, d)) in decodings.iter().enumerate() {
            let score = plausibility::non_ascii_decoded(&d.text, family(enc));
            if best.is_none_or(|(_, b)| score.beats(b)) {
                best = Some((i, score));
            }
        }
        if let Some((i, score)) = best {
            if score.at_least(PLAUSIBLE) {
                let (enc, d) = decodings.swap_remove(i);
                let name = name_of(enc, bytes);
                return finish(d, name, false, options);
            }
        }
    }

    let (main, prefer_utf8) = legacy_of_lines(bytes);
    let lines = read_lines(bytes, main, prefer_utf8, options.mark());
    let name = name_of(lines.encoding, bytes);
    if options.strict && (lines.decoding.malformed > 0 || lines.mixed_lines > 0) {
        if lines.decoding.malformed > 0 {
            return Err(undecodable(name, &lines.decoding));
        }
        return Err(Error::new(ErrorKind::MixedEncodings {
            encoding: name,
            lines: lines.mixed_lines,
            first_offset: lines.first_mixed.unwrap_or(0),
        }));
    }
    let d = &lines.decoding;
    let acceptable = if options.lossy {
        plausibility::non_ascii(&d.text, family(lines.encoding)).at_least(PLAUSIBLE)
    } else {
        plausibility::non_ascii_decoded(&d.text, family(lines.encoding)).at_least(PLAUSIBLE)
            && lines.good >= 2
            && (lines.good_non_ascii >= 4 * d.malformed || truncated_end(bytes, d))
    };
    if !acceptable {
        return Err(undecodable(name, d));
    }
    let mut decoded = finish(lines.decoding, name, false, options)?;
    decoded.mixed_lines = lines.mixed_lines;
    Ok(decoded)
}

/// Whether `bytes` look like Western single-byte text: every byte ≥ 0x80 stands
/// alone, next to an ASCII letter (the accented letters of `café`, `Müller`).
/// Chinese in any multi-byte encoding comes in runs of two bytes or more.
fn western_evidence(bytes: &[u8]) -> bool {
    let (mut runs, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] >= 0x80 {
            i += 1;
        }
        let letter = |j: Option<usize>| {
            j.and_then(|j| bytes.get(j))
                .is_some_and(u8::is_ascii_alphabetic)
        };
        if i - start > 1 || !(letter(start.checked_sub(1)) || letter(Some(i))) {
            return false;
        }
        runs += 1;
    }
    runs >= 1
}

/// Whether the well-formed multi-byte UTF-8 characters of `bytes` outnumber
/// its malformed sequences four to one. (A scan, not a decoding: decoding GBK
/// as UTF-8 meets a malformed sequence every few bytes.)
fn utf8_mostly_good(bytes: &[u8]) -> bool {
    let (mut good, mut bad, mut rest) = (0usize, 0usize, bytes);
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                good += valid.bytes().filter(|&b| b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                good += valid.iter().filter(|&&b| b >= 0xC0).count();
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
    good >= 4 * bad
}

/// Whether some line of `bytes` is clearly UTF-8: valid, with at least three
/// multi-byte characters (a legacy-encoded line is not valid UTF-8 by accident
/// for that long).
fn has_utf8_lines(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .any(|line| !line.is_ascii() && simdutf8::basic::from_utf8(line).is_ok_and(chinese_utf8))
}

/// Whether valid UTF-8 text reads as Chinese: at least three ideographs or
/// Chinese punctuation, half its non-ASCII characters at least. GBK pairs that
/// happen to be valid UTF-8 read as Latin, Greek or Cyrillic letters instead.
fn chinese_utf8(text: &str) -> bool {
    let (mut cjk, mut non_ascii) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        cjk += usize::from(is_cjk(c));
    }
    cjk >= 3 && cjk * 2 >= non_ascii
}

/// Ideographs and Chinese punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF5E}')
}

/// How many bytes of lines that are not UTF-8 [`legacy_of_lines`] judges by.
const SAMPLE: usize = 1 << 20;

/// The legacy encoding of the lines that are not valid UTF-8 (GB18030 or Big5,
/// a clean reading first, then the more plausible), judged on their first
/// [`SAMPLE`] bytes; and whether more lines are Chinese UTF-8 than not.
fn legacy_of_lines(bytes: &[u8]) -> (&'static Encoding, bool) {
    let mut sample = Vec::new();
    let (mut utf8_lines, mut legacy_lines) = (0usize, 0usize);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if line.is_ascii() {
            continue;
        }
        match simdutf8::basic::from_utf8(line) {
            Ok(text) if chinese_utf8(text) => utf8_lines += 1,
            _ => {
                legacy_lines += 1;
                if sample.len() < SAMPLE {
                    sample.extend_from_slice(line);
                }
            }
        }
    }
    let mut best: Option<(&'static Encoding, bool, Score)> = None;
    for enc in [GB18030, BIG5] {
        let d = Decoding::of(enc, &sample, Mark::Replace);
        let clean = d.malformed == 0;
        let score = plausibility::non_ascii_decoded(&d.text, family(enc));
        let better = match &best {
            None => true,
            Some((_, was_clean, was)) => {
                (clean && !was_clean) || (clean == *was_clean && score.beats(*was))
            }
        };
        if better {
            best = Some((enc, clean, score));
        }
    }
    (best.map_or(GB18030, |b| b.0), utf8_lines > legacy_lines)
}

/// Whether the only malformed sequence is at the end of the input: a file cut
/// in the middle of its last character.
fn truncated_end(bytes: &[u8], d: &Decoding) -> bool {
    d.malformed == 1 && d.first_malformed.is_some_and(|at| bytes.len() - at <= 3)
}

/// The input read line by line.
struct Lines {
    decoding: Decoding,
    /// The encoding most non-ASCII bytes were read in.
    encoding: &'static Encoding,
    /// How many lines with non-ASCII bytes were read in another one.
    mixed_lines: usize,
    /// Where the first of them starts.
    first_mixed: Option<usize>,
    /// Characters read well, and of them the non-ASCII ones.
    good: usize,
    good_non_ascii: usize,
}

/// Reads each line in the encoding that reads it: valid UTF-8 as UTF-8; UTF-8
/// with a damaged character or two as UTF-8; a line `main` reads cleanly in
/// `main`; otherwise the other Chinese encoding if it reads the line cleanly
/// and plausibly; otherwise whichever of `main` and UTF-8 meets fewer malformed
/// sequences, which are marked.
fn read_lines(bytes: &[u8], main: &'static Encoding, prefer_utf8: bool, mark: Mark) -> Lines {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let (mut malformed, mut first_malformed) = (0usize, None);
    let mut by_encoding: Vec<(&'static Encoding, usize)> = Vec::new();
    let mut line_encodings: Vec<(usize, &'static Encoding)> = Vec::new();
    let other = if main == BIG5 { GB18030 } else { BIG5 };
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let line = &bytes[start..end];
        if line.is_ascii() {
            // ASCII is ASCII in every candidate; a NUL is escaped below.
            push_ascii(
                &mut text,
                line,
                mark,
                start,
                &mut malformed,
                &mut first_malformed,
            );
            start = end;
            continue;
        }
        let (enc, d) = read_line(line, main, other, prefer_utf8, end == bytes.len(), mark);
        if d.malformed > 0 {
            malformed += d.malformed;
            first_malformed = first_malformed.or(d.first_malformed.map(|at| start + at));
        }
        text.push_str(&d.text);
        let high = line.iter().filter(|&&b| b >= 0x80).count();
        match by_encoding.iter_mut().find(|(e, _)| *e == enc) {
            Some((_, n)) => *n += high,
            None => by_encoding.push((enc, high)),
        }
        line_encodings.push((start, enc));
        start = end;
    }
    let encoding = by_encoding
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(main, |(e, _)| *e);
    let mut mixed_lines = 0;
    let mut first_mixed = None;
    for &(at, enc) in &line_encodings {
        if enc != encoding {
            mixed_lines += 1;
            first_mixed.get_or_insert(at);
        }
    }
    let bad = |c: char| c == '\u{FFFD}' || escaped_byte(c).is_some();
    let good = text.chars().filter(|&c| !bad(c)).count();
    let good_non_ascii = text.chars().filter(|&c| !c.is_ascii() && !bad(c)).count();
    Lines {
        decoding: Decoding {
            text,
            malformed,
            first_malformed,
        },
        encoding,
        mixed_lines,
        first_mixed,
        good,
        good_non_ascii,
    }
}

/// Appends an ASCII line, escaping NUL bytes as malformed (unless replacing).
fn push_ascii(
    text: &mut String,
    line: &[u8],
    mark: Mark,
    offset: usize,
    malformed: &mut usize,
    first: &mut Option<usize>,
) {
    for (i, &b) in line.iter().enumerate() {
        if b == 0 {
            *malformed += 1;
            first.get_or_insert(offset + i);
            text.push(match mark {
                Mark::Replace => '\u{FFFD}',
                Mark::Escape => escape(0),
            });
        } else {
            text.push(char::from(b));
        }
    }
}

/// Reads one line (see [`read_lines`]).
fn read_line(
    line: &[u8],
    main: &'static Encoding,
    other: &'static Encoding,
    prefer_utf8: bool,
    last: bool,
    mark: Mark,
) -> (&'static Encoding, Decoding) {
    let utf8 = Decoding::of(UTF_8, line, mark);
    let utf8_good = utf8.good_non_ascii();
    if utf8.malformed == 0 && chinese_utf8(&utf8.text) {
        return (UTF_8, utf8);
    }
    // Damaged UTF-8 (a character cut short, a stray byte) often reads cleanly
    // as GBK mojibake: in a mostly UTF-8 input, a line that UTF-8 reads more
    // of than it fails on is UTF-8.
    // A file cut inside its last UTF-8 character.
    let cut_short = last && utf8.malformed == 1 && truncated_end(line, &utf8);
    let damaged_utf8 = if prefer_utf8 || cut_short {
        utf8_good >= 1 && utf8_good >= utf8.malformed
    } else {
        utf8_good >= 2 && utf8_good >= 4 * utf8.malformed
    };
    if utf8.malformed > 0 && damaged_utf8 {
        return (UTF_8, utf8);
    }
    let first = Decoding::of(main, line, mark);
    if first.malformed == 0 {
        // A short line valid in UTF-8 too: the likelier reading.
        if utf8.malformed == 0
            && plausibility::non_ascii(&utf8.text, Family::Other)
                .beats(plausibility::non_ascii(&first.text, family(main)))
        {
            return (UTF_8, utf8);
        }
        return (main, first);
    }
    if utf8.malformed == 0 {
        return (UTF_8, utf8);
    }
    let second = Decoding::of(other, line, mark);
    if second.malformed == 0
        && plausibility::non_ascii(&second.text, family(other)).at_least(PLAUSIBLE)
    {
        return (other, second);
    }
    if utf8.malformed < first.malformed {
        (UTF_8, utf8)
    } else {
        (main, first)
    }
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

/// Turns a decoding into the result: clean; or, with malformed sequences,
/// replaced when lossy, refused when strict, and otherwise kept escaped when
/// they are few against the text read well (or one cut off at the end).
/// NUL characters are escaped as malformed unless strict.
fn finish(
    mut d: Decoding,
    encoding: &'static str,
    bom: bool,
    options: &DecodeOptions,
) -> Result<Decoded, Error> {
    if !options.strict && d.text.contains('\0') {
        let nul = match options.mark() {
            Mark::Replace => '\u{FFFD}',
            Mark::Escape => escape(0),
        };
        let nuls = d.text.bytes().filter(|&b| b == 0).count();
        d.malformed += nuls;
        if d.first_malformed.is_none() {
            d.first_malformed = d.text.find('\0');
        }
        d.text = d.text.replace('\0', nul.encode_utf8(&mut [0; 4]));
    }
    if d.malformed > 0 {
        let few = d.good_non_ascii() >= 4 * d.malformed
            || (d.malformed == 1 && d.text.chars().count() > 1);
        if options.strict || (!options.lossy && !few) {
            return Err(undecodable(encoding, &d));
        }
    }
    Ok(Decoded {
        text: d.text,
        encoding,
        bom,
        malformed: d.malformed,
        mixed_lines: 0,
    })
}

fn undecodable(encoding: &'static str, d: &Decoding) -> Error {
    Error::new(ErrorKind::Undecodable {
        encoding,
        malformed: d.malformed,
        first_offset: d.first_malformed.unwrap_or(0),
    })
}

fn binary_error(reason: String) -> Error {
    Error::new(ErrorKind::Binary { reason })
}

/// One decoder's reading of some bytes, malformed sequences marked.
#[derive(Debug)]
struct Decoding {
    text: String,
    malformed: usize,
    first_malformed: Option<usize>,
}

impl Decoding {
    /// Decodes all of `bytes` with `enc`, keeping a byte order mark as U+FEFF.
    fn of(enc: &'static Encoding, bytes: &[u8], mark: Mark) -> Decoding {
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
                    let end = pos.saturating_sub(usize::from(extra)).max(start);
                    first_malformed.get_or_insert(start);
                    match mark {
                        Mark::Replace => text.push('\u{FFFD}'),
                        Mark::Escape => {
                            // At least one byte stands for the sequence.
                            let run = &bytes[start..end.max(start + 1).min(bytes.len())];
                            text.extend(run.iter().map(|&b| escape(b)));
                        }
                    }
                }
            }
        }
        Decoding {
            text,
            malformed,
            first_malformed,
        }
    }

    /// Decodes all of `bytes` with `enc` if it meets no malformed sequence
    /// (it stops at the first).
    fn clean(enc: &'static Encoding, bytes: &[u8]) -> Option<Decoding> {
        let text = enc
            .decode_without_bom_handling_and_without_replacement(bytes)?
            .into_owned();
        Some(Decoding {
            text,
            malformed: 0,
            first_malformed: None,
        })
    }

    /// How many non-ASCII characters decoded well (not U+FFFD, not escaped).
    fn good_non_ascii(&self) -> usize {
        self.text
            .chars()
            .filter(|&c| !c.is_ascii() && c != '\u{FFFD}' && escaped_byte(c).is_none())
            .count()
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
        let d = Decoding::of(UTF_8, b"ab\xffcd\xfe", Mark::Replace);
        assert_eq!(d.text, "ab\u{fffd}cd\u{fffd}");
        assert_eq!(d.malformed, 2);
        assert_eq!(d.first_malformed, Some(2));
        let d = Decoding::of(UTF_16LE, b"\xff\xfea\x00b", Mark::Replace);
        assert_eq!(d.text, "\u{feff}a\u{fffd}");
        assert_eq!(d.malformed, 1);
    }
}
