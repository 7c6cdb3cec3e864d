//! `zhdoc clean --out`: a generated archive of a few hundred files, with the bad
//! inputs an archive holds, cleaned whole, killed mid-run and resumed.
//!
//! The binary is `$ZHDOC_BIN` when set (CI sets the release build), else the one
//! `cargo test` built.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::zhdoc_bin;

use encoding_rs::GBK;

fn zhdoc(args: &[&str]) -> Output {
    Command::new(zhdoc_bin())
        .args(args)
        .output()
        .expect("run zhdoc")
}

fn dev_corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/dev");
    let mut docs: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .expect("fixtures/dev")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, fs::read(&p).expect("read"))
        })
        .collect();
    docs.sort();
    docs
}

const COPIES: usize = 5;
const HUGE_LINE: usize = 600_000;
const TOO_LARGE: usize = 900_000;
const MAX_BYTES: &str = "800000";
/// Above the largest dev document, far below the huge line.
const CHUNK_BYTES: &str = "131072";

/// The bad inputs, by file name below the archive, and the cause each must get.
const BAD: &[(&str, &str)] = &[
    ("bad/report.doc.txt", "binary"),
    ("bad/broken-utf8.txt", "undecodable"),
    ("bad/too-large.txt", "too-large"),
    ("bad/dangling.txt", "unreadable"),
];

/// Writes the archive: the dev corpus in several copies, GBK and UTF-16 copies,
/// a line of HUGE_LINE bytes, and the bad inputs. Returns the good inputs' paths
/// below the archive, with the copy whose output theirs must equal.
fn write_archive(root: &Path) -> BTreeMap<PathBuf, PathBuf> {
    let docs = dev_corpus();
    let mut same_as = BTreeMap::new();
    for (name, bytes) in &docs {
        for copy in 0..COPIES {
            let rel = PathBuf::from(format!("copy{copy}/{name}.txt"));
            write(root, &rel, bytes);
            same_as.insert(rel, PathBuf::from(format!("copy0/{name}.txt")));
        }
        let text = std::str::from_utf8(bytes).expect("UTF-8 corpus");
        let (gbk, _, unmappable) = GBK.encode(text);
        if !unmappable {
            let rel = PathBuf::from(format!("gbk/{name}.txt"));
            write(root, &rel, &gbk);
            same_as.insert(rel, PathBuf::from(format!("copy0/{name}.txt")));
        }
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let rel = PathBuf::from(format!("utf16/{name}.txt"));
        write(root, &rel, &utf16);
        same_as.insert(rel, PathBuf::from(format!("copy0/{name}.txt")));
    }
    // One enormous line, cleaned in pieces.
    let sentence = "市总工会按照上级工会的总体要求,结合实际,开展“创争”活动。";
    let mut huge = String::with_capacity(HUGE_LINE + sentence.len());
    while huge.len() < HUGE_LINE {
        huge.push_str(sentence);
    }
    write(root, Path::new("huge/one-line.txt"), huge.as_bytes());
    // An OLE2 (.doc) file served as .txt.
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.extend(std::iter::repeat_n(0u8, 512));
    write(root, Path::new("bad/report.doc.txt"), &doc);
    write(root, Path::new("bad/empty.txt"), b"");
    // More bad bytes than text: beyond repair (a few would be repaired).
    let mut broken = b"\xEF\xBB\xBF".to_vec();
    broken.extend_from_slice("市总工会".as_bytes());
    broken.extend_from_slice(&b"\xFF\xFE\xFD tail ".repeat(8));
    write(root, Path::new("bad/broken-utf8.txt"), &broken);
    let mut large = String::new();
    while large.len() < TOO_LARGE {
        large.push_str("一段正文。\n");
    }
    write(root, Path::new("bad/too-large.txt"), large.as_bytes());
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        root.join("bad/missing-target"),
        root.join("bad/dangling.txt"),
    )
    .expect("symlink");
    // Not matched by the default glob.
    write(root, Path::new("copy0/notes.md"), b"# not an input\n");
    same_as
}

fn write(root: &Path, rel: &Path, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, bytes).expect("write");
}

