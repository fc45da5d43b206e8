//! Block elements: each kind of body block (heading, paragraph, list, box,
//! statement, photo, notice) as the elements of a flow, one function a kind.

use super::flow::{Elem, ElemKind, OutlineMark};
use super::paragraphs::Voice;
use super::style::TextStyle;
use super::*;
use crate::model::{self, BlockKind, Inline, Photo};

impl Layouter<'_> {
    /// Elements of one block, set in its voice (a draft's untranslated block
    /// in the source language's).
    pub(super) fn block_elems(&mut self, b: &model::Block, out: &mut Vec<Elem>) {
        let start = out.len();
        self.block_kind_elems(b, out);
        if self.draft && b.origin == model::Origin::Stale {
            self.change_bars(&mut out[start..]);
        }
    }

    /// A change bar in the margin beside every element of a block that a
    /// draft shows from a translation of an older source text (stale): the
    /// reviewer sees which text to check against the new source.
    fn change_bars(&self, elems: &mut [Elem]) {
        let color = self.styles.draft;
        for e in elems.iter_mut().filter(|e| !e.discardable && !e.float) {
            e.items.push(Item::Fill {
                rect: Rect {
                    x: -7.0,
                    y: 0.0,
                    w: 2.0,
                    h: e.height,
                },
                color,
                bleeds: false,
            });
        }
    }

    /// The elements of one block by its kind.
    fn block_kind_elems(&mut self, b: &model::Block, out: &mut Vec<Elem>) {
        let voice = self.voice_of(b.origin);
        let g = self.frame.grid;
        let body = self.styles.body;
        match &b.kind {
            BlockKind::Heading { level, title, lead } => {
                self.heading_elems(*level, title, lead.as_ref(), &b.id, voice, out)
            }
            BlockKind::Paragraph(t) => {
                // paragraphs follow each other without space, the first line
                // indented, except after a heading, box or photo
                let after_para = out.last().is_some_and(|e: &Elem| e.kind == ElemKind::Line);
                // a web address on its own stays with the line that leads
                // into it ("… via deze link:")
                if after_para
                    && matches!(t.as_slice(), [Inline::Link { .. }])
                    && let Some(lead_in) = out.last_mut()
                {
                    lead_in.keep_with_next = true;
                }
                let first_indent = if after_para { body.size * 1.2 } else { 0.0 };
                let lines = Lines {
                    indent: 0.0,
                    first_indent,
                    role: Role::P,
                };
                self.paragraph_elems(t, &body, lines, &b.id, voice, out);
            }
            BlockKind::List(items) => self.list_elems(items, &b.id, voice, out),
            BlockKind::Box(paras) => self.box_elems(paras, &b.id, voice, out),
            BlockKind::Statement(t) => self.statement_elems(t, &b.id, voice, out),
            BlockKind::Photo(ph) => self.photo_elems(ph, &b.id, voice, out),
            BlockKind::Notice { title, paragraphs } => {
                let title_id = format!("{}-title", b.id);
                self.heading_elems(2, title, None, &title_id, voice, out);
                let narrow = self.styles.box_text;
                let start = out.len();
                for (i, t) in paragraphs.iter().enumerate() {
                    let id = format!("{}-{}", b.id, i + 1);
                    self.paragraph_elems(t, &narrow, Lines::body(Role::P), &id, voice, out);
                    out.push(Elem::space(g));
                }
                // a short notice (up to SHORT_NOTICE_LINES) is never split
                // across columns
                let lines = out[start..]
                    .iter()
                    .filter(|e| e.kind == ElemKind::Line)
                    .count();
                if lines <= SHORT_NOTICE_LINES {
                    let last = out.len() - 1;
                    for e in &mut out[start..last] {
                        e.keep_with_next = true;
                    }
                }
            }
        }
    }

    /// A paragraph as one element per line, with widow and orphan control.
    fn paragraph_elems(
        &mut self,
        text: &[Inline],
        st: &TextStyle,
        lines: Lines,
        id: &str,
        voice: Voice,
        out: &mut Vec<Elem>,
    ) {
        let role = lines.role;
        let block = self.block(id, role, voice);
        let width = self.frame.column_width() - lines.indent;
        let mut p = self.para(text, st, voice);
        p.first_indent = lines.first_indent;
        let lay = self.typeset_reported(id, &p, st, width);
        let n = lay.lines.len();
        for (i, line) in lay.lines.iter().enumerate() {
            let mut items = Vec::new();
            let base = self.cell_baseline();
            self.line_items(line, &p, lines.indent, base, role, Some(block), &mut items);
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

    /// A heading (level 2 or 3) with its optional lead, kept with what follows.
    pub(super) fn heading_elems(
        &mut self,
        level: u8,
        title: &[Inline],
        lead: Option<&model::Text>,
        id: &str,
        voice: Voice,
        out: &mut Vec<Elem>,
    ) {
        let (st, role) = if level == 2 {
            (self.styles.h2, Role::H2)
        } else {
            (self.styles.h3, Role::H3)
        };
        let g = self.frame.grid;
        // A heading sits clearly nearer the text it introduces than the
        // text above, the body lines around it on the grid: a level-3
        // heading half a grid step below its cell's baseline (about 1.5
        // lines of space above it, half a line below); a level-2 heading on
        // its cell's baseline, its larger size filling the cell (level-2
        // headings off the grid make pdftotext read the columns' rows
        // across, see the reading-order guard).
        let sink = if level == 2 { 0.0 } else { g * 0.5 };
        let block = self.block(id, role, voice);
        let mut items = Vec::new();
        let w = self.frame.column_width();
        let top = self.cell_baseline() + sink - st.size * 0.76;
        let mut h = self.stack(
            title,
            &st,
            voice,
            w,
            0.0,
            top,
            role,
            Some(block),
            &mut items,
        );
        if let Some(lead) = lead {
            let lb = self.block(&format!("{id}-lead"), Role::Lead, voice);
            let lst = self.styles.heading_lead;
            h += 4.0;
            let r = Role::Lead;
            h += self.stack(lead, &lst, voice, w, 0.0, top + h, r, Some(lb), &mut items);
        }
        // the next line's ascenders clear the heading's descenders
        let clear = self.styles.body.size * 0.76 + 3.0;
        let needed = top + h - self.cell_baseline() + clear;
        let height = self.frame.snap(needed);
        // a level-2 heading whose last cell is mostly empty below it gets a
        // grid step more above, so that it stays nearer the text it introduces
        let above = if level == 2 && height - needed > g * 0.5 {
            2.0 * g
        } else {
            g
        };
        out.push(Elem::space(above));
        out.push(Elem {
            height,
            items,
            keep_with_next: true,
            marks: vec![OutlineMark {
                level,
                title: Inline::plain_text(title),
            }],
            ..Elem::default()
        });
    }

    /// A bulleted list: each item a paragraph with its bullet in the indent.
    fn list_elems(&mut self, list: &[model::Text], id: &str, voice: Voice, out: &mut Vec<Elem>) {
        let body = self.styles.box_text;
        let indent = 11.0;
        for (i, t) in list.iter().enumerate() {
            let start = out.len();
            let lines = Lines {
                indent,
                first_indent: 0.0,
                role: Role::ListBody,
            };
            self.paragraph_elems(t, &body, lines, &format!("{id}-{}", i + 1), voice, out);
            // the bullet hangs in the indent of the item's first line
            let bullet_st = TextStyle {
                color: self.styles.brand,
                ..body
            };
            let bullet = self.para(&[Inline::Str("•".into())], &bullet_st, voice);
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
                            lang: None,
                        },
                    );
                }
            }
        }
        out.push(Elem::space(self.frame.grid));
    }

    /// A highlighted box: paragraphs on a tint with a bar in the brand colour.
    fn box_elems(&mut self, paras: &[model::Text], id: &str, voice: Voice, out: &mut Vec<Elem>) {
        let g = self.frame.grid;
        let w = self.frame.column_width();
        let pad = 9.0;
        let st = self.styles.box_text;
        let block = self.block(id, Role::BoxText, voice);
        let mut items = Vec::new();
        let mut y = g * 0.5;
        for (i, t) in paras.iter().enumerate() {
            if i > 0 {
                y += g * 0.5;
            }
            let p = self.para(t, &st, voice);
            let lay = self.typeset_reported(id, &p, &st, w - 2.0 * pad);
            for line in &lay.lines {
                let base = y + self.cell_baseline();
                self.line_items(line, &p, pad, base, Role::BoxText, Some(block), &mut items);
                y += g;
            }
        }
        let height = self.frame.snap(y + g * 0.5);
        let fill = |w: f32, color| Item::Fill {
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w,
                h: height - g * 0.25,
            },
            color,
            bleeds: false,
        };
        items.insert(0, fill(w, self.styles.tint));
        items.insert(1, fill(2.5, self.styles.brand));
        out.push(Elem {
            height,
            items,
            ..Elem::default()
        });
        out.push(Elem::space(g));
    }

    /// A pull-out statement between two rules, centred in its grid cells
    /// so that the space above the upper rule and under the lower one are
    /// the same.
    fn statement_elems(&mut self, t: &[Inline], id: &str, voice: Voice, out: &mut Vec<Elem>) {
        let g = self.frame.grid;
        let w = self.frame.column_width();
        let st = self.styles.statement;
        let block = self.block(id, Role::Statement, voice);
        let (rule, pad) = (1.2, 8.0);
        // the text is stacked from 0 and moved under the upper rule below
        let mut text = Vec::new();
        let role = Role::Statement;
        let h = self.stack(t, &st, voice, w, 0.0, 0.0, role, Some(block), &mut text);
        let content = rule + pad + h + pad + rule;
        // at least half a grid step of space above and below
        let height = self.frame.snap(content + g);
        let top = (height - content) / 2.0;
        let bar = |y: f32| Item::Fill {
            rect: Rect {
                x: 0.0,
                y,
                w,
                h: rule,
            },
            color: st.color,
            bleeds: false,
        };
        let mut items = vec![bar(top), bar(top + content - rule)];
        items.extend(
            text.into_iter()
                .map(|i| super::place::offset(i, 0.0, top + rule + pad)),
        );
        // in columns it floats like a photo (to a column's top or foot), so
        // that it never leaves the rest of a column empty
        out.push(Elem {
            height,
            items,
            float: self.frame.columns > 1,
            ..Elem::default()
        });
    }

    /// A photo with its caption, as a floating element.
    fn photo_elems(&mut self, ph: &Photo, id: &str, voice: Voice, out: &mut Vec<Elem>) {
        let g = self.frame.grid;
        let img = &self.doc.images[ph.image];
        let block = self.block(id, Role::Figure, voice);
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
        let cb = self.block(&format!("{id}{CAPTION_SUFFIX}"), Role::Caption, voice);
        let st = self.styles.caption;
        let (top, role) = (ih + 5.0, Role::Caption);
        let h = self.stack(
            &ph.caption,
            &st,
            voice,
            w,
            0.0,
            top,
            role,
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
}

/// The most lines a notice may have and still be kept in one column.
const SHORT_NOTICE_LINES: usize = 8;

/// How a paragraph's lines sit in the column: indents and role.
#[derive(Debug, Clone, Copy)]
struct Lines {
    /// Indent of every line (a list item's).
    indent: f32,
    /// Extra indent of the first line (a body paragraph after another).
    first_indent: f32,
    /// Structural role of the lines.
    role: Role,
}

impl Lines {
    /// Lines set full width, without indent.
    fn body(role: Role) -> Lines {
        Lines {
            indent: 0.0,
            first_indent: 0.0,
            role,
        }
    }
}
