//! Trans-units that name another unit by their location context: what a
//! PO round trip through translate-toolkit leaves (`xliff2po` turns the
//! export's location context into the PO reference `#: ID`, and
//! `po2xliff -t EXPORT.xlf` appends each PO entry to the export as a new
//! unit with a numeric id, its text flattened: inline codes become their
//! text or nothing), or a tool that renumbered ids and dropped resnames.
//!
//! A unit whose location names a unit also in the file (the template) is
//! compared with it, both flattened as PO does: the same text is the round
//! trip of an unchanged entry and is dropped silently; another text was
//! edited in the PO and is dropped with one warning (PO loses the paragraph
//! breaks, emphasis and links a target must keep, so it cannot be imported
//! safely). A unit whose location names no unit of the file takes that id
//! and is imported as any other.

use std::collections::{HashMap, HashSet};

use crate::diag::Diagnostic;
use crate::xliff::read::{XDoc, XSeg, XUnit};

/// Reconciles `doc`'s units that name another unit by location (in XLIFF
/// file `xf`); a warning for entries edited in a PO, if any.
pub(super) fn reconcile(doc: &mut XDoc, xf: usize) -> Option<Diagnostic> {
    let ids: HashSet<String> = doc.units.iter().map(|u| u.id.clone()).collect();
    let mut edited = Vec::new();
    let mut drop = vec![false; doc.units.len()];
    // units named by their location only take that id first
    for u in &mut doc.units {
        if let Some(loc) = u
            .location
            .clone()
            .filter(|l| *l != u.id && !ids.contains(l))
        {
            u.id = loc;
        }
    }
    // the units that are their own (the exported ones), by id
    let own: HashMap<&str, &XUnit> = doc
        .units
        .iter()
        .filter(|u| u.location.as_deref().is_none_or(|l| l == u.id))
        .map(|u| (u.id.as_str(), u))
        .collect();
    let flat_of = |u: &XUnit| {
        (
            flat(u.source.as_deref().unwrap_or_default()),
            flat(u.target.as_ref().map_or(&[][..], |(t, _)| t)),
        )
    };
    for (k, u) in doc.units.iter().enumerate() {
        let Some(loc) = u.location.clone().filter(|l| *l != u.id) else {
            continue;
        };
        let mine = flat_of(u);
        drop[k] = true;
        if own.get(loc.as_str()).is_some_and(|t| flat_of(t) != mine) && !mine.1.is_empty() {
            edited.push((loc, u.at));
        }
    }
    let mut k = 0;
    doc.units.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    let (first, at) = edited.first().cloned()?;
    let names: Vec<String> = edited
        .iter()
        .take(5)
        .map(|(id, _)| format!("`{id}`"))
        .collect();
    let more = if edited.len() > 5 {
        format!(", and {} more", edited.len() - 5)
    } else {
        String::new()
    };
    Some(
        Diagnostic::warning(
            xf,
            at..at + 1,
            format!(
                "{} unit(s) edited in a PO file, not imported: {}{more}",
                edited.len(),
                names.join(", ")
            ),
        )
        .with_label(format!("this entry translates `{first}`"))
        .with_note(
            "PO loses the inline codes (paragraph breaks, emphasis, links) a translation must keep: make the change in the XLIFF file, or in a tool that keeps its codes",
        ),
    )
}

/// The text of inline content as `xliff2po` flattens it: codes give their
/// content (a citation its number, a link its text), placeholders without
/// content nothing; white space collapsed.
fn flat(segs: &[XSeg]) -> String {
    fn walk(segs: &[XSeg], out: &mut String) {
        for s in segs {
            match s {
                XSeg::Text(t) => out.push_str(t),
                XSeg::Code(c) => walk(&c.content, out),
            }
        }
    }
    let mut s = String::new();
    walk(segs, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
