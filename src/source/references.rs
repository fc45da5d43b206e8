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

use toml::de::DeTable;

use super::tables::{StrField, Table};
use super::{Cx, loc};
use crate::diag::{Code, Diagnostic};
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

/// The keys only a known entry may have: all but `number` and `status`.
const DETAIL_KEYS: &[&str] = RECORD_KEYS.split_at(2).1;

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

impl Cx<'_> {
    /// Reads and checks `source/references.toml`. `None` when the file is
    /// absent, unreadable or not TOML (each reported).
    pub(super) fn references(&mut self, path: &Path, edition_year: u16) -> Option<References> {
        if !path.exists() {
            self.diags.push(
                Diagnostic::global(format!("{} missing", self.display(path)))
                    .with_code(Code::NoReferences)
                    .with_note(
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
        t.each_table("reference", |rt, span, diags| {
            records.extend(record(f, &text, rt, span, edition_year, diags));
        });
        t.finish(&["reference"]);
        self.diags.append(&mut diags);
        let list = self.numbered(f, records);
        Some(References { file: f, list })
    }

    /// The records of file `f` sorted by number, each number once; reports
    /// a number used twice and numbers left out.
    fn numbered(&mut self, f: usize, mut records: Vec<Record>) -> Vec<Reference> {
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
                        .with_code(Code::BadReference)
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
                        .with_code(Code::BadReference)
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
        list
    }

    /// Checks the citations of `doc` against its reference list (read from
    /// file `file`): a cited
    /// number that is not in the list is an error; with `warn`, a number
    /// never cited, numbers first cited out of order and entries not yet
    /// known are warnings.
    pub(super) fn check_citations(&mut self, doc: &Document, file: usize, warn: bool) {
        let cites = doc.citations();
        self.uncited_numbers(doc, &cites);
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
                    Some((h, hc)) if h > n => late.push(Late {
                        number: n,
                        at: c,
                        after: h,
                        after_at: hc,
                    }),
                    _ => highest = Some((n, c)),
                }
            }
        }
        self.out_of_order(&late);
        for r in &doc.references {
            if !first.contains_key(&r.number) {
                self.diags.push(
                    Diagnostic::warning(
                        file,
                        head(self.sources.text(file), r),
                        format!("reference {} is never cited", r.number),
                    )
                    .with_code(Code::UncitedReference)
                    .with_label(format!("no citation in the text cites [{}]", r.number)),
                );
            }
        }
        self.not_yet_known(&doc.references, file);
    }

    /// Reports every citation of a number the list lacks.
    fn uncited_numbers(&mut self, doc: &Document, cites: &[&Citation]) {
        let listed: Vec<u32> = doc.references.iter().map(|r| r.number).collect();
        for c in cites {
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
                .with_code(Code::Citation)
                .with_label("no such reference")
                .with_note("add the reference to source/references.toml, or correct the number"),
            );
        }
    }

    /// One warning for every number first cited after a larger one.
    fn out_of_order(&mut self, late: &[Late<'_>]) {
        let Some(first) = late.first() else { return };
        let mut d = Diagnostic::warning(
            first.at.loc.file as usize,
            span(first.at),
            format!(
                "{} reference number{} first cited out of order",
                late.len(),
                if late.len() == 1 { " is" } else { "s are" }
            ),
        )
        .with_code(Code::CitationOrder)
        .with_label(format!(
            "[{}] is first cited after a larger number",
            first.number
        ))
        .with_note(
            "the guide numbers its references in order of first citation, \
             so each number is first cited after every smaller one",
        );
        for l in late {
            d = d.with_note(format!(
                "[{}] first cited at {}, after [{}] at {}",
                l.number,
                self.place(l.at),
                l.after,
                self.place(l.after_at)
            ));
        }
        self.diags.push(d);
    }

    /// One warning for the entries not yet known, at the first of them.
    fn not_yet_known(&mut self, references: &[Reference], file: usize) {
        let missing: Vec<&Reference> = references.iter().filter(|r| r.entry().is_none()).collect();
        let Some(r) = missing.first() else { return };
        self.diags.push(
            Diagnostic::warning(
                file,
                head(self.sources.text(file), r),
                format!(
                    "{} of {} references are not yet known (status = \"missing\")",
                    missing.len(),
                    references.len()
                ),
            )
            .with_code(Code::UnknownReferences)
            .with_label("the first entry not yet known")
            .with_note(
                "the reference list prints these as their number with a notice; fill \
                 an entry in (status = \"known\") only from the publisher's list, never \
                 from memory",
            ),
        );
    }

    /// `file:line:col` of a citation.
    fn place(&self, c: &Citation) -> String {
        let f = c.loc.file as usize;
        let (line, col) = self.sources.line_col(f, c.loc.start as usize);
        format!("{}:{line}:{col}", self.sources.name(f))
    }
}

/// A number first cited after a larger one.
struct Late<'d> {
    /// The number.
    number: u32,
    /// Its first citation.
    at: &'d Citation,
    /// The largest number cited before it.
    after: u32,
    /// That number's first citation.
    after_at: &'d Citation,
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

/// The fields of a `[[reference]]` record as read.
struct Fields {
    number: Option<(i64, Range<usize>)>,
    status: Option<StrField>,
    authors: Option<Vec<StrField>>,
    title: Option<StrField>,
    container: Option<StrField>,
    year: Option<(i64, Range<usize>)>,
    volume: Option<StrField>,
    pages: Option<StrField>,
    doi: Option<StrField>,
    url: Option<StrField>,
    language: Option<StrField>,
}

