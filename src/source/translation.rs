//! Translations: merges `source/<lang>/` into the source-language document
//! and reports what is translated, missing, stale or orphaned.
//!
//! A translation file holds one table per block id of the source (section
//! ids included), with the block's translatable fields (`title`, `lead`,
//! `text`, `caption`, `alt`, `items`) and `source`, the [`fingerprint`] of
//! the source text the translation was made from:
//!
//! ```toml
//! [s1-behandeling-levenskwaliteit]
//! source = "31cf688949d273fb"
//! text = """
//! Treatment of MS aims to improve the quality of life of people with MS, ...
//! """
//! ```
//!
//! Everything else about a block (its kind, level, image, order) comes from
//! the source, so a translation cannot drift from its structure. When the
//! source text is edited its fingerprint changes and the translation is
//! reported stale; a translation must keep the citations and links of its
//! source unit (checked here and by `xliff import`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};

use super::fields::Field;
use super::history::{self, History};
use super::tables::{StrField, Table};
use super::{Cx, inline, loc};
use crate::diag::{Code, Diagnostic};
use crate::model::{Block, BlockKind, Inline, Loc, Origin, Section, Step, Text};

/// The source text of each unit: id → (fields, file, byte offset of the unit).
pub(super) type RawUnits = HashMap<String, (Vec<(Field, String)>, usize, usize)>;

