//! Throughput of the cleaning pipeline over the dev corpus, beside jieba-rs `cut`
//! on the same text in the same run (the reference).
//!
//! `cargo bench --bench pipeline`

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhdoc::{Cleaner, Lexicon};

fn pipeline(c: &mut Criterion) {
    let docs = common::dev_bytes();
    let texts = common::as_texts(&docs);
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let jieba = Lexicon::global().jieba();
    let cleaner = Cleaner::new();
    // The cleaning passes alone (decode, normalize, boilerplate, reflow), and with
    // correction; `clean` is the whole default pipeline, quantities and outline too.
    let uncorrected = Cleaner::builder()
        .correct(false)
        .quantities(false)
        .structure(false)
        .build();
    let corrected = common::cleaning();
    // Build every lazily built table before timing.
    black_box(cleaner.clean(&docs[0]).ok());

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("reference/jieba-cut", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(jieba.cut(t, false));
            }
        })
    });
    g.bench_function("decode", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(zhdoc::decode(d).ok());
            }
        })
    });
    g.bench_function("clean-without-correction", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(uncorrected.clean(d).ok());
            }
        })
    });
    g.bench_function("clean-with-correction", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(corrected.clean(d).ok());
            }
        })
    });
    g.bench_function("clean", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(cleaner.clean(d).ok());
            }
        })
    });
    // The same on one thread: the corrector reads a text's pieces on the
    // caller's rayon pool (feature `parallel`), here a pool of one.
    let one = common::one_thread();
    g.bench_function("clean-with-correction/1-thread", |b| {
        b.iter(|| {
            one.install(|| {
                for d in &docs {
                    black_box(corrected.clean(d).ok());
                }
            })
        })
    });
    g.bench_function("clean/1-thread", |b| {
        b.iter(|| {
            one.install(|| {
                for d in &docs {
                    black_box(cleaner.clean(d).ok());
                }
            })
        })
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
