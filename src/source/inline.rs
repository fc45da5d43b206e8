//! The inline markup of text fields (see `docs/source-format.md`).
//!
//! A small hand-written parser: the markup is a handful of Markdown- and
//! TeX-like signs plus the guide's own citation brackets (`[37, 51–53]`), a
//! mix no Markdown crate parses, and every error must point at its exact
//! character. It reports all errors of a text, not only the first. It reads
//! the tokens of [`lex`], the one lexer of the markup, which the XLIFF
//! segments share.

mod lex;

use std::ops::Range;

pub(crate) use lex::{Tok, token_at};

use super::strings::MappedStr;
use crate::diag::{Code, Diagnostic};
use crate::model::{Citation, Inline, Loc, Text};

/// Parses a text field into paragraphs; `allow_paragraphs` permits blank lines.
pub fn parse_paragraphs(
    s: &MappedStr,
    file: usize,
    allow_paragraphs: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Text> {
    let paras = paragraph_ranges(&s.value);
    if !allow_paragraphs && paras.len() > 1 {
        let (a, _) = paras[1];
        diags.push(
            Diagnostic::error(
                file,
                s.range(a, a + 1),
                "a paragraph block holds one paragraph",
            )
            .with_code(Code::Markup)
            .with_label("a blank line starts a second paragraph here")
            .with_note("remove the blank line, or start a new block for the next paragraph"),
        );
    }
    paras
        .into_iter()
        .map(|(a, b)| {
            if b - a > MAX_PARAGRAPH_BYTES {
                diags.push(
                    Diagnostic::error(
                        file,
                        s.range(a, a + 1),
                        format!(
                            "a paragraph of {} bytes is over the limit of {MAX_PARAGRAPH_BYTES}",
                            b - a
                        ),
                    )
                    .with_code(Code::ParagraphTooLong)
                    .with_label("this paragraph")
                    .with_note("split it into several paragraphs (a blank line, or more blocks)"),
                );
                return Text::default();
            }
            Parser {
                s,
                file,
                pos: a,
                end: b,
                diags,
            }
            .parse()
        })
        .collect()
}

/// The byte ranges of the paragraphs of a text: split at blank lines (a
/// newline, optional spaces and tabs, another newline), empty ones left out.
pub(crate) fn paragraph_ranges(v: &str) -> Vec<(usize, usize)> {
    let mut paras = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = v.as_bytes();
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' && !v[start..i].trim().is_empty() {
                paras.push((start, i));
                start = j + 1;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    paras.push((start, v.len()));
    paras
        .into_iter()
        .filter(|&(a, b)| !v[a..b].trim().is_empty())
        .collect()
}

/// Parses markup that stands in no file (a translation read from an XLIFF
/// file, before it is written): its paragraphs, or the first error.
pub fn parse_detached(value: &str, allow_paragraphs: bool) -> Result<Vec<Text>, Diagnostic> {
    let m = MappedStr::new(value, "", 0, 0);
    let mut d = Vec::new();
    let texts = parse_paragraphs(&m, 0, allow_paragraphs, &mut d);
    match d.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(texts),
    }
}

/// Parses a single-line text field (titles, captions, list items).
pub fn parse_line(s: &MappedStr, file: usize, diags: &mut Vec<Diagnostic>) -> Text {
    parse_paragraphs(s, file, false, diags)
        .into_iter()
        .next()
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Emph,
    Strong,
}

struct Parser<'a> {
    s: &'a MappedStr,
    file: usize,
    pos: usize,
    end: usize,
    diags: &'a mut Vec<Diagnostic>,
}

/// The longest paragraph, in bytes of its source text (see
/// `docs/limits.md`): line breaking a paragraph takes time and memory that
/// grow faster than its length (a 10 MB paragraph took 43 s and 2.8 GB),
/// and no real paragraph comes near it.
pub const MAX_PARAGRAPH_BYTES: usize = 131_072;

/// The largest reference number a citation may name (see `docs/limits.md`):
/// checked before a range is expanded, so that `[1–4294967295]` is an error
/// at its place, not an allocation.
pub const MAX_CITATION_NUMBER: u32 = 9_999;

/// The URL schemes a link may have; `<` followed by one of them opens an
/// autolink (the XLIFF segments follow the same rule).
pub(crate) const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

