//! Layout: turns the document tree into pages of positioned items.
//!
//! The brochure is built page by page: the cover, the inside cover (the
//! disclaimer notices), the table of contents, then each numbered section,
//! opening on a new page with its number, title and lead set across the
//! columns, followed by its body in columns ([`flow`]). Paragraphs are
//! typeset by the text stage ([`crate::text::Typesetter`]); this module only
//! chooses styles and widths, positions the lines and adds furniture (running
//! header, footer, page numbers), links and the outline.
//!
//! The output ([`output::Document`]) keeps, for every text item, the source
//! block it came from and its structural role.

pub mod contrast;
pub mod extract;
pub mod flow;
pub mod geometry;
mod handout;
mod mirror;
pub mod output;
pub mod style;

pub use output::*;

use crate::model::edition::Edition;
use crate::model::handout::Handout;
use crate::model::{self, BlockKind, Inline, Rgb, cite::CitationStyle};
use crate::text::{
    Align, Direction, GlyphRun, Line, ParagraphLayout, ParagraphStyle, RunKind, TextRun, Typesetter,
};
use flow::{Elem, ElemKind, Mark};
use geometry::{Frame, MM};
use style::{Face, Styles, TextStyle};

/// What a run of a typeset paragraph is, beyond its font: colour and link.
#[derive(Debug, Clone, PartialEq)]
struct RunMeta {
    color: Rgb,
    link: Option<LinkTo>,
}

/// Where a run links to, before pages are known.
#[derive(Debug, Clone, PartialEq)]
enum LinkTo {
    /// An external URL.
    Uri(String),
    /// An entry of the reference list.
    Reference(u32),
}

/// Page index that marks an internal link to reference `y` until the
/// reference list is placed; [`Layouter::resolve_reference_links`] replaces
/// every one of them.
const REFERENCE_PAGE: usize = usize::MAX;

/// A paragraph ready for the typesetter: runs plus what each tag means.
#[derive(Debug, Clone, Default)]
struct Para {
    runs: Vec<TextRun>,
    meta: Vec<RunMeta>,
}

/// Lays out a whole document (the screen edition).
pub fn lay_out(doc: &model::Document, ts: &Typesetter) -> Document {
    lay_out_edition(doc, ts, &Edition::screen(), None)
}

/// Lays out a whole document as `edition` makes it; as a handout (its own
/// short cover with the front matter under it, no table of contents) when
/// `handout` is given.
pub fn lay_out_edition(
    doc: &model::Document,
    ts: &Typesetter,
    edition: &Edition,
    handout: Option<&Handout>,
) -> Document {
    let frame = Frame::for_edition(&doc.settings, edition);
    let styles = Styles::for_edition(&doc.settings, frame.grid, edition);
    let mut lx = Layouter {
        doc,
        ts,
        frame,
        styles,
        pages: Vec::new(),
        blocks: Vec::new(),
        outline: Vec::new(),
        section_of_page: Vec::new(),
        indent_next: 0.0,
        report: Default::default(),
        fallback: Default::default(),
    };
    let toc_page = match handout {
        Some(h) => {
            lx.handout_cover(h);
            None
        }
        None => {
            lx.cover();
            lx.inside_cover();
            let p = lx.pages.len();
            lx.new_page(None);
            Some(p)
        }
    };
    let mut toc = Vec::new();
    for s in &doc.sections {
        toc.push((Some(s.number), s.title.clone(), lx.pages.len()));
        lx.section(s);
    }
    if !doc.references.is_empty() {
        toc.push((None, doc.language.references.clone(), lx.pages.len()));
        lx.references();
    }
    lx.resolve_reference_links();
    if let Some(p) = toc_page {
        lx.toc(p, &toc);
    }
    lx.furniture();
    if doc.language.direction == model::Direction::Rtl {
        for page in &mut lx.pages {
            // a draft's page holding only untranslated text keeps the
            // source language's left-to-right layout, so that it reads
            // (and extracts) in its own direction
            let mut block_langs = page.items.iter().filter_map(|i| match i {
                Item::Text { block: Some(b), .. } => {
                    lx.blocks.get(*b as usize).map(|b| b.lang.is_some())
                }
                _ => None,
            });
            let untranslated = block_langs.next().is_some_and(|first| first)
                && block_langs.all(|fallback| fallback);
            if !untranslated {
                mirror::mirror_page(page);
            }
        }
    }
    let (y, m, d) = doc.settings.edition_date;
    Document {
        info: DocInfo {
            title: match handout {
                Some(h) => format!("{} — {}", h.titles.join(", "), doc.settings.title),
                None => doc.settings.title.clone(),
            },
            author: doc.settings.publisher.clone(),
            subject: doc.settings.subtitle.clone(),
            lang: bcp47(&doc.language.code),
            rtl: doc.language.direction == model::Direction::Rtl,
            created: std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or_else(|| unix_days(y as i64, m as i64, d as i64) * 86400),
        },
        pages: lx.pages,
        outline: lx.outline,
        images: doc
            .images
            .iter()
            .map(|i| ImageResource {
                bytes: i.bytes.clone(),
                format: i.format,
                width: i.width,
                height: i.height,
            })
            .collect(),
        blocks: lx.blocks,
        report: lx.report.into_inner(),
    }
}

