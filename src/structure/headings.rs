//! Finding headings: numbered lines, and numbered run-in headings inside lines
//! that OCR or a site ran together with their body.
//!
//! A heading is found in three steps. Candidates are heading numbers
//! ([`markers`](super::markers)) where a heading may start: at a line start, after
//! a sentence's end, or (for a document whose lines were all run together) after
//! any character when the number continues a sequence. Each candidate's title then
//! ends at its line's end, at the next heading number, at a cut between words
//! where the body begins, or at its first full stop (a run-in heading). Last, the
//! numbers must make sequences: one style per level, siblings in order, a number
//! OCR garbled taken from its siblings.

use std::sync::LazyLock;

use crate::Lexicon;
use rustc_hash::FxHashSet;

use super::markers::{
    Marker, Style, big_numeral, broken_marker, cjk_number, cjk_numeral, marker, unitless_division,
    unprefixed_division,
};
use crate::chars::is_han;

/// A heading found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) style: Style,
    pub(crate) number: u32,
    /// Where the number starts.
    pub(crate) start: usize,
    /// Where the number ends and the title starts.
    pub(crate) title: usize,
    /// Where the heading ends (its run-in full stop included).
    pub(crate) end: usize,
    /// Whether the number as written (`text[start..title]`) is not the number's
    /// spelling in its style (`一丶`, `（万）`, a lost numeral): the text is
    /// repaired to agree with the outline.
    pub(crate) repair: bool,
}

/// The longest title looked at, in characters.
const MAX_TITLE: usize = 60;
/// The longest run-in heading that ends at its full stop, in characters.
const MAX_STOPPED: usize = 36;
/// A cut between words scoring this much is where the body starts, even before a
/// full stop.
const STRONG_CUT: f32 = 3.0;
/// A cut scoring this much (a sentence's opening word after it) ends a title
/// whose full stop lies farther than a title's length.
const OPENING_CUT: f32 = 2.5;
/// A cut this good ends a chapter's title before the comma of the clause it ran
/// into.
const COMMA_CUT: f32 = -1.0;
/// Titles longer than this, in characters, are less and less likely.
const LONG_TITLE: usize = 20;
/// The longest title of a chapter, section or part run into its text that
/// ends at a full stop, in characters.
const DIVISION_TITLE: usize = 12;
/// A cut scoring this much is taken when nothing better ends the title.
pub(crate) const WEAK_CUT: f32 = 1.5;

/// Where a heading number stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Boundary {
    /// After some character in running text.
    Inline,
    /// After a full stop, a colon or a semicolon.
    Stop,
    /// At a line start.
    #[default]
    Line,
}

/// A heading number and the title after it, before the sequence is checked.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    marker: Marker,
    broken: bool,
    boundary: Boundary,
    start: usize,
    end: usize,
    /// How sure the title's end is.
    confident: bool,
    /// A fingerprint of the title's characters (white space aside): tells two
    /// headings of one number apart.
    title: u32,
    /// A 编/章/节 whose `第` or unit OCR lost (`五章 收养`, `第五 收养`): a heading
    /// only where a sibling of its style before or after it confirms its number.
    unsure: bool,
    /// A 章, 节 or 条's numeral as OCR left it: what is legible of a garbled one
    /// tells which of the numbers its siblings leave room for it is.
    numeral: Numeral,
}

/// The characters of a division's numeral (`一干要八十三` of `第一干要八十三条`),
/// up to [`Numeral::CAP`]; empty where the division is of another kind or the
/// numeral is longer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Numeral {
    chars: [char; Numeral::CAP],
    len: u8,
}

impl Numeral {
    /// The most characters kept: `一千二百三十四` has seven.
    const CAP: usize = 8;

    /// The numeral of the division `m` at the start of `s` (its `第` to its unit).
    fn of(s: &str, m: &Marker) -> Numeral {
        let mut out = Numeral::default();
        if !matches!(m.style, Style::Chapter | Style::Section | Style::Article) {
            return out;
        }
        let Some(raw) = s.get(..m.len).and_then(|r| r.strip_prefix('第')) else {
            return out;
        };
        let mut raw = raw.trim_end_matches([' ', '\u{3000}', '\t']).chars();
        // The unit: one character in these styles.
        raw.next_back();
        for c in raw {
            if usize::from(out.len) == Numeral::CAP {
                return Numeral::default();
            }
            out.chars[usize::from(out.len)] = c;
            out.len += 1;
        }
        out
    }

    /// Of the numbers in `range`, the one whose spelling (as the numeral's digits
    /// spell: Arabic or Chinese) is fewest edits from these characters; of those
    /// as near, the one that ends with the most of them, then the first. The
    /// first where nothing is known.
    fn likeliest(&self, range: std::ops::RangeInclusive<u32>) -> u32 {
        let first = *range.start();
        let chars = &self.chars[..usize::from(self.len)];
        if chars.is_empty() {
            return first;
        }
        let arabic = chars.iter().any(char::is_ascii_digit);
        range
            .min_by_key(|&n| {
                let spelled: Vec<char> = if arabic {
                    n.to_string().chars().collect()
                } else {
                    big_numeral(n).chars().collect()
                };
                // Between two as near, the one whose last characters (the
                // digits that tell siblings apart) are legible.
                let suffix = chars
                    .iter()
                    .rev()
                    .zip(spelled.iter().rev())
                    .take_while(|(a, b)| a == b)
                    .count();
                (
                    crate::eval::levenshtein_slices(chars, &spelled),
                    std::cmp::Reverse(suffix),
                )
            })
            .unwrap_or(first)
    }
}

/// Words that open a sentence: where they follow a title, the body begins.
const OPENERS: &[&str] = &[
    "在",
    "要",
    "经",
    "自",
    "从",
    "据",
    "对于",
    "为了",
    "依据",
    "遵照",
    "针对",
    "围绕",
    "自从",
    "由于",
    "关于",
    "我们",
    "我国",
    "我市",
    "我省",
    "我县",
    "我区",
    "这",
    "这是",
    "这些",
    "今年",
    "去年",
    "明年",
    "目前",
    "当前",
    "过去",
    "近年来",
    "同时",
    "此外",
    "其中",
    "为此",
    "为了",
    "随着",
    "按照",
    "根据",
    "通过",
    "经过",
    "面对",
    "各级",
    "各地",
    "一年来",
    "几年来",
    "多年来",
    "首先",
    "其次",
    "因此",
    "但是",
    "同志们",
];
/// Adverbs that often open a body's first clause.
const ADVERBS: &[&str] = &[
    "大力",
    "全面",
    "积极",
    "进一步",
    "继续",
    "不断",
    "切实",
    "深入",
    "努力",
    "认真",
    "坚决",
];
/// Words that end a heading's title.
const ENDERS: &[&str] = &[
    "工作",
    "建设",
    "发展",
    "回顾",
    "部署",
    "任务",
    "改革",
    "稳定",
    "繁荣",
    "水平",
    "战略",
    "民生",
    "增收",
    "方式",
    "方针",
    "调整",
    "管理",
    "措施",
    "步伐",
    "机制",
    "体系",
    "问题",
    "情况",
    "成效",
    "成绩",
    "经验",
    "做法",
    "要求",
    "目标",
    "原则",
    "思路",
    "重点",
    "保障",
    "环境",
    "质量",
    "效益",
    "作用",
    "能力",
    "基础",
    "活动",
    "工程",
    "开放",
    "创新",
    "安全",
    "治理",
    "服务",
    "保护",
    "增长",
    "改造",
    "事业",
    "统一",
    "大业",
    "落实",
    "开展",
    "结合",
    "相结合",
    "提高",
    "胜利",
    "成就",
    "形势",
    "政策",
    "意义",
    "领导",
    "制度",
    "队伍",
];
/// Words a title cannot end with.
const DANGLING: &[&str] = &[
    "的", "和", "与", "及", "了", "对", "在", "把", "被", "为", "之", "或", "是",
];
/// Words a body cannot start with.
const CLINGING: &[&str] = &[
    "的", "了", "着", "过", "性", "化", "等", "们", "之", "地", "得", "和", "与", "及", "或", "中",
    "上", "下", "里",
];

/// A word list: its words, and (a cheap test before the lookup) the characters
/// they start and end with, as bit sets keyed by the character's low 12 bits.
struct Words {
    words: FxHashSet<&'static str>,
    firsts: CharBits,
    lasts: CharBits,
}

/// A set of characters that may hold others (those sharing the low 12 bits).
struct CharBits([u64; 64]);

impl CharBits {
    fn new(chars: impl Iterator<Item = char>) -> CharBits {
        let mut bits = [0u64; 64];
        for c in chars {
            let k = c as usize & 0xFFF;
            bits[k >> 6] |= 1 << (k & 63);
        }
        CharBits(bits)
    }

    /// False only when `c` is surely not in the set.
    #[inline]
    fn may_hold(&self, c: Option<char>) -> bool {
        c.is_some_and(|c| {
            let k = c as usize & 0xFFF;
            self.0[k >> 6] >> (k & 63) & 1 != 0
        })
    }
}

impl Words {
    fn new(list: &'static [&'static str]) -> Words {
        Words {
            words: list.iter().copied().collect(),
            firsts: CharBits::new(list.iter().filter_map(|w| w.chars().next())),
            lasts: CharBits::new(list.iter().filter_map(|w| w.chars().next_back())),
        }
    }

    fn contains(&self, word: &str) -> bool {
        self.firsts.may_hold(word.chars().next()) && self.words.contains(word)
    }

    /// Whether `title` ends with a word of the list (of one to three characters).
    fn ends(&self, title: &str) -> bool {
        if !self.lasts.may_hold(title.chars().next_back()) {
            return false;
        }
        let mut it = title.char_indices().rev();
        (0..3).any(|_| {
            it.next()
                .is_some_and(|(k, _)| self.words.contains(&title[k..]))
        })
    }

    /// Whether `body` starts with a word of the list of two to four characters.
    fn starts(&self, body: &str) -> bool {
        if !self.firsts.may_hold(body.chars().next()) {
            return false;
        }
        let mut ends = body.char_indices().map(|(k, c)| k + c.len_utf8()).skip(1);
        (0..3).any(|_| ends.next().is_some_and(|e| self.words.contains(&body[..e])))
    }
}

static OPENER_SET: LazyLock<Words> = LazyLock::new(|| Words::new(OPENERS));
static ADVERB_SET: LazyLock<Words> = LazyLock::new(|| Words::new(ADVERBS));
static ENDER_SET: LazyLock<Words> = LazyLock::new(|| Words::new(ENDERS));
static DANGLING_SET: LazyLock<Words> = LazyLock::new(|| Words::new(DANGLING));
static CLINGING_SET: LazyLock<Words> = LazyLock::new(|| Words::new(CLINGING));

