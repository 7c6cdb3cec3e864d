//! A chapter's title with a character OCR misread, repaired from the text under
//! it: a law's articles say their chapter's words again (`第一节敌养关系的成立`
//! over articles about `收养`; `第四章枇善捐赠` in a page that reads `慈善` twice
//! as often as `枇善`).
//!
//! A misread character splits its word into two single characters no word of the
//! lexicon joins (`敌|养`, `送|输`). One of the two is replaced where the page
//! itself writes the pair as a word of the lexicon: by the one character that
//! looks like the misread one (a shared component and two four-corner digits,
//! the corrector's features) where the page writes that word twice and twice as
//! often as the pair as read, or once and the pair as read nowhere else, or else by
//! the one the page writes at least twice, twice as often as the pair as read,
//! and three times as often as any other reading.

use crate::Lexicon;
use crate::chars::is_han;

/// Characters that stand alone in titles (`的`, `和`): never half of a
/// misread word.
const FUNCTION: &str = "的和与及或之等在对为于由其以并暨";

/// The most times the lexicon counts a word that a title's pair of characters
/// still reads as no word (jieba's rarest entries, `送输`).
const RARE: u32 = 3;

/// The fewest times the lexicon counts a word that a reading of the page gives.
const COMMON: u32 = 100;

/// A repair of one character of a title: its byte offset in the text, the
/// character there, and its replacement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fix {
    pub(crate) at: usize,
    pub(crate) was: char,
    pub(crate) now: char,
}

/// The repairs of the title `text[title..end]` from the rest of `text`.
pub(crate) fn fixes(text: &str, title: usize, end: usize, lex: &Lexicon) -> Vec<Fix> {
    let words = &text[title..end];
    let tags = lex.tag(words);
    let alone = |c: char| {
        is_han(c)
            && !FUNCTION.contains(c)
            && super::markers::cjk_number(c.encode_utf8(&mut [0; 4])).is_none()
    };
    let single = |word: &str| {
        let mut cs = word.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if alone(c) => Some(c),
            _ => None,
        }
    };
    // The pairs of characters no common word of the lexicon joins: two words
    // of one character each, or a word of two the lexicon counts at most
    // `RARE` times (`送输`, 3 in jieba's dictionary), each character with its
    // byte offset in the title.
    let rare = |w: &str| lex.freq(w).is_none_or(|f| f <= RARE);
    let mut pairs: Vec<(usize, char, usize, char)> = Vec::new();
    for (k, t) in tags.iter().enumerate() {
        if let Some(c) = single(t.word) {
            if let Some(n) = tags.get(k + 1) {
                if let Some(d) = single(n.word) {
                    pairs.push((t.byte_start, c, n.byte_start, d));
                }
            }
            continue;
        }
        let mut cs = t.word.char_indices();
        if let (Some((_, c)), Some((j, d)), None) = (cs.next(), cs.next(), cs.next()) {
            if alone(c) && alone(d) && rare(t.word) {
                pairs.push((t.byte_start, c, t.byte_start + j, d));
            }
        }
    }
    let mut out: Vec<Fix> = Vec::new();
    // Where the last repair's pair ended: a character is repaired once.
    let mut repaired = 0;
    for (a_at, ca, b_at, cb) in pairs {
        if a_at < repaired {
            continue;
        }
        let pair = format!("{ca}{cb}");
        if !rare(&pair) {
            continue;
        }
        let as_read = count_outside(text, &pair, title, end);
        // Every reading of the page: `xb` (a misread) and `ay` (b misread), with
        // how often the page writes the word, and the word with the title's
        // characters on either side of it.
        let before = words[..a_at].chars().next_back();
        let after = words[b_at + cb.len_utf8()..].chars().next();
        let mut readings: Vec<Reading> = Vec::new();
        for (at, was, other, left) in [(title + a_at, ca, cb, true), (title + b_at, cb, ca, false)]
        {
            for (now, n) in neighbours(text, other, left, title, end) {
                if now == was
                    || !is_han(now)
                    || FUNCTION.contains(now)
                    || super::markers::cjk_number(now.encode_utf8(&mut [0; 4])).is_some()
                {
                    continue;
                }
                let word: String = if left { [now, other] } else { [other, now] }
                    .iter()
                    .collect();
                // Against a rare word of the lexicon, a common one only: the
                // reading is the likelier by far.
                let Some(f) = lex.freq(&word) else { continue };
                if lex.contains(&pair) && f < COMMON {
                    continue;
                }
                let context: String = before
                    .into_iter()
                    .chain(word.chars())
                    .chain(after)
                    .collect();
                readings.push(Reading {
                    at,
                    was,
                    now,
                    word: n,
                    context: count_outside(text, &context, title, end),
                });
            }
        }
        let close: Vec<Reading> = readings
            .iter()
            .filter(|r| looks_alike(r.was, r.now))
            .copied()
            .collect();
        let pick = if let [one] = close[..] {
            // Twice, twice as often as the pair as read; or once where the page
            // writes the pair as read nowhere but in the title (`交接送输新兵`
            // over `新兵运输`: 送 and 运 alike, `送输` no word and nowhere else).
            (one.word >= 2 && one.word >= 2 * as_read || one.word == 1 && as_read == 0)
                .then_some(one)
        } else if close.is_empty() {
            readings.sort_by_key(|r| std::cmp::Reverse(r.word));
            match readings[..] {
                [best, ref rest @ ..] => {
                    let second = rest.first().map_or(0, |r| r.word);
                    (best.context >= 2 && best.word >= 2 * as_read && best.word >= 3 * second)
                        .then_some(best)
                }
                [] => None,
            }
        } else {
            None
        };
        if let Some(r) = pick {
            out.push(Fix {
                at: r.at,
                was: r.was,
                now: r.now,
            });
            repaired = b_at + cb.len_utf8();
        }
    }
    out
}

