//! The reading-order guard: a flow is placed so that every page extracts
//! in reading order (see [`super::extract`]).

use super::flow::{self, Elem, ElemKind};
use super::*;

impl Layouter<'_> {
    /// Places a flow so that every page extracts in reading order (see
    /// [`extract`]): where a page would not, one grid step of space is added
    /// above a block on that page, trying blocks in order until it does.
    pub(super) fn guarded_placement(
        &self,
        elems: &[Elem],
        first: usize,
        top: f32,
        section: &Option<Part>,
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
            if self.debug_order {
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
    pub(super) fn page_extracts_in_order(
        &self,
        elems: &[Elem],
        placements: &[flow::Placement],
        page: usize,
        first: usize,
        section: &Option<Part>,
    ) -> bool {
        let mut boxes = Vec::new();
        let abs = first + page;
        if let Some(p) = self.pages.get(abs) {
            text_boxes(&p.items, &mut boxes);
        }
        // the boxes where `place::offset` would move the items, without
        // copying the items (and their glyphs) to get there
        for pl in placements.iter().filter(|p| p.page == page) {
            let x0 = self.frame.column_x(pl.column);
            text_boxes_moved(&elems[pl.elem].items, x0, pl.y, &mut boxes);
        }
        let mut furniture = Vec::new();
        self.furniture_for(abs, section, &mut furniture);
        text_boxes(&furniture, &mut boxes);
        extract::order_is_kept(&boxes)
    }
}

/// The text boxes of items moved by (`dx`, `dy`) as [`super::place::offset`]
/// moves them,
/// in order.
fn text_boxes_moved(items: &[Item], dx: f32, dy: f32, out: &mut Vec<extract::TextBox>) {
    for item in items {
        if let Item::Text {
            x, y, run, role, ..
        } = item
        {
            let (Some(a), Some(b)) = (run.glyphs.first(), run.glyphs.last()) else {
                continue;
            };
            // the same sums as `offset` then `text_boxes`, so the same floats
            let (x, y) = (x + dx, y + dy);
            out.push(extract::TextBox {
                x0: x + a.x,
                x1: x + b.x + b.advance,
                base: y,
                size: run.size,
                artifact: matches!(role, Role::Artifact | Role::Caption),
            });
        }
    }
}

/// The text boxes of items, in order, for the reading-order guard.
pub(super) fn text_boxes(items: &[Item], out: &mut Vec<extract::TextBox>) {
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
