//! The table of contents: one linked entry per section and the reference list.

use super::style::{Face, TextStyle};
use super::*;
use crate::model::{Inline, Rgb};
use crate::text::Align;

/// One line of the table of contents.
pub(super) struct ContentsEntry {
    /// The section's number (none for the reference list).
    pub(super) number: Option<u32>,
    /// The section's title.
    pub(super) title: String,
    /// Zero-based index of the page it opens on.
    pub(super) page: usize,
}

impl Layouter<'_> {
    /// The table of contents on page `page`: its title, then one linked
    /// line per entry with number, title and page number.
    pub(super) fn toc(&mut self, page: usize, entries: &[ContentsEntry]) {
        let voice = self.voice();
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
        let hb = self.block("toc", Role::H1, voice);
        let contents = self.doc.language.contents.clone();
        let mut y = f.top;
        y += self.stack(
            &[Inline::Str(contents)],
            &head,
            voice,
            f.width,
            f.left,
            y,
            Role::H1,
            Some(hb),
            &mut items,
        );
        y += 28.0;
        for entry in entries {
            y = self.toc_entry(entry, y, &mut items);
        }
        self.pages[page].items.extend(items);
    }

    /// One entry at `y`, linked to its page; returns the y of the next.
    fn toc_entry(&mut self, entry: &ContentsEntry, mut y: f32, items: &mut Vec<Item>) -> f32 {
        let voice = self.voice();
        let f = self.frame;
        let (n, target) = (entry.number, &entry.page);
        let st = self.styles.ragged_text(12.0, 16.0);
        let num_st = TextStyle {
            face: Face::Bold,
            color: self.styles.brand,
            ..st
        };
        let top = y;
        let eb = self.block(&format!("toc-{}", target + 1), Role::TocEntry, voice);
        self.stack(
            &[Inline::Str(n.map(|n| n.to_string()).unwrap_or_default())],
            &num_st,
            voice,
            30.0,
            f.left,
            y,
            Role::TocEntry,
            Some(eb),
            items,
        );
        let h = self.stack(
            &[Inline::Str(entry.title.clone())],
            &st,
            voice,
            f.width - 90.0,
            f.left + 30.0,
            y,
            Role::TocEntry,
            Some(eb),
            items,
        );
        let pn = (target + 1).to_string();
        let pst = TextStyle {
            align: Align::End,
            ..st
        };
        self.stack(
            &[Inline::Str(pn)],
            &pst,
            voice,
            50.0,
            f.left + f.width - 50.0,
            y + h - st.size,
            Role::TocEntry,
            Some(eb),
            items,
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
                description: format!("{}, {} {}", entry.title, self.doc.language.page, target + 1),
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
        y
    }
}
