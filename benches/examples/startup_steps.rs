//! Where a program's first clean spends its time: each table's first use timed
//! alone, in one fresh process, pass by pass (the tables are built once per
//! process, on first use, and shared, so each step pays only for what the steps
//! before it did not build). `benches/startup.rs` measures the whole.
//!
//! `cargo run --release --example startup_steps`

use std::time::Instant;

use zhdoc::{Cleaner, CleanerBuilder, Extractor, Lexicon};

/// The start-up bench's short text.
const TEXT: &str =
    "欢迎来到天天文库\n一、总体情况\n2010年全市共培训职工5500人次，我市己有九成单位参加。\n";

/// Turns one pass on.
type TurnOn = fn(&mut CleanerBuilder);

/// A cleaner with no passes but line endings, to turn on one at a time.
fn bare() -> CleanerBuilder {
    let mut b = Cleaner::builder();
    b.normalize(false)
        .boilerplate(false)
        .reflow(false)
        .correct(false)
        .quantities(false)
        .structure(false);
    b
}

fn main() {
    let start = Instant::now();
    let mut last = start;
    let mut step = |name: &str| {
        let now = Instant::now();
        println!("{name:<36} {:8.2} ms", (now - last).as_secs_f64() * 1e3);
        last = now;
    };
    let _ = Lexicon::global();
    step("Lexicon::global()");
    let _ = Extractor::new();
    step("Extractor::new()");
    let passes: [(&str, TurnOn); 6] = [
        ("normalize", |b| {
            b.normalize(true);
        }),
        ("boilerplate", |b| {
            b.boilerplate(true);
        }),
        ("reflow", |b| {
            b.reflow(true);
        }),
        ("correct", |b| {
            b.correct(true);
        }),
        ("quantities", |b| {
            b.quantities(true);
        }),
        ("structure", |b| {
            b.structure(true);
        }),
    ];
    for (name, on) in passes {
        let mut b = bare();
        on(&mut b);
        let _ = b.build().clean_str(TEXT);
        step(&format!("first clean, {name} alone"));
    }
    let cleaner = Cleaner::new();
    step("Cleaner::new() (the rest)");
    let _ = cleaner.clean_str(TEXT);
    step("first clean (the rest)");
    let _ = cleaner.clean_str(TEXT);
    step("a second clean");
    println!(
        "{:<36} {:8.2} ms",
        "total",
        start.elapsed().as_secs_f64() * 1e3
    );
}
