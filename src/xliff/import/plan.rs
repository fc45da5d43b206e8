//! Import's plan: for every block of the source with trans-units in the
//! file, what changes in its translation table (changed fields, a new
//! table, the fingerprint confirmed), or why it is refused.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::Change;
use super::check::check_target;
use crate::diag::Diagnostic;
use crate::source::fields::Field;
use crate::source::translation::{Status, Unit, UnitState};
use crate::xliff::Imported;
use crate::xliff::codes::resolve;
use crate::xliff::read::{XDoc, XUnit, codes_by_id};
use crate::xliff::segments::{from_markup, has_paragraphs, is_plain, normalise, to_markup};
use crate::xliff::write::{target_at, unit_ids};

/// The plan of an import.
pub(super) struct Planned {
    /// Translation file (relative name) → the changes of its blocks.
    pub(super) files: BTreeMap<String, Vec<Change>>,
    /// Warnings: sources changed since the export, blocks translated in part.
    pub(super) warnings: Vec<Diagnostic>,
    /// Errors of refused targets.
    pub(super) refusals: Vec<Diagnostic>,
    /// Blocks refused.
    pub(super) refused: usize,
}

/// Whether a target state means the translator confirmed the unit:
/// `translated`, `final`, `signed-off` or no state at all; not `new` nor
/// any `needs-…` state.
fn confirmed_state(state: Option<&str>) -> bool {
    match state {
        None => true,
        Some(s) => !(s == "new" || s.starts_with("needs-") || s.starts_with("x-needs")),
    }
}

/// Whether a state says the unit was never worked on, so that a target
/// equal to the source is a CAT tool's copy of the source, not a translation.
fn untouched_state(state: Option<&str>) -> bool {
    matches!(state, Some("new" | "needs-translation"))
}

/// Where the import stands with one block's fields.
#[derive(Default)]
struct Fields {
    /// (field, value, changed) for every field of the block that has a text.
    vals: Vec<(Field, String, bool)>,
    any_changed: bool,
    /// Whether every field has a target the translator confirmed.
    all_confirmed: bool,
    /// Whether every `<source>` is the current source text.
    source_same: bool,
    /// Offset of the block's first trans-unit.
    first_at: Option<usize>,
    /// The fingerprint the file gives the block.
    fingerprint: Option<String>,
    refusals: Vec<Diagnostic>,
    /// The reviewer's warnings on new or changed targets.
    review: Vec<Diagnostic>,
}

/// Context shared by the fields of one import.
struct Cx<'a> {
    doc: &'a XDoc,
    by_id: &'a HashMap<&'a str, &'a XUnit>,
    xf: usize,
}

