//! XLIFF 1.2 export and import of translations (`brochure xliff`).
//!
//! `export` writes every unit of a translation (see [`crate::source::translation`])
//! as XLIFF 1.2, the version every CAT tool reads: one `<file>` per source
//! content file, one `<group>` per block (with its kind and the fingerprint of
//! the source text), one `<trans-unit>` per translatable field. Inline markup
//! becomes XLIFF inline codes, so that a translator can move but not break it:
//!
//! | markup | XLIFF |
//! | --- | --- |
//! | `[15]`, `[1–3, 5]` | `<ph id="1" ctype="x-citation">[15]</ph>` |
//! | `<https://…>` | `<ph id="2" ctype="x-link">&lt;https://…&gt;</ph>` |
//! | `[text](https://…)` | `<g id="3" ctype="x-link" bro:href="https://…">text</g>` |
//! | `*text*`, `**text**` | `<g id="4" ctype="italic">`, `<g id="5" ctype="bold">` |
//! | `\` at the end of a line | `<x id="6" ctype="lb"/>` |
//! | a blank line (box, notice) | `<x id="7" ctype="x-paragraph"/>` |
//! | `~`, `\-` | the characters U+00A0 and U+00AD |
//!
//! `import` reads such a file back, rebuilds the markup of every translated
//! unit, refuses units that lost or changed a citation or a link (and then
//! writes nothing at all), and writes the translation files.
//!
//! Crates and hand-written parts: XML is read with `quick-xml` (a streaming
//! parser that reports byte positions, so that a malformed file is reported
//! with line and column, and that resolves namespaces, so that our own
//! attributes are found whatever prefix a CAT tool gives them); the XLIFF
//! written is simple enough to be produced by hand. Translation files are
//! edited with `toml_edit`, which keeps comments, order and formatting of
//! everything it is not asked to change, so untouched tables and files stay
//! byte for byte the same. The converters between the inline markup and
//! XLIFF inline codes, and the TOML string literals of changed values
//! (wrapped at 78 columns like the hand-written files), are hand-written.
//! The workflow is documented in `docs/translation.md`.

mod codes;
pub mod glossary;
mod import;
mod read;
mod segments;
mod write;

use std::collections::HashMap;
use std::path::Path;

use crate::diag::{Diagnostic, Sources};
use crate::files;
use crate::source::translation::{Status, UnitState};
use crate::source::{self, Failed};
use codes::{code_keys, resolve, write_xml};
use read::XmlIn;
use segments::{from_markup, normalise, to_markup};

/// The XLIFF 1.2 namespace.
pub const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The namespace of brochure's own attributes (`bro:fingerprint`, `bro:href`).
pub const BROCHURE_NS: &str = "urn:x-brochure:xliff:1";

/// XLIFF inline content of a field's raw markup, codes numbered from 1.
pub fn markup_to_xliff(raw: &str, plain: bool) -> String {
    let segs = from_markup(raw, plain);
    let mut ks = Vec::new();
    code_keys(&segs, &mut ks);
    let ids: Vec<usize> = (1..=ks.len()).collect();
    let mut out = String::new();
    write_xml(&segs, &mut ids.iter(), &mut out);
    out
}

/// Markup of XLIFF inline content (the inside of a `<target>`), as import
/// writes it; an error names what cannot be converted.
pub fn xliff_to_markup(content: &str, plain: bool) -> Result<String, String> {
    let xml = format!("<target xmlns:bro=\"{BROCHURE_NS}\">{content}</target>");
    let mut sources = Sources::default();
    let f = sources.add("content", xml.clone());
    let mut x = XmlIn::new(&xml, f);
    let segs = x.fragment();
    if let Some(d) = x.diags.first() {
        return Err(d.message.clone());
    }
    let segs = segs.ok_or("malformed XML")?;
    let segs = resolve(&segs, &HashMap::new(), plain).map_err(|(_, m)| m)?;
    Ok(to_markup(&normalise(segs), plain).s)
}

