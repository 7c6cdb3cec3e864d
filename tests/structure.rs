//! The document's structure: title, byline, headings, sections, paragraphs and
//! sentences, on the seed and on text made to test one thing each.

use proptest::prelude::*;
use serde::Serialize;
use zhdoc::{Cleaner, Document, Heading, Meta, Section, Span, eval};

use crate::common::{fixtures, seed_bytes};

fn seed() -> Document {
    Cleaner::new()
        .clean(&seed_bytes())
        .expect("the seed decodes")
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn seed_has_the_gold_headings_at_their_levels() {
    let gold = eval::Gold::read(fixtures().join("seed/seed.gold.json")).expect("seed gold");
    let want: Vec<(u8, String)> = gold
        .headings
        .expect("the seed's gold lists headings")
        .iter()
        .map(|h| (h.level, eval::normalize_heading(&h.text)))
        .collect();
    let doc = seed();
    let got: Vec<(u8, String)> = doc
        .headings()
        .iter()
        .map(|h| (h.level, eval::normalize_heading(&h.text)))
        .collect();
    assert_eq!(got, want);
    // Each heading's spans point at its text, in the cleaned text and the original.
    for h in doc.headings() {
        assert_eq!(&doc.text()[h.span.range()], h.text);
        let original = &doc.original()[h.original_span.range()];
        let start: String = h.text.chars().take(4).collect();
        assert!(no_space(original).contains(&start), "{original}");
    }
}

#[test]
fn seed_has_its_title_byline_and_site_header() {
    let gold = eval::Gold::read(fixtures().join("seed/seed.gold.json")).expect("seed gold");
    let doc = seed();
    let meta = doc.meta();
    // The cleaner drops the ideographic space inside the title line.
    let title = gold.meta["title"].as_str().expect("a gold title");
    assert_eq!(meta.title.as_deref().map(no_space), Some(no_space(title)));
    assert_eq!(meta.byline.as_deref(), Some("市总工会"));
    let header = meta.site_header.as_ref().expect("a site header");
    let gold_header = &gold.meta["site_header"];
    assert_eq!(header.site.as_deref(), gold_header["site"].as_str());
    assert_eq!(header.id.as_deref(), gold_header["id"].as_str());
    assert_eq!(header.title.as_deref(), gold_header["title"].as_str());
    assert_eq!(header.size.as_deref(), gold_header["size"].as_str());
    assert_eq!(header.date.as_deref(), gold_header["date"].as_str());
    assert_eq!(
        header.pages.map(u64::from),
        gold_header["pages"].as_u64(),
        "pages"
    );
    let outline = doc.outline();
    let t = outline.title.as_ref().expect("a title line");
    assert_eq!(&doc.text()[t.span.range()], t.text);
    assert_eq!(&doc.original()[t.original_span.range()], t.text);
}

#[test]
fn seed_sections_nest_by_level() {
    let doc = seed();
    let outline = doc.outline();
    let shape: Vec<(u8, usize)> = outline
        .sections
        .iter()
        .map(|s| (s.level, s.sections.len()))
        .collect();
    // The text before the first heading, then 一、 and 二、, the second with its 1、 2、.
    assert_eq!(shape, [(0, 0), (1, 0), (1, 2)]);
    let second = &outline.sections[2];
    assert!(second.sections.iter().all(|s| s.level == 3));
    assert!(second.span.contains(second.sections[1].span));
}

/// Every span of the outline lies inside its parent's, in order, on the text it names.
fn check_spans(doc: &Document, sections: &[Section], parent: Span) {
    let text = doc.text();
    let mut at = parent.start;
    for s in sections {
        assert!(parent.contains(s.span), "{:?} outside {parent:?}", s.span);
        assert!(s.span.start >= at, "sections out of order");
        at = s.span.start;
        for p in &s.paragraphs {
            assert!(s.span.contains(p.span));
            let mut last = p.span.start;
            for sentence in &p.sentences {
                assert!(p.span.contains(sentence.span));
                assert!(sentence.span.start >= last);
                last = sentence.span.end;
                assert_eq!(&text[sentence.span.range()], sentence.text);
                assert!(sentence.original_span.end <= doc.original().len());
                for &q in &sentence.quantities {
                    assert!(sentence.span.contains(Span::new(
                        doc.quantities()[q].span.start,
                        doc.quantities()[q].span.start
                    )));
                }
            }
            for item in &p.items {
                assert!(p.span.contains(item.span));
            }
        }
        check_spans(doc, &s.sections, s.span);
    }
}

#[test]
fn spans_of_the_dev_corpus_nest() {
    let cleaner = Cleaner::new();
    for entry in std::fs::read_dir(fixtures().join("dev")).expect("fixtures/dev") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let doc = cleaner.clean_file(&path).expect("a dev document decodes");
        let whole = Span::new(0, doc.text().len());
        check_spans(&doc, &doc.outline().sections, whole);
        let sentences: usize = doc
            .outline()
            .sections
            .iter()
            .map(|s| {
                s.paragraphs
                    .iter()
                    .map(|p| p.sentences.len())
                    .sum::<usize>()
            })
            .sum();
        assert!(sentences > 0, "{}", path.display());
    }
}

struct Case {
    name: &'static str,
    input: &'static str,
    title: Option<&'static str>,
    headings: &'static [(u8, &'static str)],
}

