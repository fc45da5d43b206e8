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

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use crate::diag::{Diagnostic, Sources};
use crate::source::translation::{FIELDS, Status, Unit, UnitState, marks};
use crate::source::{self, Failed, inline, strings::MappedStr};

/// The XLIFF 1.2 namespace.
pub const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The namespace of brochure's own attributes (`bro:fingerprint`, `bro:href`).
pub const BROCHURE_NS: &str = "urn:x-brochure:xliff:1";
/// Column at which changed multi-line values are wrapped.
const WIDTH: usize = 78;
const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

// ---------------------------------------------------------------------------
// Inline content: a small tree both sides convert to and from.

/// One piece of a unit's text, between markup and XLIFF.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    /// Plain characters (U+00A0 for `~`, U+00AD for `\-`).
    Text(String),
    /// A citation as written, `[1–3, 5]`.
    Cite(String),
    /// A link that shows its URL, `<https://…>`.
    AutoLink(String),
    /// `\` at the end of a line.
    LineBreak,
    /// A blank line between paragraphs (box and notice texts).
    Para,
    /// `[text](url)`.
    Link(String, Vec<Seg>),
    /// `*text*`.
    Emph(Vec<Seg>),
    /// `**text**`.
    Strong(Vec<Seg>),
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\t' | '\r')
}

fn collapse_spaces(s: &str) -> String {
    s.split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The paragraphs of a text: split at blank lines, as the inline parser does.
fn paragraphs(v: &str) -> Vec<&str> {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' && !v[start..i].trim().is_empty() {
                out.push(&v[start..i]);
                start = j + 1;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out.push(&v[start..]);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// Reads raw markup (as the TOML files hold it) into segments, normalised.
/// Plain fields (section titles, alt texts) are not markup.
fn from_markup(raw: &str, plain: bool) -> Vec<Seg> {
    if plain {
        let t = collapse_spaces(raw);
        return if t.is_empty() {
            Vec::new()
        } else {
            vec![Seg::Text(t)]
        };
    }
    let mut out = Vec::new();
    for (k, p) in paragraphs(raw).into_iter().enumerate() {
        if k > 0 {
            out.push(Seg::Para);
        }
        out.extend(parse_inline(p));
    }
    normalise(out)
}

fn push_text(cur: &mut Vec<Seg>, t: &str) {
    if let Some(Seg::Text(s)) = cur.last_mut() {
        s.push_str(t);
    } else {
        cur.push(Seg::Text(t.to_string()));
    }
}

/// The inline markup of one paragraph. Mirrors `source::inline` but never
/// fails: what that parser rejects is kept as text here (import checks the
/// markup it writes with the real parser).
fn parse_inline(s: &str) -> Vec<Seg> {
    let mut stack: Vec<(bool, Vec<Seg>)> = Vec::new();
    let mut cur: Vec<Seg> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some('-') => {
                        push_text(&mut cur, "\u{ad}");
                        i += 2;
                    }
                    Some(e @ ('*' | '[' | ']' | '<' | '~' | '\\' | '(' | ')')) => {
                        push_text(&mut cur, e.encode_utf8(&mut [0; 4]));
                        i += 2;
                    }
                    Some(' ' | '\t' | '\r' | '\n') | None => {
                        let after = &rest[1..];
                        let line_rest = after.split('\n').next().unwrap_or("");
                        if line_rest.trim().is_empty() && (after.contains('\n') || next.is_none()) {
                            cur.push(Seg::LineBreak);
                            i += 1 + after.find('\n').map_or(after.len(), |p| p + 1);
                        } else {
                            push_text(&mut cur, "\\");
                            i += 1;
                        }
                    }
                    Some(_) => {
                        push_text(&mut cur, "\\");
                        i += 1;
                    }
                }
            }
            '~' => {
                push_text(&mut cur, "\u{a0}");
                i += 1;
            }
            '*' => {
                let strong = rest.starts_with("**");
                let len = if strong { 2 } else { 1 };
                if stack.last().map(|f| f.0) == Some(strong) {
                    let (_, mut outer) = stack.pop().unwrap_or_default();
                    let content = std::mem::take(&mut cur);
                    outer.push(if strong {
                        Seg::Strong(content)
                    } else {
                        Seg::Emph(content)
                    });
                    cur = outer;
                } else if stack.iter().any(|f| f.0 == strong) {
                    push_text(&mut cur, &rest[..len]);
                } else {
                    stack.push((strong, std::mem::take(&mut cur)));
                }
                i += len;
            }
            '[' => match rest.find(']') {
                Some(close) => {
                    let inner = &rest[1..close];
                    let after = &rest[close + 1..];
                    if after.starts_with('(') {
                        if let Some(p) = after.find(')') {
                            let url = after[1..p].trim().to_string();
                            cur.push(Seg::Link(url, parse_inline(inner)));
                            i += close + 1 + p + 1;
                        } else {
                            push_text(&mut cur, "[");
                            i += 1;
                        }
                    } else {
                        cur.push(Seg::Cite(format!("[{}]", collapse_spaces(inner))));
                        i += close + 1;
                    }
                }
                None => {
                    push_text(&mut cur, "[");
                    i += 1;
                }
            },
            '<' if SCHEMES.iter().any(|p| rest[1..].starts_with(p)) => {
                let close = rest.find('>');
                let stop = rest.find(char::is_whitespace);
                match close {
                    Some(c) if stop.is_none_or(|s| s > c) => {
                        cur.push(Seg::AutoLink(rest[1..c].to_string()));
                        i += c + 1;
                    }
                    _ => {
                        push_text(&mut cur, "<");
                        i += 1;
                    }
                }
            }
            c if is_space(c) => {
                push_text(&mut cur, " ");
                i += 1;
            }
            c => {
                push_text(&mut cur, c.encode_utf8(&mut [0; 4]));
                i += c.len_utf8();
            }
        }
    }
    while let Some((strong, mut outer)) = stack.pop() {
        outer.push(Seg::Text(if strong { "**" } else { "*" }.into()));
        outer.append(&mut cur);
        cur = outer;
    }
    cur
}

/// Brings segments to one canonical form, so that two texts that print the
/// same compare equal: spaces collapsed and trimmed at paragraph ends and
/// around line breaks, neighbouring texts and emphases merged, empty ones
/// dropped.
fn normalise(segs: Vec<Seg>) -> Vec<Seg> {
    fn spaces(v: Vec<Seg>, prev_space: &mut bool) -> Vec<Seg> {
        let mut out: Vec<Seg> = Vec::new();
        for s in v {
            match s {
                Seg::Text(t) => {
                    let mut o = String::with_capacity(t.len());
                    for c in t.chars() {
                        if is_space(c) {
                            if !*prev_space {
                                o.push(' ');
                            }
                            *prev_space = true;
                        } else {
                            o.push(c);
                            *prev_space = false;
                        }
                    }
                    if !o.is_empty() {
                        push_text(&mut out, &o);
                    }
                }
                Seg::Emph(c) => out.push(Seg::Emph(spaces(c, prev_space))),
                Seg::Strong(c) => out.push(Seg::Strong(spaces(c, prev_space))),
                Seg::Link(u, c) => {
                    let mut fresh = true;
                    let mut c = spaces(c, &mut fresh);
                    trim_end(&mut c);
                    out.push(Seg::Link(u, c));
                    *prev_space = false;
                }
                Seg::Cite(_) | Seg::AutoLink(_) => {
                    out.push(s);
                    *prev_space = false;
                }
                Seg::LineBreak | Seg::Para => {
                    trim_end(&mut out);
                    out.push(s);
                    *prev_space = true;
                }
            }
        }
        out
    }
    fn trim_end(v: &mut Vec<Seg>) {
        match v.last_mut() {
            Some(Seg::Text(t)) => {
                let n = t.trim_end_matches(' ').len();
                t.truncate(n);
                if t.is_empty() {
                    v.pop();
                    trim_end(v);
                }
            }
            Some(Seg::Emph(c)) | Some(Seg::Strong(c)) => {
                trim_end(c);
                if c.is_empty() {
                    v.pop();
                    trim_end(v);
                }
            }
            _ => {}
        }
    }
    fn tidy(v: Vec<Seg>) -> Vec<Seg> {
        let mut out: Vec<Seg> = Vec::new();
        for s in v {
            let s = match s {
                Seg::Emph(c) => Seg::Emph(tidy(c)),
                Seg::Strong(c) => Seg::Strong(tidy(c)),
                Seg::Link(u, c) => Seg::Link(u, tidy(c)),
                other => other,
            };
            match (out.last_mut(), s) {
                (_, Seg::Text(t)) if t.is_empty() => {}
                (_, Seg::Emph(c)) | (_, Seg::Strong(c)) if c.is_empty() => {}
                (Some(Seg::Text(a)), Seg::Text(b)) => a.push_str(&b),
                (Some(Seg::Emph(a)), Seg::Emph(b)) => {
                    a.extend(b);
                    *a = tidy(std::mem::take(a));
                }
                (Some(Seg::Strong(a)), Seg::Strong(b)) => {
                    a.extend(b);
                    *a = tidy(std::mem::take(a));
                }
                (_, s) => out.push(s),
            }
        }
        out
    }
    let mut prev_space = true;
    let mut v = spaces(segs, &mut prev_space);
    trim_end(&mut v);
    // drop leading spaces of each paragraph and after line breaks (inside
    // emphasis too: `* x*` is `*x*`)
    fn trim_start(v: &mut [Seg]) {
        match v.first_mut() {
            Some(Seg::Text(t)) => *t = t.trim_start_matches(' ').to_string(),
            Some(Seg::Emph(c)) | Some(Seg::Strong(c)) => trim_start(c),
            _ => {}
        }
    }
    trim_start(&mut v);
    for k in 1..v.len() {
        if matches!(v[k - 1], Seg::LineBreak | Seg::Para) {
            trim_start(&mut v[k..]);
        }
    }
    let mut v = tidy(v);
    trim_end(&mut v);
    v
}

