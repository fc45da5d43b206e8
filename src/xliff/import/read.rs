//! Import's first phase: reads the XLIFF file (UTF-8, well-formed XLIFF 1.2)
//! and finds the one language it translates into.

use std::path::Path;

use super::fail;
use crate::diag::{Diagnostic, Sources};
use crate::source::Failed;
use crate::xliff::read::{XDoc, XmlIn};

/// An XLIFF file read.
pub(super) struct Opened {
    /// The files read so far: the XLIFF file.
    pub(super) sources: Sources,
    /// The XLIFF file's index in `sources`.
    pub(super) file: usize,
    /// Its content.
    pub(super) doc: XDoc,
    /// The `target-language` of its `<file>`s.
    pub(super) lang: String,
}

/// The largest XLIFF file read, in bytes (64 MiB).
pub const MAX_BYTES: u64 = 64 << 20;

/// Reads the XLIFF file `xlf`; every problem found when it cannot be used.
pub(super) fn open(xlf: &Path) -> Result<Opened, Failed> {
    let mut sources = Sources::default();
    if let Ok(m) = std::fs::metadata(xlf)
        && m.len() > MAX_BYTES
    {
        return fail(
            sources,
            vec![
                Diagnostic::global(format!(
                    "{} is {} bytes, over the limit of {MAX_BYTES} bytes for an XLIFF file",
                    xlf.display(),
                    m.len()
                ))
                .with_note("an export of the guide is under 1 MB; nothing was imported"),
            ],
        );
    }
    let bytes = match crate::files::read_regular(xlf, MAX_BYTES) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                sources,
                vec![Diagnostic::global(format!(
                    "cannot read {}: {e}",
                    xlf.display()
                ))],
            );
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let xf = sources.add(xlf.display().to_string(), text.clone());
    if let Err(e) = std::str::from_utf8(&bytes) {
        let at = e.valid_up_to();
        return fail(
            sources,
            vec![
                Diagnostic::error(xf, at..at + 1, "the XLIFF file is not UTF-8")
                    .with_label("invalid byte sequence"),
            ],
        );
    }
    let mut x = XmlIn::new(&text, xf);
    let doc = x.document();
    if !x.diags.is_empty() {
        return fail(sources, x.diags);
    }
    match language(&doc, xf) {
        Ok(lang) => Ok(Opened {
            sources,
            file: xf,
            doc,
            lang,
        }),
        Err(diags) => fail(sources, diags),
    }
}

/// The one target language of all `<file>`s of the document.
fn language(doc: &XDoc, xf: usize) -> Result<String, Vec<Diagnostic>> {
    let langs: Vec<(&str, usize)> = doc
        .files
        .iter()
        .map(|f| (f.target_lang.as_deref().unwrap_or(""), f.at))
        .collect();
    let Some(&(lang, lang_at)) = langs.first() else {
        return Err(vec![
            Diagnostic::error(xf, 0..1, "the XLIFF file holds no <file>")
                .with_label("nothing to import"),
        ]);
    };
    let mut diags = Vec::new();
    if lang.is_empty() {
        diags.push(
            Diagnostic::error(xf, lang_at..lang_at + 1, "<file> without `target-language`")
                .with_label("which language is this?"),
        );
    }
    for &(l, at) in &langs[1..] {
        if l != lang {
            diags.push(
                Diagnostic::error(
                    xf,
                    at..at + 1,
                    format!("target-language `{l}` differs from the first file's `{lang}`"),
                )
                .with_label("one XLIFF file, one language"),
            );
        }
    }
    if diags.is_empty() {
        Ok(lang.to_string())
    } else {
        Err(diags)
    }
}
