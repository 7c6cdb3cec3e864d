//! Boilerplate learned from a batch: lines that a site stamped on many documents.
//!
//! The built-in [`Boilerplate`] pass knows the shapes of document-sharing sites'
//! furniture in general; an archive often carries furniture of its own (the
//! scanning bureau's line, a mirror site's address). A [`BoilerplateLearner`]
//! reads the documents of a batch once, counts the lines that recur across them,
//! and gives a [`Boilerplate`] pass that removes those lines in a second pass.
//!
//! Genuine documents repeat lines too: salutations (`各位代表：`, `同志们：`),
//! short headings (`一、工作回顾`), the issuing body. So a line is learned only
//! when both hold:
//!
//! * **many documents**: it stands alone on a line in at least
//!   [`min_documents`](BoilerplateLearner::min_documents) documents (8 by default)
//!   and in at least [`min_share`](BoilerplateLearner::min_share) of the batch
//!   (5% by default); it is counted once per document, however often it recurs
//!   there;
//! * **site-like shape**: it is 4 to 120 characters long, is not a salutation or
//!   lead-in (ending in `：`/`:`), not a numbered heading (`一、`, `（一）`, `1.`,
//!   `第一章` …), and it carries a mark of a site rather than of prose: a web
//!   address, domain or e-mail address; a run of Latin letters beside Chinese
//!   text (`QQ群`, `Word版`); or a separator sign sites print (`|`, `丨`, `©`,
//!   `®`, `™`).
//!
//! Only lines of that shape are counted, so memory grows with the number of
//! distinct site-like lines, not with the size of the batch.

use std::collections::HashMap;

use crate::Boilerplate;

/// Learns the lines that recur across many documents of a batch.
///
/// A line is learned when it stands alone in at least
/// [`min_documents`](BoilerplateLearner::min_documents) documents and in at least
/// [`min_share`](BoilerplateLearner::min_share) of the batch, and has a site's
/// shape: 4 to 120 characters, not a salutation or lead-in (ending in `：`), not a
/// numbered heading, and carrying a mark of a site (a web address, domain or
/// e-mail; Latin letters beside Chinese; `|` `丨` `©` `®` `™`). Genuine repeated
/// lines (`各位代表：`, `同志们：`, `一、工作回顾`) are never learned.
///
/// Only lines of that shape are counted, so memory grows with the number of
/// distinct site-like lines, not with the size of the batch. Learners that read
/// parts of a batch on several threads are combined with
/// [`merge`](BoilerplateLearner::merge); `zhdoc clean --out --learn-boilerplate`
/// does this over a whole archive.
///
/// # Example
///
/// ```
/// use zhdoc::{BoilerplateLearner, Cleaner};
///
/// let docs: Vec<String> = (0..10)
///     .map(|i| format!("第{i}次会议纪要\n本文由某某档案馆扫描 www.example.cn\n同志们：\n会议讨论了{i}项工作。"))
///     .collect();
/// let mut learner = BoilerplateLearner::new();
/// for doc in &docs {
///     learner.observe(doc);
/// }
/// let learned = learner.learned();
/// assert_eq!(learned.len(), 1);
/// assert_eq!(learned[0].text, "本文由某某档案馆扫描 www.example.cn");
/// assert_eq!(learned[0].documents, 10);
///
/// let cleaner = Cleaner::builder().boilerplate_pass(learner.boilerplate()).build();
/// let doc = cleaner.clean(docs[3].as_bytes())?;
/// assert_eq!(doc.text(), "第3次会议纪要\n同志们：\n会议讨论了3项工作。");
/// # Ok::<(), zhdoc::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct BoilerplateLearner {
    counts: HashMap<String, usize>,
    documents: usize,
    min_documents: usize,
    min_share: f64,
}

/// A line learned as boilerplate, with the number of documents it stood in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct LearnedLine {
    /// The line, trimmed of white space.
    pub text: String,
    /// How many documents of the batch have it on a line of its own.
    pub documents: usize,
}

impl Default for BoilerplateLearner {
    fn default() -> BoilerplateLearner {
        BoilerplateLearner::new()
    }
}

