//! Mirroring for right-to-left documents.
//!
//! Pages are laid out as if the language ran left to right (first column on
//! the left, start-aligned lines flush left, list bullets and box rules on the
//! left) and then mirrored as a whole about the page's vertical axis, so that
//! every layout rule exists once: columns then flow right to left, the start
//! edge is on the right and page numbers and running heads swap sides.
//!
//! Text is never mirrored glyph by glyph: the text engine already put each
//! line of a right-to-left paragraph in visual order, flush with the start of
//! its line box. A line moves as a unit: its box `[x, x + line_width]` goes
//! to `[W − x − line_width, W − x]`, which turns a flush-left line into a
//! flush-right one and carries the first-line indent to the right. A link
//! rectangle that follows a text run moves with that run's line.

use super::output::{Item, Page, Rect};

/// Mirrors every item of `page` about the vertical axis of its trim box.
pub fn mirror_page(page: &mut Page) {
    let w = page.geometry.trim_width;
    let mirror_rect = |r: &mut Rect| r.x = w - r.x - r.w;
    let mut last_shift: Option<f32> = None;
    for item in &mut page.items {
        match item {
            Item::Text { x, line_width, .. } => {
                let nx = w - *x - *line_width;
                last_shift = Some(nx - *x);
                *x = nx;
            }
            Item::Link { rect, .. } => match last_shift {
                Some(dx) => rect.x += dx,
                None => mirror_rect(rect),
            },
            Item::Fill { rect, .. } | Item::Image { rect, .. } => {
                last_shift = None;
                mirror_rect(rect);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::output::PageGeometry;
    use crate::model::Rgb;
    use crate::text::GlyphRun;

    fn text(x: f32, line_width: f32) -> Item {
        Item::Text {
            x,
            y: 100.0,
            line_width,
            run: GlyphRun {
                font: crate::text::FontId(0),
                size: 10.0,
                tag: 0,
                glyphs: Vec::new(),
            }
            .into(),
            color: Rgb(0, 0, 0),
            role: crate::layout::output::Role::P,
            block: None,
            lang: None,
        }
    }

    #[test]
    fn lines_move_as_a_whole_and_rects_flip() {
        let mut page = Page {
            geometry: PageGeometry {
                trim_width: 600.0,
                trim_height: 800.0,
                bleed: 0.0,
                slug: 0.0,
            },
            items: vec![
                text(50.0, 200.0),
                Item::Link {
                    rect: Rect {
                        x: 60.0,
                        y: 90.0,
                        w: 30.0,
                        h: 12.0,
                    },
                    target: crate::layout::output::LinkTarget::Uri("https://x.org".into()),
                },
                Item::Fill {
                    rect: Rect {
                        x: 50.0,
                        y: 0.0,
                        w: 100.0,
                        h: 10.0,
                    },
                    color: Rgb(1, 2, 3),
                    bleeds: false,
                },
            ],
            label: None,
        };
        mirror_page(&mut page);
        let Item::Text { x, .. } = &page.items[0] else {
            panic!("text expected")
        };
        // flush left at 50 with width 200 → flush right, ending 50 from the edge
        assert_eq!(*x, 350.0);
        let Item::Link { rect, .. } = &page.items[1] else {
            panic!("link expected")
        };
        // the link moved with its line (+300), not flipped
        assert_eq!(rect.x, 360.0);
        let Item::Fill { rect, .. } = &page.items[2] else {
            panic!("fill expected")
        };
        assert_eq!(rect.x, 450.0);
    }
}
