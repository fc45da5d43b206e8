//! Writing a translation status as an XLIFF 1.2 document: one `<file>` per
//! source content file, one `<group>` per block, one `<trans-unit>` per
//! translatable field. The XLIFF written is simple enough to be produced by
//! hand.

use super::codes::{code_keys, escaped, target_ids, write_xml};
use super::segments::{from_markup, has_paragraphs, is_plain};
use super::{BROCHURE_NS, XLIFF_NS};
use crate::source::fields::Field;
use crate::source::translation::{Status, Unit, UnitState};

/// The id of a trans-unit: `BLOCK/FIELD`, list items `BLOCK/items/N` (from 1).
pub(super) fn unit_ids(u: &Unit) -> Vec<String> {
    let mut n = 0;
    u.source
        .iter()
        .map(|(f, _)| {
            if *f == Field::Items {
                n += 1;
                format!("{}/items/{n}", u.id)
            } else {
                format!("{}/{}", u.id, f.key())
            }
        })
        .collect()
}

/// The `resname` of a trans-unit: its id with dots, `s1-intro.text`,
/// `s3-list.items.2` (a stable name CAT tools and PO files keep as context).
pub(super) fn resname(id: &str) -> String {
    id.replace('/', ".")
}

/// The unit's id as a location context, which translate-toolkit's
/// `xliff2po` turns into the PO reference `#: ID` and `po2xliff` back into
/// the same context, so that import knows which unit a PO entry is.
fn location_context(id: &str) -> String {
    format!(
        "          <context-group purpose=\"location\"><context context-type=\"sourcefile\">{}</context></context-group>\n",
        escaped(id)
    )
}

/// Where the unit's source text is written: `source/nl/x.toml, line 12`.
fn location_note(u: &Unit) -> String {
    format!("source: {}, line {}", u.source_file, u.source_line)
}

/// The translation of `field` of `u` (for list items the `item`-th item,
/// from 1), raw markup.
pub(super) fn target_at(u: &Unit, field: Field, item: usize) -> Option<&str> {
    field_at(&u.target, field, item)
}

/// The value of `field` in `fields` (for list items the `item`-th, from 1).
fn field_at(fields: &[(Field, String)], field: Field, item: usize) -> Option<&str> {
    let mut same = fields.iter().filter(|(f, _)| *f == field);
    let found = if field == Field::Items {
        same.nth(item.checked_sub(1)?)
    } else {
        same.next()
    };
    found.map(|(_, v)| v.as_str())
}

/// The translator's note of a trans-unit: what the field is, and whether
/// its translation needs review.
fn field_note(u: &Unit, field: Field, item: usize, items: usize) -> String {
    let what = match (u.kind.as_str(), field) {
        ("section", Field::Title) => "section title; plain text".to_string(),
        ("section", Field::Lead) => "section lead (the text under the section title)".to_string(),
        ("photo", Field::Alt) => {
            "photo alt text (read out by screen readers); plain text".to_string()
        }
        ("photo", Field::Caption) => "photo caption".to_string(),
        ("list", _) => format!("list item {item} of {items}"),
        (k, Field::Text) if has_paragraphs(k, field) => format!(
            "{k} text; the x-paragraph codes separate paragraphs, move or add them as needed"
        ),
        (k, f) => format!("{k} {}", f.key()),
    };
    match u.state {
        UnitState::Translated if !u.approved => format!(
            "{what}. Translated, not yet approved by a reviewer ([review] in the language's language.toml)"
        ),
        UnitState::Stale if u.reasons.is_empty() => {
            format!("{what}. The source text changed since this translation was made: review it")
        }
        UnitState::Stale => format!(
            "{what}. The source text changed since this translation was made ({}): review it",
            u.reasons.join(", ")
        ),
        _ => what,
    }
}

