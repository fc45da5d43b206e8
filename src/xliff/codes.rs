//! XLIFF inline codes: the keys and ids that tie a target's codes to its
//! source's, writing segments as XLIFF inline content, and resolving the
//! codes read from a file back into segments.

use std::collections::HashMap;

use super::read::{XCode, XSeg, flat_text};
use super::segments::{Seg, collapse_spaces, push_text};
use crate::source::inline::SCHEMES;
use crate::xml::{self, Controls, Quotes};

/// XML text of XLIFF content: control characters become spaces, only `"`
/// among the quotes is escaped.
pub(super) fn esc(s: &str, out: &mut String) {
    xml::escape_into(s, Controls::Space, Quotes::Double, out);
}

pub(super) fn escaped(s: &str) -> String {
    xml::escape(s, Controls::Space, Quotes::Double)
}

/// The numbers a citation cites, ranges expanded (`[1–3, 5]` → 1, 2, 3, 5).
pub(super) fn cite_numbers(written: &str) -> Vec<u32> {
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
        Seg::Lang(l, _) => format!("lang {l}"),
        Seg::Emph(_) => "italic".into(),
        Seg::Strong(_) => "bold".into(),
    })
}

/// The keys of all codes of `segs`, in document order.
pub(super) fn code_keys(segs: &[Seg], out: &mut Vec<String>) {
    for s in segs {
        if let Some(k) = code_key(s) {
            out.push(k);
        }
        if let Seg::Link(_, c) | Seg::Lang(_, c) | Seg::Emph(c) | Seg::Strong(c) = s {
            code_keys(c, out);
        }
    }
}

/// Ids for the codes of `target` (in document order): the id of the first
/// unused source code with the same key, else a fresh one.
pub(super) fn target_ids(source: &[Seg], target: &[Seg]) -> Vec<usize> {
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

/// Writes segments as XLIFF inline content, codes numbered from `ids` in
/// document order.
pub(super) fn write_xml(segs: &[Seg], ids: &mut std::slice::Iter<'_, usize>, out: &mut String) {
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
            Seg::Lang(l, c) => {
                out.push_str(&format!(
                    "<g id=\"{id}\" ctype=\"x-lang\" xml:lang=\"{}\">",
                    escaped(l)
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

/// Turns read inline content into segments; `src` holds the codes of the
/// unit's `<source>` by id. An error names the offending element.
pub(super) fn resolve(
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
            ("g", "x-lang") => {
                let lang = c.lang.clone().or_else(|| orig.and_then(|o| o.lang.clone()));
                let Some(lang) = lang else {
                    return Err((
                        c.at,
                        "a language code without its language (xml:lang), and no source code with its id"
                            .into(),
                    ));
                };
                Seg::Lang(lang, resolve(&c.content, src, plain)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_numbers_expand_ranges() {
        assert_eq!(cite_numbers("[37, 51–53]"), [37, 51, 52, 53]);
    }
}
