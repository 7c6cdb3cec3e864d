//! The lines of a text, found with a vectorised search for the line break.
//!
//! `str::split_inclusive('\n')` and `str::find('\n')` search byte by byte a word at
//! a time; the passes read every line of every document, several times, so they
//! search with `memchr` instead.

/// The lines of `text`, each with its line break (the last one may have none), and
/// the byte offset where each starts: what `text.split_inclusive('\n')` gives, with
/// offsets.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = breaks.next().map_or(text.len(), |i| i + 1);
        let at = start;
        start = end;
        Some((at, &text[at..end]))
    })
}

/// The offset of the first line break in `text[from..]`, as an offset into `text`.
#[inline]
pub(crate) fn next_break(text: &str, from: usize) -> Option<usize> {
    memchr::memchr(b'\n', &text.as_bytes()[from..]).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_inclusive_with_offsets() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "一\n\n二三\n",
            "x\r\ny",
        ] {
            let mut at = 0;
            let expected: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .map(|l| {
                    let start = at;
                    at += l.len();
                    (start, l)
                })
                .collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn next_break_finds_the_first_break_from_an_offset() {
        let text = "ab\ncd\n";
        assert_eq!(next_break(text, 0), Some(2));
        assert_eq!(next_break(text, 3), Some(5));
        assert_eq!(next_break(text, 6), None);
        assert_eq!(next_break("", 0), None);
    }
}
