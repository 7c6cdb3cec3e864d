//! Throughput of `zhdoc clean --out` over a generated archive (the dev corpus in
//! 64 copies, 35 MB), with one thread and with two: the ratio of the two medians
//! is the parallel speed-up. `startup` is the serial part every run pays (loading
//! the lexicon and tables, for one tiny file).
//!
//! `cargo bench -p zhdoc-cli --bench archive`

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const COPIES: usize = 64;

fn archive(root: &Path) -> u64 {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/dev");
    let mut bytes = 0;
    for copy in 0..COPIES {
        let dir = root.join(format!("copy{copy}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        for e in std::fs::read_dir(&corpus).expect("fixtures/dev") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "txt") {
                let to = dir.join(p.file_name().expect("name"));
                bytes += std::fs::copy(&p, to).expect("copy");
            }
        }
    }
    bytes
}

fn run(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_zhdoc"))
        .args(args)
        .output()
        .expect("run zhdoc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn bench(c: &mut Criterion) {
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("in");
    let bytes = archive(&input);
    let s = |p: &Path| p.to_str().expect("UTF-8 path").to_owned();
    let (i, o) = (s(&input), s(&work.path().join("out")));
    let tiny = work.path().join("tiny.txt");
    std::fs::write(&tiny, "市总工会按照上级工会的总体要求,结合实际。").expect("write");

    let mut group = c.benchmark_group("archive");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    group.bench_function("startup", |b| b.iter(|| run(&["clean", &s(&tiny)])));
    group.throughput(Throughput::Bytes(bytes));
    for jobs in ["1", "2"] {
        group.bench_function(format!("jobs-{jobs}"), |b| {
            b.iter(|| run(&["clean", "--out", &o, &i, "--quiet", "--jobs", jobs]))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
