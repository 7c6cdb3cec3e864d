//! `zhdoc clean --stream`: JSON Lines in, one result per line out, in order.

mod common;

use std::process::Output;

use common::zhdoc_stdin;

fn stream(args: &[&str], stdin: &[u8]) -> Output {
    let args: Vec<&str> = ["clean", "--stream"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    zhdoc_stdin(&args, stdin)
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
        .collect()
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn one_result_per_record_in_order_with_its_id() {
    let gbk = b"\xca\xd0\xd7\xdc\xb9\xa4\xbb\xe1\xb0\xb4\xd5\xd5\xc9\xcf\xbc\xb6\xb9\xa4\xbb\xe1\xb5\xc4\xd2\xaa\xc7\xf3\xa1\xa3";
    let mut input = String::new();
    let n = 200;
    for i in 0..n {
        match i % 5 {
            0 => input.push_str(&format!("{{\"id\":{i},\"bytes\":\"{}\"}}\n", base64(gbk))),
            1 => input.push_str(&format!(
                "{{\"id\":\"doc-{i}\",\"text\":\"欢迎来到天天文库\\n第{i}段,结合实际。\"}}\n"
            )),
            2 => input.push_str("not json\n"),
            3 => input.push('\n'),
            _ => input.push_str(&format!("{{\"text\":\"ＡＢＣ{i}\"}}\r\n")),
        }
    }
    for jobs in ["1", "2"] {
        let out = stream(&["--jobs", jobs, "--format", "txt"], input.as_bytes());
        assert_eq!(
            out.status.code(),
            Some(1),
            "bad records make the exit status 1"
        );
        let results = lines(&out);
        assert_eq!(results.len(), n, "jobs {jobs}");
        for (i, r) in results.iter().enumerate() {
            match i % 5 {
                0 => {
                    assert_eq!(r["id"], i as u64);
                    assert_eq!(r["text"], "市总工会按照上级工会的要求。");
                }
                1 => {
                    assert_eq!(r["id"], format!("doc-{i}"));
                    assert_eq!(r["text"], format!("第{i}段，结合实际。"));
                }
                _ => {
                    // Not JSON, empty, or without an id (issue 19, item 6): an
                    // error with a null id and the line number, from 1 (an id
                    // made up from the line could collide with a real one).
                    assert_eq!(r["id"], serde_json::Value::Null, "{r}");
                    assert_eq!(r["line"], i as u64 + 1, "{r}");
                    assert_eq!(r["error"]["cause"], "bad-record", "{r}");
                }
            }
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("zhdoc: <stdin>:3: not a JSON record"),
            "{stderr}"
        );
        assert!(
            stderr.contains("zhdoc: <stdin>:5: a record needs an \"id\""),
            "{stderr}"
        );
    }
}

#[test]
fn full_documents_keep_the_edit_log() {
    let input = "{\"id\":[1,\"a\"],\"text\":\"屮华人民共和国,成立了。\"}\n";
    let out = stream(&[], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &lines(&out)[0];
    assert_eq!(r["id"], serde_json::json!([1, "a"]));
    let edits: Vec<zhdoc::Edit> = serde_json::from_value(r["edits"].clone()).expect("edits");
    let text = r["text"].as_str().expect("text");
    assert_eq!(
        zhdoc::rebuild_original(text, &edits).expect("rebuild"),
        r["original"].as_str().expect("original")
    );
}

#[test]
fn bad_inputs_fail_alone() {
    let long = format!("{{\"id\":\"long\",\"text\":\"{}\"}}\n", "长".repeat(2000));
    let input = format!(
        "{{\"id\":\"bin\",\"bytes\":\"{}\"}}\n{{\"id\":\"empty\",\"text\":\"\"}}\n{long}{{\"id\":\"both\",\"text\":\"a\",\"bytes\":\"YQ==\"}}\n{{\"id\":\"b64\",\"bytes\":\"%%%\"}}\n{{\"id\":\"ok\",\"text\":\"好。\"}}",
        base64(b"%PDF-1.7\n\x00\x01\x02")
    );
    let out = stream(
        &["--max-bytes", "4096", "--format", "txt"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let results = lines(&out);
    let causes: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["id"]
                    .as_str()
                    .map_or_else(|| r["id"].to_string(), str::to_owned),
                r["error"]["cause"].as_str().unwrap_or("ok").to_owned(),
            )
        })
        .collect();
    let expected = [
        ("bin", "binary"),
        // An empty text is an empty output with a warning, as in every mode.
        ("empty", "ok"),
        // More text than --max-bytes: refused, its id kept (issue 19, item 6).
        ("long", "too-large"),
        ("both", "bad-record"),
        ("b64", "bad-record"),
        ("ok", "ok"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(causes, expected);
    assert_eq!(results[5]["text"], "好。");
}

/// Issue 19, item 6: `--max-bytes` counts the text, not the JSON line (a text
/// of escapes is six times longer as JSON); a line too long for any text of
/// that size keeps its id when `id` is its first field; ids used twice are
/// reported.
#[test]
fn max_bytes_counts_the_text_and_ids_are_kept_and_checked() {
    let escaped = format!(
        "{{\"id\":\"esc\",\"text\":\"{}\"}}\n",
        "\\u4e2d".repeat(1000)
    );
    let huge = format!("{{\"id\":\"huge\",\"text\":\"{}\"}}\n", "a".repeat(200_000));
    let input = format!(
        "{escaped}{huge}{{\"id\":\"esc\",\"text\":\"又一次。\"}}\n{{\"id\":1,\"text\":5}}\n"
    );
    let out = stream(
        &["--max-bytes", "3000", "--format", "txt"],
        input.as_bytes(),
    );
    let results = lines(&out);
    assert_eq!(results.len(), 4);
    // 1000 × 中 is 3000 bytes of text in 6000 bytes of JSON: within the limit.
    assert_eq!(results[0]["id"], "esc");
    assert_eq!(results[0]["text"], "中".repeat(1000), "{}", results[0]);
    assert_eq!(results[1]["id"], "huge");
    assert_eq!(results[1]["error"]["cause"], "too-large");
    assert_eq!(results[2]["text"], "又一次。");
    // Malformed (the text is a number), its id kept.
    assert_eq!(results[3]["id"], 1);
    assert_eq!(results[3]["error"]["cause"], "bad-record");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>:3: warning: id \"esc\" was already used by the record on line 1"),
        "{stderr}"
    );
}

/// Records stamped with an archive's line, and one that is not.
fn stamped_records(n: usize) -> String {
    let mut input = String::new();
    for i in 0..n {
        input.push_str(&format!(
            "{{\"id\":{i},\"text\":\"第{i}次会议纪要\\n本文由某某档案馆扫描 www.example.cn\\n同志们：\\n会议讨论了{i}项工作。\"}}\n"
        ));
    }
    input
}

#[test]
fn learn_boilerplate_over_the_first_window_of_records() {
    let input = stamped_records(30);
    let plain = lines(&stream(&["--format", "txt"], input.as_bytes()));
    assert!(
        plain[0]["text"]
            .as_str()
            .unwrap()
            .contains("www.example.cn")
    );
    let summary = std::env::temp_dir().join(format!("zhdoc-learn-{}.json", std::process::id()));
    let out = stream(
        &[
            "--format",
            "txt",
            "--learn-boilerplate",
            "--learn-window",
            "20",
            "--summary-json",
            summary.to_str().unwrap(),
        ],
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = lines(&out);
    assert_eq!(results.len(), 30);
    // Records of the window and after it alike; each document's own title stays.
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["id"], i);
        assert_eq!(
            r["text"],
            format!("第{i}次会议纪要\n同志们：\n会议讨论了{i}项工作。")
        );
    }
    // The summary lists what was learned, and a later run removes it from it.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&summary).expect("summary")).expect("JSON");
    assert_eq!(
        report["learned_boilerplate"][0]["text"],
        "本文由某某档案馆扫描 www.example.cn"
    );
    let again = stream(
        &[
            "--format",
            "txt",
            "--boilerplate-from",
            summary.to_str().unwrap(),
        ],
        stamped_records(3).as_bytes(),
    );
    let _ = std::fs::remove_file(&summary);
    assert_eq!(
        lines(&again)[2]["text"],
        "第2次会议纪要\n同志们：\n会议讨论了2项工作。"
    );
}

#[test]
fn boilerplate_from_a_missing_file_is_a_clear_error() {
    // (No input: zhdoc stops before it reads any.)
    let out = std::process::Command::new(common::zhdoc_bin())
        .args([
            "clean",
            "--stream",
            "--boilerplate-from",
            "/nonexistent/learned.txt",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run zhdoc");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/learned.txt"), "{stderr}");
}

/// Issue 19's fuzz target over the stream reader: streams of records of
/// every kind, good and bad, as a hostile or careless producer writes them.
mod fuzz {
    use proptest::prelude::*;
    use zhdoc::Cleaner;

    use super::{base64, stream};

    /// The most text a record may hold in these runs (`--max-bytes`).
    const MAX: usize = 4096;

    /// One line of a stream.
    #[derive(Clone, Debug)]
    enum Record {
        /// `{"id", "text"}`: cleaned.
        Text(String),
        /// `{"id", "bytes"}` (GBK or UTF-8): decoded and cleaned.
        Bytes(Vec<u8>),
        /// The id of the first record again, with a text: cleaned, a warning.
        Duplicate(String),
        /// `"id": null`.
        NullId,
        /// No `id`.
        MissingId,
        /// JSON cut short after its id.
        Truncated,
        /// Not JSON.
        NotJson(String),
        /// An empty line.
        Blank,
        /// Bytes that are not UTF-8 inside the JSON line.
        BadUtf8,
        /// More text than `--max-bytes` (a little, or more than the line
        /// limit, which is skipped unread).
        Huge(usize),
        /// `"text": 5`.
        WrongType,
        /// Both `text` and `bytes`.
        Both,
    }

    /// Text as the archives hold it: prose, site furniture, full-width
    /// forms, line breaks, escapes JSON must carry.
    fn text() -> impl Strategy<Value = String> {
        let fragment = prop::sample::select(vec![
            "市总工会按照上级工会的总体要求,结合实际。",
            "欢迎来到天天文库",
            "ID:44262530",
            "一、总体情况",
            "2010年全市共培训职工5500人次，我市己有九成单位参加。",
            "ＡＢＣ１２３％",
            "\"引号\"\t\\ 与反斜杠",
            "",
            "范围．实行普遍性降费",
        ]);
        prop::collection::vec(fragment, 0..6).prop_map(|v| v.join("\n"))
    }

    fn record() -> impl Strategy<Value = Record> {
        prop_oneof![
            4 => text().prop_map(Record::Text),
            2 => (text(), any::<bool>(), prop::option::of(any::<u8>())).prop_map(
                |(t, gbk, bad)| {
                    let mut bytes = if gbk {
                        encoding_rs::GBK.encode(&t).0.into_owned()
                    } else {
                        t.into_bytes()
                    };
                    // A stray byte in the middle (repaired, or refused as
                    // the library refuses it).
                    if let Some(b) = bad {
                        bytes.insert(bytes.len() / 2, b | 0x80);
                    }
                    Record::Bytes(bytes)
                }
            ),
            1 => text().prop_map(Record::Duplicate),
            1 => Just(Record::NullId),
            1 => Just(Record::MissingId),
            1 => Just(Record::Truncated),
            1 => "[^{\\n\\r]{0,20}".prop_map(Record::NotJson),
            1 => Just(Record::Blank),
            1 => Just(Record::BadUtf8),
            1 => prop::sample::select(vec![MAX + 1, 100_000]).prop_map(Record::Huge),
            1 => Just(Record::WrongType),
            1 => Just(Record::Both),
        ]
    }

    fn config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(12);
        let mut config = ProptestConfig::with_cases(cases);
        // The same cases on every run, CI's included, unless a seed is asked
        // for (as `tests/bounds.rs` does).
        if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
            config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x7a68_646f_6332);
        }
        // Each case runs the binary: no shrinking past a few steps.
        config.max_shrink_iters = 32;
        config
    }

    /// What a line's result must be: the cleaned text, or an error of this
    /// cause with this id (`Null` when it cannot be read).
    enum Want {
        Text(String),
        /// The cause, when it is known here (not a decoding's).
        Error(Option<&'static str>, serde_json::Value),
    }

    proptest! {
        #![proptest_config(config())]

        /// Any stream: no panic, one result per line in order, a clear error
        /// for each bad record naming its line and its id when it can be read,
        /// and each good record cleaned exactly as it is alone; the exit status
        /// 1 when a record failed, else 0.
        #[test]
        fn any_stream_gives_one_result_per_line(
            records in prop::collection::vec(record(), 1..10),
            jobs in prop::sample::select(vec!["1", "2"]),
        ) {
            let cleaner = Cleaner::new();
            let mut input: Vec<u8> = Vec::new();
            let mut wants = Vec::new();
            let mut first_id: Option<serde_json::Value> = None;
            for (i, r) in records.iter().enumerate() {
                let id = if i % 2 == 0 {
                    serde_json::json!(format!("r{i}"))
                } else {
                    serde_json::json!(i)
                };
                let quoted = |s: &str| serde_json::to_string(s).expect("a string");
                let (line, want) = match r {
                    Record::Text(t) | Record::Duplicate(t) => {
                        let id = match (r, &first_id) {
                            (Record::Duplicate(_), Some(first)) => first.clone(),
                            _ => id,
                        };
                        (
                            format!("{{\"id\":{id},\"text\":{}}}", quoted(t)).into_bytes(),
                            Want::Text(cleaner.clean_str(t).text().to_owned()),
                        )
                    }
                    Record::Bytes(b) => (
                        format!("{{\"id\":{id},\"bytes\":\"{}\"}}", base64(b)).into_bytes(),
                        match cleaner.clean(b) {
                            Ok(doc) => Want::Text(doc.text().to_owned()),
                            Err(_) => Want::Error(None, id),
                        },
                    ),
                    Record::NullId => (
                        b"{\"id\":null,\"text\":\"\xe4\xb8\xad\"}".to_vec(),
                        Want::Error(Some("bad-record"), serde_json::Value::Null),
                    ),
                    Record::MissingId => (
                        b"{\"text\":\"\xe4\xb8\xad\"}".to_vec(),
                        Want::Error(Some("bad-record"), serde_json::Value::Null),
                    ),
                    Record::Truncated => (
                        format!("{{\"id\":{id},\"text\":\"abc").into_bytes(),
                        Want::Error(Some("bad-record"), id),
                    ),
                    Record::NotJson(s) => (
                        s.clone().into_bytes(),
                        Want::Error(Some("bad-record"), serde_json::Value::Null),
                    ),
                    Record::Blank => (Vec::new(), Want::Error(Some("bad-record"), serde_json::Value::Null)),
                    Record::BadUtf8 => {
                        let mut line = format!("{{\"id\":{id},\"text\":\"").into_bytes();
                        line.extend_from_slice(b"\xff\xfe\xe4\xb8\"}");
                        (line, Want::Error(Some("bad-record"), id))
                    }
                    Record::Huge(n) => (
                        format!("{{\"id\":{id},\"text\":\"{}\"}}", "长".repeat(n / 3 + 1)).into_bytes(),
                        Want::Error(Some("too-large"), id),
                    ),
                    Record::WrongType => (
                        format!("{{\"id\":{id},\"text\":5}}").into_bytes(),
                        Want::Error(Some("bad-record"), id),
                    ),
                    Record::Both => (
                        format!("{{\"id\":{id},\"text\":\"a\",\"bytes\":\"YQ==\"}}").into_bytes(),
                        Want::Error(Some("bad-record"), id),
                    ),
                };
                if i == 0 && matches!(want, Want::Text(_)) {
                    first_id = serde_json::from_slice::<serde_json::Value>(&line)
                        .ok()
                        .map(|v| v["id"].clone());
                }
                input.extend_from_slice(&line);
                input.push(b'\n');
                wants.push(want);
            }
            let max = MAX.to_string();
            let out = stream(&["--format", "txt", "--max-bytes", &max, "--jobs", jobs], &input);
            let stderr = String::from_utf8_lossy(&out.stderr);
            prop_assert!(!stderr.contains("panicked"), "{}", stderr);
            let failed = wants.iter().any(|w| matches!(w, Want::Error(..)));
            prop_assert_eq!(out.status.code(), Some(i32::from(failed)), "{}", stderr);
            let stdout = String::from_utf8(out.stdout.clone()).expect("UTF-8 out");
            let results: Vec<serde_json::Value> = stdout
                .lines()
                .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
                .collect();
            prop_assert_eq!(results.len(), wants.len(), "{}", stdout);
            for (n, (r, want)) in results.iter().zip(&wants).enumerate() {
                match want {
                    Want::Text(t) => {
                        prop_assert_eq!(r["text"].as_str(), Some(t.as_str()), "line {}: {}", n + 1, r);
                        prop_assert!(r.get("error").is_none(), "{}", r);
                    }
                    Want::Error(cause, id) => {
                        prop_assert_eq!(&r["id"], id, "line {}: {}", n + 1, r);
                        prop_assert_eq!(&r["line"], &serde_json::json!(n + 1));
                        let got = r["error"]["cause"].as_str();
                        prop_assert!(got.is_some() && cause.is_none_or(|c| got == Some(c)), "{}", r);
                        let message = r["error"]["message"].as_str().unwrap_or("");
                        let at = format!("<stdin>:{}", n + 1);
                        prop_assert!(message.starts_with(&at), "{}", message);
                        if !id.is_null() {
                            let named = format!("(id {id})");
                            prop_assert!(message.contains(&named), "{}", message);
                        }
                        prop_assert!(stderr.contains(message), "{}", stderr);
                    }
                }
            }
        }
    }
}
