//! The cover (colour field, title, subtitle, publisher, edition date) and
//! the inside cover (the front matter, flowing in columns).

use super::geometry::MM;
use super::style::{Face, TextStyle};
use super::*;
use crate::model::{Inline, Rgb};
use crate::text::Align;

impl Layouter<'_> {
    /// The cover: a colour field in the brand colour with the title and
    /// subtitle at its foot, the publisher and edition date under it.
    pub(super) fn cover(&mut self) {
        let p = self.new_page(None);
        let f = self.frame;
        // the colour field fills the page down to the imprint, or, with a
        // cover image, half of it, the image filling the rest above the
        // imprint (a decorative image: an artifact, no alt text)
        let h = f.page.trim_height;
        let cover = self.doc.settings.cover_image;
        let field_h = h * if cover.is_some() { 0.5 } else { 0.72 };
        let mut items = vec![self.panel(0.0, field_h, self.styles.brand)];
        // a lighter band as a design accent
        items.push(self.panel(field_h, 6.0, self.styles.tint));
        if let Some(i) = cover {
            let img = &self.doc.images[i];
            let (top, bottom) = (field_h + 6.0 + 8.0 * MM, h - 48.0 * MM);
            let aspect = img.height as f32 / img.width.max(1) as f32;
            // the frame's width, or less to fit the height, centred
            let w = f.width.min((bottom - top).max(0.0) / aspect.max(1e-3));
            items.push(Item::Image {
                rect: Rect {
                    x: f.left + (f.width - w) / 2.0,
                    y: top,
                    w,
                    h: w * aspect,
                },
                image: i,
                alt: String::new(),
                block: None,
            });
        }
        self.cover_title(field_h, &mut items);
        self.cover_imprint(&mut items);
        self.pages[p].items = items;
    }

    /// The title block at the foot of the colour field: a short rule, the
    /// title, the subtitle under it.
    fn cover_title(&mut self, field_h: f32, items: &mut Vec<Item>) {
        let voice = self.voice();
        let f = self.frame;
        let w = f.page.trim_width;
        let s = &self.doc.settings;
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
        let tb = self.block("cover-title", Role::Title, voice);
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
            .typeset(&self.para(&title, &title_st, voice), &title_st, title_w)
            .lines
            .len();
        let subtitle = vec![Inline::Str(s.subtitle.clone())];
        let n_sub = if s.subtitle.is_empty() {
            0
        } else {
            self.typeset(&self.para(&subtitle, &sub_st, voice), &sub_st, title_w)
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
            voice,
            title_w,
            f.left,
            y,
            Role::Title,
            Some(tb),
            items,
        );
        if n_sub > 0 {
            let sb = self.block("cover-subtitle", Role::P, voice);
            self.stack(
                &subtitle,
                &sub_st,
                voice,
                title_w,
                f.left,
                y + 10.0,
                Role::P,
                Some(sb),
                items,
            );
        }
    }

    /// The publisher and the edition date near the foot of the cover.
    fn cover_imprint(&mut self, items: &mut Vec<Item>) {
        let voice = self.voice();
        let f = self.frame;
        let h = f.page.trim_height;
        let s = &self.doc.settings;
        let pub_st = TextStyle {
            face: Face::Bold,
            size: 16.0,
            leading: 20.0,
            color: self.styles.brand,
            align: Align::Start,
            hyphenate: false,
        };
        let pb = self.block("cover-publisher", Role::P, voice);
        self.stack(
            &[Inline::Str(s.publisher.clone())],
            &pub_st,
            voice,
            f.width,
            f.left,
            h - 40.0 * MM,
            Role::P,
            Some(pb),
            items,
        );
        let ed_st = TextStyle {
            face: Face::Regular,
            size: self.styles.fit(10.0, 20.0).0,
            color: Rgb(0x55, 0x55, 0x55),
            ..pub_st
        };
        let eb = self.block("cover-edition", Role::P, voice);
        let edition = self.doc.language.format_date(s.edition_date);
        self.stack(
            &[Inline::Str(edition)],
            &ed_st,
            voice,
            f.width,
            f.left,
            h - 40.0 * MM + 24.0,
            Role::P,
            Some(eb),
            items,
        );
    }

    /// A full-width colour panel from `y` down `h` points: to the trim's
    /// edges and into the bleed, or, in an edition printed on office
    /// printers, inset from the trim by [`Layouter::panel_inset`].
    fn panel(&self, y: f32, h: f32, color: Rgb) -> Item {
        let (w, th) = (self.frame.page.trim_width, self.frame.page.trim_height);
        let i = self.panel_inset;
        let top = y.max(i);
        let bottom = (y + h).min(th - i);
        Item::Fill {
            rect: Rect {
                x: i,
                y: top,
                w: w - 2.0 * i,
                h: (bottom - top).max(0.0),
            },
            color,
            bleeds: i == 0.0,
        }
    }

    /// The back cover: a colour field at its foot with the colophon from
    /// `brochure.toml`: title, publisher, web address, edition date and
    /// licence (those given). With `imprint_page`, the colophon goes on a
    /// page of its own before it (a booklet's inside back cover, which
    /// would otherwise be blank) and the back cover carries the publisher
    /// alone.
    pub(super) fn back_cover(&mut self, imprint_page: bool) {
        let f = self.frame;
        let h = f.page.trim_height;
        let k = (f.page.trim_width / (210.0 * MM)).min(1.0);
        if imprint_page {
            let p = self.new_page(None);
            self.bare_pages.push(p);
            let (text, brand) = (self.styles.body.color, self.styles.brand);
            let mut items = Vec::new();
            // at the foot of the text frame, as an imprint is
            let y = f.bottom - 60.0 * k * MM;
            self.colophon(y, text, brand, true, &mut items);
            self.pages[p].items = items;
        }
        let p = self.new_page(None);
        self.bare_pages.push(p);
        let field_y = h * 0.62;
        let mut items = vec![self.panel(field_y - 6.0, 6.0, self.styles.tint)];
        items.push(self.panel(field_y, h - field_y, self.styles.brand));
        let white = Rgb(255, 255, 255);
        let y = field_y + 18.0 * k * MM;
        self.colophon(y, white, white, !imprint_page, &mut items);
        self.pages[p].items = items;
    }

    /// The colophon from `y` down in two colours (the publisher in
    /// `accent`): all of it, or (`full` false) the publisher and web
    /// address alone.
    fn colophon(&mut self, y: f32, color: Rgb, accent: Rgb, full: bool, items: &mut Vec<Item>) {
        let f = self.frame;
        let voice = self.voice();
        let s = &self.doc.settings;
        let style = |face, size: f32, color| {
            let (size, leading) = self.styles.fit(size, size * 1.3);
            TextStyle {
                face,
                size,
                leading,
                color,
                align: Align::Start,
                hyphenate: false,
            }
        };
        let edition = self.doc.language.format_date(s.edition_date);
        let mut lines = vec![
            (
                "back-title",
                style(Face::Bold, 13.0, color),
                s.title.clone(),
                10.0,
            ),
            (
                "back-publisher",
                style(Face::Bold, 22.0, accent),
                s.publisher.clone(),
                4.0,
            ),
            (
                "back-website",
                style(Face::Regular, 11.0, color),
                s.website.clone(),
                8.0,
            ),
            (
                "back-edition",
                style(Face::Regular, 10.0, color),
                edition,
                4.0,
            ),
            (
                "back-licence",
                style(Face::Regular, 9.0, color),
                s.licence.clone(),
                0.0,
            ),
        ];
        if !full {
            lines.retain(|(id, ..)| matches!(*id, "back-publisher" | "back-website"));
        }
        let mut y = y;
        let width = f.width * 0.85;
        // the web address as text in the colophon's colour (a link would
        // take the link colour, unreadable on the brand colour)
        for (id, st, text, after) in lines.into_iter().filter(|l| !l.2.is_empty()) {
            let b = self.block(id, Role::P, voice);
            let text = [Inline::Str(text)];
            y += self.stack(&text, &st, voice, width, f.left, y, Role::P, Some(b), items);
            y += after;
        }
    }

    /// The inside cover: the front matter (the disclaimer notices) in columns.
    pub(super) fn inside_cover(&mut self) {
        if self.doc.front.is_empty() {
            return;
        }
        let p = self.new_page(None);
        let mut elems = Vec::new();
        let doc = self.doc;
        for b in &doc.front {
            self.block_elems(b, &mut elems);
        }
        let top = self.frame.top;
        self.place_flow(elems, p, top, None, None);
    }
}
