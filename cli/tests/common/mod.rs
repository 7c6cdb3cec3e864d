//! What the CLI's test binaries share: the binary under test and a run of it
//! with bytes on standard input. (Each test binary uses a part of it.)
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The binary under test: `$ZHDOC_BIN` (CI points it at the release build), else
/// the one Cargo built for these tests.
pub fn zhdoc_bin() -> PathBuf {
    std::env::var_os("ZHDOC_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_zhdoc")), PathBuf::from)
}

/// Runs `zhdoc args…` with `stdin` on its standard input, written from another
/// thread so that output can come back while input goes in.
pub fn zhdoc_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(zhdoc_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhdoc");
    let mut input = child.stdin.take().expect("stdin");
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&bytes));
    let out = child.wait_with_output().expect("wait for zhdoc");
    writer.join().expect("writer").expect("write stdin");
    out
}
