//! Import's record of the source texts translated: the language's
//! `source-history.toml` (see [`crate::source::history`]) after the import,
//! written with the translation files when the import sets a fingerprint.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::Change;
use super::write::Output;
use crate::source::history::{FILE, render};
use crate::source::translation::{Status, UnitState};

/// The history file's new text, when the import sets a fingerprint and the
/// text changes: for every block of the source, the text of the
/// fingerprint its table names after the import (the current source text
/// for one set now); texts no table names any more are dropped.
pub(super) fn output(
    root: &Path,
    st: &Status,
    lang: &str,
    plans: &BTreeMap<String, Vec<Change>>,
) -> Option<Output> {
    let set: HashMap<&str, &str> = plans
        .values()
        .flatten()
        .filter_map(|c| c.fingerprint.as_deref().map(|f| (c.id.as_str(), f)))
        .collect();
    if set.is_empty() {
        return None;
    }
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for u in st.units.iter().filter(|u| u.state != UnitState::Orphaned) {
        let (fp, fields) = match set.get(u.id.as_str()) {
            Some(&fp) if fp == u.fingerprint => (fp, Some(&u.source)),
            Some(_) => continue,
            None => match &u.translated_from {
                Some(fp) => (fp.as_str(), u.previous.as_ref()),
                None => continue,
            },
        };
        if let Some(fields) = fields
            && seen.insert(fp.to_string())
        {
            entries.push((fp.to_string(), u.id.clone(), fields.clone()));
        }
    }
    let name = format!("source/{lang}/{FILE}");
    let path = root.join(&name);
    let text = render(&entries);
    if crate::files::read_text(&path).ok().as_deref() == Some(text.as_str()) {
        return None;
    }
    Some(Output { path, name, text })
}
