//! The pipeline's speed beside jieba-rs `cut`, measured in alternation: each
//! round runs every configuration once over the dev corpus, so that a machine
//! whose speed drifts (a shared one) slows them all alike, and the medians and
//! minimums over the rounds are compared. Criterion runs one configuration for
//! seconds, then the next, and on such a machine their ratios move with it.
//!
//! `cargo run --release --example alternate -- [ROUNDS]` (default 30)

mod common;

use std::hint::black_box;
use std::time::Instant;

use zhdoc::{Cleaner, Lexicon};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30)
        .max(1);
    let docs = common::dev_bytes();
    let texts = common::as_texts(&docs);
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let jieba = Lexicon::global().jieba();
    let full = Cleaner::new();
    let cleaning = common::cleaning();
    // The whole pipeline but the corrector, which is most of its time.
    let uncorrected = Cleaner::builder().correct(false).build();
    let one = common::one_thread();
    black_box(full.clean(&docs[0]).ok());
    let clean_all = |c: &Cleaner| {
        for d in &docs {
            black_box(c.clean(d).ok());
        }
    };
    let configs: [(&str, &dyn Fn()); 6] = [
        ("reference/jieba-cut", &|| {
            for t in &texts {
                black_box(jieba.cut(t, false));
            }
        }),
        ("clean", &|| clean_all(&full)),
        ("clean/1-thread", &|| one.install(|| clean_all(&full))),
        ("clean-without-correction", &|| clean_all(&uncorrected)),
        ("clean-with-correction", &|| clean_all(&cleaning)),
        ("clean-with-correction/1-thread", &|| {
            one.install(|| clean_all(&cleaning))
        }),
    ];
    let mut times = vec![Vec::with_capacity(rounds); configs.len()];
    for _ in 0..rounds {
        for (k, (_, run)) in configs.iter().enumerate() {
            let t = Instant::now();
            run();
            times[k].push(t.elapsed().as_secs_f64());
        }
    }
    for t in &mut times {
        t.sort_by(f64::total_cmp);
    }
    let median = |k: usize| times[k][times[k].len() / 2];
    println!("{rounds} rounds over {bytes} bytes; median (min), MB/s, vs jieba-rs cut");
    for (k, (name, _)) in configs.iter().enumerate() {
        println!(
            "{name:32} {:7.2} ms ({:6.2})  {:6.1} MB/s  {:.2}× ({:.2}×)",
            median(k) * 1e3,
            times[k][0] * 1e3,
            bytes as f64 / median(k) / 1e6,
            median(0) / median(k),
            times[0][0] / times[k][0],
        );
    }
}
