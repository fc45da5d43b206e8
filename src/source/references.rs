//! The numbered reference list, `source/references.toml`, and the checks
//! that tie it to the citations of the text.
//!
//! The list is shared by all languages. Each `[[reference]]` record has a
//! `number` and a `status`: `"known"` with the bibliographic details, or
//! `"missing"` while the entry is not yet known (the original guide's list is
//! not available, and an entry is never guessed). The loader checks the
//! shape of every record and that the numbers run 1, 2, … without gaps;
//! [`Cx::check_citations`] then checks the citations against the list. The
//! format is documented in `docs/source-format.md` ("References").

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::tables::{self, Table};
use super::{Cx, loc};
use crate::diag::Diagnostic;
use crate::model::{Citation, Document, Entry, Reference, ReferenceStatus, cite};

/// Keys of a `[[reference]]` record.
const RECORD_KEYS: &[&str] = &[
    "number",
    "status",
    "authors",
    "title",
    "container",
    "year",
    "volume",
    "pages",
    "doi",
    "url",
    "language",
];

/// The keys only a known entry may have.
const DETAIL_KEYS: &[&str] = &[
    "authors",
    "title",
    "container",
    "year",
    "volume",
    "pages",
    "doi",
    "url",
    "language",
];

/// The earliest year a cited work may have.
const FIRST_YEAR: i64 = 1800;

/// A reference list as read, with the places diagnostics point at.
pub(super) struct References {
    /// File index of `references.toml`.
    pub file: usize,
    /// The records, sorted by number, each number once.
    pub list: Vec<Reference>,
}

/// A record as read: the reference and the span of its `number` value.
struct Record {
    reference: Reference,
    number_span: Range<usize>,
}

