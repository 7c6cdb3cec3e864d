//! What the benches and the profiling driver share: the dev corpus's inputs.

use std::path::{Path, PathBuf};

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
