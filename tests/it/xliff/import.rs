//! Importing edited translations: stale units confirmed, lost citations
//! refused, missing units translated, new tables written in order.

use std::process::Command;

use brochure::source::UnitState;
use brochure::{source, xliff};

use super::{Project, collapse, render, set_target, target_of, unit};
use crate::common::{self, cli};

#[test]
fn a_stale_unit_confirmed_in_the_cat_tool_gets_the_new_fingerprint() {
    let p = Project::new();
    p.change_dutch_source();
    let (xlf, text) = p.export("en");
    let before = p.snapshot();
    // still under review: nothing changes
    assert!(p.import(&xlf).written.is_empty());
    assert_eq!(before, p.snapshot());
    // confirmed: the fingerprint follows, the text stays
    std::fs::write(
        &xlf,
        text.replace("state=\"needs-review-translation\"", "state=\"translated\""),
    )
    .expect("write");
    let done = p.import(&xlf);
    assert_eq!(done.confirmed, 1, "{:?}", done.summary);
    assert_eq!(
        done.written,
        [
            "source/en/01-inleiding.toml",
            "source/en/source-history.toml"
        ]
    );
    let st = p.status("en");
    let u = unit(&st, "s1-behandeling-levenskwaliteit");
    assert_eq!(u.state, UnitState::Translated);
    assert_eq!(st.count(UnitState::Stale), 0);
}

