//! Inline content between markup and XLIFF: the segment tree both sides
//! convert to and from ([`Seg`]), reading markup into it, bringing it to one
//! canonical form, and writing it back as markup (wrapped like the
//! hand-written files).

use crate::source::fields::{self, Field, Shape};
use crate::source::inline::{SCHEMES, Tok, paragraph_ranges, token_at};

/// Column at which changed multi-line values are wrapped.
pub(super) const WIDTH: usize = 78;

// Inline content: a small tree both sides convert to and from.

/// One piece of a unit's text, between markup and XLIFF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seg {
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
    /// `{lang}[text]`: a phrase in another language.
    Lang(String, Vec<Seg>),
}

pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\t' | '\r')
}

pub(super) fn collapse_spaces(s: &str) -> String {
    s.split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads raw markup (as the TOML files hold it) into segments, normalised.
/// Plain fields (section titles, alt texts) are not markup.
pub(super) fn from_markup(raw: &str, plain: bool) -> Vec<Seg> {
    if plain {
        let t = collapse_spaces(raw);
        return if t.is_empty() {
            Vec::new()
        } else {
            vec![Seg::Text(t)]
        };
    }
    let mut out = Vec::new();
    for (k, (a, b)) in paragraph_ranges(raw).into_iter().enumerate() {
        if k > 0 {
            out.push(Seg::Para);
        }
        out.extend(parse_inline(&raw[a..b]));
    }
    normalise(out)
}

pub(super) fn push_text(cur: &mut Vec<Seg>, t: &str) {
    if let Some(Seg::Text(s)) = cur.last_mut() {
        s.push_str(t);
    } else {
        cur.push(Seg::Text(t.to_string()));
    }
}

/// The inline markup of one paragraph, from the loader's tokens
/// ([`token_at`]) but never failing: what the loader rejects is kept as
/// text here (import checks the markup it writes with the loader's parser).
fn parse_inline(s: &str) -> Vec<Seg> {
    let mut stack: Vec<(bool, Vec<Seg>)> = Vec::new();
    let mut cur: Vec<Seg> = Vec::new();
    let mut i = 0;
    while let Some(tok) = token_at(s, i, s.len()) {
        let at = tok.span.start;
        i = tok.span.end;
        match tok.kind {
            Tok::Char(c) | Tok::Escaped(c) => push_text(&mut cur, c.encode_utf8(&mut [0; 4])),
            Tok::Space => push_text(&mut cur, " "),
            Tok::Nbsp => push_text(&mut cur, "\u{a0}"),
            Tok::SoftHyphen => push_text(&mut cur, "\u{ad}"),
            Tok::LineBreak => cur.push(Seg::LineBreak),
            Tok::StrayBackslash | Tok::UnknownEscape(_) => {
                push_text(&mut cur, "\\");
                i = at + 1;
            }
            Tok::Delim { strong } => {
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
                    push_text(&mut cur, &s[tok.span]);
                } else {
                    stack.push((strong, std::mem::take(&mut cur)));
                }
            }
            Tok::Cite { inner } => {
                cur.push(Seg::Cite(format!("[{}]", collapse_spaces(&s[inner]))));
            }
            Tok::Link { text, url } => {
                cur.push(Seg::Link(s[url].trim().to_string(), parse_inline(&s[text])));
            }
            Tok::Lang { lang, text } => {
                cur.push(Seg::Lang(s[lang].to_string(), parse_inline(&s[text])));
            }
            Tok::UnclosedBracket | Tok::UnclosedTarget { .. } => {
                push_text(&mut cur, "[");
                i = at + 1;
            }
            Tok::CloseBracket => push_text(&mut cur, "]"),
            Tok::AutoLink { url } => cur.push(Seg::AutoLink(s[url].to_string())),
            Tok::UnclosedAutoLink => push_text(&mut cur, "<"),
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
pub(super) fn normalise(segs: Vec<Seg>) -> Vec<Seg> {
    let mut prev_space = true;
    let mut v = spaces(segs, &mut prev_space);
    trim_end(&mut v);
    // drop leading spaces of each paragraph and after line breaks (inside
    // emphasis too: `* x*` is `*x*`)
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

/// Collapses runs of spaces (across codes: `prev_space` says whether the
/// text so far ends in one) and trims them before line breaks and paragraphs.
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
            Seg::Lang(l, c) => {
                let mut fresh = true;
                let mut c = spaces(c, &mut fresh);
                trim_end(&mut c);
                out.push(Seg::Lang(l, c));
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

/// Drops the spaces at the end of segments, and what they leave empty.
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

/// Merges neighbouring texts and emphases; drops empty ones.
fn tidy(v: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    for s in v {
        let s = match s {
            Seg::Emph(c) => Seg::Emph(tidy(c)),
            Seg::Strong(c) => Seg::Strong(tidy(c)),
            Seg::Link(u, c) => Seg::Link(u, tidy(c)),
            Seg::Lang(l, c) => Seg::Lang(l, tidy(c)),
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

/// Drops the spaces at the start of segments (inside emphasis too: `* x*`
/// is `*x*`).
fn trim_start(v: &mut [Seg]) {
    match v.first_mut() {
        Some(Seg::Text(t)) => *t = t.trim_start_matches(' ').to_string(),
        Some(Seg::Emph(c)) | Some(Seg::Strong(c)) => trim_start(c),
        _ => {}
    }
}

/// Markup text being written, with the byte offsets where a line may wrap.
#[derive(Default)]
pub(super) struct Markup {
    /// The markup.
    pub(super) s: String,
    /// Byte offsets of the spaces where a line may wrap.
    breaks: Vec<usize>,
}

/// Writes segments as inline markup (the reverse of [`from_markup`]).
pub(super) fn to_markup(segs: &[Seg], plain: bool) -> Markup {
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
            Seg::Lang(l, c) => {
                m.s.push('{');
                m.s.push_str(l);
                m.s.push_str("}[");
                write_markup(c, m);
                m.s.push(']');
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
pub(super) fn wrap(m: &Markup) -> String {
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
pub(super) fn is_plain(kind: &str, field: Field) -> bool {
    fields::shape(kind, field) == Some(Shape::Plain)
}

/// Whether a field may hold several paragraphs.
pub(super) fn has_paragraphs(kind: &str, field: Field) -> bool {
    fields::shape(kind, field) == Some(Shape::Paragraphs)
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
}
