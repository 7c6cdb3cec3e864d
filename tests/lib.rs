//! zhdoc's integration tests: one binary, one module per concern.

mod common;
mod encodings;
mod eval;
mod properties;
mod seed;
mod structure;
