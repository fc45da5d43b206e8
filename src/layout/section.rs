//! Numbered sections: the opener (number, title, rule, lead) set across
//! the columns, then the section's body as a flow.

use super::style::{Face, TextStyle};
use super::*;
use crate::model::{self, Inline};

impl Layouter<'_> {
    /// The last page of a numbered section and the y below its content, if
    /// the document has reached the sections.
    pub(super) fn free_from(&self) -> Option<(usize, f32)> {
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

    /// Where the next part runs on when parts need not start a new page:
    /// two grid steps under the last section's content, when a third of its
    /// page is still free.
    pub(super) fn run_on(&self) -> Option<(usize, f32)> {
        let f = self.frame;
        match self.free_from() {
            Some((p, y))
                if !self.doc.settings.sections_start_new_page
                    && f.bottom - y > f.height() / 3.0 =>
            {
                Some((p, y + 2.0 * f.grid))
            }
            _ => None,
        }
    }

    /// A numbered section: its opener, then its body in columns.
    pub(super) fn section(&mut self, s: &model::Section) {
        let label = Some(Part::Section(s.number, s.title.clone()));
        let f = self.frame;
        // without a new page per section, the opener follows the previous
        // section on its last page when a third of the page is still free
        let (first, start) = match self.run_on() {
            Some(at) => at,
            None => (self.new_page(label.clone()), f.top),
        };
        let mut items = Vec::new();
        let y = self.opener(s, start, &mut items);
        let body_top = f.top + f.snap(y - f.top + f.grid);
        self.pages[first].items.extend(items);
        self.outline.push(OutlineEntry {
            title: format!("{}  {}", s.number, s.title),
            page: first,
            y: start,
            children: Vec::new(),
        });
        let parent = self.outline.len() - 1;
        let mut elems = Vec::new();
        for b in &s.blocks {
            self.block_elems(b, &mut elems);
        }
        self.place_flow(elems, first, body_top, label, Some(parent));
    }

    /// The opener of a section from `start` down: number (with a draft's
    /// notice beside it), title, a short rule and the lead; returns the y
    /// below it.
    fn opener(&mut self, s: &model::Section, start: f32, items: &mut Vec<Item>) -> f32 {
        let f = self.frame;
        let voice = self.voice_of(s.origin);
        // number and title are one heading: one block, so one `H1`
        let tb = self.block(&s.id, Role::H1, voice);
        let num_st = self.styles.section_number;
        let mut y = start;
        self.stack(
            &[Inline::Str(s.number.to_string())],
            &num_st,
            voice,
            f.width,
            f.left,
            y,
            Role::H1,
            Some(tb),
            items,
        );
        if s.origin == model::Origin::Untranslated {
            // a draft's untranslated section says so beside its number, in
            // the document's language: a block of its own, read after the
            // heading
            let number_width = self.ts.measure(
                &self
                    .para(&[Inline::Str(s.number.to_string())], &num_st, voice)
                    .runs,
            );
            let st = TextStyle {
                face: Face::Bold,
                size: 10.0,
                color: self.styles.draft,
                ..self.styles.furniture
            };
            let baseline = y + num_st.size * 0.72;
            let nb = self.notice_block(&format!("{}-draft", s.id));
            self.line_at(
                &self.doc.language.draft,
                &st,
                (f.left + number_width + 14.0, baseline - st.size * 0.76),
                (Role::P, Some(nb)),
                items,
            );
        }
        y += num_st.size * 1.0 + 6.0;
        let title_st = self.styles.section_title;
        y += self.stack(
            &[Inline::Str(s.title.clone())],
            &title_st,
            voice,
            f.width * 0.9,
            f.left,
            y,
            Role::H1,
            Some(tb),
            items,
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
            let lb = self.block(&format!("{}-lead", s.id), Role::Lead, voice);
            let st = self.styles.section_lead;
            y += self.stack(
                lead,
                &st,
                voice,
                f.width * 0.92,
                f.left,
                y,
                Role::Lead,
                Some(lb),
                items,
            );
        }
        y
    }
}
