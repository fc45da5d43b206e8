//! Font resources: one embedded (subset) font per [`FontId`] the document
//! uses, the glyph widths written into `/W`, and the text each glyph maps to
//! in the `/ToUnicode` CMap. The subset font program itself is made here
//! (Typst's `subsetter`); `embed.rs` writes the PDF objects.

use std::collections::BTreeMap;
use std::ops::Range;

use sha2::{Digest, Sha256};

use rustybuzz::ttf_parser::{Face, name_id};

use super::error::PdfError;
use super::object::font_entry;
use crate::layout::{Item, LaidOut};
use crate::text::{FontBook, FontId, PositionedGlyph};

/// A font as embedded in the PDF.
pub(crate) struct PdfFont {
    /// printpdf's id: the resource name and the subset tag.
    pub res: printpdf::FontId,
    /// The subset font program, its glyph map and metrics.
    pub program: Program,
    /// Glyph advance in thousandths of an em, exactly as written to `/W`.
    widths: BTreeMap<u16, i64>,
    /// The same advances by glyph id (0 for a glyph not shown), for the
    /// content streams, which look one up for every glyph.
    by_id: Vec<i64>,
    /// The text each glyph maps to in `/ToUnicode` ("" = no mapping).
    unicode: BTreeMap<u16, String>,
}