/// Finds the headings of `text`, articles (`第N条`) among them.
///
/// In a document of articles (one is enough: OCR may have garbled the others),
/// the GB/T 9704 numbers are the articles' items (`（一）…；`), never headings.
///
/// `misread(start, end)` tells whether the number of the 编/章/节 at
/// `text[start..end]` was read from a character that is no numeral (by the
/// corrector, before this pass): its number is then the sequence's to tell.
///
/// `whole`, for a piece of a larger input, is what the piece reads of the
/// whole's sequence ([`contexts`]): where it stands at the piece's start and
/// what comes after the piece.
pub(crate) fn find(
    text: &str,
    lex: &Lexicon,
    misread: impl Fn(usize, usize) -> bool,
    whole: Option<&Context>,
) -> Vec<Found> {
    let start = whole.map_or(Boundary::Line, |w| w.start);
    // A piece reads its titles on over its end, into the text after it (a
    // run-in heading whose full stop is the next piece's), and keeps the
    // candidates whose number it holds.
    let ahead = whole.map_or("", |w| w.ahead.as_str());
    let joined;
    let scan = if ahead.is_empty() {
        text
    } else {
        joined = [text, ahead].concat();
        joined.as_str()
    };
    // Where a title of the pieces before ends, if the piece still starts
    // with the text that read it (the corrector may have changed it since).
    let open = whole.and_then(|w| w.open.as_deref().filter(|o| text.starts_with(o)));
    let open = open.map(str::len);
    let mut candidates = candidates(scan, lex, whole.and_then(|w| w.before), start, open);
    candidates.retain(|c| c.start + c.marker.len <= text.len() && c.start < text.len());
    for c in &mut candidates {
        // A title that runs on into the next piece ends at this one's end
        // here (the next piece breaks its line where it ends: `carried`).
        c.end = c.end.min(text.len());
    }
    for c in &mut candidates {
        if is_division(c.marker.style)
            && c.marker.number > 0
            && misread(c.start, c.start + c.marker.len)
        {
            c.marker.number = 0;
            c.marker.damaged = true;
        }
    }
    let law = whole.is_some_and(|w| w.law) || super::title::reads_as_law(text);
    let mut found: Vec<Found> = sequence(&candidates, law, whole)
        .into_iter()
        .map(|(c, number)| Found {
            style: c.marker.style,
            number,
            start: c.start,
            title: c.start + c.marker.len,
            end: c.end,
            repair: c.broken || c.marker.damaged || c.marker.number != number,
        })
        .collect();
    if whole.is_some_and(|w| w.articles) || found.iter().any(|f| f.style == Style::Article) {
        found.retain(|f| f.style.fixed_level().is_none());
    }
    fill_gaps(text, &mut found);
    // An article runs to the next heading or article, within its line.
    for k in 1..found.len() {
        let next = found[k].start;
        let f = &mut found[k - 1];
        if f.style == Style::Article && f.end > next {
            f.end = trim_end(text, f.start, next);
        }
    }
    found
}

/// The most candidates a piece's [`Summary`] holds: a piece with more (a table
/// of numbers) is read alone, and so are the pieces of its input.
const MAX_SUMMARY: usize = 1 << 16;

/// How many candidates after a piece it reads its later siblings from.
const AFTER: usize = 256;

/// The most (style, number) pairs of the candidates after a piece it reads
/// confirmations from.
const MAX_LATER: usize = 4096;

/// What one piece of a larger input holds of the heading sequence, read
/// before the pieces are cleaned ([`summary`]): its candidates in order, at
/// most [`MAX_SUMMARY`], and whether its text reads as a law's.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    cands: Vec<Candidate>,
    law: bool,
    /// More candidates than [`MAX_SUMMARY`].
    full: bool,
    /// The length in characters of its first line that is not blank.
    first_line: Option<usize>,
    /// Its last character that is not white space.
    last: Option<char>,
    /// The character after a `1、` that starts it (see [`chunk_number`]).
    lead_after: Option<char>,
    /// Whether a candidate starts it (at its first character that is not
    /// white space): its first line is no byline.
    lead_cand: bool,
    /// Where its text leaves a heading number that would come after it.
    tail: Tail,
    /// In the first piece, what its first line tells of being a heading
    /// whose number OCR lost.
    pub(crate) lost_first: Option<super::title::LostFirst>,
    /// Its first [`AHEAD`] characters: what a piece before it reads its
    /// titles on into.
    head: String,
    /// Its end, where a title may run on into the piece after it.
    end: End,
}

/// The characters after a piece that it reads its titles on into: a title
/// is read at most [`MAX_TITLE`] characters, and the cut that ends it 16
/// characters after those.
const AHEAD: usize = 96;

/// A piece's end read again with the text after it ([`contexts`]): its last
/// [`AHEAD`] characters at least, from where no candidate before them ends
/// inside them (the number after a title would stand right after it), at
/// most [`MAX_END`] bytes.
#[derive(Debug, Default)]
struct End {
    text: String,
    /// Where it starts in the piece.
    at: usize,
    /// How the piece's text before it ends.
    tail: Tail,
    /// The last character before it that is not white space, in the piece.
    prev: Option<char>,
    /// How many of the piece's candidates start in it.
    cands: usize,
}

/// The longest [`End`] a piece keeps, in bytes.
const MAX_END: usize = 4096;

impl End {
    /// The end of `text`, `cands` its candidates in order (with their places).
    fn read(text: &str, cands: &[Candidate]) -> End {
        let mut at = text
            .char_indices()
            .rev()
            .nth(AHEAD - 1)
            .map_or(0, |(i, _)| i);
        for c in cands.iter().rev() {
            if c.start < at && c.end >= at {
                at = c.start;
            }
        }
        if text.len() - at > MAX_END {
            // A run of candidates each inside the title before it: the
            // piece's own reading stands.
            return End::default();
        }
        let before = &text[..at];
        End {
            text: text[at..].to_owned(),
            at,
            tail: Tail::read(before),
            prev: before
                .chars()
                .rev()
                .find(|c| !matches!(c, '\n' | ' ' | '\u{3000}' | '\t')),
            cands: cands.iter().filter(|c| c.start >= at).count(),
        }
    }
}

impl Summary {
    /// Whether the piece holds nothing but white space: the whole's top (its
    /// title, a first line whose `一、` OCR lost) is in the first piece that
    /// holds more.
    pub(crate) fn is_blank(&self) -> bool {
        self.first_line.is_none()
    }
}

/// The summary of a piece's text (see [`Summary`]).
pub(crate) fn summary(text: &str, lex: &Lexicon) -> Summary {
    let mut cands = candidates(text, lex, None, Boundary::Line, None);
    let end = End::read(text, &cands);
    // A `1、` that starts the piece may be a chunk number that cuts a word
    // with the character before the piece: the character after it.
    let lead = text.len() - text.trim_start().len();
    let lead_after = cands
        .first()
        .filter(|c| c.start == lead && c.marker.style == Style::Arabic)
        .and_then(|c| text[c.start + c.marker.len..].chars().next());
    let lead_cand = cands.first().is_some_and(|c| c.start == lead);
    let full = cands.len() > MAX_SUMMARY;
    cands.truncate(MAX_SUMMARY);
    // Only what the sequence reads: the places are the piece's.
    for c in &mut cands {
        (c.start, c.end) = (0, 0);
    }
    let first_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().count());
    Summary {
        cands,
        law: super::title::reads_as_law(text),
        full,
        first_line,
        last: text
            .trim_end_matches([' ', '\u{3000}', '\t', '\n'])
            .chars()
            .next_back(),
        lead_after,
        lead_cand,
        tail: Tail::read(text),
        lost_first: None,
        head: text.chars().take(AHEAD).collect(),
        end,
    }
}

/// How a piece's text ends, for a heading number that would stand right
/// after it (in the piece after it): the boundary [`candidates`] would be at
/// there, reading on over the cut.
#[derive(Clone, Copy, Debug, Default)]
enum Tail {
    /// Nothing but white space: the boundary before the text holds.
    #[default]
    Blank,
    /// Closing marks only (and white space): after a stop if the boundary
    /// before was one, else inside a line.
    Closing,
    /// This boundary, whatever came before.
    At(Boundary),
}

impl Tail {
    /// How `text` ends, read back from its end as [`candidates`] reads it
    /// forth: white space keeps the boundary it follows, closing marks keep
    /// a stop's.
    fn read(text: &str) -> Tail {
        let mut closing = false;
        for c in text.chars().rev() {
            match c {
                ' ' | '\u{3000}' | '\t' => {}
                '\n' if closing => return Tail::At(Boundary::Inline),
                '\n' => return Tail::At(Boundary::Line),
                c if is_closing(c) => closing = true,
                c if is_stop(c) => return Tail::At(Boundary::Stop),
                _ => return Tail::At(Boundary::Inline),
            }
        }
        if closing { Tail::Closing } else { Tail::Blank }
    }

    /// The boundary after the text, `before` the boundary before it.
    fn after(self, before: Boundary) -> Boundary {
        match self {
            Tail::Blank => before,
            Tail::Closing if before == Boundary::Stop => Boundary::Stop,
            Tail::Closing => Boundary::Inline,
            Tail::At(b) => b,
        }
    }
}

/// What a piece of a larger input reads of the whole's heading sequence
/// ([`contexts`]), so that it numbers and accepts its headings as the whole
/// does: the sequence's state where the piece starts, the candidates after
/// it that its own look ahead to, and what the whole holds anywhere.
#[derive(Clone, Debug, Default)]
pub(crate) struct Context {
    /// The last number accepted in each style before the piece.
    last: [u32; Style::COUNT],
    /// The title fingerprint of the last heading accepted in each style.
    titles: [u32; Style::COUNT],
    /// The styles of the headings accepted before the piece, each once (at
    /// its latest), the latest last: what tells whether a style restarts.
    recent: Vec<Style>,
    /// The first candidates after the piece (at most [`AFTER`]), in order.
    after: Vec<Candidate>,
    /// The style and number of the well-formed candidates after the piece (at
    /// most [`MAX_LATER`]).
    later: FxHashSet<(Style, u32)>,
    /// Whether a well-formed `（一）` stands anywhere in the whole.
    parens: bool,
    /// Whether the whole reads as a law's.
    pub(crate) law: bool,
    /// Whether the whole holds an article.
    articles: bool,
    /// Whether the whole holds a heading of a law's (编, 章, 节, 条) or of a
    /// style numbered by its place.
    pub(crate) divisions: bool,
    /// The number of the whole's first `一、` heading, and whether one is
    /// numbered 1: what tells a document's title from a first heading whose
    /// number OCR lost.
    pub(crate) first_cjk: Option<u32>,
    pub(crate) cjk_one: bool,
    /// Whether the whole holds a `（一）` heading: a first line run into its
    /// body (cut where the body surely begins) stands out as a heading whose
    /// `一、` OCR lost where one comes after it, in any piece.
    pub(crate) paren_one: bool,
    /// The length in characters of the first line after the piece that is
    /// not blank.
    pub(crate) next_line: Option<usize>,
    /// Whether the line right after the piece (the next piece's first, when
    /// the piece ends at a line break) is shaped as a byline and starts with
    /// no heading candidate: the whole reads the line before it as a title
    /// with its byline, not as a heading whose number OCR lost.
    pub(crate) byline_after: bool,
    /// The last character before the piece that is not white space.
    before: Option<char>,
    /// Where the piece's text starts in the whole's: at a line start, or
    /// inside a line that the pieces before leave open (a line reflow joined
    /// across the cut: `市（地）` | `、县三级` is no heading whose number OCR
    /// lost, as the whole reads it).
    start: Boundary,
    /// The text after the piece, its first [`AHEAD`] characters: a title
    /// runs on over the cut as in the whole (`（一）…发展` | `。我们…`, the
    /// run-in heading's full stop in the next piece).
    ahead: String,
    /// The piece's text up to where a title ends that the last candidate
    /// before it started: a number there stands right after a title.
    open: Option<String>,
    /// The piece's text up to where a heading the whole accepted before it
    /// ends (its run-in full stop): the piece breaks its line there, as the
    /// whole does. Text, not a place: the passes the summaries do not run
    /// (the corrector) may have changed the piece since.
    carried: Option<String>,
}

