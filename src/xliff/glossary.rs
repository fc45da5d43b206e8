//! A translation's glossary, `source/<lang>/glossary.tsv`: one term a line
//! in the source language, English, the language and a note, separated by
//! tabs, under the header line `nl<TAB>en<TAB><lang><TAB>note` (for English
//! itself `nl<TAB>en<TAB>note`). The export references it from every
//! `<file>` header (`<glossary><external-file href="…"/></glossary>`), so that
//! a CAT tool or a reviewer finds the terms the translation keeps to.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Sources};

/// The glossary's name in a translation folder.
pub const FILE: &str = "glossary.tsv";

/// The `href` of `lang`'s glossary as seen from the XLIFF file `output`
/// (relative to its folder), after checking the glossary's columns; `None`
/// when the language has no glossary. The file is added to `sources` for
/// the errors.
pub(super) fn href(
    root: &Path,
    source_lang: &str,
    lang: &str,
    output: &Path,
    sources: &mut Sources,
) -> Result<Option<String>, Vec<Diagnostic>> {
    let name = format!("source/{lang}/{FILE}");
    let path = root.join(&name);
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::files::read_text(&path)
        .map_err(|e| vec![Diagnostic::global(format!("cannot read {name}: {e}"))])?;
    let f = sources.add(name, text.clone());
    check(&text, f, source_lang, lang)?;
    Ok(Some(relative(&path, output)))
}

/// The header line a glossary of `lang` must have.
fn header(source_lang: &str, lang: &str) -> String {
    if lang == "en" {
        format!("{source_lang}\ten\tnote")
    } else {
        format!("{source_lang}\ten\t{lang}\tnote")
    }
}

/// Checks the header line and that every line has as many columns.
fn check(text: &str, f: usize, source_lang: &str, lang: &str) -> Result<(), Vec<Diagnostic>> {
    let want = header(source_lang, lang);
    let columns = want.split('\t').count();
    let mut diags = Vec::new();
    let mut at = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let span = at..at + content.len().max(1);
        at += line.len();
        if n == 0 {
            if content != want {
                diags.push(
                    Diagnostic::error(
                        f,
                        span,
                        "the glossary's header line is not the expected one",
                    )
                    .with_label(format!("expected `{}`", want.replace('\t', "<TAB>"))),
                );
                break;
            }
            continue;
        }
        let got = content.split('\t').count();
        if !content.is_empty() && got != columns {
            diags.push(
                Diagnostic::error(
                    f,
                    span,
                    format!("{got} column(s); the header has {columns}"),
                )
                .with_label("columns are separated by tabs"),
            );
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// `path` relative to the folder of `output` (both made absolute), with `/`.
fn relative(path: &Path, output: &Path) -> String {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // resolve `.` and `..` by hand: the output may not exist yet
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out
    };
    let target = abs(path);
    let from = abs(output.parent().unwrap_or(Path::new(".")));
    let t: Vec<_> = target.components().collect();
    let o: Vec<_> = from.components().collect();
    let common = t.iter().zip(&o).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); o.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_relative_to_the_xliff_folder() {
        assert_eq!(
            relative(
                Path::new("/p/source/ar/glossary.tsv"),
                Path::new("/p/out/x.xlf")
            ),
            "../source/ar/glossary.tsv"
        );
        assert_eq!(
            relative(
                Path::new("/p/source/ar/glossary.tsv"),
                Path::new("/p/x.xlf")
            ),
            "source/ar/glossary.tsv"
        );
    }

    #[test]
    fn the_header_and_the_columns_are_checked() {
        assert!(
            check(
                "nl\ten\tar\tnote\nopstoot\trelapse\tانتكاسة\t\n",
                0,
                "nl",
                "ar"
            )
            .is_ok()
        );
        let e = check("nl\tar\n", 0, "nl", "ar").expect_err("bad header");
        assert!(e[0].label.contains("nl<TAB>en<TAB>ar<TAB>note"));
        let e = check("nl\ten\tar\tnote\nopstoot\trelapse\n", 0, "nl", "ar").expect_err("columns");
        assert_eq!(e[0].message, "2 column(s); the header has 4");
    }
}