impl PdfFont {
    /// Advance of `gid` in thousandths of an em, as the viewer will apply it.
    pub fn width(&self, gid: u16) -> i64 {
        self.by_id.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// Every glyph the document shows (the CIDs), with its advance in
    /// thousandths of an em.
    pub fn widths(&self) -> &BTreeMap<u16, i64> {
        &self.widths
    }

    /// The `/ToUnicode` text of every glyph the document shows ("" = none).
    pub fn texts(&self) -> &BTreeMap<u16, String> {
        &self.unicode
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

/// A subset TrueType font program and what the font dictionaries say of it,
/// in thousandths of an em where PDF wants glyph space.
pub(crate) struct Program {
    /// The subset font file (`/FontFile2`).
    pub bytes: Vec<u8>,
    /// The subset's glyph id of each original glyph id (the CID).
    pub cid_to_gid: BTreeMap<u16, u16>,
    /// PostScript name of the face, without the subset tag.
    pub name: String,
    /// `/Ascent`, `/Descent`, `/CapHeight`.
    pub ascent: i64,
    /// Descender (negative).
    pub descent: i64,
    /// Height of capitals.
    pub cap_height: i64,
    /// `/FontBBox`: x min, y min, x max, y max.
    pub bbox: [i64; 4],
    /// `/ItalicAngle` in degrees (negative leans right).
    pub italic_angle: i64,
    /// OS/2 weight class (100–900), for `/StemV`.
    pub weight: u16,
}

/// All fonts of the document, by layout font id.
pub(crate) struct FontTable {
    fonts: BTreeMap<FontId, PdfFont>,
}

/// Splits a run's glyphs into clusters, as index ranges: a glyph with text
/// starts a cluster, glyphs with empty text continue it.
pub(crate) fn clusters(glyphs: &[PositionedGlyph]) -> Vec<Range<usize>> {
    each_cluster(glyphs).collect()
}

/// The clusters of [`clusters`], one after another, without a list.
fn each_cluster(glyphs: &[PositionedGlyph]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut i = 1;
    std::iter::from_fn(move || {
        if start >= glyphs.len() {
            return None;
        }
        while i < glyphs.len() && glyphs[i].text.is_empty() {
            i += 1;
        }
        let cluster = start..i.min(glyphs.len());
        start = i;
        i += 1;
        Some(cluster)
    })
}

/// What the document does with one font, gathered before embedding it.
#[derive(Default)]
struct Usage {
    /// How often each glyph (by id) stands alone for each text: mostly
    /// one text a glyph, so a short list, and a list by id rather than a
    /// map, as this is counted for every glyph of the document.
    single: Vec<Vec<(String, usize)>>,
    /// Text of glyphs seen only inside multi-glyph clusters.
    in_cluster: BTreeMap<u16, String>,
    /// The text of the first cluster each glyph without text of its own
    /// (a further glyph of a cluster) is part of.
    textless: BTreeMap<u16, String>,
}

impl FontTable {
    /// Parses and analyses every font the document uses.
    pub fn build(doc: &LaidOut, book: &FontBook) -> Result<Self, PdfError> {
        let mut usage: BTreeMap<FontId, Usage> = BTreeMap::new();
        for page in &doc.pages {
            for item in &page.items {
                let Item::Text { run, .. } = item else {
                    continue;
                };
                if run.glyphs.is_empty() {
                    continue;
                }
                let u = usage.entry(run.font).or_default();
                for range in each_cluster(&run.glyphs) {
                    let cluster = &run.glyphs[range];
                    if let [g] = cluster {
                        let id = usize::from(g.id);
                        if u.single.len() <= id {
                            u.single.resize_with(id + 1, Vec::new);
                        }
                        // counted without a copy of the text when seen before
                        let texts = &mut u.single[id];
                        match texts.iter_mut().find(|(t, _)| *t == g.text) {
                            Some((_, n)) => *n += 1,
                            None => texts.push((g.text.to_string(), 1)),
                        }
                    } else {
                        let whole = || cluster.iter().map(|g| g.text.as_str()).collect::<String>();
                        for g in cluster {
                            if g.text.is_empty() {
                                u.textless.entry(g.id).or_insert_with(whole);
                            } else {
                                u.in_cluster
                                    .entry(g.id)
                                    .or_insert_with(|| g.text.to_string());
                            }
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
            let bad = || PdfError::BadFont {
                path: font.path.clone(),
            };
            let face = Face::parse(&font.data, 0).map_err(|_| bad())?;
            // The most frequent text of a lone glyph is its ToUnicode text;
            // any other occurrence gets an /ActualText span.
            let mut unicode: BTreeMap<u16, String> = u.in_cluster;
            for (gid, texts) in u.single.into_iter().enumerate() {
                if texts.is_empty() {
                    continue;
                }
                let gid = u16::try_from(gid).expect("a glyph id is 16 bits");
                let best = texts
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(text, _)| text)
                    .unwrap_or_default();
                unicode.insert(gid, best);
            }
            map_textless(&face, &mut unicode, u.textless);

            let upm = f32::from(face.units_per_em());
            let widths: BTreeMap<u16, i64> = unicode
                .keys()
                .map(|&gid| (gid, scaled_width(&face, gid, upm)))
                .collect();
            let last = widths.last_key_value().map_or(0, |(&g, _)| usize::from(g));
            let mut by_id = vec![0; last + 1];
            for (&g, &w) in &widths {
                by_id[usize::from(g)] = w;
            }
            let program = subset(&face, &font.data, &unicode).ok_or_else(bad)?;

            let tag = subset_tag(id, &unicode, &tags);
            tags.push(tag.clone());
            fonts.insert(
                id,
                PdfFont {
                    res: printpdf::FontId(tag),
                    program,
                    widths,
                    by_id,
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

    /// The embedded fonts, in font id order.
    pub fn iter(&self) -> impl Iterator<Item = &PdfFont> {
        self.fonts.values()
    }
}

/// Gives every glyph a `/ToUnicode` text, as PDF/UA asks (ISO 14289-1,
/// 7.21.7): a glyph that never stands for text of its own (a further glyph
/// of a cluster: a mark, half of a split vowel sign) maps to the character
/// the font's `cmap` gives it (the lowest, if several), or else to the text
/// of a cluster it is part of. Such glyphs are only ever drawn inside an
/// `/ActualText` span (see `content.rs`), which is what extraction reads.
fn map_textless(
    face: &Face<'_>,
    unicode: &mut BTreeMap<u16, String>,
    textless: BTreeMap<u16, String>,
) {
    let missing: Vec<u16> = unicode
        .iter()
        .filter(|(_, t)| t.is_empty())
        .map(|(&g, _)| g)
        .chain(
            textless
                .keys()
                .copied()
                .filter(|g| !unicode.contains_key(g)),
        )
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut own: BTreeMap<u16, char> = BTreeMap::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|cp| {
                let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) else {
                    return;
                };
                if missing.contains(&g.0) {
                    own.entry(g.0).and_modify(|o| *o = (*o).min(c)).or_insert(c);
                }
            });
        }
    }
    for gid in missing {
        let text = match own.get(&gid) {
            Some(c) => c.to_string(),
            None => textless
                .get(&gid)
                .filter(|t| !t.is_empty())
                .cloned()
                .unwrap_or_else(|| '\u{FFFD}'.to_string()),
        };
        unicode.insert(gid, text);
    }
}

/// Glyph advance in thousandths of an em, truncated to an integer as `/W`
/// has always been written (the content stream's `TJ` offsets are computed
/// against these very numbers).
fn scaled_width(face: &Face<'_>, gid: u16, upm: f32) -> i64 {
    if upm <= 0.0 {
        return 0;
    }
    let advance = face
        .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
        .unwrap_or(0);
    (f32::from(advance) * 1000.0 / upm) as i64
}

/// Subsets `data` to the glyphs `used` (plus `.notdef`) and reads the
/// metrics the font descriptor needs; `None` if the font cannot be subset.
fn subset(face: &Face<'_>, data: &[u8], used: &BTreeMap<u16, String>) -> Option<Program> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let cid_to_gid = used.keys().map(|&gid| (gid, remapper.remap(gid))).collect();
    let bytes = subsetter::subset(data, 0, &remapper).ok()?;
    let upm = f32::from(face.units_per_em());
    let scale = |v: i16| (f32::from(v) * 1000.0 / upm).round() as i64;
    let name = face
        .names()
        .into_iter()
        .find(|n| n.name_id == name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| "Font".to_string());
    let b = face.global_bounding_box();
    let ascent = scale(face.ascender());
    Some(Program {
        bytes,
        cid_to_gid,
        name: name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', ""),
        ascent,
        descent: scale(face.descender()),
        cap_height: face.capital_height().map_or(ascent, scale),
        bbox: [
            scale(b.x_min),
            scale(b.y_min),
            scale(b.x_max),
            scale(b.y_max),
        ],
        italic_angle: face.italic_angle().round() as i64,
        weight: face.weight().to_number(),
    })
}

/// Six capital letters naming a subset (ISO 32000-1, 9.6.4), derived from the
/// font and its glyph set so that the same input gives the same tag; it is
/// also the font's resource name.
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
