//! The strings of `language.toml` a reader sees (the brochure's title, the
//! furniture labels, the month names, the date format) as translation
//! units, so that they travel in the XLIFF with the content: the source
//! language's text (the title from `brochure.toml` unless its
//! `language.toml` names one) and the translation's, when its
//! `language.toml` has one that differs from the source's.

use std::path::Path;

use toml::Value;

/// The translatable keys of `language.toml`: (table, key).
pub const KEYS: [(&str, &str); 11] = [
    ("brochure", "title"),
    ("labels", "contents"),
    ("labels", "references"),
    ("labels", "reference_missing"),
    ("labels", "references_missing"),
    ("labels", "section"),
    ("labels", "page"),
    ("labels", "photo"),
    ("labels", "draft"),
    ("dates", "months"),
    ("dates", "format"),
];

/// The comment that marks a value of a translation's `language.toml` as
/// the source language's, not yet translated (`brochure lang add` writes it;
/// `xliff import` removes it with the translation).
pub const UNTRANSLATED: &str = "# untranslated";

/// One translatable string of `language.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageUnit {
    /// The table of `language.toml` it is in (`labels`).
    pub table: &'static str,
    /// Its key (`contents`).
    pub key: &'static str,
    /// For `months`: the month, from 1.
    pub item: Option<usize>,
    /// The source language's text.
    pub source: String,
    /// The translation's text, when its `language.toml` has one (not
    /// marked [`UNTRANSLATED`]).
    pub target: Option<String>,
    /// Whether a reviewer approved the translation (`[review]`).
    pub approved: bool,
    /// The file the source text is in.
    pub source_file: String,
    /// Its 1-based line there.
    pub source_line: usize,
}

impl LanguageUnit {
    /// The trans-unit id: `language.toml/labels/contents`,
    /// `language.toml/dates/months/3`.
    pub fn id(&self) -> String {
        match self.item {
            Some(n) => format!("language.toml/{}/{}/{n}", self.table, self.key),
            None => format!("language.toml/{}/{}", self.table, self.key),
        }
    }
}

/// The strings of `language.toml` of the translation in `src/<lang>/`,
/// with the source language `source_lang`'s (`title`: `brochure.toml`'s).
/// Files that do not parse give no values (the loader reports them).
pub fn read(src: &Path, source_lang: &str, lang: &str, title: &str) -> Vec<LanguageUnit> {
    let source_name = format!("source/{source_lang}/language.toml");
    let (s_text, s) = parse(&src.join(source_lang).join("language.toml"));
    let (t_text, t) = parse(&src.join(lang).join("language.toml"));
    let b_text = crate::files::read_text(&src.join("brochure.toml")).unwrap_or_default();
    let mut out = Vec::new();
    for (table, key) in KEYS {
        let sv = s.get(table).and_then(|t| t.get(key));
        let tv = t.get(table).and_then(|t| t.get(key));
        let (file, line, svals) = match sv {
            Some(v) => (source_name.clone(), line_of(&s_text, key), strings(v)),
            None if (table, key) == ("brochure", "title") => (
                "source/brochure.toml".to_string(),
                line_of(&b_text, key),
                vec![title.to_string()],
            ),
            None => continue,
        };
        // `brochure lang add` writes the source's values marked untranslated
        let marked = t_text
            .lines()
            .nth(line_of(&t_text, key).saturating_sub(1))
            .is_some_and(|l| l.contains(UNTRANSLATED));
        let tvals = if marked {
            Vec::new()
        } else {
            tv.map(strings).unwrap_or_default()
        };
        let many = key == "months";
        for (k, sval) in svals.iter().enumerate() {
            let target = tvals.get(k).filter(|t| !t.trim().is_empty()).cloned();
            out.push(LanguageUnit {
                table,
                key,
                item: many.then_some(k + 1),
                source: sval.clone(),
                target,
                approved: false,
                source_file: file.clone(),
                source_line: line,
            });
        }
    }
    out
}

/// A TOML file's text and table; empty when absent or malformed.
fn parse(path: &Path) -> (String, toml::Table) {
    let text = crate::files::read_text(path).unwrap_or_default();
    let table = text.parse::<toml::Table>().unwrap_or_default();
    (text, table)
}

/// A string value, or the strings of an array.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The 1-based line of the first line of `text` that sets `key` (1 when none).
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(1, |n| n + 1)
}
