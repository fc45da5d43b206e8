//! Shaping and lines: ligature clusters, forced breaks and no-break spaces,
//! measuring, line metrics, edge cases and determinism.

use brochure::text::{Align, FontId, TextRun};

use super::{line_texts, run, run_in, seed_paragraphs, set_one, shown, style, texts, typesetter};

#[test]
fn ligature_cluster_maps_to_source_text() {
    let ts = typesetter(&[]);
    let l = ts.layout_paragraph(&[run("officieel fijn")], &style(Align::Start), 500.0);
    assert_eq!(l.lines.len(), 1);
    let glyphs = &l.lines[0].runs[0].glyphs;
    let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
    // Noto Sans ligates "ffi" and "fi".
    assert_eq!(
        texts,
        [
            "o", "ffi", "c", "i", "e", "e", "l", " ", "fi", "j", "n", " "
        ]
    );
    // The paragraph's end is a word boundary: a space that takes no room.
    assert_eq!(glyphs.last().unwrap().advance, 0.0);
    assert_eq!(shown(&l.lines[0]), "officieel fijn");
    // Pen positions advance by the shaped advances.
    for w in glyphs.windows(2) {
        assert!((w[1].x - (w[0].x + w[0].advance)).abs() < 1e-3);
    }
}

#[test]
fn forced_break_nbsp_and_soft_hyphen() {
    let ts = typesetter(&[]);
    let l = ts.layout_paragraph(
        &[run(
            "eerste\u{2028}tweede 10\u{a0}mg ont\u{ad}span\u{ad}ning",
        )],
        &style(Align::Start),
        500.0,
    );
    assert_eq!(texts(&l), ["eerste", "tweede 10\u{a0}mg ontspanning"]);
    // Soft hyphens are invisible when not taken.
    assert!(
        l.lines[1].runs[0]
            .glyphs
            .iter()
            .all(|g| !g.text.contains('\u{ad}'))
    );
}

#[test]
fn layout_is_deterministic() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(30);
    for p in paragraphs.iter().take(20) {
        let a = ts.layout_paragraph(&[run(p)], &style(Align::Justify), 150.0);
        let b = ts.layout_paragraph(&[run(p)], &style(Align::Justify), 150.0);
        assert_eq!(a, b);
    }
    let other = typesetter(&[]);
    let p = &paragraphs[0];
    assert_eq!(
        ts.layout_paragraph(&[run(p)], &style(Align::Start), 200.0),
        other.layout_paragraph(&[run(p)], &style(Align::Start), 200.0)
    );
}

#[test]
fn edge_cases_do_not_panic() {
    let ts = typesetter(&[]);
    let st = style(Align::Justify);
    assert!(ts.layout_paragraph(&[], &st, 100.0).lines.is_empty());
    assert!(ts.layout_paragraph(&[run("")], &st, 100.0).lines.is_empty());
    assert!(
        ts.layout_paragraph(&[run("   ")], &st, 100.0)
            .lines
            .is_empty()
    );
    for width in [0.0, -5.0, f32::NAN, f32::INFINITY, 1.0] {
        let l = ts.layout_paragraph(&[run("Een paar woorden hier.")], &st, width);
        let words = line_texts(&l, "\u{ad}");
        assert_eq!(
            words.join(" ").replace("\u{ad} ", ""),
            "Een paar woorden hier."
        );
    }
    // A word wider than the measure: broken by force between letters,
    // without hyphens, every line within the measure (issue 16).
    let huge = "a".repeat(400);
    let l = ts.layout_paragraph(&[run(&format!("kort {huge} kort"))], &st, 100.0);
    let lines = texts(&l);
    assert!(lines.len() > 3, "{lines:?}");
    assert_eq!(lines.concat().matches('a').count(), 400, "{lines:?}");
    assert!(!lines.concat().contains('-'), "{lines:?}");
    assert!(
        l.lines.iter().all(|line| line.width <= 100.0 + 0.01),
        "{lines:?}"
    );
    // Bad font ids, odd sizes, control characters.
    let odd = TextRun {
        font: FontId(99),
        size: f32::NAN,
        ..run("x\ty\nz\u{2028}\u{2028}")
    };
    let l = ts.layout_paragraph(&[odd, run("\u{ad}\u{ad}"), run("\u{a0}")], &st, 50.0);
    assert!(!l.lines.is_empty());
    let _ = ts.measure(&[]);
}

#[test]
fn forced_breaks_make_empty_lines() {
    let l = set_one("een\u{2028}\u{2028}twee", Align::Justify, 200.0);
    assert_eq!(texts(&l), ["een", "", "twee"]);
    assert!(l.lines[1].ascent > 0.0);
    // A forced line in a justified paragraph is not stretched.
    assert_eq!(l.lines[0].ratio, 0.0);
}

#[test]
fn measure_matches_a_single_line() {
    let ts = typesetter(&[]);
    let runs = [run("Inhoud "), run_in(FontId(2), "Sectie 5")];
    let w = ts.measure(&runs);
    let l = ts.layout_paragraph(&runs, &style(Align::Start), 1000.0);
    assert_eq!(l.lines.len(), 1);
    assert!((l.lines[0].width - w).abs() < 1e-3);
    // Runs keep their font and tag.
    assert_eq!(l.lines[0].runs.len(), 2);
    assert_eq!(l.lines[0].runs[1].font, FontId(2));
}

#[test]
fn line_metrics_come_from_the_font() {
    let ts = typesetter(&[]);
    let l = ts.layout_paragraph(&[run("Hoi")], &style(Align::Start), 100.0);
    // Noto Sans: ascender 1069, descender -293 per 1000 units.
    assert!((l.lines[0].ascent - 10.69).abs() < 1e-3);
    assert!((l.lines[0].descent - 2.93).abs() < 1e-3);
}
