//! A structural edit of the Dutch (a citation added, a list item added, a
//! link changed) makes its translations stale with a reason, never a load
//! error: `status` exits 0, the translation keeps building (an error only
//! with `build --strict`), and `xliff export` offers the unit for review.

use std::path::Path;

use crate::common::{project_copy, run_in as run};

/// Replaces the first occurrence of `from` in a file of the project copy.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The stale lines of `status --lang en`, after checking it exits 0.
fn stale_lines(root: &Path) -> Vec<String> {
    let (code, out, err) = run(root, &["status", "--lang", "en"]);
    assert_eq!(code, 0, "status failed:\n{out}\n{err}");
    out.lines()
        .filter(|l| l.trim_start().starts_with("stale"))
        .map(str::to_string)
        .collect()
}

const S4: &str = "source/nl/04-sectie-a-wellnesspraktijken.toml";
const S3: &str = "source/nl/03-standaardbehandelingen.toml";

#[test]
fn a_citation_added_to_the_dutch_makes_one_stale_unit_with_its_reason() {
    let dir = project_copy();
    let root = dir.path();
    assert!(stale_lines(root).is_empty(), "the English starts complete");
    edit(
        root,
        S4,
        "immuunsysteem\u{202f}[5].",
        "immuunsysteem\u{202f}[5] [14].",
    );
    let stale = stale_lines(root);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(
        stale[0].contains("s4-beweging-bloedcirculatie")
            && stale[0].ends_with(": citation [14] added"),
        "{}",
        stale[0]
    );

    // check and a release build warn; --strict refuses; a draft builds
    let (code, _, err) = run(root, &["check", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("citation [14] added"), "{err}");
    let pdf = root.join("en.pdf");
    let pdf_s = pdf.to_str().expect("utf-8");
    let (code, _, err) = run(root, &["build", "--lang", "en", "-o", pdf_s]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: translation of `s4-beweging-bloedcirculatie` is stale"));
    let (code, _, err) = run(root, &["build", "--lang", "en", "--strict", "-o", pdf_s]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: translation of `s4-beweging-bloedcirculatie` is stale")
            && err.contains("--strict"),
        "{err}"
    );

    // export offers the unit: new source, old target, needs review
    let xlf = root.join("en.xlf");
    let xlf_s = xlf.to_str().expect("utf-8");
    let (code, _, err) = run(root, &["xliff", "export", "--lang", "en", "-o", xlf_s]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("303 translated, 1 needs-review-translation"),
        "{err}"
    );
    let x = std::fs::read_to_string(&xlf).expect("xlf");
    let at = x
        .find("<trans-unit id=\"s4-beweging-bloedcirculatie/text\"")
        .expect("the unit is exported");
    let unit = &x[at..at + x[at..].find("</trans-unit>").expect("end")];
    assert!(
        unit.contains("ctype=\"x-citation\">[14]</ph>.</source>"),
        "{unit}"
    );
    assert!(
        unit.contains("<target state=\"needs-review-translation\">Exercise stimulates")
            && !unit.contains("approved"),
        "{unit}"
    );
    assert!(unit.contains("(citation [14] added)"), "{unit}");

    // importing it back unchanged changes nothing; confirming the old
    // target as it is, without [14], is refused and writes nothing
    let before =
        std::fs::read(root.join("source/en/04-sectie-a-wellnesspraktijken.toml")).expect("read");
    let (code, _, err) = run(root, &["xliff", "import", xlf_s]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no translation file changed"), "{err}");
    let confirmed = root.join("confirmed.xlf");
    std::fs::write(
        &confirmed,
        x.replace("state=\"needs-review-translation\"", "state=\"translated\""),
    )
    .expect("write");
    let (code, _, err) = run(
        root,
        &["xliff", "import", confirmed.to_str().expect("utf-8")],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the source cites [5] [14], the translation [5]"),
        "{err}"
    );
    let after =
        std::fs::read(root.join("source/en/04-sectie-a-wellnesspraktijken.toml")).expect("read");
    assert_eq!(before, after);

    // the unit carries the Dutch it was translated from, and its translation
    let prev = unit
        .find("<alt-trans alttranstype=\"previous-version\"")
        .map(|i| &unit[i..])
        .expect("the earlier source is exported");
    assert!(
        prev.contains("immuunsysteem\u{202f}<ph id=\"1\" ctype=\"x-citation\">[5]</ph>.</source>")
            && prev.contains("<target>Exercise stimulates"),
        "{prev}"
    );
    // status --diff shows what changed in the Dutch
    let (code, out, err) = run(root, &["status", "--lang", "en", "--diff"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("s4-beweging-bloedcirculatie (source/nl/04-sectie-a-wellnesspraktijken.toml:78):\n  text: … ondersteunt zo het immuunsysteem [-[5].-]{+[5] [14].+}\n"),
        "{out}"
    );

    // the translator adds the citation: the unit is translated again
    let fixed = root.join("fixed.xlf");
    std::fs::write(
        &fixed,
        x.replace("state=\"needs-review-translation\"", "state=\"translated\"")
            .replace(
                "immune system <ph id=\"1\" ctype=\"x-citation\">[5]</ph>.</target>",
                "immune system <ph id=\"1\" ctype=\"x-citation\">[5]</ph> <ph id=\"2\" ctype=\"x-citation\">[14]</ph>.</target>",
            ),
    )
    .expect("write");
    let (code, _, err) = run(root, &["xliff", "import", fixed.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    assert!(stale_lines(root).is_empty());
    // and the history now holds the Dutch of the new fingerprint, not the old
    let history =
        std::fs::read_to_string(root.join("source/en/source-history.toml")).expect("history");
    assert!(history.contains("ondersteunt zo het immuunsysteem\u{202f}[5] [14]."));
    assert!(!history.contains("ondersteunt zo het immuunsysteem\u{202f}[5].\n"));
    assert_eq!(history.matches("\n[\"").count(), 261, "one text per block");
    // tools/source-history.py, which starts the file for a translation made
    // before it existed, writes the same bytes
    let script = crate::common::root().join("tools/source-history.py");
    match std::process::Command::new("python3")
        .arg(&script)
        .args(["en", root.to_str().expect("utf-8")])
        .output()
    {
        Ok(o) if o.status.success() => {
            let again = std::fs::read_to_string(root.join("source/en/source-history.toml"))
                .expect("history");
            assert_eq!(again, history);
        }
        Ok(o) => panic!("{}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => eprintln!("python3 not run ({e}): tools/source-history.py not checked"),
    }
    // a stale block whose earlier text is not recorded says so
    std::fs::remove_file(root.join("source/en/source-history.toml")).expect("rm");
    edit(root, S4, "[5] [14].", "[5].");
    let (code, out, _) = run(root, &["status", "--lang", "en", "--diff"]);
    assert_eq!(code, 0);
    assert!(out.contains("is not recorded"), "{out}");
}

#[test]
fn a_list_item_and_a_link_changed_in_the_dutch_are_stale_with_their_reasons() {
    let dir = project_copy();
    let root = dir.path();
    edit(
        root,
        S3,
        "  \"behandeling van symptomen die niet met een opstoot te maken hebben\",\n",
        "  \"behandeling van symptomen die niet met een opstoot te maken hebben\",\n  \"revalidatie\",\n",
    );
    edit(
        root,
        S3,
        "<https://www.msif.org/about-ms/treatments/>",
        "<https://www.msif.org/living-with-ms/>",
    );
    let stale = stale_lines(root);
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert!(
        stale[0].contains("s3-hoofdbenaderingen (list): list item added"),
        "{}",
        stale[0]
    );
    assert!(
        stale[1].contains("s3-dmts-link (paragraph): link target changed: https://www.msif.org/about-ms/treatments/ → https://www.msif.org/living-with-ms/"),
        "{}",
        stale[1]
    );
    // the draft keeps the translated list (three items) and the old link
    let loaded = brochure::source::load_with(
        root,
        &brochure::source::Options {
            lang: Some("en".into()),
            draft: false,
        },
    )
    .expect("a release load with stale blocks succeeds");
    let list = loaded
        .doc
        .blocks()
        .find(|b| b.id == "s3-hoofdbenaderingen")
        .expect("the list");
    assert_eq!(list.origin, brochure::model::Origin::Stale);
    match &list.kind {
        brochure::model::BlockKind::List(items) => assert_eq!(items.len(), 3),
        k => panic!("not a list: {k:?}"),
    }
    // the export offers the new item as a new unit, the others for review
    let xlf = root.join("en.xlf");
    let (code, _, err) = run(
        root,
        &[
            "xliff",
            "export",
            "--lang",
            "en",
            "-o",
            xlf.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let x = std::fs::read_to_string(&xlf).expect("xlf");
    let at = x
        .find("<trans-unit id=\"s3-hoofdbenaderingen/items/4\"")
        .expect("the new item is a unit");
    assert!(x[at..].contains("<target state=\"new\"></target>"));
}

#[test]
fn a_translation_of_the_current_dutch_that_drops_a_citation_is_still_an_error() {
    let dir = project_copy();
    let root = dir.path();
    edit(
        root,
        "source/en/04-sectie-a-wellnesspraktijken.toml",
        "immune system [5].",
        "immune system.",
    );
    let (code, _, err) = run(root, &["status", "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("translation of `s4-beweging-bloedcirculatie` changes its citations"),
        "{err}"
    );
}

#[test]
fn status_json_counts_blocks_and_source_words_per_language() {
    let dir = project_copy();
    let root = dir.path();
    edit(
        root,
        S4,
        "immuunsysteem\u{202f}[5].",
        "immuunsysteem\u{202f}[5] [14].",
    );
    let (code, out, err) = run(root, &["status", "--json", "--diff"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("status --json is JSON");
    let langs = v.as_array().expect("an array of languages");
    let by = |l: &str| {
        langs
            .iter()
            .find(|o| o["lang"] == l)
            .unwrap_or_else(|| panic!("no {l} in {out}"))
    };
    let (en, ar) = (by("en"), by("ar"));
    assert_eq!(en["blocks"]["stale"], 1);
    assert_eq!(en["blocks"]["total"], 261);
    assert_eq!(en["words"]["new"], 0);
    // the stale paragraph's Dutch words, the citations counting one each
    let dutch = "Beweging stimuleert de bloedcirculatie en verbetert de zuurstofvoorziening in \
        het lichaam. Dit is belangrijk voor de functie en het behoud van zenuwcellen. \
        Lichaamstraining kan het lichaam ook helpen ontstekingen te verminderen en \
        ondersteunt zo het immuunsysteem [5] [14].";
    assert_eq!(
        en["words"]["stale"],
        dutch.split_whitespace().count() as u64
    );
    assert_eq!(en["words"]["total"], ar["words"]["total"], "one source");
    // Arabic is complete: the one Dutch edit makes one stale block there too
    let (stale, total) = (
        ar["words"]["stale"].as_u64().expect("n"),
        ar["words"]["total"].as_u64().expect("n"),
    );
    assert_eq!(ar["words"]["new"], 0);
    assert!(stale > 0 && stale < total, "{stale} of {total}");
    let unit = &en["units"][0];
    assert_eq!(unit["id"], "s4-beweging-bloedcirculatie");
    assert_eq!(unit["reasons"][0], "citation [14] added");
    assert_eq!(unit["changes"][0]["field"], "text");
    // the text report has the same counts
    let (_, text, _) = run(root, &["status", "--lang", "en"]);
    assert!(
        text.contains(&format!(
            "  words: 0 new, {} stale, {total} total",
            en["words"]["stale"]
        )),
        "{text}"
    );
    // a language that does not load: exit 1, and its object says so
    edit(root, "source/ar/language.toml", "[", "[[");
    let (code, out, _) = run(root, &["status", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        v.as_array()
            .expect("array")
            .iter()
            .any(|o| o["lang"] == "ar" && o["error"] == "does not load"),
        "{out}"
    );
}

/// The rectangles (`re` operators) on every page of a PDF file.
fn rectangles(path: &Path) -> usize {
    let pdf = lopdf::Document::load(path).expect("a PDF");
    pdf.get_pages()
        .values()
        .map(|&id| {
            let content = pdf.get_and_decode_page_content(id).expect("content");
            content
                .operations
                .iter()
                .filter(|o| o.operator == "re")
                .count()
        })
        .sum()
}

#[test]
fn a_draft_marks_a_stale_block_with_a_change_bar_and_a_release_does_not() {
    let dir = project_copy();
    let root = dir.path();
    edit(
        root,
        S4,
        "Beweging stimuleert de",
        "Beweging stimuleert vaak de",
    );
    assert_eq!(stale_lines(root).len(), 1);
    let (draft, release) = (root.join("draft.pdf"), root.join("release.pdf"));
    for (args, out) in [(&["--draft"][..], &draft), (&[][..], &release)] {
        let mut all = vec!["build", "--lang", "en", "-o", out.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        let (code, _, err) = run(root, &all);
        assert_eq!(code, 0, "{err}");
    }
    // one bar per line of the stale paragraph (it has at least two)
    let extra = rectangles(&draft) - rectangles(&release);
    assert!((2..=12).contains(&extra), "{extra} change bars");
}
