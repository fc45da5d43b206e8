//! The lopdf pass: everything printpdf does not write (or writes wrongly) is
//! set on its [`lopdf::Document`] here, then the file is compressed and
//! serialized deterministically.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::coords::UserSpace;
use super::deflate::{Deflater, StreamMemo};
use super::error::PdfError;
use super::object::{name, real, ser, text};
use super::page::PageContent;
use super::{Output, Standard, impose, marks, standard, structure};
use crate::layout::{DocInfo, LaidOut, LinkTarget, OutlineEntry, PageGeometry};
use crate::model::date::DateTime;

/// What the file says produced it.
const PRODUCER: &str = "brochure (printpdf 0.12, lopdf 0.44)";
/// The application that created the document.
const CREATOR: &str = "brochure";

/// Finishes printpdf's document and serializes it as `out` asks: printer's
/// marks in the slug, the pages imposed on sheets, the standard claimed.
/// Returns the bytes and how long compressing the streams took.
pub(crate) fn finish(
    mut lo: lopdf::Document,
    doc: &LaidOut,
    pages: &[PageContent],
    out: &Output,
    memo: Option<&StreamMemo>,
) -> Result<(Vec<u8>, std::time::Duration), PdfError> {
    let claim = out.standard.as_ref();
    lo.version = standard::version(claim).into();
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != doc.pages.len() {
        return Err(ser(format!(
            "printpdf wrote {} pages for {}",
            page_ids.len(),
            doc.pages.len()
        )));
    }

    let annots = finish_pages(&mut lo, doc, pages, &page_ids, out.marks)?;
    let outline = outline(&mut lo, doc, &page_ids);
    let tree = structure::build(&mut lo, &doc.blocks, pages, &page_ids, &annots)?;
    let labels = page_labels(doc);

    let mut info = info_dict(&doc.info);
    standard::info_entries(&mut info, claim);
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));
    lo.trailer.remove(b"ID");
    let xmp = xmp_stream(&doc.info, super::save::ZERO_UUID, tree.is_some(), claim);
    let xmp_id = lo.add_object(xmp);
    set_catalog(&mut lo, &doc.info, xmp_id, outline, labels, tree)?;
    if let Some(s) = claim {
        standard::add_output_intent(&mut lo, s)?;
    }

    if let Some(sheet) = out.impose {
        impose::impose(&mut lo, &page_ids, sheet, doc.info.rtl)?;
    }

    // Drop what printpdf wrote and we replaced (its Info dictionary).
    super::tidy::prune(&mut lo);
    super::tidy::renumber(&mut lo);
    let start = std::time::Instant::now();
    compress(&mut lo, memo);
    let compressing = start.elapsed();
    let xmp_id = lo
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(ser)?;
    Ok((
        super::save::save_identified(&lo, xmp_id, memo)?,
        compressing,
    ))
}

/// Finishes every page: printer's marks (when asked for), page boxes and
/// link annotations; returns the annotation ids of each page.
fn finish_pages(
    lo: &mut lopdf::Document,
    doc: &LaidOut,
    pages: &[PageContent],
    page_ids: &[ObjectId],
    draw_marks: bool,
) -> Result<Vec<Vec<ObjectId>>, PdfError> {
    let registration = draw_marks.then(|| marks::registration_space(lo));
    let mut annots = Vec::with_capacity(pages.len());
    let mut actions = Actions::default();
    for (i, (page, content)) in doc.pages.iter().zip(pages).enumerate() {
        if let Some(reg) = registration {
            marks::draw(lo, page_ids[i], &page.geometry, reg)?;
        }
        let ids = link_annotations(lo, content, doc, page_ids, &mut actions)?;
        let dict = lo
            .get_object_mut(page_ids[i])
            .and_then(Object::as_dict_mut)
            .map_err(ser)?;
        set_boxes(dict, &page.geometry);
        if ids.is_empty() {
            dict.remove(b"Annots");
        } else {
            dict.set(
                "Annots",
                ids.iter()
                    .map(|id| Object::Reference(*id))
                    .collect::<Vec<_>>(),
            );
        }
        annots.push(ids);
    }
    Ok(annots)
}