/// A reading of a character of the title that the page writes as a word.
#[derive(Clone, Copy)]
struct Reading {
    at: usize,
    was: char,
    now: char,
    /// How often the page writes the word.
    word: usize,
    /// How often it writes the word between the title's characters around it.
    context: usize,
}

/// How often `needle` stands in `text` outside `[from, to)`.
fn count_outside(text: &str, needle: &str, from: usize, to: usize) -> usize {
    text.match_indices(needle)
        .filter(|(i, _)| *i + needle.len() <= from || *i >= to)
        .count()
}

/// The characters that stand before (`left`) or after `c` in `text` outside
/// `[from, to)`, each with how often.
fn neighbours(text: &str, c: char, left: bool, from: usize, to: usize) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::new();
    for (i, _) in text.match_indices(c) {
        let j = i + c.len_utf8();
        if !(j <= from || i >= to) {
            continue;
        }
        let n = if left {
            text[..i].chars().next_back()
        } else {
            text[j..].chars().next()
        };
        let Some(n) = n else { continue };
        match out.iter_mut().find(|(x, _)| *x == n) {
            Some(slot) => slot.1 += 1,
            None => out.push((n, 1)),
        }
    }
    out
}

/// Whether `a` and `b` look alike as the corrector counts it: a shared component
/// and at least two four-corner digits alike.
fn looks_alike(a: char, b: char) -> bool {
    crate::correct::shape::likeness(a, b) == crate::correct::shape::Likeness::Close
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str, heading: &str) -> Vec<(char, char)> {
        let title = text.find(heading).unwrap();
        fixes(text, title, title + heading.len(), Lexicon::global())
            .into_iter()
            .map(|f| {
                assert!(text[f.at..].starts_with(f.was));
                (f.was, f.now)
            })
            .collect()
    }

    #[test]
    fn shapes() {
        assert!(looks_alike('敌', '收'));
        assert!(looks_alike('送', '运'));
        assert!(!looks_alike('敌', '抚'));
    }

    #[test]
    fn a_misread_character_takes_the_word_its_articles_use() {
        // The look-alike wins over a word the page writes more often.
        let page = "第一节敌养关系的成立\n第一条 下列未成年人，可以被收养。收养人应当有抚养能力、抚养义务、抚养费用。\n";
        assert_eq!(fix(page, "敌养关系的成立"), [('敌', '收')]);
        // No look-alike: the word the page writes most, by far.
        let page = "第四章枇善捐赠\n第一条 枇善组织接受慈善捐赠，慈善捐赠用于慈善目的。\n";
        assert_eq!(fix(page, "枇善捐赠"), [('枇', '慈')]);
        // A look-alike the page writes once, the pair as read nowhere else.
        let page = "第六章交接送输新兵\n第三十四条 县级人民政府负责新兵运输等事宜。\n";
        assert_eq!(fix(page, "交接送输新兵"), [('送', '运')]);
        let page = "第一节敌养关系的成立\n第一条 可以被收养。\n";
        assert_eq!(fix(page, "敌养关系的成立"), [('敌', '收')]);
    }

    #[test]
    fn a_title_the_page_does_not_contradict_stays() {
        for (page, title) in [
            // Words of the lexicon.
            (
                "第一节收养关系的成立\n第一条 可以被抚养。\n",
                "收养关系的成立",
            ),
            // Read as often as the other reading.
            (
                "第四章枇善捐赠\n第一条 枇善组织接受慈善捐赠。\n",
                "枇善捐赠",
            ),
            // Two readings as frequent.
            (
                "第四章枇善捐赠\n慈善捐慈善捐慈善捐伪善捐伪善捐伪善捐\n",
                "枇善捐赠",
            ),
            // A look-alike the page writes once, the pair as read as often.
            (
                "第一节敌养关系的成立\n第一条 可以被收养。敌养\n",
                "敌养关系的成立",
            ),
            // A frequent word, never around the title's other characters.
            (
                "第四章危险房屋治理和应总处器\n第一条 应当检查。应当鉴定。应当报告。\n",
                "危险房屋治理和应总处器",
            ),
            // Nothing on the page.
            (
                "第六章交接送输新兵\n第一条 本条例自公布之日起施行。\n",
                "交接送输新兵",
            ),
        ] {
            assert_eq!(fix(page, title), [], "{page}");
        }
    }
}