impl Parser<'_> {
    /// Reports a markup error (a citation error when the message is about one).
    fn err(&mut self, a: usize, b: usize, msg: &str, label: &str) {
        let code = if msg.contains("citation") {
            Code::Citation
        } else {
            Code::Markup
        };
        let d = Diagnostic::error(self.file, self.s.range(a, b), msg)
            .with_label(label)
            .with_code(code);
        self.diags.push(d);
    }

    fn parse(mut self) -> Text {
        // stack of (frame, start offset, content so far)
        let mut stack: Vec<(Frame, usize, Vec<Inline>)> = Vec::new();
        let mut cur: Vec<Inline> = Vec::new();
        while let Some(tok) = token_at(&self.s.value, self.pos, self.end) {
            let at = tok.span.start;
            self.pos = tok.span.end;
            match tok.kind {
                Tok::Char(c) => push_char(&mut cur, c),
                Tok::Space => push_char(&mut cur, ' '),
                Tok::Nbsp => push_str(&mut cur, "\u{a0}"),
                Tok::SoftHyphen => push_str(&mut cur, "\u{ad}"),
                Tok::Escaped(e) => push_char(&mut cur, e),
                Tok::LineBreak => cur.push(Inline::LineBreak),
                Tok::StrayBackslash => self.err(
                    at,
                    at + 1,
                    "stray backslash",
                    "write `\\\\` for a backslash",
                ),
                Tok::UnknownEscape(other) => {
                    self.err(
                        at,
                        tok.span.end,
                        &format!("unknown escape `\\{other}`"),
                        "known escapes: \\- \\* \\[ \\] \\< \\~ \\\\",
                    );
                    push_char(&mut cur, other);
                }
                Tok::Delim { strong } => self.delim(&mut stack, &mut cur, strong, at),
                Tok::Cite { inner } => {
                    if let Some(c) = self.citation(inner.start, inner.end) {
                        cur.push(Inline::Cite(c));
                    }
                }
                Tok::Link { text, url } => self.link(&mut cur, at..tok.span.end, text, url),
                Tok::UnclosedBracket => {
                    self.err(
                        at,
                        at + 1,
                        "unclosed `[`",
                        "a citation or link opens here; write `\\[` for a literal bracket",
                    );
                    self.pos = self.end;
                }
                Tok::UnclosedTarget { paren } => {
                    self.err(
                        paren,
                        paren + 1,
                        "unclosed link target `(`",
                        "the URL must end with `)`",
                    );
                    self.pos = self.end;
                }
                Tok::CloseBracket => self.err(
                    at,
                    at + 1,
                    "unmatched `]`",
                    "write `\\]` for a literal bracket",
                ),
                Tok::Lang { lang, text } => self.phrase(&mut cur, at..tok.span.end, lang, text),
                Tok::AutoLink { url } => self.autolink(&mut cur, url),
                Tok::UnclosedAutoLink => self.err(
                    at,
                    at + 1,
                    "unclosed link `<`",
                    "a URL in `<…>` must end with `>` and hold no spaces",
                ),
            }
        }
        while let Some((f, start, mut outer)) = stack.pop() {
            let (len, what) = match f {
                Frame::Emph => (1, "unclosed emphasis `*`"),
                Frame::Strong => (2, "unclosed strong emphasis `**`"),
            };
            self.err(start, start + len, what, "opened here and never closed");
            outer.append(&mut cur);
            cur = outer;
        }
        collapse(&mut cur);
        cur
    }

    /// `*` or `**` at `at`: opens emphasis, or closes the one open last.
    fn delim(
        &mut self,
        stack: &mut Vec<(Frame, usize, Vec<Inline>)>,
        cur: &mut Vec<Inline>,
        strong: bool,
        at: usize,
    ) {
        let frame = if strong { Frame::Strong } else { Frame::Emph };
        let len = if strong { 2 } else { 1 };
        if stack.last().map(|f| f.0) == Some(frame) {
            let (f, _, mut outer) = stack.pop().unwrap_or((frame, at, Vec::new()));
            let content = std::mem::take(cur);
            outer.push(match f {
                Frame::Emph => Inline::Emph(content),
                Frame::Strong => Inline::Strong(content),
            });
            *cur = outer;
        } else if stack.iter().any(|f| f.0 == frame) {
            self.err(
                at,
                at + len,
                "emphasis closed out of order",
                "this closes an outer span first",
            );
        } else {
            stack.push((frame, at, std::mem::take(cur)));
        }
    }

    /// `[text](url)` covering `span`: a link, when its target is a URL and
    /// its text is not empty.
    fn link(
        &mut self,
        cur: &mut Vec<Inline>,
        span: Range<usize>,
        text: Range<usize>,
        url: Range<usize>,
    ) {
        let target = self.s.value[url.clone()].trim().to_string();
        if !self.check_url(&target, url.start, url.end) {
            return;
        }
        if self.s.value[text.clone()].trim().is_empty() {
            self.err(
                span.start,
                span.end,
                "empty link text",
                "write the text to show between `[` and `]`",
            );
            return;
        }
        let content = self.inner(text);
        cur.push(Inline::Link {
            url: target,
            content,
        });
    }

    /// The inline content of `text`, a range inside this string (a link's
    /// text, a foreign phrase), parsed and its white space collapsed.
    fn inner(&mut self, text: Range<usize>) -> Vec<Inline> {
        let mut content = Parser {
            s: self.s,
            file: self.file,
            pos: text.start,
            end: text.end,
            diags: self.diags,
        }
        .parse();
        collapse(&mut content);
        content
    }

    /// A phrase in another language, `{lang}[text]`.
    fn phrase(
        &mut self,
        cur: &mut Vec<Inline>,
        span: Range<usize>,
        lang: Range<usize>,
        text: Range<usize>,
    ) {
        if self.s.value[text.clone()].trim().is_empty() {
            self.err(
                span.start,
                span.end,
                "empty foreign phrase",
                "write the phrase between `[` and `]` after the language code",
            );
            return;
        }
        let content = self.inner(text);
        cur.push(Inline::Lang {
            lang: self.s.value[lang].to_string(),
            content,
        });
    }

    fn citation(&mut self, a: usize, b: usize) -> Option<Citation> {
        let inner = &self.s.value[a..b];
        if inner.trim().is_empty() {
            self.err(
                a - 1,
                b + 1,
                "empty citation `[]`",
                "a citation needs reference numbers",
            );
            return None;
        }
        let mut written = Vec::new();
        let mut ok = true;
        let mut off = a;
        for part in inner.split(',') {
            let pa = off;
            off += part.len() + 1;
            let t = part.trim();
            let lead = part.len() - part.trim_start().len();
            let (ps, pe) = (pa + lead, pa + lead + t.len());
            let nums: Vec<&str> = t.split(['–', '-']).map(str::trim).collect();
            let parsed: Option<Vec<u32>> = nums
                .iter()
                .map(|n| {
                    if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) {
                        n.parse().ok()
                    } else {
                        None
                    }
                })
                .collect();
            let too_big = nums.iter().find(|n| {
                let digits = n.trim_start_matches('0');
                n.bytes().all(|c| c.is_ascii_digit())
                    && digits.len() > 4
                    && digits
                        .parse::<u64>()
                        .ok()
                        .is_none_or(|v| v > u64::from(MAX_CITATION_NUMBER))
            });
            if let Some(n) = too_big {
                self.err(
                    ps,
                    pe.max(ps + 1),
                    &format!("citation number {n} is over the limit of {MAX_CITATION_NUMBER}"),
                    "a citation names entries of the reference list",
                );
                ok = false;
                continue;
            }
            match parsed.as_deref() {
                Some([n]) if *n > 0 => written.push((*n, *n)),
                Some([x, y]) if *x > 0 && x < y => written.push((*x, *y)),
                Some([x, y]) => {
                    self.err(
                        ps,
                        pe.max(ps + 1),
                        &format!("citation range `{x}–{y}` does not ascend"),
                        "a range goes from the smaller number to the larger",
                    );
                    ok = false;
                }
                _ => {
                    self.err(
                        ps.min(b),
                        pe.max(ps + 1).min(b.max(ps + 1)),
                        &format!("bad citation `[{}]`", inner.trim()),
                        "expected reference numbers such as `[15]`, `[58, 59]` or `[37, 51–53]`",
                    );
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            return None;
        }
        let numbers = expand(&written);
        let r = self.s.range(a - 1, b + 1);
        Some(Citation {
            numbers,
            written,
            loc: Loc {
                file: self.file as u32,
                start: r.start as u32,
                end: r.end as u32,
            },
        })
    }

    /// `<url>`: a link that shows its URL, when the URL is complete.
    fn autolink(&mut self, cur: &mut Vec<Inline>, url: Range<usize>) {
        let target = self.s.value[url.clone()].to_string();
        if self.check_url(&target, url.start, url.end) {
            cur.push(Inline::Link {
                content: vec![Inline::Str(target.clone())],
                url: target,
            });
        }
    }

    fn check_url(&mut self, url: &str, a: usize, b: usize) -> bool {
        let Some(scheme) = SCHEMES.iter().find(|p| url.starts_with(**p)) else {
            let msg = if url.is_empty() {
                "empty link target"
            } else {
                "link target is not a URL"
            };
            self.err(
                a.min(b),
                b.max(a + 1),
                msg,
                "a link needs http://, https:// or mailto:",
            );
            return false;
        };
        if url.len() == scheme.len() || url.contains(char::is_whitespace) {
            self.err(
                a,
                b.max(a + 1),
                "incomplete link target",
                "the URL has nothing after its scheme, or holds a space",
            );
            return false;
        }
        true
    }
}

