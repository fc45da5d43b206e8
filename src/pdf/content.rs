//! Page content: the display list written as content-stream bytes.
//!
//! Written by hand, not as printpdf operations: turning those into lopdf
//! operations and those into bytes was a seventh of all the work of a
//! build, and printpdf writes every glyph of a `TJ` as a string of its own
//! (`<0015><0003>`). Here the glyphs between two position adjustments are
//! one literal string of two-byte codes, numbers have at most three decimals
//! and no leading zero (`.784`), and the font and fill colour are set only
//! when they change (both are graphics state and carry on from one text
//! object to the next; a page starts with neither known).
//!
//! Text is written glyph by glyph from the layout's positions. Each piece of
//! a run (glyphs that share a vertical offset and extract correctly through
//! `/ToUnicode`) gets a text matrix at its first glyph and one `TJ` whose
//! adjustments move every following glyph from where the font's own advance
//! leaves the pen to the x the layout chose. A cluster that `/ToUnicode`
//! cannot express (a ligature whose glyph elsewhere stands for other text,
//! several glyphs for one character) becomes its own piece inside
//! `/Span << /ActualText (…) >> BDC … EMC`; in tagged text that span is a
//! marked-content sequence of its own with an MCID, between two pieces of
//! the item's sequence, all three in the item's structure element.
//!
//! Furniture text (artifacts: running heads, footers, page numbers) is
//! shown as text inside `/Artifact` marked content and a `/Span` whose
//! actual text is empty, so that it renders as text but is not extracted
//! (see the module docs of [`super`]).
//!
//! Every item is wrapped in marked content (see [`super::structure`]); the
//! marked-content ids are returned with the page so the structure tree can
//! refer to them.

use std::io::Write;

use super::coords::UserSpace;
use super::error::PdfError;
use super::fonts::{FontTable, PdfFont, clusters};
use super::images::ImageTable;
use super::object::utf16be;
use super::page::{Link, MarkedContent, PageContent};
use super::structure;
use crate::layout::Item;
use crate::layout::{Page, Rect, Role};
use crate::model::Rgb;
use crate::model::edition::Cmyk;
use crate::text::{GlyphRun, PositionedGlyph};

/// The inks colours are painted with.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Inks<'a> {
    /// DeviceRGB, the layout's own colours.
    Rgb,
    /// DeviceCMYK: a colour of the palette as given there, any other
    /// converted from RGB (see [`Cmyk::from_rgb`]).
    Cmyk(&'a [(Rgb, Cmyk)]),
}

impl Inks<'_> {
    /// The operator that sets the fill colour to a layout colour.
    fn fill(&self, c: Rgb) -> Vec<u8> {
        let mut out = Vec::with_capacity(24);
        match self {
            Inks::Rgb => {
                for v in [c.0, c.1, c.2] {
                    number(&mut out, f64::from(v) / 255.0);
                    out.push(b' ');
                }
                out.extend_from_slice(b"rg\n");
            }
            Inks::Cmyk(palette) => {
                let k = palette
                    .iter()
                    .find(|(rgb, _)| *rgb == c)
                    .map_or_else(|| Cmyk::from_rgb(c), |(_, k)| *k);
                for v in [k.c, k.m, k.y, k.k] {
                    number(&mut out, f64::from(v.clamp(0.0, 1.0)));
                    out.push(b' ');
                }
                out.extend_from_slice(b"k\n");
            }
        }
        out
    }
}

/// Writes a number rounded to a thousandth, without trailing zeros and
/// without a zero before the point (`-.5`, `12.25`, `3`).
fn number(out: &mut Vec<u8>, v: f64) {
    let t = (v * 1000.0).round() as i64;
    if t < 0 {
        out.push(b'-');
    }
    let t = t.unsigned_abs();
    let (int, frac) = (t / 1000, t % 1000);
    if int > 0 || frac == 0 {
        integer(out, int);
    }
    if frac > 0 {
        // the thousandths' three digits, trailing zeros dropped
        let digits = [
            b'0' + (frac / 100) as u8,
            b'0' + (frac / 10 % 10) as u8,
            b'0' + (frac % 10) as u8,
        ];
        let len = if frac % 10 != 0 {
            3
        } else if frac % 100 != 0 {
            2
        } else {
            1
        };
        out.push(b'.');
        out.extend_from_slice(&digits[..len]);
    }
}

