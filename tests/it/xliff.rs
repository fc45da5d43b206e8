//! `brochure xliff export` / `import` on copies of the real project: round
//! trips, refusals, new translations, inline codes, XML escaping and
//! malformed files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use brochure::source;
use brochure::source::UnitState;
use brochure::source::fields::{self, Field, Shape};
use brochure::xliff;

use crate::common;
use common::{cli, root};

/// A copy of the project (source/ and fonts/) in a temporary folder.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        Project {
            dir: common::project_copy(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).expect("read")
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.file(rel), text).expect("write");
    }

    /// Every file under source/, by path.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for e in std::fs::read_dir(dir).expect("read dir") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.insert(p.clone(), std::fs::read(&p).expect("read"));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.file("source"), &mut out);
        out
    }

    fn export(&self, lang: &str) -> (PathBuf, String) {
        let out = self.file(&format!("{lang}.xlf"));
        match xliff::export(self.path(), lang, &out) {
            Ok(_) => {}
            Err(e) => panic!("export failed: {}", render(&e.sources, &e.diagnostics)),
        }
        let text = std::fs::read_to_string(&out).expect("read xlf");
        (out, text)
    }

    fn import(&self, xlf: &Path) -> xliff::Imported {
        match xliff::import(self.path(), xlf, false) {
            Ok(i) => i,
            Err(e) => panic!("import failed: {}", render(&e.sources, &e.diagnostics)),
        }
    }

    /// Replaces `from` with `to` in the file `rel`.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        self.write(rel, &self.read(rel).replace(from, to));
    }

    /// Edits the Dutch source of `s1-behandeling-levenskwaliteit`, so that
    /// its translations become stale.
    fn change_dutch_source(&self) {
        let nl = "source/nl/01-inleiding.toml";
        self.edit(
            nl,
            "Behandeling van MS is gericht op",
            "Behandeling van MS richt zich op",
        );
    }

    fn status(&self, lang: &str) -> source::Status {
        let opts = source::Options {
            lang: Some(lang.into()),
            draft: true,
        };
        match source::load_with(self.path(), &opts) {
            Ok(l) => l.status.expect("a translation"),
            Err(e) => panic!("load failed: {}", render(&e.sources, &e.diagnostics)),
        }
    }
}

fn render(sources: &brochure::diag::Sources, diags: &[brochure::diag::Diagnostic]) -> String {
    diags.iter().map(|d| sources.render(d)).collect()
}

/// The `<trans-unit>` element of `id` in an XLIFF text: its byte range.
fn unit_range(xlf: &str, id: &str) -> std::ops::Range<usize> {
    let start = xlf
        .find(&format!("<trans-unit id=\"{id}\""))
        .unwrap_or_else(|| panic!("no unit {id}"));
    let end = start + xlf[start..].find("</trans-unit>").expect("end") + "</trans-unit>".len();
    start..end
}

/// Replaces the `<target …>…</target>` of unit `id` by `target`.
fn set_target(xlf: &str, id: &str, target: &str) -> String {
    let r = unit_range(xlf, id);
    let unit = &xlf[r.clone()];
    let a = unit.find("<target").expect("a target");
    let b = unit.find("</target>").expect("a target end") + "</target>".len();
    format!(
        "{}{}{}{}{}",
        &xlf[..r.start],
        &unit[..a],
        target,
        &unit[b..],
        &xlf[r.end..]
    )
}

/// The inside of the `<target>` of unit `id`.
fn target_of(xlf: &str, id: &str) -> String {
    let unit = &xlf[unit_range(xlf, id)];
    let a = unit.find("<target").expect("a target");
    let a = a + unit[a..].find('>').expect(">") + 1;
    let b = unit.find("</target>").expect("a target end");
    unit[a..b].to_string()
}

fn toml_value(text: &str, id: &str, key: &str) -> String {
    let t: toml::Table = toml::from_str(text).expect("valid TOML");
    t[id][key].as_str().expect("a string").to_string()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The unit `id` of a status.
fn unit<'a>(st: &'a source::Status, id: &str) -> &'a source::Unit {
    st.units.iter().find(|u| u.id == id).expect("unit")
}

