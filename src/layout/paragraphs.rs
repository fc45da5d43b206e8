//! Paragraphs: inline content flattened into styled runs, typeset by the
//! text stage and turned into positioned line items (with link rectangles).

use std::sync::Arc;

use super::style::{Face, TextStyle};
use super::*;
use crate::model::{self, Inline, Rgb, Step, cite::CitationStyle};
use crate::text::{
    Align, Direction, GlyphRun, Line, ParagraphLayout, ParagraphStyle, RunKind, TextRun,
};

/// How a block's text is set: its language, direction and colour. A
/// draft's untranslated block is set in the source language, left to right,
/// in the draft colour, and its structure element says its language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Voice<'a> {
    /// Language code for hyphenation (`nl`).
    pub(super) lang: &'a str,
    /// Base direction of the block's paragraphs.
    pub(super) direction: Direction,
    /// Colour of every run, instead of the style's and the link colour.
    pub(super) color: Option<Rgb>,
    /// Whether the block is a draft's untranslated one (tagged with its language).
    pub(super) untranslated: bool,
}

/// What a run of a typeset paragraph is, beyond its font: colour and link.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RunMeta {
    color: Rgb,
    link: Option<LinkTo>,
    /// The language of a foreign phrase (`Inline::Lang`).
    lang: Option<String>,
}

/// Where a run links to, before pages are known.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LinkTo {
    /// An external URL.
    Uri(std::sync::Arc<str>),
    /// An entry of the reference list.
    Reference(u32),
}

/// A paragraph ready for the typesetter: runs plus what each tag means, in
/// the voice it was flattened in.
#[derive(Debug, Clone)]
pub(super) struct Para<'a> {
    /// The runs, each tagged with an index into `meta`.
    pub(super) runs: Vec<TextRun>,
    /// Colour and link of each tag.
    pub(super) meta: Vec<RunMeta>,
    /// Language and direction it is set in.
    voice: Voice<'a>,
    /// Indent of the first line.
    pub(super) first_indent: f32,
}

/// The URL as printed: without the scheme's `https://` noise kept (the guide prints it in full).
pub(super) fn display_url(url: &str) -> String {
    url.to_string()
}

/// `s` wrapped in a left-to-right isolate in right-to-left text (URLs,
/// citations), so that UAX #9 keeps `[1–3]` and `https://…/` in order.
fn isolate(voice: Voice, s: &str) -> String {
    if voice.direction == Direction::Rtl {
        format!("\u{2066}{s}\u{2069}")
    } else {
        s.to_string()
    }
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

/// Where the flattening walk is inside emphasis, strong and links.
#[derive(Clone, Copy)]
struct Context<'t> {
    face: Face,
    link: Option<&'t str>,
    /// Inside a link printed as its URL: its text is already set.
    shown: bool,
    /// Inside a foreign phrase: its language.
    lang: Option<&'t str>,
}

impl<'a> Layouter<'a> {
    /// The voice of text in the document's own language.
    pub(super) fn voice(&self) -> Voice<'a> {
        let doc: &'a model::Document = self.doc;
        Voice {
            lang: &doc.language.code,
            direction: match doc.language.direction {
                model::Direction::Rtl => Direction::Rtl,
                _ => Direction::Ltr,
            },
            color: None,
            untranslated: false,
        }
    }

    /// The voice of a block or section of this origin: a draft's
    /// untranslated one speaks the source language.
    pub(super) fn voice_of(&self, origin: model::Origin) -> Voice<'a> {
        if origin != model::Origin::Untranslated {
            return self.voice();
        }
        let doc: &'a model::Document = self.doc;
        Voice {
            lang: &doc.settings.source_language,
            direction: Direction::Ltr,
            color: Some(self.styles.draft),
            untranslated: true,
        }
    }
}

