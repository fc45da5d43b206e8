//! Citations and the reference list: how a citation group is printed, the
//! checks of `source/references.toml` and of the citations against it (each
//! on a small temp project, message and file:line:col), and the shipped list.

use std::collections::BTreeSet;
use std::path::Path;

use brochure::model::cite::{self, CitationStyle, CitationText};
use brochure::model::{Citation, Loc, ReferenceStatus};
use brochure::source;

// ---------------------------------------------------------------------------
// printing

/// A citation as the source writes it: items in the source's order.
fn written(items: &[(u32, u32)]) -> Citation {
    let mut numbers: Vec<u32> = items.iter().flat_map(|&(a, b)| a..=b).collect();
    numbers.sort_unstable();
    numbers.dedup();
    Citation {
        numbers,
        written: items.to_vec(),
        loc: Loc::default(),
    }
}

/// A citation written as a plain list of numbers.
fn list(numbers: &[u32]) -> Citation {
    written(&numbers.iter().map(|&n| (n, n)).collect::<Vec<_>>())
}

fn brackets(c: &Citation) -> String {
    let t = cite::format(c, CitationStyle::Brackets);
    assert!(!t.superscript);
    t.text
}

#[test]
fn runs_of_three_or_more_become_ranges() {
    assert_eq!(brackets(&list(&[1, 2, 3, 5])), "[1–3, 5]");
    assert_eq!(brackets(&list(&[37, 51, 52, 53])), "[37, 51–53]");
    assert_eq!(brackets(&written(&[(37, 37), (51, 53)])), "[37, 51–53]");
    assert_eq!(brackets(&list(&[4, 5, 6, 7, 8])), "[4–8]");
    assert_eq!(brackets(&written(&[(1, 2), (3, 3)])), "[1–3]");
}

#[test]
fn runs_of_two_stay_as_written() {
    assert_eq!(brackets(&list(&[58, 59])), "[58, 59]");
    assert_eq!(brackets(&written(&[(126, 127)])), "[126–127]");
    assert_eq!(brackets(&list(&[15])), "[15]");
}

#[test]
fn numbers_print_ascending_and_once() {
    assert_eq!(brackets(&list(&[143, 99])), "[99, 143]");
    assert_eq!(brackets(&written(&[(5, 5), (3, 6)])), "[3–6]");
}

#[test]
fn superscript_style_drops_the_brackets() {
    assert_eq!(
        cite::format(&list(&[1, 2, 3, 5]), CitationStyle::Superscript),
        CitationText {
            text: "1–3, 5".into(),
            superscript: true
        }
    );
    assert_eq!(
        cite::format(&list(&[58, 59]), CitationStyle::Superscript).text,
        "58, 59"
    );
}

#[test]
fn style_names() {
    assert_eq!(CitationStyle::default(), CitationStyle::Brackets);
    for s in [CitationStyle::Brackets, CitationStyle::Superscript] {
        assert_eq!(CitationStyle::from_name(s.name()), Some(s));
    }
    assert_eq!(CitationStyle::from_name("footnote"), None);
}

// ---------------------------------------------------------------------------
// temp projects

const BROCHURE: &str = r#"id = "t"
title = "T"
publisher = "P"
edition_date = 2024-12-01
"#;

/// `n` records, all `status = "missing"`; record k starts on line 3k − 2.
fn missing_refs(n: u32) -> String {
    (1..=n)
        .map(|k| format!("[[reference]]\nnumber = {k}\nstatus = \"missing\"\n"))
        .collect()
}

/// A section file whose one paragraph (line 8) is `text`.
fn section(text: &str) -> String {
    format!(
        "[section]\nnumber = 1\ntitle = \"Een\"\n\n[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"{text}\"\n"
    )
}

/// A project with the given files under `source/` (`brochure.toml` unless given).
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("source");
    std::fs::create_dir_all(src.join("nl")).unwrap();
    std::fs::write(src.join("brochure.toml"), BROCHURE).unwrap();
    for (name, text) in files {
        std::fs::write(src.join(name), text).unwrap();
    }
    dir
}

