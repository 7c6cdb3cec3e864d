//! Decoding: every encoding a Chinese archive holds, binary data, undecodable text.

use encoding_rs::{BIG5, Encoding, GB18030, GBK};
use zhdoc::{Cleaner, DecodeOptions, ErrorKind, decode, decode_with, rebuild_original};

use crate::common;

/// A traditional-character passage: the seed has characters Big5 lacks.
const TRADITIONAL: &str = "市總工會按照上級工會的總體要求，結合安達實際，從促進市域經濟建設出發，\
著眼於企業的改革與發展，提高職工隊伍素質。\n我們在全市開展了形式不同、方式各異的「創爭」活動，\
有力地促進了企業的深化和經濟效益的提高，為全市經濟的發展起到了積極的作用。\n\
安達市面積三千五百八十六平方公里，人口五十萬。\n";

/// Lines of the seed's site header: ASCII-heavy, as UTF-16 without a BOM must be.
const ASCII_HEAVY: &str = "ID:44262530\n大小:34.00 KB\n页数:4页\n时间:2019-10-20\n";

fn seed() -> String {
    String::from_utf8(common::seed_bytes()).expect("the seed is UTF-8")
}

/// The seed with the one character GBK lacks (U+2022 •) swapped for one it has.
fn seed_gbk() -> String {
    seed().replace('\u{2022}', "\u{b7}")
}

