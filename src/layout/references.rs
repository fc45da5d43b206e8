//! The reference list and the citation links that point into it.

use super::flow::{Elem, ElemKind};
use super::style::{Face, TextStyle};
use super::*;
use crate::model::{self, Inline};
use std::collections::HashMap;

/// Where a citation link goes: a page and a height on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Destination {
    /// Zero-based page index.
    page: usize,
    /// Vertical position on that page (top-left coordinates).
    y: f32,
}

/// The destination of every entry of the reference list, by its number.
pub(super) type Destinations = HashMap<u32, Destination>;

/// The two styles of the reference list: entries and their hanging numbers.
struct ListStyles {
    text: TextStyle,
    number: TextStyle,
    /// Width of the hanging indent the numbers sit in.
    hang: f32,
}

impl<'a> Layouter<'a> {
    /// The reference list: a titled back-matter section in two columns of
    /// small type with hanging numbers; a reference not yet known prints as
    /// its number with the language's notice, so the gap stays visible.
    /// Returns where each entry is, for the citation links.
    pub(super) fn references(&mut self) -> Destinations {
        let f = self.frame;
        let doc: &'a model::Document = self.doc;
        let title = doc.language.references.clone();
        let label = Some(Part::Named(title.clone()));
        // where sections run on (handouts), so does the list, when a third
        // of the last section's page is still free; not a list of one entry
        // (one run of missing ones): a single line under balanced columns
        // is read between them by text extraction (pdftotext)
        let entries = entries(&doc.references);
        let run_on = if entries.len() > 1 {
            self.run_on()
        } else {
            None
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
        let voice = self.voice();
        let tb = self.block("references", Role::H1, voice);
        let title_st = self.styles.section_title;
        let h = self.stack(
            &[Inline::Str(title.clone())],
            &title_st,
            voice,
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
        let styles = self.list_styles();
        let mut elems = Vec::new();
        let mut numbers = HashMap::new();
        for entry in entries {
            let block = self.reference_elems(&entry, &styles, &mut elems);
            numbers.insert(block, entry.numbers);
        }
        let top = start + f.snap(h + 14.0);
        self.place_flow(elems, first, top, label, None);
        // a page the list shares with a section keeps that section's footer
        for i in first + usize::from(run_on.is_some())..self.pages.len() {
            self.section_of_page[i] = Some(Part::Named(title.clone()));
        }
        self.destinations(first, &numbers)
    }

    /// The styles of the list's entries and numbers.
    fn list_styles(&self) -> ListStyles {
        // hyphenated like the body text (never in an unjustified edition)
        let text = TextStyle {
            hyphenate: self.styles.body.hyphenate,
            ..self.styles.ragged_text(8.5, 11.0)
        };
        ListStyles {
            text,
            number: TextStyle {
                face: Face::Bold,
                color: self.styles.brand,
                ..text
            },
            hang: 18.0 * (text.size / 8.5),
        }
    }

    /// One entry of the list as one element per line, its label (number or
    /// run of numbers) hanging beside its first line; returns the entry's
    /// block.
    fn reference_elems(
        &mut self,
        entry: &Entry<'_>,
        styles: &ListStyles,
        elems: &mut Vec<Elem>,
    ) -> u32 {
        let (st, num_st) = (&styles.text, &styles.number);
        let voice = self.voice();
        let (a, b) = (entry.numbers[0], entry.numbers[entry.numbers.len() - 1]);
        let (id, label) = if a == b {
            (format!("ref-{a}"), a.to_string())
        } else {
            (format!("ref-{a}-{b}"), crate::model::cite::join(&[(a, b)]))
        };
        let block = self.block(&id, Role::Reference, voice);
        let text: Vec<Inline> = match entry.known {
            Some(e) => reference_text(e),
            None => {
                let l = &self.doc.language;
                let notice = if a == b {
                    &l.reference_missing
                } else {
                    &l.references_missing
                };
                vec![Inline::Emph(vec![Inline::Str(notice.clone())])]
            }
        };
        let np = self.para(&[Inline::Str(label)], num_st, voice);
        let nw = self.ts.measure(&np.runs);
        // a run's label may be wider than the numbers' column
        let hang = styles.hang.max(nw + 4.0);
        let w = self.frame.column_width() - hang;
        let p = self.para(&text, st, voice);
        let lay = self.typeset(&p, st, w);
        let n = lay.lines.len();
        let base = st.size * 0.9;
        for (i, line) in lay.lines.iter().enumerate() {
            let mut its = Vec::new();
            if i == 0
                && let Some(nl) = self.typeset(&np, num_st, hang).lines.first()
            {
                let x = hang - 4.0 - nw;
                self.line_items(nl, &np, x, base, Role::Reference, Some(block), &mut its);
            }
            self.line_items(line, &p, hang, base, Role::Reference, Some(block), &mut its);
            elems.push(Elem {
                kind: ElemKind::Line,
                height: st.leading,
                items: its,
                keep_with_next: i + 1 < n,
                ..Elem::default()
            });
        }
        elems.push(Elem::space(2.0));
        block
    }

    /// Where each entry of the list (placed from page `first` on) begins:
    /// a little above its first line.
    fn destinations(&self, first: usize, numbers: &HashMap<u32, Vec<u32>>) -> Destinations {
        let mut at = Destinations::new();
        for (page, p) in self.pages.iter().enumerate().skip(first) {
            for item in &p.items {
                if let Item::Text {
                    y,
                    block: Some(b),
                    role: Role::Reference,
                    ..
                } = item
                    && let Some(ns) = numbers.get(b)
                {
                    for &n in ns {
                        at.entry(n).or_insert(Destination { page, y: y - 10.0 });
                    }
                }
            }
        }
        at
    }

    /// Points every citation link at its entry in the reference list (or
    /// drops it when the list has no such entry).
    pub(super) fn resolve_reference_links(&mut self, at: &Destinations) {
        for page in &mut self.pages {
            page.items.retain_mut(|item| match item {
                Item::Link { target, .. } => match *target {
                    LinkTarget::Reference(n) => match at.get(&n) {
                        Some(d) => {
                            *target = LinkTarget::Internal {
                                page: d.page,
                                y: d.y.max(0.0),
                                description: format!("{}: {n}", self.doc.language.references),
                            };
                            true
                        }
                        None => false,
                    },
                    _ => true,
                },
                _ => true,
            });
        }
    }
}

/// One entry of the printed list: a known reference, or a run of
/// consecutive references not yet known, printed as one line ("1–143" with
/// the language's notice) instead of one line each.
struct Entry<'r> {
    /// The numbers it stands for, ascending.
    numbers: Vec<u32>,
    /// The details, for a known reference.
    known: Option<&'r model::Entry>,
}

/// The printed entries of a reference list, in order.
fn entries(refs: &[model::Reference]) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    for r in refs {
        let known = r.entry();
        if let Some(last) = out.last_mut()
            && known.is_none()
            && last.known.is_none()
            && last.numbers.last().is_some_and(|&n| n + 1 == r.number)
        {
            last.numbers.push(r.number);
            continue;
        }
        out.push(Entry {
            numbers: vec![r.number],
            known,
        });
    }
    out
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
