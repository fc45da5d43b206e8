//! `language.toml` of a language folder: the language's full tag, title of the
//! brochure, its furniture labels, date format, typography (direction,
//! quotation marks) and hyphenation (exceptions and which patterns).
//!
//! The file is optional; every key has an English default, so a language
//! without the file still builds.

use std::path::Path;

use super::Cx;
use super::review::{self, Review};
use super::tables::{Table, one_of, type_name};
use crate::diag::{Code, Diagnostic};
use crate::model::{DashStyle, Direction, HyphenationRule, Language, PatternSet};
use toml::de::DeValue;

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

impl Cx<'_> {
    /// Reads `language.toml` for language `code`: the language and its
    /// review state; the defaults where the file is absent or silent (its
    /// problems are reported).
    pub(super) fn language(&mut self, path: &Path, code: &str) -> (Language, Review) {
        let mut lang = defaults(code);
        if !path.exists() {
            return (lang, Review::default());
        }
        let Some(f) = self.read(path) else {
            return (lang, Review::default());
        };
        let text = self.sources.text(f).to_string();
        let Some(table) = self.parse(f, &text) else {
            return (lang, Review::default());
        };
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "language.toml", &mut diags);
        if let Some(tag) = t.string("tag", false) {
            match super::confine::check_language(&tag.value.value) {
                Ok(()) => lang.tag = Some(tag.value.value),
                Err(why) => t.diags.push(
                    Diagnostic::error(
                        f,
                        tag.span,
                        format!("`{}` cannot be used: {why}", tag.value.value),
                    )
                    .with_label("the language's full tag, e.g. \"en-GB\" or \"ar-EG\""),
                ),
            }
        }
        if let Some(mut b) = t.sub("brochure", "[brochure]") {
            lang.title = b.string("title", false).map(|s| s.value.value);
            b.finish(&["title"]);
        }
        labels(&mut t, &mut lang);
        dates(&mut t, &mut lang);
        typography(&mut t, &mut lang);
        hyphenation(&mut t, &mut lang);
        let review = review::read(&mut t);
        t.finish(&[
            "tag",
            "brochure",
            "labels",
            "dates",
            "typography",
            "hyphenation",
            "review",
        ]);
        self.diags.append(&mut diags);
        (lang, review)
    }
}

/// The English defaults of language `code`.
fn defaults(code: &str) -> Language {
    Language {
        code: code.to_string(),
        tag: None,
        title: None,
        direction: Direction::Ltr,
        contents: "Contents".into(),
        references: "References".into(),
        reference_missing: "Not yet available.".into(),
        references_missing: "Not yet available.".into(),
        section: "Section".into(),
        page: "Page".into(),
        draft: "Not yet translated".into(),
        months: MONTHS.map(String::from).to_vec(),
        date_format: "{month} {year}".into(),
        quotes: ["“", "”", "‘", "’"].map(String::from),
        dash: DashStyle::AsWritten,
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
    // the notice of a run of missing entries; the single one's when not given
    lang.references_missing = match l.string("references_missing", false) {
        Some(s) => s.value.value,
        None => lang.reference_missing.clone(),
    };
    let _ = l.string("photo", false);
    l.finish(&[
        "contents",
        "references",
        "reference_missing",
        "references_missing",
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
    let dashes = [
        ("as-written", DashStyle::AsWritten),
        ("spaced-en", DashStyle::SpacedEn),
        ("closed-em", DashStyle::ClosedEm),
    ];
    if let Some(d) = y.keyword("dash", false, "dash style", &dashes) {
        lang.dash = d;
    }
    y.finish(&["direction", "quotes", "dash"]);
}

/// `[hyphenation]`: words with explicit break points, and which patterns
/// the language uses (`patterns = "en-gb"`; `patterns = false`: Hindi).
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
    if let Some(rule) = pattern_rule(&mut h) {
        lang.hyphenation = rule;
    }
    h.finish(&["exceptions", "patterns"]);
}

/// `patterns`: `true` (the language's own patterns), `false` (none) or the
/// name of a shipped pattern set (`"en-gb"`); `None` when absent or wrong
/// (reported).
fn pattern_rule(h: &mut Table<'_, '_>) -> Option<HyphenationRule> {
    let v = h.get("patterns")?;
    match v.get_ref() {
        DeValue::Boolean(true) => Some(HyphenationRule::Patterns),
        DeValue::Boolean(false) => Some(HyphenationRule::ExceptionsOnly),
        DeValue::String(_) => h
            .keyword(
                "patterns",
                false,
                "hyphenation pattern set",
                &PatternSet::ALL,
            )
            .map(HyphenationRule::PatternSet),
        other => {
            let names: Vec<&str> = PatternSet::ALL.iter().map(|(n, _)| *n).collect();
            let expected = format!(
                "true, false or the name of a pattern set ({})",
                one_of(&names)
            );
            h.diags.push(
                Diagnostic::error(
                    h.file,
                    v.span(),
                    format!("`patterns` must be {expected}, found {}", type_name(other)),
                )
                .with_label(format!("expected {expected}")),
            );
            None
        }
    }
}