/// "file:line:col message" of each diagnostic of one severity.
fn located(sources: &brochure::diag::Sources, diags: &[brochure::diag::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            if d.file.is_some() {
                let rendered = sources.render(d);
                assert!(rendered.contains('^'), "no caret in:\n{rendered}");
            }
            format!(
                "{} {}",
                sources.location(d).unwrap_or_else(|| "-".into()),
                d.message
            )
        })
        .collect()
}

/// Loads a project that must fail; its errors.
fn errors(root: &Path) -> Vec<String> {
    match source::load(root, None) {
        Ok(_) => panic!("the broken project loaded"),
        Err(f) => {
            let errs: Vec<_> = f
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            located(&f.sources, &errs)
        }
    }
}

/// Loads a project that must load; its warnings.
fn warnings(root: &Path) -> Vec<String> {
    match source::load(root, None) {
        Ok(l) => located(&l.sources, &l.warnings),
        Err(f) => panic!(
            "the project did not load: {:?}",
            located(&f.sources, &f.diagnostics)
        ),
    }
}

#[test]
fn references_file_is_required() {
    let p = project(&[("nl/01-a.toml", &section("zie [1]."))]);
    assert_eq!(errors(p.path()), ["- source/references.toml missing"]);
}

#[test]
fn citations_of_numbers_not_in_the_list() {
    let cases = [
        // `[2, 150]` starts at column 22 of line 8
        (
            missing_refs(3),
            "zie [1–3] en [2, 150].",
            "source/nl/01-a.toml:8:22 citation [150] cites no reference; the list has 1–3",
        ),
        (
            "# nothing yet\n".to_string(),
            "zie [4–6].",
            "source/nl/01-a.toml:8:13 citation [4–6] cites no reference; the list is empty",
        ),
    ];
    for (refs, text, expected) in cases {
        let p = project(&[("references.toml", &refs), ("nl/01-a.toml", &section(text))]);
        assert_eq!(errors(p.path()), [expected], "{text}");
    }
}

#[test]
fn reference_never_cited() {
    let p = project(&[
        ("references.toml", &missing_refs(3)),
        ("nl/01-a.toml", &section("zie [1] en [3].")),
    ]);
    let w = warnings(p.path());
    assert!(
        w.contains(&"source/references.toml:4:1 reference 2 is never cited".to_string()),
        "{w:?}"
    );
    assert_eq!(w.iter().filter(|w| w.contains("never cited")).count(), 1);
}

#[test]
fn numbers_first_cited_out_of_order() {
    let p = project(&[
        ("references.toml", &missing_refs(4)),
        ("nl/01-a.toml", &section("zie [1, 3] en [2] en [4] en [2].")),
    ]);
    let root = p.path();
    let loaded = source::load(root, None).expect("loads");
    let d: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|d| d.message.contains("out of order"))
        .collect();
    assert_eq!(d.len(), 1, "{:?}", loaded.warnings);
    assert_eq!(
        located(&loaded.sources, &[d[0].clone()]),
        ["source/nl/01-a.toml:8:23 1 reference number is first cited out of order"]
    );
    assert!(
        d[0].notes.contains(
            &"[2] first cited at source/nl/01-a.toml:8:23, after [3] at source/nl/01-a.toml:8:13"
                .to_string()
        ),
        "{:?}",
        d[0].notes
    );
}

#[test]
fn several_numbers_out_of_order_are_listed() {
    let p = project(&[
        ("references.toml", &missing_refs(3)),
        ("nl/01-a.toml", &section("zie [3] en [1] en [2].")),
    ]);
    let loaded = source::load(p.path(), None).expect("loads");
    let d = loaded
        .warnings
        .iter()
        .find(|d| d.message.contains("out of order"))
        .expect("an out-of-order warning");
    assert_eq!(
        d.message,
        "2 reference numbers are first cited out of order"
    );
    let places: Vec<&String> = d.notes.iter().filter(|n| n.starts_with('[')).collect();
    assert_eq!(
        places,
        [
            "[1] first cited at source/nl/01-a.toml:8:20, after [3] at source/nl/01-a.toml:8:13",
            "[2] first cited at source/nl/01-a.toml:8:27, after [3] at source/nl/01-a.toml:8:13",
        ]
    );
}

