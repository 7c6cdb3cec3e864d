//! The Chinese dash `——` as OCR prints it: `一一`, `-一`, `一一一` at the start of a
//! clause, where the page opened an item with a dash (`。——国家财力明显增强`).

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::chars::is_han;
use crate::{Change, Lexicon, Span};

/// Characters OCR prints for a stroke of the dash `—`.
fn is_dashlike(c: char) -> bool {
    matches!(
        c,
        '一' | '-' | '—' | 'ー' | '－' | '─' | '━' | '‐' | '‑' | '–'
    )
}

/// The searches for the dash-like characters that are not found by their first
/// byte: `一`, `ー`, `－`.
static FINDERS: LazyLock<[Finder<'static>; 3]> =
    LazyLock::new(|| ["一", "ー", "－"].map(|s| Finder::new(s.as_bytes())));

/// Where a clause starts after it: a line break or a mark that ends a clause.
fn ends_clause(c: char) -> bool {
    matches!(c, '\n' | '。' | '；' | '：' | '！' | '？')
}

/// Adds to `out` the repairs of the dashes that start inside `within`.
///
/// A run of two or more dash-like characters at the start of a clause, before an
/// ideograph, is a dash, one `—` per character, unless the lexicon holds a word
/// that starts with the run and goes on into the text (`一一对应`). A single `-`,
/// `－` or `—` after a mark that ends a clause is a dash printed short: `——`.
/// `before` is the character before `text` (of a piece, in the whole).
pub(crate) fn changes_in(text: &str, within: Span, before: Option<char>, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    let from = within.start.min(end);
    let hay = &text.as_bytes()[from..end];
    // A run starts with one of these; each is found by the search for its first
    // byte or bytes (dashes are rare, 一 is about one character in a hundred).
    let [one, chouon, fullwidth] = &*FINDERS;
    let mut starts: Vec<usize> = one
        .find_iter(hay)
        .chain(memchr::memchr2_iter(b'-', 0xE2, hay))
        .chain(chouon.find_iter(hay))
        .chain(fullwidth.find_iter(hay))
        .map(|k| from + k)
        .collect();
    starts.sort_unstable();
    for start in starts {
        let Some(first) = text[start..].chars().next() else {
            continue;
        };
        let Some(mark) = text[..start].chars().next_back().or(before) else {
            continue;
        };
        if !is_dashlike(first) || !ends_clause(mark) {
            continue;
        }
        let run: Vec<char> = text[start..]
            .chars()
            .take_while(|&c| is_dashlike(c))
            .collect();
        let run_len: usize = run.iter().map(|c| c.len_utf8()).sum();
        let after = text[start + run_len..].chars().next();
        if !after.is_some_and(is_han) || run.iter().all(|&c| c == '—') {
            continue;
        }
        let dash = match run.len() {
            1 if mark != '\n' && matches!(run[0], '-' | '－' | '—') => "——".to_owned(),
            1 => continue,
            n if !word_goes_on(&text[start..], &run) => "—".repeat(n),
            _ => continue,
        };
        out.push(
            Change::replace(
                Span::new(start, start + run_len),
                dash,
                "dash read as 一 or -",
            )
            .with_confidence(0.9),
        );
    }
}

/// Whether the lexicon holds a word that `text` starts with, longer than `run`
/// (`一一对应`).
fn word_goes_on(text: &str, run: &[char]) -> bool {
    let lex = Lexicon::global();
    let chars: Vec<char> = text.chars().take(lex.max_word_chars()).collect();
    lex.has_word_across(&chars, 0, run.len() + 1, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        crate::testing::check_rule(
            |t, s, o| changes_in(t, s, None, o),
            &[
                (
                    "增长9%。一一国家财力明显增强。",
                    "增长9%。——国家财力明显增强。",
                ),
                (
                    "取得重大胜利；-一经济快速发展",
                    "取得重大胜利；——经济快速发展",
                ),
                ("一年来：\n一一一抗击非典", "一年来：\n———抗击非典"),
                (
                    "成就显著。-对外贸易大幅增长",
                    "成就显著。——对外贸易大幅增长",
                ),
                // Left alone: a word that starts so, one 一, a hyphen at a line's
                // start, a dash already, a dash before no ideograph.
                ("方法如下。一一对应的关系", "方法如下。一一对应的关系"),
                ("一年来。一是加强领导", "一年来。一是加强领导"),
                ("\n-加强领导", "\n-加强领导"),
                ("成绩。——继续前进", "成绩。——继续前进"),
                ("见下。--2005", "见下。--2005"),
            ],
        );
    }
}
