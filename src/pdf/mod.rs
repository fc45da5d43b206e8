//! PDF output: turns the layout stage's display list into PDF bytes.
//!
//! # How the work is split
//!
//! The writer runs in two passes.
//!
//! 1. **printpdf 0.12** (without its `text_layout` feature, which would pull
//!    in a whole layout engine) builds the page content. It receives our
//!    already shaped glyph ids (`Op::ShowText` with `TextItem::GlyphIds` of
//!    [`printpdf::Codepoint`]s) and writes them unchanged as two-byte codes.
//!    We never call its `save`: we take its [`lopdf::Document`] via
//!    `to_lopdf_document` instead.
//! 2. **lopdf 0.44** (the same crate printpdf uses, so the types are shared)
//!    finishes that document: the fonts (`embed.rs`: each one subset with
//!    Typst's `subsetter` in `fonts.rs`, written as `Type0`/`CIDFontType2`
//!    whose CIDs are the original glyph ids, with a `/CIDToGIDMap` to the
//!    subset's glyphs, `/W` widths and a `/ToUnicode` CMap), page boxes, link
//!    annotations, the outline,
//!    document information, XMP metadata, catalog entries, the file
//!    identifier and stream compression. Serialization is our own
//!    (`save.rs`): PDF 1.5 object streams and a compressed cross-reference
//!    stream (the structure tree's thousand small dictionaries, written
//!    plain, were a third of the file), written once, the file identifier
//!    patched in after hashing.
//!
//! # What is written by hand, and why
//!
//! * **Images** are built as raw image XObject streams
//!   ([`printpdf::XObject::External`]): printpdf's own image path decodes
//!   every picture and re-encodes it (a JPEG would be re-compressed, a PNG
//!   photo could even become a lossy JPEG). We embed JPEG bytes untouched as
//!   `/DCTDecode` and decode PNGs to 8-bit samples, compressed losslessly with
//!   Flate, with any alpha channel as an `/SMask`.
//! * **Page boxes**: printpdf writes `TrimBox` as `[x y w h]` (not
//!   `[llx lly urx ury]`) and no `BleedBox`; both are set here.
//! * **Link annotations**: written as indirect objects with `/Border [0 0 0]`,
//!   a print flag, and a `/Dest` array for internal targets (printpdf writes
//!   direct dictionaries and only page-level destinations).
//! * **Outline**: printpdf only supports a flat list of page bookmarks (and
//!   writes `/PageMode` as a string); ours is nested and points at a
//!   position on the page.
//! * **Metadata**: printpdf's Info dictionary carries PDF/X leftovers, its
//!   XMP packet has malformed dates and a random instance id, and its
//!   trailer `/ID` is random. We write Info, XMP (with `dc:language`) and an
//!   `/ID` derived from a SHA-256 of the file, so the same input always gives
//!   the same bytes.
//! * **Catalog**: `/Lang`, `/ViewerPreferences /DisplayDocTitle`,
//!   `/PageMode /UseOutlines`, `/PageLabels` (when the printed numbers differ
//!   from the sheet numbers), `/MarkInfo` and the structure tree.
//! * **Fonts**: printpdf can only subset with its `text_layout` feature, so
//!   fonts are subset and embedded here (`fonts.rs`, `embed.rs`). Keeping the
//!   original glyph ids as CIDs leaves the content stream as it is; the
//!   `/CIDToGIDMap` stream does the renumbering. Each font's resource name
//!   and `XXXXXX+` subset tag are six capital letters hashed from the font
//!   and its glyph set, so the same input gives the same bytes.
//! * **Glyph positioning**: printpdf gets one text matrix per run (or per
//!   piece of a run, see `content.rs`) and the `TJ` adjustments needed to put
//!   every glyph at the x the layout chose, computed against the very widths
//!   written into `/W`.
//! * **Text extraction**: a ToUnicode CMap maps each glyph to a single
//!   string. So each glyph gets one text (its most frequent one, see
//!   `fonts.rs`; a glyph that never has text of its own, a further glyph of
//!   a cluster, the character the font's `cmap` gives it: PDF/UA wants
//!   every glyph mapped), and a glyph shown for other text, or a cluster of
//!   several glyphs, is wrapped in a `/Span << /ActualText … >>`
//!   marked-content sequence (in tagged text one with its own MCID, see
//!   `content.rs`); glyphs of the cluster drawn after its span get a span
//!   of their own with empty actual text.
//!
//! # Structure
//!
//! Every text item and image is wrapped in marked content: page furniture
//! (`Role::Artifact`) and decorative fills in `/Artifact BMC … EMC`, all other
//! content in `/<tag> << /MCID n >> BDC … EMC`. The MCIDs are recorded per page
//! and `structure.rs` builds the structure tree from them, one structure
//! element per source block.
//!
//! # Furniture is text that does not extract
//!
//! Text with `Role::Artifact` (running header, footer with the section
//! title, page numbers) is shown as text (so that it renders as crisply as
//! the rest at screen resolutions) inside `/Artifact` marked content, which
//! PDF/UA (ISO 14289-1, 7.8) asks of running heads and footers and which
//! tag-aware readers and screen readers skip; and inside a `/Span` whose
//! `/ActualText` is empty, so that tools that ignore tags (pdftotext, copy
//! and paste in simple viewers, search indexers) do not read it either:
//! they would put it between the end of one page and the start of the next,
//! in the middle of any sentence that runs across the page break, and a
//! search for a section title would find every footer that repeats it.

