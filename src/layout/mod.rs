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
//! The output ([`output::LaidOut`]) keeps, for every text item, the source
//! block it came from and its structural role.
//!
//! One file a job: `cover.rs` and `handout.rs` (covers), `contents.rs`,
//! `section.rs` (openers), `blocks.rs` (body blocks as flow elements),
//! `paragraphs.rs` (inline content to runs to positioned lines, in a
//! block's voice: language, direction, colour), `references.rs` (the list
//! and the citation links into it), `furniture.rs`, `place.rs` (a flow on
//! pages), `guard.rs` and `extract.rs` (the reading-order guard); this file
//! holds the entry points and the state of one run. What comes from the
//! environment (the creation date, debugging) comes in as [`Options`].

mod ahead;
mod blocks;
mod contents;
pub(crate) mod contrast;
mod cover;
pub(crate) mod extract;
pub(crate) mod flow;
mod furniture;
pub(crate) mod geometry;
mod guard;
mod handout;
mod mirror;
mod output;
mod paragraphs;
mod place;
mod references;
mod section;
pub(crate) mod style;

pub use guard::GuardMemo;
pub use output::*;

use crate::model::edition::{ColorModel, Edition, Imposition};
use crate::model::handout::Handout;
use crate::model::{self, date::DateTime};
use crate::text::{Asker, Typesetter};
use contents::ContentsEntry;
use geometry::Frame;
use paragraphs::Voice;
use references::Destinations;
use style::Styles;

/// What the layout takes from the run rather than from the document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Creation moment for the metadata.
    pub created: DateTime,
    /// Whether the reading-order guard reports every page it checks on stderr.
    pub debug_order: bool,
    /// Whether this is a draft: a translation's stale blocks (made from an
    /// older source text) get a change bar in the margin.
    pub draft: bool,
    /// Whether paragraphs may be set ahead on a second core (on a machine
    /// with more than one; see `ahead.rs`). The pages are the same either
    /// way.
    pub set_ahead: bool,
}

impl Options {
    /// A reproducible build's options: created at midnight of the edition
    /// date, no debugging output.
    pub fn for_document(doc: &model::Document) -> Options {
        Options {
            created: DateTime::midnight(doc.settings.edition_date),
            debug_order: false,
            draft: false,
            set_ahead: true,
        }
    }
}

/// Lays out a whole document (the screen edition).
pub fn lay_out(doc: &model::Document, ts: &Typesetter) -> LaidOut {
    let options = Options::for_document(doc);
    lay_out_edition(doc, ts, &Edition::screen(), None, &options)
}

/// Lays out a whole document as `edition` makes it; as a handout (its own
/// short cover with the front matter under it, no table of contents) when
/// `handout` is given.
pub fn lay_out_edition(
    doc: &model::Document,
    ts: &Typesetter,
    edition: &Edition,
    handout: Option<&Handout>,
    options: &Options,
) -> LaidOut {
    lay_out_timed(doc, ts, edition, handout, options).0
}

/// Time spent in two parts of one layout run, for `build --timings`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Times {
    /// Shaping and line breaking of paragraphs.
    pub shape_break: std::time::Duration,
    /// Placing each section's flow on pages under the reading-order guard
    /// (its trial placements included).
    pub guard: std::time::Duration,
}

/// [`lay_out_edition`], also returning how long shaping and breaking and
/// the reading-order guard took.
pub fn lay_out_timed(
    doc: &model::Document,
    ts: &Typesetter,
    edition: &Edition,
    handout: Option<&Handout>,
    options: &Options,
) -> (LaidOut, Times) {
    lay_out_with(doc, ts, edition, handout, options, &GuardMemo::default())
}

/// [`lay_out_timed`] with the reading-order guard's answers kept in
/// `memo`, which the caller may keep for the next layout (`brochure
/// watch`: the pages an edit did not change are not checked again).
pub fn lay_out_with(
    doc: &model::Document,
    ts: &Typesetter,
    edition: &Edition,
    handout: Option<&Handout>,
    options: &Options,
    memo: &GuardMemo,
) -> (LaidOut, Times) {
    let mut lx = Layouter::new(doc, ts, edition, options, memo, Asker::Layout);
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
    // the sections' paragraphs are set ahead on a second core, from the
    // last section back, while this thread sets and places them from the
    // first (see `ahead.rs`)
    let reached = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        if options.set_ahead && ahead::worth_it(doc) {
            scope.spawn(|| ahead::set_ahead(doc, ts, edition, options, memo, &reached));
        }
        for (i, s) in doc.sections.iter().enumerate() {
            ahead::reach(&reached, i);
            toc.push(ContentsEntry {
                number: Some(s.number),
                title: s.title.clone(),
                page: lx.pages.len(),
            });
            lx.section(s);
        }
        ahead::reach(&reached, usize::MAX);
    });
    let mut destinations = Destinations::new();
    if !doc.references.is_empty() {
        toc.push(ContentsEntry {
            number: None,
            title: doc.language.references.clone(),
            page: lx.pages.len(),
        });
        destinations = lx.references();
    }
    lx.resolve_reference_links(&destinations);
    if handout.is_none() {
        // a booklet's pages come in fours: blanks go before the back
        // cover; where two or more are needed, the colophon takes the
        // first of them (the inside back cover) as an imprint page
        let mut imprint_page = false;
        if edition.imposition == Imposition::SaddleStitch {
            let blanks = (4 - (lx.pages.len() + 1) % 4) % 4;
            imprint_page = blanks >= 2;
            for _ in 0..blanks - usize::from(imprint_page) {
                lx.new_page(None);
            }
        }
        lx.back_cover(imprint_page);
    }
    if let Some(p) = toc_page {
        lx.toc(p, &toc);
    }
    lx.furniture();
    if doc.language.direction == model::Direction::Rtl {
        lx.mirror_pages();
    }
    let times = lx.times.get();
    let laid = LaidOut {
        info: DocInfo {
            title: match handout {
                Some(h) => format!("{} — {}", h.titles.join(", "), doc.settings.title),
                None => doc.settings.title.clone(),
            },
            author: doc.settings.publisher.clone(),
            subject: doc.settings.subtitle.clone(),
            lang: bcp47(&doc.language.code),
            rtl: doc.language.direction == model::Direction::Rtl,
            created: options.created,
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
        cmyk: (edition.color == ColorModel::Cmyk).then_some(lx.styles.cmyk),
    };
    (laid, times)
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

/// What a page belongs to, for the label in its footer.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    /// A numbered section: its number and title.
    Section(u32, String),
    /// An unnumbered part with this title: the reference list, or (empty)
    /// a handout's first page, under whose front matter a section may open.
    Named(String),
}

