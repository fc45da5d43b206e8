//! Paragraphs: inline content flattened into styled runs, typeset by the
//! text stage and turned into positioned line items (with link rectangles).

use super::style::{Face, TextStyle};
use super::*;
use crate::model::{self, Inline, Rgb, cite::CitationStyle};
use crate::text::{
    Align, Direction, GlyphRun, Line, ParagraphLayout, ParagraphStyle, RunKind, TextRun,
};

/// What a run of a typeset paragraph is, beyond its font: colour and link.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RunMeta {
    color: Rgb,
    link: Option<LinkTo>,
}

/// Where a run links to, before pages are known.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LinkTo {
    /// An external URL.
    Uri(String),
    /// An entry of the reference list.
    Reference(u32),
}

/// Page index that marks an internal link to reference `y` until the
/// reference list is placed; [`Layouter::resolve_reference_links`] replaces
/// every one of them.
pub(super) const REFERENCE_PAGE: usize = usize::MAX;

/// A paragraph ready for the typesetter: runs plus what each tag means.
#[derive(Debug, Clone, Default)]
pub(super) struct Para {
    pub(super) runs: Vec<TextRun>,
    pub(super) meta: Vec<RunMeta>,
}

/// The URL as printed: without the scheme's `https://` noise kept (the guide prints it in full).
pub(super) fn display_url(url: &str) -> String {
    url.to_string()
}

/// The rectangle a run covers on a line at (x, baseline).
pub(super) fn run_rect(run: &GlyphRun, line: &Line, x: f32, baseline: f32) -> Option<Rect> {
    let first = run.glyphs.first()?;
    let last = run.glyphs.last()?;
    let x0 = x + first.x;
    let x1 = x + last.x + last.advance;
    Some(Rect {
        x: x0,
        y: baseline - line.ascent,
        w: (x1 - x0).max(1.0),
        h: line.ascent + line.descent,
    })
}

