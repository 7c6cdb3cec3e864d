//! The user dictionary: a text file of extra words, confusions and protected
//! terms for the corrector.

use std::path::Path;

use crate::{CorrectBuilder, Error, ErrorKind};

/// The corpus frequency a user word gets when its line gives none: that of a
/// common word.
pub(crate) const DEFAULT_FREQ: u32 = 1000;

/// How likely a user confusion is when its line gives no probability.
pub(crate) const DEFAULT_P: f32 = 0.01;

impl CorrectBuilder {
    /// Adds the words, confusions and protected terms of a user dictionary.
    ///
    /// One entry a line; blank lines and lines starting with `#` are skipped:
    ///
    /// ```text
    /// # words, with an optional corpus frequency (default 1000, a common word)
    /// 创争 5000
    /// 职工书屋
    /// # confusions: the engine prints OBSERVED where the page says INTENDED (one
    /// # ideograph), with an optional probability (default 0.01)
    /// confusion 尢 尤 0.05
    /// # protected terms: never changed
    /// protect 己有
    /// ```
    ///
    /// # Errors
    ///
    /// A line that is none of these gives an error of kind
    /// [`ErrorKind::Config`] naming the line; nothing of the dictionary is added.
    ///
    /// # Example
    ///
    /// ```
    /// use zhdoc::{Correct, Document, Pass};
    ///
    /// let pass = Correct::builder().user_dict("protect 己有\n").unwrap().build();
    /// let mut doc = Document::new("我市己有九成单位参加。", "UTF-8");
    /// pass.run(&mut doc);
    /// assert_eq!(doc.text(), "我市己有九成单位参加。");
    /// assert!(Correct::builder().user_dict("confusion 尢\n").is_err());
    /// ```
    pub fn user_dict(&mut self, text: &str) -> Result<&mut CorrectBuilder, Error> {
        let entries = parse(text)?;
        for e in entries {
            match e {
                Entry::Word(w, f) => self.word(w, f),
                Entry::Confusion(o, i, p) => self.confusion(o, i, p),
                Entry::Protect(t) => self.protect(t),
            };
        }
        Ok(self)
    }

    /// Reads a user dictionary from a file (see [`user_dict`](CorrectBuilder::user_dict)).
    ///
    /// # Errors
    ///
    /// The file cannot be read, is not UTF-8, or has a bad line; the error names
    /// the file (and the line).
    pub fn user_dict_file(&mut self, path: impl AsRef<Path>) -> Result<&mut CorrectBuilder, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::from(e).with_path(path))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::new(ErrorKind::Config(format!(
                "not UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            )))
            .with_path(path)
        })?;
        self.user_dict(text.trim_start_matches('\u{feff}'))
            .map_err(|e| e.with_path(path))
    }
}

/// One line of a user dictionary.
#[derive(Debug, PartialEq)]
enum Entry<'a> {
    Word(&'a str, u32),
    Confusion(&'a str, &'a str, f32),
    Protect(&'a str),
}

/// The entries of a user dictionary, or the first bad line.
fn parse(text: &str) -> Result<Vec<Entry<'_>>, Error> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| {
            Error::new(ErrorKind::Config(format!(
                "user dictionary line {}: {why}: {line:?}",
                n + 1
            )))
        };
        let fields: Vec<&str> = line.split_whitespace().collect();
        let entry = match fields.as_slice() {
            ["confusion", observed, intended, rest @ ..] => {
                let mut chars = intended.chars();
                if !matches!((chars.next(), chars.next()), (Some(c), None) if crate::chars::is_han(c))
                {
                    return Err(bad("the intended side must be one ideograph"));
                }
                let p = match rest {
                    [] => DEFAULT_P,
                    [p] => p
                        .parse::<f32>()
                        .ok()
                        .filter(|p| *p > 0.0 && *p <= 1.0)
                        .ok_or_else(|| {
                            bad("the probability must be a number above 0, at most 1")
                        })?,
                    _ => return Err(bad("expected `confusion OBSERVED INTENDED [P]`")),
                };
                Entry::Confusion(observed, intended, p)
            }
            ["confusion", ..] => return Err(bad("expected `confusion OBSERVED INTENDED [P]`")),
            ["protect", term] => Entry::Protect(term),
            ["protect", ..] => return Err(bad("expected `protect TERM`")),
            ["word", word] | [word] => Entry::Word(word, DEFAULT_FREQ),
            ["word", word, freq] | [word, freq] => {
                let f = freq
                    .parse::<u32>()
                    .ok()
                    .filter(|&f| f > 0)
                    .ok_or_else(|| bad("the frequency must be a whole number above 0"))?;
                Entry::Word(word, f)
            }
            _ => return Err(bad("expected `WORD [FREQ]`, `confusion …` or `protect …`")),
        };
        out.push(entry);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let text = "# comment\n\n创争 5000\n职工书屋\nword protect 7\nconfusion 尢 尤 0.05\nconfusion T 工\nprotect 己有\n";
        let entries = parse(text).unwrap();
        assert_eq!(
            entries,
            [
                Entry::Word("创争", 5000),
                Entry::Word("职工书屋", DEFAULT_FREQ),
                Entry::Word("protect", 7),
                Entry::Confusion("尢", "尤", 0.05),
                Entry::Confusion("T", "工", DEFAULT_P),
                Entry::Protect("己有"),
            ]
        );
    }

    #[test]
    fn bad_lines_name_the_line() {
        for (text, line) in [
            ("创争 x\n", 1),
            ("好\nconfusion 尢\n", 2),
            ("confusion 尢 尤 2\n", 1),
            ("\n\nconfusion 尢 ab\n", 3),
            ("protect\n", 1),
            ("a b c d\n", 1),
            ("创争 0\n", 1),
        ] {
            let err = parse(text).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::Config(_)), "{text:?}");
            let msg = err.to_string();
            assert!(msg.contains(&format!("line {line}:")), "{text:?}: {msg}");
        }
    }
}
