//! Character classes shared by the passes.

/// Whether `c` is a CJK ideograph (unified, extensions, compatibility) or `〇`/`々`.
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '〇' | '々')
}

/// Whether `c` is punctuation or a symbol of CJK text: the CJK symbols block, the
/// full-width forms, curly quotes, dashes, ellipsis and middle dots.
#[inline]
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3005}'
        | '\u{3008}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{FE30}'..='\u{FE4F}'
        | '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '•' | '‧')
}

/// Whether `c` belongs to Chinese (or Japanese) running text: an ideograph, kana,
/// or CJK punctuation.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c) || matches!(c, '\u{3040}'..='\u{30FF}')
}

/// Whether `c` ends a sentence or a clause that may end a paragraph.
#[inline]
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '!'
            | '?'
            | '；'
            | ';'
            | '：'
            | ':'
            | '…'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | ')'
            | '》'
    )
}

/// Whether `c` is white space within a line (not a line break).
#[inline]
pub(crate) fn is_inline_space(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

/// The financial (upper-case) digits 壹 to 玖, simplified and traditional.
#[inline]
pub(crate) fn is_financial_digit(c: char) -> bool {
    matches!(
        c,
        '壹' | '贰' | '貳' | '叁' | '參' | '肆' | '伍' | '陆' | '陸' | '柒' | '捌' | '玖'
    )
}

/// The largest character boundary of `text` at or before `at` (`text.len()`
/// past its end).
#[inline]
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary of `text` at or after `at` (`text.len()`
/// past its end).
#[inline]
pub(crate) fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_round_down_and_up_to_characters() {
        let s = "a中b";
        assert_eq!(
            (0..=6).map(|k| floor_boundary(s, k)).collect::<Vec<_>>(),
            [0, 1, 1, 1, 4, 5, 5]
        );
        assert_eq!(
            (0..=6).map(|k| ceil_boundary(s, k)).collect::<Vec<_>>(),
            [0, 1, 4, 4, 4, 5, 5]
        );
        assert_eq!((floor_boundary("", 3), ceil_boundary("", 3)), (0, 0));
    }

    #[test]
    fn classes() {
        assert!(is_han('中') && is_han('〇') && !is_han('，'));
        assert!(is_cjk_punct('，') && is_cjk_punct('“') && !is_cjk_punct(','));
        assert!(is_cjk('の') && !is_cjk('a') && !is_cjk('1'));
        assert!(is_terminal('。') && !is_terminal('，'));
        assert!(is_inline_space('\u{3000}') && !is_inline_space('\n'));
    }
}
