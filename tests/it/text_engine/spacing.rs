//! Justification and protrusion: word spaces, letter spacing, punctuation
//! and quotes hanging into the margin.

use brochure::text::{Align, Line, ParagraphStyle, PositionedGlyph, TextRun};

use super::{run, seed_paragraphs, set_one, shown, style, typesetter};

/// Body-text style: 9.6 pt, justified, first-line indent.
fn body_run(text: &str) -> TextRun {
    TextRun {
        size: 9.6,
        ..run(text)
    }
}

#[test]
fn word_spaces_stay_within_twice_their_width() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(20);
    let st = ParagraphStyle {
        first_indent: 11.52,
        ..style(Align::Justify)
    };
    // The guide's column (236.7 pt) and its boxes (218 pt).
    for (width, most_loose) in [(236.7, 0), (218.0, 6)] {
        let (mut lines, mut hyphenated, mut loose) = (0, 0, Vec::new());
        for p in &paragraphs {
            let l = ts.layout_paragraph(&[body_run(p)], &st, width);
            let n = l.lines.len();
            for (i, line) in l.lines.iter().enumerate() {
                lines += 1;
                hyphenated += usize::from(line.hyphenated);
                if i + 1 < n {
                    assert!((line.width - width).abs() < 0.05, "{:?}", shown(line));
                    if line.space_factor > 2.0 + 1e-3 {
                        loose.push((line.space_factor, shown(line)));
                    }
                }
            }
        }
        println!("{width}: {lines} lines, {hyphenated} hyphenated, loose {loose:?}");
        assert!(loose.len() <= most_loose, "{width} pt: {loose:?}");
        assert!(
            hyphenated * 100 < lines * 18,
            "{width} pt: {hyphenated} of {lines} lines hyphenated"
        );
    }
}

#[test]
fn space_factor_and_letter_spacing_match_the_glyph_positions() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(40);
    let (mut spaced, mut tight) = (0, 0);
    for p in paragraphs.iter().take(30) {
        let l = ts.layout_paragraph(&[body_run(p)], &style(Align::Justify), 200.0);
        for line in &l.lines[..l.lines.len() - 1] {
            let glyphs: Vec<_> = line.runs.iter().flat_map(|r| r.glyphs.iter()).collect();
            let mut letter_gaps = Vec::new();
            for w in glyphs.windows(3) {
                let gap = |a: &&brochure::text::PositionedGlyph,
                           b: &&brochure::text::PositionedGlyph| {
                    b.x - (a.x + a.advance)
                };
                if w[1].text == " " {
                    // Space glyph followed by the next word: the word space.
                    let space = w[2].x - w[1].x;
                    assert!(
                        (space / w[1].advance - line.space_factor).abs() < 1e-3,
                        "{} vs {} in {:?}",
                        space / w[1].advance,
                        line.space_factor,
                        shown(line)
                    );
                } else if w[0].text != " " && !w[0].text.is_empty() && !w[1].text.is_empty() {
                    letter_gaps.push(gap(&w[0], &w[1]));
                }
            }
            // One letter-spacing per line: at most +0.03 em, −0.022 em.
            if let (Some(&first), true) = (letter_gaps.first(), !letter_gaps.is_empty()) {
                for g in &letter_gaps {
                    assert!((g - first).abs() < 1e-3, "{letter_gaps:?}");
                }
                assert!(
                    (-0.022 * 9.6 - 1e-3..=0.03 * 9.6 + 1e-3).contains(&first),
                    "{first}"
                );
                spaced += usize::from(first > 1e-3);
                tight += usize::from(first < -1e-3);
            }
        }
    }
    assert!(spaced > 0 && tight > 0, "{spaced} {tight}");
}

#[test]
fn punctuation_protrudes_into_the_margin() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(40);
    let mut checked = 0;
    for p in paragraphs.iter().take(30) {
        let l = ts.layout_paragraph(&[run(p)], &style(Align::Justify), 150.0);
        for line in &l.lines[..l.lines.len() - 1] {
            let last = last_shown(line);
            let right = last.x + last.advance;
            match last.text.as_str() {
                "-" | "\u{ad}" | "," | "." => {
                    assert!(
                        (right - 150.0 - 0.7 * last.advance).abs() < 0.05,
                        "{:?} ends at {right}",
                        shown(line)
                    );
                    checked += 1;
                }
                t if t.chars().all(char::is_alphabetic) => {
                    assert!(
                        (right - 150.0).abs() < 0.05,
                        "{:?} ends at {right}",
                        shown(line)
                    );
                }
                _ => {}
            }
        }
    }
    assert!(checked > 10);
    // Without protrusion the edge is the measure.
    let mut st = style(Align::Justify);
    st.protrusion = false;
    let l = ts.layout_paragraph(&[run(&paragraphs[0])], &st, 150.0);
    for line in &l.lines[..l.lines.len() - 1] {
        let last = last_shown(line);
        assert!((last.x + last.advance - 150.0).abs() < 0.05);
    }
}

#[test]
fn opening_quote_hangs_left() {
    let l = set_one("\u{201C}Zo kan het\u{201D}, zei ze.", Align::Start, 300.0);
    let first = &l.lines[0].runs[0].glyphs[0];
    assert!(first.x < 0.0 && (first.x + 0.5 * first.advance).abs() < 1e-3);
}

/// The last glyph of a line that takes room (not the word-end space).
fn last_shown(line: &Line) -> &PositionedGlyph {
    line.runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .rev()
        .find(|g| g.advance > 0.0)
        .unwrap()
}
