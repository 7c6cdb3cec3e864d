//! The eval harness on small gold directories whose right answers are worked out
//! by hand.

use std::path::Path;

use zhdoc::eval::{self, Counts, Gold, GoldQuantity, Report};
use zhdoc::{Cleaner, ErrorKind};

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), contents).expect("write fixture");
}

/// Two documents whose inputs differ from their gold by known edits, plus white
/// space and quote forms, which must not count.
///
/// * `a`: gold `中华人民共和国成立了。` (11 chars); the input has 屮 for 中 (one
///   substitution) and a space and a line break (not counted): distance 1.
/// * `b`: gold `他说：“好的”。我们走吧` (12 chars after normalisation); the input has
///   `「」` for `“”`, `:` for `：` (both fold to the same), an extra 们 (one
///   insertion) and no 吧 (one deletion): distance 2.
fn two_documents() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "a.txt", "屮华人民 共和国\n成立了。");
    write(
        d,
        "a.gold.json",
        r#"{"text": "中华人民共和国成立了。",
            "quantities": [{"text": "10余次", "value": 10, "unit": "次", "approx": "over"},
                           {"text": "5人", "value": 5, "unit": "人", "approx": null},
                           {"text": "10—20人", "value": 10, "max": 20, "unit": "人", "approx": null}],
            "headings": [],
            "meta": {"source": "test"}}"#,
    );
    write(d, "b.txt", "他说:「好的」。\n我们们走");
    write(
        d,
        "b.gold.json",
        r#"{"text": "他说：“好的”。\n我们走吧", "quantities": null,
            "headings": [{"level": 1, "text": "一、总体要求"}]}"#,
    );
    write(d, "README.md", "not a document");
    std::fs::create_dir(d.join("sub")).expect("subdir");
    write(&d.join("sub"), "c.txt", "ignored: not at the top level");
    dir
}

fn evaluate(dir: &Path) -> Report {
    eval::evaluate(dir, &Cleaner::new()).expect("evaluation")
}

#[test]
fn cer_before_counts_edits_not_layout_or_quote_forms() {
    let dir = two_documents();
    let r = evaluate(dir.path());
    assert_eq!(r.documents, 2);
    assert_eq!(r.gold_chars, 23);
    assert_eq!(r.cer_before, 3.0 / 23.0);
    let names: Vec<&str> = r.per_document.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(r.per_document[0].gold_chars, 11);
    assert_eq!(r.per_document[0].cer_before, 1.0 / 11.0);
    assert_eq!(r.per_document[1].gold_chars, 12);
    assert_eq!(r.per_document[1].cer_before, 2.0 / 12.0);
    for d in &r.per_document {
        assert!(
            (0.0..=1.0).contains(&d.cer_after),
            "{}: {}",
            d.name,
            d.cer_after
        );
        assert!(d.clean_cer < 0.5, "{}: {}", d.name, d.clean_cer);
    }
    assert!(r.seconds > 0.0);
}

#[test]
fn corpus_cer_is_total_distance_over_total_gold() {
    // Not the mean of the per-document rates: 1/11 and 2/12 average to 0.129…,
    // the corpus rate is 3/23 = 0.130….
    let dir = two_documents();
    let r = evaluate(dir.path());
    let mean = r.per_document.iter().map(|d| d.cer_before).sum::<f64>() / 2.0;
    assert!((r.cer_before - mean).abs() > 1e-4);
}

#[test]
fn documents_without_gold_quantities_or_headings_are_not_scored() {
    let dir = two_documents();
    let r = evaluate(dir.path());
    let (a, b) = (&r.per_document[0], &r.per_document[1]);
    // a lists three quantities and an empty (but present) list of headings.
    assert_eq!(a.quantities.map(|c| c.gold), Some(3));
    assert_eq!(a.headings.map(|c| c.gold), Some(0));
    // b's quantities are null: not scored, its predictions not counted either.
    assert_eq!(b.quantities, None);
    assert_eq!(b.headings.map(|c| c.gold), Some(1));
    assert_eq!(r.quantities.gold, 3);
    assert_eq!(r.quantities_clean.gold, 3);
    assert_eq!(r.headings.gold, 1);
    assert_eq!(
        r.quantities.predicted,
        a.quantities.map_or(0, |c| c.predicted)
    );
}

