//! zhdoc's integration tests: one binary, one module per concern.

mod boilerplate;
mod bounds;
mod common;
mod corrector;
mod encodings;
mod eval;
mod number_forms;
mod numeral;
mod properties;
mod quantities;
mod recognizers;
mod seed;
mod structure;
