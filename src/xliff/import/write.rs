//! Import's last phase: the new text of every translation file that
//! changes, all of them made (and checked) before any is written.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::Change;
use super::toml::write_toml;
use crate::diag::Diagnostic;
use crate::files;
use crate::source::translation::Status;
use crate::xliff::Imported;

/// A translation file to write.
pub(super) struct Output {
    /// Where.
    pub(super) path: PathBuf,
    /// Its name relative to the project root.
    pub(super) name: String,
    /// Its new text.
    pub(super) text: String,
}

/// The new texts of the translation files of `plans` (relative name →
/// changes) that change; counts confirmed fingerprints in `imp`.
pub(super) fn render(
    root: &Path,
    st: &Status,
    lang: &str,
    plans: &BTreeMap<String, Vec<Change>>,
    orders: &HashMap<String, usize>,
    imp: &mut Imported,
) -> Result<Vec<Output>, Diagnostic> {
    let mut outputs = Vec::new();
    for (file, changes) in plans {
        let path = root.join(file);
        let old = match crate::files::read_text(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(Diagnostic::global(format!(
                    "cannot read {file}: {e}; nothing was written"
                )));
            }
        };
        let source_name = st
            .units
            .iter()
            .find(|u| changes.iter().any(|c| c.id == u.id))
            .map(|u| u.source_file.trim_start_matches("source/").to_string())
            .unwrap_or_default();
        let header = format!(
            "# {lang} translation of {source_name} (brochure xliff import).\n\
             # One table per block id of the source; `source` is the fingerprint of the\n\
             # source text the translation was made from (docs/translation.md). Keep it.\n\n"
        );
        match write_toml(old.as_deref(), changes, &header, orders) {
            Ok((new, confirmed)) => {
                imp.confirmed += confirmed;
                if old.as_deref() != Some(new.as_str()) {
                    outputs.push(Output {
                        path,
                        name: file.clone(),
                        text: new,
                    });
                }
            }
            Err(e) => {
                return Err(Diagnostic::global(format!(
                    "cannot update {file}: {e}; nothing was written"
                )));
            }
        }
    }
    Ok(outputs)
}

/// Writes the files, all or none (see [`files::write_all_atomically`]).
pub(super) fn write(outputs: &[Output]) -> Result<(), Diagnostic> {
    let all: Vec<(&Path, &[u8])> = outputs
        .iter()
        .map(|o| (o.path.as_path(), o.text.as_bytes()))
        .collect();
    files::write_all_atomically(&all).map_err(|(path, e)| {
        let name = outputs
            .iter()
            .find(|o| o.path == path)
            .map_or_else(|| path.display().to_string(), |o| o.name.clone());
        Diagnostic::global(format!("cannot write {name}: {e}; nothing was written"))
            .with_note("an import writes all its files or none")
    })
}

/// The lines `imp` prints when done.
pub(super) fn summarise(imp: &mut Imported, xlf: &Path, dry_run: bool) {
    let verb = if dry_run { "would write" } else { "wrote" };
    imp.summary.push(format!(
        "imported {} into `{}`: {} unit(s) updated, {} added, {} unchanged, 0 refused, {} without a target; {} block(s) confirmed (fingerprint set)",
        xlf.display(),
        imp.lang,
        imp.updated,
        imp.added,
        imp.unchanged,
        imp.untranslated,
        imp.confirmed
    ));
    if imp.written.is_empty() {
        imp.summary.push("no translation file changed".into());
    } else {
        imp.summary
            .push(format!("{verb} {}", imp.written.join(", ")));
    }
}