/// The state of one layout run: the pages made so far and what they hold.
struct Layouter<'a> {
    doc: &'a model::Document,
    ts: &'a Typesetter,
    /// The reading-order guard's answers so far.
    guard_memo: &'a GuardMemo,
    frame: Frame,
    styles: Styles,
    pages: Vec<Page>,
    blocks: Vec<BlockInfo>,
    outline: Vec<OutlineEntry>,
    /// For each page, the part it belongs to (none: cover and front matter).
    section_of_page: Vec<Option<Part>>,
    /// Quality of every justified paragraph typeset, for `--report`.
    report: std::cell::RefCell<Vec<ParagraphReport>>,
    /// Whether the reading-order guard reports every page it checks on stderr.
    debug_order: bool,
    /// Whether stale blocks get a change bar (drafts).
    draft: bool,
    /// How far the covers' colour panels stay inside the trim (an edition
    /// printed on office printers, which leave an unprinted edge).
    panel_inset: f32,
    /// Pages without furniture besides the cover: the back cover and an
    /// imprint page.
    bare_pages: Vec<usize>,
    /// Time spent shaping and breaking, and in the guard, so far.
    times: std::cell::Cell<Times>,
    /// Whether this layouter makes the pages, or only sets paragraphs ahead
    /// of the one that does, on a second core (`ahead.rs`).
    asker: Asker,
}

impl<'a> Layouter<'a> {
    /// A layouter for `doc` in `edition` that has set nothing yet, asking
    /// the text engine as `asker` (`Asker::Ahead`: one that only sets
    /// paragraphs ahead of another, see `ahead.rs`).
    fn new(
        doc: &'a model::Document,
        ts: &'a Typesetter,
        edition: &Edition,
        options: &Options,
        memo: &'a GuardMemo,
        asker: Asker,
    ) -> Layouter<'a> {
        let frame = Frame::for_edition(&doc.settings, edition);
        let styles = Styles::for_edition(&doc.settings, frame.grid, edition);
        Layouter {
            doc,
            ts,
            guard_memo: memo,
            frame,
            styles,
            debug_order: options.debug_order,
            draft: options.draft,
            // office printers cannot print to the edge of the sheet
            panel_inset: if edition.imposition == Imposition::SaddleStitch {
                6.0 * geometry::MM
            } else {
                0.0
            },
            bare_pages: Vec::new(),
            pages: Vec::new(),
            blocks: Vec::new(),
            outline: Vec::new(),
            section_of_page: Vec::new(),
            report: Default::default(),
            times: Default::default(),
            asker,
        }
    }
}

impl Layouter<'_> {
    /// Adds an empty page belonging to `section`; returns its index.
    fn new_page(&mut self, section: Option<Part>) -> usize {
        self.pages.push(Page {
            geometry: self.frame.page,
            items: Vec::new(),
            label: None,
        });
        self.section_of_page.push(section);
        self.pages.len() - 1
    }

    /// Records a source block set in `voice`; returns its index.
    fn block(&mut self, id: &str, role: Role, voice: Voice) -> u32 {
        self.blocks.push(BlockInfo {
            id: id.to_string(),
            role,
            lang: voice.untranslated.then(|| bcp47(voice.lang)),
        });
        (self.blocks.len() - 1) as u32
    }

    /// Records the block of a draft's notice beside an untranslated
    /// section: text in the document's language, said so explicitly among
    /// the source language's (and, like that, set apart from the
    /// translation: it leaves its page unmirrored); returns its index.
    fn notice_block(&mut self, id: &str) -> u32 {
        self.blocks.push(BlockInfo {
            id: id.to_string(),
            role: Role::P,
            lang: Some(bcp47(self.voice().lang)),
        });
        (self.blocks.len() - 1) as u32
    }

    /// Mirrors the pages of a right-to-left document.
    fn mirror_pages(&mut self) {
        for page in &mut self.pages {
            // a draft's page holding only untranslated text keeps the
            // source language's left-to-right layout, so that it reads
            // (and extracts) in its own direction
            let mut block_langs = page.items.iter().filter_map(|i| match i {
                Item::Text { block: Some(b), .. } => {
                    self.blocks.get(*b as usize).map(|b| b.lang.is_some())
                }
                _ => None,
            });
            let untranslated = block_langs.next().is_some_and(|first| first)
                && block_langs.all(|untranslated| untranslated);
            if !untranslated {
                mirror::mirror_page(page);
            }
        }
    }
}
