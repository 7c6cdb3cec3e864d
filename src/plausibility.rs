//! How much a decoding looks like real text: the judge between candidate encodings.
//!
//! The same bytes often decode cleanly in several legacy encodings (GBK text is
//! valid Big5, EUC-KR or Shift_JIS surprisingly often, above all when it is short).
//! Each decoded character gets a weight from 0 (never in real text: C1 controls,
//! private use) to 10 (common ideographs, Chinese punctuation); the candidate with
//! the higher mean weight wins.
//!
//! Which ideographs are common comes from the character sets themselves, through
//! encoding_rs's WHATWG indexes: GB 2312 level 1 (the 3755 常用字, rows B0–D7) and
//! Big5 level 1 (the 5401 常用字, A440–C67E), with GB 2312 level 2 and Big5 level 2
//! as the less common tier. No table is checked in; the tiers are built once, on
//! first use.

use std::sync::LazyLock;

use encoding_rs::{BIG5, Encoding, GB18030};

/// Which character set a candidate decoding came from; each trusts its own tiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// GBK / GB18030: GB 2312's levels decide.
    Gb,
    /// Big5: Big5's levels decide.
    Big5,
    /// Anything else: either Chinese set's levels decide.
    Other,
}

/// The sum of the weights of some characters and how many were weighed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Score {
    pub(crate) sum: u64,
    pub(crate) chars: u64,
}

impl Score {
    /// Whether this score's mean is above `other`'s (an empty score counts as 10).
    pub(crate) fn beats(self, other: Score) -> bool {
        let (a, b) = (self.normalised(), other.normalised());
        u128::from(a.sum) * u128::from(b.chars) > u128::from(b.sum) * u128::from(a.chars)
    }

    /// Whether the mean weight is at least `tenths` (0–10).
    pub(crate) fn at_least(self, tenths: u64) -> bool {
        let s = self.normalised();
        s.sum >= tenths * s.chars
    }

    fn normalised(self) -> Score {
        if self.chars == 0 {
            Score { sum: 10, chars: 1 }
        } else {
            self
        }
    }
}

const CJK_FIRST: u32 = 0x4E00;
const CJK_LAST: u32 = 0x9FFF;
const GB_L1: u8 = 1;
const GB_L2: u8 = 2;
const BIG5_L1: u8 = 4;
const BIG5_L2: u8 = 8;

/// Tier bits of every ideograph of the CJK Unified Ideographs block.
static TIERS: LazyLock<Box<[u8]>> = LazyLock::new(build_tiers);

fn build_tiers() -> Box<[u8]> {
    let mut tiers = vec![0u8; (CJK_LAST - CJK_FIRST + 1) as usize];
    const GB_TRAILS: [(u8, u8); 1] = [(0xA1, 0xFE)];
    const BIG5_TRAILS: [(u8, u8); 2] = [(0x40, 0x7E), (0xA1, 0xFE)];
    mark(&mut tiers, GB18030, (0xB0, 0xD7), &GB_TRAILS, GB_L1);
    mark(&mut tiers, GB18030, (0xD8, 0xF7), &GB_TRAILS, GB_L2);
    mark(&mut tiers, BIG5, (0xA4, 0xC5), &BIG5_TRAILS, BIG5_L1);
    mark(&mut tiers, BIG5, (0xC6, 0xC6), &[(0x40, 0x7E)], BIG5_L1);
    mark(&mut tiers, BIG5, (0xC9, 0xF9), &BIG5_TRAILS, BIG5_L2);
    tiers.into_boxed_slice()
}

fn mark(
    tiers: &mut [u8],
    encoding: &'static Encoding,
    leads: (u8, u8),
    trails: &[(u8, u8)],
    bit: u8,
) {
    for lead in leads.0..=leads.1 {
        for &(first, last) in trails {
            for trail in first..=last {
                let pair = [lead, trail];
                let decoded = encoding.decode_without_bom_handling_and_without_replacement(&pair);
                let mut chars = decoded.as_deref().unwrap_or("").chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if (CJK_FIRST..=CJK_LAST).contains(&u32::from(c)) {
                        tiers[(u32::from(c) - CJK_FIRST) as usize] |= bit;
                    }
                }
            }
        }
    }
}

/// Whether `text` is Traditional Chinese: more of its ideographs are in Big5 and
/// not in GB 2312 (長 們 這) than in GB 2312 and not in Big5 (长 们 这), and at
/// least three are. Reads at most the first 64 KiB of characters that decide.
pub(crate) fn traditional(text: &str) -> bool {
    const GB: u8 = GB_L1 | GB_L2;
    const BIG5_ANY: u8 = BIG5_L1 | BIG5_L2;
    let tiers = &**TIERS;
    let (mut traditional, mut simplified) = (0usize, 0usize);
    for c in text.chars() {
        let cp = u32::from(c);
        if !(CJK_FIRST..=CJK_LAST).contains(&cp) {
            continue;
        }
        let t = tiers[(cp - CJK_FIRST) as usize];
        match (t & GB != 0, t & BIG5_ANY != 0) {
            (false, true) => traditional += 1,
            (true, false) => simplified += 1,
            _ => {}
        }
        if traditional + simplified >= 1 << 16 {
            break;
        }
    }
    traditional >= 3 && traditional > 2 * simplified
}

/// Scores the non-ASCII characters of `text` (ASCII decodes alike in every
/// candidate, so it says nothing about which one is right); U+FFFD weighs 0.
pub(crate) fn non_ascii(text: &str, family: Family) -> Score {
    scored(text, family, |c| !c.is_ascii())
}

