//! Telling binary data from text: file signatures, NUL bytes, control characters.

/// Signatures of binary formats that end up served as `.txt`, and what to tell the user.
const SIGNATURES: &[(&[u8], &str)] = &[
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "a Word/OLE2 document (.doc, .xls, .wps), not text",
    ),
    (b"%PDF-", "a PDF document, not text"),
    (
        b"PK\x03\x04",
        "a ZIP archive (such as a .docx, .xlsx or .epub file), not text",
    ),
    (b"PK\x05\x06", "an empty ZIP archive, not text"),
    (b"\x89PNG\r\n\x1A\n", "a PNG image, not text"),
    (b"\xFF\xD8\xFF", "a JPEG image, not text"),
    (b"GIF87a", "a GIF image, not text"),
    (b"GIF89a", "a GIF image, not text"),
    (b"II*\x00", "a TIFF image, not text"),
    (b"MM\x00*", "a TIFF image, not text"),
    (b"\x1F\x8B", "gzip-compressed data, not text"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive, not text"),
    (b"Rar!\x1A\x07", "a RAR archive, not text"),
    (b"\xFD7zXZ\x00", "xz-compressed data, not text"),
    (b"\x28\xB5\x2F\xFD", "zstd-compressed data, not text"),
    (b"\x7FELF", "an ELF executable, not text"),
    (b"SQLite format 3\x00", "an SQLite database, not text"),
    (
        b"{\\rtf",
        "an RTF document (formatting markup), not plain text",
    ),
];

/// The reason to reject `bytes` if they start with a known binary signature.
pub(crate) fn signature(bytes: &[u8]) -> Option<&'static str> {
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, reason)| reason)
}

/// Whether a byte is a control character that text does not hold: C0 controls
/// other than tab, line feed, form feed and carriage return, and DEL.
#[inline]
fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0C | b'\r')) || b == 0x7F
}

/// What the bytes of an ASCII-compatible input say about it being text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ByteStats {
    /// The offset of the first NUL byte.
    pub(crate) first_nul: Option<usize>,
    /// How many bytes are control characters (NUL included).
    pub(crate) controls: usize,
    /// How many bytes there are.
    pub(crate) len: usize,
}

impl ByteStats {
    /// Counts over `bytes` (one pass; the NUL search only runs if a control was seen).
    pub(crate) fn of(bytes: &[u8]) -> ByteStats {
        // Byte-wide counters over chunks of 255 bytes vectorise well.
        let controls: usize = bytes
            .chunks(255)
            .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(is_control(b)))))
            .sum();
        let first_nul = if controls == 0 {
            None
        } else {
            bytes.iter().position(|&b| b == 0)
        };
        ByteStats {
            first_nul,
            controls,
            len: bytes.len(),
        }
    }

    /// Whether control characters make up more than 30% of the input: a
    /// stray bell or escape in a text is OCR noise, a third of the input is not text.
    pub(crate) fn mostly_control(&self) -> bool {
        self.controls * 10 > self.len * 3
    }

    /// The reason to give when the input is mostly control characters.
    pub(crate) fn control_reason(&self) -> String {
        format!(
            "{} of its {} bytes are control characters",
            self.controls, self.len
        )
    }
}

/// Zero bytes at even and at odd offsets: the fingerprint of UTF-16 without a byte
/// order mark (ASCII in UTF-16LE has a zero at every odd offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ZeroParity {
    pub(crate) even: usize,
    pub(crate) odd: usize,
    /// Code units (byte pairs).
    pub(crate) units: usize,
}

impl ZeroParity {
    pub(crate) fn of(bytes: &[u8]) -> ZeroParity {
        let (mut even, mut odd) = (0, 0);
        for pair in bytes.chunks_exact(2) {
            even += usize::from(pair[0] == 0);
            odd += usize::from(pair[1] == 0);
        }
        ZeroParity {
            even,
            odd,
            units: bytes.len() / 2,
        }
    }

    /// Whether nearly all zeros sit at one parity (at most one in eight elsewhere).
    pub(crate) fn one_sided(&self) -> bool {
        self.odd > self.even * 8 || self.even > self.odd * 8
    }

    /// Whether the zeros say ASCII-heavy UTF-16LE: at least half the code units have a
    /// zero high byte (odd offset), and zeros stay one-sided.
    pub(crate) fn ascii_heavy_le(&self) -> bool {
        self.odd * 2 >= self.units && self.odd > self.even * 8
    }

    /// The same for UTF-16BE (zero high byte at even offsets).
    pub(crate) fn ascii_heavy_be(&self) -> bool {
        self.even * 2 >= self.units && self.even > self.odd * 8
    }
}

/// The offset of the first UTF-16 code unit U+0000 in `bytes` (pairs from offset 0).
pub(crate) fn first_nul_unit(bytes: &[u8]) -> Option<usize> {
    bytes
        .chunks_exact(2)
        .position(|u| u == [0, 0])
        .map(|i| i * 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        let rows: &[(&str, &[u8], Option<&str>)] = &[
            (
                "ole2",
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1junk",
                Some("Word"),
            ),
            ("pdf", b"%PDF-1.4\n", Some("PDF")),
            ("docx", b"PK\x03\x04\x14\x00", Some("ZIP")),
            ("png", b"\x89PNG\r\n\x1A\n\0\0", Some("PNG")),
            ("text", "中文".as_bytes(), None),
            ("pdf_prefix_only", b"%PD", None),
            ("empty", b"", None),
        ];
        for (name, bytes, want) in rows {
            let got = signature(bytes);
            match want {
                Some(w) => assert!(got.is_some_and(|r| r.contains(w)), "{name}: {got:?}"),
                None => assert_eq!(got, None, "{name}"),
            }
        }
    }

    #[test]
    fn byte_stats() {
        let s = ByteStats::of(b"ab\x07c\0d\n");
        assert_eq!(s.first_nul, Some(4));
        assert_eq!(s.controls, 2);
        assert!(!s.mostly_control());
        assert!(ByteStats::of(b"\x01\x02\x03ab").mostly_control());
        assert_eq!(ByteStats::of(b"a\tb\r\n\x0c").controls, 0);
    }

    #[test]
    fn zero_parity() {
        let le: Vec<u8> = "abc中".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let z = ZeroParity::of(&le);
        assert!(z.ascii_heavy_le() && !z.ascii_heavy_be() && z.one_sided());
        let be: Vec<u8> = "abc中".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(ZeroParity::of(&be).ascii_heavy_be());
        assert!(!ZeroParity::of(b"a\0\0b").one_sided());
        assert_eq!(first_nul_unit(b"a\0\0\0"), Some(2));
        assert_eq!(first_nul_unit(b"\0a\0b"), None);
    }
}
