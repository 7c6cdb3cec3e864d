//! `zhdoc::numeral`: every form of numeral read to its exact value, and the
//! malformed ones refused with the right error. Made-up cases, one per behaviour.

use zhdoc::numeral::{self, Decimal, NumeralErrorKind};

/// Well-formed numerals and their exact values, written as decimals.
const VALUES: &[(&str, &str, &str)] = &[
    // Chinese
    ("units", "三千五百二十一", "3521"),
    ("zero skips a place", "六千零九", "6009"),
    ("zero across a magnitude", "三千零五万四千零七", "30054007"),
    ("magnitude then zero", "八亿零三", "800000003"),
    ("万亿", "七万亿", "7000000000000"),
    ("万万", "四万万", "400000000"),
    ("亿 and 万 sections", "十二亿三千四百万五千", "1234005000"),
    ("兆", "二兆零一", "2000000000001"),
    ("bare 十", "十七", "17"),
    ("一百十二 (十 without its digit)", "一百十二", "112"),
    ("abbreviated after 千", "三千四", "3400"),
    ("abbreviated after 百", "两百五", "250"),
    ("abbreviated after 万", "一万二", "12000"),
    ("abbreviated after 亿", "六亿五", "650000000"),
    ("two before units", "两千两百", "2200"),
    ("廿", "廿五", "25"),
    ("卅", "卅", "30"),
    ("幺 digit by digit", "幺九八", "198"),
    ("leading 百万", "百万", "1000000"),
    ("leading 千亿", "千亿", "100000000000"),
    ("digit by digit", "一九二零", "1920"),
    ("digit by digit with 〇", "二〇〇八", "2008"),
    ("零", "零", "0"),
    // decimals and signs
    ("零点五", "零点五", "0.5"),
    ("点 with several digits", "三点一四一六", "3.1416"),
    ("point after units", "二十七点零五", "27.05"),
    ("decimal then magnitude", "三点五万", "35000"),
    ("负", "负十八", "-18"),
    ("minus sign", "-0.25", "-0.25"),
    ("traditional 負 and 萬", "負二萬", "-20000"),
    // financial
    ("financial digits", "捌仟柒佰陆拾伍", "8765"),
    ("financial magnitudes", "壹億贰萬", "100020000"),
    ("元整", "贰拾叁元整", "23"),
    ("圆正", "伍佰圆正", "500"),
    ("元 and 角", "贰拾元伍角", "20.5"),
    ("元角分", "壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"),
    ("元零分", "叁元零伍分", "3.05"),
    ("角 alone", "玖角", "0.9"),
    ("Arabic 元角分", "45元6角7分", "45.67"),
    ("角整", "捌元伍角整", "8.5"),
    // Arabic and mixed
    ("plain digits", "17175", "17175"),
    ("full width", "２０２６", "2026"),
    ("separators", "2,345,678.90", "2345678.9"),
    ("full-width separator", "64，310.50", "64310.5"),
    ("k", "8k", "8000"),
    ("w", "20w", "200000"),
    ("decimal 亿", "63.58亿", "6358000000"),
    ("Arabic after 万", "3万4000", "34000"),
    ("digits before units", "5万4千6百", "54600"),
    ("zero before Arabic", "2千零30万", "20300000"),
    ("long exact", "99999999999999999.99", "99999999999999999.99"),
];

/// Malformed numerals and what is wrong with them.
const ERRORS: &[(&str, &str, NumeralErrorKind)] = &[
    (
        "unit after a smaller one",
        "十三十四",
        NumeralErrorKind::Misplaced('十'),
    ),
    (
        "magnitude after a smaller one",
        "三万五亿",
        NumeralErrorKind::Misplaced('亿'),
    ),
    (
        "point without digits",
        "零点",
        NumeralErrorKind::MissingFraction,
    ),
    (
        "Arabic point without digits",
        "12.",
        NumeralErrorKind::MissingFraction,
    ),
    ("money words alone", "元整", NumeralErrorKind::NoDigits),
    ("empty", "", NumeralErrorKind::Empty),
    ("sign alone", "负", NumeralErrorKind::Empty),
    ("not a numeral", "苹果", NumeralErrorKind::Unexpected('苹')),
    (
        "trailing measure word",
        "十二个",
        NumeralErrorKind::Unexpected('个'),
    ),
    (
        "digit after digit with units",
        "三十四五",
        NumeralErrorKind::Misplaced('五'),
    ),
    (
        "digit run before a magnitude",
        "一二万",
        NumeralErrorKind::Misplaced('万'),
    ),
    (
        "two-digit Arabic before a unit",
        "50千",
        NumeralErrorKind::Misplaced('千'),
    ),
    (
        "section too big after 万",
        "3万40000",
        NumeralErrorKind::Misplaced('4'),
    ),
    (
        "too many digits",
        "123456789012345678901234567890123456789",
        NumeralErrorKind::Overflow,
    ),
];