/// Markup text being written, with the byte offsets where a line may wrap.
#[derive(Default)]
struct Markup {
    s: String,
    breaks: Vec<usize>,
}

/// Writes segments as inline markup (the reverse of [`from_markup`]).
fn to_markup(segs: &[Seg], plain: bool) -> Markup {
    let mut m = Markup::default();
    if plain {
        for s in segs {
            if let Seg::Text(t) = s {
                for c in t.chars() {
                    if c == ' ' {
                        m.breaks.push(m.s.len());
                    }
                    m.s.push(c);
                }
            }
        }
        return m;
    }
    write_markup(segs, &mut m);
    m
}

fn write_markup(segs: &[Seg], m: &mut Markup) {
    let mut after_cite = false;
    for s in segs {
        match s {
            Seg::Text(t) => {
                for (k, c) in t.char_indices() {
                    match c {
                        ' ' => {
                            m.breaks.push(m.s.len());
                            m.s.push(' ');
                        }
                        '*' | '[' | ']' | '~' | '\\' => {
                            m.s.push('\\');
                            m.s.push(c);
                        }
                        '<' if SCHEMES.iter().any(|p| t[k + 1..].starts_with(p)) => {
                            m.s.push_str("\\<");
                        }
                        '(' if k == 0 && after_cite => m.s.push_str("\\("),
                        '\u{a0}' => m.s.push('~'),
                        '\u{ad}' => m.s.push_str("\\-"),
                        '\n' | '\r' | '\t' => m.s.push(' '),
                        c => m.s.push(c),
                    }
                }
            }
            Seg::Cite(w) => m.s.push_str(w),
            Seg::AutoLink(u) => {
                m.s.push('<');
                m.s.push_str(u);
                m.s.push('>');
            }
            Seg::LineBreak => m.s.push_str("\\\n"),
            Seg::Para => m.s.push_str("\n\n"),
            Seg::Link(u, c) => {
                m.s.push('[');
                write_markup(c, m);
                m.s.push_str("](");
                m.s.push_str(u);
                m.s.push(')');
            }
            Seg::Emph(c) => {
                m.s.push('*');
                write_markup(c, m);
                m.s.push('*');
            }
            Seg::Strong(c) => {
                m.s.push_str("**");
                write_markup(c, m);
                m.s.push_str("**");
            }
        }
        after_cite = matches!(s, Seg::Cite(_));
    }
}

