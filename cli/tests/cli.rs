//! The `zhdoc` binary, run as a user runs it.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{zhdoc_bin, zhdoc_stdin};

fn zhdoc(args: &[&str]) -> Output {
    Command::new(zhdoc_bin())
        .args(args)
        .output()
        .expect("run zhdoc")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

const GOOD_A: &str = "市总工会按照上级工会的总体要求，结合实际。";
const GOOD_B: &str = "中华人民共和国\n";
/// A PNG signature and NUL bytes: not a text document in any encoding.
const BINARY: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00";

fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), GOOD_A).expect("write");
    std::fs::write(dir.path().join("b.txt"), GOOD_B).expect("write");
    std::fs::write(dir.path().join("bin.txt"), BINARY).expect("write");
    dir
}

#[test]
fn clean_prints_the_text_of_each_file() {
    let dir = inputs();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let out = zhdoc(&["clean", path_str(&a), path_str(&b)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Each text ends with a line break, added when the text has none.
    let want = format!(
        "{}\n{}",
        zhdoc::Cleaner::new()
            .clean(GOOD_A.as_bytes())
            .expect("a")
            .text(),
        zhdoc::Cleaner::new()
            .clean(GOOD_B.as_bytes())
            .expect("b")
            .text(),
    );
    assert_eq!(stdout, want);
    assert!(out.stderr.is_empty());
}

#[test]
fn clean_reads_standard_input() {
    for args in [&["clean"][..], &["clean", "-"][..]] {
        let out = zhdoc_stdin(args, GOOD_A.as_bytes());
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.ends_with('\n'), "{args:?}: {stdout:?}");
        assert!(stdout.contains("市总工会"), "{args:?}: {stdout:?}");
    }
}

#[test]
fn clean_jsonl_gives_one_json_document_per_line() {
    let dir = inputs();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let out = zhdoc(&["clean", "--jsonl", path_str(&a), path_str(&b)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    for (line, path) in lines.iter().zip([&a, &b]) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(v["path"], path_str(path));
        for key in [
            "text",
            "encoding",
            "quantities",
            "headings",
            "edits",
            "original",
        ] {
            assert!(v.get(key).is_some(), "no {key} in {line}");
        }
    }
}

#[test]
fn clean_json_is_pretty_and_names_the_input() {
    let dir = inputs();
    let a = dir.path().join("a.txt");
    let out = zhdoc(&["clean", "--json", path_str(&a)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.lines().count() > 1, "pretty-printed: {stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(v["path"], path_str(&a));
    assert!(v["text"].as_str().expect("text").contains("市总工会"));
}

#[test]
fn json_and_jsonl_conflict() {
    let out = zhdoc(&["clean", "--json", "--jsonl", "x.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn bad_files_are_reported_and_the_batch_goes_on() {
    let dir = inputs();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let missing = dir.path().join("missing.txt");
    let binary = dir.path().join("bin.txt");
    for json in [false, true] {
        let mut args = vec!["clean"];
        if json {
            args.push("--jsonl");
        }
        args.extend([
            path_str(&a),
            path_str(&missing),
            path_str(&binary),
            path_str(&b),
        ]);
        let out = zhdoc(&args);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "one line per bad file: {stderr}");
        assert!(
            lines[0].starts_with(&format!("zhdoc: {}: ", missing.display())),
            "{stderr}"
        );
        assert!(
            lines[1].starts_with(&format!("zhdoc: {}: ", binary.display())),
            "{stderr}"
        );
        let stdout = text(&out.stdout);
        assert!(stdout.contains("市总工会"), "a is still printed: {stdout}");
        assert!(
            stdout.contains("中华人民共和国"),
            "b is still printed: {stdout}"
        );
        if json {
            assert_eq!(stdout.lines().count(), 2, "{stdout}");
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["frobnicate"][..], &["eval"][..], &["clean", "--nope"][..]] {
        let out = zhdoc(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn help_describes_each_command() {
    let out = zhdoc(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("clean") && help.contains("eval"), "{help}");
    for cmd in ["clean", "eval"] {
        let out = zhdoc(&[cmd, "--help"]);
        assert!(out.status.success());
        let help = text(&out.stdout);
        assert!(help.contains("Examples:"), "{cmd}: {help}");
    }
}

/// A one-document gold directory: input `屮华人民`, gold `中华人民`.
fn gold_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("doc.txt"), "屮华人民").expect("write");
    std::fs::write(
        dir.path().join("doc.gold.json"),
        r#"{"text": "中华人民", "quantities": [{"text": "5人", "value": 5, "unit": "人", "approx": null}]}"#,
    )
    .expect("write");
    dir
}

#[test]
fn eval_json_is_one_object_with_the_spec_keys() {
    let dir = gold_dir();
    let out = zhdoc(&["eval", path_str(dir.path()), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Exactly one JSON value on stdout.
    let mut stream = serde_json::Deserializer::from_str(&stdout).into_iter::<serde_json::Value>();
    let v = stream.next().expect("a JSON object").expect("valid JSON");
    assert!(stream.next().is_none(), "one object only: {stdout}");
    for key in [
        "documents",
        "gold_chars",
        "cer_before",
        "cer_after",
        "clean_cer",
        "quantities",
        "quantities_clean",
        "headings",
        "seconds",
        "per_document",
    ] {
        assert!(v.get(key).is_some(), "no {key} in {stdout}");
    }
    assert_eq!(v["documents"], 1);
    assert_eq!(v["gold_chars"], 4);
    assert_eq!(v["cer_before"], 0.25);
    assert_eq!(v["quantities"]["gold"], 1);
    assert_eq!(v["per_document"][0]["name"], "doc");
    assert!(v["per_document"][0]["headings"].is_null());
}

#[test]
fn eval_prints_a_table() {
    let dir = gold_dir();
    let out = zhdoc(&["eval", path_str(dir.path())]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("doc ") && l.contains("0.2500")),
        "{stdout}"
    );
    assert!(stdout.contains("seconds"), "{stdout}");
}

#[test]
fn eval_of_a_bad_gold_dir_names_the_file() {
    let dir = gold_dir();
    let orphan = dir.path().join("orphan.txt");
    std::fs::write(&orphan, "no gold").expect("write");
    let out = zhdoc(&["eval", path_str(dir.path()), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("zhdoc: {}: ", orphan.display())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    // Many inputs, and a reader that goes away at once.
    let dir = inputs();
    let a = dir.path().join("a.txt");
    let mut args = vec!["clean".to_owned()];
    args.extend(std::iter::repeat_n(path_str(&a).to_owned(), 2000));
    let mut child = Command::new(zhdoc_bin())
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhdoc");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for zhdoc");
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

#[test]
fn user_dict_protects_and_adds_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, "我市己有九成单位参加。").expect("write");
    // Without a dictionary the corrector reads 己有 as 已有.
    let out = zhdoc(&["clean", path_str(&doc)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "我市已有九成单位参加。\n");
    let dict = dir.path().join("words.txt");
    std::fs::write(
        &dict,
        "# this archive's spelling\nprotect 己有\n创争 5000\n",
    )
    .expect("write");
    let out = zhdoc(&["clean", "--user-dict", path_str(&dict), path_str(&doc)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "我市己有九成单位参加。\n");
}

#[test]
fn a_bad_user_dict_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, "中华人民共和国").expect("write");
    let dict = dir.path().join("words.txt");
    std::fs::write(&dict, "创争 5000\nconfusion 尢\n").expect("write");
    let out = zhdoc(&["clean", "--user-dict", path_str(&dict), path_str(&doc)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("zhdoc: {}: ", dict.display())),
        "{stderr}"
    );
    assert!(stderr.contains("line 2"), "{stderr}");
    let missing = dir.path().join("missing.txt");
    let out = zhdoc(&["clean", "--user-dict", path_str(&missing), path_str(&doc)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("missing.txt"));
}

#[test]
fn clean_prints_a_large_input_piece_by_piece() {
    // Paragraphs of OCR text, some of them damaged, well over the piece size.
    let paragraph = "市总工会按照上级工会的总体要求，结合实际，下发了活动评估休系。\n我市己有九成单位参加，培训职工5500人次。\n";
    let input: String = paragraph.repeat(200);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &input).expect("write");
    let out = zhdoc(&["clean", "--chunk-bytes", "4096", path_str(&path)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // What the library gives for the same pieces, joined.
    let cleaner = zhdoc::Cleaner::new();
    let mut want: String = cleaner
        .clean_pieces(&input, "UTF-8", 4096)
        .map(|doc| doc.text().to_owned())
        .collect();
    if !want.ends_with('\n') {
        want.push('\n');
    }
    let got = text(&out.stdout);
    assert_eq!(got, want);
    assert!(
        got.contains("评估体系") && got.contains("我市已有"),
        "{got}"
    );
    assert_eq!(got.matches("评估体系").count(), 200);
}

/// Issue 20: options that mean nothing outside `--out`/`--stream` are usage
/// errors, not ignored.
#[test]
fn batch_only_options_are_refused_elsewhere() {
    let dir = inputs();
    let a = dir.path().join("a.txt");
    for flags in [
        &["--format", "json"][..],
        &["--summary-json", "-"],
        &["--quiet"],
    ] {
        let mut args = vec!["clean"];
        args.extend_from_slice(flags);
        args.push(path_str(&a));
        let out = zhdoc(&args);
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(flags[0]) && stderr.contains("--out and --stream only"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "{flags:?}");
    }
}

/// Issue 20: `--no-correct`, the other pass switches, `--encoding`, `--strict`
/// and `--lossy`.
#[test]
fn pass_and_decoding_switches() {
    let dir = tempfile::tempdir().expect("temp dir");
    let confused = dir.path().join("confused.txt");
    std::fs::write(&confused, "我市己有九成单位参加。\n").expect("write");
    let on = zhdoc(&["clean", path_str(&confused)]);
    assert_eq!(text(&on.stdout), "我市已有九成单位参加。\n");
    let off = zhdoc(&["clean", "--no-correct", path_str(&confused)]);
    assert_eq!(text(&off.stdout), "我市己有九成单位参加。\n");
    let raw = zhdoc(&[
        "clean",
        "--no-correct",
        "--no-normalize",
        "--no-boilerplate",
        "--no-reflow",
        path_str(&confused),
    ]);
    assert_eq!(text(&raw.stdout), "我市己有九成单位参加。\n");

    // 通知 in GBK is valid UTF-8 too; --encoding decides.
    let short = dir.path().join("short.txt");
    std::fs::write(&short, b"\xCD\xA8\xD6\xAA").expect("write");
    let forced = zhdoc(&["clean", "--encoding", "gbk", path_str(&short)]);
    assert_eq!(text(&forced.stdout), "通知\n");
    let unknown = zhdoc(&["clean", "--encoding", "klingon", path_str(&short)]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("unknown encoding \"klingon\""));

    // A truncated last character: repaired with a warning naming the file,
    // refused with --strict, replaced with --lossy.
    let cut = dir.path().join("cut.txt");
    let mut bytes = "市总工会按照上级工会的总体要求。\n结合".as_bytes().to_vec();
    bytes.extend(b"\xE5\xAE");
    std::fs::write(&cut, &bytes).expect("write");
    let repaired = zhdoc(&["clean", path_str(&cut)]);
    assert!(repaired.status.success());
    assert!(text(&repaired.stdout).ends_with("结合\n"));
    let stderr = text(&repaired.stderr);
    assert!(
        stderr.contains(path_str(&cut)) && stderr.contains("1 malformed byte sequence"),
        "{stderr}"
    );
    let strict = zhdoc(&["clean", "--strict", path_str(&cut)]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(text(&strict.stderr).contains("cannot decode as UTF-8"));
    let lossy = zhdoc(&["clean", "--lossy", path_str(&cut)]);
    assert!(text(&lossy.stdout).ends_with("结合\u{fffd}\n"));
}

/// Issue 19, item 5: `--max-bytes` holds for standard input and plain files.
#[test]
fn max_bytes_holds_for_stdin_and_files() {
    let big = "一段正文。\n".repeat(100);
    let out = zhdoc_stdin(&["clean", "--max-bytes", "100"], big.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("<stdin>: too large"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("big.txt");
    std::fs::write(&file, &big).expect("write");
    let out = zhdoc(&["clean", "--json", "--max-bytes", "100", path_str(&file)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: too large", path_str(&file))),
        "{stderr}"
    );
    let ok = zhdoc_stdin(&["clean", "--max-bytes", "10000"], big.as_bytes());
    assert!(ok.status.success());
}

/// Issue 19, item 7: an empty input is an empty output with a warning in
/// every mode; a directory without --out says to use it; --out inside an input
/// directory is refused; dangling symlinks the glob does not name are ignored;
/// FIFOs are reported; names are escaped.
#[test]
fn consistent_inputs_and_outputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let empty = input.join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let plain = zhdoc(&["clean", path_str(&empty)]);
    assert!(plain.status.success());
    assert!(plain.stdout.is_empty());
    assert!(text(&plain.stderr).contains("empty.txt: warning: empty input"));
    let stream = zhdoc_stdin(
        &["clean", "--stream", "--format", "txt"],
        b"{\"id\":1,\"text\":\"\"}\n",
    );
    assert!(stream.status.success(), "{}", text(&stream.stderr));
    assert!(text(&stream.stderr).contains("warning: empty input"));

    let as_dir = zhdoc(&["clean", path_str(&input)]);
    assert_eq!(as_dir.status.code(), Some(1));
    assert!(text(&as_dir.stderr).contains("use --out OUT_DIR"));

    let inside = input.join("cleaned");
    let out = zhdoc(&["clean", "--out", path_str(&inside), path_str(&input)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is inside the input directory"),
        "{}",
        text(&out.stderr)
    );
    let same = zhdoc(&["clean", "--out", path_str(&input), path_str(&input)]);
    assert_eq!(same.status.code(), Some(1));
    // An input file named beside `--out`'s directory: its output would be the
    // file itself, overwritten by its cleaned text (it was).
    let beside = dir.path().join("beside.txt");
    std::fs::write(&beside, GOOD_A).expect("write");
    let over = zhdoc(&["clean", "--out", path_str(dir.path()), path_str(&beside)]);
    assert_eq!(over.status.code(), Some(1), "{}", text(&over.stderr));
    assert!(
        text(&over.stderr).contains("would overwrite it"),
        "{}",
        text(&over.stderr)
    );
    assert_eq!(std::fs::read(&beside).expect("read"), GOOD_A.as_bytes());

    std::fs::write(input.join("a.txt"), GOOD_A).expect("write");
    std::fs::write(input.join("new\nline.txt"), GOOD_B).expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(input.join("gone"), input.join("dangling.md")).expect("symlink");
        let fifo = input.join("pipe.txt");
        let made = Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }
    let outdir = dir.path().join("out");
    let run = zhdoc(&["clean", "-v", "--out", path_str(&outdir), path_str(&input)]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("dangling.md"), "{stderr}");
    assert!(
        stderr.contains("pipe.txt: cannot read: not a regular file (a FIFO)"),
        "{stderr}"
    );
    assert!(stderr.contains("new\\nline.txt"), "{stderr}");
    assert!(
        stderr.contains("empty.txt: warning: empty input"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(outdir.join("a.txt")).expect("a"),
        format!("{GOOD_A}\n").as_bytes()
    );
    assert_eq!(std::fs::read(outdir.join("empty.txt")).expect("empty"), b"");
}

/// Issue 20: the eval table explains its columns and says when a score is
/// vacuous; `--no-correct` is an ablation.
#[test]
fn eval_explains_and_ablates() {
    let plain = tempfile::tempdir().expect("temp dir");
    let sentence = "市总工会按照上级工会的总体要求，结合实际。";
    std::fs::write(plain.path().join("plain.txt"), sentence).expect("write");
    std::fs::write(
        plain.path().join("plain.gold.json"),
        format!(r#"{{"text": "{sentence}", "quantities": []}}"#),
    )
    .expect("write");
    let out = zhdoc(&["eval", path_str(plain.path())]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("matched / predicted / in gold"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.starts_with("quantities ")
            && l.contains("F1   n/a")
            && l.contains("vacuous")),
        "{stdout}"
    );
    let dir = gold_dir();
    let full = zhdoc(&["eval", "--json", path_str(dir.path())]);
    let ablated = zhdoc(&["eval", "--json", "--no-correct", path_str(dir.path())]);
    let cer = |o: &Output| {
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("json")["cer_after"]
            .as_f64()
            .expect("cer_after")
    };
    assert!(
        cer(&ablated) > cer(&full),
        "{} {}",
        cer(&ablated),
        cer(&full)
    );
}
