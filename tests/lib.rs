//! zhdoc's integration tests: one binary, one module per concern.

mod common;
mod eval;
mod properties;