/// Sets the catalog entries: language, metadata, viewer preferences, page
/// mode and outline, page labels, the structure tree and `/MarkInfo`.
fn set_catalog(
    lo: &mut lopdf::Document,
    info: &DocInfo,
    xmp_id: ObjectId,
    outline: Option<ObjectId>,
    labels: Option<Dictionary>,
    tree: Option<ObjectId>,
) -> Result<(), PdfError> {
    let catalog = lo.catalog_mut().map_err(ser)?;
    catalog.set("Lang", text(&info.lang));
    catalog.set("Metadata", Object::Reference(xmp_id));
    let mut prefs = Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]);
    if info.rtl {
        // spreads and page order read right to left
        prefs.set("Direction", Object::Name(b"R2L".to_vec()));
    }
    catalog.set("ViewerPreferences", prefs);
    catalog.remove(b"Outlines");
    match outline {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", name("UseOutlines"));
        }
        None => catalog.set("PageMode", name("UseNone")),
    }
    if let Some(labels) = labels {
        catalog.set("PageLabels", labels);
    }
    let marked = tree.is_some();
    if let Some(root) = tree {
        catalog.set("StructTreeRoot", Object::Reference(root));
    }
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter([("Marked", Object::Boolean(marked))]),
    );
    Ok(())
}

/// Sets MediaBox, CropBox, BleedBox and TrimBox of a page.
fn set_boxes(page: &mut Dictionary, g: &PageGeometry) {
    let (w, h) = (g.media_width(), g.media_height());
    let rect = |inset: f32| {
        Object::Array(vec![
            real(inset),
            real(inset),
            real(w - inset),
            real(h - inset),
        ])
    };
    page.set("MediaBox", rect(0.0));
    page.set("CropBox", rect(0.0));
    page.set("BleedBox", rect(g.slug));
    page.set("TrimBox", rect(g.slug + g.bleed));
}

/// A destination: the page, scrolled so that layout `y` is at the top.
fn destination(doc: &LaidOut, page_ids: &[ObjectId], page: usize, y: f32) -> Object {
    let g = &doc.pages[page].geometry;
    let frame = UserSpace::new(g);
    Object::Array(vec![
        Object::Reference(page_ids[page]),
        name("XYZ"),
        real(frame.x(0.0)),
        real(frame.y(y)),
        Object::Null,
    ])
}

