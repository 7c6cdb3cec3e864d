//! Conformance with Microsoft Recognizers-Text's Chinese spec files (MIT; copied
//! with their licence into `fixtures/recognizers-text/`).
//!
//! A converter reads their expected results into what zhdoc reports: a number's
//! value (Number, Currency, Dimension, Age), a per cent (Percent: our `%`, `‰`,
//! `成`, `折` and `个百分点` turned into per cents), or an interval (NumberRange:
//! our `value`/`max`/`approx` turned into bounds; open and closed ends are not
//! told apart, our model has no such distinction). A case passes when zhdoc finds
//! the same values, in the same order, and nothing else of that kind.
//!
//! Cases we deliberately read otherwise are listed, each with its reason, in
//! `fixtures/recognizers-text/exclusions.tsv`; the test fails if an excluded case
//! passes (the list must not hide what works) or if a file's pass rate over the
//! cases not excluded falls below 95%. `cargo test recognizers -- --nocapture`
//! prints the table.

use std::collections::HashMap;

use serde_json::Value;
use zhdoc::{Extractor, Quantity, QuantityKind};

use crate::common::fixtures;

/// The in-scope spec files and the model each exercises.
const FILES: &[(&str, Model)] = &[
    ("Number/Chinese/NumberModel.json", Model::Number),
    ("Number/Chinese/PercentModel.json", Model::Percent),
    ("Number/Chinese/NumberRangeModel.json", Model::Range),
    (
        "Number/Chinese/NumberRangeModelExperimentalMode.json",
        Model::Range,
    ),
    ("NumberWithUnit/Chinese/CurrencyModel.json", Model::Currency),
    (
        "NumberWithUnit/Chinese/DimensionModel.json",
        Model::Dimension,
    ),
    ("NumberWithUnit/Chinese/AgeModel.json", Model::Age),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Model {
    Number,
    Percent,
    Range,
    Currency,
    Dimension,
    Age,
}

/// A value as compared: a point, or an interval with optional ends.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Point(f64),
    Interval(Option<f64>, Option<f64>),
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn same(a: &Val, b: &Val) -> bool {
    let ends = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (None, None) => true,
        (Some(x), Some(y)) => close(x, y),
        _ => false,
    };
    match (a, b) {
        (Val::Point(x), Val::Point(y)) => close(*x, *y),
        (Val::Interval(a0, a1), Val::Interval(b0, b1)) => ends(*a0, *b0) && ends(*a1, *b1),
        _ => false,
    }
}

/// Their expected results, converted.
fn expected(model: Model, case: &Value) -> Vec<Val> {
    let results = case["Results"].as_array().cloned().unwrap_or_default();
    results
        .iter()
        .map(|r| {
            let value = r["Resolution"]["value"].as_str().unwrap_or("");
            match model {
                Model::Range => {
                    let inner = value.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']'));
                    let mut parts = inner.split(',');
                    let lo = parts.next().and_then(|x| x.trim().parse().ok());
                    let hi = parts.next().and_then(|x| x.trim().parse().ok());
                    match (lo, hi) {
                        (Some(a), Some(b)) if a == b => Val::Point(a),
                        _ => Val::Interval(lo, hi),
                    }
                }
                _ => Val::Point(value.trim_end_matches('%').parse().unwrap_or(f64::NAN)),
            }
        })
        .collect()
}

/// A per cent value of ours.
fn per_cent(q: &Quantity) -> f64 {
    match q.unit.as_str() {
        "‰" => q.value / 10.0,
        "‱" => q.value / 100.0,
        "成" => q.value * 10.0,
        "折" if q.value < 10.0 => q.value * 10.0,
        _ => q.value,
    }
}

/// What zhdoc finds, in the same terms.
fn ours(ex: &Extractor, model: Model, input: &str) -> Vec<Val> {
    if model == Model::Number {
        return ex
            .numerals(input)
            .into_iter()
            .map(|n| Val::Point(n.value))
            .collect();
    }
    let qs = ex.numbers(input);
    qs.iter()
        .filter(|q| match model {
            Model::Percent => matches!(q.kind, QuantityKind::Percent | QuantityKind::Points),
            Model::Currency => q.kind == QuantityKind::Money,
            Model::Dimension => q.kind == QuantityKind::Measure,
            Model::Age => q.kind == QuantityKind::Duration,
            Model::Range => q.kind.is_quantity(),
            Model::Number => unreachable!(),
        })
        .map(|q| match model {
            Model::Percent => Val::Point(per_cent(q)),
            Model::Range => match (q.max, q.approx) {
                (Some(max), _) => Val::Interval(Some(q.value), Some(max)),
                (None, Some(zhdoc::Approx::Over)) => Val::Interval(Some(q.value), None),
                (None, Some(zhdoc::Approx::Under)) => Val::Interval(None, Some(q.value)),
                _ => Val::Point(q.value),
            },
            _ => Val::Point(q.value),
        })
        .collect()
}

/// `file → input → reason` from exclusions.tsv.
fn exclusions() -> HashMap<(String, String), String> {
    let path = fixtures().join("recognizers-text/exclusions.tsv");
    let text = std::fs::read_to_string(path).expect("exclusions.tsv");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            let (file, input, reason) = (f.next()?, f.next()?, f.next()?);
            Some(((file.to_owned(), input.to_owned()), reason.to_owned()))
        })
        .collect()
}

#[test]
fn recognizers_text_conformance() {
    let ex = Extractor::new();
    let excluded = exclusions();
    let mut used = 0usize;
    let mut problems = Vec::new();
    println!("| file | cases | passed | excluded | pass rate (all) | pass rate (not excluded) |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for &(file, model) in FILES {
        let path = fixtures().join("recognizers-text").join(file);
        let data = std::fs::read_to_string(&path).expect("spec file");
        let cases: Vec<Value> = serde_json::from_str(&data).expect("spec JSON");
        let (mut passed, mut skipped, mut failed) = (0usize, 0usize, Vec::new());
        for case in &cases {
            let input = case["Input"].as_str().unwrap_or("");
            let want = expected(model, case);
            let got = ours(&ex, model, input);
            let ok = want.len() == got.len() && want.iter().zip(&got).all(|(a, b)| same(a, b));
            let key = (file.to_owned(), input.to_owned());
            if excluded.contains_key(&key) {
                used += 1;
                skipped += 1;
                if ok {
                    problems.push(format!("{file}: excluded but passes: {input:?}"));
                }
                if ok {
                    passed += 1;
                }
                continue;
            }
            if ok {
                passed += 1;
            } else {
                failed.push(format!("  {input:?}: want {want:?}, got {got:?}"));
            }
        }
        let n = cases.len();
        let rest = n - skipped;
        let rate_rest = (passed as f64) / (rest.max(1) as f64);
        println!(
            "| {file} | {n} | {passed} | {skipped} | {:.1}% | {:.1}% |",
            100.0 * passed as f64 / n as f64,
            100.0 * rate_rest
        );
        for f in &failed {
            println!("{f}");
        }
        if rate_rest < 0.95 {
            problems.push(format!(
                "{file}: {:.1}% of the cases not excluded pass",
                100.0 * rate_rest
            ));
        }
    }
    if used != excluded.len() {
        problems.push(format!(
            "exclusions.tsv lists {} cases, {used} of them found in the spec files",
            excluded.len()
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