fn encode(enc: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{} cannot encode the test text", enc.name());
    bytes.into_owned()
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn utf16be(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn with_prefix(prefix: &[u8], rest: Vec<u8>) -> Vec<u8> {
    let mut v = prefix.to_vec();
    v.extend(rest);
    v
}

/// One input, the text it must decode to (its byte order mark aside), the encoding.
struct Row {
    name: &'static str,
    bytes: Vec<u8>,
    text: String,
    encoding: &'static str,
    bom: bool,
}

fn rows() -> Vec<Row> {
    let seed = seed();
    let crlf = seed.replace('\n', "\r\n");
    let gbk = seed_gbk();
    let row = |name, bytes, text: &str, encoding, bom| Row {
        name,
        bytes,
        text: text.to_owned(),
        encoding,
        bom,
    };
    vec![
        row("utf8", seed.clone().into_bytes(), &seed, "UTF-8", false),
        row(
            "utf8_bom",
            with_prefix(b"\xEF\xBB\xBF", seed.clone().into_bytes()),
            &seed,
            "UTF-8",
            true,
        ),
        row(
            "utf16le_bom",
            with_prefix(b"\xFF\xFE", utf16le(&seed)),
            &seed,
            "UTF-16LE",
            true,
        ),
        row(
            "utf16be_bom",
            with_prefix(b"\xFE\xFF", utf16be(&seed)),
            &seed,
            "UTF-16BE",
            true,
        ),
        row(
            "utf16le_bom_crlf",
            with_prefix(b"\xFF\xFE", utf16le(&crlf)),
            &crlf,
            "UTF-16LE",
            true,
        ),
        // The seed's • needs a four-byte sequence: GB18030 proper.
        row("gb18030", encode(GB18030, &seed), &seed, "GB18030", false),
        row("gbk", encode(GBK, &gbk), &gbk, "GBK", false),
        row(
            "gbk_crlf",
            encode(GBK, &gbk.replace('\n', "\r\n")),
            &gbk.replace('\n', "\r\n"),
            "GBK",
            false,
        ),
        row(
            "big5",
            encode(BIG5, TRADITIONAL),
            TRADITIONAL,
            "Big5",
            false,
        ),
        row(
            "big5_crlf",
            encode(BIG5, &TRADITIONAL.replace('\n', "\r\n")),
            &TRADITIONAL.replace('\n', "\r\n"),
            "Big5",
            false,
        ),
        row(
            "utf16le_no_bom",
            utf16le(ASCII_HEAVY),
            ASCII_HEAVY,
            "UTF-16LE",
            false,
        ),
        row(
            "utf16be_no_bom",
            utf16be(ASCII_HEAVY),
            ASCII_HEAVY,
            "UTF-16BE",
            false,
        ),
    ]
}

#[test]
fn every_encoding_decodes_to_the_same_text() {
    for r in rows() {
        let d = decode(&r.bytes).unwrap_or_else(|e| panic!("{}: {e}", r.name));
        let want = if r.bom {
            format!("\u{feff}{}", r.text)
        } else {
            r.text.clone()
        };
        assert!(d.text == want, "{}: decoded text differs", r.name);
        assert_eq!(d.encoding, r.encoding, "{}", r.name);
        assert_eq!(d.bom, r.bom, "{}: bom", r.name);
        assert_eq!(d.malformed, 0, "{}: malformed", r.name);
    }
}

#[test]
fn every_encoding_cleans_to_the_same_text() {
    let cleaner = Cleaner::new();
    for r in rows() {
        let doc = cleaner
            .clean(&r.bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", r.name));
        // The reference: the same text as plain UTF-8 with `\n` line breaks.
        let reference = cleaner
            .clean(r.text.replace("\r\n", "\n").as_bytes())
            .expect("UTF-8 cleans");
        assert!(
            doc.text() == reference.text(),
            "{}: cleaned text differs",
            r.name
        );
        assert_eq!(doc.encoding(), r.encoding, "{}", r.name);
        assert!(!doc.text().starts_with('\u{feff}'), "{}: BOM kept", r.name);
        assert!(!doc.text().contains('\r'), "{}: CR kept", r.name);
        assert_eq!(
            rebuild_original(doc.text(), doc.edits()).unwrap(),
            doc.original(),
            "{}: rebuild",
            r.name
        );
    }
}

#[test]
fn short_lines_in_gbk_and_big5() {
    let gbk_lines = [
        "市总工会按照上级工会的总体要求。",
        "积极探索大胆实践推动活动向纵深发展",
        "提高职工队伍素质，促进经济发展。",
        "2005年全市地区生产总值实现63.58亿元。",
        "本会于三月十日召开会员大会",
        "欢迎来到天天文库",
    ];
    let big5_lines = [
        "市總工會按照上級工會的總體要求。",
        "積極探索大膽實踐推動活動向縱深發展",
        "提高職工隊伍素質，促進經濟發展。",
        "臺灣省政府九十四年度工作報告",
        "本會於三月十日召開會員大會",
        "中華民國八十五年度施政計畫",
    ];
    let cases = gbk_lines
        .iter()
        .map(|l| (GBK, "GBK", *l))
        .chain(big5_lines.iter().map(|l| (BIG5, "Big5", *l)));
    for (enc, name, line) in cases {
        let d = decode(&encode(enc, line)).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!((d.text.as_str(), d.encoding), (line, name), "{line}");
    }
}

#[test]
fn very_short_texts() {
    // (text, encoding): 通知 in GBK is valid UTF-8 (U+0368 U+05AA); chardetng reads
    // 中華民國 in Big5 as EUC-JP. Real UTF-8 must stay UTF-8.
    let rows: &[(&str, &'static Encoding, &str)] = &[
        ("通知", GBK, "GBK"),
        ("中国", GBK, "GBK"),
        ("工会", GBK, "GBK"),
        ("中華民國", BIG5, "Big5"),
        ("通知", BIG5, "Big5"),
        ("工會", BIG5, "Big5"),
        ("通知", encoding_rs::UTF_8, "UTF-8"),
        ("中文", encoding_rs::UTF_8, "UTF-8"),
        ("中華民國", encoding_rs::UTF_8, "UTF-8"),
        ("café", encoding_rs::UTF_8, "UTF-8"),
        ("Müller", encoding_rs::UTF_8, "UTF-8"),
        ("привет", encoding_rs::UTF_8, "UTF-8"),
        ("café", encoding_rs::WINDOWS_1252, "windows-1252"),
    ];
    for &(text, enc, name) in rows {
        let d = decode(&encode(enc, text)).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (d.text.as_str(), d.encoding),
            (text, name),
            "{text} in {name}"
        );
    }
}

#[test]
fn empty_input_is_empty_utf8() {
    let d = decode(b"").unwrap();
    assert_eq!(
        (d.text.as_str(), d.encoding, d.bom, d.malformed),
        ("", "UTF-8", false, 0)
    );
    let doc = Cleaner::new().clean(b"").unwrap();
    assert_eq!((doc.text(), doc.encoding()), ("", "UTF-8"));
}

#[test]
fn binary_data_is_an_error() {
    let mut doc_file = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc_file.extend((0u8..=255).cycle().take(1024));
    let mut png = b"\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR".to_vec();
    png.extend([0x80; 64]);
    let mut nuls = "中文".as_bytes().to_vec();
    nuls.extend(b"\0\0abc\0def");
    // Chinese-heavy UTF-16LE without a BOM: zeros on one side only, not enough of them.
    let utf16_chinese = utf16le("市总工会按照上级工会的总体要求2005年");
    let rows: Vec<(&str, Vec<u8>, &str)> = vec![
        ("doc", doc_file, "Word/OLE2 document"),
        ("png", png, "PNG image"),
        ("pdf", b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec(), "PDF"),
        ("docx", b"PK\x03\x04\x14\x00\x06\x00".to_vec(), "ZIP"),
        ("gzip", b"\x1F\x8B\x08\x00".to_vec(), "gzip"),
        ("nul_bytes", nuls, "NUL bytes, the first at offset 6"),
        (
            "mostly_controls",
            b"\x01\x02\x03\x04ab\x05\x06\x07\x08c\x0E\x0F".to_vec(),
            "control characters",
        ),
        (
            "utf16_nul_characters",
            b"\xFF\xFEa\x00\x00\x00b\x00".to_vec(),
            "NUL characters, the first at offset 4",
        ),
        (
            "utf8_bom_then_nul",
            b"\xEF\xBB\xBFabc\0".to_vec(),
            "offset 6",
        ),
        (
            "utf16_without_bom_too_few_zeros",
            utf16_chinese,
            "needs a byte order mark",
        ),
        (
            "small_integers_look_like_utf16le",
            (0u16..64).flat_map(|i| (i % 7 + 1).to_le_bytes()).collect(),
            "NUL bytes",
        ),
    ];
    for (name, bytes, reason_has) in rows {
        // Chinese UTF-16 without a byte order mark is decoded unless strict.
        let modes: &[DecodeOptions] = if name == "utf16_without_bom_too_few_zeros" {
            &[*DecodeOptions::new().strict(true)]
        } else {
            &[
                DecodeOptions::new(),
                *DecodeOptions::new().lossy(true),
                *DecodeOptions::new().strict(true),
            ]
        };
        for options in modes {
            let err = decode_with(&bytes, options).expect_err(&format!("{name}: decoded"));
            match err.kind() {
                ErrorKind::Binary { reason } => {
                    assert!(reason.contains(reason_has), "{name}: {reason}")
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

#[test]
fn damaged_text_is_repaired_refused_when_strict_replaced_when_lossy() {
    // (name, bytes, encoding reported, malformed, first offset)
    let rows: Vec<(&str, Vec<u8>, &str, usize, usize)> = vec![
        (
            "utf8_bom_then_invalid",
            b"\xEF\xBB\xBF\xE4\xB8\xAD\xFF\xE6\x96\x87".to_vec(),
            "UTF-8",
            1,
            6,
        ),
        (
            "truncated_utf8",
            {
                let mut v = "市总工会按照上级工会的总体要求".as_bytes().to_vec();
                v.extend(b"\xE6\x96");
                v
            },
            "UTF-8",
            1,
            45,
        ),
        (
            "truncated_gbk",
            {
                let mut v = encode(GBK, "市总工会按照上级工会的总体要求");
                v.extend(b"\xD6\n");
                v
            },
            "GBK",
            1,
            30,
        ),
        (
            "big5_with_a_stray_lead_byte",
            {
                let mut v = encode(BIG5, "市總工會按照上級工會的總體要求");
                v.extend(b"\xA4 ");
                v.extend(encode(BIG5, "結合安達實際"));
                v
            },
            "Big5",
            1,
            30,
        ),
        (
            "utf16le_bom_odd_length",
            b"\xFF\xFEa\x00b".to_vec(),
            "UTF-16LE",
            1,
            4,
        ),
    ];
    for (name, bytes, encoding, malformed, first_offset) in rows {
        let err = decode_with(&bytes, DecodeOptions::new().strict(true)).expect_err(name);
        match err.kind() {
            ErrorKind::Undecodable {
                encoding: e,
                malformed: m,
                first_offset: f,
            } => assert_eq!((*e, *m, *f), (encoding, malformed, first_offset), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
        let lossy = decode_with(&bytes, DecodeOptions::new().lossy(true)).expect(name);
        assert_eq!(lossy.encoding, encoding, "{name}: lossy");
        assert_eq!(lossy.malformed, malformed, "{name}: lossy count");
        assert_eq!(
            lossy.text.matches('\u{fffd}').count(),
            malformed,
            "{name}: U+FFFD"
        );
        // By default the bad bytes are kept escaped in the original and deleted
        // from the output as decode edits that name them.
        let repaired = decode(&bytes).expect(name);
        assert_eq!(
            (repaired.encoding, repaired.malformed),
            (encoding, malformed),
            "{name}: repaired"
        );
        let doc = Cleaner::new().clean(&bytes).expect(name);
        assert!(
            !doc.text().contains('\u{fffd}') && doc.text().chars().all(|c| (c as u32) < 0x10FE00),
            "{name}: {:?}",
            doc.text()
        );
        let why: Vec<&str> = doc
            .edits()
            .iter()
            .filter(|e| e.why.starts_with("undecodable bytes"))
            .map(|e| &*e.why)
            .collect();
        assert_eq!(why.len(), malformed, "{name}: {why:?}");
        assert_eq!(
            rebuild_original(doc.text(), doc.edits()).unwrap(),
            doc.original(),
            "{name}"
        );
    }
}

#[test]
fn bytes_invalid_in_every_candidate() {
    // Lead bytes followed by spaces and controls: malformed in UTF-8, GB18030 and
    // Big5; C1 controls in windows-1252.
    let rows: Vec<(&str, Vec<u8>)> = vec![
        (
            "lone_leads",
            b"ab \x81 \x8D \x8F \x90 \x9D cd \x81\n".to_vec(),
        ),
        (
            "leads_before_whitespace",
            b"x\x9D\n\x90 \x8F\t\x8D\r\n".to_vec(),
        ),
    ];
    for (name, bytes) in rows {
        for options in [
            DecodeOptions::new(),
            *DecodeOptions::new().lossy(true),
            *DecodeOptions::new().strict(true),
        ] {
            let result = decode_with(&bytes, &options);
            match result {
                Err(e) => assert!(
                    matches!(e.kind(), ErrorKind::Undecodable { malformed, .. } if *malformed > 0),
                    "{name}: {e}"
                ),
                Ok(d) => panic!(
                    "{name} ({options:?}): decoded as {}: {:?}",
                    d.encoding, d.text
                ),
            }
        }
    }
}

#[test]
fn lossy_cleaner_replaces_and_strict_cleaner_fails() {
    let bytes = b"\xEF\xBB\xBF\xE4\xB8\xAD\xFF\xE6\x96\x87\r\n";
    assert!(
        Cleaner::builder()
            .strict(true)
            .build()
            .clean(bytes)
            .is_err()
    );
    assert_eq!(Cleaner::new().clean(bytes).unwrap().text(), "中文\n");
    let cleaner = Cleaner::builder().lossy(true).build();
    assert!(cleaner.lossy() && !Cleaner::new().lossy());
    let doc = cleaner.clean(bytes).unwrap();
    assert_eq!(doc.original(), "\u{feff}中\u{fffd}文\r\n");
    assert!(doc.text().starts_with('中') && !doc.text().contains('\r'));
}

#[test]
fn clean_file_errors_name_the_file() {
    let dir = std::env::temp_dir().join(format!("zhdoc-encodings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = dir.join("report.txt");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0").unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"\xEF\xBB\xBFok \xFF\xFE\xFF").unwrap();
    let missing = dir.join("missing.txt");
    let cleaner = Cleaner::new();
    for (path, says) in [
        (&doc, "not a text document"),
        (&bad, "cannot decode as UTF-8"),
        (&missing, "cannot read"),
    ] {
        let err = cleaner.clean_file(path).expect_err("error");
        let shown = err.to_string();
        assert!(shown.starts_with(&path.display().to_string()), "{shown}");
        assert!(shown.contains(says), "{shown}");
        assert_eq!(err.path(), Some(path.as_path()));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The damaged inputs of issue 19 (item 4): each decodes to its text with the
/// damage logged, and a strict decoder refuses it.
#[test]
fn issue19_damaged_documents_are_decoded_per_line_and_logged() {
    let gbk_part = "一九五七年我市总工会按照上级工会的总体要求开展工作。\n".repeat(3);
    let utf8_part = "结合实际，全面发动，推动创争活动有序顺利开展。\n".repeat(3);
    let body = "市总工会按照上级工会的总体要求，结合实际开展工作。\n".repeat(20);
    // (name, bytes, cleaned text, edits naming bytes, lines in another encoding)
    let rows: Vec<(&str, Vec<u8>, String, usize, usize)> = vec![
        (
            "gbk_lines_then_utf8_lines",
            [encode(GBK, &gbk_part), utf8_part.clone().into_bytes()].concat(),
            format!("{gbk_part}{utf8_part}"),
            0,
            3,
        ),
        (
            "utf8_lines_then_gbk_lines",
            [utf8_part.clone().into_bytes(), encode(GBK, &gbk_part)].concat(),
            format!("{utf8_part}{gbk_part}"),
            0,
            3,
        ),
        (
            "utf8_truncated_last_character",
            [body.as_bytes(), "结合".as_bytes(), b"\xE5\xAE"].concat(),
            format!("{body}结合"),
            1,
            0,
        ),
        (
            "gbk_truncated_last_character",
            [encode(GBK, &body), b"\xD6".to_vec()].concat(),
            body.clone(),
            1,
            0,
        ),
        (
            "nul_inside_chinese_text",
            [body.as_bytes(), b"\0", "结合实际。\n".as_bytes()].concat(),
            format!("{body}结合实际。\n"),
            1,
            0,
        ),
        (
            "utf16le_chinese_without_bom",
            utf16le(&body),
            body.clone(),
            0,
            0,
        ),
        (
            "utf16be_chinese_without_bom",
            utf16be(&body),
            body.clone(),
            0,
            0,
        ),
    ];
    let cleaner = Cleaner::builder()
        .boilerplate(false)
        .reflow(false)
        .correct(false)
        .structure(false)
        .quantities(false)
        .build();
    for (name, bytes, text, logged, mixed) in rows {
        let decoded = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.mixed_lines, mixed, "{name}: mixed lines");
        let doc = cleaner
            .clean(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.text(), text, "{name}");
        let named = doc
            .edits()
            .iter()
            .filter(|e| e.why.starts_with("undecodable bytes") || e.why.starts_with("NUL byte"))
            .count();
        assert_eq!(named, logged, "{name}: {:?}", doc.edits());
        assert_eq!(
            rebuild_original(doc.text(), doc.edits()).unwrap(),
            doc.original(),
            "{name}"
        );
        if logged + mixed > 0 {
            let strict = decode_with(&bytes, DecodeOptions::new().strict(true));
            assert!(strict.is_err(), "{name}: strict decoded it");
        }
    }
}

/// Issue 19 (item 4): no single-byte Western reading of text with runs of
/// high bytes, whatever chardetng guesses.
#[test]
fn issue19_no_western_code_page_without_evidence() {
    for bytes in [&b"abc\xff\xfe def"[..], b"\xD2\xBB\xBE\xC5\xCE\xE5 ok \xff"] {
        match decode(bytes) {
            Ok(d) => assert!(
                !d.encoding.starts_with("windows-125") && !d.encoding.starts_with("ISO-8859"),
                "{bytes:?}: {} {:?}",
                d.encoding,
                d.text
            ),
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::Undecodable { .. }),
                "{bytes:?}: {e}"
            ),
        }
    }
    let d = decode(b"caf\xe9 cr\xe8me").unwrap();
    assert_eq!(
        (d.text.as_str(), d.encoding),
        ("café crème", "windows-1252")
    );
}

/// Issue 19 (item 4): a Traditional document stays Traditional; script
/// conversion is not a correction.
#[test]
fn issue19_traditional_documents_stay_traditional() {
    let text = "我國經濟增長迅速，這個問題對我們來說很重要。\n";
    for bytes in [encode(BIG5, text), text.as_bytes().to_vec()] {
        let doc = Cleaner::new().clean(&bytes).unwrap();
        assert_eq!(doc.text(), text);
        assert_eq!(doc.script(), zhdoc::Script::Traditional);
    }
    let doc = Cleaner::new()
        .clean("我国经济增长迅速。\n".as_bytes())
        .unwrap();
    assert_eq!(doc.script(), zhdoc::Script::Simplified);
}
