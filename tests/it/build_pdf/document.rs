//! The built brochure as a file: A4 pages and their boxes, metadata,
//! identical rebuilds, and the images as the stand-in PNGs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use lopdf::{Document, Object, ObjectId};

use super::{A4_H, TITLE, build_bytes, built, name_of, numbers, page_ids, text_of};
use crate::common::{dict, get, root};

const A4_W: f32 = 595.28;

/// A page attribute, inherited from the page tree when the page lacks it.
fn inherited<'a>(pdf: &'a Document, page: ObjectId, key: &str) -> Option<&'a Object> {
    let mut d = pdf.get_dictionary(page).expect("page dictionary");
    loop {
        if let Some(v) = get(pdf, d, key) {
            return Some(v);
        }
        let parent = d.get(b"Parent").ok()?;
        d = dict(pdf, parent);
    }
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).expect("read PNG");
    assert_eq!(
        &b[..8],
        b"\x89PNG\r\n\x1a\n",
        "{}: not a PNG",
        path.display()
    );
    assert_eq!(&b[12..16], b"IHDR", "{}: IHDR first", path.display());
    let w = u32::from_be_bytes(b[16..20].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(b[20..24].try_into().expect("4 bytes"));
    (w, h)
}

/// A PNG's IDAT chunks, joined: its zlib data.
fn png_idat(path: &Path) -> Vec<u8> {
    let b = std::fs::read(path).expect("read PNG");
    let mut rest = &b[8..];
    let mut idat = Vec::new();
    while rest.len() >= 12 {
        let len = u32::from_be_bytes(rest[..4].try_into().expect("4 bytes")) as usize;
        if &rest[4..8] == b"IDAT" {
            idat.extend_from_slice(&rest[8..8 + len]);
        }
        rest = &rest[12 + len..];
    }
    idat
}

#[test]
fn pages_are_a4_with_equal_boxes() {
    let pdf = &built().pdf;
    let pages = page_ids(pdf);
    assert!(
        (16..=40).contains(&pages.len()),
        "{} pages, expected 16 to 40",
        pages.len()
    );
    let catalog = pdf.catalog().expect("catalog");
    let tree = dict(pdf, catalog.get(b"Pages").expect("Pages"));
    assert_eq!(
        get(pdf, tree, "Count").and_then(|c| c.as_i64().ok()),
        Some(pages.len() as i64)
    );
    for (i, &p) in pages.iter().enumerate() {
        let boxes: BTreeMap<&str, Vec<f32>> = ["MediaBox", "CropBox", "TrimBox", "BleedBox"]
            .into_iter()
            .filter_map(|k| inherited(pdf, p, k).map(|o| (k, numbers(pdf, o))))
            .collect();
        let media = boxes
            .get("MediaBox")
            .unwrap_or_else(|| panic!("page {}: no MediaBox", i + 1));
        assert_eq!(media.len(), 4);
        let (w, h) = (media[2] - media[0], media[3] - media[1]);
        assert!(
            (w - A4_W).abs() < 0.1 && (h - A4_H).abs() < 0.1,
            "page {}: MediaBox {media:?} is not A4",
            i + 1
        );
        for key in ["TrimBox", "BleedBox"] {
            let b = boxes
                .get(key)
                .unwrap_or_else(|| panic!("page {}: no {key}", i + 1));
            let same = b.len() == 4 && b.iter().zip(media).all(|(a, m)| (a - m).abs() < 0.01);
            assert!(same, "page {}: {key} {b:?} ≠ MediaBox {media:?}", i + 1);
        }
        if let Some(crop) = boxes.get("CropBox") {
            assert!(
                crop.iter().zip(media).all(|(a, m)| (a - m).abs() < 0.01),
                "page {}: CropBox {crop:?} ≠ MediaBox {media:?}",
                i + 1
            );
        }
    }
}

/// `D:YYYYMMDDHHmmSS` of a Unix time (UTC), through the crate's one date
/// conversion (checked against a known answer in `metadata`).
fn pdf_date(secs: i64) -> String {
    let d = brochure::model::date::DateTime::from_unix(secs);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}",
        d.year, d.month, d.day, d.hour, d.minute, d.second
    )
}