impl Cx {
    /// Reads and checks `source/references.toml`. `None` when the file is
    /// absent, unreadable or not TOML (each reported).
    pub(super) fn references(&mut self, path: &Path, edition_year: u16) -> Option<References> {
        if !path.exists() {
            self.diags.push(
                Diagnostic::global(format!("{} missing", self.display(path))).with_note(
                    "the reference list holds one [[reference]] record per cited number; \
                     see docs/source-format.md, \"References\"",
                ),
            );
            return None;
        }
        let f = self.read(path)?;
        let text = self.sources.text(f).to_string();
        let table = self.parse(f, &text)?;
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "references.toml", &mut diags);
        let mut records = Vec::new();
        if let Some(v) = t.get("reference") {
            match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::Table(rt) => records.extend(record(
                                f,
                                &text,
                                rt,
                                item.span(),
                                edition_year,
                                t.diags,
                            )),
                            other => t.diags.push(
                                Diagnostic::error(
                                    f,
                                    item.span(),
                                    format!(
                                        "a reference must be a table, found {}",
                                        tables::type_name(other)
                                    ),
                                )
                                .with_label("write [[reference]] tables"),
                            ),
                        }
                    }
                }
                other => t.diags.push(
                    Diagnostic::error(
                        f,
                        v.span(),
                        format!(
                            "`reference` must be an array of tables, found {}",
                            tables::type_name(other)
                        ),
                    )
                    .with_label("write [[reference]] tables"),
                ),
            }
        }
        t.finish(&["reference"]);
        self.diags.append(&mut diags);
        // stable: of records with the same number, the first written comes first
        records.sort_by_key(|r| r.reference.number);
        let mut list: Vec<Reference> = Vec::with_capacity(records.len());
        // number and `number` span of the record kept last
        let mut prev: Option<(u32, Range<usize>)> = None;
        for r in records {
            let n = r.reference.number;
            if let Some((pn, ps)) = &prev
                && *pn == n
            {
                let (line, col) = self.sources.line_col(f, ps.start);
                self.diags.push(
                    Diagnostic::error(f, r.number_span, format!("duplicate reference number {n}"))
                        .with_label("this number is already used")
                        .with_note(format!(
                            "first used at {}:{line}:{col}",
                            self.sources.name(f)
                        )),
                );
                continue;
            }
            let expected = prev.as_ref().map_or(1, |(pn, _)| pn + 1);
            if n > expected {
                let absent = if n - 1 == expected {
                    format!("reference number {expected} is absent")
                } else {
                    format!("reference numbers {expected}–{} are absent", n - 1)
                };
                self.diags.push(
                    Diagnostic::error(f, r.number_span.clone(), absent)
                        .with_label(format!("the list jumps to {n} here"))
                        .with_note(
                            "the list runs 1, 2, 3, … without gaps; write a record with \
                             status = \"missing\" for a number whose entry is not yet known",
                        ),
                );
            }
            list.push(r.reference);
            prev = Some((n, r.number_span));
        }
        Some(References { file: f, list })
    }

    /// Checks the citations of `doc` against its reference list (read from
    /// file `file`): a cited
    /// number that is not in the list is an error; with `warn`, a number
    /// never cited, numbers first cited out of order and entries not yet
    /// known are warnings.
    pub(super) fn check_citations(&mut self, doc: &Document, file: usize, warn: bool) {
        let listed: Vec<u32> = doc.references.iter().map(|r| r.number).collect();
        let cites = doc.citations();
        for c in &cites {
            let bad: Vec<u32> = c
                .numbers
                .iter()
                .copied()
                .filter(|n| listed.binary_search(n).is_err())
                .collect();
            if bad.is_empty() {
                continue;
            }
            let has = if listed.is_empty() {
                "the list is empty".to_string()
            } else {
                format!("the list has {}", cite::join(&cite::runs(&listed)))
            };
            self.diags.push(
                Diagnostic::error(
                    c.loc.file as usize,
                    span(c),
                    format!(
                        "citation [{}] cites no reference; {has}",
                        cite::join(&cite::runs(&bad))
                    ),
                )
                .with_label("no such reference")
                .with_note("add the reference to source/references.toml, or correct the number"),
            );
        }
        if !warn {
            return;
        }
        // first citation of each number, in reading order
        let mut first: HashMap<u32, &Citation> = HashMap::new();
        let mut late = Vec::new();
        let mut highest: Option<(u32, &Citation)> = None;
        for c in &cites {
            for &n in &c.numbers {
                if first.contains_key(&n) {
                    continue;
                }
                first.insert(n, c);
                match highest {
                    Some((h, hc)) if h > n => late.push((n, *c, h, hc)),
                    _ => highest = Some((n, c)),
                }
            }
        }
        if let Some(&(_, c0, _, _)) = late.first() {
            let mut d = Diagnostic::warning(
                c0.loc.file as usize,
                span(c0),
                format!(
                    "{} reference number{} first cited out of order",
                    late.len(),
                    if late.len() == 1 { " is" } else { "s are" }
                ),
            )
            .with_label(format!(
                "[{}] is first cited after a larger number",
                late[0].0
            ))
            .with_note(
                "the guide numbers its references in order of first citation, \
                 so each number is first cited after every smaller one",
            );
            for &(n, c, h, hc) in &late {
                d = d.with_note(format!(
                    "[{n}] first cited at {}, after [{h}] at {}",
                    self.place(c),
                    self.place(hc)
                ));
            }
            self.diags.push(d);
        }
        for r in &doc.references {
            if !first.contains_key(&r.number) {
                self.diags.push(
                    Diagnostic::warning(
                        file,
                        head(self.sources.text(file), r),
                        format!("reference {} is never cited", r.number),
                    )
                    .with_label(format!("no citation in the text cites [{}]", r.number)),
                );
            }
        }
        let missing: Vec<&Reference> = doc
            .references
            .iter()
            .filter(|r| r.entry().is_none())
            .collect();
        if let Some(r) = missing.first() {
            self.diags.push(
                Diagnostic::warning(
                    file,
                    head(self.sources.text(file), r),
                    format!(
                        "{} of {} references are not yet known (status = \"missing\")",
                        missing.len(),
                        doc.references.len()
                    ),
                )
                .with_label("the first entry not yet known")
                .with_note(
                    "the reference list prints these as their number with a notice; fill \
                     an entry in (status = \"known\") only from the publisher's list, never \
                     from memory",
                ),
            );
        }
    }

    /// `file:line:col` of a citation.
    fn place(&self, c: &Citation) -> String {
        let f = c.loc.file as usize;
        let (line, col) = self.sources.line_col(f, c.loc.start as usize);
        format!("{}:{line}:{col}", self.sources.name(f))
    }
}

