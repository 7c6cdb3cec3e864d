//! An input larger than `--chunk-bytes` is cleaned and written piece by piece
//! (issue 19, item 1): one JSON object in every mode that writes JSON, whose
//! original and edit log are the whole input's, the same whatever the mode and
//! `--jobs`; and no spill file is left behind.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{zhdoc_bin, zhdoc_stdin};

fn zhdoc(args: &[&str]) -> Output {
    let out = Command::new(zhdoc_bin())
        .args(args)
        .output()
        .expect("run zhdoc");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("one JSON value")
}

/// The value without its first field (`path` or `id`).
fn without(mut v: serde_json::Value, key: &str) -> serde_json::Value {
    v.as_object_mut().expect("an object").remove(key);
    v
}

fn span_of(v: &serde_json::Value) -> std::ops::Range<usize> {
    let n = |k: &str| v[k].as_u64().expect("an offset") as usize;
    n("start")..n("end")
}

/// A dev report, with a long line (no line break for 6 KB) and a run of
/// characters too long to be prose.
fn input() -> String {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/dev/gwr2004-rapidocr-notoserif-faded-a.txt");
    let report = std::fs::read_to_string(dev).expect("a dev text");
    let line = "市总工会按照上级工会的总体要求，结合实际，开展创争活动。".repeat(80);
    let run = "的一是在不了有和人这中大为上".repeat(30);
    format!("{report}\n{line}\n{run}\n{report}")
}

#[test]
fn a_large_input_is_one_object_in_every_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = input();
    let src = dir.path().join("in");
    std::fs::create_dir(&src).expect("mkdir");
    let file = src.join("large.txt");
    std::fs::write(&file, &input).expect("write");
    let f = file.to_str().expect("path");
    let chunk = "4096";

    let jsonl = zhdoc(&["clean", "--chunk-bytes", chunk, "--jsonl", f]);
    assert_eq!(
        jsonl.stdout.iter().filter(|&&b| b == b'\n').count(),
        1,
        "one line"
    );
    let doc = json(&jsonl.stdout);
    let text = doc["text"].as_str().expect("text").to_owned();
    let text = text.as_str();
    assert_eq!(doc["original"], input.as_str());
    let edits: Vec<zhdoc::Edit> = serde_json::from_value(doc["edits"].clone()).expect("edits");
    assert_eq!(
        zhdoc::rebuild_original(text, &edits).expect("rebuilt"),
        input
    );
    let quantities = doc["quantities"].as_array().expect("quantities");
    assert!(quantities.len() > 20);
    for q in quantities {
        assert_eq!(&text[span_of(&q["span"])], q["text"]);
    }
    for h in doc["headings"].as_array().expect("headings") {
        assert_eq!(&text[span_of(&h["span"])], h["text"]);
    }
    assert!(doc["sections"].as_array().is_some_and(|s| !s.is_empty()));
    assert_eq!(doc["title"], doc["meta"]["title"]);

    // The text alone is the same text; pretty JSON the same object.
    let plain = zhdoc(&["clean", "--chunk-bytes", chunk, f]);
    let end = if text.ends_with('\n') { "" } else { "\n" };
    assert_eq!(
        String::from_utf8(plain.stdout).expect("UTF-8"),
        format!("{text}{end}")
    );
    let pretty = zhdoc(&["clean", "--chunk-bytes", chunk, "--json", f]);
    assert_eq!(json(&pretty.stdout), doc);

    // --out, with one thread and two: the same object, no spill file left.
    let doc = without(doc, "path");
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("out{jobs}"));
        let o = out.to_str().expect("path");
        let s = src.to_str().expect("path");
        // A spill file an interrupted run left is removed.
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join(".zhdoc-spill.1-0"), "[").expect("write");
        let args = [
            "clean",
            "-q",
            "-j",
            jobs,
            "--chunk-bytes",
            chunk,
            "--out",
            o,
        ];
        zhdoc(&[&args[..], &["--format", "json", s]].concat());
        let names: Vec<_> = std::fs::read_dir(&out)
            .expect("out dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["large.json"], "--jobs {jobs}");
        let written = std::fs::read(out.join("large.json")).expect("output");
        assert_eq!(without(json(&written), "path"), doc, "--jobs {jobs}");
    }
    let out = dir.path().join("md");
    let o = out.to_str().expect("path");
    let args = ["clean", "-q", "--chunk-bytes", chunk, "--format", "md"];
    zhdoc(&[&args[..], &["--out", o, src.to_str().expect("path")]].concat());
    let md = std::fs::read_to_string(out.join("large.md")).expect("markdown");
    let markdown = zhdoc(&["clean", "--chunk-bytes", chunk, "--markdown", f]);
    assert_eq!(md, String::from_utf8(markdown.stdout).expect("UTF-8"));
    assert!(md.contains("\n## "), "headings in the Markdown");

    // --stream: the same object with the record's id, on one line; the text
    // alone with --format txt.
    let record = serde_json::json!({"id": "big", "text": input}).to_string() + "\n";
    for jobs in ["1", "2"] {
        let args = ["clean", "--stream", "-j", jobs, "--chunk-bytes", chunk];
        let out = zhdoc_stdin(&args, record.as_bytes());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = json(&out.stdout);
        assert_eq!(v["id"], "big");
        assert_eq!(without(v, "id"), doc, "--jobs {jobs}");
    }
    let args = [
        "clean",
        "--stream",
        "--chunk-bytes",
        chunk,
        "--format",
        "txt",
    ];
    let v = json(&zhdoc_stdin(&args, record.as_bytes()).stdout);
    assert_eq!(v, serde_json::json!({"id": "big", "text": text}));
}
