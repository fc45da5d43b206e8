//! Knuth–Plass line breaking: total fit, consecutive hyphens, no overfull
//! lines on the seed text (and the ignored quality reports).

use brochure::text::breaks::{Item, Params};
use brochure::text::{Align, Line, ParagraphLayout, breaks};

use super::{line_texts, run, seed_paragraphs, shown, style, texts, typesetter};

/// Lines wider than the measure (with a little rounding slack).
fn overfull(layout: &ParagraphLayout, width: f32) -> Vec<&Line> {
    layout
        .lines
        .iter()
        .filter(|l| l.width > width + 0.01)
        .collect()
}

#[test]
fn total_fit_beats_first_fit() {
    // Boxes with fixed widths; glue 10 (+5 −3); measure 100. First fit packs
    // five words into line 1 (shrunk) and leaves line 2 at ratio 3; total fit
    // moves one word down so both lines stretch by 0.67.
    let widths = [10.0, 25.0, 10.0, 15.0, 10.0, 20.0, 10.0, 20.0, 30.0];
    let mut items = Vec::new();
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            items.push(Item::glue(10.0, 5.0, 3.0));
        }
        items.push(Item::boxed(*w));
    }
    items.push(Item::forced());
    let params = Params {
        first_width: 100.0,
        width: 100.0,
        ..Params::default()
    };
    let words_before = |b: &breaks::Break| {
        items[..b.index]
            .iter()
            .filter(|i| i.kind == breaks::ItemKind::Box)
            .count()
    };
    let greedy: Vec<usize> = breaks::greedy(&items, &params)
        .iter()
        .map(words_before)
        .collect();
    assert_eq!(greedy, [5, 8, 9]);
    let kp = breaks::knuth_plass(&items, &params).expect("feasible at tolerance 1");
    let kp_words: Vec<usize> = kp.iter().map(words_before).collect();
    assert_eq!(kp_words, [4, 8, 9]);
    assert!((kp[0].ratio - 2.0 / 3.0).abs() < 1e-3 && (kp[1].ratio - 2.0 / 3.0).abs() < 1e-3);
}

/// Words of pseudo-random widths, each with a flagged hyphenation point.
fn hyphenatable_words(n: usize) -> Vec<Item> {
    let mut seed = 12345u32;
    let mut items = Vec::new();
    for i in 0..n {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let w = 20.0 + (seed >> 16) as f32 % 40.0;
        if i > 0 {
            items.push(Item::glue(10.0, 5.0, 3.0));
        }
        items.push(Item::boxed(w / 2.0));
        items.push(Item::penalty(50.0, 5.0, true));
        items.push(Item::boxed(w / 2.0));
    }
    items.push(Item::forced());
    items
}

fn consecutive_flagged(items: &[Item], b: &[breaks::Break]) -> usize {
    b.windows(2)
        .filter(|w| items[w[0].index].flagged && items[w[1].index].flagged)
        .count()
}

#[test]
fn consecutive_hyphens_cost_extra_and_are_limited() {
    let items = hyphenatable_words(200);
    let base = Params {
        first_width: 150.0,
        width: 150.0,
        tolerance: 3.0,
        max_consecutive_flagged: 100,
        double_hyphen_demerits: 0.0,
        ..Params::default()
    };
    let free = breaks::knuth_plass(&items, &base).unwrap();
    let costly = breaks::knuth_plass(
        &items,
        &Params {
            double_hyphen_demerits: 1.0e6,
            ..base
        },
    )
    .unwrap();
    let limited = breaks::knuth_plass(
        &items,
        &Params {
            max_consecutive_flagged: 1,
            tolerance: 100.0,
            ..base
        },
    )
    .unwrap();
    let (f, c, l) = (
        consecutive_flagged(&items, &free),
        consecutive_flagged(&items, &costly),
        consecutive_flagged(&items, &limited),
    );
    assert!(f > 0 && c < f, "{f} {c}");
    assert_eq!(l, 0);
}