mod colour;
mod content;
mod coords;
mod deflate;
mod embed;
mod error;
mod finish;
mod fonts;
mod images;
mod impose;
mod marks;
mod object;
mod page;
mod save;
mod standard;
mod structure;
mod tidy;

pub use deflate::StreamMemo;
pub use error::PdfError;

use std::borrow::Cow;

use crate::layout::{Item, LaidOut, LinkTarget};
use crate::model::Rgb;
use crate::model::edition::{Cmyk, OutputIntent};
use crate::text::FontBook;

/// How the PDF of an edition is written, beyond its layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    /// DeviceCMYK values of the layout's colours; `None` writes DeviceRGB.
    /// Colours not in the list are converted with [`Cmyk::from_rgb`].
    pub cmyk: Option<Vec<(Rgb, Cmyk)>>,
    /// Whether links are left out (print: no link annotations).
    pub no_links: bool,
    /// Whether crop and registration marks are drawn in the slug.
    pub marks: bool,
    /// Sheet size (landscape, points) to impose the pages on two-up in
    /// saddle-stitch order; `None` for one page per sheet.
    pub impose: Option<(f32, f32)>,
    /// The standard the file claims besides PDF/UA (see [`Standard`]).
    pub standard: Option<Standard>,
}

/// A standard for exchange or archiving that a file can claim.
#[derive(Debug, Clone, PartialEq)]
pub enum Standard {
    /// PDF/X-4 (ISO 15930-7), for a print shop: a `GTS_PDFX` output intent
    /// with the condition's CMYK profile embedded, every RGB image converted
    /// to that CMYK, `/Trapped /False`, `pdfxid` in the XMP, PDF 1.6.
    /// Colours other than images are the layout's CMYK palette ([`Output::cmyk`]).
    PdfX4(OutputIntent),
    /// PDF/A-2a (ISO 19005-2, level a: tagged), for archives: a `GTS_PDFA1`
    /// output intent with the sRGB profile and `pdfaid` in the XMP.
    PdfA2a,
}

/// Writes the laid-out document as PDF bytes (the screen edition).
pub fn write(doc: &LaidOut, fonts: &FontBook) -> Result<Vec<u8>, PdfError> {
    write_with(doc, fonts, &Output::default())
}

/// Writes the laid-out document as PDF bytes, as `out` asks.
pub fn write_with(doc: &LaidOut, fonts: &FontBook, out: &Output) -> Result<Vec<u8>, PdfError> {
    write_laid(Cow::Borrowed(doc), fonts, out, None).map(|(bytes, _)| bytes)
}

/// [`write_with`], taking the layout: its text, once in the page content
/// and the fonts, is dropped before the file is finished (a fifth of the
/// peak memory of a build). Also returns how long the stream compression
/// took (for `build --timings`); with a memo (a watcher's, kept between
/// builds) the streams compressed before are taken from it.
pub fn write_owned(
    doc: LaidOut,
    fonts: &FontBook,
    out: &Output,
    memo: Option<&StreamMemo>,
) -> Result<(Vec<u8>, std::time::Duration), PdfError> {
    write_laid(Cow::Owned(doc), fonts, out, memo)
}