#[test]
fn documents() {
    let cases = [
        Case {
            name: "GB/T 9704 levels",
            input: "关于加强管理的意见\n一、总体要求\n要加强管理。\n（一）基本原则\n坚持依法。\n1.依法行政\n依法办事。\n（1）规范程序\n程序要规范。\n二、主要措施\n要落实。",
            title: Some("关于加强管理的意见"),
            headings: &[
                (1, "一、总体要求"),
                (2, "（一）基本原则"),
                (3, "1.依法行政"),
                (4, "（1）规范程序"),
                (1, "二、主要措施"),
            ],
        },
        Case {
            // (Normalising removes the space between ideographs.)
            name: "chapters take their place",
            input: "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市。\n第二章 管理\n第三条 各部门要加强管理。",
            title: None,
            headings: &[
                (1, "第一章总则"),
                (2, "第一条为了规范管理，制定本办法。"),
                (2, "第二条本办法适用于全市。"),
                (1, "第二章管理"),
                (2, "第三条各部门要加强管理。"),
            ],
        },
        Case {
            name: "OCR-broken numbers are read in their canonical form",
            input: "（ 一 ）加强领导\n正文。\n(二)结合实际\n正文。\n三 、其他\n正文。",
            title: None,
            headings: &[
                (2, "（一）加强领导"),
                (2, "（二）结合实际"),
                (1, "三、其他"),
            ],
        },
        Case {
            name: "enumerations inside paragraphs are no sections",
            input: "一、主要做法\n一是加强领导，二是结合实际，三是注重实效。",
            title: None,
            headings: &[(1, "一、主要做法")],
        },
        Case {
            name: "numbers inside sentences are no headings",
            input: "今年一、二季度增长较快，第一、二产业协调发展，1、2、3号线全部开通，增长63.58亿元。",
            title: None,
            headings: &[],
        },
        Case {
            name: "decimal numbering",
            input: "1.1 目标\n到年底完成。\n1.2 措施\n加强管理。",
            title: None,
            headings: &[(1, "1.1目标"), (1, "1.2措施")],
        },
    ];
    let cleaner = Cleaner::new();
    for case in cases {
        let doc = cleaner.clean_str(case.input);
        let got: Vec<(u8, &str)> = doc
            .headings()
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(got, case.headings, "{}", case.name);
        assert_eq!(doc.meta().title.as_deref(), case.title, "{}", case.name);
    }
}

#[test]
fn the_pass_can_be_left_out() {
    let doc = Cleaner::builder()
        .structure(false)
        .build()
        .clean_str("一、总体要求\n要加强管理。");
    assert!(doc.headings().is_empty());
    assert!(doc.outline().sections.is_empty());
    assert_eq!(doc.to_markdown(), "");
}

#[test]
fn the_site_title_stands_in_for_a_missing_title_line() {
    let input = "欢迎来到天天文库\n浏览记录\nID:44262530\n大小:34.00 KB\n页数:4页\n时间:2019-10-20\n《(材料)2010年政府工作报告》由会员上传分享,免费在线阅读,更多相关内容在工程资料-天天文库。\n各位代表：现在，我代表国务院，向大会报告政府工作。";
    let doc = Cleaner::new().clean(input.as_bytes()).unwrap();
    assert_eq!(doc.meta().title.as_deref(), Some("2010年政府工作报告"));
    assert!(doc.outline().title.is_none());
}

/// The parts of the JSON document the structure pass adds.
#[derive(Serialize)]
struct StructureJson<'a> {
    title: Option<&'a str>,
    meta: &'a Meta,
    headings: &'a [Heading],
    sections: &'a [Section],
}

#[test]
fn seed_json_snapshot() {
    let doc = seed();
    let json = serde_json::to_value(&doc).expect("the document serialises");
    for key in ["title", "meta", "sections", "headings"] {
        assert!(json.get(key).is_some(), "{key} is missing");
    }
    let view = StructureJson {
        title: doc.meta().title.as_deref(),
        meta: doc.meta(),
        headings: doc.headings(),
        sections: &doc.outline().sections,
    };
    insta::assert_snapshot!(serde_json::to_string_pretty(&view).expect("serialises"));
}

#[test]
fn seed_markdown_snapshot() {
    insta::assert_snapshot!(seed().to_markdown());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Text made of heading numbers, stops and words never panics, and every span
    /// of its outline nests and names its text.
    #[test]
    fn outlines_of_heading_soup_nest(parts in prop::collection::vec(prop::sample::select(vec![
        "一、", "（一）", "(二)", "1、", "2.", "（1）", "第一章", "1.1 ", "、", "）", "《人入）",
        "一是", "二是", "加强领导", "在开展活动中", "。", "，", "；", "\n", "“", "”", "63.58亿元",
        "2023年", "工作回顾", "市总工会", " ", "……", "！",
    ]), 0..40)) {
        let input: String = parts.concat();
        let doc = Cleaner::new().clean_str(&input);
        let whole = Span::new(0, doc.text().len());
        check_spans(&doc, &doc.outline().sections, whole);
        for h in doc.headings() {
            prop_assert!(doc.text().is_char_boundary(h.span.start));
            prop_assert!(doc.text().is_char_boundary(h.span.end));
        }
        let _ = doc.to_markdown();
    }
}