#[test]
fn a_unit_that_lost_a_citation_is_refused_and_nothing_is_written() {
    let p = Project::new();
    let (xlf, text) = p.export("en");
    let before = p.snapshot();
    let id = "s4-beweging-levenskwaliteit/text";
    let target = target_of(&text, id);
    let cite = "<ph id=\"1\" ctype=\"x-citation\">[1–3]</ph>";
    assert!(target.contains(cite), "{target}");
    let mut edited = set_target(
        &text,
        id,
        &format!(
            "<target state=\"translated\">{}</target>",
            target.replace(cite, "")
        ),
    );
    // a good change elsewhere, which must not be written either
    edited = set_target(
        &edited,
        "s1-definities/title",
        "<target state=\"translated\">Definitions (revised)</target>",
    );
    std::fs::write(&xlf, &edited).expect("write");
    let xlf_s = xlf.to_str().expect("UTF-8");
    let dir = p.path().to_str().expect("UTF-8");
    let out = cli(&["-C", dir, "xliff", "import", xlf_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(id), "{stderr}");
    assert!(
        stderr.contains("changes its citations: the source cites [1–3] [4], the translation [4]"),
        "{stderr}"
    );
    let line = edited[..edited
        .find(&format!("<trans-unit id=\"{id}\""))
        .expect("unit")]
        .matches('\n')
        .count()
        + 3;
    assert!(stderr.contains(&format!("{xlf_s}:{line}:")), "{stderr}");
    assert!(
        stderr.contains("source/nl/04-sectie-a-wellnesspraktijken.toml"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(before, p.snapshot(), "a refused import wrote files");

    // a changed link target is refused the same way
    let nl = "source/nl/03-standaardbehandelingen.toml";
    let en = "source/en/03-standaardbehandelingen.toml";
    assert!(
        p.read(nl)
            .contains("<https://www.msif.org/about-ms/treatments/>")
    );
    assert!(
        p.read(en)
            .contains("<https://www.msif.org/about-ms/treatments/>")
    );
    let link = set_target(
        &text,
        "s3-dmts-link/text",
        "<target state=\"translated\"><ph id=\"1\" ctype=\"x-link\">&lt;https://example.org/&gt;</ph></target>",
    );
    std::fs::write(&xlf, &link).expect("write");
    let err = xliff::import(p.path(), &xlf, false).expect_err("refused");
    let msgs: Vec<&str> = err.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("s3-dmts-link/text")
            && m.contains("changes its links")
            && m.contains("https://example.org/")),
        "{msgs:?}"
    );
    assert_eq!(before, p.snapshot());
}

#[test]
fn translating_a_missing_unit_makes_it_translated_and_built() {
    let p = Project::new();
    common::untranslate_sections_3_to_7(p.path(), "ar");
    let (xlf, text) = p.export("ar");
    let id = "s3-opstoot-oorzaak/text";
    assert!(target_of(&text, id).is_empty());
    let arabic = "تنتج انتكاسات التصلب المتعدد عن التهاب XLIFF في الجهاز العصبي المركزي.";
    let edited = set_target(
        &text,
        id,
        &format!("<target state=\"translated\">{arabic}</target>"),
    );
    std::fs::write(&xlf, edited).expect("write");
    let before = p.snapshot();
    let done = p.import(&xlf);
    assert_eq!(done.added, 1, "{:?}", done.summary);
    assert_eq!(
        done.written,
        [
            "source/ar/03-standaardbehandelingen.toml",
            "source/ar/source-history.toml"
        ]
    );
    // only the new file and the source text it was translated from:
    // everything else is untouched
    let after = p.snapshot();
    let new_file = p.file("source/ar/03-standaardbehandelingen.toml");
    let history = "source/ar/source-history.toml";
    for (path, bytes) in before.iter().filter(|(p, _)| !p.ends_with(history)) {
        assert_eq!(Some(bytes), after.get(path), "{} changed", path.display());
    }
    // the new file, and the history file unless the translation had one
    let had_history = before.keys().any(|p| p.ends_with(history));
    assert_eq!(after.len(), before.len() + 1 + usize::from(!had_history));
    let written = std::fs::read_to_string(&new_file).expect("new file");
    assert!(written.starts_with("# "), "{written}");
    assert!(
        written.contains(&format!(
            "\n\n\n[s3-opstoot-oorzaak]\nsource = \"67308b6bb29878a7\"\ntext = \"\"\"\n{arabic}\n\"\"\"\n"
        )),
        "{written}"
    );

    let st = p.status("ar");
    let u = unit(&st, "s3-opstoot-oorzaak");
    assert_eq!(u.state, UnitState::Translated);

    let pdf = p.file("ar.pdf");
    let opts = brochure::BuildOptions {
        lang: Some("ar".into()),
        draft: true,
        output: Some(pdf.clone()),
        ..Default::default()
    };
    if let Err(e) = brochure::build(p.path(), &opts) {
        panic!("build failed: {}", render(&e.sources, &e.diagnostics));
    }
    let loaded = source::load_with(
        p.path(),
        &source::Options {
            lang: Some("ar".into()),
            draft: true,
        },
    )
    .expect("load");
    let b = loaded
        .doc
        .blocks()
        .find(|b| b.id == "s3-opstoot-oorzaak")
        .expect("block");
    assert_eq!(b.origin, brochure::model::Origin::Translated);
    assert_eq!(b.plain_text(), arabic);
    // where pdftotext is installed, the PDF holds the text
    if let Ok(out) = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        && out.status.success()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("XLIFF"), "the new text is not in the PDF");
    }

    // a block with some units left empty is not written
    let (xlf, text) = p.export("ar");
    let edited = set_target(
        &text,
        "s3-hoofdbenaderingen/items/1",
        "<target state=\"translated\">علاج الانتكاسة</target>",
    );
    std::fs::write(&xlf, edited).expect("write");
    let before = p.snapshot();
    let done = p.import(&xlf);
    assert!(done.written.is_empty());
    assert!(
        done.warnings
            .iter()
            .any(|w| w.message.contains("s3-hoofdbenaderingen") && w.message.contains("1 of 3")),
        "{:?}",
        done.warnings
    );
    assert_eq!(before, p.snapshot());
}

#[test]
fn a_new_table_goes_in_reading_order_and_keeps_the_file_format() {
    let p = Project::new();
    let en = "source/en/01-inleiding.toml";
    let original = p.read(en);
    let a = original.find("[s1-symptomen-prioriteit]").expect("table");
    let b = original.find("[s1-definities]").expect("next table");
    let removed = &original[a..b];
    p.write(en, &format!("{}{}", &original[..a], &original[b..]));
    let (xlf, text) = p.export("en");
    let translation = collapse(removed.split("\"\"\"").nth(1).expect("a multi-line text"));
    let edited = set_target(
        &text,
        "s1-symptomen-prioriteit/text",
        &format!("<target>{translation}</target>"),
    );
    std::fs::write(&xlf, edited).expect("write");
    let done = p.import(&xlf);
    assert_eq!(done.added, 1);
    let now = p.read(en);
    // the same file, up to the wrapping of the new text
    assert_eq!(collapse(&now), collapse(&original));
    assert_eq!(&now[..a], &original[..a]);
    assert!(now.ends_with(&original[b..]));
    assert!(now[a..].lines().take(20).all(|l| l.chars().count() <= 78));
}