#[test]
fn entries_not_yet_known_are_counted() {
    let refs = format!(
        "{}[[reference]]\nnumber = 4\nstatus = \"known\"\nauthors = [\"A\"]\ntitle = \"T\"\ncontainer = \"C\"\nyear = 2000\n",
        missing_refs(3)
    );
    let p = project(&[
        ("references.toml", &refs),
        ("nl/01-a.toml", &section("zie [1–4].")),
    ]);
    assert_eq!(
        warnings(p.path()),
        ["source/references.toml:1:1 3 of 4 references are not yet known (status = \"missing\")"]
    );
    let doc = source::load(p.path(), None).unwrap().doc;
    assert_eq!(doc.reference_counts(), (1, 3));
    let summary = brochure::cli::summary(&doc);
    assert!(
        summary.contains(&"references 4 (1 known, 3 missing)".to_string()),
        "{summary:?}"
    );
    let e = doc.reference(4).and_then(|r| r.entry()).expect("known");
    assert_eq!(e.authors, ["A"]);
    assert_eq!(
        (e.title.as_str(), e.container.as_str(), e.year),
        ("T", "C", 2000)
    );
    assert_eq!(
        doc.reference(2).map(|r| &r.status),
        Some(&ReferenceStatus::Missing)
    );
}

#[test]
fn a_clean_project_has_no_warnings() {
    let refs = "[[reference]]\nnumber = 1\nstatus = \"known\"\nauthors = [\"A\", \"B\"]\ntitle = \"T\"\ncontainer = \"C\"\nyear = 2024\nvolume = \"3(1)\"\npages = \"1–9\"\ndoi = \"10.1000/x.1\"\nurl = \"https://example.org/a\"\nlanguage = \"en\"\n";
    let p = project(&[
        ("references.toml", refs),
        ("nl/01-a.toml", &section("zie [1].")),
    ]);
    assert_eq!(warnings(p.path()), Vec::<String>::new());
    let doc = source::load(p.path(), None).unwrap().doc;
    let e = doc.references[0].entry().unwrap();
    assert_eq!(e.doi.as_deref(), Some("10.1000/x.1"));
    assert_eq!(e.language.as_deref(), Some("en"));
}

/// Errors of a references.toml (the text cites nothing).
fn reference_errors(refs: &str) -> Vec<String> {
    let p = project(&[
        ("references.toml", refs),
        ("nl/01-a.toml", &section("geen citaat")),
    ]);
    errors(p.path())
}

const KNOWN: &str = "[[reference]]\nnumber = 1\nstatus = \"known\"\n";

#[test]
fn reference_list_errors() {
    let cases: [(String, &[&str]); 8] = [
        (
            format!("{KNOWN}title = \"T\"\n"),
            &[
                "source/references.toml:1:1 missing `authors` in reference",
                "source/references.toml:1:1 missing `container` in reference",
                "source/references.toml:1:1 missing `year` in reference",
            ],
        ),
        (
            format!(
                "{KNOWN}authors = \"A\"\ntitle = \"T\"\ncontainer = \"C\"\nyear = \"2000\"\ntitel = \"x\"\n"
            ),
            &[
                "source/references.toml:4:11 `authors` must be an array of strings, found a string",
                "source/references.toml:7:8 `year` must be a whole number, found a string",
                "source/references.toml:8:1 unknown key `titel` in reference",
            ],
        ),
        (
            format!(
                "{KNOWN}authors = [\"A\"]\ntitle = \"T\"\ncontainer = \"C\"\nyear = 2025\ndoi = \"https://doi.org/10.1000/x\"\nurl = \"www.example.org\"\nlanguage = \"Engels\"\n"
            ),
            &[
                "source/references.toml:7:8 year 2025 is outside 1800–2024",
                "source/references.toml:8:7 `https://doi.org/10.1000/x` is not a DOI",
                "source/references.toml:9:7 `www.example.org` is not an http or https URL",
                "source/references.toml:10:12 `Engels` is not a language code",
            ],
        ),
        (
            format!("{KNOWN}authors = []\ntitle = \"T\"\ncontainer = \"C\"\nyear = 1799\n"),
            &[
                "source/references.toml:4:11 `authors` is empty",
                "source/references.toml:7:8 year 1799 is outside 1800–2024",
            ],
        ),
        // a missing entry takes no details
        (
            "[[reference]]\nnumber = 1\nstatus = \"missing\"\ntitle = \"Geraden titel\"\n".into(),
            &["source/references.toml:4:9 `title` given for a reference with status = \"missing\""],
        ),
        (
            "[[reference]]\nnumber = 0\nstatus = \"onbekend\"\n[[reference]]\nstatus = \"missing\"\n"
                .into(),
            &[
                "source/references.toml:2:10 reference numbers start at 1",
                "source/references.toml:3:10 unknown status `onbekend`",
                "source/references.toml:4:1 missing `number` in reference",
            ],
        ),
        // a number used twice, and gaps
        (
            "[[reference]]\nnumber = 1\nstatus = \"missing\"\n\
             [[reference]]\nnumber = 4\nstatus = \"missing\"\n\
             [[reference]]\nnumber = 1\nstatus = \"missing\"\n\
             [[reference]]\nnumber = 6\nstatus = \"missing\"\n"
                .into(),
            &[
                "source/references.toml:8:10 duplicate reference number 1",
                "source/references.toml:5:10 reference numbers 2–3 are absent",
                "source/references.toml:11:10 reference number 5 is absent",
            ],
        ),
        (
            "reference = 3\n".into(),
            &["source/references.toml:1:13 `reference` must be an array of tables, found an integer"],
        ),
    ];
    for (refs, expected) in cases {
        assert_eq!(reference_errors(&refs), expected, "{refs}");
    }
}

