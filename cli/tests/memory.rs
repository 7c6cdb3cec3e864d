//! Issue 19, item 1: peak memory stays within 5 × the input + 150 MB for an
//! input of 64 MB that needs an edit at every character (the worst case for
//! the edit log), with `--jobs` 1 and 2, in every output format.
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

#[cfg(target_os = "linux")]
#[test]
#[ignore = "64 MB through every format: run on the release binary (see the module docs)"]
fn peak_memory_is_bounded_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "％".repeat(SIZE / 3);
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let file = input.join("marks.txt");
    std::fs::write(&file, &text).expect("write");
    let record = dir.path().join("record.jsonl");
    std::fs::write(&record, format!("{{\"id\":1,\"text\":\"{text}\"}}\n")).expect("write");
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
        let runs: Vec<(String, Vec<&str>, Option<&Path>)> = vec![
            ("plain".into(), vec!["clean", "-j", jobs, f], None),
            (
                "--json".into(),
                vec!["clean", "-j", jobs, "--json", f],
                None,
            ),
            (
                "--jsonl".into(),
                vec!["clean", "-j", jobs, "--jsonl", f],
                None,
            ),
            (
                "--markdown".into(),
                vec!["clean", "-j", jobs, "--markdown", f],
                None,
            ),
            (
                "--out txt".into(),
                vec!["clean", "-q", "-j", jobs, "--out", o, i],
                None,
            ),
            (
                "--out json".into(),
                vec!["clean", "-q", "-j", jobs, "--format", "json", "--out", o, i],
                None,
            ),
            (
                "--out md".into(),
                vec!["clean", "-q", "-j", jobs, "--format", "md", "--out", o, i],
                None,
            ),
            (
                "--stream json".into(),
                vec!["clean", "-j", jobs, "--stream"],
                Some(r),
            ),
            (
                "--stream txt".into(),
                vec!["clean", "-j", jobs, "--stream", "--format", "txt"],
                Some(r),
            ),
        ];
        for (name, args, stdin) in runs {
            let _ = std::fs::remove_dir_all(&out);
            let got = peak(&args, stdin);
            eprintln!(
                "--jobs {jobs} {name}: {} MB (bound {} MB)",
                got >> 20,
                limit >> 20
            );
            if got > limit {
                over.push(format!("--jobs {jobs} {name}: {} MB", got >> 20));
            }
        }
    }
    assert!(over.is_empty(), "over {} MB: {over:?}", limit >> 20);
}
