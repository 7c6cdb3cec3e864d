//! Start-up cost: what a program pays the first time it cleans a document.
//!
//! The lexicon, jieba-rs' segmenter and the other tables are built once per process
//! (on first use) and shared, so a cold start cannot be repeated inside one process.
//! Each iteration runs this bench's own executable again as a child that builds a
//! `Cleaner`, cleans one short text, and reports the time that took and its peak
//! resident memory (`VmHWM`, Linux). The bench times the children's reports, and
//! prints the median peak memory.
//!
//! `cargo bench --bench startup`

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::Criterion;
use zhdoc::Cleaner;

/// Set in the child's environment: do one cold start and report.
const CHILD: &str = "ZHDOC_STARTUP_CHILD";

/// A short text with something for every pass to do: a site's header, a
/// confusable character, quantities and a heading.
const TEXT: &str =
    "欢迎来到天天文库\n一、总体情况\n2010年全市共培训职工5500人次，我市己有九成单位参加。\n";

/// The child: `Cleaner::new()` and a first clean, timed; then the process's peak
/// resident memory.
fn child() {
    let start = Instant::now();
    let cleaner = Cleaner::new();
    let built = start.elapsed();
    let doc = cleaner.clean_str(black_box(TEXT));
    let elapsed = start.elapsed();
    assert_eq!(
        doc.text(),
        "一、总体情况\n2010年全市共培训职工5500人次，我市已有九成单位参加。\n"
    );
    let rss = peak_rss_kib().unwrap_or(0);
    // A second cleaner shares what the first built.
    let again = Instant::now();
    black_box(Cleaner::new());
    let again = again.elapsed();
    println!(
        "{} {} {} {}",
        elapsed.as_nanos(),
        built.as_nanos(),
        again.as_nanos(),
        rss
    );
}

/// The peak resident set size of this process in KiB, from `/proc/self/status`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One child's report.
struct Report {
    /// `Cleaner::new()` and the first clean.
    total: Duration,
    /// `Cleaner::new()` alone.
    new: Duration,
    /// A second `Cleaner::new()` in the same process.
    again: Duration,
    /// Peak resident memory, KiB.
    rss: u64,
}

/// Runs one child and reads its report.
fn cold_start() -> Report {
    let exe = std::env::current_exe().expect("the bench's executable");
    let out = Command::new(exe)
        .env(CHILD, "1")
        .output()
        .expect("run the child");
    assert!(
        out.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).expect("UTF-8 report");
    let mut fields = report.split_whitespace().map(|f| f.parse::<u64>());
    let mut next = || fields.next().and_then(Result::ok).expect("a field");
    Report {
        total: Duration::from_nanos(next()),
        new: Duration::from_nanos(next()),
        again: Duration::from_nanos(next()),
        rss: next(),
    }
}

fn main() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    let mut reports = Vec::new();
    c.bench_function("startup/new-and-first-clean", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let report = cold_start();
                total += report.total;
                reports.push(report);
            }
            total
        })
    });
    if !reports.is_empty() {
        let median = |mut v: Vec<u64>| {
            v.sort_unstable();
            v[v.len() / 2]
        };
        let us = |d: &Duration| d.as_micros() as u64;
        println!(
            "startup over {} children (medians): Cleaner::new() {:.1} ms, new + first clean {:.1} ms, \
             peak RSS {:.1} MiB; a second Cleaner::new() {} µs",
            reports.len(),
            median(reports.iter().map(|r| us(&r.new)).collect()) as f64 / 1000.0,
            median(reports.iter().map(|r| us(&r.total)).collect()) as f64 / 1000.0,
            median(reports.iter().map(|r| r.rss).collect()) as f64 / 1024.0,
            median(reports.iter().map(|r| us(&r.again)).collect()),
        );
    }
    c.final_summary();
}