/// URIs must be 7-bit ASCII: percent-encode everything else.
fn ascii_uri(uri: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(uri.len());
    for &b in uri.as_bytes() {
        if b.is_ascii_graphic() {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    out
}

/// The URI actions written so far, one indirect object per URI, shared by
/// every annotation of that URI: a long URL set over many lines (one
/// annotation a line) is stored once, not once a line.
#[derive(Default)]
struct Actions {
    /// URI → its action and its `/Contents` text (an indirect string when
    /// the URI is long, [`SHARED_CONTENTS`]).
    by_uri: std::collections::HashMap<String, (ObjectId, Object)>,
}

/// URIs longer than this many bytes have their `/Contents` text stored once
/// as an indirect string.
const SHARED_CONTENTS: usize = 256;

impl Actions {
    /// The action and `/Contents` value for `uri`, written on first use.
    fn get(&mut self, lo: &mut lopdf::Document, uri: &str) -> (ObjectId, Object) {
        if let Some(found) = self.by_uri.get(uri) {
            return found.clone();
        }
        let action = lo.add_object(Dictionary::from_iter([
            ("S", name("URI")),
            ("URI", Object::String(ascii_uri(uri), StringFormat::Literal)),
        ]));
        let contents = if uri.len() > SHARED_CONTENTS {
            Object::Reference(lo.add_object(text(uri)))
        } else {
            text(uri)
        };
        self.by_uri
            .insert(uri.to_string(), (action, contents.clone()));
        (action, contents)
    }
}

/// Writes a page's link annotations; returns their ids.
fn link_annotations(
    lo: &mut lopdf::Document,
    content: &PageContent,
    doc: &LaidOut,
    page_ids: &[ObjectId],
    actions: &mut Actions,
) -> Result<Vec<ObjectId>, PdfError> {
    let mut annots = Vec::new();
    for link in &content.links {
        let mut dict = Dictionary::from_iter([
            ("Type", name("Annot")),
            ("Subtype", name("Link")),
            (
                "Rect",
                Object::Array(link.rect.iter().map(|v| real(*v)).collect()),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
            // Print flag: the annotation is printed with the page.
            ("F", Object::Integer(4)),
        ]);
        match &link.target {
            LinkTarget::Uri(uri) => {
                let (action, contents) = actions.get(lo, uri);
                dict.set("Contents", contents);
                dict.set("A", Object::Reference(action));
            }
            LinkTarget::Internal {
                page,
                y,
                description,
            } => {
                dict.set("Contents", text(description));
                if *page >= page_ids.len() {
                    return Err(PdfError::BadTarget {
                        page: *page,
                        pages: page_ids.len(),
                    });
                }
                dict.set("Dest", destination(doc, page_ids, *page, *y));
            }
            LinkTarget::Reference(_) => unreachable!("check_geometry refuses unresolved links"),
        }
        annots.push(lo.add_object(dict));
    }
    Ok(annots)
}

/// The `/PageLabels` number tree, when the printed page labels differ from
/// the page numbers viewers show by default. Consecutive numeric labels form
/// one decimal range; other labels are written literally; a page without a
/// label shows its sheet number.
fn page_labels(doc: &LaidOut) -> Option<Dictionary> {
    let plain = doc.pages.iter().enumerate().all(|(i, p)| match &p.label {
        None => true,
        Some(l) => *l == (i + 1).to_string(),
    });
    if plain {
        return None;
    }
    let mut nums = Vec::new();
    let mut previous: Option<u64> = None;
    for (i, page) in doc.pages.iter().enumerate() {
        let number = match &page.label {
            None => Some((i + 1) as u64),
            Some(l) => l.parse::<u64>().ok(),
        };
        match number {
            Some(n) if n > 0 => {
                if previous.map(|p| p + 1) != Some(n) {
                    nums.push(Object::Integer(i as i64));
                    nums.push(Object::Dictionary(Dictionary::from_iter([
                        ("S", name("D")),
                        ("St", Object::Integer(n as i64)),
                    ])));
                }
                previous = Some(n);
            }
            _ => {
                let label = page.label.as_deref().unwrap_or("");
                nums.push(Object::Integer(i as i64));
                nums.push(Object::Dictionary(Dictionary::from_iter([(
                    "P",
                    text(label),
                )])));
                previous = None;
            }
        }
    }
    Some(Dictionary::from_iter([("Nums", Object::Array(nums))]))
}

/// Writes the outline; returns the outline dictionary, if there is one.
fn outline(lo: &mut lopdf::Document, doc: &LaidOut, page_ids: &[ObjectId]) -> Option<ObjectId> {
    if doc.outline.is_empty() {
        return None;
    }
    let root = lo.new_object_id();
    let (first, last, count) = outline_level(lo, doc, page_ids, &doc.outline, root);
    lo.set_object(
        root,
        Dictionary::from_iter([
            ("Type", name("Outlines")),
            ("First", Object::Reference(first)),
            ("Last", Object::Reference(last)),
            ("Count", Object::Integer(count)),
        ]),
    );
    Some(root)
}

/// Writes one level of outline items (all open); returns the first and last
/// item and the number of visible descendants.
fn outline_level(
    lo: &mut lopdf::Document,
    doc: &LaidOut,
    page_ids: &[ObjectId],
    entries: &[OutlineEntry],
    parent: ObjectId,
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    let mut count = 0;
    for (i, entry) in entries.iter().enumerate() {
        let mut dict = Dictionary::from_iter([
            ("Title", text(&entry.title)),
            ("Parent", Object::Reference(parent)),
            ("Dest", destination(doc, page_ids, entry.page, entry.y)),
        ]);
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        count += 1;
        if !entry.children.is_empty() {
            let (first, last, n) = outline_level(lo, doc, page_ids, &entry.children, ids[i]);
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(n));
            count += n;
        }
        lo.set_object(ids[i], dict);
    }
    (ids[0], ids[ids.len() - 1], count)
}

impl DateTime {
    /// `D:YYYYMMDDHHmmSS+00'00'` (Info dictionary).
    fn pdf(&self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYY-MM-DDTHH:mm:SS+00:00` (XMP).
    fn xmp(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The document information dictionary.
fn info_dict(info: &DocInfo) -> Dictionary {
    let date = info.created.pdf();
    Dictionary::from_iter([
        ("Title", text(&info.title)),
        ("Author", text(&info.author)),
        ("Subject", text(&info.subject)),
        ("Creator", text(CREATOR)),
        ("Producer", text(PRODUCER)),
        ("CreationDate", Object::string_literal(date.clone())),
        ("ModDate", Object::string_literal(date)),
    ])
}

/// Text for the XMP packet: control characters dropped, both quotes escaped.
fn xml_escape(s: &str) -> String {
    crate::xml::escape(s, crate::xml::Controls::Drop, crate::xml::Quotes::Both)
}

/// The XMP metadata packet, consistent with the Info dictionary; a tagged
/// document (`ua`) also claims PDF/UA-1 (`pdfuaid:part`), and `claim` adds
/// its identification (`standard.rs`).
fn xmp_stream(info: &DocInfo, uuid: &str, ua: bool, claim: Option<&Standard>) -> Stream {
    let date = info.created.xmp();
    let e = xml_escape;
    let packet = format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"{ua_ns}{std_ns}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>{ua_part}{std_props}
  </rdf:Description>{extension}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{FEFF}',
        title = e(&info.title),
        author = e(&info.author),
        subject = e(&info.subject),
        lang = e(&info.lang),
        creator = e(CREATOR),
        producer = e(PRODUCER),
        ua_ns = if ua {
            "\n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\""
        } else {
            ""
        },
        ua_part = if ua {
            "\n   <pdfuaid:part>1</pdfuaid:part>"
        } else {
            ""
        },
        std_ns = standard::xmp_namespaces(claim),
        std_props = standard::xmp_properties(claim),
        extension = standard::xmp_extension(claim, ua),
    );
    // Left uncompressed so that tools that do not parse PDF can find it.
    Stream::new(
        Dictionary::from_iter([("Type", name("Metadata")), ("Subtype", name("XML"))]),
        packet.into_bytes(),
    )
    .with_compression(false)
}

/// Flate-compresses every stream that has no filter yet, as
/// `lopdf::Document::compress` does but at zlib's default level instead of
/// its best (a third of the time for about 1 % more bytes), spread over the
/// machine's cores, through `memo` if given (see `deflate.rs`). Each stream
/// is compressed on its own, so the bytes do not depend on the number of
/// threads.
pub(crate) fn compress(lo: &mut lopdf::Document, memo: Option<&StreamMemo>) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let per = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for chunk in streams.chunks_mut(per) {
            scope.spawn(move || {
                let mut z = Deflater::new(memo);
                chunk.iter_mut().for_each(|s| deflate(&mut z, s))
            });
        }
    });
}

/// Flate-compresses one stream with `z`, unless that would not make it
/// smaller.
fn deflate(z: &mut Deflater<'_>, s: &mut lopdf::Stream) {
    let packed = z.zlib(&s.content);
    if packed.len() + 19 < s.content.len() {
        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        s.set_content(packed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_dates() {
        let d = DateTime::from_unix(0);
        assert_eq!(d.pdf(), "D:19700101000000+00'00'");
        // 2025-03-01 12:34:56 UTC
        let d = DateTime::from_unix(1_740_832_496);
        assert_eq!(d.pdf(), "D:20250301123456+00'00'");
        assert_eq!(d.xmp(), "2025-03-01T12:34:56+00:00");
        // 2024-02-29 (leap day) 23:59:59 UTC
        assert_eq!(
            DateTime::from_unix(1_709_251_199).xmp(),
            "2024-02-29T23:59:59+00:00"
        );
        // Before the epoch: 1969-12-31 23:59:59
        assert_eq!(DateTime::from_unix(-1).pdf(), "D:19691231235959+00'00'");
    }

    #[test]
    fn uris_are_ascii() {
        assert_eq!(ascii_uri("https://x.nl/ä b"), b"https://x.nl/%C3%A4%20b");
    }
}
