//! Layout: turns the document tree into pages of positioned items.
//!
//! The brochure is built page by page: the cover, the inside cover (the
//! disclaimer notices), the table of contents, then each numbered section,
//! opening on a new page with its number, title and lead set across the
//! columns, followed by its body in columns ([`flow`]). Paragraphs are
//! typeset by the text stage ([`crate::text::Typesetter`]); this module only
//! chooses styles and widths, positions the lines and adds furniture (running
//! header, footer, page numbers), links and the outline.
//!
//! The output ([`output::Document`]) keeps, for every text item, the source
//! block it came from and its structural role.

mod blocks;
mod contents;
pub mod contrast;
mod cover;
pub mod extract;
pub mod flow;
mod furniture;
pub mod geometry;
mod guard;
mod handout;
mod mirror;
pub mod output;
mod paragraphs;
mod place;
mod references;
mod section;
pub mod style;

pub use output::*;

use crate::model::edition::Edition;
use crate::model::handout::Handout;
use crate::model::{self};
use crate::text::Typesetter;
use geometry::Frame;
use style::Styles;

/// Lays out a whole document (the screen edition).
pub fn lay_out(doc: &model::Document, ts: &Typesetter) -> Document {
    lay_out_edition(doc, ts, &Edition::screen(), None)
}

/// Lays out a whole document as `edition` makes it; as a handout (its own
/// short cover with the front matter under it, no table of contents) when
/// `handout` is given.
pub fn lay_out_edition(
    doc: &model::Document,
    ts: &Typesetter,
    edition: &Edition,
    handout: Option<&Handout>,
) -> Document {
    let frame = Frame::for_edition(&doc.settings, edition);
    let styles = Styles::for_edition(&doc.settings, frame.grid, edition);
    let mut lx = Layouter {
        doc,
        ts,
        frame,
        styles,
        pages: Vec::new(),
        blocks: Vec::new(),
        outline: Vec::new(),
        section_of_page: Vec::new(),
        indent_next: 0.0,
        report: Default::default(),
        fallback: Default::default(),
    };
    let toc_page = match handout {
        Some(h) => {
            lx.handout_cover(h);
            None
        }
        None => {
            lx.cover();
            lx.inside_cover();
            let p = lx.pages.len();
            lx.new_page(None);
            Some(p)
        }
    };
    let mut toc = Vec::new();
    for s in &doc.sections {
        toc.push((Some(s.number), s.title.clone(), lx.pages.len()));
        lx.section(s);
    }
    if !doc.references.is_empty() {
        toc.push((None, doc.language.references.clone(), lx.pages.len()));
        lx.references();
    }
    lx.resolve_reference_links();
    if let Some(p) = toc_page {
        lx.toc(p, &toc);
    }
    lx.furniture();
    if doc.language.direction == model::Direction::Rtl {
        for page in &mut lx.pages {
            // a draft's page holding only untranslated text keeps the
            // source language's left-to-right layout, so that it reads
            // (and extracts) in its own direction
            let mut block_langs = page.items.iter().filter_map(|i| match i {
                Item::Text { block: Some(b), .. } => {
                    lx.blocks.get(*b as usize).map(|b| b.lang.is_some())
                }
                _ => None,
            });
            let untranslated = block_langs.next().is_some_and(|first| first)
                && block_langs.all(|fallback| fallback);
            if !untranslated {
                mirror::mirror_page(page);
            }
        }
    }
    let (y, m, d) = doc.settings.edition_date;
    Document {
        info: DocInfo {
            title: match handout {
                Some(h) => format!("{} — {}", h.titles.join(", "), doc.settings.title),
                None => doc.settings.title.clone(),
            },
            author: doc.settings.publisher.clone(),
            subject: doc.settings.subtitle.clone(),
            lang: bcp47(&doc.language.code),
            rtl: doc.language.direction == model::Direction::Rtl,
            created: std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or_else(|| unix_days(y as i64, m as i64, d as i64) * 86400),
        },
        pages: lx.pages,
        outline: lx.outline,
        images: doc
            .images
            .iter()
            .map(|i| ImageResource {
                bytes: i.bytes.clone(),
                format: i.format,
                width: i.width,
                height: i.height,
            })
            .collect(),
        blocks: lx.blocks,
        report: lx.report.into_inner(),
    }
}

/// A full language tag for a language code (`nl` → `nl-NL`).
fn bcp47(code: &str) -> String {
    match code {
        "nl" => "nl-NL".into(),
        "en" => "en-GB".into(),
        "ar" => "ar".into(),
        "hi" => "hi-IN".into(),
        c => c.into(),
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn unix_days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

struct Layouter<'a> {
    doc: &'a model::Document,
    ts: &'a Typesetter,
    frame: Frame,
    styles: Styles,
    pages: Vec<Page>,
    blocks: Vec<BlockInfo>,
    outline: Vec<OutlineEntry>,
    /// For each page, the section it belongs to (number, title).
    section_of_page: Vec<Option<(u32, String)>>,
    indent_next: f32,
    /// Quality of every justified paragraph typeset, for `--report`.
    report: std::cell::RefCell<Vec<ParagraphReport>>,
    /// Whether the block being laid out is untranslated (a draft's
    /// fallback): set in the source language's direction and marked.
    fallback: std::cell::Cell<bool>,
}

impl Layouter<'_> {
    fn new_page(&mut self, section: Option<(u32, String)>) -> usize {
        self.pages.push(Page {
            geometry: self.frame.page,
            items: Vec::new(),
            label: None,
        });
        self.section_of_page.push(section);
        self.pages.len() - 1
    }

    fn block(&mut self, id: &str, role: Role) -> u32 {
        self.blocks.push(BlockInfo {
            id: id.to_string(),
            role,
            lang: self
                .fallback
                .get()
                .then(|| bcp47(&self.doc.settings.source_language)),
        });
        (self.blocks.len() - 1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_of_known_dates() {
        assert_eq!(unix_days(1970, 1, 1), 0);
        assert_eq!(unix_days(2024, 12, 1), 20058);
    }
}