#[test]
fn notes_say_when_nothing_was_predicted() {
    let dir = two_documents();
    let r = evaluate(dir.path());
    let has = |s: &str| r.notes.iter().any(|n| n.contains(s));
    assert_eq!(
        has("no quantities were predicted"),
        r.quantities.predicted == 0 && r.quantities_clean.predicted == 0,
        "{:?}",
        r.notes
    );
    assert_eq!(
        has("no headings were predicted"),
        r.headings.predicted == 0,
        "{:?}",
        r.notes
    );
    assert!(has("1 of 2 documents list no quantities"), "{:?}", r.notes);
    // The table carries the notes too.
    let table = r.to_string();
    for note in &r.notes {
        assert!(table.contains(note.as_str()), "{table}");
    }
}

#[test]
fn table_has_a_row_per_document_and_the_totals() {
    let dir = two_documents();
    let table = evaluate(dir.path()).to_string();
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row {name} in\n{table}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("a ")[..3], ["a", "11", "0.0909"]);
    let b = row("b ");
    assert_eq!(b[..3], ["b", "12", "0.1667"]);
    assert_eq!(b[5], "-", "b is not scored on quantities: {table}");
    let total = row("total");
    assert_eq!(total[3..5], ["23", "0.1304"]);
    for line in ["quantities ", "quantities_clean ", "headings ", "seconds "] {
        assert!(
            table.lines().any(|l| l.starts_with(line)),
            "{line}\n{table}"
        );
    }
}

#[test]
fn json_report_has_exactly_the_spec_fields() {
    let dir = two_documents();
    let r = evaluate(dir.path());
    let json = serde_json::to_value(&r).expect("serialise");
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    let sorted = |k: &[&str]| {
        let mut k: Vec<String> = k.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&json),
        sorted(&[
            "documents",
            "gold_chars",
            "cer_before",
            "cer_after",
            "clean_cer",
            "quantities",
            "quantities_clean",
            "headings",
            "seconds",
            "per_document",
            "notes",
        ])
    );
    let scores = sorted(&["gold", "predicted", "matched", "precision", "recall", "f1"]);
    for k in ["quantities", "quantities_clean", "headings"] {
        assert_eq!(keys(&json[k]), scores, "{k}");
    }
    let doc = &json["per_document"][1];
    assert_eq!(
        keys(doc),
        sorted(&[
            "name",
            "gold_chars",
            "cer_before",
            "cer_after",
            "clean_cer",
            "quantities",
            "headings",
        ])
    );
    assert_eq!(doc["name"], "b");
    assert!(doc["quantities"].is_null());
    assert_eq!(
        keys(&doc["headings"]),
        sorted(&["gold", "predicted", "matched"])
    );
    // And it reads back.
    let back: Report = serde_json::from_value(json).expect("deserialise");
    assert_eq!(back, r);
}

/// Builds a gold directory from `(file, contents)` pairs and evaluates it.
fn evaluate_files(files: &[(&str, &[u8])]) -> (tempfile::TempDir, zhdoc::Error) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, contents) in files {
        write(dir.path(), name, contents);
    }
    let err = eval::evaluate(dir.path(), &Cleaner::new()).expect_err("a bad gold directory");
    (dir, err)
}

/// A gold directory with one thing wrong, and the file the error must name.
struct BadDir {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    /// The path the error names, relative to the directory ("" for the directory).
    bad_file: &'static str,
    kind_ok: fn(&ErrorKind) -> bool,
}

const GOOD_GOLD: &[u8] = br#"{"text": "ok"}"#;

fn is_gold(k: &ErrorKind) -> bool {
    matches!(k, ErrorKind::Gold(_))
}