impl Context {
    /// Whether the piece starts inside a line the pieces before leave open
    /// (reflow joined it across the cut): a heading at its start is broken
    /// off the line there, as the whole breaks it, with a line break at the
    /// piece's start.
    pub(crate) fn starts_inside_a_line(&self) -> bool {
        self.start != Boundary::Line
    }

    /// The whole's text right after the piece (its first [`AHEAD`]
    /// characters).
    pub(crate) fn ahead(&self) -> &str {
        &self.ahead
    }

    /// Where in `text` (the piece's) a heading that starts before it ends,
    /// if the piece starts as when the whole read it (see `carried`).
    pub(crate) fn carried(&self, text: &str) -> Option<usize> {
        self.carried
            .as_deref()
            .filter(|c| text.starts_with(c))
            .map(str::len)
    }
}

/// Each piece's [`Context`], from the summaries of all the pieces of one
/// input, in order: the sequence is read over all their candidates as over
/// the whole's. `None` when a piece held more candidates than a summary keeps
/// (each piece is then read alone).
pub(crate) fn contexts(pieces: &[Summary]) -> Option<Vec<Context>> {
    if pieces.iter().any(|p| p.full) {
        return None;
    }
    let law = pieces.iter().any(|p| p.law);
    // The whole's top: its first piece that is not blank (the pieces before
    // it hold white space only, what boilerplate left of a site's header).
    let top = pieces.iter().position(|p| !p.is_blank()).unwrap_or(0);
    let lost_first = pieces.get(top).and_then(|p| p.lost_first);
    let mut starts = Vec::with_capacity(pieces.len() + 1);
    let mut all: Vec<Candidate> = Vec::new();
    let first_lines: Vec<Option<usize>> = pieces.iter().map(|p| p.first_line).collect();
    // The last character that is not white space before each piece.
    let mut before: Vec<Option<char>> = Vec::with_capacity(pieces.len());
    let mut last = None;
    // And the boundary each piece starts at.
    let mut boundaries: Vec<Boundary> = Vec::with_capacity(pieces.len());
    let mut at = Boundary::Line;
    for p in pieces {
        before.push(last);
        last = p.last.or(last);
        boundaries.push(at);
        at = p.tail.after(at);
    }
    // The text after each piece, its first `AHEAD` characters (over the
    // pieces after it, when the next is shorter).
    let mut aheads: Vec<String> = vec![String::new(); pieces.len()];
    let mut next = String::new();
    for (k, p) in pieces.iter().enumerate().rev() {
        aheads[k] = std::mem::take(&mut next);
        next = p.head.clone();
        if p.head.chars().count() < AHEAD {
            next.extend(aheads[k].chars().take(AHEAD - p.head.chars().count()));
        }
    }
    // Each piece's end read again on into the text after it, as the whole
    // reads it there: its candidates (a title that ran to the piece's end
    // reads on to its stop), where the last one's title ends after the cut
    // (`opens`), and the candidates whose titles run over it, by their
    // index in `all` (`over`, with where their titles end after the cut).
    let lex = crate::Lexicon::global();
    let mut opens: Vec<Option<usize>> = vec![None; pieces.len() + 1];
    let mut over: Vec<(usize, usize)> = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        starts.push(all.len());
        let end = &p.end;
        let window = [end.text.as_str(), aheads[k].as_str()].concat();
        let cut = end.text.len();
        let open = opens[k].filter(|_| end.at == 0);
        let mut read = candidates(
            &window,
            lex,
            end.prev.or(before[k]),
            end.tail.after(boundaries[k]),
            open,
        );
        read.retain(|c| c.start < cut && c.start + c.marker.len <= cut);
        opens[k + 1] = read.last().filter(|c| c.end >= cut).map(|c| c.end - cut);
        // A chunk number that cuts a word across the cut is none.
        let chunk = matches!((before[k], p.lead_after), (Some(b), Some(a)) if glued_word(b, a));
        let keep = p.cands.len().saturating_sub(end.cands);
        all.extend(
            p.cands[..keep]
                .iter()
                .copied()
                .skip(usize::from(chunk && keep > 0)),
        );
        for mut c in read {
            if c.end > cut {
                over.push((all.len(), c.end - cut));
            }
            (c.start, c.end) = (0, 0);
            all.push(c);
        }
    }
    starts.push(all.len());
    let parens = any_parens(&all);
    // The sequence over the whole, the state where each piece starts (`lead`:
    // a first heading whose number OCR lost, read before the top piece's
    // candidates and after its state).
    let read = |lead: Option<Candidate>| {
        let mut run = Run::new(law, parens, None);
        let mut states = Vec::with_capacity(starts.len() - 1);
        // Where in each piece a heading accepted before it ends.
        let mut carried: Vec<Option<usize>> = vec![None; starts.len()];
        let mut crossing = over.iter().peekable();
        for k in 0..starts.len() - 1 {
            let mut recent: Vec<Style> = Vec::new();
            for (d, _) in run.out.iter().rev() {
                if !recent.contains(&d.marker.style) {
                    recent.push(d.marker.style);
                }
                if recent.len() == Style::COUNT {
                    break;
                }
            }
            recent.reverse();
            states.push((run.last, run.titles, recent));
            if k == top {
                if let Some(c) = lead {
                    run.step(c, &all);
                }
            }
            for i in starts[k]..starts[k + 1] {
                let accepted = run.out.len();
                run.step(all[i], &all[i + 1..]);
                while let Some(&&(j, end)) = crossing.peek().filter(|(j, _)| *j <= i) {
                    if j == i && run.out.len() > accepted {
                        carried[k + 1] = Some(end);
                    }
                    crossing.next();
                }
            }
        }
        (states, run.out, carried)
    };
    let (mut states, found, mut carried) = read(None);
    let articles = found.iter().any(|(c, _)| c.marker.style == Style::Article);
    let divisions = found
        .iter()
        .any(|(c, _)| c.marker.style.fixed_level().is_none());
    let mut cjk = found.iter().filter(|(c, _)| c.marker.style == Style::Cjk);
    let first_cjk = cjk.next().map(|(_, n)| *n);
    let cjk_one = first_cjk == Some(1) || cjk.any(|(_, n)| *n == 1);
    // As `find` keeps them: a document of articles has no `（一）` headings.
    let paren_one = !articles
        && found
            .iter()
            .any(|(c, n)| c.marker.style == Style::CjkParen && *n == 1);
    let next_line = |k: usize| first_lines[k + 1..].iter().find_map(|l| *l);
    // The line right after piece `k`, whole (a line break after it in what
    // follows), as the whole reads a byline under its title.
    let byline_after = |k: usize| {
        aheads[k].find('\n').is_some_and(|i| {
            super::title::is_byline_shaped(aheads[k][..i].trim())
                && !pieces.get(k + 1).is_some_and(|p| p.lead_cand)
        })
    };
    // The whole's first line, a heading whose number OCR lost, is its `一、`
    // once the first piece repaired it: the pieces after read it so.
    if lost_first.is_some_and(|l| {
        l.is_lost(
            next_line(top),
            law || divisions,
            first_cjk,
            cjk_one,
            paren_one,
            byline_after(top),
        )
    }) {
        let lost = Candidate {
            marker: Marker {
                style: Style::Cjk,
                number: 1,
                len: 0,
                damaged: false,
            },
            broken: false,
            boundary: Boundary::Line,
            start: 0,
            end: 0,
            confident: true,
            title: 0,
            unsure: false,
            numeral: Numeral::default(),
        };
        (states, _, carried) = read(Some(lost));
    }
    // Piece `k`'s text up to byte `e` (what the piece before read after it).
    let starting = |k: usize, e: usize| -> Option<String> {
        Some(aheads.get(k.checked_sub(1)?)?.get(..e)?.to_owned())
    };
    let mut out: Vec<Context> = Vec::with_capacity(states.len());
    for (k, (last, titles, recent)) in states.into_iter().enumerate() {
        let end = starts[k + 1];
        out.push(Context {
            last,
            titles,
            recent,
            after: all[end..all.len().min(end + AFTER)].to_vec(),
            later: FxHashSet::default(),
            parens,
            law,
            articles,
            divisions,
            first_cjk,
            cjk_one,
            paren_one,
            next_line: next_line(k),
            byline_after: byline_after(k),
            before: before[k],
            start: boundaries[k],
            ahead: aheads[k].clone(),
            open: opens[k].and_then(|e| starting(k, e)),
            carried: carried[k].and_then(|e| starting(k, e)),
        });
    }
    // The well-formed candidates after each piece, gathered from the last.
    let mut later: FxHashSet<(Style, u32)> = FxHashSet::default();
    for k in (0..out.len()).rev() {
        out[k].later = later.clone();
        for c in &all[starts[k]..starts[k + 1]] {
            if later.len() < MAX_LATER && !c.broken {
                later.insert((c.marker.style, c.marker.number));
            }
        }
    }
    Some(out)
}

/// Fills the place a sequence leaves between two siblings (`一、` … `三、`) with
/// the one line between them whose number OCR damaged past reading (`=.主要措施`,
/// `工、主要措施`, `二主要措施` with its mark lost, `(二加强协调` with its bracket
/// lost): a line of its own after a stop, shaped as a title, the only such line
/// between the two siblings.
fn fill_gaps(text: &str, found: &mut Vec<Found>) {
    let mut k = 0;
    while k < found.len() {
        let a = &found[k];
        let style = a.style;
        if !matches!(style, Style::Cjk | Style::CjkParen) {
            k += 1;
            continue;
        }
        // The next heading of the style, with none above it between.
        let Some(j) = (k + 1..found.len())
            .take_while(|&j| found[j].style.rank() >= style.rank())
            .find(|&j| found[j].style == style)
        else {
            k += 1;
            continue;
        };
        let b = &found[j];
        if b.number != a.number + 2 || a.end > b.start {
            k += 1;
            continue;
        }
        let want = a.number + 1;
        let mut fits = Vec::new();
        let mut at = a.end;
        while let Some(nl) = text[at..b.start].find('\n') {
            let start = at + nl + 1;
            let line_end = text[start..].find('\n').map_or(text.len(), |e| start + e);
            at = start;
            if start >= b.start || found.iter().any(|f| f.start == start) {
                continue;
            }
            let before = text[..start].trim_end();
            if !before.ends_with(['。', '！', '？', '；', '：', '”', '）']) && before.len() > a.end
            {
                continue;
            }
            if let Some(title) = gap_marker(&text[start..line_end], style, want) {
                fits.push((start, start + title, line_end));
            }
        }
        if let [(start, title, end)] = fits[..] {
            let end = trim_end(text, start, end);
            found.insert(
                j,
                Found {
                    style,
                    number: want,
                    start,
                    title,
                    end,
                    repair: true,
                },
            );
        }
        k += 1;
    }
}