/// Every file below `dir`, by path below it (one renamed away while the walk
/// reads is left out).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("below").to_path_buf();
                // While a run goes on, a temporary file may be renamed between
                // the listing and the read: it is the next walk's.
                match fs::read(&p) {
                    Ok(bytes) => {
                        files.insert(rel, bytes);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => panic!("read output {}: {e}", p.display()),
                }
            }
        }
    }
    files
}

fn summary(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).expect("summary")).expect("summary JSON")
}

fn batch_args<'a>(input: &'a str, out: &'a str, summary: &'a str) -> Vec<&'a str> {
    vec![
        "clean",
        "--out",
        out,
        input,
        "--max-bytes",
        MAX_BYTES,
        "--chunk-bytes",
        CHUNK_BYTES,
        "--summary-json",
        summary,
        "--quiet",
    ]
}

#[test]
fn archive_cleans_reports_failures_survives_a_kill_and_resumes() {
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("archive");
    let same_as = write_archive(&input);
    let good = same_as.len() + 2; // and the huge line, and the empty input
    let inputs = good + BAD.len();
    assert!(inputs >= 200, "a few hundred inputs: {inputs}");
    let s = |p: &Path| p.to_str().expect("UTF-8 path").to_owned();

    // A whole run.
    let full = work.path().join("full");
    let full_summary = work.path().join("full.json");
    let (i, o, j) = (s(&input), s(&full), s(&full_summary));
    let run = zhdoc(&batch_args(&i, &o, &j));
    assert_eq!(
        run.status.code(),
        Some(1),
        "failures make the exit status 1"
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    let report = summary(&full_summary);
    assert_eq!(report["inputs"], inputs as u64, "{report:#}");
    assert_eq!(report["cleaned"], good as u64, "{report:#}");
    assert_eq!(report["failed"], BAD.len() as u64, "{report:#}");
    assert_eq!(report["chunked"], 1, "the huge line is cleaned in pieces");
    // An empty input is an empty output with a warning, as in every mode.
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("bad/empty.txt: warning: empty input")),
        "{stderr}"
    );
    for (bad, cause) in BAD {
        let failure = report["failures"]
            .as_array()
            .expect("failures")
            .iter()
            .find(|f| f["input"].as_str().is_some_and(|p| p.ends_with(bad)))
            .unwrap_or_else(|| panic!("{bad} reported: {report:#}"));
        assert_eq!(failure["cause"], *cause, "{bad}");
        // Reported on stderr as `zhdoc: PATH: cause`.
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("zhdoc: ") && l.contains(bad)),
            "{bad}: {stderr}"
        );
    }
    assert!(
        report["edits"]["boilerplate"].as_u64().unwrap_or(0) > 0,
        "{report:#}"
    );

    // The outputs: the tree mirrored, one output per good input, none for the bad.
    let outputs = tree(&full);
    assert_eq!(
        outputs.len(),
        good,
        "{:?}",
        outputs.keys().collect::<Vec<_>>()
    );
    for (rel, first) in &same_as {
        let out = outputs
            .get(rel)
            .unwrap_or_else(|| panic!("{} written", rel.display()));
        assert_eq!(
            out,
            &outputs[first],
            "{} is cleaned as {}",
            rel.display(),
            first.display()
        );
    }
    assert_eq!(outputs[Path::new("bad/empty.txt")], b"");
    // One output is exactly what `zhdoc clean FILE` prints.
    let one = Path::new("copy3").join(
        same_as
            .keys()
            .next()
            .expect("an input")
            .file_name()
            .expect("name"),
    );
    let single = zhdoc(&["clean", &s(&input.join(&one))]);
    assert!(single.status.success());
    assert_eq!(outputs[&one], single.stdout, "{}", one.display());
    // The huge line, cut in pieces at sentence ends, comes back whole.
    let huge = String::from_utf8(outputs[Path::new("huge/one-line.txt")].clone()).expect("UTF-8");
    assert!(huge.len() >= HUGE_LINE - HUGE_LINE / 20, "{}", huge.len());
    assert!(!huge.contains(','), "normalised throughout");
    assert_eq!(huge.matches('\n').count(), 1, "one line still");

    // JSON outputs keep the edit log: the original is rebuilt from each.
    let json_out = work.path().join("json");
    let json_summary = work.path().join("json.json");
    let gbk = PathBuf::from("gbk");
    let (gi, go, gj) = (s(&input.join(&gbk)), s(&json_out), s(&json_summary));
    let mut args = batch_args(&gi, &go, &gj);
    args.extend(["--format", "json"]);
    assert!(zhdoc(&args).status.success());
    for (rel, bytes) in tree(&json_out) {
        assert_eq!(rel.extension().and_then(|e| e.to_str()), Some("json"));
        let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON output");
        assert_eq!(doc["encoding"], "GBK", "{}", rel.display());
        let edits: Vec<zhdoc::Edit> =
            serde_json::from_value(doc["edits"].clone()).expect("edit log");
        let text = doc["text"].as_str().expect("text");
        let rebuilt = zhdoc::rebuild_original(text, &edits).expect("rebuild");
        assert_eq!(
            rebuilt,
            doc["original"].as_str().expect("original"),
            "{}",
            rel.display()
        );
    }

    // Killed mid-run: only whole outputs, and --resume finishes the rest.
    let killed = work.path().join("killed");
    let killed_summary = work.path().join("killed.json");
    let (ki, ko, kj) = (s(&input), s(&killed), s(&killed_summary));
    let mut args = batch_args(&ki, &ko, &kj);
    args.extend(["--jobs", "1"]);
    let mut child = Command::new(zhdoc_bin())
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run zhdoc");
    let started = Instant::now();
    let visible = |dir: &Path| {
        tree(dir)
            .keys()
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .count()
    };
    while visible(&killed) < 10 && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    let partial = tree(&killed);
    let whole: Vec<&PathBuf> = partial
        .keys()
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    assert!(whole.len() >= 10, "some outputs before the kill");
    assert!(
        whole.len() < good,
        "killed before the end: {} of {good}",
        whole.len()
    );
    for rel in &whole {
        assert_eq!(partial[*rel], outputs[*rel], "{} is whole", rel.display());
    }
    let resumed = zhdoc(&{
        let mut a = args.clone();
        a.push("--resume");
        a
    });
    assert_eq!(resumed.status.code(), Some(1));
    let report = summary(&killed_summary);
    assert_eq!(report["skipped"], whole.len() as u64, "{report:#}");
    assert_eq!(report["cleaned"], (good - whole.len()) as u64, "{report:#}");
    assert_eq!(
        tree(&killed),
        outputs,
        "after --resume, the same tree as a whole run, no leftovers"
    );
}