/// [`write_owned`] on a borrowed or an owned layout.
fn write_laid(
    mut doc: Cow<'_, LaidOut>,
    fonts: &FontBook,
    out: &Output,
    memo: Option<&StreamMemo>,
) -> Result<(Vec<u8>, std::time::Duration), PdfError> {
    if doc.pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    check_geometry(&doc)?;
    check_targets(&doc)?;

    let font_table = fonts::FontTable::build(&doc, fonts)?;
    let to_cmyk = match &out.standard {
        Some(Standard::PdfX4(intent)) => {
            Some(colour::ToCmyk::new(&intent.profile).map_err(PdfError::Colour)?)
        }
        _ => None,
    };
    let mut image_table = images::ImageTable::build(&doc, to_cmyk.as_ref())?;

    let mut pdf = printpdf::PdfDocument::new(&doc.info.title);
    image_table.register(&mut pdf);

    let inks = match &out.cmyk {
        Some(palette) => content::Inks::Cmyk(palette),
        None => content::Inks::Rgb,
    };
    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        pages.push(content::render_page(
            page,
            &font_table,
            &image_table,
            inks,
            !out.no_links,
        )?);
    }
    // the glyphs are in the content streams and the font table now
    if let Cow::Owned(laid) = &mut doc {
        for page in &mut laid.pages {
            page.items.retain(|i| !matches!(i, Item::Text { .. }));
        }
    }
    let doc = &*doc;
    // printpdf makes the page objects (boxes, resources) around empty
    // content; the content streams written by `content.rs` go in after
    pdf.pages = doc
        .pages
        .iter()
        .map(|p| {
            let g = &p.geometry;
            let media = printpdf::Rect::from_wh(
                printpdf::Pt(g.media_width()),
                printpdf::Pt(g.media_height()),
            );
            printpdf::PdfPage {
                media_box: media.clone(),
                trim_box: media.clone(),
                crop_box: media,
                ops: Vec::new(),
            }
        })
        .collect();

    let opts = printpdf::PdfSaveOptions {
        // Compression and pruning happen in `finish`, after our additions.
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = pdf.to_lopdf_document(&opts, &mut warnings);
    let errors: Vec<String> = warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| w.msg.clone())
        .collect();
    if !errors.is_empty() {
        return Err(PdfError::Printpdf(errors.join("; ")));
    }
    drop(pdf);
    let mut lo = lo;
    set_contents(&mut lo, &mut pages)?;
    // Compressed now, the content streams take a fifth of the memory while
    // the rest is built; marks and imposition read the content back, so
    // they wait for the compression at the end.
    let start = std::time::Instant::now();
    if !out.marks && out.impose.is_none() {
        finish::compress(&mut lo, memo);
    }
    let early = start.elapsed();
    embed::embed(&mut lo, &font_table)?;
    drop(font_table);

    finish::finish(lo, doc, &pages, out, memo).map(|(bytes, late)| (bytes, early + late))
}

/// Moves each page's content stream into the page's `/Contents` stream
/// (which printpdf wrote empty).
fn set_contents(lo: &mut lopdf::Document, pages: &mut [page::PageContent]) -> Result<(), PdfError> {
    let ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if ids.len() != pages.len() {
        return Err(PdfError::Serialize(format!(
            "printpdf wrote {} pages for {}",
            ids.len(),
            pages.len()
        )));
    }
    for (id, page) in ids.into_iter().zip(pages) {
        let stream = lo
            .get_dictionary(id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(object::ser)?;
        let stream = lo
            .get_object_mut(stream)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(object::ser)?;
        stream.set_content(std::mem::take(&mut page.content));
    }
    Ok(())
}

/// Checks that every number that ends up in the file is finite, so that a
/// layout bug cannot produce an unreadable PDF.
fn check_geometry(doc: &LaidOut) -> Result<(), PdfError> {
    let rect_ok = |r: &crate::layout::Rect| [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite());
    for (i, page) in doc.pages.iter().enumerate() {
        let g = &page.geometry;
        let sizes_ok = [g.trim_width, g.trim_height, g.bleed, g.slug]
            .iter()
            .all(|v| v.is_finite() && *v >= 0.0)
            && g.trim_width > 0.0
            && g.trim_height > 0.0;
        let items_ok = page.items.iter().all(|item| match item {
            Item::Text { x, y, run, .. } => {
                x.is_finite()
                    && y.is_finite()
                    && run.size.is_finite()
                    && run.size > 0.0
                    && run
                        .glyphs
                        .iter()
                        .all(|g| g.x.is_finite() && g.y_offset.is_finite() && g.advance.is_finite())
            }
            Item::Fill { rect, .. } | Item::Image { rect, .. } => rect_ok(rect),
            Item::Link { rect, target } => {
                rect_ok(rect)
                    && match target {
                        LinkTarget::Internal { y, .. } => y.is_finite(),
                        LinkTarget::Uri(_) => true,
                        // a citation link the layout has not resolved
                        LinkTarget::Reference(_) => false,
                    }
            }
        });
        if !sizes_ok || !items_ok {
            return Err(PdfError::BadGeometry { page: i });
        }
    }
    fn outline_ok(entries: &[crate::layout::OutlineEntry]) -> bool {
        entries
            .iter()
            .all(|e| e.y.is_finite() && outline_ok(&e.children))
    }
    if !outline_ok(&doc.outline) {
        return Err(PdfError::BadGeometry { page: 0 });
    }
    Ok(())
}

/// Checks that every link and bookmark points at an existing page.
fn check_targets(doc: &LaidOut) -> Result<(), PdfError> {
    let pages = doc.pages.len();
    let check = |page: usize| {
        if page < pages {
            Ok(())
        } else {
            Err(PdfError::BadTarget { page, pages })
        }
    };
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Link {
                target: LinkTarget::Internal { page, .. },
                ..
            } = item
            {
                check(*page)?;
            }
        }
    }
    fn walk(
        entries: &[crate::layout::OutlineEntry],
        check: &dyn Fn(usize) -> Result<(), PdfError>,
    ) -> Result<(), PdfError> {
        for e in entries {
            check(e.page)?;
            walk(&e.children, check)?;
        }
        Ok(())
    }
    walk(&doc.outline, &check)
}