fn push_char(cur: &mut Vec<Inline>, c: char) {
    if let Some(Inline::Str(s)) = cur.last_mut() {
        s.push(c);
    } else {
        cur.push(Inline::Str(c.to_string()));
    }
}

fn push_str(cur: &mut Vec<Inline>, t: &str) {
    if let Some(Inline::Str(s)) = cur.last_mut() {
        s.push_str(t);
    } else {
        cur.push(Inline::Str(t.to_string()));
    }
}

/// Collapses runs of spaces and trims the ends of a paragraph.
fn collapse(v: &mut Vec<Inline>) {
    // runs of spaces, across emphasis (a link's content is collapsed on its own)
    let mut prev_space = true;
    Inline::walk_mut(v, &mut |i| match i {
        Inline::Str(s) => {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if c == ' ' {
                    if !prev_space {
                        out.push(' ');
                    }
                    prev_space = true;
                } else {
                    out.push(c);
                    prev_space = false;
                }
            }
            *s = out;
            false
        }
        Inline::Emph(_) | Inline::Strong(_) | Inline::Lang { .. } => true,
        Inline::Link { .. } | Inline::Cite(_) => {
            prev_space = false;
            false
        }
        Inline::LineBreak => {
            prev_space = true;
            false
        }
    });
    Inline::walk_mut(v, &mut |i| match i {
        Inline::Emph(c) | Inline::Strong(c) | Inline::Lang { content: c, .. } => {
            c.retain(|i| !matches!(i, Inline::Str(s) if s.is_empty()));
            true
        }
        _ => false,
    });
    v.retain(|i| !matches!(i, Inline::Str(s) if s.is_empty()));
    // trim the trailing space
    fn trim_end(v: &mut Vec<Inline>) {
        match v.last_mut() {
            Some(Inline::Str(s)) => {
                while s.ends_with(' ') {
                    s.pop();
                }
                if s.is_empty() {
                    v.pop();
                    trim_end(v);
                }
            }
            Some(Inline::Emph(c))
            | Some(Inline::Strong(c))
            | Some(Inline::Lang { content: c, .. }) => trim_end(c),
            _ => {}
        }
    }
    trim_end(v);
    // a line break's neighbouring spaces are not wanted either
    for k in 0..v.len() {
        if matches!(v[k], Inline::LineBreak) {
            if let Some(Inline::Str(s)) = v.get_mut(k + 1) {
                let t = s.trim_start_matches(' ').to_string();
                *s = t;
            }
            if k > 0
                && let Some(Inline::Str(s)) = v.get_mut(k - 1)
            {
                let t = s.trim_end_matches(' ').to_string();
                *s = t;
            }
        }
    }
    v.retain(|i| !matches!(i, Inline::Str(s) if s.is_empty()));
}