#[test]
fn learned_boilerplate_is_removed_and_reported() {
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("in");
    let docs = dev_corpus();
    // The archive's own furniture on most documents; real repeated lines on all.
    let stamp = "本文档由某某市档案馆数字化 dangan.example.cn";
    for (i, (name, bytes)) in docs.iter().enumerate() {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let body = if i % 3 == 0 {
            text.to_owned()
        } else {
            format!("{stamp}\n同志们：\n{text}\n{stamp}\n")
        };
        write(&input, Path::new(&format!("{name}.txt")), body.as_bytes());
    }
    let out = work.path().join("out");
    let json = work.path().join("s.json");
    let s = |p: &Path| p.to_str().expect("UTF-8 path").to_owned();
    let run = zhdoc(&[
        "clean",
        "--learn-boilerplate",
        "--out",
        &s(&out),
        &s(&input),
        "--summary-json",
        &s(&json),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report = summary(&json);
    let learned = report["learned_boilerplate"]
        .as_array()
        .expect("learned lines");
    let stamped = docs.len() - docs.len().div_ceil(3);
    assert_eq!(learned.len(), 1, "{report:#}");
    assert_eq!(learned[0]["text"], stamp);
    assert_eq!(learned[0]["documents"], stamped as u64);
    assert_eq!(report["learned_removed"], 2 * stamped as u64, "{report:#}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("learned boilerplate: 1 lines"), "{stderr}");
    for (rel, bytes) in tree(&out) {
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert!(!text.contains("dangan.example.cn"), "{}", rel.display());
    }
    let kept = tree(&out)
        .values()
        .filter(|b| String::from_utf8_lossy(b).contains("同志们："))
        .count();
    assert!(
        kept >= stamped,
        "the salutation is kept: {kept} of {stamped}"
    );
}
