//! What the benches and the drivers share: the dev corpus's inputs, and the
//! configurations they time. Each uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use zhdoc::Cleaner;

/// Every input (`*.txt`) of `fixtures/dev`, sorted by name.
pub fn dev_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dev");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/dev")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
}

/// The bytes of every input of `fixtures/dev`, sorted by name.
pub fn dev_bytes() -> Vec<Vec<u8>> {
    dev_inputs()
        .iter()
        .map(|p| std::fs::read(p).expect("corpus file"))
        .collect()
}

/// The same inputs as text, for the reference (jieba-rs segments text).
pub fn as_texts(docs: &[Vec<u8>]) -> Vec<String> {
    docs.iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect()
}

/// The cleaning passes with the corrector, without quantities and outline
/// (`clean-with-correction`).
pub fn cleaning() -> Cleaner {
    Cleaner::builder()
        .quantities(false)
        .structure(false)
        .build()
}

/// A rayon pool of one thread: what the pipeline does on one thread.
pub fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool")
}
