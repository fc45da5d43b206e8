//! `brochure lang add CODE [--rtl]`: scaffolds a new translation: the folder
//! `source/CODE/`, its `language.toml` with every key a reader sees set to
//! the source language's value and marked untranslated (so that the XLIFF
//! export offers them as new units and `xliff import` replaces them), and
//! the code added to `languages` in `brochure.toml` (edited with
//! `toml_edit`, so that its comments stay).

use std::path::Path;

use toml_edit::{DocumentMut, Value};

use crate::diag::Diagnostic;
use crate::files;
use crate::source::language_units::{self, UNTRANSLATED};

/// What `lang add` did: the lines to print.
pub fn add(root: &Path, code: &str, rtl: bool) -> Result<Vec<String>, Diagnostic> {
    if let Err(why) = crate::source::confine::check_language(code) {
        return Err(Diagnostic::global(format!("`{code}` is not a language tag")).with_note(why));
    }
    let src = root.join("source");
    let b_path = src.join("brochure.toml");
    let b_text = crate::files::read_text(&b_path)
        .map_err(|e| Diagnostic::global(format!("cannot read source/brochure.toml: {e}")))?;
    let mut b: DocumentMut = b_text
        .parse()
        .map_err(|e| Diagnostic::global(format!("source/brochure.toml does not parse: {e}")))?;
    let source_lang = b
        .get("source_language")
        .and_then(|v| v.as_str())
        .unwrap_or("nl")
        .to_string();
    let title = b
        .get("title")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let Some(langs) = b.get_mut("languages").and_then(|v| v.as_array_mut()) else {
        return Err(Diagnostic::global(
            "source/brochure.toml has no `languages` array",
        ));
    };
    if langs
        .iter()
        .any(|l| l.as_str().is_some_and(|l| l.eq_ignore_ascii_case(code)))
    {
        return Err(Diagnostic::global(format!(
            "`{code}` is already a language of brochure.toml"
        )));
    }
    let dir = src.join(code);
    if dir.exists() {
        return Err(Diagnostic::global(format!(
            "source/{code} exists already; add `{code}` to `languages` in brochure.toml by hand, or remove the folder"
        )));
    }
    langs.push(code);
    let units = language_units::read(&src, &source_lang, code, &title);
    let language = language_toml(code, &units, rtl, &source_lang);
    let lt = dir.join("language.toml");
    files::write_atomically(&lt, language.as_bytes()).map_err(|e| {
        Diagnostic::global(format!("cannot write source/{code}/language.toml: {e}"))
    })?;
    if let Err(e) = files::write_atomically(&b_path, b.to_string().as_bytes()) {
        // all or nothing: the folder goes with the failed brochure.toml
        let _ = std::fs::remove_dir_all(&dir);
        return Err(Diagnostic::global(format!(
            "cannot write source/brochure.toml: {e}"
        )));
    }
    Ok(vec![
        format!(
            "created source/{code}/language.toml ({} strings to translate) and added `{code}` to languages in source/brochure.toml",
            units.len()
        ),
        format!(
            "next: brochure xliff export --lang {code}, translate, brochure xliff import out/…-{code}.xlf (docs/translation.md)"
        ),
    ])
}

/// A value as TOML (a basic string; escapes as needed).
fn toml_str(s: &str) -> String {
    Value::from(s).to_string().trim().to_string()
}

/// The scaffold's `language.toml`.
fn language_toml(
    code: &str,
    units: &[language_units::LanguageUnit],
    rtl: bool,
    source_lang: &str,
) -> String {
    let mut out = format!(
        "# Strings of the `{code}` translation that a reader sees (docs/source-format.md).\n\
         # Every value marked `{UNTRANSLATED}` is still the source language's\n\
         # ({source_lang}): translate it here or through the XLIFF export, which offers\n\
         # it as a new unit; `xliff import` writes the translation and drops the mark.\n\n\
         # tag = \"{code}-XX\"  # the full BCP 47 tag for the PDF's /Lang, when the region matters\n"
    );
    let mut table = "";
    for u in units {
        if u.table != table {
            table = u.table;
            out.push_str(&format!("\n[{table}]\n"));
        }
        match u.item {
            Some(1) => {
                let all: Vec<String> = units
                    .iter()
                    .filter(|m| m.key == u.key)
                    .map(|m| toml_str(&m.source))
                    .collect();
                out.push_str(&format!(
                    "{} = [{}]  {UNTRANSLATED}\n",
                    u.key,
                    all.join(", ")
                ));
            }
            Some(_) => {}
            None => out.push_str(&format!(
                "{} = {}  {UNTRANSLATED}\n",
                u.key,
                toml_str(&u.source)
            )),
        }
    }
    out.push_str(&format!(
        "\n[typography]\ndirection = \"{}\"\n# quotes = [\"“\", \"”\", \"‘\", \"’\"]  # primary open, close, secondary open, close\n",
        if rtl { "rtl" } else { "ltr" }
    ));
    out.push_str("\n[review]\napproved = false  # until a reviewer approves the translation\n");
    out
}
