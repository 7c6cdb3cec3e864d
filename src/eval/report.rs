//! The human-readable table of a [`Report`].

use std::fmt;

use super::{Counts, Report, Scores};

/// The table `zhdoc eval` prints: one row per document, the totals, precision,
/// recall and F1, the time taken and the notes.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = format!("total ({} documents)", self.documents);
        let width = self
            .per_document
            .iter()
            .map(|d| d.name.chars().count())
            .chain([total.chars().count(), "document".len()])
            .max()
            .unwrap_or(0);
        writeln!(
            f,
            "{:<width$}  {:>7}  {:>10}  {:>9}  {:>9}  {:>14}  {:>11}",
            "document", "chars", "cer_before", "cer_after", "clean_cer", "q m/p/g", "h m/p/g"
        )?;
        for d in &self.per_document {
            writeln!(
                f,
                "{:<width$}  {:>7}  {:>10.4}  {:>9.4}  {:>9.4}  {:>14}  {:>11}",
                d.name,
                d.gold_chars,
                d.cer_before,
                d.cer_after,
                d.clean_cer,
                fraction(d.quantities),
                fraction(d.headings),
            )?;
        }
        writeln!(
            f,
            "{:<width$}  {:>7}  {:>10.4}  {:>9.4}  {:>9.4}  {:>14}  {:>11}",
            total,
            self.gold_chars,
            self.cer_before,
            self.cer_after,
            self.clean_cer,
            fraction(Some(self.quantities.counts())),
            fraction(Some(self.headings.counts())),
        )?;
        writeln!(f)?;
        scores_line(f, "quantities", &self.quantities)?;
        scores_line(f, "quantities_clean", &self.quantities_clean)?;
        scores_line(f, "headings", &self.headings)?;
        writeln!(f, "seconds {:.3}", self.seconds)?;
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        writeln!(f)?;
        f.write_str(LEGEND)
    }
}

/// What the table's columns and totals mean.
const LEGEND: &str = "\
chars: gold characters, after NFKC, white space removed and quotes folded (SPEC.md §3).
cer_before / cer_after: edit distance of the input / of the cleaned output to the gold text,
  over the gold characters; clean_cer: the same for the cleaner run on the gold text itself.
q, h m/p/g: quantities and headings matched / predicted / in gold (- : not annotated).
total: CER pooled (all distances over all gold characters, so long documents weigh more);
  P, R and F1 from the counts summed over the annotated documents; n/a where the
  score would divide by zero (nothing to find, or nothing found).
";

/// `matched/predicted/gold`, or `-` for a document not scored.
fn fraction(c: Option<Counts>) -> String {
    match c {
        Some(c) => format!("{}/{}/{}", c.matched, c.predicted, c.gold),
        None => "-".to_owned(),
    }
}

fn scores_line(f: &mut fmt::Formatter<'_>, what: &str, s: &Scores) -> fmt::Result {
    let score = |n: usize, v: f64| {
        if n == 0 {
            "  n/a".to_owned()
        } else {
            format!("{v:.3}")
        }
    };
    write!(
        f,
        "{what:<16}  gold {:>5}  predicted {:>5}  matched {:>5}  P {}  R {}  F1 {}",
        s.gold,
        s.predicted,
        s.matched,
        score(s.predicted, s.precision),
        score(s.gold, s.recall),
        score(s.gold + s.predicted, s.f1),
    )?;
    if s.gold == 0 && s.predicted == 0 {
        f.write_str("  (vacuous: nothing to find and nothing found)")?;
    } else if s.gold == 0 {
        f.write_str("  (nothing to find)")?;
    }
    writeln!(f)
}