#[test]
fn bad_gold_directories_name_the_file() {
    let rows = [
        BadDir {
            name: "input without gold",
            files: &[("a.txt", b"ok"), ("a.gold.json", GOOD_GOLD), ("b.txt", b"x")],
            bad_file: "b.txt",
            kind_ok: is_gold,
        },
        BadDir {
            name: "gold without input",
            files: &[("a.txt", b"ok"), ("a.gold.json", GOOD_GOLD), ("c.gold.json", GOOD_GOLD)],
            bad_file: "c.gold.json",
            kind_ok: is_gold,
        },
        BadDir {
            name: "malformed JSON",
            files: &[("a.txt", b"ok"), ("a.gold.json", b"{\"text\": ")],
            bad_file: "a.gold.json",
            kind_ok: is_gold,
        },
        BadDir {
            name: "no text",
            files: &[("a.txt", b"ok"), ("a.gold.json", br#"{"quantities": []}"#)],
            bad_file: "a.gold.json",
            kind_ok: is_gold,
        },
        // Issue 19 (item 8): an empty gold text would dominate the pooled CER.
        BadDir {
            name: "empty text",
            files: &[("a.txt", b"ok"), ("a.gold.json", br#"{"text": ""}"#)],
            bad_file: "a.gold.json",
            kind_ok: is_gold,
        },
        BadDir {
            name: "white space only",
            files: &[
                ("a.txt", b"ok"),
                ("a.gold.json", GOOD_GOLD),
                ("b.txt", b"ok"),
                ("b.gold.json", br#"{"text": " \n\u3000 "}"#),
            ],
            bad_file: "b.gold.json",
            kind_ok: is_gold,
        },
        BadDir {
            name: "unknown approx",
            files: &[
                ("a.txt", b"ok"),
                (
                    "a.gold.json",
                    br#"{"text": "ok", "quantities": [{"value": 1, "unit": "", "approx": "sometimes"}]}"#,
                ),
            ],
            bad_file: "a.gold.json",
            kind_ok: is_gold,
        },
        BadDir {
            name: "undecodable input",
            files: &[
                ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"),
                ("a.gold.json", GOOD_GOLD),
            ],
            bad_file: "a.txt",
            kind_ok: |k| matches!(k, ErrorKind::Binary { .. } | ErrorKind::Undecodable { .. }),
        },
        BadDir {
            name: "no pairs at all",
            files: &[("README.md", b"# nothing")],
            bad_file: "",
            kind_ok: is_gold,
        },
    ];
    for row in rows {
        let (dir, err) = evaluate_files(row.files);
        let want = match row.bad_file {
            "" => dir.path().to_path_buf(),
            file => dir.path().join(file),
        };
        let name = row.name;
        assert_eq!(err.path(), Some(want.as_path()), "{name}: {err}");
        assert!((row.kind_ok)(err.kind()), "{name}: {err:?}");
        let message = err.to_string();
        assert!(
            message.starts_with(&want.display().to_string()),
            "{name}: {message}"
        );
    }
}

#[test]
fn missing_directory_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let err = eval::evaluate(&missing, &Cleaner::new()).expect_err("missing dir");
    assert!(matches!(err.kind(), ErrorKind::Io(_)), "{err:?}");
    assert_eq!(err.path(), Some(missing.as_path()));
}

#[test]
fn gold_files_parse_per_spec() {
    let g = Gold::from_json(
        r#"{"text": "x", "quantities": [
              {"text": "10—20人", "value": 10, "max": 20, "unit": "人", "approx": null},
              {"text": "约3万", "value": 30000, "unit": "", "approx": "about"}],
            "meta": {"source": "s"}, "extra": 1}"#,
    )
    .expect("parse");
    assert_eq!(g.text, "x");
    assert_eq!(g.headings, None);
    let q = g.quantities.expect("quantities");
    assert_eq!(q[0].max, Some(20.0));
    assert_eq!(q[1].approx, Some(zhdoc::Approx::About));
    assert_eq!(q[1].max, None);
}

#[test]
fn public_matcher_drops_non_quantities_and_matches_in_order() {
    use zhdoc::{Quantity, QuantityKind, Span};
    let q = |value: f64, kind: QuantityKind| Quantity {
        text: String::new(),
        value,
        max: None,
        unit: "万元".chars().skip(1).collect(),
        approx: None,
        approx_word: None,
        kind,
        dimension: None,
        span: Span::default(),
        original_span: Span::default(),
    };
    let g = |value: f64| GoldQuantity {
        text: String::new(),
        value,
        max: None,
        unit: "元".to_owned(),
        approx: None,
    };
    let predicted = [
        q(2.0, QuantityKind::Money),
        q(2005.0, QuantityKind::Year),
        q(1.0, QuantityKind::Money),
    ];
    let gold = [g(1.0), g(2005.0), g(2.0)];
    assert_eq!(
        eval::match_quantities(&predicted, &gold),
        Counts {
            gold: 3,
            predicted: 2,
            matched: 1
        }
    );
}

#[test]
fn levenshtein_on_long_documents() {
    // 40,000 characters with 25 substitutions by a character found nowhere else:
    // the distance is exactly 25, whichever way round.
    let a: Vec<char> = (0..40_000u32)
        .map(|i| char::from_u32(0x4e00 + (i * 7919 % 3000)).expect("CJK"))
        .collect();
    let mut b = a.clone();
    for k in 0..25 {
        b[k * 1_597 + 11] = '〇';
    }
    assert_eq!(eval::levenshtein_slices(&a, &b), 25);
    assert_eq!(eval::levenshtein_slices(&b, &a), 25);
    // A deletion at the start and an insertion at the end shift everything.
    let mut c = a[1..].to_vec();
    c.push('〇');
    assert_eq!(eval::levenshtein_slices(&a, &c), 2);
    // 200,000 distinct items: a dense match table would need gigabytes.
    let a: Vec<u32> = (0..200_000).collect();
    let mut b = a.clone();
    for k in 0..10 {
        b[k * 19_997 + 5] = 1_000_000 + k as u32;
    }
    b.insert(150_000, 7);
    assert_eq!(eval::levenshtein_slices(&a, &b), 11);
}

/// The corpus `cer_after` over the corpus `cer_before` (total distance over total
/// gold characters, as SPEC.md defines the corpus figures) of the documents `pick`
/// takes.
fn ratio(r: &Report, pick: impl Fn(&eval::DocumentReport) -> bool) -> f64 {
    let (before, after) =
        r.per_document
            .iter()
            .filter(|d| pick(d))
            .fold((0.0, 0.0), |(b, a), d| {
                let n = d.gold_chars as f64;
                (b + d.cer_before * n, a + d.cer_after * n)
            });
    after / before
}

/// Issue 3's quality targets, on a gold directory: no document ends up worse than
/// its input, and the cleaner run on the gold texts breaks at most 1 character in
/// 1,000.
fn does_no_harm(r: &Report) {
    for d in &r.per_document {
        assert!(
            d.cer_after <= d.cer_before,
            "{}: {} -> {}",
            d.name,
            d.cer_before,
            d.cer_after
        );
    }
    assert!(r.clean_cer <= 0.001, "clean_cer {}", r.clean_cer);
}

#[test]
fn dev_corpus_evaluates() {
    let r = evaluate(&crate::common::dev_corpus());
    assert_eq!(r.documents, 33);
    assert_eq!(r.per_document.len(), 33);
    assert!(r.cer_before > 0.0 && r.cer_before < 0.5, "{}", r.cer_before);
    assert_eq!(r.quantities.gold, 397 * 4 + 19);
    // The targets of issue 3: the readable documents (`cer_before` ≤ 0.06) keep at
    // most half their errors, all documents at most 0.8 of them, none gets worse.
    let readable = ratio(&r, |d| d.cer_before <= 0.06);
    assert!(readable <= 0.5, "readable: {readable}");
    let all = ratio(&r, |_| true);
    assert!(all <= 0.8, "all: {all}");
    does_no_harm(&r);
    // The readable group's figure owes much to the four whole reports, clean text
    // whose only errors are site boilerplate. On the readable OCR scans alone the
    // corrector removes about a quarter of the errors (0.727 kept, README): this
    // holds it there.
    let scans = ratio(&r, |d| {
        d.cer_before <= 0.06 && (d.name.contains("tesseract") || d.name.contains("rapidocr"))
    });
    assert!(scans <= 0.75, "readable OCR scans: {scans}");
}

/// Documents, fonts and degradations the project was not built from
/// (`fixtures/heldout/README.md`): the cleaner may fix less there, but breaks
/// nothing.
#[test]
fn held_out_documents_are_not_made_worse() {
    let r = evaluate(&crate::common::fixtures().join("heldout"));
    assert_eq!(r.documents, 8);
    does_no_harm(&r);
    assert!(
        r.cer_after < r.cer_before,
        "{} -> {}",
        r.cer_before,
        r.cer_after
    );
}