/// Scores the non-ASCII characters of `text` that decoded: U+FFFD is skipped, so
/// that a damaged decoding is judged by what it did read; so are escaped bytes.
pub(crate) fn non_ascii_decoded(text: &str, family: Family) -> Score {
    scored(text, family, |c| {
        !c.is_ascii() && c != '\u{FFFD}' && crate::decode::escaped_byte(c).is_none()
    })
}

fn scored(text: &str, family: Family, keep: impl Fn(char) -> bool) -> Score {
    let tiers = &**TIERS;
    let mut score = Score::default();
    for c in text.chars().filter(|&c| keep(c)) {
        score.sum += u64::from(weight(c, family, tiers));
        score.chars += 1;
    }
    score
}

/// Scores every character of `text`: printable ASCII and line whitespace count as
/// fully plausible, other ASCII controls not at all.
pub(crate) fn whole(text: &str) -> Score {
    let tiers = &**TIERS;
    let mut score = Score::default();
    for c in text.chars() {
        let w = match c {
            ' '..='~' | '\t' | '\n' | '\r' | '\x0c' => 10,
            '\0'..='\x7f' => 0,
            _ => weight(c, Family::Other, tiers),
        };
        score.sum += u64::from(w);
        score.chars += 1;
    }
    score
}

/// The weight of one non-ASCII character, from 0 to 10.
fn weight(c: char, family: Family, tiers: &[u8]) -> u8 {
    let cp = u32::from(c);
    match cp {
        CJK_FIRST..=CJK_LAST => {
            let t = tiers[(cp - CJK_FIRST) as usize];
            let (l1, l2) = match family {
                Family::Gb => (GB_L1, GB_L2),
                Family::Big5 => (BIG5_L1, BIG5_L2),
                Family::Other => (GB_L1 | BIG5_L1, GB_L2 | BIG5_L2),
            };
            let top = if family == Family::Other { 9 } else { 10 };
            if t & l1 != 0 {
                top
            } else if t & l2 != 0 {
                7
            } else {
                4
            }
        }
        // Rare ideographs: extension A, compatibility ideographs, the supplementary planes.
        0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => 2,
        // 、。〃 〈〉《》「」『』【】 〔〕〖〗 〜〝〞〟 and the ideographic space.
        0x3000..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x3017 | 0x301C..=0x301F => 10,
        0x3004..=0x303F => 3,
        // Full-width punctuation, digits and letters.
        0xFF01..=0xFF5E => 10,
        0xFFE0..=0xFFE6 => 5,
        // Half-width katakana: what GBK reads as in Shift_JIS.
        0xFF61..=0xFF9F => 2,
        // Dashes, quotes, bullets, ellipsis.
        0x2010..=0x2027 => 10,
        0x2030..=0x205E => 5,
        // Roman numerals, circled and parenthesised numbers and ideographs.
        0x2160..=0x217F | 0x2460..=0x24FF | 0x3220..=0x3243 => 6,
        // Arrows, mathematical operators, geometric shapes, miscellaneous symbols.
        0x2190..=0x22FF | 0x25A0..=0x26FF => 4,
        0x2500..=0x257F => 2,
        // Kana and Hangul: real text, but not what a Chinese archive mostly holds.
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC => 8,
        0xAC00..=0xD7A3 => 8,
        0x3105..=0x312F => 3,
        // Latin-1 letters, then its symbols.
        0xD7 | 0xF7 => 5,
        0xC0..=0xFF => 9,
        0xA0..=0xBF => 5,
        // Combining marks and Hebrew points: real after a letter, but what GBK
        // pairs read as in UTF-8 (通知 is U+0368 U+05AA).
        0x0300..=0x036F => 2,
        0x0591..=0x05C7 => 1,
        // Latin extended, Greek, Cyrillic, Hebrew, Arabic, Thai.
        0x0100..=0x024F | 0x0370..=0x03FF | 0x0400..=0x04FF | 0x05C8..=0x06FF | 0x0E00..=0x0E7F => {
            7
        }
        // C1 controls, private use, the replacement character: never in real text.
        0x80..=0x9F | 0xE000..=0xF8FF | 0xFFFD => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_come_from_the_character_sets() {
        let tiers = &**TIERS;
        let tier = |c: char| tiers[(u32::from(c) - CJK_FIRST) as usize];
        // 的 is level 1 in both sets; 们 only in GB 2312, 們 only in Big5.
        assert_eq!(tier('的'), GB_L1 | BIG5_L1);
        assert_eq!(tier('们') & (BIG5_L1 | BIG5_L2), 0);
        assert_ne!(tier('们') & GB_L1, 0);
        assert_ne!(tier('們') & BIG5_L1, 0);
        assert_eq!(tier('們') & (GB_L1 | GB_L2), 0);
        let counted = |bit: u8| tiers.iter().filter(|&&t| t & bit != 0).count();
        assert_eq!(counted(GB_L1), 3755);
        assert_eq!(counted(BIG5_L1), 5401);
    }

    #[test]
    fn traditional_text() {
        let rows: &[(&str, bool)] = &[
            ("我國經濟增長迅速，這個問題很重要。", true),
            ("我国经济增长迅速，这个问题很重要。", false),
            ("市总工会按照上级工会的要求。", false),
            ("長", false),
            ("", false),
            ("abc", false),
        ];
        for (text, want) in rows {
            assert_eq!(traditional(text), *want, "{text}");
        }
    }

    #[test]
    fn scores_compare_by_mean() {
        let chinese = non_ascii("市总工会按照上级工会的总体要求。", Family::Gb);
        let mojibake = non_ascii("ÊÐ×Ü¹¤»á°´ÕÕ", Family::Other);
        assert!(chinese.beats(mojibake));
        assert!(!mojibake.beats(chinese));
        assert!(chinese.at_least(10));
        assert!(!whole("\u{1}\u{2}ab").at_least(9));
        assert!(Score::default().at_least(10));
    }
}