/// Where the title starts in `line`, a title-shaped line whose number of `style`
/// (`want`) OCR damaged past reading.
fn gap_marker(line: &str, style: Style, want: u32) -> Option<usize> {
    let line = line.trim_end();
    let n = line.chars().count();
    // No sentence inside (a mark at its end, and the number's own, aside).
    let inner = line
        .char_indices()
        .skip(2)
        .map(|(i, _)| i)
        .next()
        .unwrap_or(0);
    let last = line.char_indices().next_back().map_or(0, |(i, _)| i);
    if !(4..=32).contains(&n)
        || line[inner.min(last)..last].contains(['。', '；', '：', '！', '？'])
    {
        return None;
    }
    let numeral = cjk_numeral(want);
    let title = match style {
        Style::Cjk => {
            // One or two characters, then a mark or a space; or the numeral itself,
            // its mark lost.
            // The one or two characters are marks, letters or one ideograph that is
            // no numeral (`=.`, `--，`, `工、`), never a word (`加快、推进`).
            let mut title = None;
            let mut han = 0;
            for (k, (i, c)) in line.char_indices().enumerate().take(3) {
                if k > 0
                    && matches!(
                        c,
                        '、' | '丶' | '.' | '．' | '，' | ',' | '。' | '·' | ' ' | '\u{3000}'
                    )
                {
                    title = Some(i + c.len_utf8());
                    break;
                }
                if is_han(c) {
                    han += 1;
                }
                if han > 1 || is_numeral(c) || c.is_ascii_digit() || matches!(c, '（' | '(' | '“')
                {
                    title = None;
                    break;
                }
            }
            match title {
                Some(t) => t,
                None if line.starts_with(numeral.as_str()) => numeral.len(),
                None => return None,
            }
        }
        Style::CjkParen => {
            // An opening bracket and the numeral, its closing bracket lost.
            let open = line
                .chars()
                .next()
                .filter(|c| matches!(c, '（' | '(' | '《' | '〈'))?;
            let rest = &line[open.len_utf8()..];
            rest.starts_with(numeral.as_str())
                .then_some(open.len_utf8() + numeral.len())?
        }
        _ => return None,
    };
    let rest = line[title..].trim_start();
    let first = rest.chars().next()?;
    // A title of words, not a number nor a sentence's continuation (`二是`, `二季度`).
    if !is_han(first) || is_numeral(first) || "是者季月年日个次期批类条项号种届".contains(first)
    {
        return None;
    }
    Some(line.len() - rest.len())
}

/// Characters that may stand between a sentence's end and the next heading.
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》')
}

fn is_stop(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '…' | '.'
    )
}

/// The ideographs of U+4000..U+9FFF that may start a heading number (the numerals
/// and `第`), one bit each.
static STARTERS: [u64; 384] = {
    let mut bits = [0u64; 384];
    let chars = [
        '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '零', '两', '第',
    ];
    let mut k = 0;
    while k < chars.len() {
        let v = chars[k] as usize - 0x4000;
        bits[v >> 6] |= 1 << (v & 63);
        k += 1;
    }
    bits
};

/// Where the run of ideographs of U+4000..U+9FFF (lead bytes E4..E9) that start
/// nothing (neither a numeral nor `第`) from `b[i..]` ends.
#[inline]
fn skip_plain_ideographs(b: &[u8], i: usize) -> usize {
    let run = b[i..]
        .chunks_exact(3)
        .take_while(|c| {
            let lead = c[0].wrapping_sub(0xE4);
            // The code point less 0x4000 is lead·4096 + (c1 & 3F)·64 + (c2 & 3F).
            lead <= 5
                && STARTERS[(usize::from(lead) << 6) | usize::from(c[1] & 0x3F)] >> (c[2] & 0x3F)
                    & 1
                    == 0
        })
        .count();
    i + 3 * run
}

/// Every heading number of the text where a heading may start, with its title.
/// `before` is the last character before the text that is not white space
/// (in the piece of a larger input before it), and `start` the boundary the
/// text starts at (inside a line, in a piece whose line starts before it).
/// `open` is where in the text a title ends that a candidate before it
/// started (a run-in heading of the piece before, whose stop is this one's):
/// a number there stands right after a title, as one after a candidate's.
fn candidates(
    text: &str,
    lex: &Lexicon,
    before: Option<char>,
    start: Boundary,
    open: Option<usize>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    // Where the character before the current one starts (white space aside), and
    // whether a stop came before the closing quotes after it.
    let mut prev: Option<usize> = None;
    let mut after_stop = start == Boundary::Stop;
    let mut line_start = start == Boundary::Line;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Most of the text is ideographs that start nothing: step over a run of
        // them without decoding.
        let j = skip_plain_ideographs(b, i);
        if j > i {
            line_start = false;
            after_stop = false;
            prev = Some(j - 3);
            i = j;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let boundary = if line_start {
            Boundary::Line
        } else if after_stop {
            Boundary::Stop
        } else {
            Boundary::Inline
        };
        // A numeral glued to the text is a candidate only before a `、`.
        // Inside running text only `一、` before a `、` and `（一）` may start.
        let worth = if boundary == Boundary::Inline {
            (is_numeral(c) && has_enumeration_comma(&b[i..b.len().min(i + 12)]))
                || c == '（'
                || c == '('
                || c == '第'
        } else {
            might_start(c)
        };
        if worth {
            // Right after a title that the number ended (`主要任务（一）…`).
            let ended = out.last().map_or(open, |d: &Candidate| Some(d.end));
            let boundary = if ended == Some(i) {
                boundary.max(Boundary::Stop)
            } else {
                boundary
            };
            let prev = prev.map_or(before, |p| text[p..].chars().next());
            if let Some(cand) = candidate(text, i, boundary, prev, lex) {
                out.push(cand);
            }
        }
        if c == '\n' {
            line_start = true;
            after_stop = false;
        } else if c == ' ' || c == '\u{3000}' || c == '\t' {
            // White space keeps the boundary it follows.
        } else {
            line_start = false;
            if is_stop(c) {
                after_stop = true;
            } else if !(after_stop && is_closing(c)) {
                after_stop = false;
            }
            prev = Some(i);
        }
        i += len;
    }
    out
}

/// Whether `bytes` hold a `、` (E3 80 81).
#[inline]
fn has_enumeration_comma(bytes: &[u8]) -> bool {
    bytes.windows(3).any(|w| w == "、".as_bytes())
}

/// Whether `c` is a Chinese numeral digit.
#[inline]
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零' | '两'
    )
}

/// Whether the `1、` at the start of `rest` is the number a site put on each
/// chunk of a page, not a heading: it cuts a word (`做` | `2、好这项工作`) or
/// stands before a heading's own number (`1、（二）关于农业…`).
fn chunk_number(rest: &str, m: Marker, prev: Option<char>) -> bool {
    let after = &rest[m.len..];
    if marker(after).is_some_and(|n| n.style != Style::Arabic) {
        return true;
    }
    let (Some(p), Some(a)) = (prev, after.chars().next()) else {
        return false;
    };
    glued_word(p, a)
}

/// Whether ideographs `p` and `a` make a word: a number between them cuts it.
fn glued_word(p: char, a: char) -> bool {
    if !is_han(p) || !is_han(a) {
        return false;
    }
    let mut word = [0u8; 8];
    let pl = p.encode_utf8(&mut word).len();
    let al = a.encode_utf8(&mut word[pl..]).len();
    let word = std::str::from_utf8(&word[..pl + al]).unwrap_or("");
    crate::Lexicon::global().contains(word)
}

/// Whether `style` divides a law: 编, 分编, 章, 节.
fn is_division(style: Style) -> bool {
    matches!(
        style,
        Style::Part | Style::SubPart | Style::Chapter | Style::Section
    )
}

/// Whether a heading number may start with `c`: a cheap test before parsing.
#[inline]
fn might_start(c: char) -> bool {
    matches!(
        c,
        '第' | '（' | '(' | '、' | '丶' | '《' | '〈' | '）' | ')' | '0'
            ..='9' | 'l' | 'I' | '|' | '-' | '—' | '―' | '－' | 'ー' | '_'
    ) || is_numeral(c)
        || ('\u{2160}'..='\u{217B}').contains(&c)
}