impl Fields {
    /// Reads every key of a record, reporting mistyped values.
    fn read(t: &mut Table<'_, '_>) -> Fields {
        Fields {
            number: t.int("number", true),
            status: t.string("status", true),
            authors: t.strings("authors", false),
            title: t.string("title", false),
            container: t.string("container", false),
            year: t.int("year", false),
            volume: t.string("volume", false),
            pages: t.string("pages", false),
            doi: t.string("doi", false),
            url: t.string("url", false),
            language: t.string("language", false),
        }
    }
}

/// Reports a problem of a record at `span`.
fn error(t: &mut Table<'_, '_>, span: Range<usize>, msg: String, label: &str) {
    let d = Diagnostic::error(t.file, span, msg)
        .with_code(Code::BadReference)
        .with_label(label.to_string());
    t.diags.push(d);
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
    let r = Fields::read(&mut t);
    let number = match r.number.clone() {
        Some((n, s)) if (1..=i64::from(u32::MAX)).contains(&n) => Some((n as u32, s)),
        Some((_, s)) => {
            let msg = "reference numbers start at 1".into();
            error(&mut t, s, msg, "expected 1, 2, 3, …");
            None
        }
        None => None,
    };
    let known = status(&mut t, rt, &r);
    check_details(&mut t, rt, &r, edition_year);
    t.finish(RECORD_KEYS);
    let ok = diags.len() == before;
    let (number, number_span) = number?;
    let status = match known? {
        false => ReferenceStatus::Missing,
        true if ok => ReferenceStatus::Known(Entry {
            authors: r.authors?.into_iter().map(|a| a.value.value).collect(),
            title: r.title?.value.value,
            container: r.container?.value.value,
            year: r.year?.0 as u16,
            volume: r.volume.map(|s| s.value.value),
            pages: r.pages.map(|s| s.value.value),
            doi: r.doi.map(|s| s.value.value),
            url: r.url.map(|s| s.value.value),
            language: r.language.map(|s| s.value.value),
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

/// Whether the record is known (`status = "known"`); checks that a known
/// record has the required details and a missing one has none.
fn status(t: &mut Table<'_, '_>, rt: &DeTable<'_>, r: &Fields) -> Option<bool> {
    let s = r.status.as_ref()?;
    let known = match s.value.value.as_str() {
        "known" => true,
        "missing" => false,
        other => {
            let msg = format!("unknown status `{other}`");
            error(t, s.span.clone(), msg, "expected \"known\" or \"missing\"");
            return None;
        }
    };
    if known {
        for (key, present) in [
            ("authors", r.authors.is_some()),
            ("title", r.title.is_some()),
            ("container", r.container.is_some()),
            ("year", r.year.is_some()),
        ] {
            if !present && rt.get(key).is_none() {
                t.missing(key);
            }
        }
    } else {
        for key in DETAIL_KEYS {
            if let Some(v) = rt.get(*key) {
                let msg = format!("`{key}` given for a reference with status = \"missing\"");
                error(
                    t,
                    v.span(),
                    msg,
                    "set status = \"known\" when filling in the entry",
                );
            }
        }
    }
    Some(known)
}

/// Checks the details a record gives: authors, no empty text, the year,
/// the DOI, URL and language code.
fn check_details(t: &mut Table<'_, '_>, rt: &DeTable<'_>, r: &Fields, edition_year: u16) {
    if let Some(list) = &r.authors {
        if list.is_empty() {
            let s = rt.get("authors").map_or(t.span.clone(), |v| v.span());
            error(
                t,
                s,
                "`authors` is empty".into(),
                "list at least one author",
            );
        }
        for a in list {
            if a.value.value.trim().is_empty() {
                error(t, a.span.clone(), "empty author".into(), "write a name");
            }
        }
    }
    for (key, field) in [
        ("title", &r.title),
        ("container", &r.container),
        ("volume", &r.volume),
        ("pages", &r.pages),
    ] {
        if let Some(s) = field
            && s.value.value.trim().is_empty()
        {
            let msg = format!("empty `{key}`");
            error(t, s.span.clone(), msg, "leave the key out instead");
        }
    }
    if let Some((y, s)) = &r.year
        && !(FIRST_YEAR..=i64::from(edition_year)).contains(y)
    {
        let msg = format!("year {y} is outside {FIRST_YEAR}–{edition_year}");
        error(
            t,
            s.clone(),
            msg,
            "a cited work appeared before the edition",
        );
    }
    let checks = [
        (
            &r.doi,
            is_doi as fn(&str) -> bool,
            "a DOI",
            "expected 10.NNNN/suffix, without https://doi.org/",
        ),
        (
            &r.url,
            is_url,
            "an http or https URL",
            "expected https://host/path",
        ),
        (
            &r.language,
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
            error(t, s.span.clone(), msg, label);
        }
    }
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

    /// `valid` accepts every one of `good` and none of `bad`.
    fn sorts(valid: fn(&str) -> bool, good: &[&str], bad: &[&str]) {
        for s in good {
            assert!(valid(s), "rejected {s:?}");
        }
        for s in bad {
            assert!(!valid(s), "accepted {s:?}");
        }
    }

    #[test]
    fn dois_urls_and_language_codes() {
        let dois = [
            "10.1000/xyz123",
            "10.1177/1352458520915598",
            "10.1000.10/abc(2)-x",
        ];
        let not_dois = [
            "https://doi.org/10.1000/xyz",
            "10.10/xyz",
            "10.1000/",
            "10.1000/a b",
            "11.1000/x",
        ];
        sorts(is_doi, &dois, &not_dois);
        let urls = ["https://www.msif.org/", "http://example.org"];
        let not_urls = [
            "ftp://example.org/",
            "www.example.org",
            "https:///path",
            "https://exa mple.org/",
        ];
        sorts(is_url, &urls, &not_urls);
        let codes = ["en", "pt-BR", "zh-Hant"];
        sorts(is_language, &codes, &["English", "EN", "en-"]);
    }
}