fn span(c: &Citation) -> Range<usize> {
    c.loc.start as usize..c.loc.end as usize
}

/// The first line of a record (its `[[reference]]` header).
fn head(text: &str, r: &Reference) -> Range<usize> {
    let start = r.loc.start as usize;
    let len = text
        .get(start..r.loc.end as usize)
        .and_then(|s| s.lines().next())
        .map_or(0, str::len);
    start..start + len.max(1)
}

/// Reads one `[[reference]]` record.
fn record(
    f: usize,
    text: &str,
    rt: &DeTable<'_>,
    span: Range<usize>,
    edition_year: u16,
    diags: &mut Vec<Diagnostic>,
) -> Option<Record> {
    let before = diags.len();
    let mut t = Table::new(f, text, rt, span.clone(), "reference", &mut *diags);
    let number = t.int("number", true);
    let status = t.string("status", true);
    let authors = t.strings("authors", false);
    let title = t.string("title", false);
    let container = t.string("container", false);
    let year = t.int("year", false);
    let volume = t.string("volume", false);
    let pages = t.string("pages", false);
    let doi = t.string("doi", false);
    let url = t.string("url", false);
    let language = t.string("language", false);
    let error = |t: &mut Table, span: Range<usize>, msg: String, label: &str| {
        t.diags
            .push(Diagnostic::error(f, span, msg).with_label(label.to_string()));
    };
    let number = match number {
        Some((n, s)) if (1..=i64::from(u32::MAX)).contains(&n) => Some((n as u32, s)),
        Some((_, s)) => {
            error(
                &mut t,
                s,
                "reference numbers start at 1".into(),
                "expected 1, 2, 3, …",
            );
            None
        }
        None => None,
    };
    let known = match &status {
        None => None,
        Some(s) => match s.value.value.as_str() {
            "known" => Some(true),
            "missing" => Some(false),
            other => {
                error(
                    &mut t,
                    s.span.clone(),
                    format!("unknown status `{other}`"),
                    "expected \"known\" or \"missing\"",
                );
                None
            }
        },
    };
    match known {
        Some(true) => {
            for (key, present) in [
                ("authors", authors.is_some()),
                ("title", title.is_some()),
                ("container", container.is_some()),
                ("year", year.is_some()),
            ] {
                if !present && rt.get(key).is_none() {
                    t.missing(key);
                }
            }
        }
        Some(false) => {
            for key in DETAIL_KEYS {
                if let Some(v) = rt.get(*key) {
                    error(
                        &mut t,
                        v.span(),
                        format!("`{key}` given for a reference with status = \"missing\""),
                        "set status = \"known\" when filling in the entry",
                    );
                }
            }
        }
        None => {}
    }
    if let Some(list) = &authors {
        if list.is_empty() {
            let s = rt.get("authors").map_or(span.clone(), |v| v.span());
            error(
                &mut t,
                s,
                "`authors` is empty".into(),
                "list at least one author",
            );
        }
        for a in list {
            if a.value.value.trim().is_empty() {
                error(
                    &mut t,
                    a.span.clone(),
                    "empty author".into(),
                    "write a name",
                );
            }
        }
    }
    for (key, field) in [
        ("title", &title),
        ("container", &container),
        ("volume", &volume),
        ("pages", &pages),
    ] {
        if let Some(s) = field
            && s.value.value.trim().is_empty()
        {
            let msg = format!("empty `{key}`");
            error(&mut t, s.span.clone(), msg, "leave the key out instead");
        }
    }
    if let Some((y, s)) = &year
        && !(FIRST_YEAR..=i64::from(edition_year)).contains(y)
    {
        error(
            &mut t,
            s.clone(),
            format!("year {y} is outside {FIRST_YEAR}–{edition_year}"),
            "a cited work appeared before the edition",
        );
    }
    let checks = [
        (
            &doi,
            is_doi as fn(&str) -> bool,
            "a DOI",
            "expected 10.NNNN/suffix, without https://doi.org/",
        ),
        (
            &url,
            is_url,
            "an http or https URL",
            "expected https://host/path",
        ),
        (
            &language,
            is_language,
            "a language code",
            "expected a BCP 47 code such as \"en\" or \"pt-BR\"",
        ),
    ];
    for (field, valid, what, label) in checks {
        if let Some(s) = field
            && !valid(&s.value.value)
        {
            let msg = format!("`{}` is not {what}", s.value.value);
            error(&mut t, s.span.clone(), msg, label);
        }
    }
    t.finish(RECORD_KEYS);
    let ok = diags.len() == before;
    let (number, number_span) = number?;
    let status = match known? {
        false => ReferenceStatus::Missing,
        true if ok => ReferenceStatus::Known(Entry {
            authors: authors?.into_iter().map(|a| a.value.value).collect(),
            title: title?.value.value,
            container: container?.value.value,
            year: year?.0 as u16,
            volume: volume.map(|s| s.value.value),
            pages: pages.map(|s| s.value.value),
            doi: doi.map(|s| s.value.value),
            url: url.map(|s| s.value.value),
            language: language.map(|s| s.value.value),
        }),
        // a known entry with errors still takes its number, so that the
        // citation checks see the whole list
        true => ReferenceStatus::Missing,
    };
    Some(Record {
        reference: Reference {
            number,
            status,
            loc: loc(f, &span),
        },
        number_span,
    })
}

