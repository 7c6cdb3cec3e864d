/*!
Scoring the pipeline against gold files: the engine of `zhdoc eval`.

A gold directory (SPEC.md §2) holds pairs `NAME.txt` (the input as found) and
`NAME.gold.json` (what the cleaner should make of it). [`evaluate`] runs a
[`Cleaner`] over every pair and returns a [`Report`] with the metrics of SPEC.md
§3; the report serialises (serde) to the JSON of `zhdoc eval --json` and displays
as the table `zhdoc eval` prints.

* Text: [`cer`] compares a text with its gold after [`normalize_for_comparison`]
  (NFKC, no white space, quote marks folded) with a bit-parallel [`levenshtein`]
  fast enough for documents of tens of thousands of characters.
* Quantities and headings: [`match_quantities`] and [`match_headings`] count the
  largest one-to-one, order-preserving matching of predictions to gold.
* Gold files: [`gold_pairs`] lists a directory, [`Gold`] parses one file.

# Example

```
use zhdoc::{Cleaner, eval};

let dir = tempfile::tempdir()?;
std::fs::write(dir.path().join("a.txt"), "屮华人民共和国\n成立于1949年。")?;
std::fs::write(
    dir.path().join("a.gold.json"),
    r#"{"text": "中华人民共和国成立于1949年。", "quantities": null}"#,
)?;

let report = eval::evaluate(dir.path(), &Cleaner::new())?;
assert_eq!(report.documents, 1);
assert_eq!(report.gold_chars, 16);
// One wrong character (屮 for 中); the line break does not count.
assert_eq!(report.cer_before, 1.0 / 16.0);
assert_eq!(report.per_document[0].quantities, None);
println!("{report}");
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/

mod cer;
mod gold;
mod matching;
mod report;

use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use self::cer::{Cer, cer, levenshtein, levenshtein_slices, normalize_for_comparison};
pub use self::gold::{Gold, GoldHeading, GoldPair, GoldQuantity, gold_pairs};
pub use self::matching::{
    Counts, match_headings, match_quantities, normalize_heading, quantity_matches,
};

use crate::{Cleaner, Error};

/// The scores of a gold directory: SPEC.md §3's JSON object.
///
/// `Display` renders the table `zhdoc eval` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The number of documents scored.
    pub documents: usize,
    /// The gold texts' total length in characters, after normalisation.
    pub gold_chars: usize,
    /// The corpus CER of the inputs as decoded, before cleaning.
    pub cer_before: f64,
    /// The corpus CER of the cleaned inputs.
    pub cer_after: f64,
    /// The corpus CER of the cleaner run on the gold texts themselves: what it
    /// breaks in text that was already right.
    pub clean_cer: f64,
    /// Quantities extracted from the inputs, against the gold.
    pub quantities: Scores,
    /// Quantities extracted from the gold texts, against the gold.
    pub quantities_clean: Scores,
    /// Headings found in the inputs, against the gold.
    pub headings: Scores,
    /// The wall time of the whole evaluation, in seconds.
    pub seconds: f64,
    /// The same figures for each document, in name order.
    pub per_document: Vec<DocumentReport>,
    /// What a reader of the figures should know: parts of the pipeline that
    /// predicted nothing, documents not scored on something.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Precision, recall and F1 over a set of documents.
///
/// Empty sets are scored so that nothing predicted for nothing expected is
/// perfect: precision is 1 when nothing was predicted and nothing was expected,
/// 0 when nothing was predicted but something was; recall likewise with the roles
/// swapped; F1 is 0 when precision and recall are both 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Items in the gold.
    pub gold: usize,
    /// Items predicted.
    pub predicted: usize,
    /// Predictions matched with a gold item.
    pub matched: usize,
    /// `matched / predicted`.
    pub precision: f64,
    /// `matched / gold`.
    pub recall: f64,
    /// The harmonic mean of precision and recall.
    pub f1: f64,
}

impl Scores {
    /// Precision, recall and F1 from counts.
    pub fn from_counts(c: Counts) -> Scores {
        let ratio = |num: usize, den: usize, other: usize| {
            if den > 0 {
                num as f64 / den as f64
            } else if other == 0 {
                1.0
            } else {
                0.0
            }
        };
        let precision = ratio(c.matched, c.predicted, c.gold);
        let recall = ratio(c.matched, c.gold, c.predicted);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Scores {
            gold: c.gold,
            predicted: c.predicted,
            matched: c.matched,
            precision,
            recall,
            f1,
        }
    }

    /// The counts these scores were computed from.
    pub fn counts(&self) -> Counts {
        Counts {
            gold: self.gold,
            predicted: self.predicted,
            matched: self.matched,
        }
    }
}

/// The figures of one document of a gold directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentReport {
    /// `NAME`, from `NAME.txt` and `NAME.gold.json`.
    pub name: String,
    /// The gold text's length in characters, after normalisation.
    pub gold_chars: usize,
    /// The CER of the input as decoded.
    pub cer_before: f64,
    /// The CER of the cleaned input.
    pub cer_after: f64,
    /// The CER of the cleaner run on the gold text.
    pub clean_cer: f64,
    /// Quantities from the input; `None` (`null`) when the gold lists none.
    pub quantities: Option<Counts>,
    /// Headings from the input; `None` (`null`) when the gold lists none.
    pub headings: Option<Counts>,
}

/// Scores `cleaner` against the gold directory `dir` (SPEC.md §2 and §3).
///
/// For each `NAME.txt`, in name order: `cer_before` compares the input as
/// [`decode`](crate::decode)d with the gold text; `cer_after` compares
/// [`Cleaner::clean`]'s text; `clean_cer` compares [`Cleaner::clean_str`] run on
/// the gold text itself. Quantities and headings come from `Cleaner::clean` of the
/// input (`quantities_clean` from the gold text) and are scored only for documents
/// whose gold lists them.
///
/// # Errors
///
/// Fails, naming the file, at the first problem: a directory that is not a gold
/// directory (see [`gold_pairs`]), a gold file that cannot be read or parsed, or an
/// input that cannot be read or decoded. Unlike `zhdoc clean`, which reports a bad
/// file and goes on, an evaluation does not skip a document: figures over part of a
/// corpus would pass for figures over all of it.
pub fn evaluate(dir: impl AsRef<Path>, cleaner: &Cleaner) -> Result<Report, Error> {
    let start = Instant::now();
    let pairs = gold_pairs(dir)?;

    let mut before = Cer::default();
    let mut after = Cer::default();
    let mut clean = Cer::default();
    let mut quantities = Counts::default();
    let mut quantities_clean = Counts::default();
    let mut headings = Counts::default();
    let (mut with_quantities, mut with_headings) = (0usize, 0usize);
    let mut per_document = Vec::with_capacity(pairs.len());

    for pair in &pairs {
        let doc = evaluate_one(pair, cleaner)?;
        before += doc.before;
        after += doc.after;
        clean += doc.clean;
        if let Some(q) = doc.report.quantities {
            quantities += q;
            quantities_clean += doc.quantities_clean;
            with_quantities += 1;
        }
        if let Some(h) = doc.report.headings {
            headings += h;
            with_headings += 1;
        }
        per_document.push(doc.report);
    }

    let mut report = Report {
        documents: per_document.len(),
        gold_chars: before.gold_chars,
        cer_before: before.rate(),
        cer_after: after.rate(),
        clean_cer: clean.rate(),
        quantities: Scores::from_counts(quantities),
        quantities_clean: Scores::from_counts(quantities_clean),
        headings: Scores::from_counts(headings),
        seconds: 0.0,
        per_document,
        notes: Vec::new(),
    };
    report.notes = notes(&report, with_quantities, with_headings);
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

/// One document's figures, with what the totals need.
struct Outcome {
    report: DocumentReport,
    before: Cer,
    after: Cer,
    clean: Cer,
    quantities_clean: Counts,
}

fn evaluate_one(pair: &GoldPair, cleaner: &Cleaner) -> Result<Outcome, Error> {
    let gold = Gold::read(&pair.gold)?;
    let bytes = std::fs::read(&pair.input).map_err(|e| Error::from(e).with_path(&pair.input))?;
    let decoded = crate::decode(&bytes).map_err(|e| e.with_path(&pair.input))?;
    let cleaned = cleaner
        .clean(&bytes)
        .map_err(|e| e.with_path(&pair.input))?;
    let cleaned_gold = cleaner.clean_str(&gold.text);

    let gold_chars: Vec<char> = normalize_for_comparison(&gold.text).chars().collect();
    let before = cer::cer_against(&decoded.text, &gold_chars);
    let after = cer::cer_against(cleaned.text(), &gold_chars);
    let clean = cer::cer_against(cleaned_gold.text(), &gold_chars);

    let quantities = gold
        .quantities
        .as_deref()
        .map(|g| match_quantities(cleaned.numbers(), g));
    let quantities_clean = gold
        .quantities
        .as_deref()
        .map(|g| match_quantities(cleaned_gold.numbers(), g))
        .unwrap_or_default();
    let headings = gold
        .headings
        .as_deref()
        .map(|g| match_headings(cleaned.headings(), g));

    Ok(Outcome {
        report: DocumentReport {
            name: pair.name.clone(),
            gold_chars: gold_chars.len(),
            cer_before: before.rate(),
            cer_after: after.rate(),
            clean_cer: clean.rate(),
            quantities,
            headings,
        },
        before,
        after,
        clean,
        quantities_clean,
    })
}

/// What the figures alone do not say.
fn notes(report: &Report, with_quantities: usize, with_headings: usize) -> Vec<String> {
    let mut notes = Vec::new();
    let n = report.documents;
    for (what, scored, scores, clean) in [
        (
            "quantities",
            with_quantities,
            &report.quantities,
            Some(&report.quantities_clean),
        ),
        ("headings", with_headings, &report.headings, None),
    ] {
        if scored == 0 {
            notes.push(format!(
                "no gold file lists {what}: {what} are not scored (their figures are vacuous)"
            ));
            continue;
        }
        if scored < n {
            notes.push(format!(
                "{} of {n} documents list no {what} in their gold and are not scored on them",
                n - scored
            ));
        }
        let nothing_clean = clean.is_none_or(|c| c.predicted == 0);
        if scores.gold > 0 && scores.predicted == 0 && nothing_clean {
            let extractor = if what == "quantities" {
                "quantity extraction"
            } else {
                "heading detection"
            };
            let from = if clean.is_some() {
                "from the inputs or the gold texts"
            } else {
                "from the inputs"
            };
            notes.push(format!(
                "no {what} were predicted {from} although the gold lists {}: \
                 {extractor} is not built yet, or found nothing",
                scores.gold
            ));
        } else if scores.gold > 0 && scores.predicted == 0 {
            notes.push(format!(
                "no {what} were predicted from the inputs although the gold lists {}",
                scores.gold
            ));
        }
    }
    notes
}