/// Plans the import of `doc`'s trans-units (`by_id`, file `xf`) into
/// `lang`, counting units in `imp`.
pub(super) fn plan(
    st: &Status,
    doc: &XDoc,
    by_id: &HashMap<&str, &XUnit>,
    xf: usize,
    lang: &str,
    imp: &mut Imported,
) -> Planned {
    let cx = Cx { doc, by_id, xf };
    let mut planned = Planned {
        files: BTreeMap::new(),
        warnings: Vec::new(),
        refusals: Vec::new(),
        refused: 0,
    };
    for (order, u) in st
        .units
        .iter()
        .filter(|u| u.state != UnitState::Orphaned)
        .enumerate()
    {
        let ids = unit_ids(u);
        if !ids.iter().any(|i| by_id.contains_key(i.as_str())) {
            continue;
        }
        let mut fields = cx.fields(u, &ids, imp);
        planned.warnings.append(&mut fields.review);
        if !fields.refusals.is_empty() {
            planned.refused += 1;
            planned.refusals.extend(fields.refusals);
            continue;
        }
        if let Some(change) = block_change(u, order, fields, xf, imp, &mut planned.warnings) {
            let file = if u.state != UnitState::Missing {
                u.file.clone()
            } else {
                let name = Path::new(&u.source_file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("source/{lang}/{name}")
            };
            planned.files.entry(file).or_default().push(change);
        }
    }
    planned
}

impl Cx<'_> {
    /// Goes through the fields of block `u` (trans-unit ids `ids`).
    fn fields(&self, u: &Unit, ids: &[String], imp: &mut Imported) -> Fields {
        let mut fs = Fields {
            all_confirmed: true,
            source_same: true,
            ..Fields::default()
        };
        let mut t_item = 0;
        for (&(field, ref raw), tid) in u.source.iter().zip(ids) {
            if field == Field::Items {
                t_item += 1;
            }
            let existing = target_at(u, field, t_item);
            let outcome = self.field(u, field, raw, tid, existing, &mut fs);
            let keep = |fs: &mut Fields| {
                if let Some(e) = existing {
                    fs.vals.push((field, e.to_string(), false));
                }
            };
            match outcome {
                Outcome::Absent => {
                    fs.all_confirmed = false;
                    keep(&mut fs);
                }
                Outcome::Untranslated => {
                    imp.untranslated += 1;
                    fs.all_confirmed = false;
                    keep(&mut fs);
                }
                Outcome::Unchanged => {
                    imp.unchanged += 1;
                    keep(&mut fs);
                }
                Outcome::Refused(mut d) => fs.refusals.append(&mut d),
                Outcome::Changed(value) => {
                    fs.any_changed = true;
                    fs.vals.push((field, value, true));
                }
            }
        }
        fs
    }

    /// What the file says about one field of block `u`: source markup `raw`,
    /// trans-unit `tid`, the translation file's text `existing`.
    fn field(
        &self,
        u: &Unit,
        field: Field,
        raw: &str,
        tid: &str,
        existing: Option<&str>,
        fs: &mut Fields,
    ) -> Outcome {
        let plain = is_plain(&u.kind, field);
        let Some(xu) = self.by_id.get(tid) else {
            return Outcome::Absent;
        };
        fs.first_at.get_or_insert(xu.at);
        if fs.fingerprint.is_none() {
            fs.fingerprint = xu.fingerprint.clone();
        }
        let src_segs = from_markup(raw, plain);
        let empty = Vec::new();
        let xsrc = xu.source.as_ref().unwrap_or(&empty);
        let mut src_codes = HashMap::new();
        codes_by_id(xsrc, &mut src_codes);
        if resolve(xsrc, &HashMap::new(), plain)
            .map(normalise)
            .as_ref()
            != Ok(&src_segs)
        {
            fs.source_same = false;
        }
        let original = self
            .doc
            .files
            .get(xu.file)
            .map_or("", |f| f.original.as_str());
        let Some((tsegs, t_at)) = &xu.target else {
            return Outcome::Untranslated;
        };
        let target = match resolve(tsegs, &src_codes, plain) {
            Ok(t) => normalise(t),
            Err((at, msg)) => {
                return Outcome::Refused(vec![
                    Diagnostic::error(self.xf, at..at + 1, format!("unit `{tid}`: {msg}"))
                        .with_label("in this target")
                        .with_note(format!(
                            "in <file original=\"{original}\">; nothing was written"
                        )),
                ]);
            }
        };
        if target.is_empty() || (untouched_state(xu.state.as_deref()) && target == src_segs) {
            return Outcome::Untranslated;
        }
        let confirmed = confirmed_state(xu.state.as_deref());
        fs.all_confirmed &= confirmed;
        let place = |msg: String, label: &str| {
            Diagnostic::error(self.xf, *t_at..*t_at + 1, msg)
                .with_label(label.to_string())
                .with_note(format!(
                    "in <file original=\"{original}\">; nothing was written"
                ))
        };
        if let Some(e) = existing.filter(|e| from_markup(e, plain) == target) {
            // confirming a stale translation as it is: it must follow the
            // source's citations and links now
            if confirmed && u.state == UnitState::Stale && !plain {
                let paras = has_paragraphs(&u.kind, field);
                if let Err(d) = check_target(tid, raw, e, &target, paras, &place) {
                    return Outcome::Refused(d);
                }
            }
            return Outcome::Unchanged;
        }
        // a new or changed text: check it, then write it
        fs.review.extend(super::review::review(
            tid, &src_segs, &target, self.xf, *t_at,
        ));
        let value = to_markup(&target, plain).s;
        if !plain {
            let paras = has_paragraphs(&u.kind, field);
            if let Err(d) = check_target(tid, raw, &value, &target, paras, &place) {
                return Outcome::Refused(d);
            }
        }
        Outcome::Changed(value)
    }
}