/// A full language tag for a language code (`nl` → `nl-NL`).
fn bcp47(code: &str) -> String {
    match code {
        "nl" => "nl-NL".into(),
        "en" => "en-GB".into(),
        "ar" => "ar".into(),
        "hi" => "hi-IN".into(),
        c => c.into(),
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn unix_days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

struct Layouter<'a> {
    doc: &'a model::Document,
    ts: &'a Typesetter,
    frame: Frame,
    styles: Styles,
    pages: Vec<Page>,
    blocks: Vec<BlockInfo>,
    outline: Vec<OutlineEntry>,
    /// For each page, the section it belongs to (number, title).
    section_of_page: Vec<Option<(u32, String)>>,
    indent_next: f32,
    /// Quality of every justified paragraph typeset, for `--report`.
    report: std::cell::RefCell<Vec<ParagraphReport>>,
    /// Whether the block being laid out is untranslated (a draft's
    /// fallback): set in the source language's direction and marked.
    fallback: std::cell::Cell<bool>,
}

impl Layouter<'_> {
    fn new_page(&mut self, section: Option<(u32, String)>) -> usize {
        self.pages.push(Page {
            geometry: self.frame.page,
            items: Vec::new(),
            label: None,
        });
        self.section_of_page.push(section);
        self.pages.len() - 1
    }

    fn block(&mut self, id: &str, role: Role) -> u32 {
        self.blocks.push(BlockInfo {
            id: id.to_string(),
            role,
            lang: self
                .fallback
                .get()
                .then(|| bcp47(&self.doc.settings.source_language)),
        });
        (self.blocks.len() - 1) as u32
    }

    fn para_style(&self, st: &TextStyle) -> ParagraphStyle {
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
    fn para(&self, text: &[Inline], st: &TextStyle) -> Para {
        let mut p = Para::default();
        self.flatten(text, st, st.face, None, &mut p);
        p
    }

    fn flatten(
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
    fn rtl_text(&self) -> bool {
        self.doc.language.direction == model::Direction::Rtl && !self.fallback.get()
    }

    /// `s` wrapped in a left-to-right isolate in right-to-left text (URLs,
    /// citations), so that UAX #9 keeps `[1–3]` and `https://…/` in order.
    fn isolate(&self, s: &str) -> String {
        if self.rtl_text() {
            format!("\u{2066}{s}\u{2069}")
        } else {
            s.to_string()
        }
    }

    fn push_run(
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

    fn typeset(&self, p: &Para, st: &TextStyle, width: f32) -> ParagraphLayout {
        self.ts
            .layout_paragraph(&p.runs, &self.para_style(st), width)
    }

    /// Typesets a body paragraph and records its quality for the report.
    fn typeset_reported(&self, id: &str, p: &Para, st: &TextStyle, width: f32) -> ParagraphLayout {
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
    fn line_items(
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
    fn cell_baseline(&self) -> f32 {
        self.frame.grid * 0.74
    }

    /// A paragraph as one element per line, with widow and orphan control.
    fn paragraph_elems(
        &mut self,
        text: &[Inline],
        st: &TextStyle,
        indent: f32,
        id: &str,
        role: Role,
        out: &mut Vec<Elem>,
    ) {
        let block = self.block(id, role);
        let width = self.frame.column_width() - indent;
        let p = self.para(text, st);
        let lay = self.typeset_reported(id, &p, st, width);
        let n = lay.lines.len();
        for (i, line) in lay.lines.iter().enumerate() {
            let mut items = Vec::new();
            self.line_items(
                line,
                &p,
                indent,
                self.cell_baseline(),
                role,
                Some(block),
                &mut items,
            );
            // no column break after the first line (orphan) or before the last (widow)
            let keep = n >= 2 && (i == 0 || i + 2 == n);
            out.push(Elem {
                kind: ElemKind::Line,
                height: self.frame.grid,
                items,
                keep_with_next: keep,
                ..Elem::default()
            });
        }
    }

    /// Lines of ragged text stacked with their own leading; returns height used.
    #[allow(clippy::too_many_arguments)]
    fn stack(
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

    fn heading_elems(
        &mut self,
        level: u8,
        title: &[Inline],
        lead: Option<&model::Text>,
        id: &str,
        out: &mut Vec<Elem>,
    ) {
        let (st, role) = if level == 2 {
            (self.styles.h2, Role::H2)
        } else {
            (self.styles.h3, Role::H3)
        };
        let g = self.frame.grid;
        out.push(Elem::space(if level == 2 { g * 1.0 } else { g }));
        let block = self.block(id, role);
        let mut items = Vec::new();
        let w = self.frame.column_width();
        // align the first baseline with the grid cell's baseline
        let top = self.cell_baseline() - st.size * 0.76;
        let mut h = self.stack(title, &st, w, 0.0, top, role, Some(block), &mut items);
        if let Some(lead) = lead {
            let lb = self.block(&format!("{id}-lead"), Role::Lead);
            let lst = self.styles.heading_lead;
            h += 4.0;
            h += self.stack(
                lead,
                &lst,
                w,
                0.0,
                top + h,
                Role::Lead,
                Some(lb),
                &mut items,
            );
        }
        let height = self.frame.snap(h + 4.0);
        out.push(Elem {
            height,
            items,
            keep_with_next: true,
            marks: vec![Mark {
                level,
                title: Inline::plain_text(title),
            }],
            ..Elem::default()
        });
    }

    /// Elements of one block.
    fn block_elems(&mut self, b: &model::Block, out: &mut Vec<Elem>) {
        self.fallback.set(b.origin == model::Origin::Fallback);
        self.block_elems_inner(b, out);
        self.fallback.set(false);
    }

    fn block_elems_inner(&mut self, b: &model::Block, out: &mut Vec<Elem>) {
        let g = self.frame.grid;
        let w = self.frame.column_width();
        let body = self.styles.body;
        match &b.kind {
            BlockKind::Heading { level, title, lead } => {
                self.heading_elems(*level, title, lead.as_ref(), &b.id, out)
            }
            BlockKind::Paragraph(t) => {
                // paragraphs follow each other without space, the first line
                // indented, except after a heading, box or photo
                let after_para = out.last().is_some_and(|e: &Elem| e.kind == ElemKind::Line);
                self.indent_next = if after_para { body.size * 1.2 } else { 0.0 };
                self.paragraph_elems(t, &body, 0.0, &b.id, Role::P, out);
                self.indent_next = 0.0;
            }
            BlockKind::List(items) => {
                let indent = 11.0;
                for (i, t) in items.iter().enumerate() {
                    let start = out.len();
                    self.paragraph_elems(
                        t,
                        &body,
                        indent,
                        &format!("{}-{}", b.id, i + 1),
                        Role::ListBody,
                        out,
                    );
                    // the bullet hangs in the indent of the item's first line
                    let bullet = self.para(
                        &[Inline::Str("•".into())],
                        &TextStyle {
                            color: self.styles.brand,
                            ..body
                        },
                    );
                    let lay = self.typeset(&bullet, &body, indent);
                    if let (Some(line), Some(first)) = (lay.lines.first(), out.get_mut(start)) {
                        for run in &line.runs {
                            first.items.insert(
                                0,
                                Item::Text {
                                    x: 1.0,
                                    y: self.cell_baseline(),
                                    line_width: line.width,
                                    run: run.clone(),
                                    color: self.styles.brand,
                                    role: Role::ListLabel,
                                    block: None,
                                },
                            );
                        }
                    }
                }
                out.push(Elem::space(g));
            }
            BlockKind::Box(paras) => {
                let pad = 9.0;
                let st = self.styles.box_text;
                let block = self.block(&b.id, Role::BoxText);
                let mut items = Vec::new();
                let mut y = g * 0.5;
                for (i, t) in paras.iter().enumerate() {
                    if i > 0 {
                        y += g * 0.5;
                    }
                    let p = self.para(t, &st);
                    let lay = self.typeset_reported(&b.id, &p, &st, w - 2.0 * pad);
                    for line in &lay.lines {
                        self.line_items(
                            line,
                            &p,
                            pad,
                            y + self.cell_baseline(),
                            Role::BoxText,
                            Some(block),
                            &mut items,
                        );
                        y += g;
                    }
                }
                let height = self.frame.snap(y + g * 0.5);
                items.insert(
                    0,
                    Item::Fill {
                        rect: Rect {
                            x: 0.0,
                            y: 0.0,
                            w,
                            h: height - g * 0.25,
                        },
                        color: self.styles.tint,
                        bleeds: false,
                    },
                );
                items.insert(
                    1,
                    Item::Fill {
                        rect: Rect {
                            x: 0.0,
                            y: 0.0,
                            w: 2.5,
                            h: height - g * 0.25,
                        },
                        color: self.styles.brand,
                        bleeds: false,
                    },
                );
                out.push(Elem {
                    height,
                    items,
                    ..Elem::default()
                });
                out.push(Elem::space(g));
            }
            BlockKind::Statement(t) => {
                let st = self.styles.statement;
                let block = self.block(&b.id, Role::Statement);
                let mut items = vec![Item::Fill {
                    rect: Rect {
                        x: 0.0,
                        y: g * 0.25,
                        w: 40.0,
                        h: 2.5,
                    },
                    color: st.color,
                    bleeds: false,
                }];
                let h = self.stack(
                    t,
                    &st,
                    w,
                    0.0,
                    g * 0.25 + 10.0,
                    Role::Statement,
                    Some(block),
                    &mut items,
                );
                let height = self.frame.snap(g * 0.25 + 10.0 + h + 8.0);
                out.push(Elem {
                    height,
                    items,
                    ..Elem::default()
                });
                out.push(Elem::space(g));
            }
            BlockKind::Photo(ph) => {
                let img = &self.doc.images[ph.image];
                let block = self.block(&b.id, Role::Figure);
                let aspect = img.height as f32 / img.width.max(1) as f32;
                let w = self.frame.photo_width(aspect);
                let ih = w * aspect;
                let mut items = vec![Item::Image {
                    rect: Rect {
                        x: 0.0,
                        y: 0.0,
                        w,
                        h: ih,
                    },
                    image: ph.image,
                    alt: ph.alt.clone(),
                    block: Some(block),
                }];
                let cb = self.block(&format!("{}-caption", b.id), Role::Caption);
                let st = self.styles.caption;
                let h = self.stack(
                    &ph.caption,
                    &st,
                    w,
                    0.0,
                    ih + 5.0,
                    Role::Caption,
                    Some(cb),
                    &mut items,
                );
                out.push(Elem {
                    height: self.frame.snap(ih + 5.0 + h + 2.0) + g,
                    items,
                    float: true,
                    ..Elem::default()
                });
            }
            BlockKind::Notice { title, paragraphs } => {
                self.heading_elems(2, title, None, &format!("{}-title", b.id), out);
                for (i, t) in paragraphs.iter().enumerate() {
                    self.paragraph_elems(
                        t,
                        &body,
                        0.0,
                        &format!("{}-{}", b.id, i + 1),
                        Role::P,
                        out,
                    );
                    out.push(Elem::space(g));
                }
            }
        }
    }

    /// Places a flow of elements from page `first` on, starting at `top`.
    fn place_flow(
        &mut self,
        mut elems: Vec<Elem>,
        first: usize,
        top: f32,
        section: Option<(u32, String)>,
        outline_parent: Option<usize>,
    ) {
        // a photo left alone on a flow's last page takes the last heading's
        // text along: a new column starts at that heading
        let trial = flow::place(&elems, &vec![0.0; elems.len()], &self.frame, top, true);
        let last = trial.last().map_or(0, |p| p.page);
        if last > 0
            && trial
                .iter()
                .filter(|p| p.page == last)
                .all(|p| elems[p.elem].float)
        {
            let heading = trial
                .iter()
                .filter(|p| p.page + 1 == last && !elems[p.elem].marks.is_empty())
                .map(|p| p.elem)
                .next_back()
                // in one column, without a heading, the last block's text goes along
                .or_else(|| {
                    (self.frame.columns == 1)
                        .then(|| flow::last_block_start(&elems, &trial, last - 1))
                        .flatten()
                });
            if let Some(h) = heading {
                elems[h].break_before = true;
                let moved = flow::place(&elems, &vec![0.0; elems.len()], &self.frame, top, true);
                if moved.last().map_or(0, |p| p.page) > last {
                    elems[h].break_before = false;
                }
            }
        }
        let placements = self.guarded_placement(&elems, first, top, &section);
        let mut h2_index: Option<usize> = None;
        for pl in placements {
            let page = first + pl.page;
            while self.pages.len() <= page {
                self.new_page(section.clone());
            }
            let x0 = self.frame.column_x(pl.column);
            let e = &elems[pl.elem];
            for m in &e.marks {
                let entry = OutlineEntry {
                    title: m.title.clone(),
                    page,
                    y: pl.y,
                    children: Vec::new(),
                };
                let Some(sec) = outline_parent else { continue };
                let sec_entry = &mut self.outline[sec];
                if m.level <= 2 {
                    sec_entry.children.push(entry);
                    h2_index = Some(sec_entry.children.len() - 1);
                } else if let Some(h) = h2_index {
                    sec_entry.children[h].children.push(entry);
                } else {
                    sec_entry.children.push(entry);
                }
            }
            for item in &e.items {
                self.pages[page].items.push(offset(item, x0, pl.y));
            }
        }
    }

    /// Places a flow so that every page extracts in reading order (see
    /// [`extract`]): where a page would not, one grid step of space is added
    /// above a block on that page, trying blocks in order until it does.
    fn guarded_placement(
        &self,
        elems: &[Elem],
        first: usize,
        top: f32,
        section: &Option<(u32, String)>,
    ) -> Vec<flow::Placement> {
        let mut extra = vec![0.0; elems.len()];
        let mut placements = flow::place(elems, &extra, &self.frame, top, true);
        let mut checked = 0;
        // candidates: elements that start a text block
        let starts: Vec<usize> = (0..elems.len())
            .filter(|&i| {
                !elems[i].discardable
                    && (elems[i].kind == ElemKind::Block
                        || i == 0
                        || elems[i - 1].kind != ElemKind::Line)
            })
            .collect();
        let mut budget = 400;
        loop {
            let Some(bad) = (checked..=placements.last().map_or(0, |p| p.page))
                .find(|&p| !self.page_extracts_in_order(elems, &placements, p, first, section))
            else {
                return placements;
            };
            let on_page: Vec<usize> = placements
                .iter()
                .filter(|p| p.page == bad && starts.contains(&p.elem))
                .map(|p| p.elem)
                .collect();
            let mut fixed = false;
            for &e in on_page.iter().skip(1) {
                if budget == 0 {
                    break;
                }
                budget -= 1;
                extra[e] += self.frame.grid;
                let trial = flow::place(elems, &extra, &self.frame, top, true);
                let pages = |p: &[flow::Placement]| p.last().map_or(0, |l| l.page);
                // a mend must not cost a page
                if pages(&trial) <= pages(&placements)
                    && self.page_extracts_in_order(elems, &trial, bad, first, section)
                {
                    placements = trial;
                    fixed = true;
                    break;
                }
                extra[e] -= self.frame.grid;
            }
            if std::env::var_os("BROCHURE_DEBUG_ORDER").is_some() {
                eprintln!(
                    "page {} (flow page {bad}): fixed {fixed}, candidates {}",
                    first + bad + 1,
                    on_page.len()
                );
            }
            // a page that cannot be mended is left as it is; the next ones are still checked
            checked = bad + 1;
        }
    }

    /// Whether page `page` of a flow (with its opener and furniture) extracts in order.
    fn page_extracts_in_order(
        &self,
        elems: &[Elem],
        placements: &[flow::Placement],
        page: usize,
        first: usize,
        section: &Option<(u32, String)>,
    ) -> bool {
        let mut boxes = Vec::new();
        let abs = first + page;
        if let Some(p) = self.pages.get(abs) {
            text_boxes(&p.items, &mut boxes);
        }
        let mut items = Vec::new();
        for pl in placements.iter().filter(|p| p.page == page) {
            let x0 = self.frame.column_x(pl.column);
            for item in &elems[pl.elem].items {
                items.push(offset(item, x0, pl.y));
            }
        }
        text_boxes(&items, &mut boxes);
        let mut furniture = Vec::new();
        self.furniture_for(abs, section, &mut furniture);
        text_boxes(&furniture, &mut boxes);
        extract::order_is_kept(&boxes)
    }

    fn cover(&mut self) {
        let p = self.new_page(None);
        let f = self.frame;
        let (w, h) = (f.page.trim_width, f.page.trim_height);
        let s = self.doc.settings.clone();
        let field_h = h * 0.62;
        let mut items = vec![Item::Fill {
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w,
                h: field_h,
            },
            color: self.styles.brand,
            bleeds: true,
        }];
        // a lighter band as a design accent
        items.push(Item::Fill {
            rect: Rect {
                x: 0.0,
                y: field_h,
                w,
                h: 6.0,
            },
            color: self.styles.tint,
            bleeds: true,
        });
        let white = Rgb(255, 255, 255);
        // the cover's type scales with the page: A4 as designed, smaller pages less
        let k = (w / (210.0 * MM)).min(1.0);
        let title_st = TextStyle {
            face: Face::Bold,
            size: 34.0 * k,
            leading: 40.0 * k,
            color: white,
            align: Align::Start,
            hyphenate: false,
        };
        let tb = self.block("cover-title", Role::Title);
        let title = vec![Inline::Str(s.title.clone())];
        let title_w = f.width * 0.85;
        let (size, leading) = self.styles.fit(14.0 * k, 19.0 * k);
        let sub_st = TextStyle {
            face: Face::Regular,
            size,
            leading,
            ..title_st
        };
        // the title block sits at the foot of the colour field, subtitle under it
        let n_title = self
            .typeset(&self.para(&title, &title_st), &title_st, title_w)
            .lines
            .len();
        let subtitle = vec![Inline::Str(s.subtitle.clone())];
        let n_sub = if s.subtitle.is_empty() {
            0
        } else {
            self.typeset(&self.para(&subtitle, &sub_st), &sub_st, title_w)
                .lines
                .len()
        };
        let block_h = n_title as f32 * title_st.leading
            + if n_sub > 0 {
                10.0 + n_sub as f32 * sub_st.leading
            } else {
                0.0
            };
        let mut y = field_h - 18.0 * MM - block_h;
        items.push(Item::Fill {
            rect: Rect {
                x: f.left,
                y: y - 18.0,
                w: 60.0,
                h: 4.0,
            },
            color: white,
            bleeds: false,
        });
        y += self.stack(
            &title,
            &title_st,
            title_w,
            f.left,
            y,
            Role::Title,
            Some(tb),
            &mut items,
        );
        if n_sub > 0 {
            let sb = self.block("cover-subtitle", Role::P);
            self.stack(
                &subtitle,
                &sub_st,
                title_w,
                f.left,
                y + 10.0,
                Role::P,
                Some(sb),
                &mut items,
            );
        }
        let pub_st = TextStyle {
            face: Face::Bold,
            size: 16.0,
            leading: 20.0,
            color: self.styles.brand,
            align: Align::Start,
            hyphenate: false,
        };
        let pb = self.block("cover-publisher", Role::P);
        self.stack(
            &[Inline::Str(s.publisher.clone())],
            &pub_st,
            f.width,
            f.left,
            h - 40.0 * MM,
            Role::P,
            Some(pb),
            &mut items,
        );
        let ed_st = TextStyle {
            face: Face::Regular,
            size: self.styles.fit(10.0, 20.0).0,
            color: Rgb(0x55, 0x55, 0x55),
            ..pub_st
        };
        let eb = self.block("cover-edition", Role::P);
        let edition = self.doc.language.format_date(s.edition_date);
        self.stack(
            &[Inline::Str(edition)],
            &ed_st,
            f.width,
            f.left,
            h - 40.0 * MM + 24.0,
            Role::P,
            Some(eb),
            &mut items,
        );
        self.pages[p].items = items;
    }

    fn inside_cover(&mut self) {
        if self.doc.front.is_empty() {
            return;
        }
        let p = self.new_page(None);
        let mut elems = Vec::new();
        let front = self.doc.front.clone();
        for b in &front {
            self.block_elems(b, &mut elems);
        }
        let top = self.frame.top;
        self.place_flow(elems, p, top, None, None);
    }

    /// The last page of a numbered section and the y below its content, if
    /// the document has reached the sections.
    fn free_from(&self) -> Option<(usize, f32)> {
        let p = self.pages.len().checked_sub(1)?;
        self.section_of_page[p].as_ref()?;
        let bottom = self.pages[p]
            .items
            .iter()
            .map(|i| match i {
                Item::Text { y, run, .. } => y + run.size * 0.3,
                Item::Fill { rect, .. } | Item::Image { rect, .. } | Item::Link { rect, .. } => {
                    rect.y + rect.h
                }
            })
            .fold(self.frame.top, f32::max);
        Some((p, self.frame.top + self.frame.snap(bottom - self.frame.top)))
    }

    fn section(&mut self, s: &model::Section) {
        let label = Some((s.number, s.title.clone()));
        let f = self.frame;
        // without a new page per section, the opener follows the previous
        // section on its last page when a third of the page is still free
        let (first, start) = match self.free_from() {
            Some((p, y))
                if !self.doc.settings.sections_start_new_page
                    && f.bottom - y > f.height() / 3.0 =>
            {
                (p, y + 2.0 * f.grid)
            }
            _ => (self.new_page(label.clone()), f.top),
        };
        let mut items = Vec::new();
        self.fallback.set(s.origin == model::Origin::Fallback);
        let nb = self.block(&format!("{}-number", s.id), Role::H1);
        let num_st = self.styles.section_number;
        let mut y = start;
        self.stack(
            &[Inline::Str(s.number.to_string())],
            &num_st,
            f.width,
            f.left,
            y,
            Role::H1,
            Some(nb),
            &mut items,
        );
        if s.origin == model::Origin::Fallback {
            // a draft's untranslated section says so beside its number, in
            // the document's language (furniture: not part of the text)
            let number_width = self.ts.measure(
                &self
                    .para(&[Inline::Str(s.number.to_string())], &num_st)
                    .runs,
            );
            let st = TextStyle {
                face: Face::Bold,
                size: 10.0,
                color: self.styles.draft,
                ..self.styles.furniture
            };
            self.fallback.set(false);
            let baseline = y + num_st.size * 0.72;
            self.line_at(
                &self.doc.language.draft,
                &st,
                f.left + number_width + 14.0,
                baseline - st.size * 0.76,
                &mut items,
            );
            self.fallback.set(true);
        }
        y += num_st.size * 1.0 + 6.0;
        let tb = self.block(&s.id, Role::H1);
        let title_st = self.styles.section_title;
        y += self.stack(
            &[Inline::Str(s.title.clone())],
            &title_st,
            f.width * 0.9,
            f.left,
            y,
            Role::H1,
            Some(tb),
            &mut items,
        );
        y += 6.0;
        items.push(Item::Fill {
            rect: Rect {
                x: f.left,
                y,
                w: 60.0,
                h: 3.0,
            },
            color: self.styles.brand,
            bleeds: false,
        });
        y += 14.0;
        if let Some(lead) = &s.lead {
            let lb = self.block(&format!("{}-lead", s.id), Role::Lead);
            let st = self.styles.section_lead;
            y += self.stack(
                lead,
                &st,
                f.width * 0.92,
                f.left,
                y,
                Role::Lead,
                Some(lb),
                &mut items,
            );
        }
        let body_top = f.top + f.snap(y - f.top + f.grid);
        let top_of_section = start;
        self.pages[first].items.extend(items);
        self.outline.push(OutlineEntry {
            title: format!("{}  {}", s.number, s.title),
            page: first,
            y: top_of_section,
            children: Vec::new(),
        });
        let parent = self.outline.len() - 1;
        let mut elems = Vec::new();
        self.fallback.set(false);
        for b in &s.blocks {
            self.block_elems(b, &mut elems);
        }
        self.place_flow(elems, first, body_top, label, Some(parent));
    }

    /// The reference list: a titled back-matter section in two columns of
    /// small type with hanging numbers; a reference not yet known prints as
    /// its number with the language's notice, so the gap stays visible.
    fn references(&mut self) {
        let f = self.frame;
        let title = self.doc.language.references.clone();
        let label = Some((0, title.clone()));
        // where sections run on (handouts), so does the list, when a third
        // of the last section's page is still free
        let run_on = match self.free_from() {
            Some((p, y))
                if !self.doc.settings.sections_start_new_page
                    && f.bottom - y > f.height() / 3.0 =>
            {
                Some((p, y + 2.0 * f.grid))
            }
            _ => None,
        };
        let (first, start) = match run_on {
            Some(at) => at,
            None => {
                let p = self.new_page(None);
                self.section_of_page[p] = None;
                (p, f.top)
            }
        };
        let mut items = Vec::new();
        let tb = self.block("references", Role::H1);
        let title_st = self.styles.section_title;
        let h = self.stack(
            &[Inline::Str(title.clone())],
            &title_st,
            f.width,
            f.left,
            start,
            Role::H1,
            Some(tb),
            &mut items,
        );
        self.pages[first].items.extend(items);
        self.outline.push(OutlineEntry {
            title: title.clone(),
            page: first,
            y: start,
            children: Vec::new(),
        });
        let (size, leading) = self.styles.fit(7.6, 10.0);
        let st = TextStyle {
            face: Face::Regular,
            size,
            leading,
            color: self.styles.body.color,
            align: Align::Start,
            hyphenate: true,
        };
        let num_st = TextStyle {
            face: Face::Bold,
            color: self.styles.brand,
            ..st
        };
        let missing = self.doc.language.reference_missing.clone();
        let hang = 16.0 * (st.size / 7.6);
        let w = f.column_width() - hang;
        let mut elems = Vec::new();
        let refs = self.doc.references.clone();
        for r in &refs {
            let id = format!("ref-{}", r.number);
            let block = self.block(&id, Role::Reference);
            let text: Vec<Inline> = match r.entry() {
                Some(e) => reference_text(e),
                None => vec![Inline::Emph(vec![Inline::Str(missing.clone())])],
            };
            let p = self.para(&text, &st);
            let lay = self.typeset(&p, &st, w);
            let n = lay.lines.len();
            for (i, line) in lay.lines.iter().enumerate() {
                let mut its = Vec::new();
                if i == 0 {
                    let np = self.para(&[Inline::Str(r.number.to_string())], &num_st);
                    let nw = self.ts.measure(&np.runs);
                    if let Some(nl) = self.typeset(&np, &num_st, hang).lines.first() {
                        self.line_items(
                            nl,
                            &np,
                            hang - 4.0 - nw,
                            st.size * 0.9,
                            Role::Reference,
                            Some(block),
                            &mut its,
                        );
                    }
                }
                self.line_items(
                    line,
                    &p,
                    hang,
                    st.size * 0.9,
                    Role::Reference,
                    Some(block),
                    &mut its,
                );
                elems.push(Elem {
                    kind: ElemKind::Line,
                    height: st.leading,
                    items: its,
                    keep_with_next: i + 1 < n,
                    ..Elem::default()
                });
            }
            elems.push(Elem::space(2.0));
        }
        let top = start + f.snap(h + 14.0);
        self.place_flow(elems, first, top, label, None);
        // a page the list shares with a section keeps that section's footer
        for i in first + usize::from(run_on.is_some())..self.pages.len() {
            self.section_of_page[i] = Some((0, title.clone()));
        }
    }

    /// Points every citation link at its entry in the reference list (or
    /// drops it when the list has no such entry).
    fn resolve_reference_links(&mut self) {
        let mut at = std::collections::HashMap::new();
        for (p, page) in self.pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text {
                    y,
                    block: Some(b),
                    role: Role::Reference,
                    ..
                } = item
                    && let Some(n) = self.blocks[*b as usize]
                        .id
                        .strip_prefix("ref-")
                        .and_then(|n| n.parse::<u32>().ok())
                {
                    at.entry(n).or_insert((p, y - 10.0));
                }
            }
        }
        for page in &mut self.pages {
            page.items.retain_mut(|item| match item {
                Item::Link {
                    target: LinkTarget::Internal { page, y },
                    ..
                } if *page == REFERENCE_PAGE => match at.get(&(*y as u32)) {
                    Some(&(p, ty)) => {
                        *page = p;
                        *y = ty.max(0.0);
                        true
                    }
                    None => false,
                },
                _ => true,
            });
        }
    }

    fn toc(&mut self, page: usize, entries: &[(Option<u32>, String, usize)]) {
        let f = self.frame;
        let mut items = Vec::new();
        let head = TextStyle {
            face: Face::Bold,
            size: 24.0,
            leading: 28.0,
            color: self.styles.brand,
            align: Align::Start,
            hyphenate: false,
        };
        let hb = self.block("toc", Role::H1);
        let contents = self.doc.language.contents.clone();
        let mut y = f.top;
        y += self.stack(
            &[Inline::Str(contents)],
            &head,
            f.width,
            f.left,
            y,
            Role::H1,
            Some(hb),
            &mut items,
        );
        y += 28.0;
        let (size, leading) = self.styles.fit(12.0, 16.0);
        let st = TextStyle {
            face: Face::Regular,
            size,
            leading,
            color: self.styles.body.color,
            align: Align::Start,
            hyphenate: false,
        };
        let num_st = TextStyle {
            face: Face::Bold,
            color: self.styles.brand,
            ..st
        };
        for (n, title, target) in entries {
            let top = y;
            let eb = self.block(&format!("toc-{}", target + 1), Role::TocEntry);
            self.stack(
                &[Inline::Str(n.map(|n| n.to_string()).unwrap_or_default())],
                &num_st,
                30.0,
                f.left,
                y,
                Role::TocEntry,
                Some(eb),
                &mut items,
            );
            let h = self.stack(
                &[Inline::Str(title.clone())],
                &st,
                f.width - 90.0,
                f.left + 30.0,
                y,
                Role::TocEntry,
                Some(eb),
                &mut items,
            );
            let pn = (target + 1).to_string();
            let pst = TextStyle {
                align: Align::End,
                ..st
            };
            self.stack(
                &[Inline::Str(pn)],
                &pst,
                50.0,
                f.left + f.width - 50.0,
                y + h - st.size,
                Role::TocEntry,
                Some(eb),
                &mut items,
            );
            items.push(Item::Link {
                rect: Rect {
                    x: f.left,
                    y: top - 2.0,
                    w: f.width,
                    h: h + 4.0,
                },
                target: LinkTarget::Internal {
                    page: *target,
                    y: f.top,
                },
            });
            y += h + 12.0;
            items.push(Item::Fill {
                rect: Rect {
                    x: f.left + 30.0,
                    y: y - 6.5,
                    w: f.width - 30.0,
                    h: 0.4,
                },
                color: Rgb(0xcc, 0xcc, 0xcc),
                bleeds: false,
            });
        }
        self.pages[page].items.extend(items);
    }

    /// Running header, footer and page numbers on every page but the cover.
    fn furniture(&mut self) {
        for i in 1..self.pages.len() {
            let mut items = Vec::new();
            let section = self.section_of_page[i].clone();
            self.furniture_for(i, &section, &mut items);
            self.pages[i].label = Some((i + 1).to_string());
            self.pages[i].items.extend(items);
        }
        if let Some(p) = self.pages.first_mut() {
            p.label = Some("1".into());
        }
    }

    /// The furniture of page `i` (zero-based): page number, section label, running header.
    fn furniture_for(&self, i: usize, section: &Option<(u32, String)>, items: &mut Vec<Item>) {
        if i == 0 {
            return;
        }
        let f = self.frame;
        let st = self.styles.furniture;
        let number = (i + 1).to_string();
        let odd = i.is_multiple_of(2); // index 0 is page 1
        let footer_y = f.bottom + 12.0 * MM - 8.0;
        let pst = TextStyle {
            face: Face::Bold,
            color: self.styles.brand,
            ..st
        };
        let nw = self
            .ts
            .measure(&self.para(&[Inline::Str(number.clone())], &pst).runs);
        let nx = if odd { f.left + f.width - nw } else { f.left };
        self.line_at(&number, &pst, nx, footer_y, items);
        let Some((n, t)) = section else { return };
        let text = if *n == 0 {
            t.clone()
        } else {
            format!("{n}  {t}")
        };
        let tw = self
            .ts
            .measure(&self.para(&[Inline::Str(text.clone())], &st).runs);
        let tx = if odd {
            f.left + f.width - nw - 14.0 - tw
        } else {
            f.left + nw + 14.0
        };
        self.line_at(&text, &st, tx, footer_y, items);
        let title = &self.doc.settings.title;
        let hw = self
            .ts
            .measure(&self.para(&[Inline::Str(title.clone())], &st).runs);
        let hx = if odd { f.left + f.width - hw } else { f.left };
        self.line_at(title, &st, hx, f.top - 10.0 * MM, items);
        items.push(Item::Fill {
            rect: Rect {
                x: f.left,
                // the rule sits 4.5 pt below the running header's type
                y: f.top - 10.0 * MM + (st.size + 4.5),
                w: f.width,
                h: 0.4,
            },
            color: Rgb(0xbb, 0xbb, 0xbb),
            bleeds: false,
        });
    }

    /// One line of furniture text with its top at `top`.
    fn line_at(&self, text: &str, st: &TextStyle, x: f32, top: f32, items: &mut Vec<Item>) {
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

/// The URL as printed: without the scheme's `https://` noise kept (the guide prints it in full).
fn display_url(url: &str) -> String {
    url.to_string()
}

/// The rectangle a run covers on a line at (x, baseline).
fn run_rect(run: &GlyphRun, line: &Line, x: f32, baseline: f32) -> Option<Rect> {
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

/// An item moved by (dx, dy).
fn offset(item: &Item, dx: f32, dy: f32) -> Item {
    let mv = |r: &Rect| Rect {
        x: r.x + dx,
        y: r.y + dy,
        ..*r
    };
    match item {
        Item::Text {
            x,
            y,
            line_width,
            run,
            color,
            role,
            block,
        } => Item::Text {
            x: x + dx,
            y: y + dy,
            line_width: *line_width,
            run: run.clone(),
            color: *color,
            role: *role,
            block: *block,
        },
        Item::Fill {
            rect,
            color,
            bleeds,
        } => Item::Fill {
            rect: mv(rect),
            color: *color,
            bleeds: *bleeds,
        },
        Item::Image {
            rect,
            image,
            alt,
            block,
        } => Item::Image {
            rect: mv(rect),
            image: *image,
            alt: alt.clone(),
            block: *block,
        },
        Item::Link { rect, target } => Item::Link {
            rect: mv(rect),
            target: target.clone(),
        },
    }
}

/// The text boxes of items, in order, for the reading-order guard.
fn text_boxes(items: &[Item], out: &mut Vec<extract::TextBox>) {
    for item in items {
        if let Item::Text {
            x, y, run, role, ..
        } = item
        {
            let (Some(a), Some(b)) = (run.glyphs.first(), run.glyphs.last()) else {
                continue;
            };
            out.push(extract::TextBox {
                x0: x + a.x,
                x1: x + b.x + b.advance,
                base: *y,
                size: run.size,
                // furniture and photo captions float: their place in the order does not matter
                artifact: matches!(role, Role::Artifact | Role::Caption),
            });
        }
    }
}

/// The printed form of a known reference: authors. title. container year;volume:pages. doi/url.
fn reference_text(e: &model::Entry) -> Vec<Inline> {
    let mut t = vec![Inline::Str(format!(
        "{}. {}. ",
        e.authors.join(", "),
        e.title
    ))];
    t.push(Inline::Emph(vec![Inline::Str(e.container.clone())]));
    let mut tail = format!(" {}", e.year);
    if let Some(v) = &e.volume {
        tail.push_str(&format!(";{v}"));
    }
    if let Some(p) = &e.pages {
        tail.push_str(&format!(":{p}"));
    }
    tail.push_str(". ");
    t.push(Inline::Str(tail));
    if let Some(doi) = &e.doi {
        let url = format!("https://doi.org/{doi}");
        t.push(Inline::Link {
            content: vec![Inline::Str(url.clone())],
            url,
        });
    } else if let Some(url) = &e.url {
        t.push(Inline::Link {
            content: vec![Inline::Str(url.clone())],
            url: url.clone(),
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_of_known_dates() {
        assert_eq!(unix_days(1970, 1, 1), 0);
        assert_eq!(unix_days(2024, 12, 1), 20058);
    }
}
