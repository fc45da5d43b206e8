//! The reference list and the citation links that point into it.

use super::flow::{Elem, ElemKind};
use super::paragraphs::*;
use super::style::{Face, TextStyle};
use super::*;
use crate::model::{self, Inline};
use crate::text::Align;

impl Layouter<'_> {
    /// The reference list: a titled back-matter section in two columns of
    /// small type with hanging numbers; a reference not yet known prints as
    /// its number with the language's notice, so the gap stays visible.
    pub(super) fn references(&mut self) {
        let f = self.frame;
        let title = self.doc.language.references.clone();
        let label = Some((0, title.clone()));
        // where sections run on (handouts), so does the list, when a third
        // of the last section's page is still free
        let run_on = match self.free_from() {
            Some((p, y))
                if !self.doc.settings.sections_start_new_page
                    && f.bottom - y > f.height() / 3.0 =>
            {
                Some((p, y + 2.0 * f.grid))
            }
            _ => None,
        };
        let (first, start) = match run_on {
            Some(at) => at,
            None => {
                let p = self.new_page(None);
                self.section_of_page[p] = None;
                (p, f.top)
            }
        };
        let mut items = Vec::new();
        let tb = self.block("references", Role::H1);
        let title_st = self.styles.section_title;
        let h = self.stack(
            &[Inline::Str(title.clone())],
            &title_st,
            f.width,
            f.left,
            start,
            Role::H1,
            Some(tb),
            &mut items,
        );
        self.pages[first].items.extend(items);
        self.outline.push(OutlineEntry {
            title: title.clone(),
            page: first,
            y: start,
            children: Vec::new(),
        });
        let (size, leading) = self.styles.fit(7.6, 10.0);
        let st = TextStyle {
            face: Face::Regular,
            size,
            leading,
            color: self.styles.body.color,
            align: Align::Start,
            hyphenate: true,
        };
        let num_st = TextStyle {
            face: Face::Bold,
            color: self.styles.brand,
            ..st
        };
        let missing = self.doc.language.reference_missing.clone();
        let hang = 16.0 * (st.size / 7.6);
        let w = f.column_width() - hang;
        let mut elems = Vec::new();
        let refs = self.doc.references.clone();
        for r in &refs {
            let id = format!("ref-{}", r.number);
            let block = self.block(&id, Role::Reference);
            let text: Vec<Inline> = match r.entry() {
                Some(e) => reference_text(e),
                None => vec![Inline::Emph(vec![Inline::Str(missing.clone())])],
            };
            let p = self.para(&text, &st);
            let lay = self.typeset(&p, &st, w);
            let n = lay.lines.len();
            for (i, line) in lay.lines.iter().enumerate() {
                let mut its = Vec::new();
                if i == 0 {
                    let np = self.para(&[Inline::Str(r.number.to_string())], &num_st);
                    let nw = self.ts.measure(&np.runs);
                    if let Some(nl) = self.typeset(&np, &num_st, hang).lines.first() {
                        self.line_items(
                            nl,
                            &np,
                            hang - 4.0 - nw,
                            st.size * 0.9,
                            Role::Reference,
                            Some(block),
                            &mut its,
                        );
                    }
                }
                self.line_items(
                    line,
                    &p,
                    hang,
                    st.size * 0.9,
                    Role::Reference,
                    Some(block),
                    &mut its,
                );
                elems.push(Elem {
                    kind: ElemKind::Line,
                    height: st.leading,
                    items: its,
                    keep_with_next: i + 1 < n,
                    ..Elem::default()
                });
            }
            elems.push(Elem::space(2.0));
        }
        let top = start + f.snap(h + 14.0);
        self.place_flow(elems, first, top, label, None);
        // a page the list shares with a section keeps that section's footer
        for i in first + usize::from(run_on.is_some())..self.pages.len() {
            self.section_of_page[i] = Some((0, title.clone()));
        }
    }

    /// Points every citation link at its entry in the reference list (or
    /// drops it when the list has no such entry).
    pub(super) fn resolve_reference_links(&mut self) {
        let mut at = std::collections::HashMap::new();
        for (p, page) in self.pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text {
                    y,
                    block: Some(b),
                    role: Role::Reference,
                    ..
                } = item
                    && let Some(n) = self.blocks[*b as usize]
                        .id
                        .strip_prefix("ref-")
                        .and_then(|n| n.parse::<u32>().ok())
                {
                    at.entry(n).or_insert((p, y - 10.0));
                }
            }
        }
        for page in &mut self.pages {
            page.items.retain_mut(|item| match item {
                Item::Link {
                    target: LinkTarget::Internal { page, y },
                    ..
                } if *page == REFERENCE_PAGE => match at.get(&(*y as u32)) {
                    Some(&(p, ty)) => {
                        *page = p;
                        *y = ty.max(0.0);
                        true
                    }
                    None => false,
                },
                _ => true,
            });
        }
    }
}

/// The printed form of a known reference: authors. title. container year;volume:pages. doi/url.
pub(super) fn reference_text(e: &model::Entry) -> Vec<Inline> {
    let mut t = vec![Inline::Str(format!(
        "{}. {}. ",
        e.authors.join(", "),
        e.title
    ))];
    t.push(Inline::Emph(vec![Inline::Str(e.container.clone())]));
    let mut tail = format!(" {}", e.year);
    if let Some(v) = &e.volume {
        tail.push_str(&format!(";{v}"));
    }
    if let Some(p) = &e.pages {
        tail.push_str(&format!(":{p}"));
    }
    tail.push_str(". ");
    t.push(Inline::Str(tail));
    if let Some(doi) = &e.doi {
        let url = format!("https://doi.org/{doi}");
        t.push(Inline::Link {
            content: vec![Inline::Str(url.clone())],
            url,
        });
    } else if let Some(url) = &e.url {
        t.push(Inline::Link {
            content: vec![Inline::Str(url.clone())],
            url: url.clone(),
        });
    }
    t
}