/// The distinct numbers of a citation's ranges, ascending: the ranges are
/// merged first, so that many overlapping ranges cost no more than one and
/// the result holds at most [`MAX_CITATION_NUMBER`] numbers.
fn expand(written: &[(u32, u32)]) -> Vec<u32> {
    let mut ranges = written.to_vec();
    ranges.sort_unstable();
    let mut numbers = Vec::new();
    let mut next = 1;
    for (x, y) in ranges {
        numbers.extend(x.max(next)..=y);
        next = next.max(y + 1);
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Step;

    fn parse(text: &str) -> (Vec<Text>, Vec<Diagnostic>) {
        let file = format!("t = '''{text}'''");
        let m = MappedStr::new(text, &file, 4, file.len());
        let mut d = Vec::new();
        let p = parse_paragraphs(&m, 0, true, &mut d);
        (p, d)
    }

    /// The plain text of a one-paragraph text that parses without errors.
    fn plain(text: &str) -> String {
        let (p, d) = parse(text);
        assert!(d.is_empty(), "{d:?}");
        Inline::plain_text(&p[0])
    }

    #[test]
    fn collapses_whitespace_and_keeps_narrow_nbsp() {
        assert_eq!(
            plain("een\n  twee\u{202f}[3]  drie "),
            "een twee\u{202f}[3] drie"
        );
    }

    #[test]
    fn citations_lists_and_ranges() {
        let (p, d) = parse("x [37, 51–53] y [1-3]");
        assert!(d.is_empty(), "{d:?}");
        let mut cites = Vec::new();
        Inline::walk(&p[0], &mut |step| {
            if let Step::Leaf(Inline::Cite(c)) = step {
                cites.push(c.numbers.clone());
            }
        });
        assert_eq!(cites, vec![vec![37, 51, 52, 53], vec![1, 2, 3]]);
    }

    #[test]
    fn emphasis_strong_links_and_escapes() {
        let (p, d) = parse("a *b* **c** [site](https://x.org/) <https://y.org/a> \\[ \\- ~");
        assert!(d.is_empty(), "{d:?}");
        let t = &p[0];
        assert!(matches!(&t[1], Inline::Emph(_)));
        assert!(t.iter().any(|i| matches!(i, Inline::Strong(_))));
        let mut links = Vec::new();
        Inline::walk(t, &mut |step| {
            if let Step::Enter(Inline::Link { url, .. }) = step {
                links.push(url.as_str());
            }
        });
        assert_eq!(links, ["https://x.org/", "https://y.org/a"]);
        assert!(Inline::plain_text(t).ends_with("[ \u{ad} \u{a0}"));
    }

    #[test]
    fn literal_less_than() {
        assert_eq!(plain("< 50 g/dag"), "< 50 g/dag");
    }

    #[test]
    fn errors_are_all_reported() {
        let (_, d) = parse("*open [3–1] [x] []");
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("does not ascend")));
        assert!(msgs.iter().any(|m| m.contains("bad citation")));
        assert!(msgs.iter().any(|m| m.contains("empty citation")));
        assert!(msgs.iter().any(|m| m.contains("unclosed emphasis")));
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let (p, _) = parse("one\n\n  \ntwo");
        assert_eq!(p.len(), 2);
    }

    /// The depth of the deepest nesting of `Emph`, `Strong`, `Link` and
    /// `Lang` in `v`.
    fn depth(v: &[Inline]) -> usize {
        v.iter()
            .map(|i| match i {
                Inline::Emph(c) | Inline::Strong(c) => 1 + depth(c),
                Inline::Link { content, .. } | Inline::Lang { content, .. } => 1 + depth(content),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn nesting_is_bounded_by_the_grammar() {
        // a link's or phrase's text ends at its first `]`, so neither holds
        // another; emphasis of one kind cannot open inside itself: however
        // deep the source tries, the tree stays shallow and the parser,
        // which keeps an explicit stack, never recurses deeper than once
        for attack in [
            "{en}[".repeat(20_000) + &"]".repeat(20_000),
            "[".repeat(20_000) + "a" + &"](https://x.nl)".repeat(20_000),
            "*a **b ".repeat(20_000),
            "{en}[*a **b [c](https://x.nl)**  *]".repeat(1_000),
        ] {
            let (texts, _) = parse(&attack);
            let deepest = texts.iter().map(|t| depth(t)).max().unwrap_or(0);
            assert!(deepest <= 3, "{deepest}: {}", &attack[..40]);
        }
    }
}
