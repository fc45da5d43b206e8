//! Import's second phase: matches the trans-units of the XLIFF file to the
//! units of the current source, by id.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Sources};
use crate::source::translation::{Status, UnitState};
use crate::xliff::read::{XDoc, XUnit};
use crate::xliff::write::unit_ids;

/// The trans-units of a file, matched to the source.
pub(super) struct Matched<'a> {
    /// Trans-units by id (the last of each id).
    pub(super) by_id: HashMap<&'a str, &'a XUnit>,
    /// Reading order of every block id of the source.
    pub(super) orders: HashMap<String, usize>,
    /// Errors: ids that appear twice.
    pub(super) duplicates: Vec<Diagnostic>,
    /// Warnings: trans-units not in the source.
    pub(super) unknown: Vec<Diagnostic>,
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
    let unknown = doc
        .units
        .iter()
        .filter(|u| !known.contains(&u.id))
        .map(|u| {
            Diagnostic::warning(
                xf,
                u.at..u.at + 1,
                format!("unit `{}` is not in the source; skipped", u.id),
            )
            .with_label("no such block or field in source/")
            .with_note("the block was removed or renamed since the export; export again")
        })
        .collect();
    Matched {
        by_id,
        orders,
        duplicates,
        unknown,
    }
}