/// The candidate at `i`, if a heading number stands there with a title after it.
fn candidate(
    text: &str,
    i: usize,
    boundary: Boundary,
    prev: Option<char>,
    lex: &Lexicon,
) -> Option<Candidate> {
    let rest = &text[i..];
    let (m, broken, unsure) = match marker(rest) {
        Some(m) => (m, false, false),
        None => match unprefixed_division(rest)
            .or_else(|| unitless_division(rest))
            .filter(|_| boundary == Boundary::Line)
        {
            Some(m) => (m, false, true),
            None if boundary >= Boundary::Stop => (broken_marker(rest)?, true, false),
            None => return None,
        },
    };
    // A division with no title before the next number is a reference
    // (`刑法分则第九章第三百九十八条至…`).
    if is_division(m.style)
        && marker(&rest[m.len..]).is_some_and(|n| n.style.fixed_level().is_none())
    {
        return None;
    }
    // A number glued to the word before it is a heading only in text whose lines
    // were run together, and only in the two Chinese styles; never `第一、二`,
    // `三、四月`, a date or an ordinal.
    if boundary == Boundary::Inline && is_division(m.style) {
        // A site that joined every line: `…依照其规定第二章损害赔偿第一千一百七十九条…`.
        // A chapter glued to the text before it is one only where a short title
        // runs to the next chapter, section or article.
        let from = i + m.len;
        let (end, _) = title_end(text, from, true, lex)?;
        let n = text[from..end].chars().count();
        let next = marker(text[end..].trim_start());
        if !(2..=20).contains(&n) || next.is_none_or(|m| m.style.fixed_level().is_some()) {
            return None;
        }
        return Some(Candidate {
            marker: m,
            broken,
            boundary: Boundary::Stop,
            start: i,
            end,
            confident: true,
            title: fingerprint(&text[from..end]),
            unsure: false,
            numeral: Numeral::of(rest, &m),
        });
    }
    if boundary == Boundary::Inline {
        let p = prev?;
        let after = rest[m.len..].chars().next()?;
        let glued_ok = match m.style {
            Style::Cjk => {
                m.number > 0 && is_han(p) && p != '第' && cjk_number(&p.to_string()).is_none()
            }
            Style::CjkParen => is_han(p) || p == '，',
            _ => false,
        };
        if !glued_ok || cjk_number(&after.to_string()).is_some() || after == '、' {
            return None;
        }
    }
    // A lost numeral (`、2009年`) or a damaged mark only at a line start or after
    // a stop.
    if (m.damaged || m.style == Style::Cjk && m.number == 0 || m.style == Style::CjkHalfParen)
        && boundary == Boundary::Inline
    {
        return None;
    }
    if m.style == Style::Arabic && chunk_number(rest, m, prev) {
        return None;
    }
    if m.style == Style::Article {
        // An article's text is its body: it runs to its line's end.
        let end = text[i..].find('\n').map_or(text.len(), |k| i + k);
        return Some(Candidate {
            marker: m,
            broken,
            boundary,
            start: i,
            end: trim_end(text, i, end),
            confident: true,
            title: 0,
            unsure: false,
            numeral: Numeral::of(rest, &m),
        });
    }
    let law_style = m.style.fixed_level().is_none();
    let mut m = m;
    let (end, confident) = match title_end(text, i + m.len, law_style, lex) {
        Some(t) => t,
        None if is_division(m.style) && boundary == Boundary::Line => {
            // `第五章` alone on its line, its title on the next: the marker runs
            // to the title (the layout joins the two lines).
            let (from, end) = title_on_next_line(text, i + m.len)?;
            m.len = from - i;
            m.damaged = true;
            (end, true)
        }
        None => return None,
    };
    // A division whose 第 OCR lost is a short title on a line of its own,
    // never a sentence.
    if unsure {
        let title = &text[i + m.len..end];
        let n = title.chars().count();
        if !(2..=20).contains(&n)
            || !title.chars().all(is_han)
            || !text[end..]
                .trim_start_matches([' ', '\u{3000}', '\t'])
                .is_empty()
                && !text[end..]
                    .trim_start_matches([' ', '\u{3000}', '\t'])
                    .starts_with('\n')
        {
            return None;
        }
    }
    Some(Candidate {
        marker: m,
        broken,
        boundary,
        start: i,
        end,
        confident,
        title: if is_division(m.style) {
            fingerprint(&text[i + m.len..end])
        } else {
            0
        },
        unsure,
        numeral: Numeral::of(rest, &m),
    })
}

/// Where the title of a 编/章/节 number that ends its line (`from` right after
/// the number) starts and ends, when OCR split the two onto two lines
/// (`第五章` then `收养`): the next line (a blank one aside) is a short title
/// (2 to [`DIVISION_TITLE`] ideographs, no punctuation, no number of its own),
/// and the line after it (blank ones aside) starts with a number of a law's
/// styles (`第N条`, `第N节`).
fn title_on_next_line(text: &str, from: usize) -> Option<(usize, usize)> {
    let rest = &text[from..];
    let eol = rest.find('\n')?;
    if !rest[..eol].trim().is_empty() {
        return None;
    }
    let mut next = eol + 1;
    // One blank line may stand between them.
    if let Some(k) = rest[next..].find('\n') {
        if rest[next..next + k].trim().is_empty() {
            next += k + 1;
        }
    }
    let line = rest[next..].split('\n').next().unwrap_or("");
    let title = line.trim();
    let n = title.chars().count();
    if !(2..=DIVISION_TITLE).contains(&n) || !title.chars().all(is_han) || marker(title).is_some() {
        return None;
    }
    let start = from + next + (line.len() - line.trim_start().len());
    let end = start + title.len();
    let after = text[end..].trim_start();
    marker(after)
        .is_some_and(|m| m.style.fixed_level().is_none())
        .then_some((start, end))
}

/// A fingerprint of a title's characters, white space aside (FNV-1a); never 0.
fn fingerprint(title: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in title.chars().filter(|c| !c.is_whitespace()).flat_map(|c| {
        let mut buf = [0u8; 4];
        let n = c.encode_utf8(&mut buf).len();
        buf.into_iter().take(n)
    }) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h.max(1)
}

/// Where the title starting at `from` ends, and whether that end is sure (a line
/// end, a following number, a strong cut) rather than guessed.
fn title_end(text: &str, from: usize, law_style: bool, lex: &Lexicon) -> Option<(usize, bool)> {
    let mut depth = 0i32;
    let mut chars = 0usize;
    let mut line_end = None;
    let mut stop = None;
    let mut next_number = None;
    let mut semicolon = false;
    let mut comma = None;
    let mut limit = text.len();
    let mut last = None;
    for (j, c) in text[from..].char_indices() {
        let at = from + j;
        if c == '\n' {
            line_end = Some(at);
            limit = at;
            break;
        }
        if chars == MAX_TITLE {
            limit = at;
            break;
        }
        match c {
            // `第四章公证程序第二十五条…`: the next number of the law's styles.
            '第' if depth == 0
                && chars >= 2
                && marker(&text[at..]).is_some_and(|m| m.style.fixed_level().is_none()) =>
            {
                next_number = Some(at);
                limit = at;
                break;
            }
            '“' | '‘' | '《' | '「' | '（' | '(' => {
                // A number in brackets right after the title's words is the next
                // heading (`2012年主要任务（一）促进…`).
                if depth == 0 && chars >= 2 && last.is_some_and(is_han) {
                    if let Some(m) = marker(&text[at..]) {
                        if matches!(m.style, Style::CjkParen | Style::ArabicParen) && m.number == 1
                        {
                            next_number = Some(at);
                            limit = at;
                            break;
                        }
                    }
                }
                depth += 1;
            }
            '”' | '’' | '》' | '」' | '）' | ')' => depth = (depth - 1).max(0),
            '。' | '！' | '？' | '!' | '?' | '…' if depth == 0 => {
                stop = Some(at + c.len_utf8());
                limit = at;
                break;
            }
            // A number followed by items ending in semicolons is an inline list,
            // unless the line ends first.
            '；' | ';' if depth == 0 => semicolon = true,
            '，' | ',' if depth == 0 && comma.is_none() => comma = Some(at),
            _ => {}
        }
        last = Some(c);
        chars += 1;
    }
    if chars == 0 {
        return None;
    }
    if let Some(at) = next_number {
        return Some((trim_end(text, from, at), true));
    }
    if let Some(at) = line_end {
        if stop.is_none() {
            let mut end = trim_end(text, from, at);
            if law_style {
                // `第三章 志愿服务活动 ，`: a mark OCR read after a short title.
                let t = text[from..end]
                    .trim_end_matches(['，', ',', '.', '。', '·', '”', '、', ' ', '_', '|', '-']);
                end = from + t.len();
                if t.is_empty() {
                    return None;
                }
            }
            // A line broken after a comma is a wrapped sentence, not a title.
            if text[from..end].ends_with(['，', ',', '、', '；', ';']) {
                return None;
            }
            return Some((end, true));
        }
    }
    if semicolon {
        return None;
    }
    // A chapter's title holds no comma: run into text whose line OCR dropped
    // (`第五章慈善信托人，由受托人…`), it ends inside the clause before the comma,
    // where the body's first words are the end of that line's sentence.
    if let Some(at) = comma.filter(|_| law_style) {
        return best_cut(text, from, at, LONG_TITLE, lex)
            .filter(|&(_, score)| score >= COMMA_CUT)
            .map(|(end, _)| (end, true));
    }
    let cut = best_cut(text, from, limit, LONG_TITLE, lex);
    if let Some((at, score)) = cut {
        if score >= STRONG_CUT {
            return Some((at, true));
        }
    }
    if let Some(end) = stop {
        let n = text[from..end].chars().count();
        // A stretch to the full stop longer than a title that holds a sentence's
        // opening is a title and the body's first sentence.
        if let Some((at, score)) = cut {
            if n > LONG_TITLE + 1 && score >= OPENING_CUT {
                return Some((at, true));
            }
            // A chapter's title is a short phrase, never a sentence (`第五章公证效力`
            // then an article whose number OCR dropped).
            if law_style && n > DIVISION_TITLE && score >= WEAK_CUT {
                return Some((at, true));
            }
        }
        if n <= MAX_STOPPED + 1 {
            return Some((end, true));
        }
    }
    match cut {
        Some((at, score)) if score >= WEAK_CUT => Some((at, false)),
        _ => None,
    }
}

/// `at` less any white space before it.
fn trim_end(text: &str, from: usize, at: usize) -> usize {
    from + text[from..at].trim_end().len()
}

/// The best cut between the words of `text[from..limit]` where a title may end
/// and its body begin, and its score.
///
/// Cuts are tried between the words the lexicon reads (as jieba does), and inside a word that spans
/// the seam (`回顾过去`, `顺利开展开展`), where the pieces are words themselves.
pub(crate) fn best_cut(
    text: &str,
    from: usize,
    limit: usize,
    long: usize,
    lex: &Lexicon,
) -> Option<(usize, f32)> {
    // The words of the title and of the body's first clause after it.
    let context_end = text[limit..]
        .char_indices()
        .take(16)
        .find(|&(_, c)| c == '\n')
        .map_or_else(
            || {
                text[limit..]
                    .char_indices()
                    .nth(16)
                    .map_or(text.len(), |(j, _)| limit + j)
            },
            |(j, _)| limit + j,
        );
    let window = &text[from..context_end];
    let tags = lex.tag(window);
    let lexicon = crate::Lexicon::global();
    let mut best: Option<(usize, f32)> = None;
    let mut depth = 0i32;
    // The title's own phrase structure: a run of two or more four-character
    // phrases from its start (`深化改革` `扩大开放`: a word of four characters, or a
    // verb and a word of two), then a verb whose clause is no such phrase and runs
    // to a comma (`坚持社会主义市场经济改革方向，`): the body's first clause.
    let mut phrases = 0;
    let mut k = 0;
    let mut run_end = 0;
    while k < tags.len() {
        let chars = |w: &str| w.chars().count();
        if chars(tags[k].word) == 4 && tags[k].word.chars().all(is_han) {
            k += 1;
        } else if k + 1 < tags.len()
            && tags[k].tag == "v"
            && chars(tags[k].word) == 2
            && chars(tags[k + 1].word) == 2
            && tags[k + 1].word.chars().all(is_han)
            && matches!(tags[k + 1].tag, "n" | "vn" | "v" | "nz" | "an" | "l" | "j")
        {
            k += 2;
        } else {
            break;
        }
        phrases += 1;
        run_end = k;
    }
    let clause_cut = (phrases >= 2 && run_end < tags.len() && tags[run_end].tag == "v")
        .then(|| tags[run_end].byte_start)
        .filter(|&p| {
            let clause = &window[p..];
            let to_comma = clause
                .chars()
                .take_while(|&c| !matches!(c, '，' | ',' | '。' | '；' | '\n'))
                .count();
            (4..=20).contains(&to_comma) && clause.chars().nth(to_comma) == Some('，')
        });
    let mut consider = |p: usize, prev: Word<'_>, next: Word<'_>, inside: bool| {
        let mut score = cut_score(window, p, prev, next, long) - if inside { 0.5 } else { 0.0 };
        if clause_cut == Some(p) && !inside {
            score += 2.0;
        }
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((from + p, score));
        }
    };
    for k in 0..tags.len() {
        let t = &tags[k];
        if from + t.byte_start >= limit {
            break;
        }
        // Inside the word: both pieces words of the lexicon, or an opener after.
        if depth == 0 && t.word.chars().count() >= 3 {
            for (j, _) in t.word.char_indices().skip(1) {
                let (left, right) = t.word.split_at(j);
                let p = t.byte_start + j;
                if from + p >= limit {
                    break;
                }
                if (lexicon.contains(left) || left.chars().count() == 1)
                    && (lexicon.contains(right) || OPENER_SET.contains(right))
                {
                    consider(
                        p,
                        Word {
                            text: left,
                            tag: "",
                        },
                        Word {
                            text: right,
                            tag: "",
                        },
                        true,
                    );
                }
            }
        }
        for c in t.word.chars() {
            match c {
                '“' | '‘' | '《' | '「' | '（' | '(' => depth += 1,
                '”' | '’' | '》' | '」' | '）' | ')' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        if k + 1 < tags.len() && depth == 0 {
            let n = &tags[k + 1];
            if from + n.byte_start < limit {
                consider(
                    n.byte_start,
                    Word {
                        text: t.word,
                        tag: t.tag,
                    },
                    Word {
                        text: n.word,
                        tag: n.tag,
                    },
                    false,
                );
            }
        }
    }
    best
}

/// A word beside a cut, with its part of speech (empty when unknown).
#[derive(Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    tag: &'a str,
}