/// What `xliff export` did.
#[derive(Debug)]
pub struct Exported {
    /// Files read, for showing warnings.
    pub sources: Sources,
    /// Trans-units written, by state: translated (and approved), needs
    /// review (stale, or not yet approved by a reviewer), new (missing).
    pub counts: [usize; 3],
    /// Translations whose block is no longer in the source (not exported).
    pub orphaned: Vec<String>,
    /// Lines to print when done.
    pub summary: Vec<String>,
}

/// The translation status of `lang`, the files read and the source language;
/// an error when the project does not load or `lang` is the source language.
pub(super) fn load_status(root: &Path, lang: &str) -> Result<(Status, Sources, String), Failed> {
    let loaded = source::load_with(
        root,
        &source::Options {
            lang: Some(lang.to_string()),
            draft: true,
        },
    )?;
    let source_lang = loaded.doc.settings.source_language.clone();
    match loaded.status {
        Some(st) => Ok((st, loaded.sources, source_lang)),
        None => Err(Failed {
            sources: loaded.sources,
            diagnostics: vec![
                Diagnostic::global(format!(
                    "`{lang}` is the source language: there is nothing to translate"
                ))
                .with_note("name a translation: --lang en, ar, …"),
            ],
        }),
    }
}

/// `lang` as XLIFF 1.2.
pub fn export(root: &Path, lang: &str, output: &Path) -> Result<Exported, Failed> {
    let (st, mut sources, source_lang) = load_status(root, lang)?;
    let glossary = match glossary::href(root, &source_lang, &st.lang, output, &mut sources) {
        Ok(g) => g,
        Err(diagnostics) => {
            return Err(Failed {
                sources,
                diagnostics,
            });
        }
    };
    let (xml, counts) = write::xliff_document(&st, &source_lang, glossary.as_deref());
    if let Err(e) = files::write_atomically(output, xml.as_bytes()) {
        return Err(Failed {
            sources,
            diagnostics: vec![Diagnostic::global(format!(
                "cannot write {}: {e}",
                output.display()
            ))],
        });
    }
    let orphaned: Vec<String> = st
        .units
        .iter()
        .filter(|u| u.state == UnitState::Orphaned)
        .map(|u| u.id.clone())
        .collect();
    let blocks = st.units.len() - orphaned.len();
    let mut summary = vec![format!(
        "wrote {} ({lang}): {} units in {blocks} blocks: {} translated, {} needs-review-translation (stale or not yet approved), {} new (missing)",
        output.display(),
        counts.iter().sum::<usize>(),
        counts[0],
        counts[1],
        counts[2]
    )];
    if !orphaned.is_empty() {
        summary.push(format!(
            "not exported: {} orphaned translation(s) whose block is no longer in the source: {}",
            orphaned.len(),
            orphaned.join(", ")
        ));
    }
    Ok(Exported {
        sources,
        counts,
        orphaned,
        summary,
    })
}

/// What `xliff import` did (or would do, with `dry_run`).
#[derive(Debug)]
pub struct Imported {
    /// Files read (the XLIFF file first), for showing warnings.
    pub sources: Sources,
    /// Warnings: units skipped, sources changed since the export.
    pub warnings: Vec<Diagnostic>,
    /// The translation's language.
    pub lang: String,
    /// Trans-units whose target changed in an existing table.
    pub updated: usize,
    /// Trans-units written into new tables.
    pub added: usize,
    /// Trans-units whose target equals the translation file's text.
    pub unchanged: usize,
    /// Trans-units without a target.
    pub untranslated: usize,
    /// Blocks whose `source` fingerprint was set (confirmed translations).
    pub confirmed: usize,
    /// Translation files written (relative to the project root).
    pub written: Vec<String>,
    /// Lines to print when done.
    pub summary: Vec<String>,
}

/// `brochure xliff import FILE`: writes the translations of an XLIFF 1.2
/// file into `source/<lang>/`; nothing when any unit is refused or when
/// `dry_run`.
pub fn import(root: &Path, xlf: &Path, dry_run: bool) -> Result<Imported, Failed> {
    import::run(root, xlf, dry_run)
}
