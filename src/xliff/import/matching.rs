//! Import's second phase: matches the trans-units of the XLIFF file to the
//! units of the current source, by id.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Sources};
use crate::source::translation::{Status, UnitState};
use crate::xliff::read::{XDoc, XUnit};
use crate::xliff::write::{resname, unit_ids};

/// How many unknown ids the summary warning names.
const NAMED: usize = 5;

/// The `restype` of the header unit `po2xliff` adds (not a translation).
const PO_HEADER: &str = "x-gettext-domain-header";

/// The trans-units of a file, matched to the source.
pub(super) struct Matched<'a> {
    /// Trans-units by id (the last of each id).
    pub(super) by_id: HashMap<&'a str, &'a XUnit>,
    /// Reading order of every block id of the source.
    pub(super) orders: HashMap<String, usize>,
    /// Errors: ids that appear twice.
    pub(super) duplicates: Vec<Diagnostic>,
    /// Warnings: trans-units not in the source (one summary).
    pub(super) unknown: Vec<Diagnostic>,
    /// Trans-units that name a unit of the source.
    pub(super) known: usize,
}

/// Gives a trans-unit whose id is not in the source but whose `resname` is
/// (a CAT tool renumbered its ids) the id its resname names.
pub(super) fn ids_from_resnames(doc: &mut XDoc, st: &Status) {
    let ids: HashSet<String> = st
        .units
        .iter()
        .filter(|u| u.state != UnitState::Orphaned)
        .flat_map(unit_ids)
        .collect();
    let by_resname: HashMap<String, &String> = ids.iter().map(|id| (resname(id), id)).collect();
    for u in &mut doc.units {
        if !ids.contains(&u.id)
            && let Some(id) = u.resname.as_ref().and_then(|r| by_resname.get(r))
        {
            u.id = (*id).clone();
        }
    }
}

/// Matches the trans-units of `doc` (file `xf` of `sources`) to `st`.
pub(super) fn match_units<'a>(
    doc: &'a XDoc,
    st: &Status,
    sources: &Sources,
    xf: usize,
) -> Matched<'a> {
    let mut duplicates = Vec::new();
    let mut by_id: HashMap<&str, &XUnit> = HashMap::new();
    for u in &doc.units {
        if let Some(prev) = by_id.insert(u.id.as_str(), u) {
            let (line, _) = sources.line_col(xf, prev.at);
            duplicates.push(
                Diagnostic::error(xf, u.at..u.at + 1, format!("unit `{}` appears twice", u.id))
                    .with_label("second copy")
                    .with_note(format!("first at line {line}")),
            );
        }
    }
    let current = || st.units.iter().filter(|u| u.state != UnitState::Orphaned);
    let orders: HashMap<String, usize> = current()
        .enumerate()
        .map(|(k, u)| (u.id.clone(), k))
        .collect();
    let known: HashSet<String> = current().flat_map(unit_ids).collect();
    let unknown: Vec<&XUnit> = doc
        .units
        .iter()
        .filter(|u| !known.contains(&u.id) && u.restype.as_deref() != Some(PO_HEADER))
        .collect();
    let matched = doc.units.iter().filter(|u| known.contains(&u.id)).count();
    let unknown = unknown_summary(&unknown, xf).into_iter().collect();
    Matched {
        by_id,
        orders,
        duplicates,
        unknown,
        known: matched,
    }
}

/// One warning for every trans-unit not in the source: the count, then the
/// first few ids; at the first of them.
fn unknown_summary(unknown: &[&XUnit], xf: usize) -> Option<Diagnostic> {
    let first = unknown.first()?;
    let mut named: Vec<String> = unknown
        .iter()
        .take(NAMED)
        .map(|u| format!("`{}`", u.id))
        .collect();
    if unknown.len() > NAMED {
        named.push(format!("and {} more", unknown.len() - NAMED));
    }
    Some(
        Diagnostic::warning(
            xf,
            first.at..first.at + 1,
            format!(
                "{} trans-unit(s) not in the source, skipped: {}",
                unknown.len(),
                named.join(", ")
            ),
        )
        .with_label("the first of them")
        .with_note(
            "their id (and resname) name no block or field of source/: removed or renamed since the export, or renumbered by a tool; export again",
        ),
    )
}
