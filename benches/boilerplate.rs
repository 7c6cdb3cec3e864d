//! Throughput of the boilerplate pass alone, beside jieba-rs `cut` on the same text
//! in the same run (the reference): over the dev corpus and over the site layouts of
//! `fixtures/layouts`, each text normalised as the pass sees it in the pipeline.
//!
//! `cargo bench --bench boilerplate`

mod common;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhdoc::{Boilerplate, Cleaner, Document, Lexicon, Pass};

/// Every input of `fixtures/layouts/*/`, sorted by path.
fn layout_bytes() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/layouts");
    let mut paths = Vec::new();
    for dir in std::fs::read_dir(&root)
        .expect("fixtures/layouts")
        .flatten()
    {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.path().extension().is_some_and(|x| x == "txt") {
                paths.push(file.path());
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("layout file"))
        .collect()
}

/// The texts as the boilerplate pass reads them: decoded and normalised.
fn normalised(docs: &[Vec<u8>]) -> Vec<Arc<str>> {
    let normalize = Cleaner::builder()
        .boilerplate(false)
        .reflow(false)
        .correct(false)
        .quantities(false)
        .structure(false)
        .build();
    docs.iter()
        .map(|d| Arc::from(normalize.clean(d).expect("decodes").text()))
        .collect()
}

fn boilerplate(c: &mut Criterion) {
    let jieba = Lexicon::global().jieba();
    let pass = Boilerplate::new();
    for (name, docs) in [("dev", common::dev_bytes()), ("layouts", layout_bytes())] {
        let texts = normalised(&docs);
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        // Build the pass's rules before timing.
        pass.run(&mut Document::new(Arc::clone(&texts[0]), "UTF-8"));
        let mut g = c.benchmark_group(format!("boilerplate/{name}"));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("reference/jieba-cut", |b| {
            b.iter(|| {
                for t in &texts {
                    black_box(jieba.cut(t, false));
                }
            })
        });
        g.bench_function("boilerplate", |b| {
            b.iter(|| {
                for t in &texts {
                    let mut doc = Document::new(Arc::clone(t), "UTF-8");
                    pass.run(&mut doc);
                    black_box(doc.text().len());
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, boilerplate);
criterion_main!(benches);
