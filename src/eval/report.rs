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
            "{:<width$}  {:>7}  {:>10}  {:>9}  {:>9}  {:>9}  {:>9}",
            "document", "chars", "cer_before", "cer_after", "clean_cer", "q m/g", "h m/g"
        )?;
        for d in &self.per_document {
            writeln!(
                f,
                "{:<width$}  {:>7}  {:>10.4}  {:>9.4}  {:>9.4}  {:>9}  {:>9}",
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
            "{:<width$}  {:>7}  {:>10.4}  {:>9.4}  {:>9.4}  {:>9}  {:>9}",
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
        Ok(())
    }
}

/// `matched/gold`, or `-` for a document not scored.
fn fraction(c: Option<Counts>) -> String {
    match c {
        Some(c) => format!("{}/{}", c.matched, c.gold),
        None => "-".to_owned(),
    }
}

fn scores_line(f: &mut fmt::Formatter<'_>, what: &str, s: &Scores) -> fmt::Result {
    writeln!(
        f,
        "{what:<16}  gold {:>5}  predicted {:>5}  matched {:>5}  P {:.3}  R {:.3}  F1 {:.3}",
        s.gold, s.predicted, s.matched, s.precision, s.recall, s.f1
    )
}
