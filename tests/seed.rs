//! The seed document, end to end: a real page of a document-sharing site whose text
//! layer came from OCR.

use zhdoc::{Cleaner, EditKind, SiteHeader, eval, rebuild_original};

use crate::common::{fixtures, seed_bytes};

fn cleaned() -> zhdoc::Document {
    Cleaner::new()
        .clean(&seed_bytes())
        .expect("the seed decodes")
}

#[test]
fn seed_has_no_boilerplate_left() {
    let doc = cleaned();
    let text = doc.text();
    for furniture in [
        "欢迎来到",
        "浏览记录",
        "ID:",
        "大小",
        "页数",
        "2019-10-20",
        "由会员上传分享",
        "免费在线阅读",
        "天天文库",
        "文秘114",
        "版权所",
        "全国文秘工作者",
        "本文章共",
        "当前在第",
        "此文档下载收益归作者所有",
        "积极探索大胆实践创争活动经验材料",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} is left in {text}");
    }
    // The document's own title stays, once.
    assert_eq!(
        text.matches("积极探索大胆实践推动“创争”活动向纵深发展")
            .count(),
        1
    );
}

#[test]
fn seed_has_no_page_chunk_numbers() {
    let doc = cleaned();
    // The headings `1、…` stand on lines of their own; no other line starts with a number.
    let headings: Vec<&str> = doc.headings().iter().map(|h| h.text.as_str()).collect();
    for line in doc.text().lines() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        assert!(
            digits == 0 || !line[digits..].starts_with('、') || headings.contains(&line),
            "a line starts with a number: {line}"
        );
    }
    let numbers: Vec<&str> = doc
        .edits()
        .iter()
        .filter(|e| e.kind == EditKind::Reflow && e.why == "page-chunk number")
        .map(|e| &*e.before)
        .collect();
    assert_eq!(numbers, ["1、", "2、", "3、", "4、", "5、", "6、", "7、"]);
    // The genuine list items stay, each heading on a line of its own.
    assert!(doc.text().contains("。\n1、与舆论宣传相结合。\n"));
    assert!(doc.text().contains("。\n2、与提升职工"));
}

#[test]
fn seed_sentences_cut_by_the_site_are_joined() {
    let doc = cleaned();
    let text = doc.text();
    assert!(text.contains("学文化、学实践为内容的“五学”活动"));
    assert!(text.contains("送学上门，免费发放学习用品"));
    assert!(text.contains("近两年的时间，我们召开座谈会10余次"));
    // The heading after a sentence end keeps its own line.
    assert!(text.contains("学习活动中。\n二、结合实际"));
}

#[test]
fn seed_metadata_is_filled() {
    let doc = cleaned();
    let header = doc.meta().site_header.clone().expect("a site header");
    let mut want = SiteHeader::default();
    want.site = Some("天天文库".into());
    want.id = Some("44262530".into());
    want.title = Some("(材料)积极探索大胆实践创争活动经验材料".into());
    want.size = Some("34.00 KB".into());
    want.pages = Some(4);
    want.date = Some("2019-10-20".into());
    assert_eq!(header, want);
    assert_eq!(doc.encoding(), "UTF-8");
}

#[test]
fn seed_is_normalised_to_chinese_punctuation() {
    let doc = cleaned();
    let text = doc.text();
    assert!(text.contains("自去年年初开始，市总工会按照上级工会的总体要求，结合安达实际"));
    assert!(text.contains("人（次）"));
    assert!(!text.contains(','));
}

#[test]
fn seed_original_is_rebuilt_and_spans_point_back() {
    let doc = cleaned();
    let original = String::from_utf8(seed_bytes()).unwrap();
    assert_eq!(doc.original(), original);
    assert_eq!(rebuild_original(doc.text(), doc.edits()).unwrap(), original);
    let at = doc.text().find("3586平方公里").unwrap();
    let span = doc.original_span(zhdoc::Span::new(at, at + "3586平方公里".len()));
    assert_eq!(&original[span.range()], "3586平方公里");
}

#[test]
fn seed_cleaning_lowers_the_error_rate() {
    let gold_path = fixtures().join("seed/seed.gold.json");
    let gold = eval::Gold::read(&gold_path).expect("seed gold");
    let doc = cleaned();
    let before = eval::cer(&String::from_utf8(seed_bytes()).unwrap(), &gold.text);
    let after = eval::cer(doc.text(), &gold.text);
    // Boilerplate and reflow alone take it from about 15% to about 2%; what is
    // left is OCR confusions, the corrector's work.
    assert!(before.rate() > 0.14, "{before:?}");
    assert!(after.rate() < 0.025, "{after:?}");
}