#[test]
fn export_then_import_changes_nothing() {
    for lang in ["en", "ar"] {
        let p = Project::new();
        let before = p.snapshot();
        let (xlf, text) = p.export(lang);
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\"")
        );
        assert!(text.contains("xmlns=\"urn:oasis:names:tc:xliff:document:1.2\""));
        assert!(text.contains(&format!(
            "<file original=\"source/nl/01-inleiding.toml\" source-language=\"nl\" target-language=\"{lang}\" datatype=\"plaintext\""
        )));
        let done = p.import(&xlf);
        assert_eq!(
            done.updated + done.added + done.confirmed,
            0,
            "{lang}: {:?}",
            done.summary
        );
        assert!(done.written.is_empty(), "{lang}: {:?}", done.written);
        assert!(done.unchanged > 0);
        assert_eq!(before, p.snapshot(), "{lang}: files changed");

        // a CAT tool that drops attributes of foreign namespaces: the
        // fingerprint is read from the group's note instead
        let stripped = regex_free_strip(&text, " bro:fingerprint=\"");
        assert!(!stripped.contains("bro:fingerprint"));
        std::fs::write(&xlf, stripped).expect("write");
        let done = p.import(&xlf);
        assert!(done.written.is_empty(), "{lang}: {:?}", done.summary);
        assert_eq!(before, p.snapshot(), "{lang}: files changed");
    }
}