#[test]
fn citation_style_setting() {
    let brochure = format!("{BROCHURE}\n[citations]\nstyle = \"superscript\"\n");
    let p = project(&[
        ("brochure.toml", &brochure),
        ("references.toml", &missing_refs(1)),
        ("nl/01-a.toml", &section("zie [1].")),
    ]);
    let doc = source::load(p.path(), None).unwrap().doc;
    assert_eq!(doc.settings.citation_style, CitationStyle::Superscript);

    let brochure = format!("{BROCHURE}\n[citations]\nstyle = \"voetnoot\"\nkleur = 1\n");
    let p = project(&[
        ("brochure.toml", &brochure),
        ("references.toml", &missing_refs(1)),
        ("nl/01-a.toml", &section("zie [1].")),
    ]);
    assert_eq!(
        errors(p.path()),
        [
            "source/brochure.toml:7:9 unknown citation style `voetnoot`",
            "source/brochure.toml:8:1 unknown key `kleur` in [citations]",
        ]
    );
}

// ---------------------------------------------------------------------------
// the shipped source

#[test]
fn shipped_list_matches_the_citations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = match source::load(root, None) {
        Ok(l) => l,
        Err(f) => panic!(
            "the shipped source does not load: {:?}",
            located(&f.sources, &f.diagnostics)
        ),
    };
    let doc = &loaded.doc;
    let numbers: Vec<u32> = doc.references.iter().map(|r| r.number).collect();
    assert_eq!(numbers, (1..=143).collect::<Vec<_>>());
    // nothing is known of the original list, and nothing may be invented
    assert_eq!(doc.reference_counts(), (0, 143));
    let cites = doc.citations();
    assert_eq!(cites.len(), 100);
    let cited: BTreeSet<u32> = cites
        .iter()
        .flat_map(|c| c.numbers.iter().copied())
        .collect();
    assert_eq!(cited, (1..=143).collect());
    // the only warning is the count of entries not yet known
    assert_eq!(
        located(&loaded.sources, &loaded.warnings),
        [
            "source/references.toml:11:1 143 of 143 references are not yet known (status = \"missing\")"
        ]
    );
    assert_eq!(doc.settings.citation_style, CitationStyle::Brackets);
    // the default style reprints every group as the guide wrote it, but for
    // the one group the guide wrote descending, which prints ascending
    let changed: Vec<(String, String)> = cites
        .iter()
        .map(|c| (c.render_written(), brackets(c)))
        .filter(|(w, b)| w != b)
        .collect();
    assert_eq!(
        changed,
        [("[143, 99]".to_string(), "[99, 143]".to_string())]
    );
}
