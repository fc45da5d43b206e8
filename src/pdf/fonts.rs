//! Font resources: one embedded (subset) font per [`FontId`] the document
//! uses, the glyph widths printpdf writes into `/W`, and the text each glyph
//! maps to in the `/ToUnicode` CMap.

use std::collections::BTreeMap;
use std::ops::Range;

use sha2::{Digest, Sha256};

use super::error::PdfError;
use super::object::font_entry;
use super::outlines::outlined;
use crate::layout::{Item, LaidOut};
use crate::text::{FontBook, FontId, PositionedGlyph};

/// A font as embedded in the PDF.
pub(crate) struct PdfFont {
    /// printpdf's id, which is also the resource name and the subset tag.
    pub res: printpdf::FontId,
    /// The parsed face handed to printpdf.
    parsed: printpdf::ParsedFont,
    /// Glyph advance in thousandths of an em, exactly as written to `/W`.
    widths: BTreeMap<u16, i64>,
    /// The text each glyph maps to in `/ToUnicode` ("" = no mapping).
    unicode: BTreeMap<u16, String>,
}

impl PdfFont {
    /// Advance of `gid` in thousandths of an em, as the viewer will apply it.
    pub fn width(&self, gid: u16) -> i64 {
        self.widths.get(&gid).copied().unwrap_or(0)
    }

    /// The `/ToUnicode` text of `gid`.
    pub fn unicode(&self, gid: u16) -> &str {
        self.unicode.get(&gid).map(String::as_str).unwrap_or("")
    }

    /// Whether a cluster of glyphs extracts as `text` through `/ToUnicode`
    /// alone, i.e. needs no `/ActualText`.
    pub fn extracts_as(&self, cluster: &[PositionedGlyph]) -> bool {
        match cluster {
            [g] => !g.text.is_empty() && self.unicode(g.id) == g.text,
            _ => false,
        }
    }
}

/// All fonts of the document, by layout font id.
pub(crate) struct FontTable {
    fonts: BTreeMap<FontId, PdfFont>,
}

/// Splits a run's glyphs into clusters, as index ranges: a glyph with text
/// starts a cluster, glyphs with empty text continue it.
pub(crate) fn clusters(glyphs: &[PositionedGlyph]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, g) in glyphs.iter().enumerate().skip(1) {
        if !g.text.is_empty() {
            out.push(start..i);
            start = i;
        }
    }
    if start < glyphs.len() {
        out.push(start..glyphs.len());
    }
    out
}

/// What the document does with one font, gathered before embedding it.
#[derive(Default)]
struct Usage {
    /// How often each glyph stands alone for each text.
    single: BTreeMap<u16, BTreeMap<String, usize>>,
    /// Text of glyphs seen only inside multi-glyph clusters.
    in_cluster: BTreeMap<u16, String>,
}

impl FontTable {
    /// Parses and analyses every font the document uses.
    pub fn build(doc: &LaidOut, book: &FontBook) -> Result<Self, PdfError> {
        let mut usage: BTreeMap<FontId, Usage> = BTreeMap::new();
        for page in &doc.pages {
            for item in &page.items {
                let Item::Text { run, role, .. } = item else {
                    continue;
                };
                // Outlined text (furniture) shows no glyphs of a font: a
                // font only it uses is not embedded.
                if run.glyphs.is_empty() || outlined(*role) {
                    continue;
                }
                let u = usage.entry(run.font).or_default();
                for range in clusters(&run.glyphs) {
                    let cluster = &run.glyphs[range];
                    if let [g] = cluster {
                        *u.single
                            .entry(g.id)
                            .or_default()
                            .entry(g.text.clone())
                            .or_default() += 1;
                    } else {
                        for g in cluster {
                            u.in_cluster.entry(g.id).or_insert_with(|| g.text.clone());
                        }
                    }
                }
            }
        }

        let mut fonts = BTreeMap::new();
        let mut tags: Vec<String> = Vec::new();
        for (id, u) in usage {
            let font = book
                .fonts
                .get(usize::from(id.0))
                .ok_or(PdfError::MissingFont { font: id.0 })?;
            let mut warnings = Vec::new();
            let parsed = printpdf::ParsedFont::from_bytes(&font.data, 0, &mut warnings).ok_or(
                PdfError::BadFont {
                    path: font.path.clone(),
                },
            )?;

            // The most frequent text of a lone glyph is its ToUnicode text;
            // any other occurrence gets an /ActualText span.
            let mut unicode: BTreeMap<u16, String> = u.in_cluster;
            for (gid, texts) in u.single {
                let best = texts
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(text, _)| text)
                    .unwrap_or_default();
                unicode.insert(gid, best);
            }

            let upm = f32::from(parsed.pdf_font_metrics.units_per_em);
            let widths = unicode
                .keys()
                .map(|&gid| (gid, scaled_width(&parsed, gid, upm)))
                .collect();

            let tag = subset_tag(id, &unicode, &tags);
            tags.push(tag.clone());
            fonts.insert(
                id,
                PdfFont {
                    res: printpdf::FontId(tag),
                    parsed,
                    widths,
                    unicode,
                },
            );
        }
        Ok(FontTable { fonts })
    }

    /// The embedded font for a layout font id.
    pub fn get(&self, id: FontId) -> Result<&PdfFont, PdfError> {
        font_entry(&self.fonts, id)
    }

    /// Adds the fonts to printpdf's resources under their subset tags.
    pub fn register(&self, pdf: &mut printpdf::PdfDocument) {
        for font in self.fonts.values() {
            pdf.resources.fonts.map.insert(
                font.res.clone(),
                printpdf::PdfFont::new(font.parsed.clone()),
            );
        }
    }
}

/// Glyph advance in thousandths of an em, computed the way printpdf computes
/// the `/W` entries (truncated to an integer).
fn scaled_width(font: &printpdf::ParsedFont, gid: u16, upm: f32) -> i64 {
    if upm <= 0.0 {
        return 0;
    }
    let advance = font
        .get_or_decode_glyph(gid)
        .map(|g| g.horz_advance)
        .unwrap_or(0);
    (f32::from(advance) * 1000.0 / upm) as i64
}

/// Six capital letters naming a subset (ISO 32000-1, 9.6.4), derived from the
/// font and its glyph set so that the same input gives the same tag. printpdf
/// uses the first six characters of the font resource id as the tag, so this
/// is also the resource name.
fn subset_tag(id: FontId, unicode: &BTreeMap<u16, String>, taken: &[String]) -> String {
    let mut salt = 0u32;
    loop {
        let mut h = Sha256::new();
        h.update(id.0.to_be_bytes());
        h.update(salt.to_be_bytes());
        for (gid, text) in unicode {
            h.update(gid.to_be_bytes());
            h.update(text.as_bytes());
            h.update([0]);
        }
        let digest = h.finalize();
        let tag: String = digest
            .iter()
            .take(6)
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        if !taken.contains(&tag) {
            return tag;
        }
        salt += 1;
    }
}
