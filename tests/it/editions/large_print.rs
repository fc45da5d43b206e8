//! The `large-print` edition: AA contrast of all text on every background,
//! no type under 16 pt, and no word hyphenated by the typesetter.

use std::collections::BTreeMap;

use lopdf::Document;

use super::{large_print, operands, page_ids, page_ops};

/// WCAG 2 relative luminance of an sRGB colour given as 0..1 components.
fn luminance(c: [f32; 3]) -> f32 {
    let lin = |s: f32| {
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

fn contrast(a: [f32; 3], b: [f32; 3]) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn hex(c: [f32; 3]) -> String {
    format!(
        "#{:02x}{:02x}{:02x}",
        (c[0] * 255.0).round() as u8,
        (c[1] * 255.0).round() as u8,
        (c[2] * 255.0).round() as u8
    )
}

/// Every text colour on every background it is drawn on, with the
/// smallest text size seen: text (furniture included) shown with `TJ`,
/// against the last filled rectangle under it (or the white page).
fn text_on_backgrounds(pdf: &Document) -> (BTreeMap<(String, String), f32>, f32) {
    let mut pairs = BTreeMap::new();
    let mut smallest = f32::MAX;
    for &p in &page_ids(pdf) {
        let mut fills: Vec<([f32; 4], [f32; 3])> = Vec::new();
        let mut colour = [0.0f32; 3];
        let mut stack = Vec::new();
        let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut size = 0.0;
        let mut pending_rect = None;
        let mut record = |x: f32, y: f32, fg: [f32; 3], fills: &[([f32; 4], [f32; 3])]| {
            let bg = fills
                .iter()
                .rev()
                .find(|(r, _)| x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3])
                .map_or([1.0, 1.0, 1.0], |(_, c)| *c);
            let ratio = contrast(fg, bg);
            let e = pairs.entry((hex(fg), hex(bg))).or_insert(ratio);
            *e = e.min(ratio);
        };
        for op in page_ops(pdf, p) {
            let v = operands(&op);
            match op.operator.as_str() {
                "q" => stack.push((colour, ctm)),
                "Q" => (colour, ctm) = stack.pop().expect("balanced q/Q"),
                "rg" => colour = [v[0], v[1], v[2]],
                "k" | "g" => panic!("large print is RGB"),
                "cm" => ctm = [v[0], v[1], v[2], v[3], v[4], v[5]],
                "re" => pending_rect = Some([v[0], v[1], v[0] + v[2], v[1] + v[3]]),
                "f" | "f*" => {
                    if let Some(r) = pending_rect.take() {
                        fills.push((r, colour));
                    }
                }
                "Tf" => {
                    size = v[0];
                    smallest = smallest.min(size);
                }
                "Tm" => {
                    // a point inside the first glyph: just right of the origin, above the baseline
                    record(v[4] + 0.5, v[5] + size * 0.3, colour, &fills);
                }
                _ => {}
            }
        }
    }
    (pairs, smallest)
}

#[test]
fn large_print_text_has_aa_contrast_on_every_background() {
    let (pairs, smallest) = text_on_backgrounds(&large_print().pdf);
    for ((fg, bg), ratio) in &pairs {
        eprintln!("{fg} on {bg}: {ratio:.2}");
    }
    let failing: Vec<_> = pairs.iter().filter(|(_, r)| **r < 4.5).collect();
    assert!(failing.is_empty(), "below WCAG AA (4.5:1): {failing:?}");
    // the pairs the edition is known to use were all seen
    let white = "#ffffff".to_string();
    assert!(
        pairs.keys().any(|(fg, bg)| *fg == white && *bg != white),
        "white cover title"
    );
    assert!(
        pairs.keys().any(|(_, bg)| bg == "#fbe3e6"),
        "text in a tinted box"
    );
    assert!(pairs.len() >= 6, "{pairs:?}");
    assert!(smallest >= 15.99, "text of {smallest} pt in large print");
}

/// No line of large print ends in a hyphen the typesetter added: every line
/// that `pdftotext -raw` (which, unlike its default mode, keeps line-end
/// hyphens) shows ending in `-` ends a compound that the source
/// writes with that hyphen (`MS-` + `symptomen`, or `maag-` before a space).
#[test]
fn large_print_hyphenates_no_word() {
    let Some(text) = crate::common::pdftotext(&large_print().bytes, &["-raw"]) else {
        return; // pdftotext is not installed
    };
    let doc = brochure::source::load(crate::common::root(), None)
        .expect("the project loads")
        .doc;
    let source: String = doc
        .reading_text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut broken = Vec::new();
    for pair in lines.windows(2) {
        let (Some(head), Some(next)) = (
            pair[0].split_whitespace().last(),
            pair[1].split_whitespace().next(),
        ) else {
            continue;
        };
        if let Some(stem) = head.strip_suffix('-')
            && stem.chars().last().is_some_and(char::is_alphabetic)
            && !source.contains(&format!("{head}{next}"))
            // a hyphen the source writes before a space ("maag- of darm…")
            && !source.contains(&format!("{head} {next}"))
        {
            broken.push(format!("{stem}-|{next}"));
        }
    }
    assert!(broken.is_empty(), "hyphenated in large print: {broken:?}");
}
