//! Placing a flow of elements on pages: columns, outline marks and the
//! photo that must not be left alone on a flow's last page.

use super::flow::{self, Elem};
use super::*;

impl Layouter<'_> {
    /// Places a flow of elements from page `first` on, starting at `top`.
    pub(super) fn place_flow(
        &mut self,
        mut elems: Vec<Elem>,
        first: usize,
        top: f32,
        section: Option<Part>,
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
}

/// An item moved by (dx, dy).
pub(super) fn offset(item: &Item, dx: f32, dy: f32) -> Item {
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
            lang,
        } => Item::Text {
            x: x + dx,
            y: y + dy,
            line_width: *line_width,
            run: run.clone(),
            color: *color,
            role: *role,
            block: *block,
            lang: lang.clone(),
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