#[test]
fn no_overfull_lines_on_long_dutch_paragraphs() {
    let ts = typesetter(&[(
        "nl".to_string(),
        vec!["ziek-te-mo-di-fi-ce-ren-de".to_string()],
    )]);
    let paragraphs = seed_paragraphs(40);
    assert!(paragraphs.len() > 50);
    let mut lines = 0;
    let mut hyphenated = 0;
    let mut underfull = 0;
    for align in [Align::Justify, Align::Start] {
        for width in [120.0, 160.0, 240.0] {
            for p in &paragraphs {
                let l = ts.layout_paragraph(&[run(p)], &style(align), width);
                let bad = overfull(&l, width);
                assert!(
                    bad.is_empty(),
                    "{width}pt {align:?}: {:?}",
                    bad.iter().map(|l| (shown(l), l.width)).collect::<Vec<_>>()
                );
                // Nothing is lost or duplicated.
                let words = line_texts(&l, "");
                let glued: String = words
                    .concat()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let expected: String = p.chars().filter(|c| !c.is_whitespace()).collect();
                assert_eq!(glued, expected);
                lines += l.lines.len();
                hyphenated += l.lines.iter().filter(|l| l.hyphenated).count();
                if align == Align::Justify {
                    for line in &l.lines[..l.lines.len() - 1] {
                        if (line.width - width).abs() > 0.05 {
                            println!(
                                "UNDERFULL {width} {:?} {} {}",
                                shown(line),
                                line.width,
                                line.ratio
                            );
                            underfull += 1;
                        }
                    }
                }
            }
        }
    }
    println!("{lines} lines, {hyphenated} hyphenated, {underfull} underfull");
}

/// Longest run of consecutive lines ending in a hyphen (added or not; the
/// seed text's `- ` left over from line ends is read as a hard hyphen).
fn longest_hyphen_run(layout: &ParagraphLayout) -> usize {
    let mut run = 0;
    let mut longest = 0;
    for l in &layout.lines {
        if l.hyphenated || shown(l).ends_with('-') {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[test]
fn never_three_hyphenated_lines_in_a_row() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(40);
    let mut hyphenated = 0;
    for align in [Align::Justify, Align::Start] {
        // Narrow measures force many hyphens and many final passes.
        for width in [90.0, 120.0, 160.0] {
            for p in &paragraphs {
                let p = p.replace("- ", "-");
                let l = ts.layout_paragraph(&[run(&p)], &style(align), width);
                hyphenated += l.lines.iter().filter(|l| l.hyphenated).count();
                assert!(
                    longest_hyphen_run(&l) <= 2,
                    "{width}pt {align:?}: {:?}",
                    texts(&l)
                );
            }
        }
    }
    assert!(hyphenated > 100);
    // The limit also holds in the final pass, where any ratio is accepted.
    let items = hyphenatable_words(200);
    let params = Params {
        first_width: 150.0,
        width: 150.0,
        tolerance: f32::INFINITY,
        final_pass: true,
        badness_limit: 1.0e7,
        level: breaks::BreakLevel::Emergency,
        double_hyphen_demerits: 0.0,
        max_consecutive_flagged: 2,
        ..Params::default()
    };
    let b = breaks::knuth_plass(&items, &params).unwrap();
    let flagged: Vec<bool> = b.iter().map(|b| items[b.index].flagged).collect();
    assert!(flagged.iter().filter(|&&f| f).count() > 10);
    assert!(flagged.windows(3).all(|w| !(w[0] && w[1] && w[2])));
}

/// Prints line-quality statistics for the seed text (`--ignored --nocapture`).
#[test]
#[ignore]
fn quality_report() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(20);
    for align in [Align::Justify, Align::Start] {
        for width in [120.0, 160.0, 240.0, 320.0] {
            let (mut lines, mut hyph, mut loose, mut tight, mut sum) = (0, 0, 0, 0, 0.0f32);
            let mut worst = 0.0f32;
            for p in &paragraphs {
                let mut st = style(align);
                st.hyphenate = std::env::var("NOHYPH").is_err();
                let l = ts.layout_paragraph(&[run(p)], &st, width);
                for line in &l.lines[..l.lines.len() - 1] {
                    lines += 1;
                    hyph += usize::from(line.hyphenated);
                    loose += usize::from(line.ratio > 1.0);
                    tight += usize::from(line.ratio < -0.5);
                    sum += line.ratio.abs();
                    worst = worst.max(line.ratio);
                }
            }
            println!(
                "{align:?} {width}: {lines} lines, {:.1}% hyphenated, {loose} loose (>1), {tight} tight (<-0.5), mean |r| {:.2}, worst {worst:.2}",
                100.0 * hyph as f32 / lines as f32,
                sum / lines as f32
            );
        }
    }
}

#[test]
#[ignore]
fn show_paragraph() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(60);
    let width: f32 = std::env::var("W")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(320.0);
    for p in paragraphs.iter().take(2) {
        let align = if std::env::var("RAGGED").is_ok() {
            Align::Start
        } else {
            Align::Justify
        };
        let l = ts.layout_paragraph(&[run(p)], &style(align), width);
        for line in &l.lines {
            println!(
                "{:6.2} {:6.3} {} |{}|",
                line.width,
                line.ratio,
                u8::from(line.hyphenated),
                shown(line)
            );
        }
        println!();
    }
}