/// How likely the body begins at byte `p` of `window` (the title before it),
/// given the words on either side.
fn cut_score(window: &str, p: usize, prev: Word<'_>, next: Word<'_>, long: usize) -> f32 {
    let title = &window[..p];
    let body = &window[p..];
    let last = title.chars().next_back().unwrap_or(' ');
    let first = body.chars().next().unwrap_or(' ');
    if !is_word_char(last) || !is_word_char(first) || first == '“' || last == '“' {
        return f32::MIN;
    }
    let mut score = 0.0f32;
    // The body's opening.
    let tag = next.tag;
    // A listed word at the body's start: the next word itself, or (for words of
    // two characters or more) the start of a longer one (`大力发展`).
    let listed = |list: &Words| list.contains(next.text) || list.starts(body);
    let multi = next.text.chars().count() > 1;
    if listed(&OPENER_SET) || tag == "t" {
        // Prepositions and pronouns open a sentence only from the list (`向`, `其`,
        // `自身` do not); time words do.
        score += 2.5;
    } else if matches!(tag, "c" | "ns" | "nt") || tag.starts_with("nr") {
        score += 1.5;
    } else if listed(&ADVERB_SET) || (matches!(tag, "d" | "ad") && multi) {
        score += 1.0;
    }
    if (first.is_ascii_digit() && !last.is_ascii_digit()) || opens_with_year(body) {
        score += 2.5;
    } else if first == '第' {
        score += 2.0;
    }
    // The title's last word said again (`…有序开展开展活动`).
    if says_again(title, body) {
        score += 3.0;
    }
    if body[next.text.len()..].starts_with('是')
        && next.text != "这"
        && !matches!(tag, "d" | "ad" | "c" | "v")
    {
        score += 1.5;
    }
    let n = title.chars().count();
    if n <= long && !matches!(tag, "d" | "ad") && repeats(title, body) {
        score += 1.0;
    }
    // The title's close.
    let ender = ENDER_SET.ends(title);
    if ender {
        score += 1.0;
    }
    if matches!(prev.tag, "n" | "nz" | "vn" | "an" | "l" | "j" | "i") {
        score += 0.5;
    }
    if DANGLING_SET.contains(prev.text) || prev.tag.starts_with('u') || prev.tag == "p" {
        score -= 3.0;
    }
    if CLINGING_SET.contains(next.text) || tag.starts_with('u') || tag == "f" {
        score -= 3.0;
    }
    // A title goes on to its last word (`社会事业|发展` is no cut), unless that
    // word is the subject of the body's first sentence (`方针|发展是硬道理`).
    if ENDER_SET.contains(next.text) && !body[next.text.len()..].starts_with('是') {
        score -= 1.0;
    }
    // A title of a usual length; a body whose first sentence is a sentence.
    if n < 3 {
        score -= 3.0;
    } else if n < 6 {
        score -= 1.0;
    } else if n > long {
        score -= 0.3 * (n - long) as f32;
    }
    // Bodies in these documents open with a verb more often than titles end
    // before a noun.
    if next.tag == "v" && ender {
        score += 0.5;
    }
    if short_sentence(body) {
        score -= 3.0;
    }
    score
}

fn is_word_char(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '”' | '’' | '》' | '“')
}

/// Whether the body starts by saying the title's last two to four ideographs
/// again.
fn says_again(title: &str, body: &str) -> bool {
    // The title's last four characters, last first, and the body's first four.
    let mut tail = ['\0'; 4];
    let mut tails = 0;
    for c in title.chars().rev().take(4) {
        tail[tails] = c;
        tails += 1;
    }
    let mut head = ['\0'; 4];
    let mut heads = 0;
    for c in body.chars().take(4) {
        head[heads] = c;
        heads += 1;
    }
    (2..=4).any(|n| {
        n <= tails
            && n <= heads
            && tail[..n].iter().all(|&c| is_han(c))
            && (0..n).all(|k| head[k] == tail[n - 1 - k])
    })
}

/// Whether the body's first clause is a whole sentence of fewer than eight
/// characters (it ends in `。` before any other stop or comma).
fn short_sentence(body: &str) -> bool {
    for c in body.chars().take(8) {
        if matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | '、') {
            return c == '。';
        }
    }
    false
}

/// Whether `s` starts with a year (`1999年`, `一九五七年`).
fn opens_with_year(s: &str) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || "〇一二三四五六七八九零".contains(c);
    let digits = s.chars().take_while(|&c| is_digit(c)).count();
    (digits >= 2 && s.chars().nth(digits) == Some('年')) || opens_with_misread_year(s, is_digit)
}

/// Whether `s` starts with a year of four Chinese digits of which OCR misread up
/// to two (`一所天七年` for 一九五七年): it starts with `一` or `二` (the
/// millennium), its fifth character is `年`, and the four before are ideographs,
/// none a unit or a date word (`十`, `百`, `年`, `月`, `日`), at least two of them
/// digits.
fn opens_with_misread_year(s: &str, is_digit: impl Fn(char) -> bool) -> bool {
    if !s.starts_with(['一', '二']) {
        return false;
    }
    let mut chars = s.chars();
    let four: [Option<char>; 4] = std::array::from_fn(|_| chars.next());
    if chars.next() != Some('年') {
        return false;
    }
    let mut digits = 0;
    for c in four {
        let Some(c) = c.filter(|&c| is_han(c) && !"十百千万年月日".contains(c)) else {
            return false;
        };
        digits += usize::from(is_digit(c));
    }
    digits >= 2
}

/// Whether the body's first words repeat four characters of the title (the body
/// restating its heading: `…战略性调整加快经济结构的战略性调整`).
fn repeats(title: &str, body: &str) -> bool {
    let mut chars = [(0usize, '\0'); 6];
    let mut len = 0;
    for ic in body.char_indices().take(6) {
        chars[len] = ic;
        len += 1;
    }
    chars[..len].windows(4).any(|w| {
        if !w
            .iter()
            .all(|&(_, c)| is_word_char(c) && c != '“' && c != '”')
        {
            return false;
        }
        let end = w[3].0 + w[3].1.len_utf8();
        title.contains(&body[w[0].0..end])
    })
}

/// Keeps the candidates whose numbers make sequences, with their numbers: a lost
/// numeral filled in from its predecessor, a number OCR garbled (`（万）`, `一）`,
/// `《人入）`, or `（7）` where no `（1）` list runs) from the place its siblings
/// leave for it. A piece of a larger input reads the sequence on from where
/// the whole stands at its start, and its candidates' later siblings on into
/// the pieces after it (`whole`).
fn sequence(cands: &[Candidate], law: bool, whole: Option<&Context>) -> Vec<(Candidate, u32)> {
    // Where `（一）` stand, a `一）` is one OCR damaged; elsewhere it is the
    // document's own style.
    let parens = whole.is_some_and(|w| w.parens) || any_parens(cands);
    let mut run = Run::new(law, parens, whole);
    let Some(w) = whole.filter(|w| !w.after.is_empty()) else {
        for (i, c) in cands.iter().enumerate() {
            run.step(*c, &cands[i + 1..]);
        }
        return run.out;
    };
    let all: Vec<Candidate> = cands.iter().chain(&w.after).copied().collect();
    for i in 0..cands.len() {
        run.step(all[i], &all[i + 1..]);
    }
    run.out
}

/// Whether a well-formed `（一）` stands among `cands`.
fn any_parens(cands: &[Candidate]) -> bool {
    cands
        .iter()
        .any(|d| d.marker.style == Style::CjkParen && !d.broken)
}

/// The sequence read candidate by candidate ([`sequence`]).
struct Run<'a> {
    /// The last number accepted in each style (0: none since a heading above).
    last: [u32; Style::COUNT],
    /// The title fingerprint of the last heading accepted in each style.
    titles: [u32; Style::COUNT],
    out: Vec<(Candidate, u32)>,
    law: bool,
    parens: bool,
    /// What the piece reads of the whole, when it is a piece of one.
    whole: Option<&'a Context>,
}

