//! Issue 19, item 1: peak memory stays within 5 × the input + 150 MB for an
//! input of 64 MB, with `--jobs` 1 and 2, in every output format: one that
//! needs an edit at every character (the worst case for the edit log), and
//! real OCR prose (the dev corpus over and over: edits, quantities, outline).
//!
//! Linux only (the peak is read from `/proc`). Slow in a debug build: run it on
//! the release binary, `ZHDOC_BIN=target/release/zhdoc cargo test -p zhdoc-cli
//! --test memory -- --ignored`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The input's size.
const SIZE: usize = 64 << 20;

/// The bound on the peak resident set, in bytes.
fn bound(input: usize) -> u64 {
    5 * input as u64 + (150 << 20)
}

/// Runs zhdoc with `args` (standard input from `stdin`, output discarded) and
/// returns its peak resident set in bytes, polled from `/proc/PID/status`
/// (`VmHWM` only grows, so the last reading is the peak but for the last
/// few milliseconds).
#[cfg(target_os = "linux")]
fn peak(args: &[&str], stdin: Option<&Path>) -> u64 {
    let input = match stdin {
        Some(p) => Stdio::from(std::fs::File::open(p).expect("open input")),
        None => Stdio::null(),
    };
    let mut child = Command::new(common::zhdoc_bin())
        .args(args)
        .stdin(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run zhdoc");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status) {
            let hwm = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            if let Some(kb) = hwm {
                peak = peak.max(kb * 1024);
            }
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    peak
}

/// 64 MB of real OCR prose: the dev corpus's texts, over and over (the edit
/// log, quantities, outline and JSON of realistic text).
fn prose() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/dev");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/dev")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let texts: Vec<String> = names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a dev text"))
        .collect();
    let mut text = String::with_capacity(SIZE + (1 << 20));
    while text.len() < SIZE {
        for t in &texts {
            text.push_str(t);
            text.push('\n');
        }
    }
    let mut end = SIZE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// Every format with `--jobs` 1 and 2 over `text`; the runs over the bound.
#[cfg(target_os = "linux")]
fn over_the_bound(name: &str, text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let file = input.join(format!("{name}.txt"));
    std::fs::write(&file, text).expect("write");
    let record = dir.path().join("record.jsonl");
    let line = serde_json::json!({"id": 1, "text": text}).to_string();
    std::fs::write(&record, line + "\n").expect("write");
    let (f, i, r) = (
        file.to_str().expect("path"),
        input.to_str().expect("path"),
        record.as_path(),
    );
    let out = dir.path().join("out");
    let o = out.to_str().expect("path");
    let limit = bound(text.len());
    let mut over = Vec::new();
    for jobs in ["1", "2"] {
        let runs: Vec<(&str, Vec<&str>, Option<&Path>)> = vec![
            ("plain", vec!["clean", "-j", jobs, f], None),
            ("--json", vec!["clean", "-j", jobs, "--json", f], None),
            ("--jsonl", vec!["clean", "-j", jobs, "--jsonl", f], None),
            (
                "--markdown",
                vec!["clean", "-j", jobs, "--markdown", f],
                None,
            ),
            (
                "--out txt",
                vec!["clean", "-q", "-j", jobs, "--out", o, i],
                None,
            ),
            (
                "--out json",
                vec!["clean", "-q", "-j", jobs, "--format", "json", "--out", o, i],
                None,
            ),
            (
                "--out md",
                vec!["clean", "-q", "-j", jobs, "--format", "md", "--out", o, i],
                None,
            ),
            (
                "--stream json",
                vec!["clean", "-j", jobs, "--stream"],
                Some(r),
            ),
            (
                "--stream txt",
                vec!["clean", "-j", jobs, "--stream", "--format", "txt"],
                Some(r),
            ),
            (
                "--stream md",
                vec!["clean", "-j", jobs, "--stream", "--format", "md"],
                Some(r),
            ),
        ];
        for (run, args, stdin) in runs {
            let _ = std::fs::remove_dir_all(&out);
            let started = std::time::Instant::now();
            let got = peak(&args, stdin);
            eprintln!(
                "{name} --jobs {jobs} {run}: {} MB (bound {} MB), {:.1} s",
                got >> 20,
                limit >> 20,
                started.elapsed().as_secs_f64()
            );
            if got > limit {
                over.push(format!("{name} --jobs {jobs} {run}: {} MB", got >> 20));
            }
        }
    }
    over
}

#[cfg(target_os = "linux")]
#[test]
#[ignore = "64 MB through every format: run on the release binary (see the module docs)"]
fn peak_memory_is_bounded_in_every_format() {
    let mut over = over_the_bound("marks", &"％".repeat(SIZE / 3));
    over.extend(over_the_bound("prose", &prose()));
    assert!(over.is_empty(), "over the bound: {over:?}");
}

/// Several large files under `--out` share one budget: two files of 48 MB on
/// two threads together stay within the bound of one 64 MB input (the most
/// input the jobs hold at once, `batch::TEXT_BUDGET`). Before the budget, each
/// job kept its own text and window of pieces: 502 MB against 470 (at
/// 0f3db46, `--format json`); with it 324 MB.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "96 MB under --out: run on the release binary (see the module docs)"]
fn several_large_files_share_one_bound() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let mut text = prose();
    let mut end = 48 << 20;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    let (a, b) = (input.join("a.txt"), input.join("b.txt"));
    std::fs::write(&a, &text).expect("write");
    drop(text);
    std::fs::hard_link(&a, &b)
        .or_else(|_| std::fs::copy(&a, &b).map(drop))
        .expect("the second file");
    let out = dir.path().join("out");
    let args = [
        "clean",
        "-q",
        "-j",
        "2",
        "--format",
        "json",
        "--out",
        out.to_str().expect("path"),
        input.to_str().expect("path"),
    ];
    let started = std::time::Instant::now();
    let got = peak(&args, None);
    let limit = bound(SIZE);
    eprintln!(
        "2 × 48 MB --jobs 2 --out json: {} MB (bound {} MB), {:.1} s",
        got >> 20,
        limit >> 20,
        started.elapsed().as_secs_f64()
    );
    assert!(out.join("a.json").is_file() && out.join("b.json").is_file());
    assert!(got <= limit, "{} MB over {} MB", got >> 20, limit >> 20);
}