/// Fills lines up to [`WIDTH`] columns, breaking only where `m` allows it.
fn wrap(m: &Markup) -> String {
    let mut out = String::with_capacity(m.s.len() + 8);
    let mut col = 0;
    let mut start = 0;
    let mut words: Vec<&str> = Vec::new();
    for &b in &m.breaks {
        words.push(&m.s[start..b]);
        start = b + 1;
    }
    words.push(&m.s[start..]);
    for w in words {
        for (k, part) in w.split('\n').enumerate() {
            let n = part.chars().count();
            if k > 0 {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                if col + 1 + n > WIDTH {
                    out.push('\n');
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(part);
            col += n;
        }
    }
    out
}

/// Whether a field is plain text rather than markup.
fn is_plain(kind: &str, field: &str) -> bool {
    field == "alt" || (kind == "section" && field == "title")
}

/// Whether a field may hold several paragraphs.
fn has_paragraphs(kind: &str, field: &str) -> bool {
    field == "text" && (kind == "box" || kind == "notice")
}

// ---------------------------------------------------------------------------
// XLIFF writing.

fn esc(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
}

fn escaped(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    esc(s, &mut o);
    o
}

/// The numbers a citation cites, ranges expanded (`[1–3, 5]` → 1, 2, 3, 5).
fn cite_numbers(written: &str) -> Vec<u32> {
    let inner = written.trim_start_matches('[').trim_end_matches(']');
    let mut out = Vec::new();
    for part in inner.split(',') {
        let nums: Vec<u32> = part
            .split(['–', '-'])
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        match nums[..] {
            [n] => out.push(n),
            [a, b] if a <= b && b - a < 10_000 => out.extend(a..=b),
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// What identifies an inline code, so that the codes of a target take the
/// ids of the matching codes of its source.
fn code_key(s: &Seg) -> Option<String> {
    Some(match s {
        Seg::Text(_) => return None,
        Seg::Cite(w) => format!("cite {:?}", cite_numbers(w)),
        Seg::AutoLink(u) => format!("autolink {u}"),
        Seg::LineBreak => "lb".into(),
        Seg::Para => "para".into(),
        Seg::Link(u, _) => format!("link {u}"),
        Seg::Emph(_) => "italic".into(),
        Seg::Strong(_) => "bold".into(),
    })
}

fn code_keys(segs: &[Seg], out: &mut Vec<String>) {
    for s in segs {
        if let Some(k) = code_key(s) {
            out.push(k);
        }
        if let Seg::Link(_, c) | Seg::Emph(c) | Seg::Strong(c) = s {
            code_keys(c, out);
        }
    }
}

/// Ids for the codes of `target` (in document order): the id of the first
/// unused source code with the same key, else a fresh one.
fn target_ids(source: &[Seg], target: &[Seg]) -> Vec<usize> {
    let (mut sk, mut tk) = (Vec::new(), Vec::new());
    code_keys(source, &mut sk);
    code_keys(target, &mut tk);
    let mut used = vec![false; sk.len()];
    let mut next = sk.len();
    tk.iter()
        .map(
            |k| match sk.iter().enumerate().position(|(i, s)| s == k && !used[i]) {
                Some(i) => {
                    used[i] = true;
                    i + 1
                }
                None => {
                    next += 1;
                    next
                }
            },
        )
        .collect()
}

fn write_xml(segs: &[Seg], ids: &mut std::slice::Iter<'_, usize>, out: &mut String) {
    for s in segs {
        let id = if matches!(s, Seg::Text(_)) {
            0
        } else {
            ids.next().copied().unwrap_or(0)
        };
        match s {
            Seg::Text(t) => esc(t, out),
            Seg::Cite(w) => {
                out.push_str(&format!("<ph id=\"{id}\" ctype=\"x-citation\">"));
                esc(w, out);
                out.push_str("</ph>");
            }
            Seg::AutoLink(u) => {
                out.push_str(&format!("<ph id=\"{id}\" ctype=\"x-link\">&lt;"));
                esc(u, out);
                out.push_str("&gt;</ph>");
            }
            Seg::LineBreak => out.push_str(&format!("<x id=\"{id}\" ctype=\"lb\"/>")),
            Seg::Para => out.push_str(&format!("<x id=\"{id}\" ctype=\"x-paragraph\"/>")),
            Seg::Link(u, c) => {
                out.push_str(&format!(
                    "<g id=\"{id}\" ctype=\"x-link\" bro:href=\"{}\">",
                    escaped(u)
                ));
                write_xml(c, ids, out);
                out.push_str("</g>");
            }
            Seg::Emph(c) | Seg::Strong(c) => {
                let ctype = if matches!(s, Seg::Emph(_)) {
                    "italic"
                } else {
                    "bold"
                };
                out.push_str(&format!("<g id=\"{id}\" ctype=\"{ctype}\">"));
                write_xml(c, ids, out);
                out.push_str("</g>");
            }
        }
    }
}

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
    let mut x = XmlIn {
        r: NsReader::from_str(&xml),
        file: f,
        diags: Vec::new(),
    };
    let segs = match x.r.read_event() {
        Ok(Event::Start(_)) => x.inline(),
        _ => None,
    };
    if let Some(d) = x.diags.first() {
        return Err(d.message.clone());
    }
    let segs = segs.ok_or("malformed XML")?;
    let segs = resolve(&segs, &HashMap::new(), plain).map_err(|(_, m)| m)?;
    Ok(to_markup(&normalise(segs), plain).s)
}

/// The id of a trans-unit: `BLOCK/FIELD`, list items `BLOCK/items/N` (from 1).
fn unit_ids(u: &Unit) -> Vec<String> {
    let mut n = 0;
    u.source
        .iter()
        .map(|(f, _)| {
            if f == "items" {
                n += 1;
                format!("{}/items/{n}", u.id)
            } else {
                format!("{}/{f}", u.id)
            }
        })
        .collect()
}

fn field_note(u: &Unit, field: &str, item: usize, items: usize) -> String {
    let what = match (u.kind.as_str(), field) {
        ("section", "title") => "section title; plain text".to_string(),
        ("section", "lead") => "section lead (the text under the section title)".to_string(),
        ("photo", "alt") => "photo alt text (read out by screen readers); plain text".to_string(),
        ("photo", "caption") => "photo caption".to_string(),
        ("list", _) => format!("list item {item} of {items}"),
        (k, "text") if has_paragraphs(k, field) => format!(
            "{k} text; the x-paragraph codes separate paragraphs, move or add them as needed"
        ),
        (k, f) => format!("{k} {f}"),
    };
    match u.state {
        UnitState::Stale => {
            format!("{what}. The source text changed since this translation was made: review it")
        }
        _ => what,
    }
}

/// What `xliff export` did.
#[derive(Debug)]
pub struct Exported {
    /// Files read, for showing warnings.
    pub sources: Sources,
    /// Trans-units written, by state: translated, needs review (stale), new (missing).
    pub counts: [usize; 3],
    /// Translations whose block is no longer in the source (not exported).
    pub orphaned: Vec<String>,
    /// Lines to print when done.
    pub summary: Vec<String>,
}

fn load_status(root: &Path, lang: &str) -> Result<(Status, Sources, String), Failed> {
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

/// The XLIFF 1.2 document of a translation status.
pub fn xliff_document(st: &Status, source_lang: &str) -> (String, [usize; 3]) {
    let mut counts = [0; 3];
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff version=\"1.2\" xmlns=\"{XLIFF_NS}\" xmlns:bro=\"{BROCHURE_NS}\">\n"
    ));
    let mut files: Vec<&str> = Vec::new();
    for u in &st.units {
        if u.state != UnitState::Orphaned && !files.contains(&u.source_file.as_str()) {
            files.push(&u.source_file);
        }
    }
    for f in files {
        out.push_str(&format!(
            "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\" tool-id=\"brochure\">\n",
            escaped(f),
            escaped(source_lang),
            escaped(&st.lang)
        ));
        out.push_str(&format!(
            "    <header>\n      <tool tool-id=\"brochure\" tool-name=\"brochure\" tool-version=\"{}\"/>\n    </header>\n    <body>\n",
            env!("CARGO_PKG_VERSION")
        ));
        for u in st
            .units
            .iter()
            .filter(|u| u.state != UnitState::Orphaned && u.source_file == f)
        {
            write_group(u, &mut out, &mut counts);
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    (out, counts)
}

fn write_group(u: &Unit, out: &mut String, counts: &mut [usize; 3]) {
    out.push_str(&format!(
        "      <group id=\"{}\" restype=\"x-{}\" bro:fingerprint=\"{}\">\n",
        escaped(&u.id),
        escaped(&u.kind),
        escaped(&u.fingerprint)
    ));
    out.push_str(&format!(
        "        <note from=\"brochure\">{} block `{}`; source fingerprint {} (keep it: it records which source text was translated)</note>\n",
        escaped(&u.kind),
        escaped(&u.id),
        escaped(&u.fingerprint)
    ));
    let ids = unit_ids(u);
    let items = u.source.iter().filter(|(f, _)| f == "items").count();
    let (mut item, mut t_item) = (0, 0);
    for ((field, raw), tid) in u.source.iter().zip(&ids) {
        if field == "items" {
            item += 1;
        }
        let plain = is_plain(&u.kind, field);
        let src = from_markup(raw, plain);
        // the target field at the same place (the k-th item for lists)
        let target = if field == "items" {
            t_item += 1;
            u.target
                .iter()
                .filter(|(f, _)| f == "items")
                .nth(t_item - 1)
        } else {
            u.target.iter().find(|(f, _)| f == field)
        };
        out.push_str(&format!(
            "        <trans-unit id=\"{0}\" resname=\"{0}\">\n          <source>",
            escaped(tid)
        ));
        let mut ks = Vec::new();
        code_keys(&src, &mut ks);
        let sids: Vec<usize> = (1..=ks.len()).collect();
        write_xml(&src, &mut sids.iter(), out);
        out.push_str("</source>\n");
        let state = match (u.state, target) {
            (UnitState::Translated, Some(_)) => "translated",
            (UnitState::Stale, Some(_)) => "needs-review-translation",
            _ => "new",
        };
        match target {
            Some((_, t)) if state != "new" => {
                let tsegs = from_markup(t, plain);
                let tids = target_ids(&src, &tsegs);
                out.push_str(&format!("          <target state=\"{state}\">"));
                write_xml(&tsegs, &mut tids.iter(), out);
                out.push_str("</target>\n");
            }
            _ => out.push_str("          <target state=\"new\"></target>\n"),
        }
        counts[match state {
            "translated" => 0,
            "new" => 2,
            _ => 1,
        }] += 1;
        out.push_str(&format!(
            "          <note from=\"brochure\">{}</note>\n        </trans-unit>\n",
            escaped(&field_note(u, field, item, items))
        ));
    }
    out.push_str("      </group>\n");
}

/// `brochure xliff export --lang L -o FILE`: writes the translation into
/// `lang` as XLIFF 1.2.
pub fn export(root: &Path, lang: &str, output: &Path) -> Result<Exported, Failed> {
    let (st, sources, source_lang) = load_status(root, lang)?;
    let (xml, counts) = xliff_document(&st, &source_lang);
    if let Err(e) = crate::write_atomically(output, xml.as_bytes()) {
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
        "wrote {} ({lang}): {} units in {blocks} blocks: {} translated, {} needs-review-translation (stale), {} new (missing)",
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

// ---------------------------------------------------------------------------
// XLIFF reading.

/// An inline element or text of a `<source>` or `<target>`, as read.
#[derive(Debug, Clone)]
enum XSeg {
    Text(String),
    Code(XCode),
}

#[derive(Debug, Clone)]
struct XCode {
    /// Local element name: `ph`, `x`, `g`, `mrk`, `bpt`, ….
    el: String,
    id: Option<String>,
    ctype: Option<String>,
    href: Option<String>,
    /// Native code (`ph`) or content (`g`, `mrk`).
    content: Vec<XSeg>,
    at: usize,
}

#[derive(Debug, Default)]
struct XUnit {
    id: String,
    at: usize,
    file: usize,
    fingerprint: Option<String>,
    source: Option<Vec<XSeg>>,
    target: Option<(Vec<XSeg>, usize)>,
    state: Option<String>,
}

#[derive(Debug, Default)]
struct XFile {
    original: String,
    target_lang: Option<String>,
    at: usize,
}

#[derive(Debug, Default)]
struct XDoc {
    files: Vec<XFile>,
    units: Vec<XUnit>,
}

struct XmlIn<'a> {
    r: NsReader<&'a [u8]>,
    file: usize,
    diags: Vec<Diagnostic>,
}

fn fingerprint_in(note: &str) -> Option<String> {
    let at = note.find("fingerprint ")? + "fingerprint ".len();
    let fp: String = note[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (fp.len() == 16).then_some(fp)
}

impl XmlIn<'_> {
    fn pos(&self) -> usize {
        self.r.buffer_position() as usize
    }

    fn xml_error(&mut self, e: quick_xml::Error) {
        let at = self.r.error_position() as usize;
        self.diags.push(
            Diagnostic::error(self.file, at..at + 1, format!("malformed XLIFF: {e}"))
                .with_label("the XML breaks here")
                .with_note("the file must be well-formed XML; nothing was imported"),
        );
    }

    /// Attributes of an element: (namespace is ours, local name) → value.
    fn attrs(&mut self, e: &BytesStart<'_>, at: usize) -> HashMap<(bool, String), String> {
        let mut out = HashMap::new();
        for a in e.attributes() {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    self.diags.push(
                        Diagnostic::error(self.file, at..at + 1, format!("malformed XLIFF: {err}"))
                            .with_label("in this element's attributes"),
                    );
                    continue;
                }
            };
            let (ns, local) = self.r.resolver().resolve_attribute(a.key);
            let ours = matches!(ns, ResolveResult::Bound(n) if n.0 == BROCHURE_NS);
            let local = local.as_ref().to_string();
            let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(err) => {
                    self.diags.push(
                        Diagnostic::error(self.file, at..at + 1, format!("malformed XLIFF: {err}"))
                            .with_label("in this element's attributes"),
                    );
                    continue;
                }
            };
            out.insert((ours, local), value);
        }
        out
    }

    /// Reads inline content up to the end of the element `name` just opened.
    /// `None` after a malformed document.
    fn inline(&mut self) -> Option<Vec<XSeg>> {
        let mut stack: Vec<(XCode, Vec<XSeg>)> = Vec::new();
        let mut cur: Vec<XSeg> = Vec::new();
        loop {
            let at = self.pos();
            let ev = match self.r.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    self.xml_error(e);
                    return None;
                }
            };
            match ev {
                Event::Text(t) => push_xtext(&mut cur, &t.xml10_content()),
                Event::CData(t) => push_xtext(&mut cur, &t.xml10_content()),
                Event::GeneralRef(r) => match r.resolve_char_ref() {
                    Ok(Some(c)) => push_xtext(&mut cur, c.encode_utf8(&mut [0; 4])),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => push_xtext(&mut cur, s),
                        None => {
                            let name = r.to_string();
                            self.diags.push(
                                Diagnostic::error(
                                    self.file,
                                    at..at + name.len() + 2,
                                    format!("malformed XLIFF: unknown entity `&{name};`"),
                                )
                                .with_label("not an XML entity")
                                .with_note("write `&amp;` for an ampersand"),
                            );
                        }
                    },
                    Err(e) => {
                        self.diags.push(Diagnostic::error(
                            self.file,
                            at..at + 1,
                            format!("malformed XLIFF: {e}"),
                        ));
                    }
                },
                Event::Start(e) => {
                    let code = self.code(&e, at);
                    stack.push((code, std::mem::take(&mut cur)));
                }
                Event::Empty(e) => {
                    let code = self.code(&e, at);
                    cur.push(XSeg::Code(code));
                }
                Event::End(_) => match stack.pop() {
                    Some((mut code, outer)) => {
                        code.content = std::mem::replace(&mut cur, outer);
                        cur.push(XSeg::Code(code));
                    }
                    None => return Some(cur),
                },
                Event::Eof => {
                    self.unexpected_end();
                    return None;
                }
                _ => {}
            }
        }
    }

    fn unexpected_end(&mut self) {
        let end = self.pos();
        self.diags.push(
            Diagnostic::error(
                self.file,
                end.saturating_sub(1)..end,
                "malformed XLIFF: the file ends inside an element",
            )
            .with_label("unexpected end of the file")
            .with_note(
                "the file is cut short: some closing tags are missing; nothing was imported",
            ),
        );
    }

    fn code(&mut self, e: &BytesStart<'_>, at: usize) -> XCode {
        let el = e.local_name().as_ref().to_string();
        let mut a = self.attrs(e, at);
        XCode {
            el,
            id: a.remove(&(false, "id".into())),
            ctype: a.remove(&(false, "ctype".into())),
            href: a.remove(&(true, "href".into())),
            content: Vec::new(),
            at,
        }
    }

    /// Skips to the end of the element just opened.
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.r.read_event() {
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => {
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                }
                Ok(Event::Eof) => {
                    self.unexpected_end();
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.xml_error(e);
                    return None;
                }
            }
        }
    }

    fn text_of(&mut self) -> Option<String> {
        let segs = self.inline()?;
        let mut s = String::new();
        flat_text(&segs, &mut s);
        Some(s)
    }

    fn document(&mut self) -> XDoc {
        let mut doc = XDoc::default();
        // element path (local names), and the fingerprint of each open group
        let mut path: Vec<String> = Vec::new();
        let mut groups: Vec<Option<String>> = Vec::new();
        let mut seen_root = false;
        loop {
            let at = self.pos();
            let ev = match self.r.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    self.xml_error(e);
                    return doc;
                }
            };
            let (e, empty) = match ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    if path.pop().as_deref() == Some("group") {
                        groups.pop();
                    }
                    continue;
                }
                Event::Eof => {
                    if !path.is_empty() {
                        self.unexpected_end();
                    }
                    break;
                }
                _ => continue,
            };
            let name = e.local_name().as_ref().to_string();
            let (ns, _) = self.r.resolver().resolve_element(e.name());
            // old tools leave out the namespace; another one is another format
            let in_xliff = !matches!(ns, ResolveResult::Bound(n) if n.0 != XLIFF_NS);
            let parent = path.last().map(String::as_str).unwrap_or("");
            let mut a = self.attrs(&e, at);
            let mut get = |k: &str| a.remove(&(false, k.to_string()));
            match (parent, name.as_str()) {
                ("", _) => {
                    seen_root = true;
                    let version = get("version");
                    if name != "xliff" {
                        self.diags.push(
                            Diagnostic::error(
                                self.file,
                                at..at + 1,
                                format!("`<{name}>` is not an XLIFF document"),
                            )
                            .with_label("expected <xliff version=\"1.2\">"),
                        );
                        return doc;
                    }
                    if version.as_deref() != Some("1.2") || !in_xliff {
                        self.diags.push(
                            Diagnostic::error(
                                self.file,
                                at..at + 1,
                                format!(
                                    "XLIFF version {} is not supported",
                                    version.as_deref().unwrap_or("(none)")
                                ),
                            )
                            .with_label("expected version=\"1.2\" in the XLIFF 1.2 namespace")
                            .with_note(format!(
                                "save the file from the CAT tool as XLIFF 1.2 ({XLIFF_NS})"
                            )),
                        );
                        return doc;
                    }
                }
                ("xliff", "file") => {
                    let original = get("original").unwrap_or_default();
                    let target_lang = get("target-language");
                    doc.files.push(XFile {
                        original,
                        target_lang,
                        at,
                    });
                }
                ("group", "note") | ("body", "note") if !empty => {
                    let Some(t) = self.text_of() else { return doc };
                    if let (Some(fp), Some(g)) = (fingerprint_in(&t), groups.last_mut())
                        && g.is_none()
                    {
                        *g = Some(fp);
                    }
                    continue;
                }
                (_, "group") if !empty => {
                    groups.push(a.remove(&(true, "fingerprint".into())));
                }
                (_, "trans-unit") => {
                    let Some(id) = get("id") else {
                        self.diags.push(
                            Diagnostic::error(self.file, at..at + 1, "a trans-unit without `id`")
                                .with_label("every trans-unit needs the id it was exported with"),
                        );
                        if !empty && self.skip().is_none() {
                            return doc;
                        }
                        continue;
                    };
                    let fingerprint = groups.iter().rev().flatten().next().cloned();
                    doc.units.push(XUnit {
                        id,
                        at,
                        file: doc.files.len().saturating_sub(1),
                        fingerprint,
                        ..XUnit::default()
                    });
                }
                ("trans-unit", "source") => {
                    let segs = if empty {
                        Some(Vec::new())
                    } else {
                        self.inline()
                    };
                    let Some(segs) = segs else { return doc };
                    if let Some(u) = doc.units.last_mut() {
                        u.source = Some(segs);
                    }
                    continue;
                }
                ("trans-unit", "target") => {
                    let state = get("state");
                    let segs = if empty {
                        Some(Vec::new())
                    } else {
                        self.inline()
                    };
                    let Some(segs) = segs else { return doc };
                    if let Some(u) = doc.units.last_mut() {
                        u.target = Some((segs, at));
                        u.state = state;
                    }
                    continue;
                }
                ("trans-unit", _) | ("header", _) | ("group", "note") | ("body", "note") => {
                    // alt-trans, notes, seg-source, tool info: not needed
                    if !empty && self.skip().is_none() {
                        return doc;
                    }
                    continue;
                }
                _ => {}
            }
            if !empty {
                path.push(name);
            }
        }
        if !seen_root && self.diags.is_empty() {
            self.diags.push(
                Diagnostic::error(self.file, 0..1, "not an XLIFF document")
                    .with_label("no <xliff> element"),
            );
        }
        doc
    }
}

