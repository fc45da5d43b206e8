//! `xliff import`, in phases, each a file: [`read`] the XLIFF file and its
//! language, [`matching`] its trans-units to the source's units, [`plan`]
//! each block's changes (with [`check`] refusing targets that lost or
//! changed a citation or a link), then [`write`] the translation files
//! (their TOML through [`toml`], the source texts translated through
//! [`history`]). Any refusal stops the import before the
//! write phase, so that nothing at all is written.

mod check;
mod history;
mod language;
mod matching;
mod plan;
mod po;
mod read;
mod review;
mod toml;
mod write;

use std::path::Path;

use super::{Imported, load_status};
use crate::diag::{Diagnostic, Sources};
use crate::source::Failed;
use crate::source::fields::Field;

/// One block's changes, to be written into a translation file.
#[derive(Debug, Clone)]
struct Change {
    id: String,
    /// Kind of the source block (`section`, `paragraph`, …).
    kind: String,
    /// Reading order of the block in the source.
    order: usize,
    new_table: bool,
    /// `source = "…"` to write.
    fingerprint: Option<String>,
    /// Changed fields (all fields for a new table), in [`Field::ALL`] order;
    /// list items as `(Field::Items, …)` each, all of them when any changed.
    fields: Vec<(Field, String)>,
    /// For items: which of them changed.
    items_changed: Vec<bool>,
}

/// An import that stops: every problem, and the files to show them against.
fn fail<T>(sources: Sources, diagnostics: Vec<Diagnostic>) -> Result<T, Failed> {
    Err(Failed {
        sources,
        diagnostics,
    })
}

/// Runs the phases of `brochure xliff import` (see [`super::import`]).
pub(super) fn run(root: &Path, xlf: &Path, dry_run: bool) -> Result<Imported, Failed> {
    let read::Opened {
        mut sources,
        file: xf,
        mut doc,
        lang,
    } = read::open(xlf)?;
    let (st, loaded_sources, _) = match load_status(root, &lang) {
        Ok(s) => s,
        Err(mut f) => {
            f.diagnostics.push(Diagnostic::global(format!(
                "cannot import into `{lang}`: the project does not load (see above); nothing was written"
            )));
            return Err(f);
        }
    };
    // a BCP 47 tag (`en-GB`) imports into the language it means (`en`)
    let lang = st.lang.clone();
    for i in 0..loaded_sources.len() {
        sources.add(loaded_sources.name(i), loaded_sources.text(i));
    }
    let po_edited = po::reconcile(&mut doc, xf);
    let language_units = language::split(&mut doc);
    let lang_plan = language::plan(root, &st, &language_units, xf);
    matching::ids_from_resnames(&mut doc, &st);
    let matched = matching::match_units(&doc, &st, &sources, xf);
    if matched.known == 0 && language_units.len() == lang_plan.unknown.len() {
        let mut diags = matched.unknown;
        diags.push(
            Diagnostic::global(format!(
                "no trans-unit of {} names a unit of the source: nothing was imported",
                xlf.display()
            ))
            .with_note("export the language again and translate that file"),
        );
        return fail(sources, diags);
    }
    let mut imp = Imported {
        sources: Sources::default(),
        warnings: Vec::new(),
        lang: lang.clone(),
        updated: 0,
        added: 0,
        unchanged: 0,
        untranslated: 0,
        confirmed: 0,
        written: Vec::new(),
        summary: Vec::new(),
    };
    let mut diags = matched.duplicates;
    diags.extend(lang_plan.refusals);
    let mut warnings = matched.unknown;
    warnings.extend(po_edited);
    if !lang_plan.unknown.is_empty() {
        warnings.push(Diagnostic::global_warning(format!(
            "{} language.toml unit(s) name no string of language.toml, skipped: {}",
            lang_plan.unknown.len(),
            lang_plan.unknown.join(", ")
        )));
    }
    imp.updated += lang_plan.updated;
    let planned = plan::plan(&st, &doc, &matched.by_id, xf, &lang, &mut imp);
    warnings.extend(planned.warnings);
    diags.extend(planned.refusals);
    if !diags.is_empty() {
        diags.push(Diagnostic::global(if planned.refused > 0 {
            format!("{} block(s) refused: nothing was written", planned.refused)
        } else {
            "nothing was written".to_string()
        }));
        return fail(sources, diags);
    }
    let mut outputs =
        match write::render(root, &st, &lang, &planned.files, &matched.orders, &mut imp) {
            Ok(o) => o,
            Err(d) => return fail(sources, vec![d]),
        };
    outputs.extend(history::output(root, &st, &lang, &planned.files));
    outputs.extend(lang_plan.output);
    if !dry_run && let Err(d) = write::write(&outputs) {
        return fail(sources, vec![d]);
    }
    imp.written = outputs.iter().map(|o| o.name.clone()).collect();
    write::summarise(&mut imp, xlf, dry_run);
    imp.sources = sources;
    imp.warnings = warnings;
    Ok(imp)
}
