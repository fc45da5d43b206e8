//! Block elements: each kind of body block (heading, paragraph, list, box,
//! statement, photo, notice) as elements of a flow.

use super::flow::{Elem, ElemKind, Mark};
use super::style::TextStyle;
use super::*;
use crate::model::{self, BlockKind, Inline};

impl Layouter<'_> {
    /// A paragraph as one element per line, with widow and orphan control.
    pub(super) fn paragraph_elems(
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

    pub(super) fn heading_elems(
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
    pub(super) fn block_elems(&mut self, b: &model::Block, out: &mut Vec<Elem>) {
        self.fallback.set(b.origin == model::Origin::Fallback);
        self.block_elems_inner(b, out);
        self.fallback.set(false);
    }

    pub(super) fn block_elems_inner(&mut self, b: &model::Block, out: &mut Vec<Elem>) {
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
}