/// The fingerprint of a unit's source text: the first 16 hex digits of the
/// SHA-256 of each present field as `name\nvalue\n` (list items as
/// `item\nvalue\n`), values with white space collapsed, so that rewrapping a
/// paragraph does not make its translations stale.
pub fn fingerprint(fields: &[(Field, String)]) -> String {
    let mut h = Sha256::new();
    for (field, value) in fields {
        h.update(field.fingerprint_name().as_bytes());
        h.update(b"\n");
        let mut first = true;
        for w in value.split_whitespace() {
            if !first {
                h.update(b" ");
            }
            h.update(w.as_bytes());
            first = false;
        }
        h.update(b"\n");
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The raw translatable fields of a source block or section table, in
/// [`Field::ALL`] order; list items become one `(Field::Items, item)` pair each.
pub fn raw_fields(t: &DeTable<'_>) -> Vec<(Field, String)> {
    let mut out = Vec::new();
    for field in Field::ALL {
        let Some(v) = t.get(field.key()) else {
            continue;
        };
        match v.get_ref() {
            DeValue::String(s) => out.push((field, s.to_string())),
            DeValue::Array(items) => {
                for i in items.iter() {
                    if let DeValue::String(s) = i.get_ref() {
                        out.push((field, s.to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The state of one translation unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitState {
    /// Translated from the current source text.
    Translated,
    /// Translated from an older source text.
    Stale,
    /// Not translated.
    Missing,
    /// A translation whose id no longer exists in the source.
    Orphaned,
}

impl UnitState {
    /// The word used in reports.
    pub fn name(self) -> &'static str {
        match self {
            UnitState::Translated => "translated",
            UnitState::Stale => "stale",
            UnitState::Missing => "missing",
            UnitState::Orphaned => "orphaned",
        }
    }
}

/// One unit of a translation status report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Block (or section) id.
    pub id: String,
    /// Kind of the source block (`paragraph`, `section`, ...; empty for orphans).
    pub kind: String,
    /// Its state.
    pub state: UnitState,
    /// File that needs work: the translation file (translated, stale,
    /// orphaned) or the source file (missing).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The source text's fingerprint now (empty for orphans).
    pub fingerprint: String,
    /// The source file the unit is written in (empty for orphans).
    pub source_file: String,
    /// 1-based line of the block in `source_file` (0 for orphans).
    pub source_line: usize,
    /// The source's translatable fields, raw markup (`(Field::Items, …)` once per item).
    pub source: Vec<(Field, String)>,
    /// The translation's fields, raw markup (empty when missing).
    pub target: Vec<(Field, String)>,
    /// Where the translation's table is (its name), when there is one.
    pub table: Option<Loc>,
    /// The fingerprint the translation names (its `source`), when it names one.
    pub translated_from: Option<String>,
    /// Whether a reviewer approved the translation: translated from the
    /// current source, in a file `[review]` of `language.toml` approves.
    pub approved: bool,
    /// The source text the translation was made from, when the language's
    /// `source-history.toml` keeps it (see [`super::history`]).
    pub previous: Option<Vec<(Field, String)>>,
    /// For a stale unit: what changed in the source's structure that the
    /// translation does not follow yet ("citation [14] added", "list item
    /// added", "link target changed: … → …"); empty when only the text changed.
    pub reasons: Vec<String>,
}

/// How far a language's translation is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// Language code.
    pub lang: String,
    /// Every unit of the source in reading order, then orphans.
    pub units: Vec<Unit>,
    /// The strings of `language.toml` (title, labels, months, date format).
    pub language: Vec<super::language_units::LanguageUnit>,
}

impl Status {
    /// Number of units in a state.
    pub fn count(&self, state: UnitState) -> usize {
        self.units.iter().filter(|u| u.state == state).count()
    }

    /// Share of source units translated from the current text, 0–100.
    pub fn percent(&self) -> f64 {
        let total = self
            .units
            .iter()
            .filter(|u| u.state != UnitState::Orphaned)
            .count();
        if total == 0 {
            return 100.0;
        }
        100.0 * self.count(UnitState::Translated) as f64 / total as f64
    }
}

/// One entry of a translation file.
struct Entry {
    file: usize,
    span: Range<usize>,
    fingerprint: Option<String>,
    fields: Vec<(Field, StrField)>,
    used: bool,
}

/// Reads the translation folder `dir`, merges it into the source document's
/// `front` and `sections` and returns the status. Missing units are errors
/// unless `draft` (then they keep the source text, marked [`Origin::Untranslated`]).
pub(super) fn merge(
    cx: &mut Cx,
    dir: &Path,
    lang: &str,
    raw: &RawUnits,
    front: &mut [Block],
    sections: &mut [Section],
    draft: bool,
) -> Status {
    let (mut entries, order) = read_entries(cx, dir);
    let history = history::read(cx, dir);
    let mut status = Status {
        lang: lang.to_string(),
        units: Vec::new(),
        language: Vec::new(),
    };
    let mut missing = Vec::new();
    let mut m = Merger {
        cx,
        entries: &mut entries,
        raw,
        history: &history,
        status: &mut status,
        missing: &mut missing,
    };
    for b in front.iter_mut() {
        m.block(b);
    }
    for s in sections.iter_mut() {
        m.section(s);
        for b in s.blocks.iter_mut() {
            m.block(b);
        }
    }
    for id in &order {
        let e = &entries[id];
        if e.used {
            continue;
        }
        let (line, _) = cx.sources.line_col(e.file, e.span.start);
        status.units.push(Unit {
            id: id.clone(),
            kind: String::new(),
            state: UnitState::Orphaned,
            file: cx.sources.name(e.file).to_string(),
            line,
            fingerprint: String::new(),
            source_file: String::new(),
            source_line: 0,
            source: Vec::new(),
            target: e
                .fields
                .iter()
                .map(|(n, v)| (*n, v.value.value.clone()))
                .collect(),
            table: Some(loc(e.file, &e.span)),
            reasons: Vec::new(),
            translated_from: e.fingerprint.clone(),
            approved: false,
            previous: None,
        });
        cx.diags.push(
            Diagnostic::warning(
                e.file,
                e.span.clone(),
                format!("`{id}` is not a block of the source"),
            )
            .with_code(Code::OrphanedTranslation)
            .with_label("orphaned translation")
            .with_note("the block was removed or renamed in the source; delete or move this table"),
        );
    }
    report_missing(cx, &missing, lang, draft);
    status
}

/// Reads the translation files of `dir`: every entry by id, and the ids in
/// the order the files hold them.
fn read_entries(cx: &mut Cx, dir: &Path) -> (HashMap<String, Entry>, Vec<String>) {
    let mut entries: HashMap<String, Entry> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for path in cx.content_files(dir) {
        let Some(f) = cx.read(&path) else { continue };
        let text = cx.sources.text(f).to_string();
        let Some(table) = cx.parse(f, &text) else {
            continue;
        };
        let mut diags = Vec::new();
        for (k, v) in table.iter() {
            let id = k.get_ref().to_string();
            let span = k.span();
            let DeValue::Table(t) = v.get_ref() else {
                diags.push(
                    Diagnostic::error(f, span, format!("`{id}` must be a table"))
                        .with_code(Code::BadTranslation)
                        .with_label("a translation file holds one [id] table per block"),
                );
                continue;
            };
            let mut tt = Table::new(f, &text, t, span.clone(), "translation", &mut diags);
            let fp = tt.string("source", false).map(|s| s.value.value);
            let mut fields = Vec::new();
            for field in Field::ALL {
                if field == Field::Items {
                    if let Some(items) = tt.strings(field.key(), false) {
                        fields.extend(items.into_iter().map(|s| (field, s)));
                    }
                } else if let Some(s) = tt.field(field, false) {
                    fields.push((field, s));
                }
            }
            let mut known = vec!["source"];
            known.extend(Field::ALL.map(Field::key));
            tt.finish(&known);
            if let Some(prev) = entries.get(&id) {
                let (line, col) = cx.sources.line_col(prev.file, prev.span.start);
                diags.push(
                    Diagnostic::error(f, span, format!("`{id}` is translated twice"))
                        .with_code(Code::BadTranslation)
                        .with_label("second translation")
                        .with_note(format!(
                            "first at {}:{line}:{col}",
                            cx.sources.name(prev.file)
                        )),
                );
                continue;
            }
            order.push(id.clone());
            entries.insert(
                id,
                Entry {
                    file: f,
                    span,
                    fingerprint: fp,
                    fields,
                    used: false,
                },
            );
        }
        cx.diags.append(&mut diags);
    }
    (entries, order)
}

fn report_missing(cx: &mut Cx, missing: &[(usize, Range<usize>, String)], lang: &str, draft: bool) {
    if missing.is_empty() {
        return;
    }
    let n = missing.len();
    if draft {
        cx.diags.push(Diagnostic::global_warning(format!(
            "{n} block(s) not translated into `{lang}`: shown in the source language, marked (draft); `brochure status --lang {lang}` lists them"
        )).with_code(Code::DraftUntranslated));
        return;
    }
    const SHOWN: usize = 12;
    for (f, span, id) in missing.iter().take(SHOWN) {
        cx.diags.push(
            Diagnostic::error(
                *f,
                span.clone(),
                format!("`{id}` is not translated into `{lang}`"),
            )
            .with_code(Code::Untranslated)
            .with_label("no translation of this block")
            .with_note(format!(
                "add a [{id}] table to a file in source/{lang}/, or build with --draft"
            )),
        );
    }
    if n > SHOWN {
        cx.diags.push(
            Diagnostic::global(format!(
                "{} more block(s) not translated into `{lang}`",
                n - SHOWN
            ))
            .with_code(Code::Untranslated)
            .with_note(format!(
                "`brochure status --lang {lang}` lists them all; --draft builds anyway"
            )),
        );
    }
}

/// A translation found for a unit of the source.
struct Found {
    /// File of the translation's table.
    file: usize,
    /// Span of the table's name.
    span: Range<usize>,
    /// The translated fields.
    fields: Vec<(Field, StrField)>,
    /// Index of the unit in the status.
    unit: usize,
    /// Whether it was translated from an older source text.
    stale: bool,
    /// The fingerprint it was translated from, when it names one.
    from: Option<String>,
}

impl Found {
    /// The origin its block gets.
    fn origin(&self) -> Origin {
        if self.stale {
            Origin::Stale
        } else {
            Origin::Translated
        }
    }

    /// The translated value of `field` (the first, for items).
    fn get(&self, field: Field) -> Option<&StrField> {
        self.fields
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v)
    }
}

/// A way a translation's structure differs from its source's: an error in
/// a translation of the current source text, a reason for a stale one.
struct Difference {
    /// The error's message.
    message: String,
    /// The error's label.
    label: String,
    /// The error's note, if any.
    note: Option<String>,
    /// What changed in the source, as the stale unit's reasons say it.
    reasons: Vec<String>,
}

struct Merger<'a, 'm> {
    cx: &'a mut Cx<'m>,
    entries: &'a mut HashMap<String, Entry>,
    raw: &'a RawUnits,
    history: &'a History,
    status: &'a mut Status,
    missing: &'a mut Vec<(usize, Range<usize>, String)>,
}

impl Merger<'_, '_> {
    /// Looks up the unit `id` and records its state. Returns the translation
    /// when there is one (fresh or stale) and, for a fresh one, its fields
    /// are those of the source; a stale one whose fields differ is returned
    /// with the differences as its reasons.
    fn unit(&mut self, id: &str, kind: &str) -> Option<Found> {
        let (fields, sf, sstart) = self.raw.get(id).cloned().unwrap_or_default();
        let fp = fingerprint(&fields);
        let Some(e) = self.entries.get_mut(id) else {
            let (line, _) = self.cx.sources.line_col(sf, sstart);
            self.status.units.push(Unit {
                id: id.to_string(),
                kind: kind.to_string(),
                state: UnitState::Missing,
                file: self.cx.sources.name(sf).to_string(),
                line,
                fingerprint: fp,
                source_file: self.cx.sources.name(sf).to_string(),
                source_line: line,
                source: fields,
                target: Vec::new(),
                table: None,
                reasons: Vec::new(),
                translated_from: None,
                approved: false,
                previous: None,
            });
            let text = self.cx.sources.text(sf);
            let end = text
                .get(sstart..)
                .and_then(|t| t.find('\n'))
                .map_or(sstart + 1, |n| sstart + n.max(1));
            self.missing.push((sf, sstart..end, id.to_string()));
            return None;
        };
        e.used = true;
        let stale = e.fingerprint.as_deref() != Some(fp.as_str());
        let (line, _) = self.cx.sources.line_col(e.file, e.span.start);
        let (source_line, _) = self.cx.sources.line_col(sf, sstart);
        let found = Found {
            file: e.file,
            span: e.span.clone(),
            fields: std::mem::take(&mut e.fields),
            unit: self.status.units.len(),
            stale,
            from: e.fingerprint.clone(),
        };
        self.status.units.push(Unit {
            id: id.to_string(),
            kind: kind.to_string(),
            state: if stale {
                UnitState::Stale
            } else {
                UnitState::Translated
            },
            file: self.cx.sources.name(e.file).to_string(),
            line,
            fingerprint: fp,
            source_file: self.cx.sources.name(sf).to_string(),
            source_line,
            source: fields.clone(),
            target: found
                .fields
                .iter()
                .map(|(n, v)| (*n, v.value.value.clone()))
                .collect(),
            table: Some(loc(e.file, &e.span)),
            reasons: Vec::new(),
            translated_from: e.fingerprint.clone(),
            approved: false,
            previous: e
                .fingerprint
                .as_ref()
                .and_then(|f| self.history.get(f))
                .cloned(),
        });
        let diffs = field_differences(id, kind, &fields, &found.fields);
        if self.settle(&found, diffs) {
            Some(found)
        } else {
            None
        }
    }

    /// Takes the differences of a found translation from its source: errors
    /// for a translation of the current source text (then `false`: the
    /// block keeps the source), reasons of a stale one (`true`).
    fn settle(&mut self, found: &Found, diffs: Vec<Difference>) -> bool {
        if found.stale {
            let unit = &mut self.status.units[found.unit];
            unit.reasons
                .extend(diffs.into_iter().flat_map(|d| d.reasons));
            return true;
        }
        let ok = diffs.is_empty();
        for d in diffs {
            let mut e =
                Diagnostic::error(found.file, found.span.clone(), d.message).with_label(d.label);
            if let Some(n) = d.note {
                e = e.with_note(n);
            }
            self.cx.diags.push(e);
        }
        ok
    }

    /// Reports a stale translation, with its reasons, once its block is merged.
    fn report_stale(&mut self, found: &Found) {
        if !found.stale {
            return;
        }
        let unit = &self.status.units[found.unit];
        let (id, fp) = (unit.id.clone(), unit.fingerprint.clone());
        let what = match &found.from {
            Some(old) => format!(
                "translated from source text {old}; the source is now {fp} (update the text, then `source = \"{fp}\"`)"
            ),
            None => format!("no `source` fingerprint; the source is {fp}"),
        };
        let mut d = Diagnostic::warning(
            found.file,
            found.span.clone(),
            format!("translation of `{id}` is stale"),
        )
        .with_label("the source text changed since this was translated");
        if !unit.reasons.is_empty() {
            d = d.with_note(format!(
                "the translation does not follow the source yet: {}",
                unit.reasons.join("; ")
            ));
        }
        self.cx.diags.push(d.with_note(what));
    }

    fn section(&mut self, s: &mut Section) {
        let id = s.id.clone();
        let Some(found) = self.unit(&id, "section") else {
            s.origin = Origin::Untranslated;
            return;
        };
        let before: Vec<Text> = s.lead.clone().into_iter().collect();
        let mut diags = Vec::new();
        let title = found
            .get(Field::Title)
            .map_or_else(|| s.title.clone(), |v| collapse(&v.value.value));
        // a stale translation may lack a lead the source gained, or keep one
        // it lost: the source decides whether there is one
        let lead = match (&s.lead, found.get(Field::Lead)) {
            (Some(_), Some(v)) => Some(inline::parse_line(&v.value, found.file, &mut diags)),
            _ => None,
        };
        self.cx.diags.append(&mut diags);
        let after: Vec<Text> = lead.clone().into_iter().collect();
        let diffs = mark_differences(&id, &before, &after);
        if self.settle(&found, diffs) {
            s.title = title;
            s.lead = lead;
            s.origin = found.origin();
            s.loc = loc(found.file, &found.span);
        } else {
            s.origin = Origin::Untranslated;
        }
        self.report_stale(&found);
    }

    fn block(&mut self, b: &mut Block) {
        let kind = kind_name(&b.kind);
        let id = b.id.clone();
        let Some(found) = self.unit(&id, kind) else {
            b.origin = Origin::Untranslated;
            return;
        };
        let f = found.file;
        let mut diags = Vec::new();
        let line = |n: Field, d: &mut Vec<Diagnostic>| {
            found
                .get(n)
                .map(|v| inline::parse_line(&v.value, f, d))
                .unwrap_or_default()
        };
        let paras = |n: Field, d: &mut Vec<Diagnostic>| {
            found
                .get(n)
                .map(|v| inline::parse_paragraphs(&v.value, f, true, d))
                .unwrap_or_default()
        };
        let new_kind = match &b.kind {
            BlockKind::Heading { level, lead, .. } => BlockKind::Heading {
                level: *level,
                title: line(Field::Title, &mut diags),
                lead: lead
                    .as_ref()
                    .and_then(|_| found.get(Field::Lead))
                    .map(|v| inline::parse_line(&v.value, f, &mut diags)),
            },
            BlockKind::Paragraph(_) => BlockKind::Paragraph(line(Field::Text, &mut diags)),
            BlockKind::Statement(_) => BlockKind::Statement(line(Field::Text, &mut diags)),
            BlockKind::Box(_) => BlockKind::Box(paras(Field::Text, &mut diags)),
            BlockKind::Notice { .. } => BlockKind::Notice {
                title: line(Field::Title, &mut diags),
                paragraphs: paras(Field::Text, &mut diags),
            },
            BlockKind::List(_) => BlockKind::List(
                found
                    .fields
                    .iter()
                    .filter(|(k, _)| *k == Field::Items)
                    .map(|(_, v)| inline::parse_line(&v.value, f, &mut diags))
                    .collect(),
            ),
            BlockKind::Photo(p) => {
                let mut p = p.clone();
                p.caption = line(Field::Caption, &mut diags);
                if let Some(a) = found.get(Field::Alt) {
                    p.alt = collapse(&a.value.value);
                }
                BlockKind::Photo(p)
            }
        };
        self.cx.diags.append(&mut diags);
        let diffs = mark_differences(&id, &texts(&b.kind), &texts(&new_kind));
        if self.settle(&found, diffs) {
            b.kind = new_kind;
            b.origin = found.origin();
            b.loc = loc(found.file, &found.span);
        } else {
            b.origin = Origin::Untranslated;
        }
        self.report_stale(&found);
    }
}

/// How the fields of a translation (`have`) differ from its source's
/// (`want`): a field lacking or too many, a different number of list items.
fn field_differences(
    id: &str,
    kind: &str,
    want: &[(Field, String)],
    have: &[(Field, StrField)],
) -> Vec<Difference> {
    let w = dedup(want.iter().map(|(n, _)| n.key()));
    let h = dedup(have.iter().map(|(n, _)| n.key()));
    let mut out = Vec::new();
    for k in w.iter().filter(|k| !h.contains(k)) {
        out.push(Difference {
            message: format!("translation of `{id}` lacks `{k}`"),
            label: format!("the source {kind} has `{k}`"),
            note: None,
            reasons: vec![format!("`{k}` added")],
        });
    }
    for k in h.iter().filter(|k| !w.contains(k)) {
        out.push(Difference {
            message: format!("`{k}` is not a field of `{id}`"),
            label: format!("the source {kind} has: {}", w.join(", ")),
            note: None,
            reasons: vec![format!("`{k}` removed")],
        });
    }
    let n = want.iter().filter(|(f, _)| *f == Field::Items).count();
    let t = have.iter().filter(|(f, _)| *f == Field::Items).count();
    if n != t {
        let (d, how) = if n > t {
            (n - t, "added")
        } else {
            (t - n, "removed")
        };
        out.push(Difference {
            message: format!("translation of `{id}` has {t} list items, the source {n}"),
            label: "translate each item as one item".into(),
            note: None,
            reasons: vec![if d == 1 {
                format!("list item {how}")
            } else {
                format!("{d} list items {how}")
            }],
        });
    }
    out
}

/// How the citations and links of a translation's texts (`b`) differ from
/// its source's (`a`); a translation may move them, not change them.
fn mark_differences(id: &str, a: &[Text], b: &[Text]) -> Vec<Difference> {
    let (ca, la) = marks(a);
    let (cb, lb) = marks(b);
    let mut out = Vec::new();
    if ca != cb {
        let (added, removed) = multiset_diff(&ca, &cb);
        let one = |g: &Vec<u32>| show(std::slice::from_ref(g));
        out.push(Difference {
            message: format!("translation of `{id}` changes its citations"),
            label: "citations differ from the source".into(),
            note: Some(format!(
                "the source cites {}, the translation {}",
                show(&ca),
                show(&cb)
            )),
            reasons: pair_reasons(&added, &removed, |new, old| match (new, old) {
                (Some(n), Some(o)) => format!("citation {} changed to {}", one(o), one(n)),
                (Some(n), None) => format!("citation {} added", one(n)),
                (None, Some(o)) => format!("citation {} removed", one(o)),
                (None, None) => String::new(),
            }),
        });
    }
    if la != lb {
        let (added, removed) = multiset_diff(&la, &lb);
        out.push(Difference {
            message: format!("translation of `{id}` changes its links"),
            label: "links differ from the source".into(),
            note: Some(format!(
                "the source links {}, the translation {}",
                list(&la),
                list(&lb)
            )),
            reasons: pair_reasons(&added, &removed, |new, old| match (new, old) {
                (Some(n), Some(o)) => format!("link target changed: {o} → {n}"),
                (Some(n), None) => format!("link to {n} added"),
                (None, Some(o)) => format!("link to {o} removed"),
                (None, None) => String::new(),
            }),
        });
    }
    out
}

/// The elements of sorted `a` not in sorted `b`, and of `b` not in `a`,
/// counting repeats.
fn multiset_diff<T: Ord + Clone>(a: &[T], b: &[T]) -> (Vec<T>, Vec<T>) {
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                only_a.push(x.clone());
                i += 1;
            }
            (Some(x), None) => {
                only_a.push(x.clone());
                i += 1;
            }
            (_, Some(y)) => {
                only_b.push(y.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (only_a, only_b)
}

/// Reasons for marks the source gained (`added`) and lost (`removed`),
/// pairing the first of each as a change.
fn pair_reasons<T>(
    added: &[T],
    removed: &[T],
    say: impl Fn(Option<&T>, Option<&T>) -> String,
) -> Vec<String> {
    (0..added.len().max(removed.len()))
        .map(|i| say(added.get(i), removed.get(i)))
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn dedup<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    it.filter(|n| seen.insert(*n)).collect()
}

fn list(l: &[String]) -> String {
    if l.is_empty() {
        "nothing".into()
    } else {
        l.join(" ")
    }
}

fn show(c: &[Vec<u32>]) -> String {
    if c.is_empty() {
        return "nothing".into();
    }
    c.iter()
        .map(|g| {
            let n: Vec<String> = g.iter().map(u32::to_string).collect();
            format!("[{}]", n.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name of a block kind as written in the source.
pub fn kind_name(k: &BlockKind) -> &'static str {
    match k {
        BlockKind::Heading { .. } => "heading",
        BlockKind::Paragraph(_) => "paragraph",
        BlockKind::List(_) => "list",
        BlockKind::Box(_) => "box",
        BlockKind::Statement(_) => "statement",
        BlockKind::Photo(_) => "photo",
        BlockKind::Notice { .. } => "notice",
    }
}

/// The texts of a block that carry inline marks.
fn texts(k: &BlockKind) -> Vec<Text> {
    k.texts().into_iter().cloned().collect()
}

/// The citation groups and link targets of some texts, each sorted, so that
/// a translation may move them but not change them.
pub fn marks(ts: &[Text]) -> (Vec<Vec<u32>>, Vec<String>) {
    let (mut c, mut l) = (Vec::new(), Vec::new());
    for t in ts {
        Inline::walk(t, &mut |step| match step {
            Step::Leaf(Inline::Cite(x)) => c.push(x.numbers.clone()),
            Step::Enter(Inline::Link { url, .. }) => l.push(url.clone()),
            _ => {}
        });
    }
    c.sort();
    l.sort();
    (c, l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_follows_the_documented_recipe() {
        // sha256("title\nInleiding\n")[..8], computed with Python's hashlib
        let f = fingerprint(&[(Field::Title, "Inleiding".into())]);
        assert_eq!(f, "fafe7825e9a91ff5");
        let rewrapped = fingerprint(&[(Field::Title, "  Inleiding\n".into())]);
        assert_eq!(f, rewrapped);
        assert_ne!(f, fingerprint(&[(Field::Title, "Inleiding!".into())]));
        assert_ne!(f, fingerprint(&[(Field::Text, "Inleiding".into())]));
    }
}
