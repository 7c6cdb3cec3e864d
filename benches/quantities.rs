//! Throughput of quantity extraction alone over the dev corpus's cleaned text,
//! beside jieba-rs `cut` on the same text in the same run (the reference).
//!
//! `cargo bench --bench quantities`

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhdoc::{Cleaner, Extractor, Lexicon};

/// The cleaned text of every input of the dev corpus (what the extractor reads in
/// the pipeline).
fn corpus() -> Vec<String> {
    let paths = common::dev_inputs();
    let cleaner = Cleaner::builder().quantities(false).build();
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("corpus file");
            cleaner.clean(&bytes).expect("cleans").text().to_owned()
        })
        .collect()
}

fn quantities(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let jieba = Lexicon::global().jieba();
    let extractor = Extractor::new();
    // Build the lazily built tables before timing.
    black_box(extractor.numbers(&texts[0]));
    black_box(jieba.cut(&texts[0], false));

    let mut g = c.benchmark_group("quantities");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("reference/jieba-cut", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(jieba.cut(t, false));
            }
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(extractor.numbers(t));
            }
        })
    });
    g.bench_function("numbers", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(extractor.numerals(t));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, quantities);
criterion_main!(benches);
