//! Embeds the document's subset fonts into printpdf's finished document.
//!
//! printpdf is built without its `text_layout` feature, so it neither parses
//! nor subsets fonts: it only writes our glyph ids as two-byte codes
//! (`Identity-H`) after `/XXXXXX Tf`. Each font is then written here as a
//! `Type0` font with one `CIDFontType2` descendant:
//!
//! * the CIDs are the font's *original* glyph ids, so the content stream does
//!   not change when the subset renumbers the glyphs;
//! * `/CIDToGIDMap` maps each CID to the subset's glyph id (`fonts.rs` makes
//!   the subset with Typst's `subsetter`);
//! * `/W` (widths) and `/ToUnicode` are keyed by CID;
//! * the `/FontFile2` program and the names carry the `XXXXXX+` subset tag.
//!
//! The fonts go into the `/Font` resource dictionary printpdf shares between
//! all pages.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::error::PdfError;
use super::fonts::{FontTable, PdfFont};
use super::object::{name, ser};

/// Writes every font of `fonts` into `lo` and lists it in the pages' `/Font`
/// resources under its tag.
pub(crate) fn embed(lo: &mut lopdf::Document, fonts: &FontTable) -> Result<(), PdfError> {
    let dict_id = font_resources(lo)?;
    let mut entries = Vec::new();
    for font in fonts.iter() {
        let id = type0(lo, font);
        entries.push((font.res.0.clone(), id));
    }
    let dict = lo
        .get_object_mut(dict_id)
        .and_then(Object::as_dict_mut)
        .map_err(ser)?;
    for (tag, id) in entries {
        dict.set(tag, Object::Reference(id));
    }
    Ok(())
}

/// The id of the `/Font` dictionary the first page's resources point at
/// (printpdf gives every page the same one).
fn font_resources(lo: &lopdf::Document) -> Result<ObjectId, PdfError> {
    let page = *lo
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| ser("no pages"))?;
    let page = lo.get_dictionary(page).map_err(ser)?;
    let resources = match page.get(b"Resources").map_err(ser)? {
        Object::Reference(id) => lo.get_dictionary(*id).map_err(ser)?,
        Object::Dictionary(d) => d,
        _ => return Err(ser("page /Resources is not a dictionary")),
    };
    resources
        .get(b"Font")
        .and_then(Object::as_reference)
        .map_err(|_| ser("page /Resources has no /Font reference"))
}

/// Adds the objects of one font and returns the id of its `Type0` font.
fn type0(lo: &mut lopdf::Document, font: &PdfFont) -> ObjectId {
    let p = &font.program;
    let base = format!("{}+{}", font.res.0, p.name);
    let mut file = Dictionary::new();
    file.set("Length1", Object::Integer(p.bytes.len() as i64));
    let file_id = lo.add_object(Stream::new(file, p.bytes.clone()));
    // StemV estimated from the weight class: ~88 at 400, ~166 at 700.
    let stem_v = 50 + (f32::from(p.weight) / 65.0).powi(2).round() as i64;
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    let flags = NONSYMBOLIC | if p.italic_angle != 0 { ITALIC } else { 0 };
    let descriptor = Dictionary::from_iter([
        ("Type", name("FontDescriptor")),
        ("FontName", name(&base)),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(p.bbox.iter().map(|&v| Object::Integer(v)).collect()),
        ),
        ("ItalicAngle", Object::Integer(p.italic_angle)),
        ("Ascent", Object::Integer(p.ascent)),
        ("Descent", Object::Integer(p.descent)),
        ("CapHeight", Object::Integer(p.cap_height)),
        ("StemV", Object::Integer(stem_v)),
        ("FontFile2", Object::Reference(file_id)),
    ]);
    let descriptor_id = lo.add_object(descriptor);
    let map_id = lo.add_object(Stream::new(Dictionary::new(), cid_to_gid_map(font)));
    let system_info = Dictionary::from_iter([
        (
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        ),
        (
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        ),
        ("Supplement", Object::Integer(0)),
    ]);
    let cid_font = Dictionary::from_iter([
        ("Type", name("Font")),
        ("Subtype", name("CIDFontType2")),
        ("BaseFont", name(&base)),
        ("CIDSystemInfo", Object::Dictionary(system_info)),
        ("FontDescriptor", Object::Reference(descriptor_id)),
        ("DW", Object::Integer(0)),
        ("W", Object::Array(widths(font))),
        ("CIDToGIDMap", Object::Reference(map_id)),
    ]);
    let cid_font_id = lo.add_object(cid_font);
    let cmap = to_unicode(font);
    let cmap_id = lo.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
    lo.add_object(Dictionary::from_iter([
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&base)),
        ("Encoding", name("Identity-H")),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font_id)]),
        ),
        ("ToUnicode", Object::Reference(cmap_id)),
    ]))
}

/// The `/CIDToGIDMap` stream: for CIDs 0 to the largest one used, the
/// subset glyph id as two big-endian bytes (0 for unused CIDs).
fn cid_to_gid_map(font: &PdfFont) -> Vec<u8> {
    let map = &font.program.cid_to_gid;
    let last = map.keys().next_back().copied().unwrap_or(0);
    let mut out = vec![0u8; (usize::from(last) + 1) * 2];
    for (&cid, &gid) in map {
        let at = usize::from(cid) * 2;
        out[at..at + 2].copy_from_slice(&gid.to_be_bytes());
    }
    out
}

/// The `/W` array: runs of consecutive CIDs, `first [w1 w2 …]`.
fn widths(font: &PdfFont) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Option<(u16, Vec<Object>)> = None;
    for (&cid, &w) in font.widths() {
        match &mut run {
            Some((first, ws)) if usize::from(*first) + ws.len() == usize::from(cid) => {
                ws.push(Object::Integer(w));
            }
            _ => {
                if let Some((first, ws)) = run.take() {
                    out.push(Object::Integer(i64::from(first)));
                    out.push(Object::Array(ws));
                }
                run = Some((cid, vec![Object::Integer(w)]));
            }
        }
    }
    if let Some((first, ws)) = run {
        out.push(Object::Integer(i64::from(first)));
        out.push(Object::Array(ws));
    }
    out
}

/// The `/ToUnicode` CMap: each CID with text to that text in UTF-16BE, at
/// most 100 mappings per `beginbfchar` block (ISO 32000-1, 9.10.3).
fn to_unicode(font: &PdfFont) -> String {
    let pairs: Vec<String> = font
        .texts()
        .iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(cid, text)| {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            format!("<{cid:04X}> <{hex}>")
        })
        .collect();
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for pair in chunk {
            s.push_str(pair);
            s.push('\n');
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}