#[test]
fn well_formed_numerals_have_their_exact_values() {
    let mut failures = Vec::new();
    for &(name, text, want) in VALUES {
        match numeral::parse(text) {
            Ok(v) if v.to_string() == want => {}
            got => failures.push(format!("{name}: {text:?} → {got:?}, want {want}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn malformed_numerals_are_refused_with_their_kind() {
    let mut failures = Vec::new();
    for (name, text, want) in ERRORS {
        match numeral::parse(text) {
            Err(e) if e.kind() == want => {
                assert!(text.is_char_boundary(e.offset()), "{name}");
                assert!(!e.to_string().is_empty());
            }
            got => failures.push(format!("{name}: {text:?} → {got:?}, want {want:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors_say_where() {
    let e = numeral::parse("  十三十四").unwrap_err();
    assert_eq!(e.offset(), 2 + "十三".len());
    let e = numeral::parse("三万五亿").unwrap_err();
    assert_eq!(e.offset(), "三万五".len());
}

#[test]
fn prefixes_are_read_leniently() {
    let rows: &[(&str, &str, &str)] = &[
        ("十二个", "十二", "12"),
        ("一百十二个", "一百十二", "112"),
        ("三千四个", "三千四", "3400"),
        ("十三十四", "十三", "13"),
        ("零点五个", "零点五", "0.5"),
        ("贰拾元伍角整的发票", "贰拾元伍角整", "20.5"),
        ("45元6角", "45元6角", "45.6"),
        ("3元一个", "3元", "3"),
    ];
    for &(text, read, want) in rows {
        let (v, end) = numeral::parse_prefix(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(
            (&text[..end], v.to_string().as_str()),
            (read, want),
            "{text}"
        );
    }
    for text in ["", "个", "元整", "点五", "负"] {
        assert_eq!(numeral::parse_prefix(text), None, "{text}");
    }
}

#[test]
fn decimals_compare_and_convert() {
    let a = numeral::parse("0.10").unwrap();
    let b = numeral::parse("零点一").unwrap();
    assert_eq!(a, b);
    assert_eq!((a.mantissa(), a.scale()), (1, 1));
    assert!(numeral::parse("一万").unwrap() > numeral::parse("9999.99").unwrap());
    assert_eq!(numeral::parse("负三").unwrap().to_f64(), -3.0);
    assert!(numeral::parse("负三").unwrap().is_negative());
    assert_eq!(Decimal::new(5, 39), None);
    assert_eq!(Decimal::from_int(42).to_string(), "42");
}

/// Odd input never panics, whatever mode.
#[test]
fn odd_input_does_not_panic() {
    for text in [
        "万",
        "亿万",
        "点",
        "十十",
        "零零零点零",
        "99999999999999999999999999999999999999万",
        "9k9",
        "1,2",
        "，，",
        "元元",
        "角分",
        "壹佰元零",
        "负负三",
        "〇.5",
        "卅卅",
        "1.5千零二",
        "兆兆兆兆",
        "二十万亿亿",
    ] {
        let _ = numeral::parse(text);
        if let Some((_, end)) = numeral::parse_prefix(text) {
            assert!(text.is_char_boundary(end) && end > 0, "{text}");
        }
    }
}

/// Strings drawn from the numeral alphabet never make the reader panic, and a
/// value read strictly is the value read leniently from the same string.
#[test]
fn random_numeral_strings_do_not_panic() {
    let alphabet: Vec<char> = "零一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟萬億点元圆角分整正负-.,，0123456789kw廿 个"
        .chars()
        .collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = (x % 12) as usize + 1;
        let mut s = String::new();
        let mut y = x;
        for _ in 0..len {
            y = y.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            s.push(alphabet[(y >> 33) as usize % alphabet.len()]);
        }
        let strict = numeral::parse(&s);
        if let Some((v, end)) = numeral::parse_prefix(&s) {
            assert!(end > 0 && s.is_char_boundary(end), "{s:?}");
            if let Ok(w) = &strict {
                if end == s.trim().len() {
                    assert_eq!(&v, w, "{s:?}");
                }
            }
        }
    }
}