impl BoilerplateLearner {
    /// A learner with the default thresholds: 8 documents and 5% of the batch.
    pub fn new() -> BoilerplateLearner {
        BoilerplateLearner {
            counts: HashMap::new(),
            documents: 0,
            min_documents: 8,
            min_share: 0.05,
        }
    }

    /// The fewest documents a line must stand in to be learned.
    pub fn min_documents(&mut self, n: usize) -> &mut BoilerplateLearner {
        self.min_documents = n.max(2);
        self
    }

    /// The smallest share of the batch's documents a line must stand in, from 0 to 1.
    pub fn min_share(&mut self, share: f64) -> &mut BoilerplateLearner {
        self.min_share = share.clamp(0.0, 1.0);
        self
    }

    /// Counts the lines of one document (its text after normalisation, as the
    /// boilerplate pass will see it).
    pub fn observe(&mut self, text: &str) {
        self.documents += 1;
        let mut seen: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| site_like(l))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for line in seen {
            match self.counts.get_mut(line) {
                Some(n) => *n += 1,
                None => {
                    self.counts.insert(line.to_owned(), 1);
                }
            }
        }
    }

    /// Adds the counts of another learner (one that read another part of the batch).
    pub fn merge(&mut self, other: BoilerplateLearner) {
        self.documents += other.documents;
        for (line, n) in other.counts {
            *self.counts.entry(line).or_insert(0) += n;
        }
    }

    /// How many documents have been observed.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The lines learned so far, most documents first (then by text).
    pub fn learned(&self) -> Vec<LearnedLine> {
        let share = (self.min_share * self.documents as f64).ceil() as usize;
        let need = self.min_documents.max(share);
        let mut lines: Vec<LearnedLine> = self
            .counts
            .iter()
            .filter(|&(_, &n)| n >= need)
            .map(|(text, &documents)| LearnedLine {
                text: text.clone(),
                documents,
            })
            .collect();
        lines.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.text.cmp(&b.text)));
        lines
    }

    /// The built-in boilerplate pass, plus the lines learned.
    pub fn boilerplate(&self) -> Boilerplate {
        let mut builder = Boilerplate::builder();
        for line in self.learned() {
            builder.line(line.text);
        }
        builder.build()
    }
}

/// Whether a trimmed line has the shape of site furniture (see the module docs).
fn site_like(line: &str) -> bool {
    let chars = line.chars().count();
    if !(4..=120).contains(&chars) {
        return false;
    }
    if line.ends_with(['：', ':']) || numbered_heading(line) {
        return false;
    }
    web_address(line) || latin_beside_chinese(line) || line.contains(['|', '丨', '©', '®', '™'])
}

/// `www.`, `http`, a dotted domain ending in letters, or an e-mail address.
fn web_address(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    if lower.contains("www.") || lower.contains("http://") || lower.contains("https://") {
        return true;
    }
    // `name.cn`, `a@b.com`: letters, a dot or @, then at least two letters.
    let b = lower.as_bytes();
    b.windows(4).any(|w| {
        w[0].is_ascii_alphanumeric()
            && (w[1] == b'.' || w[1] == b'@')
            && w[2].is_ascii_lowercase()
            && w[3].is_ascii_lowercase()
    })
}

/// Two Latin letters in a row, in a line that also has Chinese characters.
fn latin_beside_chinese(line: &str) -> bool {
    let latin = line
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic());
    latin && line.chars().any(crate::chars::is_han)
}