impl Layouter<'_> {
    pub(super) fn para_style(&self, st: &TextStyle) -> ParagraphStyle {
        let fallback = self.fallback.get();
        ParagraphStyle {
            align: st.align,
            direction: if self.doc.language.direction == model::Direction::Rtl && !fallback {
                Direction::Rtl
            } else {
                Direction::Ltr
            },
            lang: if fallback {
                self.doc.settings.source_language.clone()
            } else {
                self.doc.language.code.clone()
            },
            hyphenate: st.hyphenate,
            protrusion: st.align == Align::Justify,
            first_indent: self.indent_next,
        }
    }

    /// Flattens inline content into typesetter runs.
    pub(super) fn para(&self, text: &[Inline], st: &TextStyle) -> Para {
        let mut p = Para::default();
        self.flatten(text, st, st.face, None, &mut p);
        p
    }

    pub(super) fn flatten(
        &self,
        text: &[Inline],
        st: &TextStyle,
        face: Face,
        link: Option<&str>,
        p: &mut Para,
    ) {
        for i in text {
            match i {
                Inline::Str(s) => self.push_run(
                    p,
                    s,
                    st,
                    face,
                    link.map(|u| LinkTo::Uri(u.into())),
                    RunKind::Prose,
                ),
                Inline::Emph(c) => self.flatten(c, st, face.emph(), link, p),
                Inline::Strong(c) => self.flatten(c, st, face.strong(), link, p),
                Inline::Link { url, content } => {
                    let is_url = matches!(content.as_slice(), [Inline::Str(s)] if s == url);
                    if is_url {
                        let shown = self.isolate(&display_url(url));
                        self.push_run(
                            p,
                            &shown,
                            st,
                            face,
                            Some(LinkTo::Uri(url.clone())),
                            RunKind::Url,
                        );
                    } else {
                        self.flatten(content, st, face, Some(url), p);
                    }
                }
                Inline::Cite(c) => {
                    // each number or range links to its entry in the reference list
                    let ranges = crate::model::cite::ranges(c);
                    let brackets = self.doc.settings.citation_style == CitationStyle::Brackets;
                    let k = RunKind::NoBreak;
                    let (open, close) = if self.rtl_text() {
                        ("\u{2066}", "\u{2069}")
                    } else {
                        ("", "")
                    };
                    if !open.is_empty() {
                        self.push_run(p, open, st, face, None, k);
                    }
                    if brackets {
                        self.push_run(p, "[", st, face, None, k);
                    }
                    for (i, &(a, b)) in ranges.iter().enumerate() {
                        if i > 0 {
                            self.push_run(p, ", ", st, face, None, k);
                        }
                        let text = crate::model::cite::join(&[(a, b)]);
                        self.push_run(p, &text, st, face, Some(LinkTo::Reference(a)), k);
                    }
                    if brackets {
                        self.push_run(p, "]", st, face, None, k);
                    }
                    if !close.is_empty() {
                        self.push_run(p, close, st, face, None, k);
                    }
                }
                Inline::LineBreak => self.push_run(p, "\u{2028}", st, face, None, RunKind::Prose),
            }
        }
    }

    /// Whether text is being set right to left (an RTL language, not a fallback).
    pub(super) fn rtl_text(&self) -> bool {
        self.doc.language.direction == model::Direction::Rtl && !self.fallback.get()
    }

    /// `s` wrapped in a left-to-right isolate in right-to-left text (URLs,
    /// citations), so that UAX #9 keeps `[1–3]` and `https://…/` in order.
    pub(super) fn isolate(&self, s: &str) -> String {
        if self.rtl_text() {
            format!("\u{2066}{s}\u{2069}")
        } else {
            s.to_string()
        }
    }

    pub(super) fn push_run(
        &self,
        p: &mut Para,
        s: &str,
        st: &TextStyle,
        face: Face,
        link: Option<LinkTo>,
        kind: RunKind,
    ) {
        let meta = RunMeta {
            // URLs print in the link colour; citations keep the text colour;
            // an untranslated block of a draft prints in the draft colour
            color: if self.fallback.get() {
                self.styles.draft
            } else if matches!(link, Some(LinkTo::Uri(_))) {
                self.styles.link_color
            } else {
                st.color
            },
            link,
        };
        let tag = match p.meta.iter().position(|m| *m == meta) {
            Some(t) => t,
            None => {
                p.meta.push(meta);
                p.meta.len() - 1
            }
        } as u32;
        if let Some(last) = p.runs.last_mut()
            && last.tag == tag
            && last.font == face.font()
            && last.kind == kind
            && kind != RunKind::Url
        {
            last.text.push_str(s);
            return;
        }
        p.runs.push(TextRun {
            text: s.to_string(),
            font: face.font(),
            size: st.size,
            kind,
            tag,
        });
    }

    pub(super) fn typeset(&self, p: &Para, st: &TextStyle, width: f32) -> ParagraphLayout {
        self.ts
            .layout_paragraph(&p.runs, &self.para_style(st), width)
    }

    /// Typesets a body paragraph and records its quality for the report.
    pub(super) fn typeset_reported(
        &self,
        id: &str,
        p: &Para,
        st: &TextStyle,
        width: f32,
    ) -> ParagraphLayout {
        let lay = self.typeset(p, st, width);
        let n = lay.lines.len();
        self.report.borrow_mut().push(ParagraphReport {
            block: id.to_string(),
            justified: st.align == Align::Justify,
            width,
            lines: lay
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| LineReport {
                    ratio: l.ratio,
                    space: l.space_factor,
                    hyphen: l.hyphenated,
                    glyphs: l.glyph_count(),
                    url: l.runs.iter().any(|r| {
                        p.meta[r.tag as usize]
                            .link
                            .as_ref()
                            .is_some_and(|l| matches!(l, LinkTo::Uri(_)))
                    }),
                    last: i + 1 == n,
                })
                .collect(),
        });
        lay
    }

    /// Items for one typeset line at (x, baseline), plus link rectangles.
    // the position, role and block travel together with every line; a struct
    // for them would only rename these arguments at each call
    #[allow(clippy::too_many_arguments)]
    pub(super) fn line_items(
        &self,
        line: &Line,
        p: &Para,
        x: f32,
        baseline: f32,
        role: Role,
        block: Option<u32>,
        out: &mut Vec<Item>,
    ) {
        for run in &line.runs {
            let meta = &p.meta[run.tag as usize];
            out.push(Item::Text {
                x,
                y: baseline,
                line_width: line.width,
                run: run.clone(),
                color: meta.color,
                role,
                block,
            });
            if let Some(link) = &meta.link
                && let Some(rect) = run_rect(run, line, x, baseline)
            {
                let target = match link {
                    LinkTo::Uri(url) => LinkTarget::Uri(url.clone()),
                    LinkTo::Reference(n) => LinkTarget::Internal {
                        page: REFERENCE_PAGE,
                        y: *n as f32,
                    },
                };
                out.push(Item::Link { rect, target });
            }
        }
    }

    /// Baseline offset of the first line inside a grid cell.
    pub(super) fn cell_baseline(&self) -> f32 {
        self.frame.grid * 0.74
    }

    /// Lines of ragged text stacked with their own leading; returns height used.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn stack(
        &mut self,
        text: &[Inline],
        st: &TextStyle,
        width: f32,
        x: f32,
        top: f32,
        role: Role,
        block: Option<u32>,
        out: &mut Vec<Item>,
    ) -> f32 {
        let p = self.para(text, st);
        let lay = self.typeset(&p, st, width);
        let ascent = st.size * 0.76;
        for (i, line) in lay.lines.iter().enumerate() {
            let baseline = top + ascent + i as f32 * st.leading;
            let lx = match st.align {
                Align::End => x + width - line.width,
                Align::Center => x + (width - line.width) / 2.0,
                _ => x,
            };
            self.line_items(line, &p, lx, baseline, role, block, out);
        }
        if lay.lines.is_empty() {
            0.0
        } else {
            ascent + (lay.lines.len() - 1) as f32 * st.leading + st.size * 0.26
        }
    }

    /// One line of furniture text with its top at `top`.
    pub(super) fn line_at(
        &self,
        text: &str,
        st: &TextStyle,
        x: f32,
        top: f32,
        items: &mut Vec<Item>,
    ) {
        let p = self.para(&[Inline::Str(text.to_string())], st);
        let lay = self.typeset(&p, st, f32::MAX / 4.0);
        if let Some(line) = lay.lines.first() {
            self.line_items(
                line,
                &p,
                x,
                top + st.size * 0.76,
                Role::Artifact,
                None,
                items,
            );
        }
    }
}