/// `10.` a registrant code of digits (dot-separated parts allowed), `/`, a
/// suffix without spaces.
pub fn is_doi(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    let first = registrant.split('.').next().unwrap_or("");
    first.len() >= 4
        && registrant
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !suffix.is_empty()
        && !suffix.chars().any(char::is_whitespace)
}

/// `http://` or `https://`, a host, no spaces.
pub fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    let Some(rest) = rest else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A BCP 47 tag in its common shape: a 2–3 letter language, then
/// alphanumeric subtags of 1–8 characters (`en`, `pt-BR`, `zh-Hant`).
pub fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois() {
        assert!(is_doi("10.1000/xyz123"));
        assert!(is_doi("10.1177/1352458520915598"));
        assert!(is_doi("10.1000.10/abc(2)-x"));
        assert!(!is_doi("https://doi.org/10.1000/xyz"));
        assert!(!is_doi("10.10/xyz"));
        assert!(!is_doi("10.1000/"));
        assert!(!is_doi("10.1000/a b"));
        assert!(!is_doi("11.1000/x"));
    }

    #[test]
    fn urls() {
        assert!(is_url("https://www.msif.org/"));
        assert!(is_url("http://example.org"));
        assert!(!is_url("ftp://example.org/"));
        assert!(!is_url("www.example.org"));
        assert!(!is_url("https:///path"));
        assert!(!is_url("https://exa mple.org/"));
    }

    #[test]
    fn languages() {
        assert!(is_language("en"));
        assert!(is_language("pt-BR"));
        assert!(is_language("zh-Hant"));
        assert!(!is_language("English"));
        assert!(!is_language("EN"));
        assert!(!is_language("en-"));
    }
}