/// Removes every attribute that starts with `attr` (`␠name="`) up to its closing quote.
fn regex_free_strip(text: &str, attr: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(attr) {
        out.push_str(&rest[..i]);
        let after = &rest[i + attr.len()..];
        let end = after.find('"').expect("closing quote");
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn export_marks_states_and_leaves_out_orphans() {
    let p = Project::new();
    // a stale unit: the Dutch changed after the translation
    p.change_dutch_source();
    // an orphan: a translation of a block that is not in the source
    let en = "source/en/07-conclusies.toml";
    p.write(
        en,
        &format!(
            "{}\n[weg-gehaald]\nsource = \"0000000000000000\"\ntext = \"Gone.\"\n",
            p.read(en)
        ),
    );
    let out = p.file("en.xlf");
    let done = xliff::export(p.path(), "en", &out).expect("export");
    assert_eq!(done.orphaned, ["weg-gehaald"]);
    assert_eq!(done.counts[1], 1, "one stale unit");
    assert!(done.summary.iter().any(|l| l.contains("weg-gehaald")));
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(!text.contains("weg-gehaald"));
    let unit = &text[unit_range(&text, "s1-behandeling-levenskwaliteit/text")];
    assert!(unit.contains("<target state=\"needs-review-translation\">Treatment of MS"));
    assert!(unit.contains("review it"), "{unit}");
    assert!(text.contains(
        "<group id=\"s1-behandeling-levenskwaliteit\" restype=\"x-paragraph\" bro:fingerprint=\""
    ));
    let (_, ar) = p.export("ar");
    let unit = &ar[unit_range(&ar, "s3-hoofdbenaderingen/items/2")];
    assert!(unit.contains("<target state=\"new\"></target>"), "{unit}");
    assert!(unit.contains("list item 2 of 3"), "{unit}");
}

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
    assert_eq!(done.written, ["source/en/01-inleiding.toml"]);
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
    assert_eq!(done.written, ["source/ar/03-standaardbehandelingen.toml"]);
    // only the new file: everything else is untouched
    let after = p.snapshot();
    let new_file = p.file("source/ar/03-standaardbehandelingen.toml");
    for (path, bytes) in &before {
        assert_eq!(Some(bytes), after.get(path), "{} changed", path.display());
    }
    assert_eq!(after.len(), before.len() + 1);
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

#[test]
fn inline_codes_survive_the_round_trip() {
    let p = Project::new();
    let nl = "source/nl/01-inleiding.toml";
    let en = "source/en/01-inleiding.toml";
    let nl_text = "Zie *de gids* en **vooral** [de website](https://example.org/gids) of\n<https://example.org/b> [1–3, 5]~en zo\\\nverder met af\\-breken.";
    let en_text = "See *the guide* and **above all** [the website](https://example.org/gids) or\n<https://example.org/b> [1–3, 5]~and so\\\non with hy\\-phens.";
    let replace_text = |text: &str, id: &str, new: &str| {
        let a = text
            .find(&format!("id = \"{id}\""))
            .or_else(|| text.find(&format!("[{id}]")))
            .expect("table");
        let s = a + text[a..].find("text = \"\"\"\n").expect("text") + "text = \"\"\"\n".len();
        let e = s + text[s..].find("\n\"\"\"").expect("end");
        format!("{}{}{}", &text[..s], new, &text[e..])
    };
    // in a TOML string a backslash is written twice
    let toml = |s: &str| s.replace('\\', "\\\\");
    p.write(
        nl,
        &replace_text(
            &p.read(nl),
            "s1-behandeling-levenskwaliteit",
            &toml(nl_text),
        ),
    );
    p.write(
        en,
        &replace_text(
            &p.read(en),
            "s1-behandeling-levenskwaliteit",
            &toml(en_text),
        ),
    );
    // the translation was made from this source: give it its fingerprint
    let fp = source::fingerprint(&[(Field::Text, nl_text.into())]);
    p.write(en, &p.read(en).replace("31cf688949d273fb", &fp));
    let references = "source/references.toml";
    assert!(p.read(references).contains("number = 5"));

    let before = p.snapshot();
    let (xlf, text) = p.export("en");
    let id = "s1-behandeling-levenskwaliteit/text";
    let target = target_of(&text, id);
    assert_eq!(
        target,
        "See <g id=\"1\" ctype=\"italic\">the guide</g> and <g id=\"2\" ctype=\"bold\">above all</g> \
         <g id=\"3\" ctype=\"x-link\" bro:href=\"https://example.org/gids\">the website</g> or \
         <ph id=\"4\" ctype=\"x-link\">&lt;https://example.org/b&gt;</ph> \
         <ph id=\"5\" ctype=\"x-citation\">[1–3, 5]</ph>\u{a0}and so<x id=\"6\" ctype=\"lb\"/>on with hy\u{ad}phens."
    );
    let unit = &text[unit_range(&text, id)];
    assert!(unit.contains("<target state=\"translated\">"), "{unit}");
    assert!(
        unit.contains("<source>Zie <g id=\"1\" ctype=\"italic\">de gids</g>"),
        "{unit}"
    );
    assert!(p.import(&xlf).written.is_empty());
    assert_eq!(before, p.snapshot());

    // the translator reorders the sentence, moving the codes; a CAT tool that
    // drops the link target and the native codes of the ph elements
    let moved = "<g id=\"3\" ctype=\"x-link\">The website</g>, <g id=\"2\" ctype=\"bold\">above all</g>, \
                 and <g id=\"1\" ctype=\"italic\">the guide</g> <ph id=\"5\" ctype=\"x-citation\"/> \
                 or <ph id=\"4\"/>\u{a0}and so<x id=\"6\"/>on with hy\u{ad}phens.";
    std::fs::write(
        &xlf,
        set_target(
            &text,
            id,
            &format!("<target state=\"translated\">{moved}</target>"),
        ),
    )
    .expect("write");
    let done = p.import(&xlf);
    assert_eq!(done.updated, 1, "{:?}", done.summary);
    let now = toml_value(&p.read(en), "s1-behandeling-levenskwaliteit", "text");
    assert_eq!(
        now,
        "[The website](https://example.org/gids), **above all**, and *the guide*\n\
         [1–3, 5] or <https://example.org/b>~and so\\\non with hy\\-phens.\n"
    );
    assert_eq!(p.status("en").count(UnitState::Stale), 0);
}

#[test]
fn xml_special_characters_are_escaped() {
    let p = Project::new();
    let en = "source/en/03-standaardbehandelingen.toml";
    let plain = "AT&T says 5 < 6 > 4, \"quoted\" and 'single' \\\\ \\* \\[x\\] \\<https://no.link/";
    p.edit(
        en,
        "caption = \"Oumaima, person with MS, Morocco\"",
        "caption = \"Oumaima & Co <b> \\\"MS\\\", Morocco\"",
    );
    p.write(
        en,
        &p.read(en).replace(
            "title = \"Treatment of a relapse\"",
            &format!("title = '''{plain}'''"),
        ),
    );
    let before = p.snapshot();
    let (xlf, text) = p.export("en");
    assert_eq!(
        target_of(&text, "s3-foto-oumaima/caption"),
        "Oumaima &amp; Co &lt;b&gt; &quot;MS&quot;, Morocco"
    );
    assert_eq!(
        target_of(&text, "s3-behandeling-van-een-opstoot/title"),
        "AT&amp;T says 5 &lt; 6 &gt; 4, &quot;quoted&quot; and 'single' \\ * [x] &lt;https://no.link/"
    );
    assert!(p.import(&xlf).written.is_empty());
    assert_eq!(before, p.snapshot());

    // character references, CDATA and entities in a target
    let edited = set_target(
        &text,
        "s3-foto-oumaima/caption",
        "<target state=\"translated\">&#x4F;umaima &amp; &quot;Co&quot; &lt;b&gt; <![CDATA[a < b & \"c\"]]> *x* ~ [y]</target>",
    );
    std::fs::write(&xlf, edited).expect("write");
    let done = p.import(&xlf);
    assert_eq!(done.updated, 1);
    let now = p.read(en);
    assert!(
        now.contains("caption = \"Oumaima & \\\"Co\\\" <b> a < b & \\\"c\\\" \\\\*x\\\\* \\\\~ \\\\[y\\\\]\"\n"),
        "{now}"
    );
    let caption = toml_value(&now, "s3-foto-oumaima", "caption");
    assert_eq!(
        caption,
        "Oumaima & \"Co\" <b> a < b & \"c\" \\*x\\* \\~ \\[y\\]"
    );
    // the markup prints as typed
    let t = source::parse_markup(&caption, false).expect("the caption parses");
    assert_eq!(
        brochure::model::Inline::plain_text(&t[0]),
        "Oumaima & \"Co\" <b> a < b & \"c\" *x* ~ [y]"
    );
}

#[test]
fn a_malformed_xliff_is_reported_with_line_and_column() {
    let p = Project::new();
    let (xlf, text) = p.export("en");
    let before = p.snapshot();
    let dir = p.path().to_str().expect("UTF-8");
    let xlf_s = xlf.to_str().expect("UTF-8");
    let cases: Vec<(String, &str)> = vec![
        (text.replacen("</source>", "</sourc>", 1), "malformed XLIFF"),
        (text[..text.len() / 2].to_string(), "malformed XLIFF"),
        (
            text.replacen("Disclaimer", "Dis & claimer", 1),
            "malformed XLIFF",
        ),
        (
            text.replacen("Disclaimer", "&nbsp;Disclaimer", 1),
            "unknown entity `&nbsp;`",
        ),
        (
            text.replacen("version=\"1.2\"", "version=\"2.0\"", 1),
            "XLIFF version 2.0 is not supported",
        ),
        (
            "<html><body/></html>".to_string(),
            "is not an XLIFF document",
        ),
        (
            set_target(
                &text,
                "s1-definities/title",
                "<target state=\"translated\">Def<bpt id=\"1\">&lt;b&gt;</bpt>initions</target>",
            ),
            "unknown inline code `<bpt>`",
        ),
    ];
    for (bad, want) in cases {
        std::fs::write(&xlf, &bad).expect("write");
        let out = cli(&["-C", dir, "xliff", "import", xlf_s]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{want}: {stderr}");
        assert!(stderr.contains(want), "{want}: {stderr}");
        // file:line:col
        let loc = stderr
            .split(&format!("{xlf_s}:"))
            .nth(1)
            .unwrap_or_else(|| panic!("{want}: no location in {stderr}"));
        let number = |s: &str| -> usize {
            let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().unwrap_or(0)
        };
        let mut parts = loc.splitn(2, ':');
        let line = number(parts.next().unwrap_or(""));
        let col = number(parts.next().unwrap_or(""));
        assert!(line >= 1 && col >= 1);
        assert_eq!(before, p.snapshot(), "{want}: files changed");
    }
}

#[test]
fn the_command_line_exports_and_imports() {
    let p = Project::new();
    let dir = p.path().to_str().expect("UTF-8");
    let xlf = p.file("hi.xlf");
    let xlf_s = xlf.to_str().expect("UTF-8");
    let out = cli(&["-C", dir, "xliff", "export", "--lang", "hi", "-o", xlf_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("needs-review-translation"), "{stderr}");
    let out = cli(&["-C", dir, "xliff", "import", "--dry-run", xlf_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no translation file changed"), "{stderr}");
    let out = cli(&["-C", dir, "xliff", "export", "--lang", "nl", "-o", xlf_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("source language"), "{stderr}");
}

/// Every text of the project survives markup → XLIFF → markup: the markup
/// written back parses to the same text as the original.
#[test]
fn every_text_of_the_project_converts_both_ways() {
    let parse = |s: &str| source::parse_markup(s, true).unwrap_or_else(|d| panic!("{s:?}: {d:?}"));
    let mut n = 0;
    for lang in ["en", "ar", "hi"] {
        let st = Project::status_of(lang);
        for u in &st.units {
            for (field, raw) in u.source.iter().chain(&u.target) {
                let plain = fields::shape(&u.kind, *field) == Some(Shape::Plain);
                let x = xliff::markup_to_xliff(raw, plain);
                let back = xliff::xliff_to_markup(&x, plain)
                    .unwrap_or_else(|e| panic!("{}: {x}: {e}", u.id));
                if plain {
                    assert_eq!(back, collapse(raw));
                } else {
                    assert_eq!(
                        parse(&back),
                        parse(raw),
                        "{}: {raw:?} → {x} → {back:?}",
                        u.id
                    );
                }
                n += 1;
            }
        }
    }
    assert!(n > 500, "{n} texts");
}

impl Project {
    fn status_of(lang: &str) -> source::Status {
        let opts = source::Options {
            lang: Some(lang.into()),
            draft: true,
        };
        source::load_with(root(), &opts)
            .expect("the project loads")
            .status
            .expect("a translation")
    }
}