#[test]
fn metadata() {
    let pdf = &built().pdf;
    let info = dict(pdf, pdf.trailer.get(b"Info").expect("trailer /Info"));
    assert_eq!(text_of(pdf, info, "Title").as_deref(), Some(TITLE));
    assert_eq!(text_of(pdf, info, "Author").as_deref(), Some("MSIF"));

    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let expected = match epoch {
        Some(secs) => pdf_date(secs),
        None => "D:20241201".to_owned(),
    };
    assert_eq!(pdf_date(1_733_011_200), "D:20241201000000");
    for key in ["CreationDate", "ModDate"] {
        let date = text_of(pdf, info, key).unwrap_or_else(|| panic!("Info has no {key}"));
        assert!(
            date.starts_with(&expected),
            "{key} {date}, expected {expected}… (SOURCE_DATE_EPOCH {epoch:?})"
        );
    }

    let catalog = pdf.catalog().expect("catalog");
    assert_eq!(text_of(pdf, catalog, "Lang").as_deref(), Some("nl-NL"));
    let prefs = get(pdf, catalog, "ViewerPreferences")
        .and_then(|o| o.as_dict().ok())
        .expect("ViewerPreferences");
    assert_eq!(
        get(pdf, prefs, "DisplayDocTitle").and_then(|o| o.as_bool().ok()),
        Some(true)
    );

    let xmp = get(pdf, catalog, "Metadata")
        .and_then(|o| o.as_stream().ok())
        .expect("catalog /Metadata stream");
    assert_eq!(name_of(pdf, &xmp.dict, "Type"), Some("Metadata"));
    assert_eq!(name_of(pdf, &xmp.dict, "Subtype"), Some("XML"));
    let packet = xmp.decompressed_content().unwrap_or(xmp.content.clone());
    let packet = String::from_utf8(packet).expect("XMP is UTF-8");
    let title = packet
        .split_once("<dc:title>")
        .and_then(|(_, rest)| rest.split_once("</dc:title>"))
        .map(|(t, _)| t)
        .expect("XMP has dc:title");
    assert!(title.contains(TITLE), "dc:title {title}");
    let iso = &expected[2..];
    let iso = format!("{}-{}-{}", &iso[..4], &iso[4..6], &iso[6..8]);
    assert!(
        packet.contains(&format!("<xmp:CreateDate>{iso}")),
        "XMP CreateDate does not start with {iso}"
    );
}

#[test]
fn builds_are_identical() {
    let again = build_bytes();
    assert!(
        again == built().bytes,
        "two builds differ ({} vs {} bytes)",
        again.len(),
        built().bytes.len()
    );
}

#[test]
fn images_match_the_stand_in_pngs() {
    let pdf = &built().pdf;
    let mut masks = BTreeSet::new();
    let mut images = Vec::new();
    for (id, obj) in &pdf.objects {
        let Ok(s) = obj.as_stream() else { continue };
        if name_of(pdf, &s.dict, "Subtype") != Some("Image") {
            continue;
        }
        if let Ok(m) = s.dict.get(b"SMask").and_then(Object::as_reference) {
            masks.insert(m);
        }
        let w = get(pdf, &s.dict, "Width").and_then(|o| o.as_i64().ok());
        let h = get(pdf, &s.dict, "Height").and_then(|o| o.as_i64().ok());
        images.push((*id, (w.expect("Width"), h.expect("Height"))));
    }
    // the photos (8-bit RGB PNGs) are their own zlib data, with the PNG
    // predictors, not decoded and compressed again
    let idats: Vec<Vec<u8>> = std::fs::read_dir(root().join("source/images"))
        .expect("images")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .map(|p| png_idat(&p))
        .collect();
    for (id, (w, _)) in &images {
        let s = pdf
            .get_object(*id)
            .and_then(Object::as_stream)
            .expect("image");
        assert_eq!(name_of(pdf, &s.dict, "Filter"), Some("FlateDecode"));
        let parms = dict(pdf, s.dict.get(b"DecodeParms").expect("DecodeParms"));
        let parm = |k: &str| get(pdf, parms, k).and_then(|o| o.as_i64().ok());
        assert_eq!(
            [
                parm("Predictor"),
                parm("Colors"),
                parm("BitsPerComponent"),
                parm("Columns")
            ],
            [Some(15), Some(3), Some(8), Some(*w)]
        );
        assert!(
            idats.contains(&s.content),
            "image {id:?} is a source PNG's IDAT data"
        );
    }
    let mut sizes: Vec<(i64, i64)> = images
        .iter()
        .filter(|(id, _)| !masks.contains(id))
        .map(|(_, s)| *s)
        .collect();
    sizes.sort();

    let mut want = Vec::new();
    for entry in std::fs::read_dir(root().join("source/images")).expect("images") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "png") {
            let (w, h) = png_size(&path);
            want.push((i64::from(w), i64::from(h)));
        }
    }
    want.sort();
    assert_eq!(want.len(), 5, "stand-in PNGs in source/images");
    assert_eq!(sizes, want, "image XObjects vs source/images/*.png");
}
