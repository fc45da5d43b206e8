//! Page furniture: running header, footer with section label, page numbers.

use super::geometry::MM;
use super::style::{Face, TextStyle};
use super::*;
use crate::model::{Inline, Rgb};

/// The role and block of furniture text: an artifact of no block.
const FURNITURE: (Role, Option<u32>) = (Role::Artifact, None);

impl Layouter<'_> {
    /// Running header, footer and page numbers on every page but the
    /// covers and blank pages.
    pub(super) fn furniture(&mut self) {
        for i in 1..self.pages.len() {
            self.pages[i].label = Some((i + 1).to_string());
            // a blank page (a booklet's padding), the imprint page and the back
            // cover are bare
            if self.pages[i].items.is_empty() || self.bare_pages.contains(&i) {
                continue;
            }
            let mut items = Vec::new();
            let section = self.section_of_page[i].clone();
            self.furniture_for(i, &section, &mut items);
            self.pages[i].items.extend(items);
        }
        if let Some(p) = self.pages.first_mut() {
            p.label = Some("1".into());
        }
    }

    /// The furniture of page `i` (zero-based): page number, section label, running header.
    pub(super) fn furniture_for(&self, i: usize, section: &Option<Part>, items: &mut Vec<Item>) {
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
        let nw = self.ts.measure(
            &self
                .para(&[Inline::Str(number.clone())], &pst, self.voice())
                .runs,
        );
        let nx = if odd { f.left + f.width - nw } else { f.left };
        self.line_at(&number, &pst, (nx, footer_y), FURNITURE, items);
        let Some(part) = section else { return };
        let text = match part {
            // a section numbered 0 is labelled by its title alone, as the
            // reference list is
            Part::Section(0, t) | Part::Named(t) => t.clone(),
            Part::Section(n, t) => format!("{n}  {t}"),
        };
        let (text, tw) = self.fit_label(text, &st, f.width - nw - 14.0);
        let tx = if odd {
            f.left + f.width - nw - 14.0 - tw
        } else {
            f.left + nw + 14.0
        };
        self.line_at(&text, &st, (tx, footer_y), FURNITURE, items);
        let (title, hw) = self.fit_label(self.doc.settings.title.clone(), &st, f.width);
        let hx = if odd { f.left + f.width - hw } else { f.left };
        self.line_at(&title, &st, (hx, f.top - 10.0 * MM), FURNITURE, items);
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

    /// A furniture label no wider than `max` (words dropped from its end
    /// and an ellipsis added, as a long section title in a large-print
    /// footer needs) and its width.
    fn fit_label(&self, text: String, st: &TextStyle, max: f32) -> (String, f32) {
        let width = |t: &str| {
            self.ts.measure(
                &self
                    .para(&[Inline::Str(t.to_string())], st, self.voice())
                    .runs,
            )
        };
        let w = width(&text);
        let words: Vec<&str> = text.split(' ').collect();
        if w <= max || words.len() <= 1 {
            return (text, w);
        }
        let shown = |k: usize| {
            format!(
                "{}\u{2026}",
                words[..k].join(" ").trim_end_matches([',', ':', ';'])
            )
        };
        // the most words that fit with the ellipsis (at least one), found by
        // bisection: a label of thousands of words is measured a dozen times,
        // not once per word
        let (mut fits, mut over) = (1, words.len());
        while over - fits > 1 {
            let mid = (fits + over) / 2;
            if width(&shown(mid)) <= max {
                fits = mid;
            } else {
                over = mid;
            }
        }
        let label = shown(fits);
        let w = width(&label);
        (label, w)
    }
}
