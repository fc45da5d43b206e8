//! CAT-tool interoperability of the XLIFF export and import: `approved`,
//! `resname` and location notes on every unit, the summary of unknown
//! units, language aliases and the reviewer's warnings.

use std::path::Path;

use quick_xml::events::Event;

use crate::common;

/// One `<trans-unit>` of an exported file: its attributes and notes.
#[derive(Debug, Default)]
struct XUnit {
    id: String,
    resname: Option<String>,
    approved: Option<String>,
    state: Option<String>,
    notes: Vec<String>,
}

/// The trans-units of an XLIFF file, parsed with quick-xml.
fn units(xml: &str) -> Vec<XUnit> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out: Vec<XUnit> = Vec::new();
    let mut in_note = false;
    let attr = |e: &quick_xml::events::BytesStart, k: &str| {
        e.try_get_attribute(k).expect("attribute").map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .expect("value")
                .into_owned()
        })
    };
    loop {
        match r.read_event().expect("well-formed XLIFF") {
            Event::Start(e) if e.name().0 == "trans-unit" => out.push(XUnit {
                id: attr(&e, "id").expect("id"),
                resname: attr(&e, "resname"),
                approved: attr(&e, "approved"),
                ..XUnit::default()
            }),
            Event::Start(e) if e.name().0 == "target" => {
                if let Some(u) = out.last_mut() {
                    u.state = attr(&e, "state");
                }
            }
            Event::Start(e) if e.name().0 == "note" => in_note = true,
            Event::End(e) if e.name().0 == "note" => in_note = false,
            Event::Text(t) if in_note => {
                if let Some(u) = out.last_mut() {
                    u.notes.push(t.xml10_content().into_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Exports `lang` of the project at `dir` and returns the XLIFF text.
fn export(dir: &Path, lang: &str) -> String {
    let out = dir.join(format!("{lang}.xlf"));
    brochure::xliff::export(dir, lang, &out).expect("export");
    std::fs::read_to_string(out).expect("read export")
}

#[test]
fn translated_units_are_approved_and_every_unit_has_resname_and_location() {
    let p = common::project_copy();
    let xml = export(p.path(), "en");
    let us = units(&xml);
    // 282 units of the content, 22 of language.toml
    assert_eq!(us.len(), 304);
    for u in &us {
        assert_eq!(u.state.as_deref(), Some("translated"), "{}", u.id);
        assert_eq!(u.approved.as_deref(), Some("yes"), "{}", u.id);
        assert_eq!(u.resname.as_deref(), Some(u.id.replace('/', ".").as_str()));
        let loc = u
            .notes
            .iter()
            .find(|n| {
                n.starts_with("source: source/nl/") || n.starts_with("source: source/brochure.toml")
            })
            .unwrap_or_else(|| panic!("{}: no location note in {:?}", u.id, u.notes));
        let line: usize = loc.rsplit("line ").next().unwrap().parse().expect("line");
        assert!(line > 0);
    }
    let list_item = us
        .iter()
        .find(|u| u.id.contains("/items/2"))
        .expect("a list item");
    assert!(list_item.resname.as_deref().unwrap().ends_with(".items.2"));
    // an incomplete language: new units are not approved
    common::untranslate_sections_3_to_7(p.path(), "ar");
    let ar = units(&export(p.path(), "ar"));
    let new = ar
        .iter()
        .find(|u| u.state.as_deref() == Some("new"))
        .unwrap();
    assert_eq!(new.approved, None);
}

#[test]
fn the_location_note_names_the_line_of_the_block() {
    let p = common::project_copy();
    let us = units(&export(p.path(), "en"));
    let u = &us[0];
    let loc = u.notes.iter().find(|n| n.starts_with("source: ")).unwrap();
    let (file, line) = loc["source: ".len()..].split_once(", line ").unwrap();
    let text = std::fs::read_to_string(p.path().join(file)).expect("source file");
    let line: usize = line.parse().unwrap();
    let block = u.id.split('/').next().unwrap();
    // the block's table starts at that line and holds its id
    let table: Vec<&str> = text.lines().skip(line - 1).take(6).collect();
    assert!(
        table[0].starts_with("[["),
        "line {line} of {file}: {table:?}"
    );
    assert!(
        table.iter().any(|l| *l == format!("id = \"{block}\"")),
        "line {line} of {file} does not start block {block}: {table:?}"
    );
}

/// Every file under `dir/source`, by path.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    fn walk(d: &Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push((p.clone(), std::fs::read(&p).expect("read")));
            }
        }
    }
    let mut out = Vec::new();
    walk(&dir.join("source"), &mut out);
    out.sort();
    out
}

/// `xml` with the `id` of the trans-units `which` picks renamed to `x-N`
/// (their resname and location context removed too, when `keep_resname`
/// is false: nothing names their unit any more).
fn renumbered(xml: &str, which: impl Fn(usize) -> bool, keep_resname: bool) -> String {
    let mut out = String::new();
    for (k, part) in xml.split("<trans-unit id=\"").enumerate() {
        if k == 0 {
            out.push_str(part);
            continue;
        }
        out.push_str("<trans-unit id=\"");
        if which(k) {
            let end = part.find('"').unwrap();
            let mut rest = part[end..].to_string();
            if !keep_resname {
                let a = rest.find(" resname=\"").unwrap();
                let b = a + 10 + rest[a + 10..].find('"').unwrap() + 1;
                rest.replace_range(a..b, "");
                let c = rest.find("<context-group").unwrap();
                let d = c + rest[c..].find("</context-group>\n").unwrap() + 17;
                rest.replace_range(c..d, "");
            }
            out.push_str(&format!("x-{k}{rest}"));
        } else {
            out.push_str(part);
        }
    }
    out
}

#[test]
fn unknown_units_are_one_summary_warning() {
    let p = common::project_copy();
    let xml = export(p.path(), "en");
    let f = p.path().join("some.xlf");
    std::fs::write(&f, renumbered(&xml, |k| k % 10 == 0, false)).unwrap();
    let before = snapshot(p.path());
    let imp = brochure::xliff::import(p.path(), &f, false).expect("import");
    assert_eq!(imp.warnings.len(), 1, "{:?}", imp.warnings);
    let w = &imp.warnings[0].message;
    assert!(
        w.starts_with("30 trans-unit(s) not in the source, skipped: `x-10`, `x-20`"),
        "{w}"
    );
    // 28 of the content, 2 of language.toml
    assert!(w.ends_with("and 25 more"), "{w}");
    assert_eq!(imp.unchanged, 282 - 28);
    assert_eq!(snapshot(p.path()), before);
}

#[test]
fn an_import_where_no_unit_matched_exits_1_and_writes_nothing() {
    let p = common::project_copy();
    let xml = export(p.path(), "en");
    let f = p.path().join("none.xlf");
    std::fs::write(&f, renumbered(&xml, |_| true, false)).unwrap();
    let before = snapshot(p.path());
    let out = common::cli(&[
        "xliff",
        "import",
        "-C",
        p.path().to_str().unwrap(),
        f.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("304 trans-unit(s) not in the source"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(err.matches("not in the source").count(), 1, "{err}");
    assert_eq!(snapshot(p.path()), before);
}

#[test]
fn renumbered_ids_are_matched_by_resname() {
    let p = common::project_copy();
    let xml = export(p.path(), "en");
    let f = p.path().join("renumbered.xlf");
    std::fs::write(&f, renumbered(&xml, |_| true, true)).unwrap();
    let imp = brochure::xliff::import(p.path(), &f, false).expect("import");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    assert_eq!(imp.unchanged, 282);
}

/// `xml` with every `target-language="en"` set to `tag`.
fn tagged(xml: &str, tag: &str) -> String {
    xml.replace(
        "target-language=\"en\"",
        &format!("target-language=\"{tag}\""),
    )
}

#[test]
fn a_region_tag_imports_into_the_language_without_region() {
    let p = common::project_copy();
    let xml = export(p.path(), "en");
    let f = p.path().join("en-GB.xlf");
    std::fs::write(&f, tagged(&xml, "en-GB")).unwrap();
    let before = snapshot(p.path());
    let imp = brochure::xliff::import(p.path(), &f, false).expect("import en-GB");
    assert_eq!(imp.lang, "en");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    assert_eq!(imp.unchanged, 282);
    assert_eq!(snapshot(p.path()), before);
    // a language that does not exist, with or without a region, is refused
    std::fs::write(&f, tagged(&xml, "fr-FR")).unwrap();
    let err = brochure::xliff::import(p.path(), &f, false).expect_err("fr-FR");
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.message.contains("unknown language `fr-FR`")),
        "{:?}",
        err.diagnostics
    );
}

#[test]
fn language_aliases_in_brochure_toml_map_a_tag_to_a_language() {
    let p = common::project_copy();
    let xml = export(p.path(), "en");
    let toml = p.path().join("source/brochure.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[language_aliases]\n\"en-x-agency\" = \"en\"\n");
    std::fs::write(&toml, text).unwrap();
    let f = p.path().join("agency.xlf");
    std::fs::write(&f, tagged(&xml, "EN-X-AGENCY")).unwrap();
    let imp = brochure::xliff::import(p.path(), &f, false).expect("import alias");
    assert_eq!(imp.lang, "en");
    assert_eq!(imp.unchanged, 282);
    // `--lang` takes a tag too
    let out = common::cli(&[
        "status",
        "-C",
        p.path().to_str().unwrap(),
        "--lang",
        "en-GB",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reviewer_warnings_name_the_unit_and_the_xliff_line() {
    let p = common::project_copy();
    let xml = export(p.path(), "en");
    // the disclaimer's text made identical to its source; its title gains
    // emphasis and a number
    let mut out = xml.clone();
    let first = xml
        .find("<trans-unit id=\"front-disclaimer/text\"")
        .unwrap();
    let src = &xml[first..];
    let s = src.find("<source>").unwrap() + 8;
    let s_end = src.find("</source>").unwrap();
    let t = src.find("<target state=\"translated\">").unwrap() + 27;
    let t_end = src.find("</target>").unwrap();
    out.replace_range(first + t..first + t_end, &src[s..s_end]);
    let out = out.replacen(
        ">Disclaimer</target>",
        "><g id=\"9\" ctype=\"italic\">Disclaimer</g> 2</target>",
        1,
    );
    let f = p.path().join("review.xlf");
    std::fs::write(&f, &out).unwrap();
    let imp = brochure::xliff::import(p.path(), &f, true).expect("import");
    let msgs: Vec<(String, usize)> = imp
        .warnings
        .iter()
        .map(|w| {
            let (line, _) = imp.sources.line_col(w.file.unwrap(), w.span.start);
            (w.message.clone(), line)
        })
        .collect();
    let line_of = |needle: &str| out[..out.find(needle).unwrap()].lines().count();
    assert!(
        msgs.iter().any(|(m, l)| m
            == "unit `front-disclaimer/text`: the target is identical to the source: is it translated?"
            && *l == line_of("<target state=\"translated\">De informatie")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|(m, _)| m.starts_with("unit `front-disclaimer/title`: emphasis changed")),
        "{msgs:?}"
    );
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(
        msgs.iter().any(|(m, _)| m
            == "unit `front-disclaimer/title`: numbers changed: the source has none, the target 2"),
        "{msgs:?}"
    );
}

/// The translation status of `lang` in the project at `dir`.
fn status(dir: &Path, lang: &str) -> brochure::source::Status {
    let opts = brochure::source::Options {
        lang: Some(lang.to_string()),
        draft: true,
    };
    brochure::source::load_with(dir, &opts)
        .expect("load")
        .status
        .expect("a translation")
}

#[test]
fn word_counts_are_source_words_by_state() {
    let p = common::project_copy();
    common::untranslate_sections_3_to_7(p.path(), "ar");
    let en = status(p.path(), "en").word_counts();
    let ar = status(p.path(), "ar").word_counts();
    assert_eq!((en.new, en.stale), (0, 0));
    assert!(en.total > 5000, "{en:?}");
    assert_eq!(ar.total, en.total);
    assert!(ar.new > 0 && ar.new < ar.total, "{ar:?}");
    assert_eq!(
        brochure::source::words("Zie [15] en <https://x.org/> ~ ok."),
        5
    );
}
