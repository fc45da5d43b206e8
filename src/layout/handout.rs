//! The short cover of a handout (`build --only`): a band in the brand
//! colour across the top of the first page, bleeding off three edges, with
//! the brochure's title as a kicker and the titles of the chosen parts; the
//! publisher and edition date under it; then the front matter the handout
//! carries (always the disclaimer), flowing in columns on the same page, and
//! the first section under it when a third of the page is still free.

use super::geometry::MM;
use super::style::{Face, TextStyle};
use super::{Item, Layouter, Part, Rect, Role};
use crate::model::Inline;
use crate::model::Rgb;
use crate::model::handout::Handout;
use crate::text::Align;

impl Layouter<'_> {
    /// The handout's first page: its cover band, then the front matter.
    pub(super) fn handout_cover(&mut self, h: &Handout) {
        let p = self.new_page(None);
        let f = self.frame;
        let mut items = Vec::new();
        let band = self.handout_band(h, &mut items);
        let below = self.handout_imprint(band, &mut items);
        self.pages[p].items = items;
        let mut elems = Vec::new();
        let doc = self.doc;
        for b in &doc.front {
            self.block_elems(b, &mut elems);
        }
        let top = f.top + f.snap((below - f.top).max(0.0) + f.grid);
        self.place_flow(elems, p, top, None, None);
        // the first section may open under the front matter (see `free_from`)
        self.section_of_page[p] = Some(Part::Named(String::new()));
    }

    /// The band in the brand colour: the brochure's title as a kicker, a
    /// rule, the titles of the chosen parts; returns the band's height.
    fn handout_band(&mut self, h: &Handout, items: &mut Vec<Item>) -> f32 {
        let voice = self.voice();
        let f = self.frame;
        let s = &self.doc.settings;
        let white = Rgb(255, 255, 255);
        let (size, leading) = self.styles.fit(10.0, 13.0);
        let kicker = TextStyle {
            face: Face::Bold,
            size,
            leading,
            color: white,
            align: Align::Start,
            hyphenate: false,
        };
        let (size, leading) = self.styles.fit(24.0, 29.0);
        let title_st = TextStyle {
            size,
            leading,
            ..kicker
        };
        let mut y = f.top.min(18.0 * MM);
        let kb = self.block("cover-kicker", Role::P, voice);
        y += self.stack(
            &[Inline::Str(s.title.clone())],
            &kicker,
            voice,
            f.width,
            f.left,
            y,
            Role::P,
            Some(kb),
            items,
        );
        y += 5.0 * MM;
        items.push(Item::Fill {
            rect: Rect {
                x: f.left,
                y,
                w: 40.0,
                h: 3.0,
            },
            color: white,
            bleeds: false,
        });
        y += 3.0 + 5.0 * MM;
        for (i, t) in h.titles.iter().enumerate() {
            if i > 0 {
                y += 4.0;
            }
            let tb = self.block(&format!("cover-title-{}", i + 1), Role::Title, voice);
            y += self.stack(
                &[Inline::Str(t.clone())],
                &title_st,
                voice,
                f.width,
                f.left,
                y,
                Role::Title,
                Some(tb),
                items,
            );
        }
        let band = y + 10.0 * MM;
        items.insert(
            0,
            Item::Fill {
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: f.page.trim_width,
                    h: band,
                },
                color: self.styles.brand,
                bleeds: true,
            },
        );
        band
    }

    /// The publisher and edition date under the band; returns the y below them.
    fn handout_imprint(&mut self, band: f32, items: &mut Vec<Item>) -> f32 {
        let voice = self.voice();
        let f = self.frame;
        let s = &self.doc.settings;
        let line_st = self.styles.ragged_text(10.0, 13.0);
        let pb = self.block("cover-publisher", Role::P, voice);
        let line = format!(
            "{} · {}",
            s.publisher,
            self.doc.language.format_date(s.edition_date)
        );
        let mut below = band + 6.0 * MM;
        below += self.stack(
            &[Inline::Strong(vec![Inline::Str(line)])],
            &line_st,
            voice,
            f.width,
            f.left,
            below,
            Role::P,
            Some(pb),
            items,
        );
        below
    }
}
