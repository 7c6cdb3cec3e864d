//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

/// The repository's `fixtures/` directory.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The seed document, as found.
pub fn seed_bytes() -> Vec<u8> {
    std::fs::read(fixtures().join("seed/seed.txt")).expect("fixtures/seed/seed.txt")
}

/// The dev corpus directory.
pub fn dev_corpus() -> PathBuf {
    fixtures().join("dev")
}
