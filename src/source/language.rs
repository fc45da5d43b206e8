//! `language.toml` of a language folder: the language's title of the
//! brochure, its furniture labels, date format, typography (direction,
//! quotation marks) and hyphenation exceptions.
//!
//! The file is optional; every key has an English default, so a language
//! without the file still builds.

use std::path::Path;

use super::Cx;
use super::tables::Table;
use crate::diag::{Code, Diagnostic};
use crate::model::{Direction, HyphenationRule, Language};

/// The month names a language without `[dates] months` uses.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Cx {
    /// Reads `language.toml` for language `code`; the defaults where the
    /// file is absent or silent (its problems are reported).
    pub(super) fn language(&mut self, path: &Path, code: &str) -> Language {
        let mut lang = defaults(code);
        if !path.exists() {
            return lang;
        }
        let Some(f) = self.read(path) else {
            return lang;
        };
        let text = self.sources.text(f).to_string();
        let Some(table) = self.parse(f, &text) else {
            return lang;
        };
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "language.toml", &mut diags);
        if let Some(mut b) = t.sub("brochure", "[brochure]") {
            lang.title = b.string("title", false).map(|s| s.value.value);
            b.finish(&["title"]);
        }
        labels(&mut t, &mut lang);
        dates(&mut t, &mut lang);
        typography(&mut t, &mut lang);
        hyphenation(&mut t, &mut lang);
        t.finish(&["brochure", "labels", "dates", "typography", "hyphenation"]);
        self.diags.append(&mut diags);
        lang
    }
}

/// The English defaults of language `code`.
fn defaults(code: &str) -> Language {
    Language {
        code: code.to_string(),
        title: None,
        direction: Direction::Ltr,
        contents: "Contents".into(),
        references: "References".into(),
        reference_missing: "Not yet available.".into(),
        section: "Section".into(),
        page: "Page".into(),
        draft: "Not yet translated".into(),
        months: MONTHS.map(String::from).to_vec(),
        date_format: "{month} {year}".into(),
        quotes: ["“", "”", "‘", "’"].map(String::from),
        hyphenation_exceptions: Vec::new(),
        hyphenation: HyphenationRule::Patterns,
    }
}

/// `[labels]`: the furniture's words.
fn labels(t: &mut Table<'_, '_>, lang: &mut Language) {
    let Some(mut l) = t.sub("labels", "[labels]") else {
        return;
    };
    for (key, slot) in [
        ("contents", &mut lang.contents),
        ("references", &mut lang.references),
        ("reference_missing", &mut lang.reference_missing),
        ("section", &mut lang.section),
        ("page", &mut lang.page),
        ("draft", &mut lang.draft),
    ] {
        if let Some(s) = l.string(key, false) {
            *slot = s.value.value;
        }
    }
    let _ = l.string("photo", false);
    l.finish(&[
        "contents",
        "references",
        "reference_missing",
        "section",
        "page",
        "photo",
        "draft",
    ]);
}

/// `[dates]`: month names and the date format.
fn dates(t: &mut Table<'_, '_>, lang: &mut Language) {
    let Some(mut d) = t.sub("dates", "[dates]") else {
        return;
    };
    let f = d.file;
    if let Some(months) = d.strings("months", false) {
        if months.len() == 12 {
            lang.months = months.into_iter().map(|m| m.value.value).collect();
        } else {
            d.diags.push(
                Diagnostic::error(f, d.span.clone(), "`months` needs 12 names")
                    .with_code(Code::BadSetting)
                    .with_label(format!("{} given", months.len())),
            );
        }
    }
    if let Some(fmt) = d.string("format", false) {
        if fmt.value.value.contains("{year}") {
            lang.date_format = fmt.value.value;
        } else {
            d.diags.push(
                Diagnostic::error(f, fmt.span, "a date format needs `{year}`")
                    .with_code(Code::BadSetting)
                    .with_label("e.g. \"{day} {month} {year}\""),
            );
        }
    }
    d.finish(&["months", "format"]);
}

/// `[typography]`: writing direction and quotation marks.
fn typography(t: &mut Table<'_, '_>, lang: &mut Language) {
    let Some(mut y) = t.sub("typography", "[typography]") else {
        return;
    };
    let directions = [("ltr", Direction::Ltr), ("rtl", Direction::Rtl)];
    if let Some(dir) = y.keyword("direction", false, "direction", &directions) {
        lang.direction = dir;
    }
    if let Some(q) = y.strings("quotes", false) {
        if q.len() == 4 && q.iter().all(|s| s.value.value.chars().count() == 1) {
            for (slot, s) in lang.quotes.iter_mut().zip(q) {
                *slot = s.value.value;
            }
        } else {
            let at = q.first().map_or(0..0, |s| s.span.clone());
            y.diags.push(
                Diagnostic::error(y.file, at, "`quotes` needs four single characters")
                    .with_code(Code::BadSetting)
                    .with_label("primary open, close, secondary open, close"),
            );
        }
    }
    y.finish(&["direction", "quotes"]);
}

/// `[hyphenation]`: words with explicit break points, and whether the
/// language's patterns are used (`patterns = false`: Hindi).
fn hyphenation(t: &mut Table<'_, '_>, lang: &mut Language) {
    let Some(mut h) = t.sub("hyphenation", "[hyphenation]") else {
        return;
    };
    for w in h.strings("exceptions", false).unwrap_or_default() {
        let v = &w.value.value;
        if v.is_empty()
            || v.contains(char::is_whitespace)
            || v.starts_with('-')
            || v.ends_with('-')
            || v.contains("--")
        {
            h.diags.push(
                Diagnostic::error(h.file, w.span.clone(), "bad hyphenation exception")
                    .with_code(Code::BadSetting)
                    .with_label("one word with `-` at its break points, e.g. \"ziek-te\""),
            );
        } else {
            lang.hyphenation_exceptions.push(v.clone());
        }
    }
    if h.bool("patterns") == Some(false) {
        lang.hyphenation = HyphenationRule::ExceptionsOnly;
    }
    h.finish(&["exceptions", "patterns"]);
}