impl<'a> Run<'a> {
    fn new(law: bool, parens: bool, whole: Option<&'a Context>) -> Run<'a> {
        Run {
            last: whole.map_or([0; Style::COUNT], |w| w.last),
            titles: whole.map_or([0; Style::COUNT], |w| w.titles),
            out: Vec::new(),
            law,
            parens,
            whole,
        }
    }

    /// Whether a well-formed candidate of `style` numbered `number` comes
    /// after the one being read: in `later`, or in a later piece of the whole.
    fn confirmed(&self, later: &[Candidate], style: Style, number: u32) -> bool {
        later
            .iter()
            .any(|d| !d.broken && d.marker.style == style && d.marker.number == number)
            || self
                .whole
                .is_some_and(|w| w.later.contains(&(style, number)))
    }

    /// Whether a heading of a higher style came since the last one of `c`'s
    /// style, so that `c` may number from 1 again.
    fn restarted(&self, c: &Candidate) -> bool {
        let before = self.whole.map_or(&[][..], |w| &w.recent[..]);
        let styles = self.out.iter().map(|(d, _)| d.marker.style);
        for style in styles.rev().chain(before.iter().rev().copied()) {
            if style == c.marker.style {
                return false;
            }
            if style.rank() < c.marker.style.rank() {
                return true;
            }
        }
        true
    }

    fn accept(&mut self, c: Candidate, n: u32) {
        self.titles[c.marker.style.index()] = c.title;
        accept(&mut self.out, &mut self.last, c, n);
    }

    /// Reads candidate `c`, `later` the candidates after it.
    fn step(&mut self, c: Candidate, later: &[Candidate]) {
        let mut c = c;
        let last = self.last;
        if self.parens && c.marker.style == Style::CjkHalfParen {
            c.broken = true;
        }
        let garbled = c.broken
            || (c.marker.style == Style::ArabicParen
                && c.marker.number != 1
                && last[Style::ArabicParen.index()] == 0
                && last[Style::CjkParen.index()] > 0);
        if garbled {
            let s = Style::CjkParen.index();
            let expected = last[s] + 1;
            // The next well-formed sibling, before any heading above them.
            let next = later
                .iter()
                .filter(|d| !d.broken)
                .take_while(|d| d.marker.style.rank() >= Style::CjkParen.rank())
                .find(|d| d.marker.style == Style::CjkParen)
                .map(|d| d.marker.number);
            let fits = match next {
                Some(n) => n > expected && (last[s] > 0 || n == expected + 1),
                None => last[s] > 0,
            };
            let sure = c.confident || next == Some(expected + 1);
            if !(fits && sure && c.boundary >= Boundary::Stop) {
                return;
            }
            c.marker.style = Style::CjkParen;
            self.accept(c, expected);
            return;
        }
        let s = c.marker.style.index();
        let expected = last[s] + 1;
        if matches!(
            c.marker.style,
            Style::Part | Style::SubPart | Style::Chapter | Style::Section | Style::Article
        ) {
            // A division whose 第 OCR lost: only with its number confirmed by
            // the sibling before it or the next one after it (none above between).
            if c.unsure {
                let n = c.marker.number;
                let next = later
                    .iter()
                    .filter(|d| !d.unsure && !d.broken)
                    .take_while(|d| d.marker.style.rank() >= c.marker.style.rank())
                    .find(|d| d.marker.style == c.marker.style)
                    .map(|d| d.marker.number);
                if !(last[s] > 0 && n == last[s] + 1 || next == Some(n + 1)) {
                    return;
                }
            }
            // These name themselves: an excerpt may start at any of them, and
            // OCR may drop a line between two.
            let n = if c.marker.number == 0 {
                // A numeral OCR misread: after the last, the one of the next
                // three its legible characters spell likeliest (`第一干要八十三条`
                // after 第一千零八十一条 is 1083: OCR lost a line or garbled 1082
                // past finding) and below the next sibling; the one before the
                // next sibling where none came before.
                if last[s] > 0 {
                    let below = later
                        .iter()
                        .filter(|d| d.marker.number > 0 && !d.unsure && !d.broken)
                        .take_while(|d| d.marker.style.rank() >= c.marker.style.rank())
                        .find(|d| d.marker.style == c.marker.style)
                        .map(|d| d.marker.number)
                        .filter(|&n| n > last[s] + 1)
                        .unwrap_or(u32::MAX);
                    let top = (last[s] + 3).min(below - 1);
                    c.numeral.likeliest(last[s] + 1..=top)
                } else {
                    let next = later
                        .iter()
                        .take_while(|d| d.marker.style.rank() >= c.marker.style.rank())
                        .find(|d| d.marker.style == c.marker.style)
                        .map_or(0, |d| d.marker.number);
                    if next < 2 {
                        return;
                    }
                    next - 1
                }
            } else {
                c.marker.number
            };
            if c.boundary >= Boundary::Stop && (last[s] == 0 || (n > last[s] && n <= last[s] + 3)) {
                self.accept(c, n);
            } else if c.marker.number > 0
                && (between_siblings(&c, later, last[s])
                    || repeated_sibling(&c, later, last[s], self.titles[s]))
            {
                // A numeral OCR read as another (`第五章 … 第三章 … 第七章`,
                // `第二节 … 第二节`): the place its siblings leave.
                self.accept(c, last[s] + 1);
            }
            return;
        }
        let number = if c.marker.number == 0 {
            expected
        } else {
            c.marker.number
        };
        // A later candidate of the same style with the next number confirms this one.
        let confirmed = self.confirmed(later, c.marker.style, number + 1);
        // In a law's page a lost numeral that would start a sequence needs its
        // next sibling: a stray `、` after a stop starts nothing.
        if self.law && c.marker.number == 0 && last[s] == 0 && !confirmed {
            return;
        }
        let in_order = number == expected || (number == 1 && last[s] > 0 && self.restarted(&c));
        let ok = match c.boundary {
            Boundary::Line | Boundary::Stop => {
                in_order
                    || (number > expected
                        && number <= expected + 2
                        && (c.boundary == Boundary::Line || confirmed)
                        && c.confident)
            }
            Boundary::Inline => {
                in_order && c.confident && (last[s] > 0 || confirmed) && c.marker.number > 0
            }
        };
        // A lost numeral only where it continues a sequence, or starts one.
        if ok && (c.marker.number > 0 || c.confident) {
            self.accept(c, number);
        }
    }
}

/// Whether the division `c`, whose number is out of its sequence, stands where
/// its siblings leave one place: a short title on a line of its own, after the
/// sibling numbered `last` and before the next one of its style (none above it
/// between) numbered `last + 2`.
fn between_siblings(c: &Candidate, later: &[Candidate], last: u32) -> bool {
    if last == 0 || c.boundary != Boundary::Line || !c.confident {
        return false;
    }
    let next = later
        .iter()
        .filter(|d| d.marker.number > 0)
        .take_while(|d| d.marker.style.rank() >= c.marker.style.rank())
        .find(|d| d.marker.style == c.marker.style)
        .map(|d| d.marker.number);
    next == Some(last + 2)
}

/// Whether the division `c` repeats the number of the sibling before it (none
/// above between) under another title, on a line of its own, with no sibling of
/// its style after it before a heading above: the next number, whose numeral OCR
/// read as the one before it (`第二节 收养的效力 … 第二节 收养关系的解除`, 三
/// with a stroke lost). The same title again is a line printed twice (a running
/// head), never a new heading.
fn repeated_sibling(c: &Candidate, later: &[Candidate], last: u32, title: u32) -> bool {
    if last == 0
        || c.marker.number != last
        || c.marker.style == Style::Article
        || c.boundary != Boundary::Line
        || !c.confident
        || title == 0
        || c.title == title
    {
        return false;
    }
    !later
        .iter()
        .take_while(|d| d.marker.style.rank() >= c.marker.style.rank())
        .any(|d| d.marker.style == c.marker.style)
}

fn accept(out: &mut Vec<(Candidate, u32)>, last: &mut [u32; Style::COUNT], c: Candidate, n: u32) {
    last[c.marker.style.index()] = n;
    // A heading restarts the numbering of every style below it.
    let rank = usize::from(c.marker.style.rank());
    for slot in last.iter_mut().skip(rank + 1) {
        *slot = 0;
    }
    out.push((c, n));
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        name: &'static str,
        input: &'static str,
        want: &'static [(Style, u32, &'static str)],
    }

    fn lex() -> &'static Lexicon {
        crate::Lexicon::global()
    }

    #[test]
    fn finds_headings() {
        use Style::*;
        let rows = [
            Row {
                name: "own lines",
                input: "一、总体要求\n正文。\n（一）基本原则\n正文。\n（二）主要目标\n正文。",
                want: &[
                    (Cjk, 1, "一、总体要求"),
                    (CjkParen, 1, "（一）基本原则"),
                    (CjkParen, 2, "（二）主要目标"),
                ],
            },
            Row {
                name: "run-in after a full stop, cut before the body",
                input: "我们的主要做法是：\n一、加强领导，全面发动，推动活动有序开展开展活动，是重要举措。二、结合实际，推动活动深入开展在开展活动中，市总工会作了部署。",
                want: &[
                    (Cjk, 1, "一、加强领导，全面发动，推动活动有序开展"),
                    (Cjk, 2, "二、结合实际，推动活动深入开展"),
                ],
            },
            Row {
                name: "run-in heading ending in a full stop",
                input: "一、主要做法\n做到了结合。1、与舆论宣传相结合。在这个方面，我们加大了力度。2、与提升职工素质相结合。我们开展了活动。",
                want: &[
                    (Cjk, 1, "一、主要做法"),
                    (Arabic, 1, "1、与舆论宣传相结合。"),
                    (Arabic, 2, "2、与提升职工素质相结合。"),
                ],
            },
            Row {
                name: "a year opens the body",
                input: "全国政协委员提出意见。一、1999年国内工作回顾1999年，全国各族人民奋发图强。二、坚持实行扩大内需的方针发展是硬道理，是解决问题的关键。",
                want: &[
                    (Cjk, 1, "一、1999年国内工作回顾"),
                    (Cjk, 2, "二、坚持实行扩大内需的方针"),
                ],
            },
            Row {
                name: "a year OCR misread opens the body",
                input: "（一）一九九八年农业生产的成就一九所八年是农业丰收的一年，粮食产量创历史新高。\n（二）存在的问题\n正文。",
                want: &[
                    (CjkParen, 1, "（一）一九九八年农业生产的成就"),
                    (CjkParen, 2, "（二）存在的问题"),
                ],
            },
            Row {
                name: "a full stop past a title's length: the body's first sentence",
                input: "（一）加强组织领导，集中力量抗旱保收去年夏天，我省遭遇了一场特大干旱灾害。（二）加快恢复重建\n正文。",
                want: &[
                    (CjkParen, 1, "（一）加强组织领导，集中力量抗旱保收"),
                    (CjkParen, 2, "（二）加快恢复重建"),
                ],
            },
            Row {
                name: "ocr spaces and brackets",
                input: "（ 一 ）加强领导\n正文。\n(二)结合实际\n正文。",
                want: &[
                    (CjkParen, 1, "（ 一 ）加强领导"),
                    (CjkParen, 2, "(二)结合实际"),
                ],
            },
            Row {
                name: "lost numeral",
                input: "、2009年工作回顾\n2009年是困难的一年。\n二、2010年工作部署\n今年要做好工作。",
                want: &[(Cjk, 1, "、2009年工作回顾"), (Cjk, 2, "二、2010年工作部署")],
            },
            Row {
                name: "garbled numbers between siblings",
                input: "（一）采取果断措施\n正文。\n（二）适时适度调控\n正文。\n一）注重统筹兼顾\n正文。\n（四）关心群众生活\n正文。\n（万）推进体制创新\n正文。",
                want: &[
                    (CjkParen, 1, "（一）采取果断措施"),
                    (CjkParen, 2, "（二）适时适度调控"),
                    (CjkParen, 3, "一）注重统筹兼顾"),
                    (CjkParen, 4, "（四）关心群众生活"),
                    (CjkParen, 5, "（万）推进体制创新"),
                ],
            },
            Row {
                name: "numbers inside a sentence are no headings",
                input: "我们做到了1、2、3、三个方面，一、二季度增长较快，第一、二产业协调。",
                want: &[],
            },
            Row {
                name: "an inline list of clauses is no heading",
                input: "主要有：（一）加强领导；（二）结合实际；（三）注重实效。",
                want: &[],
            },
            Row {
                name: "a stray mark after a stop in a law's page starts nothing",
                input: "第十三条国家加强保藏工作。\n直得路彤。、误导、其驴\n第十四条国家建立平台。",
                want: &[
                    (Article, 13, "第十三条国家加强保藏工作。"),
                    (Article, 14, "第十四条国家建立平台。"),
                ],
            },
            Row {
                name: "items of a law's page whose other articles OCR garbled are no headings",
                input: "（一）因火灾等原因，导致基本生\n晶四十二茶 对生活无着的人员提供救助\n第四十四条 县级以上人民政府可以购买服务。\n（三）站级以工人和民\n",
                want: &[(Article, 44, "第四十四条 县级以上人民政府可以购买服务。")],
            },
            Row {
                name: "a quote OCR read after a chapter's number, lines joined",
                input: "由人民政府统筹解决第三章 “海上休闲规定第二十九条 市人民政府应当划定区域。",
                want: &[
                    (Chapter, 3, "第三章 “海上休闲规定"),
                    (Article, 29, "第二十九条 市人民政府应当划定区域。"),
                ],
            },
            Row {
                name: "a chapter run into the clause after a dropped line ends before its comma",
                input: "履行批准和备案程序。第五章慈善信托人，由受托人按照委托人意愿进行管理。第四十五条 设立慈善信托。",
                want: &[
                    (Chapter, 5, "第五章慈善信托"),
                    (Article, 45, "第四十五条 设立慈善信托。"),
                ],
            },
            Row {
                name: "a chapter's numeral read as another between its siblings",
                input: "第五章 收养\n第四十条 收养应当遵循最有利于被收养人的原则。\n第三章 交接运输新兵\n第四十一条 交接时，部队派人领兵。\n第七章 附则\n第四十二条 本条例自公布之日起施行。",
                want: &[
                    (Chapter, 5, "第五章 收养"),
                    (Article, 40, "第四十条 收养应当遵循最有利于被收养人的原则。"),
                    (Chapter, 6, "第三章 交接运输新兵"),
                    (Article, 41, "第四十一条 交接时，部队派人领兵。"),
                    (Chapter, 7, "第七章 附则"),
                    (Article, 42, "第四十二条 本条例自公布之日起施行。"),
                ],
            },
            Row {
                name: "a chapter out of sequence with no place for it is no heading",
                input: "第五章 收养\n第四十条 收养应当遵循原则。\n第三章 交接运输新兵\n第四十一条 交接时，部队派人领兵。\n第八章 附则\n第四十二条 本条例自公布之日起施行。",
                want: &[
                    (Chapter, 5, "第五章 收养"),
                    (Article, 40, "第四十条 收养应当遵循原则。"),
                    (Article, 41, "第四十一条 交接时，部队派人领兵。"),
                    (Chapter, 8, "第八章 附则"),
                    (Article, 42, "第四十二条 本条例自公布之日起施行。"),
                ],
            },
            Row {
                name: "a chapter's misread numeral is the one before its next sibling's",
                input: "第安章 交接运输新兵\n第三十五条 交接时，部队派人领兵。\n第七章 附则\n第三十六条 本条例自公布之日起施行。",
                want: &[
                    (Chapter, 6, "第安章 交接运输新兵"),
                    (Article, 35, "第三十五条 交接时，部队派人领兵。"),
                    (Chapter, 7, "第七章 附则"),
                    (Article, 36, "第三十六条 本条例自公布之日起施行。"),
                ],
            },
            Row {
                name: "a chapter and an article together are a reference",
                input: "刑法分则第九章第三百九十八条至第四百一十九条规定的渎职犯罪。\n第九章第三百九十八条至\n",
                want: &[],
            },
            Row {
                name: "a lost first numeral confirmed by its sibling",
                input: "、过去的工作\n正文。\n二、今年的工作\n正文。",
                want: &[(Cjk, 1, "、过去的工作"), (Cjk, 2, "二、今年的工作")],
            },
            Row {
                name: "a joined run-in heading ends where its phrases give way to a clause",
                input: "二、深化改革扩大开放坚持社会主义市场经济改革方向，推进各项改革。三、改善民生促进社会和谐发展。",
                want: &[
                    (Cjk, 2, "二、深化改革扩大开放"),
                    (Cjk, 3, "三、改善民生促进社会和谐发展。"),
                ],
            },
            Row {
                name: "Roman numerals above and below the GB/T 9704 styles",
                input: "Ⅰ.总体要求\n正文。\n一、基本原则\n正文。\nⅡ.主要措施\n正文。\nⅰ．细目\n正文。\nⅱ．细目\n正文。",
                want: &[
                    (Roman, 1, "Ⅰ.总体要求"),
                    (Cjk, 1, "一、基本原则"),
                    (Roman, 2, "Ⅱ.主要措施"),
                    (SmallRoman, 1, "ⅰ．细目"),
                    (SmallRoman, 2, "ⅱ．细目"),
                ],
            },
            Row {
                name: "a document's own 一） style",
                input: "一）总体要求\n正文。\n二）主要措施\n正文。",
                want: &[
                    (CjkHalfParen, 1, "一）总体要求"),
                    (CjkHalfParen, 2, "二）主要措施"),
                ],
            },
            Row {
                name: "一） among （一） is a damaged （一）",
                input: "一）总体要求\n正文。\n（二）主要措施\n正文。",
                want: &[
                    (CjkParen, 1, "一）总体要求"),
                    (CjkParen, 2, "（二）主要措施"),
                ],
            },
            Row {
                name: "out of sequence",
                input: "一、总体要求\n正文。\n一、加强领导\n正文。",
                want: &[(Cjk, 1, "一、总体要求")],
            },
            Row {
                name: "next number ends the title",
                input: "三、2012年主要任务（一）促进经济平稳较快发展扩大内需是我国经济长期平稳较快发展的根本立足点。",
                want: &[
                    (Cjk, 3, "三、2012年主要任务"),
                    (CjkParen, 1, "（一）促进经济平稳较快发展"),
                ],
            },
            Row {
                name: "a mark read for a numeral: the number its siblings leave",
                input: "第十章 收养\n第四十条 收养应当遵循最有利于被收养人的原则。\n第+一章 交接运输新兵\n第四十一条 交接时，新兵自行报到。\n第十二章 附则\n",
                want: &[
                    (Chapter, 10, "第十章 收养"),
                    (Article, 40, "第四十条 收养应当遵循最有利于被收养人的原则。"),
                    (Chapter, 11, "第+一章 交接运输新兵"),
                    (Article, 41, "第四十一条 交接时，新兵自行报到。"),
                    (Chapter, 12, "第十二章 附则"),
                ],
            },
            Row {
                name: "a mark read for a numeral with no sibling is no heading",
                input: "第+一章 交接运输新兵\n第四十一条 交接时，新兵自行报到。\n",
                want: &[(Article, 41, "第四十一条 交接时，新兵自行报到。")],
            },
            Row {
                name: "a chapter's number and title on two lines",
                input: "第五章\n收养\n第四十条 收养应当遵循最有利于被收养人的原则。\n第六章\n\n附则\n第四十一条 本法自公布之日起施行。\n",
                want: &[
                    (Chapter, 5, "第五章\n收养"),
                    (Article, 40, "第四十条 收养应当遵循最有利于被收养人的原则。"),
                    (Chapter, 6, "第六章\n\n附则"),
                    (Article, 41, "第四十一条 本法自公布之日起施行。"),
                ],
            },
            Row {
                name: "a chapter alone before a line a title can't be, or before no article, keeps no title",
                input: "第五章\n收养应当遵循最有利于被收养人的原则\n第四十条 收养应当遵循原则，不得违反法律。\n第五章\n附则\n本法自公布之日起施行。\n",
                want: &[(Article, 40, "第四十条 收养应当遵循原则，不得违反法律。")],
            },
            Row {
                name: "a chapter whose 第 OCR lost, its sibling after it",
                input: "五章 收养\n第四十条 收养应当遵循最有利于被收养人的原则。\n第六章 附则\n",
                want: &[
                    (Chapter, 5, "五章 收养"),
                    (Article, 40, "第四十条 收养应当遵循最有利于被收养人的原则。"),
                    (Chapter, 6, "第六章 附则"),
                ],
            },
            Row {
                name: "a chapter whose 第 OCR lost, its sibling before it",
                input: "第四章 监护\n第三十条 监护人应当履行职责。\n五章 收养\n第四十条 收养应当遵循原则。\n",
                want: &[
                    (Chapter, 4, "第四章 监护"),
                    (Article, 30, "第三十条 监护人应当履行职责。"),
                    (Chapter, 5, "五章 收养"),
                    (Article, 40, "第四十条 收养应当遵循原则。"),
                ],
            },
            Row {
                name: "a chapter whose unit OCR lost, between its siblings",
                input: "第四章 监护\n第三十条 监护人应当履行职责。\n第五 收养\n第四十条 收养应当遵循原则。\n第六章 附则\n",
                want: &[
                    (Chapter, 4, "第四章 监护"),
                    (Article, 30, "第三十条 监护人应当履行职责。"),
                    (Chapter, 5, "第五 收养"),
                    (Article, 40, "第四十条 收养应当遵循原则。"),
                    (Chapter, 6, "第六章 附则"),
                ],
            },
            Row {
                name: "a 第N line with no unit and no sibling confirming it is no chapter",
                input: "第四章 监护\n第三十条 监护人应当履行职责。\n第七 收养\n第三十一条 收养应当遵循原则。\n",
                want: &[
                    (Chapter, 4, "第四章 监护"),
                    (Article, 30, "第三十条 监护人应当履行职责。"),
                    (Article, 31, "第三十一条 收养应当遵循原则。"),
                ],
            },
            Row {
                name: "no 第 and no sibling to confirm, or a sentence: no chapter",
                input: "五章 收养\n第四十条 收养应当遵循原则。\n第四章 监护\n三章内容共计十条\n第七章 附则\n",
                want: &[
                    (Article, 40, "第四十条 收养应当遵循原则。"),
                    (Chapter, 4, "第四章 监护"),
                    (Chapter, 7, "第七章 附则"),
                ],
            },
        ];
        for row in rows {
            let found = find(row.input, lex(), |_, _| false, None);
            let got: Vec<(Style, u32, &str)> = found
                .iter()
                .map(|f| (f.style, f.number, &row.input[f.start..f.end]))
                .collect();
            assert_eq!(got, row.want, "{}", row.name);
        }
    }

    #[test]
    fn years_misread_by_ocr() {
        for (s, want) in [
            ("一九九八年是", true),
            ("一九所八年是", true),
            ("二〇口九年", true),
            ("二〇人九年", true),
            ("二十五周年", false),
            ("一年又一年", false),
            ("一所学校年", false),
            ("1998年", true),
        ] {
            assert_eq!(opens_with_year(s), want, "{s}");
        }
    }
}