fn push_xtext(cur: &mut Vec<XSeg>, t: &str) {
    if let Some(XSeg::Text(s)) = cur.last_mut() {
        s.push_str(t);
    } else {
        cur.push(XSeg::Text(t.to_string()));
    }
}

fn flat_text(segs: &[XSeg], out: &mut String) {
    for s in segs {
        match s {
            XSeg::Text(t) => out.push_str(t),
            XSeg::Code(c) => flat_text(&c.content, out),
        }
    }
}

/// An inline code of a `<source>`, found by id to fill in what a CAT tool
/// left out of the matching target code.
fn codes_by_id<'a>(segs: &'a [XSeg], out: &mut HashMap<String, &'a XCode>) {
    for s in segs {
        if let XSeg::Code(c) = s {
            if let Some(id) = &c.id {
                out.entry(id.clone()).or_insert(c);
            }
            codes_by_id(&c.content, out);
        }
    }
}

/// Turns read inline content into segments; `src` holds the codes of the
/// unit's `<source>` by id. An error names the offending element.
fn resolve(
    segs: &[XSeg],
    src: &HashMap<String, &XCode>,
    plain: bool,
) -> Result<Vec<Seg>, (usize, String)> {
    let mut out = Vec::new();
    for s in segs {
        let c = match s {
            XSeg::Text(t) => {
                push_text(&mut out, t);
                continue;
            }
            XSeg::Code(c) => c,
        };
        if c.el == "mrk" {
            // segmentation and term marks: their content is the text
            out.extend(resolve(&c.content, src, plain)?);
            continue;
        }
        let orig = c.id.as_ref().and_then(|id| src.get(id)).copied();
        if plain {
            return Err((
                c.at,
                format!(
                    "`<{}>`: this field is plain text and takes no inline codes",
                    c.el
                ),
            ));
        }
        let ctype = c
            .ctype
            .clone()
            .or_else(|| orig.and_then(|o| o.ctype.clone()))
            .unwrap_or_default();
        let native = |c: &XCode| {
            let mut t = String::new();
            flat_text(&c.content, &mut t);
            t
        };
        let seg = match (c.el.as_str(), ctype.as_str()) {
            ("ph", "x-citation") | ("ph", "x-link") => {
                let mut n = native(c);
                if n.trim().is_empty()
                    && let Some(o) = orig
                {
                    n = native(o);
                }
                let n = n.trim().to_string();
                if ctype == "x-citation" {
                    if !(n.starts_with('[') && n.ends_with(']')) {
                        return Err((c.at, format!("citation code `{n}` is not a citation")));
                    }
                    Seg::Cite(collapse_spaces(&n))
                } else {
                    let url = n.trim_start_matches('<').trim_end_matches('>');
                    if !SCHEMES.iter().any(|p| url.starts_with(p)) {
                        return Err((c.at, format!("link code `{n}` holds no URL")));
                    }
                    Seg::AutoLink(url.to_string())
                }
            }
            ("x", "lb") => Seg::LineBreak,
            ("x", "x-paragraph") => Seg::Para,
            ("g", "italic") => Seg::Emph(resolve(&c.content, src, plain)?),
            ("g", "bold") => Seg::Strong(resolve(&c.content, src, plain)?),
            ("g", "x-link") => {
                let href = c.href.clone().or_else(|| orig.and_then(|o| o.href.clone()));
                let Some(href) = href else {
                    return Err((
                        c.at,
                        "a link code without its target (bro:href), and no source code with its id"
                            .into(),
                    ));
                };
                Seg::Link(href, resolve(&c.content, src, plain)?)
            }
            (el, ct) => {
                return Err((
                    c.at,
                    if ct.is_empty() {
                        format!(
                            "unknown inline code `<{el}>` (id {})",
                            c.id.as_deref().unwrap_or("none")
                        )
                    } else {
                        format!("unknown inline code `<{el} ctype=\"{ct}\">`")
                    },
                ));
            }
        };
        out.push(seg);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Import.

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

/// One block's changes, to be written into a translation file.
#[derive(Debug, Clone)]
struct Change {
    id: String,
    /// Kind of the source block (`section`, `paragraph`, …).
    kind: String,
    /// Reading order of the block in the source.
    order: usize,
    new_table: bool,
    /// `source = "…"` to write.
    fingerprint: Option<String>,
    /// Changed fields (all fields for a new table), in [`FIELDS`] order;
    /// list items as `("items", …)` each, all of them when any changed.
    fields: Vec<(String, String)>,
    /// For items: which of them changed.
    items_changed: Vec<bool>,
}

/// Whether a target state means the translator confirmed the unit:
/// `translated`, `final`, `signed-off` or no state at all; not `new` nor
/// any `needs-…` state.
fn confirmed_state(state: Option<&str>) -> bool {
    match state {
        None => true,
        Some(s) => !(s == "new" || s.starts_with("needs-") || s.starts_with("x-needs")),
    }
}

/// Whether a state says the unit was never worked on, so that a target
/// equal to the source is a CAT tool's copy of the source, not a translation.
fn untouched_state(state: Option<&str>) -> bool {
    matches!(state, Some("new" | "needs-translation"))
}

/// Citation groups as the guide writes them: `[1–3, 5] [12]`.
fn show_cites(c: &[Vec<u32>]) -> String {
    if c.is_empty() {
        return "nothing".into();
    }
    c.iter()
        .map(|g| {
            let mut parts: Vec<String> = Vec::new();
            let mut k = 0;
            while k < g.len() {
                let mut e = k;
                while e + 1 < g.len() && g[e + 1] == g[e] + 1 {
                    e += 1;
                }
                if e >= k + 2 {
                    parts.push(format!("{}–{}", g[k], g[e]));
                } else {
                    parts.extend(g[k..=e].iter().map(u32::to_string));
                }
                k = e + 1;
            }
            format!("[{}]", parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses markup with the real inline parser; its first error, if any.
fn parse_real(value: &str, paras: bool) -> Result<Vec<crate::model::Text>, String> {
    let m = MappedStr::new(value, "", 0, 0);
    let mut d = Vec::new();
    let texts = inline::parse_paragraphs(&m, 0, paras, &mut d);
    match d.first() {
        Some(d) if !d.label.is_empty() => Err(format!("{} ({})", d.message, d.label)),
        Some(d) => Err(d.message.clone()),
        None => Ok(texts),
    }
}

/// `brochure xliff import FILE`: writes the translations of an XLIFF 1.2
/// file into `source/<lang>/`; nothing when any unit is refused or when
/// `dry_run`.
pub fn import(root: &Path, xlf: &Path, dry_run: bool) -> Result<Imported, Failed> {
    let mut sources = Sources::default();
    let bytes = match std::fs::read(xlf) {
        Ok(b) => b,
        Err(e) => {
            return Err(Failed {
                sources,
                diagnostics: vec![Diagnostic::global(format!(
                    "cannot read {}: {e}",
                    xlf.display()
                ))],
            });
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let xf = sources.add(xlf.display().to_string(), text.clone());
    let fail = |sources: Sources, diagnostics: Vec<Diagnostic>| {
        Err(Failed {
            sources,
            diagnostics,
        })
    };
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
    let mut x = XmlIn {
        r: NsReader::from_str(&text),
        file: xf,
        diags: Vec::new(),
    };
    let doc = x.document();
    if !x.diags.is_empty() {
        let d = x.diags;
        return fail(sources, d);
    }
    // the language
    let langs: Vec<(&str, usize)> = doc
        .files
        .iter()
        .map(|f| (f.target_lang.as_deref().unwrap_or(""), f.at))
        .collect();
    let Some(&(lang, lang_at)) = langs.first() else {
        return fail(
            sources,
            vec![
                Diagnostic::error(xf, 0..1, "the XLIFF file holds no <file>")
                    .with_label("nothing to import"),
            ],
        );
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
    if !diags.is_empty() {
        return fail(sources, diags);
    }
    let lang = lang.to_string();
    let (st, loaded_sources, _) = match load_status(root, &lang) {
        Ok(s) => s,
        Err(mut f) => {
            f.diagnostics.push(Diagnostic::global(format!(
                "cannot import into `{lang}`: the project does not load (see above); nothing was written"
            )));
            return Err(f);
        }
    };
    for i in 0..loaded_sources.len() {
        sources.add(loaded_sources.name(i), loaded_sources.text(i));
    }

    let mut warnings = Vec::new();
    // units of the XLIFF by id
    let mut by_id: HashMap<&str, &XUnit> = HashMap::new();
    for u in &doc.units {
        if let Some(prev) = by_id.insert(u.id.as_str(), u) {
            let (line, _) = sources.line_col(xf, prev.at);
            diags.push(
                Diagnostic::error(xf, u.at..u.at + 1, format!("unit `{}` appears twice", u.id))
                    .with_label("second copy")
                    .with_note(format!("first at line {line}")),
            );
        }
    }
    let orders: HashMap<String, usize> = st
        .units
        .iter()
        .filter(|u| u.state != UnitState::Orphaned)
        .enumerate()
        .map(|(k, u)| (u.id.clone(), k))
        .collect();
    let known: std::collections::HashSet<String> = st
        .units
        .iter()
        .filter(|u| u.state != UnitState::Orphaned)
        .flat_map(unit_ids)
        .collect();
    for u in &doc.units {
        if !known.contains(&u.id) {
            warnings.push(
                Diagnostic::warning(
                    xf,
                    u.at..u.at + 1,
                    format!("unit `{}` is not in the source; skipped", u.id),
                )
                .with_label("no such block or field in source/")
                .with_note("the block was removed or renamed since the export; export again"),
            );
        }
    }

    let mut imp = Imported {
        sources: Sources::default(),
        warnings: Vec::new(),
        lang: lang.clone(),
        updated: 0,
        added: 0,
        unchanged: 0,
        untranslated: 0,
        confirmed: 0,
        written: Vec::new(),
        summary: Vec::new(),
    };
    let mut refused = 0;
    // file (relative name) → changes
    let mut plans: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for (order, u) in st
        .units
        .iter()
        .filter(|u| u.state != UnitState::Orphaned)
        .enumerate()
    {
        let ids = unit_ids(u);
        if !ids.iter().any(|i| by_id.contains_key(i.as_str())) {
            continue;
        }
        // (field, value, changed) for every field of the block that has a text
        let mut vals: Vec<(String, String, bool)> = Vec::new();
        let (mut any_changed, mut all_confirmed) = (false, true);
        let mut source_same = true;
        let mut first_at = None;
        let mut fp_x: Option<String> = None;
        let mut t_item = 0;
        let mut unit_diags = Vec::new();
        for ((field, raw), tid) in u.source.iter().zip(&ids) {
            let plain = is_plain(&u.kind, field);
            let paras = has_paragraphs(&u.kind, field);
            let existing = if field == "items" {
                t_item += 1;
                u.target
                    .iter()
                    .filter(|(f, _)| f == "items")
                    .nth(t_item - 1)
                    .map(|(_, v)| v.as_str())
            } else {
                u.target
                    .iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, v)| v.as_str())
            };
            let keep = |vals: &mut Vec<(String, String, bool)>| {
                if let Some(e) = existing {
                    vals.push((field.clone(), e.to_string(), false));
                }
            };
            let Some(xu) = by_id.get(tid.as_str()) else {
                all_confirmed = false;
                keep(&mut vals);
                continue;
            };
            first_at.get_or_insert(xu.at);
            if fp_x.is_none() {
                fp_x = xu.fingerprint.clone();
            }
            let src_segs = from_markup(raw, plain);
            let mut src_codes = HashMap::new();
            let empty = Vec::new();
            let xsrc = xu.source.as_ref().unwrap_or(&empty);
            codes_by_id(xsrc, &mut src_codes);
            if resolve(xsrc, &HashMap::new(), plain)
                .map(normalise)
                .as_ref()
                != Ok(&src_segs)
            {
                source_same = false;
            }
            let original = doc.files.get(xu.file).map_or("", |f| f.original.as_str());
            let Some((tsegs, t_at)) = &xu.target else {
                imp.untranslated += 1;
                all_confirmed = false;
                keep(&mut vals);
                continue;
            };
            let target = match resolve(tsegs, &src_codes, plain) {
                Ok(t) => normalise(t),
                Err((at, msg)) => {
                    unit_diags.push(
                        Diagnostic::error(xf, at..at + 1, format!("unit `{tid}`: {msg}"))
                            .with_label("in this target")
                            .with_note(format!(
                                "in <file original=\"{original}\">; nothing was written"
                            )),
                    );
                    continue;
                }
            };
            if target.is_empty() || (untouched_state(xu.state.as_deref()) && target == src_segs) {
                imp.untranslated += 1;
                all_confirmed = false;
                keep(&mut vals);
                continue;
            }
            all_confirmed &= confirmed_state(xu.state.as_deref());
            if existing.is_some_and(|e| from_markup(e, plain) == target) {
                imp.unchanged += 1;
                keep(&mut vals);
                continue;
            }
            // a new or changed text: check it, then write it
            let value = to_markup(&target, plain).s;
            let place = |msg: String, label: &str| {
                Diagnostic::error(xf, *t_at..*t_at + 1, msg)
                    .with_label(label.to_string())
                    .with_note(format!(
                        "in <file original=\"{original}\">; nothing was written"
                    ))
            };
            if !plain {
                let (src_t, tgt_t) = match (parse_real(raw, paras), parse_real(&value, paras)) {
                    (Ok(a), Ok(b)) => (a, b),
                    (_, Err(e)) => {
                        unit_diags.push(place(
                            format!(
                                "unit `{tid}`: the translation cannot be written as markup: {e}"
                            ),
                            "this target",
                        ));
                        continue;
                    }
                    (Err(e), _) => {
                        unit_diags.push(place(
                            format!("unit `{tid}`: the source does not parse: {e}"),
                            "this unit",
                        ));
                        continue;
                    }
                };
                if from_markup(&value, plain) != target {
                    unit_diags.push(place(
                        format!(
                            "unit `{tid}`: the translation's inline codes cannot be written as markup (emphasis next to or ending with emphasis?)"
                        ),
                        "this target",
                    ));
                    continue;
                }
                let (ca, la) = marks(&src_t);
                let (cb, lb) = marks(&tgt_t);
                if ca != cb {
                    unit_diags.push(
                        place(
                            format!(
                                "unit `{tid}` changes its citations: the source cites {}, the translation {}",
                                show_cites(&ca),
                                show_cites(&cb)
                            ),
                            "citations differ from the source",
                        )
                        .with_note("keep every citation code (ph ctype=\"x-citation\") of the source; it may move"),
                    );
                }
                if la != lb {
                    let l = |v: &[String]| {
                        if v.is_empty() {
                            "nothing".to_string()
                        } else {
                            v.join(" ")
                        }
                    };
                    unit_diags.push(
                        place(
                            format!(
                                "unit `{tid}` changes its links: the source links {}, the translation {}",
                                l(&la),
                                l(&lb)
                            ),
                            "links differ from the source",
                        )
                        .with_note("keep every link code (ctype=\"x-link\") of the source; it may move"),
                    );
                }
                if ca != cb || la != lb {
                    continue;
                }
            }
            any_changed = true;
            vals.push((field.clone(), value, true));
        }
        if !unit_diags.is_empty() {
            refused += 1;
            diags.append(&mut unit_diags);
            continue;
        }
        let at = first_at.unwrap_or(0);
        // the fingerprint of the source text the translator saw
        let saw = match fp_x {
            Some(f) => Some(f),
            None if source_same => Some(u.fingerprint.clone()),
            None => None,
        };
        if !source_same && any_changed {
            warnings.push(
                Diagnostic::warning(
                    xf,
                    at..at + 1,
                    format!("the source text of `{}` changed since the export", u.id),
                )
                .with_label("this <source> is not the current source text")
                .with_note(
                    "its translation is imported but stays stale: review it against the current source (export again)",
                ),
            );
        }
        let translated = u.state != UnitState::Missing;
        let mut change = Change {
            id: u.id.clone(),
            kind: u.kind.clone(),
            order,
            new_table: !translated,
            fingerprint: None,
            fields: Vec::new(),
            items_changed: Vec::new(),
        };
        if translated {
            let items_changed = vals.iter().any(|(f, _, c)| f == "items" && *c);
            for (f, v, c) in &vals {
                if f == "items" && items_changed {
                    change.fields.push((f.clone(), v.clone()));
                    change.items_changed.push(*c);
                } else if *c && f != "items" {
                    change.fields.push((f.clone(), v.clone()));
                }
            }
            imp.updated += vals.iter().filter(|(_, _, c)| *c).count();
            if all_confirmed
                && let Some(fp) = &saw
                && !(u.state == UnitState::Translated && *fp == u.fingerprint)
            {
                change.fingerprint = Some(fp.clone());
            }
        } else if any_changed {
            if vals.len() < u.source.len() {
                warnings.push(
                    Diagnostic::warning(
                        xf,
                        at..at + 1,
                        format!(
                            "`{}` is translated only in part ({} of {} units); not written",
                            u.id,
                            vals.len(),
                            u.source.len()
                        ),
                    )
                    .with_label("a new block needs all its units")
                    .with_note("translate every unit of the group, then import again"),
                );
                continue;
            }
            imp.added += vals.len();
            change.fields = vals.into_iter().map(|(f, v, _)| (f, v)).collect();
            if all_confirmed {
                change.fingerprint = saw;
            }
        }
        if change.fields.is_empty() && change.fingerprint.is_none() {
            continue;
        }
        let file = if translated {
            u.file.clone()
        } else {
            let name = Path::new(&u.source_file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("source/{lang}/{name}")
        };
        plans.entry(file).or_default().push(change);
    }
    if !diags.is_empty() {
        diags.push(Diagnostic::global(if refused > 0 {
            format!("{refused} block(s) refused: nothing was written")
        } else {
            "nothing was written".to_string()
        }));
        return fail(sources, diags);
    }

    // write the files: all of them checked first, then written
    let mut outputs: Vec<(PathBuf, String, String)> = Vec::new();
    for (file, changes) in &plans {
        let path = root.join(file);
        let old = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return fail(
                    sources,
                    vec![Diagnostic::global(format!(
                        "cannot read {file}: {e}; nothing was written"
                    ))],
                );
            }
        };
        let source_name = st
            .units
            .iter()
            .find(|u| changes.iter().any(|c| c.id == u.id))
            .map(|u| u.source_file.trim_start_matches("source/").to_string())
            .unwrap_or_default();
        let header = format!(
            "# {lang} translation of {source_name} (brochure xliff import).\n\
             # One table per block id of the source; `source` is the fingerprint of the\n\
             # source text the translation was made from (docs/translation.md). Keep it.\n\n"
        );
        match write_toml(old.as_deref(), changes, &header, &orders) {
            Ok((new, confirmed)) => {
                imp.confirmed += confirmed;
                if old.as_deref() != Some(new.as_str()) {
                    outputs.push((path, file.clone(), new));
                }
            }
            Err(e) => {
                return fail(
                    sources,
                    vec![Diagnostic::global(format!(
                        "cannot update {file}: {e}; nothing was written"
                    ))],
                );
            }
        }
    }
    if !dry_run {
        for (path, name, new) in &outputs {
            if let Err(e) = crate::write_atomically(path, new.as_bytes()) {
                return fail(
                    sources,
                    vec![Diagnostic::global(format!("cannot write {name}: {e}"))],
                );
            }
        }
    }
    imp.written = outputs.iter().map(|(_, n, _)| n.clone()).collect();
    let verb = if dry_run { "would write" } else { "wrote" };
    imp.summary.push(format!(
        "imported {} into `{lang}`: {} unit(s) updated, {} added, {} unchanged, 0 refused, {} without a target; {} block(s) confirmed (fingerprint set)",
        xlf.display(),
        imp.updated,
        imp.added,
        imp.unchanged,
        imp.untranslated,
        imp.confirmed
    ));
    if imp.written.is_empty() {
        imp.summary.push("no translation file changed".into());
    } else {
        imp.summary
            .push(format!("{verb} {}", imp.written.join(", ")));
    }
    imp.sources = sources;
    imp.warnings = warnings;
    Ok(imp)
}

// ---------------------------------------------------------------------------
// TOML writing.

/// How a string value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `"…"` on one line.
    Basic,
    /// `"""` newline, wrapped lines, newline `"""`.
    Block,
    /// `"""…"""` on one line (list items of translation files).
    Inline,
}

fn style_of(repr: &str) -> Style {
    if repr.starts_with("\"\"\"") || repr.starts_with("'''") {
        if repr[3..].starts_with('\n') || repr[3..].starts_with("\r\n") {
            Style::Block
        } else {
            Style::Inline
        }
    } else {
        Style::Basic
    }
}

fn default_style(field: &str) -> Style {
    match field {
        "text" | "lead" => Style::Block,
        "items" => Style::Inline,
        _ => Style::Basic,
    }
}

/// A TOML string literal of `markup` in a style.
fn literal(value: &str, style: Style, plain: bool) -> String {
    let mut out = String::new();
    let body = match style {
        Style::Block => {
            // re-wrap: the value's own line breaks are only spaces (except
            // the ones the markup needs: line breaks and blank lines)
            let m = if plain {
                to_markup(&from_markup(value, true), true)
            } else {
                to_markup(&from_markup(value, false), false)
            };
            wrap(&m) + "\n"
        }
        _ => value.to_string(),
    };
    let multi = style != Style::Basic || body.contains('\n');
    let quotes = if multi { "\"\"\"" } else { "\"" };
    out.push_str(quotes);
    if style == Style::Block {
        out.push('\n');
    }
    let chars: Vec<char> = body.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' if !multi || chars.get(i + 1).is_none_or(|n| *n == '"') => out.push_str("\\\""),
            '\n' if multi => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push_str(quotes);
    out
}

fn parse_value(lit: &str) -> Result<toml_edit::Value, String> {
    lit.parse::<toml_edit::Value>()
        .map_err(|e| format!("internal error: bad literal {lit:?}: {e}"))
}

fn items_literal(items: &[String]) -> String {
    let mut s = String::from("[\n");
    for i in items {
        s.push_str("  ");
        s.push_str(i);
        s.push_str(",\n");
    }
    s.push(']');
    s
}

/// Applies changes to a translation file's text (`None`: a new file, which
/// gets `header`). `orders` gives the reading order of every block id.
/// Returns the new text and how many fingerprints were set.
fn write_toml(
    old: Option<&str>,
    changes: &[Change],
    header: &str,
    orders: &HashMap<String, usize>,
) -> Result<(String, usize), String> {
    let mut doc: toml_edit::DocumentMut = old.unwrap_or("").parse().map_err(|e| format!("{e}"))?;
    let mut confirmed = 0;
    let mut new_ids: Vec<(usize, String)> = Vec::new();
    for c in changes {
        if c.new_table {
            let mut t = toml_edit::Table::new();
            t.decor_mut().set_prefix("\n");
            if let Some(fp) = &c.fingerprint {
                t.insert("source", toml_edit::value(fp.as_str()));
                confirmed += 1;
            }
            let items: Vec<String> = c
                .fields
                .iter()
                .filter(|(f, _)| f == "items")
                .map(|(_, v)| literal(v, Style::Inline, false))
                .collect();
            for &name in FIELDS {
                if name == "items" {
                    if !items.is_empty() {
                        let mut v = parse_value(&items_literal(&items))?;
                        v.decor_mut().set_prefix(" ");
                        t.insert(name, toml_edit::Item::Value(v));
                    }
                    continue;
                }
                if let Some((_, v)) = c.fields.iter().find(|(f, _)| f == name) {
                    let plain = is_plain(&c.kind, name);
                    let mut v = parse_value(&literal(v, default_style(name), plain))?;
                    v.decor_mut().set_prefix(" ");
                    t.insert(name, toml_edit::Item::Value(v));
                }
            }
            if doc.contains_key(&c.id) {
                return Err(format!("`{}` is already in the file", c.id));
            }
            doc.insert(&c.id, toml_edit::Item::Table(t));
            new_ids.push((c.order, c.id.clone()));
            continue;
        }
        let Some(t) = doc.get_mut(&c.id).and_then(toml_edit::Item::as_table_mut) else {
            return Err(format!("no [{}] table", c.id));
        };
        if let Some(fp) = &c.fingerprint
            && t.get("source").and_then(toml_edit::Item::as_str) != Some(fp.as_str())
        {
            set_value(t, "source", toml_edit::Value::from(fp.as_str()))?;
            confirmed += 1;
        }
        let old_items: Vec<String> = t
            .get("items")
            .and_then(toml_edit::Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| match v {
                        toml_edit::Value::String(s) => Some(s.display_repr().into_owned()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let item_style = match old_items.first().map(|r| style_of(r)) {
            Some(Style::Basic) => Style::Basic,
            _ => Style::Inline,
        };
        let mut items: Vec<String> = Vec::new();
        for (f, v) in &c.fields {
            if f == "items" {
                let k = items.len();
                match (c.items_changed.get(k), old_items.get(k)) {
                    (Some(false), Some(r)) => items.push(r.clone()),
                    _ => items.push(literal(v, item_style, false)),
                }
                continue;
            }
            let style = match t.get(f).and_then(toml_edit::Item::as_value) {
                Some(toml_edit::Value::String(s)) => style_of(&s.display_repr()),
                _ => default_style(f),
            };
            let plain = is_plain(&c.kind, f);
            set_value(t, f, parse_value(&literal(v, style, plain))?)?;
        }
        if !items.is_empty() {
            set_value(t, "items", parse_value(&items_literal(&items))?)?;
        }
    }
    if !new_ids.is_empty() {
        place_tables(&mut doc, &new_ids, orders, old.is_none().then_some(header));
    }
    let out = doc.to_string();
    verify(&out, changes)?;
    Ok((out, confirmed))
}

/// Replaces (or adds) a value, keeping the old value's surrounding spaces
/// and comment.
fn set_value(t: &mut toml_edit::Table, key: &str, mut v: toml_edit::Value) -> Result<(), String> {
    match t.get_mut(key) {
        Some(toml_edit::Item::Value(old)) => {
            *v.decor_mut() = old.decor().clone();
            *old = v;
        }
        Some(_) => return Err(format!("`{key}` is not a value")),
        None => {
            v.decor_mut().set_prefix(" ");
            t.insert(key, toml_edit::Item::Value(v));
            // keep `source` first and the fields in their usual order
            let rank = |k: &str| {
                if k == "source" {
                    0
                } else {
                    FIELDS.iter().position(|f| *f == k).map_or(99, |p| p + 1)
                }
            };
            t.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
        }
    }
    Ok(())
}

/// Puts new tables in the source's reading order: each before the first
/// table that comes later in the source (tables of unknown ids keep their
/// place after their predecessor). A new file gets `header` before its
/// first table; a new first table of an old file takes over the comment
/// that opened the file.
fn place_tables(
    doc: &mut toml_edit::DocumentMut,
    new_ids: &[(usize, String)],
    orders: &HashMap<String, usize>,
    header: Option<&str>,
) {
    let mut list: Vec<(usize, String)> = Vec::new();
    let mut existing: Vec<(isize, String)> = doc
        .iter()
        .filter(|(k, _)| !new_ids.iter().any(|(_, n)| n == k))
        .filter_map(|(k, v)| {
            v.as_table()
                .map(|t| (t.position().unwrap_or(isize::MAX), k.to_string()))
        })
        .collect();
    existing.sort();
    let mut last = 0;
    for (_, id) in existing {
        last = orders.get(&id).copied().unwrap_or(last);
        list.push((last, id));
    }
    let first_before = list.first().map(|(_, id)| id.clone());
    let mut new_sorted = new_ids.to_vec();
    new_sorted.sort();
    for (order, id) in new_sorted {
        let at = list
            .iter()
            .position(|(o, _)| *o > order)
            .unwrap_or(list.len());
        list.insert(at, (order, id));
    }
    for (k, (_, id)) in list.iter().enumerate() {
        if let Some(t) = doc.get_mut(id).and_then(toml_edit::Item::as_table_mut) {
            t.set_position(Some(k as isize + 1));
        }
    }
    let first_now = list.first().map(|(_, id)| id.clone());
    if let Some(first) = &first_now {
        if let Some(h) = header {
            if let Some(t) = doc.get_mut(first).and_then(toml_edit::Item::as_table_mut) {
                t.decor_mut().set_prefix(format!("{h}\n"));
            }
        } else if let Some(old_first) = first_before
            && *first != old_first
        {
            let prefix = doc
                .get(&old_first)
                .and_then(toml_edit::Item::as_table)
                .and_then(|t| t.decor().prefix())
                .and_then(|p| p.as_str())
                .map(str::to_string);
            if let Some(p) = prefix {
                if let Some(t) = doc.get_mut(first).and_then(toml_edit::Item::as_table_mut) {
                    t.decor_mut().set_prefix(p);
                }
                if let Some(t) = doc
                    .get_mut(&old_first)
                    .and_then(toml_edit::Item::as_table_mut)
                {
                    t.decor_mut().set_prefix("\n");
                }
            }
        }
    }
}

/// Re-reads the written text and checks that every changed value reads back
/// as intended.
fn verify(text: &str, changes: &[Change]) -> Result<(), String> {
    let t: toml::Table = toml::from_str(text).map_err(|e| format!("internal error: {e}"))?;
    for c in changes {
        let Some(toml::Value::Table(tt)) = t.get(&c.id) else {
            return Err(format!("internal error: [{}] missing after writing", c.id));
        };
        if let Some(fp) = &c.fingerprint
            && tt.get("source").and_then(toml::Value::as_str) != Some(fp.as_str())
        {
            return Err(format!("internal error: [{}] source not written", c.id));
        }
        let items: Vec<&str> = c
            .fields
            .iter()
            .filter(|(f, _)| f == "items")
            .map(|(_, v)| v.as_str())
            .collect();
        if !items.is_empty() {
            let got: Vec<&str> = tt
                .get("items")
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
                .unwrap_or_default();
            let same = got.len() == items.len()
                && got
                    .iter()
                    .zip(&items)
                    .all(|(a, b)| from_markup(a, false) == from_markup(b, false));
            if !same {
                return Err(format!(
                    "internal error: [{}] items read back differently",
                    c.id
                ));
            }
        }
        for (f, v) in c.fields.iter().filter(|(f, _)| f != "items") {
            let got = tt.get(f).and_then(toml::Value::as_str).unwrap_or("");
            if from_markup(got, false) != from_markup(v, false) {
                return Err(format!(
                    "internal error: [{}] {f} reads back as {got:?}, not {v:?}",
                    c.id
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_normalises_and_writes_back() {
        let raw = "  Een  *schuine\n tekst* en **vet** [1-3]\\(zie)\n\n<https://x.org/a> \\\nna [site](https://y.org/) ~ \\* \\- ";
        let segs = from_markup(raw, false);
        assert_eq!(normalise(segs.clone()), segs, "idempotent");
        let m = to_markup(&segs, false).s;
        assert_eq!(
            m,
            "Een *schuine tekst* en **vet** [1-3]\\(zie)\n\n<https://x.org/a>\\\nna [site](https://y.org/) ~ \\* \\-"
        );
        assert_eq!(from_markup(&m, false), segs);
        // neighbouring emphases merge; empty ones vanish
        let s = normalise(vec![
            Seg::Emph(vec![Seg::Text("a".into())]),
            Seg::Emph(vec![Seg::Text(" b".into())]),
            Seg::Strong(vec![]),
        ]);
        assert_eq!(to_markup(&s, false).s, "*a b*");
    }

    #[test]
    fn wrapping_keeps_forced_breaks_and_unbreakable_codes() {
        let words = "woord ".repeat(20);
        let segs = from_markup(&format!("{words}[1, 2] eind\\\nregel"), false);
        let w = wrap(&to_markup(&segs, false));
        assert!(w.lines().all(|l| l.chars().count() <= WIDTH), "{w}");
        assert!(w.contains("[1, 2]"), "{w}");
        assert!(w.ends_with("eind\\\nregel"), "{w}");
    }

    #[test]
    fn literals_escape_for_toml() {
        assert_eq!(
            literal("a \"b\" \\*", Style::Basic, false),
            "\"a \\\"b\\\" \\\\*\""
        );
        assert_eq!(literal("x\"", Style::Inline, false), "\"\"\"x\\\"\"\"\"");
        assert_eq!(
            literal("een \"\"\" twee", Style::Block, false),
            "\"\"\"\neen \\\"\\\"\" twee\n\"\"\""
        );
        for (lit, want) in [
            (literal("a \"b\" \\*", Style::Basic, false), "a \"b\" \\*"),
            (literal("x\"", Style::Inline, false), "x\""),
        ] {
            let v: toml_edit::Value = lit.parse().expect("valid TOML");
            assert_eq!(v.as_str(), Some(want));
        }
        assert_eq!(style_of("\"\"\"\nx\n\"\"\""), Style::Block);
        assert_eq!(style_of("\"\"\"x\"\"\""), Style::Inline);
        assert_eq!(style_of("'x'"), Style::Basic);
    }

    #[test]
    fn citations_show_as_written() {
        assert_eq!(
            show_cites(&[vec![1, 2, 3, 5], vec![58, 59]]),
            "[1–3, 5] [58, 59]"
        );
        assert_eq!(show_cites(&[]), "nothing");
        assert_eq!(cite_numbers("[37, 51–53]"), [37, 51, 52, 53]);
    }
}