/// `一、`, `（一）`, `(1)`, `1.`, `1、`, `第一章`, `第3节` … at the start of the line.
fn numbered_heading(line: &str) -> bool {
    let rest = line.trim_start_matches(['（', '(']);
    let digits = rest.trim_start_matches(|c: char| {
        c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c)
    });
    if digits.len() < rest.len() && digits.starts_with(['、', '.', '．', '）', ')']) {
        return true;
    }
    if let Some(after) = line.strip_prefix('第') {
        let after = after.trim_start_matches(|c: char| {
            c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c)
        });
        return after.len() < line.len() - '第'.len_utf8()
            && after.starts_with(['章', '节', '条', '部', '篇']);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    struct ShapeTest {
        name: &'static str,
        line: &'static str,
        site_like: bool,
    }

    const SHAPES: &[ShapeTest] = &[
        ShapeTest {
            name: "salutation",
            line: "各位代表：",
            site_like: false,
        },
        ShapeTest {
            name: "comrades",
            line: "同志们：",
            site_like: false,
        },
        ShapeTest {
            name: "short heading",
            line: "一、工作回顾",
            site_like: false,
        },
        ShapeTest {
            name: "numbered heading with latin",
            line: "1. GDP增长",
            site_like: false,
        },
        ShapeTest {
            name: "chapter heading",
            line: "第一章 WTO与中国",
            site_like: false,
        },
        ShapeTest {
            name: "prose",
            line: "会议讨论了今年的工作。",
            site_like: false,
        },
        ShapeTest {
            name: "too short",
            line: "QQ",
            site_like: false,
        },
        ShapeTest {
            name: "web address",
            line: "本文由某某档案馆扫描 www.example.cn",
            site_like: true,
        },
        ShapeTest {
            name: "domain",
            line: "来源：dangan.example.cn 整理",
            site_like: true,
        },
        ShapeTest {
            name: "e-mail",
            line: "投稿邮箱 tougao@example.com",
            site_like: true,
        },
        ShapeTest {
            name: "latin beside chinese",
            line: "欢迎加入QQ群交流",
            site_like: true,
        },
        ShapeTest {
            name: "separator",
            line: "首页 | 文档 | 下载",
            site_like: true,
        },
        ShapeTest {
            name: "copyright sign",
            line: "© 某某文档馆 版权所有",
            site_like: true,
        },
    ];

    #[test]
    fn shapes() {
        for t in SHAPES {
            assert_eq!(site_like(t.line), t.site_like, "{}: {:?}", t.name, t.line);
        }
    }

    #[test]
    fn needs_many_documents_and_a_share_of_the_batch() {
        let mut learner = BoilerplateLearner::new();
        for i in 0..100 {
            let mut doc = format!("正文{i}。\n");
            if i < 7 {
                doc.push_str("扫描 www.a.example.cn\n");
            }
            if i < 9 {
                doc.push_str("扫描 www.b.example.cn\n");
                // Counted once per document.
                doc.push_str("扫描 www.b.example.cn\n");
            }
            if i < 40 {
                doc.push_str("扫描 www.c.example.cn\n");
            }
            learner.observe(&doc);
        }
        // a: 7 documents, fewer than 8; b: 9 (counted once each), c: 40.
        let learned: Vec<(String, usize)> = learner
            .learned()
            .into_iter()
            .map(|l| (l.text, l.documents))
            .collect();
        assert_eq!(
            learned,
            vec![
                ("扫描 www.c.example.cn".to_owned(), 40),
                ("扫描 www.b.example.cn".to_owned(), 9),
            ]
        );
        learner.min_share(0.2);
        assert_eq!(learner.learned().len(), 1);
    }

    #[test]
    fn merge_adds_counts() {
        let mut a = BoilerplateLearner::new();
        let mut b = BoilerplateLearner::new();
        for i in 0..10 {
            let learner = if i % 2 == 0 { &mut a } else { &mut b };
            learner.observe("正文。\n扫描 www.example.cn\n");
        }
        assert!(a.learned().is_empty());
        a.merge(b);
        assert_eq!(a.documents(), 10);
        assert_eq!(a.learned()[0].documents, 10);
    }

    #[test]
    fn the_readme_example() {
        let docs = ["本文由某某档案馆扫描 www.example.cn\n同志们：\n第一份。"; 10];
        let mut learner = BoilerplateLearner::new();
        for doc in &docs {
            learner.observe(doc);
        }
        assert_eq!(learner.learned()[0].documents, 10);
        let cleaner = crate::Cleaner::builder()
            .boilerplate_pass(learner.boilerplate())
            .build();
        assert_eq!(
            cleaner.clean(docs[0].as_bytes()).unwrap().text(),
            "同志们：\n第一份。"
        );
    }

    #[test]
    fn repeated_real_lines_are_not_learned() {
        let mut learner = BoilerplateLearner::new();
        for _ in 0..50 {
            learner.observe("各位代表：\n同志们：\n一、工作回顾\n政府工作报告\n现在，我代表市人民政府作工作报告。");
        }
        assert!(learner.learned().is_empty());
    }
}