impl Layouter<'_> {
    /// What the typesetter needs to know of a paragraph beyond its runs.
    fn para_style(&self, st: &TextStyle, p: &Para) -> ParagraphStyle {
        ParagraphStyle {
            align: st.align,
            direction: p.voice.direction,
            lang: p.voice.lang.to_string(),
            hyphenate: st.hyphenate,
            protrusion: st.align == Align::Justify,
            first_indent: p.first_indent,
        }
    }

    /// Flattens inline content into typesetter runs.
    pub(super) fn para<'v>(&self, text: &[Inline], st: &TextStyle, voice: Voice<'v>) -> Para<'v> {
        let mut p = Para {
            runs: Vec::new(),
            meta: Vec::new(),
            voice,
            first_indent: 0.0,
        };
        let mut stack = vec![Context {
            face: st.face,
            link: None,
            shown: false,
            lang: None,
        }];
        Inline::walk(text, &mut |step| {
            let cx = *stack.last().expect("the walk leaves what it enters");
            match step {
                Step::Enter(i) => stack.push(match i {
                    Inline::Emph(_) => Context {
                        face: cx.face.emph(),
                        ..cx
                    },
                    Inline::Strong(_) => Context {
                        face: cx.face.strong(),
                        ..cx
                    },
                    Inline::Link { url, content } => {
                        let is_url = matches!(content.as_slice(), [Inline::Str(s)] if s == url);
                        if is_url && !cx.shown {
                            let shown = isolate(voice, &display_url(url));
                            let link = Some(LinkTo::Uri(url.as_str().into()));
                            self.push_run(&mut p, &shown, st, cx.face, link, RunKind::Url, cx.lang);
                        }
                        Context {
                            link: Some(url),
                            shown: cx.shown || is_url,
                            ..cx
                        }
                    }
                    Inline::Lang { lang, .. } => Context {
                        lang: Some(lang),
                        ..cx
                    },
                    _ => cx,
                }),
                Step::Leave(_) => {
                    stack.pop();
                }
                Step::Leaf(_) if cx.shown => {}
                Step::Leaf(i) => self.leaf(&mut p, i, st, cx),
            }
        });
        p
    }

    /// Sets one leaf of inline content (text, citation, line break).
    fn leaf(&self, p: &mut Para, i: &Inline, st: &TextStyle, cx: Context) {
        let face = cx.face;
        match i {
            Inline::Str(s) => {
                let link = cx.link.map(|u| LinkTo::Uri(u.into()));
                self.push_run(p, s, st, face, link, RunKind::Prose, cx.lang)
            }
            Inline::Cite(c) => {
                // each number or range links to its entry in the reference list
                let ranges = crate::model::cite::ranges(c);
                let brackets = self.doc.settings.citation_style == CitationStyle::Brackets;
                let k = RunKind::NoBreak;
                bind_to_word_before(p);
                let rtl = p.voice.direction == Direction::Rtl;
                if rtl {
                    self.push_run(p, "\u{2066}", st, face, None, k, cx.lang);
                }
                if brackets {
                    self.push_run(p, "[", st, face, None, k, cx.lang);
                }
                for (i, &(a, b)) in ranges.iter().enumerate() {
                    if i > 0 {
                        self.push_run(p, ", ", st, face, None, k, cx.lang);
                    }
                    let text = crate::model::cite::join(&[(a, b)]);
                    self.push_run(p, &text, st, face, Some(LinkTo::Reference(a)), k, cx.lang);
                }
                if brackets {
                    self.push_run(p, "]", st, face, None, k, cx.lang);
                }
                if rtl {
                    self.push_run(p, "\u{2069}", st, face, None, k, cx.lang);
                }
            }
            Inline::LineBreak => {
                self.push_run(p, "\u{2028}", st, face, None, RunKind::Prose, cx.lang)
            }
            // containers come as Enter and Leave steps
            Inline::Emph(_) | Inline::Strong(_) | Inline::Link { .. } | Inline::Lang { .. } => {}
        }
    }

    /// Appends text to the paragraph, joining it to the last run when the
    /// font, kind, colour and link are the same.
    // what a run is (text, style, face, link, kind, language) is what it is
    // joined by; a struct would only rename these arguments at each call
    #[allow(clippy::too_many_arguments)]
    fn push_run(
        &self,
        p: &mut Para,
        s: &str,
        st: &TextStyle,
        face: Face,
        link: Option<LinkTo>,
        kind: RunKind,
        lang: Option<&str>,
    ) {
        let meta = RunMeta {
            // URLs print in the link colour; citations keep the text colour;
            // an untranslated block of a draft prints in the draft colour
            color: match p.voice.color {
                Some(c) => c,
                None if matches!(link, Some(LinkTo::Uri(_))) => self.styles.link_color,
                None => st.color,
            },
            link,
            lang: lang.map(str::to_owned),
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

    /// Typesets ragged text in as many lines as at `width`, but at the
    /// narrowest width that keeps that count, so that its lines are of
    /// about one length and the last is never one short word alone.
    fn balanced(&self, p: &Para, st: &TextStyle, width: f32) -> Arc<ParagraphLayout> {
        let full = self.typeset(p, st, width);
        let n = full.lines.len();
        if n < 2 {
            return full;
        }
        let (mut lo, mut hi, mut best) = (width * 0.4, width, full);
        for _ in 0..7 {
            let mid = (lo + hi) / 2.0;
            let lay = self.typeset(p, st, mid);
            if lay.lines.len() == n {
                hi = mid;
                best = lay;
            } else {
                lo = mid;
            }
        }
        best
    }

    /// Typesets a paragraph at `width`.
    /// Through the text engine's paragraph memo: a text set before at this
    /// style and width (a running header, or anything in a rebuild by
    /// `brochure watch`) is not set again.
    pub(super) fn typeset(&self, p: &Para, st: &TextStyle, width: f32) -> Arc<ParagraphLayout> {
        let start = std::time::Instant::now();
        let style = self.para_style(st, p);
        let lay = self
            .ts
            .layout_paragraph_for(self.asker, &p.runs, &style, width);
        let mut times = self.times.get();
        times.shape_break += start.elapsed();
        self.times.set(times);
        lay
    }

    /// Typesets a body paragraph and records its quality for the report.
    pub(super) fn typeset_reported(
        &self,
        id: &str,
        p: &Para,
        st: &TextStyle,
        width: f32,
    ) -> Arc<ParagraphLayout> {
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
                lang: meta.lang.clone(),
            });
            if let Some(link) = &meta.link
                && let Some(rect) = run_rect(run, line, x, baseline)
            {
                let target = match link {
                    LinkTo::Uri(url) => LinkTarget::Uri(url.clone()),
                    LinkTo::Reference(n) => LinkTarget::Reference(*n),
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
        voice: Voice,
        width: f32,
        x: f32,
        top: f32,
        role: Role,
        block: Option<u32>,
        out: &mut Vec<Item>,
    ) -> f32 {
        let p = self.para(text, st, voice);
        let lay = if balances(role) {
            self.balanced(&p, st, width)
        } else {
            self.typeset(&p, st, width)
        };
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

    /// One line of text in the document's voice with its top at `top`, of
    /// `role` and `block` (furniture: an artifact of no block).
    pub(super) fn line_at(
        &self,
        text: &str,
        st: &TextStyle,
        (x, top): (f32, f32),
        (role, block): (Role, Option<u32>),
        items: &mut Vec<Item>,
    ) {
        let p = self.para(&[Inline::Str(text.to_string())], st, self.voice());
        let lay = self.typeset(&p, st, f32::MAX / 4.0);
        if let Some(line) = lay.lines.first() {
            self.line_items(line, &p, x, top + st.size * 0.76, role, block, items);
        }
    }
}

/// Makes the space before a citation a no-break space, so that a citation
/// never starts a line on its own ("[113]." alone): it stays with the word
/// it belongs to, and the line breaks before that word instead.
fn bind_to_word_before(p: &mut Para) {
    if let Some(last) = p.runs.last_mut()
        && last.text.ends_with(' ')
    {
        last.text.pop();
        last.text.push('\u{a0}');
    }
}

/// Whether lines of this role are balanced: headings, titles, contents
/// entries and pull quotes (display text, read as a unit).
fn balances(role: Role) -> bool {
    matches!(
        role,
        Role::Title | Role::H1 | Role::H2 | Role::H3 | Role::TocEntry | Role::Statement
    )
}
