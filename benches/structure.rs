//! Throughput of the structure pass over the cleaned dev corpus, beside jieba-rs
//! `cut` on the same text in the same run (the reference).
//!
//! `cargo bench --bench structure`

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhdoc::{Cleaner, Document, Lexicon, Structure};

/// Every document of the dev corpus, cleaned (the structure pass's input).
fn corpus() -> Vec<Document> {
    let paths = common::dev_inputs();
    let cleaner = Cleaner::builder().structure(false).build();
    paths
        .iter()
        .map(|p| cleaner.clean_file(p).expect("corpus file"))
        .collect()
}

fn structure(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let jieba = Lexicon::global().jieba();
    let pass = Structure::new();
    // Build every lazily built table before timing.
    black_box(pass.outline(&docs[0]));

    let mut g = c.benchmark_group("structure");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("reference/jieba-cut", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(jieba.cut(d.text(), false));
            }
        })
    });
    g.bench_function("outline", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(pass.outline(d));
            }
        })
    });
    // The whole pass: the number repairs and line breaks, then the outline.
    g.bench_function("pass", |b| {
        b.iter_batched(
            || docs.clone(),
            |mut docs| {
                for d in &mut docs {
                    zhdoc::Pass::run(&pass, d);
                }
                docs
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("markdown", |b| {
        let outlined: Vec<Document> = docs
            .iter()
            .map(|d| {
                let mut d = d.clone();
                zhdoc::Pass::run(&pass, &mut d);
                d
            })
            .collect();
        b.iter(|| {
            for d in &outlined {
                black_box(d.to_markdown());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, structure);
criterion_main!(benches);