/// Writes a whole number in decimal: [`number`] runs for every coordinate
/// of every page, where `write!` and its formatting machinery were a
/// twelfth of the PDF writer's time.
fn integer(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// Writes a name (`/Tag`), delimiters and bytes outside `!`..`~` as `#xx`.
fn name(out: &mut Vec<u8>, name: &str) {
    out.push(b'/');
    for &b in name.as_bytes() {
        if b"()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
}

/// Writes bytes as a literal string, escaping what must be escaped
/// (parentheses, backslash) and line ends (which readers would normalize).
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// Renders one page.
pub(crate) fn render_page<'a>(
    page: &Page,
    fonts: &'a FontTable,
    images: &ImageTable,
    inks: Inks<'a>,
    live_links: bool,
) -> Result<PageContent, PdfError> {
    let g = &page.geometry;
    let frame = UserSpace::new(g);
    let mut w = Writer {
        out: Vec::new(),
        font: None,
        fill: None,
        marks: Vec::new(),
        links: Vec::new(),
        frame,
        inks,
        open: None,
        closed: false,
    };
    for item in &page.items {
        match item {
            Item::Text {
                x,
                y,
                run,
                color: c,
                role,
                block,
                lang,
                ..
            } => {
                if run.glyphs.is_empty() {
                    continue;
                }
                if structure::tag(*role).is_none() {
                    let font = fonts.get(run.font)?;
                    w.begin(*role, *block, None, text_bbox(&frame, *x, *y, run), None);
                    w.furniture(*x, *y, run, *c, font);
                    w.end();
                    continue;
                }
                let font = fonts.get(run.font)?;
                let bbox = text_bbox(&frame, *x, *y, run);
                w.begin(*role, *block, None, bbox, lang.as_deref());
                w.text(*x, *y, run, *c, font);
                w.end();
            }
            Item::Fill {
                rect,
                color: c,
                bleeds,
            } => {
                // a full-bleed background runs on into the bleed
                let rect = if *bleeds { g.bleed_rect(rect) } else { *rect };
                w.begin(Role::Artifact, None, None, frame.rect(&rect), None);
                w.fill(&rect, *c);
                w.end();
            }
            Item::Image {
                rect,
                image,
                alt,
                block,
            } => {
                let id = images.id(*image)?;
                let role = if alt.trim().is_empty() {
                    Role::Artifact
                } else {
                    Role::Figure
                };
                w.begin(role, *block, Some(alt.clone()), frame.rect(rect), None);
                w.image(rect, id);
                w.end();
            }
            Item::Link { .. } if !live_links => {}
            Item::Link { rect, target } => w.links.push(Link {
                rect: frame.rect(rect),
                target: target.clone(),
            }),
        }
    }

    Ok(PageContent {
        content: w.out,
        links: w.links,
        marks: w.marks,
    })
}

/// The area a line of text covers, roughly: its advance width, a font size
/// above the baseline and a quarter below.
fn text_bbox(frame: &UserSpace, x: f32, y: f32, run: &GlyphRun) -> [f32; 4] {
    let (start, end) = match (run.glyphs.first(), run.glyphs.last()) {
        (Some(a), Some(b)) => (a.x, b.x + b.advance),
        _ => (0.0, 0.0),
    };
    frame.rect(&Rect {
        x: x + start,
        y: y - run.size,
        w: end - start,
        h: run.size * 1.25,
    })
}

/// The tagged item being written.
#[derive(Clone)]
struct Open {
    role: Role,
    block: Option<u32>,
    bbox: [f32; 4],
    /// The language of a foreign phrase.
    lang: Option<String>,
}

/// Accumulates the content stream of one page.
struct Writer<'a> {
    out: Vec<u8>,
    /// The font resource and size set last, if any.
    font: Option<(&'a str, f32)>,
    /// The fill colour operator written last, if any.
    fill: Option<Vec<u8>>,
    marks: Vec<MarkedContent>,
    links: Vec<Link>,
    frame: UserSpace,
    inks: Inks<'a>,
    /// The tagged item being written: its role, block and area.
    open: Option<Open>,
    /// Whether the item's marked content is closed before its end (split
    /// around an `/ActualText` cluster with nothing after it).
    closed: bool,
}

impl<'a> Writer<'a> {
    /// Opens the marked-content sequence of an item.
    fn begin(
        &mut self,
        role: Role,
        block: Option<u32>,
        alt: Option<String>,
        bbox: [f32; 4],
        lang: Option<&str>,
    ) {
        match structure::tag(role) {
            None => {
                self.out.extend_from_slice(b"/Artifact BMC\n");
                self.open = None;
            }
            Some(tag) => {
                let open = Open {
                    role,
                    block,
                    bbox,
                    lang: lang.map(str::to_owned),
                };
                self.mark(tag, None, false, &open, alt);
                self.open = Some(open);
            }
        }
        self.closed = false;
    }

    /// Opens a marked-content sequence `tag` with the next MCID (and
    /// `actual` text) for the item `open` and records it.
    fn mark(
        &mut self,
        tag: &str,
        actual: Option<&str>,
        continues: bool,
        open: &Open,
        alt: Option<String>,
    ) {
        let mcid = self.marks.len() as i64;
        name(&mut self.out, tag);
        self.out.extend_from_slice(b"<</MCID ");
        integer(&mut self.out, self.marks.len() as u64);
        if let Some(text) = actual {
            actual_text_entry(&mut self.out, text);
        }
        self.out.extend_from_slice(b">>BDC\n");
        self.marks.push(MarkedContent {
            mcid,
            role: open.role,
            block: open.block,
            alt,
            bbox: open.bbox,
            continues,
            lang: open.lang.clone(),
        });
    }

    /// Closes the marked-content sequence of an item.
    fn end(&mut self) {
        if !self.closed {
            self.out.extend_from_slice(b"EMC\n");
        }
        self.open = None;
        self.closed = false;
    }

    /// Sets the fill colour, unless it is set already.
    fn set_fill(&mut self, c: Rgb) {
        let op = self.inks.fill(c);
        if self.fill.as_ref() != Some(&op) {
            self.out.extend_from_slice(&op);
            self.fill = Some(op);
        }
    }

    /// Writes numbers, each followed by a space.
    fn numbers(&mut self, values: &[f32]) {
        for &v in values {
            number(&mut self.out, f64::from(v));
            self.out.push(b' ');
        }
    }

    fn fill(&mut self, rect: &Rect, c: Rgb) {
        let [x0, y0, x1, y1] = self.frame.rect(rect);
        self.set_fill(c);
        self.numbers(&[x0, y0, x1 - x0, y1 - y0]);
        self.out.extend_from_slice(b"re\nf\n");
    }

    fn image(&mut self, rect: &Rect, id: &printpdf::XObjectId) {
        let [x0, y0, x1, y1] = self.frame.rect(rect);
        self.out.extend_from_slice(b"q\n");
        self.numbers(&[x1 - x0, 0.0, 0.0, y1 - y0, x0, y0]);
        self.out.extend_from_slice(b"cm\n");
        name(&mut self.out, &id.0);
        self.out.extend_from_slice(b" Do\nQ\n");
    }

    /// Shows a run of furniture (a running head, a footer, a page number)
    /// as text inside a `/Span` whose actual text is empty: tag-aware
    /// readers skip it as an artifact, and tools that ignore tags
    /// (pdftotext, copy and paste, search indexers) do not read it between
    /// the end of one page and the start of the next, in the middle of a
    /// sentence.
    fn furniture(&mut self, x: f32, y: f32, run: &GlyphRun, c: Rgb, font: &'a PdfFont) {
        self.begin_text(run, c, font);
        actual_text_span(&mut self.out, "");
        self.glyphs(x, y, run.size, &run.glyphs, font);
        self.out.extend_from_slice(b"EMC\nET\n");
    }

    fn text(&mut self, x: f32, y: f32, run: &GlyphRun, c: Rgb, font: &'a PdfFont) {
        self.begin_text(run, c, font);

        let glyphs = &run.glyphs;
        let clusters = clusters(glyphs);
        let mut i = 0;
        while i < clusters.len() {
            let cluster = &glyphs[clusters[i].clone()];
            if !font.extracts_as(cluster) {
                let text = cluster.first().map(|g| g.text.as_str()).unwrap_or("");
                // Extractors place the actual text between the first
                // glyph's start and the last glyph's end; a mark drawn last
                // but offset to the left (the u-sign of Devanagari "कु")
                // would end the span early and read as a word break. Glyphs
                // after the one reaching furthest right carry no text of
                // their own, so they are drawn after the span, in one of
                // their own whose actual text is empty (their /ToUnicode
                // text would read twice).
                let reach = |g: &PositionedGlyph| g.x + g.advance.max(0.0);
                let last = (0..cluster.len())
                    .rev()
                    .max_by(|&a, &b| reach(&cluster[a]).total_cmp(&reach(&cluster[b])))
                    .unwrap_or(0);
                i += 1;
                let more = i < clusters.len();
                let (spanned, after) = cluster.split_at(last + 1);
                self.actual_text(text, more || !after.is_empty(), |w| {
                    w.glyphs(x, y, run.size, spanned, font);
                });
                if !after.is_empty() {
                    self.actual_text("", more, |w| {
                        w.glyphs(x, y, run.size, after, font);
                    });
                }
                continue;
            }
            // Take the following clusters while they extract cleanly;
            // `glyphs` splits them by vertical offset.
            let start = clusters[i].start;
            let mut end = clusters[i].end;
            i += 1;
            while i < clusters.len() && font.extracts_as(&glyphs[clusters[i].clone()]) {
                end = clusters[i].end;
                i += 1;
            }
            self.glyphs(x, y, run.size, &glyphs[start..end], font);
        }
        // (an item split around actual text at its very end has closed
        // its text object already)
        if !self.closed {
            self.out.extend_from_slice(b"ET\n");
        }
    }

    /// Opens a text object in `run`'s font and size, filled in `c`.
    fn begin_text(&mut self, run: &GlyphRun, c: Rgb, font: &'a PdfFont) {
        self.out.extend_from_slice(b"BT\n");
        let set = (font.res.0.as_str(), run.size);
        if self.font != Some(set) {
            name(&mut self.out, set.0);
            self.out.push(b' ');
            self.numbers(&[set.1]);
            self.out.extend_from_slice(b"Tf\n");
            self.font = Some(set);
        }
        self.set_fill(c);
    }

    /// Writes what `draw` draws as `/ActualText` `text`. Inside tagged
    /// content the item's marked content is split around it: the cluster
    /// gets a marked-content sequence of its own, `/Span` with an MCID and
    /// the actual text, and the item's tag goes on after it (when `more`
    /// follows) with a new MCID; all of them belong to the item's element.
    /// (A `/Span` nested inside the item's sequence would do for the
    /// standard, but poppler's structure walk drops the rest of an item
    /// after a nested sequence without an MCID.) Outside tagged content the
    /// span is nested as usual.
    fn actual_text(&mut self, text: &str, more: bool, draw: impl FnOnce(&mut Self)) {
        let Some(open) = self.open.clone() else {
            actual_text_span(&mut self.out, text);
            draw(self);
            self.out.extend_from_slice(b"EMC\n");
            return;
        };
        // Marked content and text objects nest properly: the text object
        // ends before the item's sequence does and starts again inside
        // the next one (font and colour are graphics state: they carry on).
        self.out.extend_from_slice(b"ET\n");
        if !self.closed {
            self.out.extend_from_slice(b"EMC\n");
        }
        self.mark("Span", Some(text), true, &open, None);
        self.out.extend_from_slice(b"BT\n");
        draw(self);
        self.out.extend_from_slice(b"ET\nEMC\n");
        self.closed = !more;
        if more {
            let tag = structure::tag(open.role).unwrap_or("Span");
            self.mark(tag, None, true, &open, None);
            self.out.extend_from_slice(b"BT\n");
        }
    }

    /// Shows glyphs at their layout positions: one text matrix per stretch
    /// of equal vertical offset, TJ adjustments for the horizontal positions.
    fn glyphs(&mut self, x: f32, y: f32, size: f32, glyphs: &[PositionedGlyph], font: &PdfFont) {
        if size <= 0.0 {
            return;
        }
        for piece in glyphs.chunk_by(|a, b| a.y_offset == b.y_offset) {
            let (x0, y_offset) = (piece[0].x, piece[0].y_offset);
            self.out.extend_from_slice(b"1 0 0 1 ");
            self.numbers(&[self.frame.x(x + x0), self.frame.y(y) + y_offset]);
            self.out.extend_from_slice(b"Tm\n[");
            // Positions in thousandths of an em from the piece start.
            let em = |gx: f32| f64::from(gx - x0) * 1000.0 / f64::from(size);
            let mut pen = 0.0f64;
            let mut codes = Vec::with_capacity(piece.len() * 2);
            for (k, g) in piece.iter().enumerate() {
                let after = pen + font.width(g.id) as f64;
                let adjust = match piece.get(k + 1) {
                    Some(next) => ((after - em(next.x)) * 100.0).round() / 100.0,
                    None => 0.0,
                };
                pen = after - adjust;
                codes.extend_from_slice(&g.id.to_be_bytes());
                if adjust != 0.0 {
                    literal(&mut self.out, &codes);
                    codes.clear();
                    number(&mut self.out, adjust);
                }
            }
            if !codes.is_empty() {
                literal(&mut self.out, &codes);
            }
            self.out.extend_from_slice(b"]TJ\n");
        }
    }
}

/// Writes the `/ActualText` entry of a marked-content property list.
fn actual_text_entry(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"/ActualText<");
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in utf16be(text) {
        out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
    out.push(b'>');
}

/// Opens an untagged `/Span` marked-content sequence whose `/ActualText` is
/// `text` (empty: what it shows is not read at all).
fn actual_text_span(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"/Span<<");
    actual_text_entry(out, text);
    out.extend_from_slice(b">>BDC\n");
}

#[cfg(test)]
mod tests {
    use super::{integer, number};

    /// What `number` wrote before it stopped using `write!`.
    fn formatted(v: f64) -> Vec<u8> {
        let t = (v * 1000.0).round() as i64;
        let mut s = String::new();
        if t < 0 {
            s.push('-');
        }
        let t = t.unsigned_abs();
        let (int, frac) = (t / 1000, t % 1000);
        if int > 0 || frac == 0 {
            s.push_str(&int.to_string());
        }
        if frac > 0 {
            s.push('.');
            s.push_str(format!("{frac:03}").trim_end_matches('0'));
        }
        s.into_bytes()
    }

    #[test]
    fn numbers_are_written_as_write_did() {
        let mut values = vec![
            0.0, -0.0, 0.0004, -0.0004, 0.5, -0.5, 12.25, 3.0, 1e12, -1e12,
        ];
        values.extend((-30_000..30_000).map(|i| f64::from(i) * 0.0137));
        for v in values {
            let mut out = Vec::new();
            number(&mut out, v);
            assert_eq!(out, formatted(v), "{v}");
        }
        for n in [0, 7, 10, 99, 100, 12_345, u64::MAX] {
            let mut out = Vec::new();
            integer(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }
}
