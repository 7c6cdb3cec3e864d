//! A PySpark job in local mode pipes a partitioned corpus through `zhdoc clean
//! --stream` (`RDD.pipe`) and checks that every document came back cleaned, once
//! (the job is `tests/pyspark/pipe_corpus.py`).
//!
//! It needs Java and pyspark (`.ci/run` installs both). Without them the test
//! fails under CI (`CI` set) and is skipped loudly elsewhere. The binary is
//! `$ZHDOC_BIN` when set (CI sets the release build), else the one `cargo test`
//! built.

use std::path::{Path, PathBuf};
use std::process::Command;

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[ignore = "needs Java and pyspark (apt-get install default-jre-headless, pip install pyspark); .ci/run installs them and runs this with --ignored"]
fn pyspark_pipes_a_partitioned_corpus_through_zhdoc() {
    let java = available("java", &["-version"]);
    let pyspark = available("python3", &["-c", "import pyspark"]);
    if !(java && pyspark) {
        let missing = match (java, pyspark) {
            (false, false) => "java and pyspark",
            (false, true) => "java",
            _ => "pyspark",
        };
        let message = format!(
            "the PySpark test needs {missing}: `apt-get install -y default-jre-headless`, \
             `pip install pyspark` (.ci/run does both)"
        );
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("\n**** SKIPPED: {message} ****\n");
        return;
    }
    let bin = std::env::var_os("ZHDOC_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_zhdoc")), PathBuf::from);
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = here.join("../fixtures/dev");
    let documents = std::fs::read_dir(&corpus)
        .expect("fixtures/dev")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count();
    const COPIES: usize = 2;
    let out = Command::new("python3")
        .arg(here.join("tests/pyspark/pipe_corpus.py"))
        .arg(&bin)
        .arg(&corpus)
        .arg("4")
        .arg(COPIES.to_string())
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("PYSPARK_PYTHON", "python3")
        .output()
        .expect("run python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the PySpark job failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!(
            "pyspark: {} documents cleaned once each",
            documents * COPIES
        )),
        "{stdout}\n{stderr}"
    );
    eprintln!("{}", stdout.trim());
}
