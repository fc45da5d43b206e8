//! Where words may break: Dutch patterns and exceptions, soft and hard
//! hyphens, URLs, numbers and abbreviations, no-break runs.

use brochure::text::{Align, RunKind, TextRun};

use super::{run, set_one, shown, style, texts, typesetter};

fn url_run(text: &str) -> TextRun {
    TextRun {
        kind: RunKind::Url,
        ..run(text)
    }
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
        let t = shown(line);
        prefix.push_str(t.strip_suffix('-').unwrap());
        assert!(allowed.contains(&prefix.as_str()), "break after {prefix:?}");
    }
    prefix.push_str(&shown(l.lines.last().unwrap()));
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
            prefix.push_str(shown(line).strip_suffix('-').unwrap());
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
    assert!(shown(&l.lines[0]) == "Ziek-" || shown(&l.lines[0]) == "Ziekte-");
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
            .flat_map(|l| shown(l).split(' ').map(String::from).collect::<Vec<_>>())
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
        let t = shown(line);
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
    // The added hyphen is extracted as a soft hyphen: the word reads whole.
    let last = l.lines[0].runs[0].glyphs.last().unwrap();
    assert_eq!(last.text, "\u{ad}");
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
fn line_ends_read_as_word_boundaries_or_whole_words() {
    let ts = typesetter(&[]);
    // A line that ends between words ends with a space that takes no room.
    let l = set_one("een twee drie vier vijf zes zeven", Align::Start, 40.0);
    assert!(l.lines.len() > 2, "{:?}", texts(&l));
    for line in &l.lines {
        let t = line.text();
        assert!(t.ends_with(' ') && !t.ends_with("  "), "{t:?}");
        let last = line.runs.last().unwrap().glyphs.last().unwrap();
        assert_eq!(last.advance, 0.0);
    }
    let joined: String = l.lines.iter().map(|l| l.text()).collect();
    assert_eq!(joined.trim_end(), "een twee drie vier vijf zes zeven");
    // A hyphenated line ends with a soft hyphen: the lines read the word whole.
    let l = set_one("ont\u{ad}spannings\u{ad}technieken", Align::Start, 70.0);
    let joined: String = l.lines.iter().map(|l| l.text()).collect();
    assert_eq!(joined, "ontspannings\u{ad}technieken ");
    // A URL broken after a slash is one word: no space at the break.
    let url = "https://www.msif.org/about-us/how-we-are-funded/work-healthcare-industry/";
    let l = ts.layout_paragraph(&[url_run(url)], &style(Align::Start), 110.0);
    assert!(l.lines.len() >= 3);
    let joined: String = l.lines.iter().map(|l| l.text()).collect();
    assert_eq!(joined, format!("{url} "));
}