/// The XLIFF 1.2 document of a translation status; every `<file>` header
/// references the `glossary` (its href) when there is one.
pub(super) fn xliff_document(
    st: &Status,
    source_lang: &str,
    glossary: Option<&str>,
) -> (String, [usize; 3]) {
    let mut counts = [0; 3];
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff version=\"1.2\" xmlns=\"{XLIFF_NS}\" xmlns:bro=\"{BROCHURE_NS}\">\n"
    ));
    let mut files: Vec<&str> = Vec::new();
    for u in &st.units {
        if u.state != UnitState::Orphaned && !files.contains(&u.source_file.as_str()) {
            files.push(&u.source_file);
        }
    }
    for f in files {
        file_start(f, source_lang, st, glossary, &mut out);
        for u in st
            .units
            .iter()
            .filter(|u| u.state != UnitState::Orphaned && u.source_file == f)
        {
            write_group(u, &mut out, &mut counts);
        }
        out.push_str("    </body>\n  </file>\n");
    }
    if !st.language.is_empty() {
        let f = format!("source/{source_lang}/language.toml");
        file_start(&f, source_lang, st, glossary, &mut out);
        write_language(st, &mut out, &mut counts);
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    (out, counts)
}

/// Opens a `<file>` for the source file `f`: its header (with the
/// glossary) and `<body>`.
fn file_start(f: &str, source_lang: &str, st: &Status, glossary: Option<&str>, out: &mut String) {
    out.push_str(&format!(
        "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\" tool-id=\"brochure\">\n",
        escaped(f),
        escaped(source_lang),
        escaped(&st.lang)
    ));
    out.push_str(&format!(
        "    <header>\n      <tool tool-id=\"brochure\" tool-name=\"brochure\" tool-version=\"{}\"/>\n",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(href) = glossary {
        out.push_str(&format!(
            "      <glossary><external-file href=\"{}\"/></glossary>\n",
            escaped(href)
        ));
    }
    out.push_str("    </header>\n    <body>\n");
}

/// The strings of `language.toml` as one group of plain-text trans-units.
fn write_language(st: &Status, out: &mut String, counts: &mut [usize; 3]) {
    out.push_str(
        "      <group id=\"language.toml\" restype=\"x-language\">\n        <note from=\"brochure\">the strings of the language's language.toml: the brochure's title, the labels a reader sees, the month names and the date format</note>\n",
    );
    for u in &st.language {
        let id = u.id();
        let (state, k) = match (&u.target, u.approved) {
            (Some(_), true) => ("translated", 0),
            (Some(_), false) => ("needs-review-translation", 1),
            (None, _) => ("new", 2),
        };
        counts[k] += 1;
        let approved = if state == "translated" {
            " approved=\"yes\""
        } else {
            ""
        };
        out.push_str(&format!(
            "        <trans-unit id=\"{}\" resname=\"{}\"{approved}>\n          <source>{}</source>\n          <target state=\"{state}\">{}</target>\n",
            escaped(&id),
            escaped(&resname(&id)),
            escaped(&u.source),
            escaped(u.target.as_deref().unwrap_or_default())
        ));
        let what = match (u.table, u.key) {
            ("brochure", "title") => "the brochure's title (cover, page headers, PDF metadata); plain text".to_string(),
            ("dates", "months") => format!("month {} of 12, as dates print it", u.item.unwrap_or(0)),
            ("dates", "format") => "the date format: keep {day}, {month} and {year} as they are, move them as the language needs".to_string(),
            (_, key) => format!("the label `{key}`; plain text"),
        };
        out.push_str(&format!(
            "          <note from=\"brochure\">{}</note>\n          <note from=\"brochure\" annotates=\"source\">source: {}, line {}</note>\n{}        </trans-unit>\n",
            escaped(&what),
            escaped(&u.source_file),
            u.source_line,
            location_context(&id)
        ));
    }
    out.push_str("      </group>\n");
}

/// Writes one block as a `<group>` of trans-units, counting them by state.
fn write_group(u: &Unit, out: &mut String, counts: &mut [usize; 3]) {
    out.push_str(&format!(
        "      <group id=\"{}\" restype=\"x-{}\" bro:fingerprint=\"{}\">\n",
        escaped(&u.id),
        escaped(&u.kind),
        escaped(&u.fingerprint)
    ));
    out.push_str(&format!(
        "        <note from=\"brochure\">{} block `{}`; source fingerprint {} (keep it: it records which source text was translated)</note>\n",
        escaped(&u.kind),
        escaped(&u.id),
        escaped(&u.fingerprint)
    ));
    let ids = unit_ids(u);
    let items = u.source.iter().filter(|(f, _)| *f == Field::Items).count();
    let (mut item, mut t_item) = (0, 0);
    for (&(field, ref raw), tid) in u.source.iter().zip(&ids) {
        if field == Field::Items {
            item += 1;
        }
        let plain = is_plain(&u.kind, field);
        let src = from_markup(raw, plain);
        // the target field at the same place (the k-th item for lists)
        if field == Field::Items {
            t_item += 1;
        }
        let target = target_at(u, field, t_item);
        let state = match (u.state, target) {
            (UnitState::Translated, Some(_)) if u.approved => "translated",
            (UnitState::Translated | UnitState::Stale, Some(_)) => "needs-review-translation",
            _ => "new",
        };
        let approved = if state == "translated" {
            " approved=\"yes\""
        } else {
            ""
        };
        out.push_str(&format!(
            "        <trans-unit id=\"{}\" resname=\"{}\"{approved}>\n          <source>",
            escaped(tid),
            escaped(&resname(tid))
        ));
        let mut ks = Vec::new();
        code_keys(&src, &mut ks);
        let sids: Vec<usize> = (1..=ks.len()).collect();
        write_xml(&src, &mut sids.iter(), out);
        out.push_str("</source>\n");
        match target {
            Some(t) if state != "new" => {
                let tsegs = from_markup(t, plain);
                let tids = target_ids(&src, &tsegs);
                out.push_str(&format!("          <target state=\"{state}\">"));
                write_xml(&tsegs, &mut tids.iter(), out);
                out.push_str("</target>\n");
            }
            _ => out.push_str("          <target state=\"new\"></target>\n"),
        }
        // the source text the translation was made from, when it differs
        if let (Some(t), Some(old)) = (
            target.filter(|_| state != "new"),
            u.previous
                .as_deref()
                .and_then(|p| field_at(p, field, t_item))
                .filter(|old| from_markup(old, plain) != src),
        ) {
            write_previous(old, t, plain, out);
        }
        counts[match state {
            "translated" => 0,
            "new" => 2,
            _ => 1,
        }] += 1;
        out.push_str(&format!(
            "          <note from=\"brochure\">{}</note>\n          <note from=\"brochure\" annotates=\"source\">{}</note>\n{}        </trans-unit>\n",
            escaped(&field_note(u, field, item, items)),
            escaped(&location_note(u)),
            location_context(tid)
        ));
    }
    out.push_str("      </group>\n");
}

/// Writes the earlier source text `old` of a stale unit, with its
/// translation `target`, as an `<alt-trans alttranstype="previous-version">`
/// (as gettext's previous msgid), so that a reviewer sees what changed.
fn write_previous(old: &str, target: &str, plain: bool, out: &mut String) {
    let osegs = from_markup(old, plain);
    let tsegs = from_markup(target, plain);
    let mut ks = Vec::new();
    code_keys(&osegs, &mut ks);
    let oids: Vec<usize> = (1..=ks.len()).collect();
    let tids = target_ids(&osegs, &tsegs);
    out.push_str("          <alt-trans alttranstype=\"previous-version\" origin=\"brochure\">\n            <source>");
    write_xml(&osegs, &mut oids.iter(), out);
    out.push_str("</source>\n            <target>");
    write_xml(&tsegs, &mut tids.iter(), out);
    out.push_str("</target>\n          </alt-trans>\n");
}
