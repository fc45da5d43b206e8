//! Right-to-left and complex scripts: reordering, fallback fonts, Arabic
//! joining and Devanagari conjuncts.

use std::path::PathBuf;

use brochure::text::{Align, Direction, FontBook, FontId, Line, ParagraphStyle, Typesetter};

use super::{noto_sans, run, shown, style, typesetter};

#[test]
fn right_to_left_runs_are_reordered() {
    let ts = typesetter(&[]);
    let mut st = style(Align::Start);
    st.direction = Direction::Rtl;
    st.lang = "ar".to_string();
    let l = ts.layout_paragraph(&[run("\u{5D0}\u{5D1} \u{5D2}\u{5D3} MS")], &st, 300.0);
    let visual: String = l.lines[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .map(|g| g.text.as_str())
        .collect();
    // The word-end space is at the line's logical end: its visual left.
    assert_eq!(visual, " MS \u{5D3}\u{5D2} \u{5D1}\u{5D0}");
    let xs: Vec<f32> = l.lines[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .map(|g| g.x)
        .collect();
    assert!(xs.windows(2).all(|w| w[0] <= w[1]));
}

/// Noto Sans with Noto Sans Arabic and Devanagari as fallbacks (ids 4 and 5).
fn typesetter_with_fallbacks() -> Typesetter {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let mut paths = noto_sans();
    paths.push(dir.join("NotoSansArabic-Regular.ttf"));
    paths.push(dir.join("NotoSansDevanagari-Regular.ttf"));
    let mut book = FontBook::load(&paths).unwrap();
    book.set_fallbacks(FontId(0), vec![FontId(4), FontId(5)]);
    Typesetter::new(book, &[]).unwrap()
}

fn one_line(ts: &Typesetter, text: &str, direction: Direction, lang: &str) -> Line {
    let st = ParagraphStyle {
        direction,
        lang: lang.into(),
        hyphenate: false,
        ..style(Align::Start)
    };
    let lay = ts.layout_paragraph(&[run(text)], &st, 1000.0);
    assert_eq!(lay.lines.len(), 1);
    lay.lines[0].clone()
}

#[test]
fn fallback_fonts_set_each_script_in_its_face() {
    let ts = typesetter_with_fallbacks();
    let line = one_line(&ts, "MS علاج कुछ MS", Direction::Ltr, "en");
    let fonts: Vec<u16> = line.runs.iter().map(|r| r.font.0).collect();
    // a space stays with the face before it
    assert_eq!(fonts, vec![0, 4, 5, 0], "runs: {:?}", line.runs);
    assert!(ts.uncovered("MS علاج कुछ", FontId(0)).is_empty());
    assert_eq!(
        ts.uncovered("漢 MS ᏣᎳᎩ", FontId(0)),
        vec!['漢', 'Ꮳ', 'Ꮃ', 'Ꭹ']
    );
}

#[test]
fn arabic_letters_join_and_read_right_to_left() {
    let ts = typesetter_with_fallbacks();
    // the same letter isolated and inside a word gets different glyphs
    let isolated = |c: &str| {
        let line = one_line(&ts, c, Direction::Rtl, "ar");
        line.runs[0]
            .glyphs
            .iter()
            .find(|g| g.text != " ")
            .unwrap()
            .id
    };
    let word = one_line(&ts, "علاج", Direction::Rtl, "ar");
    let glyphs = &word.runs[0].glyphs;
    // visual order: the first letter (ع, initial form) is drawn rightmost
    let first = glyphs.last().unwrap();
    assert_eq!(first.text, "ع");
    assert_ne!(first.id, isolated("ع"), "ع is not in its initial form");
    // lam-alef is one ligature glyph whose text reads in visual order
    assert!(glyphs.iter().any(|g| g.text == "ال"), "{glyphs:?}");
    // numbers and Latin inside Arabic keep their own order
    let mixed = one_line(&ts, "عدد 2024 من MS", Direction::Rtl, "ar");
    let text = mixed.text();
    assert!(text.contains("2024") && text.contains("MS"), "{text}");
    // the Arabic words come in right-to-left visual order: "من" left of "عدد"
    assert!(
        text.find("نم").unwrap() < text.find("ددع").unwrap(),
        "{text}"
    );
}

#[test]
fn devanagari_forms_conjuncts_and_reorders_vowel_signs() {
    let ts = typesetter_with_fallbacks();
    // क्ष: ka + virama + ssa form one conjunct: fewer glyphs than characters
    let line = one_line(&ts, "क्ष", Direction::Ltr, "hi");
    let glyphs: Vec<_> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
    // (the last glyph is the word-end space)
    assert!(glyphs.len() - 1 < 3, "{glyphs:?}");
    assert_eq!(shown(&line), "क्ष");
    // कि: the i-sign is drawn before the consonant, the text stays logical
    let line = one_line(&ts, "कि", Direction::Ltr, "hi");
    assert_eq!(shown(&line), "कि");
    assert_eq!(line.runs[0].glyphs.len(), 2 + 1);
    // no hyphenation patterns for Hindi: a long word never breaks inside
    let st = ParagraphStyle {
        lang: "hi".into(),
        ..style(Align::Justify)
    };
    let lay = ts.layout_paragraph(&[run("स्वास्थ्य देखभाल टीम")], &st, 30.0);
    assert!(lay.lines.iter().all(|l| !l.hyphenated));
}