/// What becomes of one field.
enum Outcome {
    /// No trans-unit for it in the file.
    Absent,
    /// No target, an empty one, or a copy of the source.
    Untranslated,
    /// The target is the translation file's text.
    Unchanged,
    /// The target cannot be imported.
    Refused(Vec<Diagnostic>),
    /// A new or changed text, as markup.
    Changed(String),
}

/// The change to block `u` (reading order `order`) from its fields; `None`
/// when nothing changes or a new block is translated only in part.
fn block_change(
    u: &Unit,
    order: usize,
    fs: Fields,
    xf: usize,
    imp: &mut Imported,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Change> {
    let at = fs.first_at.unwrap_or(0);
    // the fingerprint of the source text the translator saw
    let saw = match fs.fingerprint {
        Some(f) => Some(f),
        None if fs.source_same => Some(u.fingerprint.clone()),
        None => None,
    };
    if !fs.source_same && fs.any_changed {
        warnings.push(
            Diagnostic::warning(
                xf,
                at..at + 1,
                format!("the source text of `{}` changed since the export", u.id),
            )
            .with_label("this <source> is not the current source text")
            .with_note(
                "its translation is imported but stays stale: review it against the current source (export again)",
            ),
        );
    }
    let translated = u.state != UnitState::Missing;
    let mut change = Change {
        id: u.id.clone(),
        kind: u.kind.clone(),
        order,
        new_table: !translated,
        fingerprint: None,
        fields: Vec::new(),
        items_changed: Vec::new(),
    };
    let vals = fs.vals;
    if translated {
        // a confirmed list whose source gained or lost items is written
        // with the items of the file, as many as the source has
        let n_items = |v: &mut dyn Iterator<Item = Field>| v.filter(|f| *f == Field::Items).count();
        let recount = fs.all_confirmed
            && n_items(&mut u.target.iter().map(|(f, _)| *f))
                != n_items(&mut u.source.iter().map(|(f, _)| *f));
        let items_changed = recount || vals.iter().any(|(f, _, c)| *f == Field::Items && *c);
        for (f, v, c) in &vals {
            if *f == Field::Items && items_changed {
                change.fields.push((*f, v.clone()));
                change.items_changed.push(*c);
            } else if *c && *f != Field::Items {
                change.fields.push((*f, v.clone()));
            }
        }
        imp.updated += vals.iter().filter(|(_, _, c)| *c).count();
        if fs.all_confirmed
            && let Some(fp) = &saw
            && !(u.state == UnitState::Translated && *fp == u.fingerprint)
        {
            change.fingerprint = Some(fp.clone());
        }
    } else if fs.any_changed {
        if vals.len() < u.source.len() {
            warnings.push(
                Diagnostic::warning(
                    xf,
                    at..at + 1,
                    format!(
                        "`{}` is translated only in part ({} of {} units); not written",
                        u.id,
                        vals.len(),
                        u.source.len()
                    ),
                )
                .with_label("a new block needs all its units")
                .with_note("translate every unit of the group, then import again"),
            );
            return None;
        }
        imp.added += vals.len();
        change.fields = vals.into_iter().map(|(f, v, _)| (f, v)).collect();
        if fs.all_confirmed {
            change.fingerprint = saw;
        }
    }
    if change.fields.is_empty() && change.fingerprint.is_none() {
        return None;
    }
    Some(change)
}
