//! Import of the `language.toml` units (see
//! [`crate::source::language_units`]): their targets, as plain text, into
//! the translation's `language.toml`, edited with `toml_edit` so that its
//! comments and everything else stay as they are.

use std::collections::HashMap;
use std::path::Path;

use toml_edit::{Array, DocumentMut, Item, Value};

use super::write::Output;
use crate::diag::Diagnostic;
use crate::source::language_units::{LanguageUnit, UNTRANSLATED};
use crate::source::translation::Status;
use crate::xliff::codes::resolve;
use crate::xliff::read::{XDoc, XUnit};
use crate::xliff::segments::{normalise, to_markup};
use crate::xliff::write::resname;

/// Whether a trans-unit is one of `language.toml` (by id or resname).
fn is_language(u: &XUnit) -> bool {
    u.id.starts_with("language.toml/")
        || u.resname
            .as_deref()
            .is_some_and(|r| r.starts_with("language.toml."))
}

/// Takes the `language.toml` trans-units out of `doc`.
pub(super) fn split(doc: &mut XDoc) -> Vec<XUnit> {
    let (lang, rest) = std::mem::take(&mut doc.units)
        .into_iter()
        .partition(is_language);
    doc.units = rest;
    lang
}

/// What the import makes of the `language.toml` units.
#[derive(Default)]
pub(super) struct Planned {
    /// The new `language.toml`, when it changes.
    pub(super) output: Option<Output>,
    /// Units whose value changed.
    pub(super) updated: usize,
    /// Refused targets (then nothing is written).
    pub(super) refusals: Vec<Diagnostic>,
    /// Units that name no string of `language.toml`.
    pub(super) unknown: Vec<String>,
}

/// Plans the import of `units` (of XLIFF file `xf`) into `source/<lang>/language.toml`.
pub(super) fn plan(root: &Path, st: &Status, units: &[XUnit], xf: usize) -> Planned {
    let mut planned = Planned::default();
    let by_id: HashMap<String, &LanguageUnit> = st.language.iter().map(|u| (u.id(), u)).collect();
    let by_res: HashMap<String, &LanguageUnit> =
        st.language.iter().map(|u| (resname(&u.id()), u)).collect();
    let mut values: Vec<(&LanguageUnit, String)> = Vec::new();
    for x in units {
        let found = by_id
            .get(&x.id)
            .or_else(|| x.resname.as_ref().and_then(|r| by_res.get(r)));
        let Some(&lu) = found else {
            planned.unknown.push(x.id.clone());
            continue;
        };
        let Some((segs, at)) = &x.target else {
            continue;
        };
        let text = match resolve(segs, &HashMap::new(), true) {
            Ok(s) => to_markup(&normalise(s), true).s,
            Err((at, msg)) => {
                planned.refusals.push(
                    Diagnostic::error(xf, at..at + 1, format!("unit `{}`: {msg}", x.id))
                        .with_label("in this target"),
                );
                continue;
            }
        };
        let text = text.trim().to_string();
        let untouched = matches!(x.state.as_deref(), Some("new" | "needs-translation"));
        if text.is_empty() || (untouched && text == lu.source) {
            continue;
        }
        if lu.key == "format" && placeholders(&text) != placeholders(&lu.source) {
            planned.refusals.push(
                Diagnostic::error(
                    xf,
                    *at..*at + 1,
                    format!(
                        "unit `{}` changes the date format's placeholders: the source has {}, the translation {}",
                        x.id,
                        placeholders(&lu.source).join(" "),
                        placeholders(&text).join(" ")
                    ),
                )
                .with_label("keep {day}, {month} and {year} as they are")
                .with_note("nothing was written"),
            );
            continue;
        }
        if lu.target.as_deref() != Some(text.as_str()) {
            values.push((lu, text));
        }
    }
    if values.is_empty() || !planned.refusals.is_empty() {
        return planned;
    }
    planned.updated = values.len();
    let name = format!("source/{}/language.toml", st.lang);
    let path = root.join(&name);
    let old = crate::files::read_text(&path).unwrap_or_else(|_| {
        format!(
            "# Strings of the {} translation a reader sees (brochure xliff import).\n",
            st.lang
        )
    });
    let mut doc: DocumentMut = match old.parse() {
        Ok(d) => d,
        Err(e) => {
            planned.refusals.push(Diagnostic::global(format!(
                "cannot update {name}: {e}; nothing was written"
            )));
            return planned;
        }
    };
    // the months are all translated once each has a translation, old or new
    let months_done = st
        .language
        .iter()
        .filter(|u| u.key == "months")
        .all(|u| u.target.is_some() || values.iter().any(|(v, _)| v.id() == u.id()));
    for (lu, text) in values {
        let table = doc
            .entry(lu.table)
            .or_insert_with(toml_edit::table)
            .as_table_like_mut();
        let Some(table) = table else { continue };
        match lu.item {
            None => {
                table.insert(lu.key, Item::Value(Value::from(text)));
            }
            Some(n) => {
                set_month(table, st, lu, n, text);
                if months_done && let Some(Item::Value(v)) = table.get_mut(lu.key) {
                    v.decor_mut().set_suffix("");
                }
            }
        }
    }
    let text = doc.to_string();
    if text != old {
        planned.output = Some(Output { path, name, text });
    }
    planned
}

/// Sets month `n` (from 1) of the `months` array of `table`, creating the
/// array from the source's names (marked untranslated) when it is not 12 names.
fn set_month(
    table: &mut dyn toml_edit::TableLike,
    st: &Status,
    lu: &LanguageUnit,
    n: usize,
    text: String,
) {
    let complete = table
        .get(lu.key)
        .and_then(Item::as_array)
        .is_some_and(|a| a.len() == 12 && a.iter().all(|v| v.as_str().is_some()));
    if !complete {
        let mut a = Array::new();
        for u in st.language.iter().filter(|u| u.key == lu.key) {
            a.push(u.target.clone().unwrap_or_else(|| u.source.clone()));
        }
        let mut v = Value::Array(a);
        if st
            .language
            .iter()
            .any(|u| u.key == lu.key && u.target.is_none())
        {
            v.decor_mut().set_suffix(format!("  {UNTRANSLATED}"));
        }
        table.insert(lu.key, Item::Value(v));
    }
    let Some(Item::Value(Value::Array(a))) = table.get_mut(lu.key) else {
        return;
    };
    if let Some(v) = a.get_mut(n - 1) {
        let decor = v.decor().clone();
        *v = Value::from(text);
        *v.decor_mut() = decor;
    }
}

/// The `{…}` placeholders of a date format, sorted.
fn placeholders(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .split('{')
        .skip(1)
        .filter_map(|p| p.find('}').map(|e| format!("{{{}}}", &p[..e])))
        .collect();
    out.sort();
    out
}
