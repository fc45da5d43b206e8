//! The file's structure read back with lopdf: boxes, resources, images,
//! links, tags, outline, metadata, page labels; determinism; qpdf and pdffonts.

use brochure::pdf::write;
use lopdf::{Dictionary, Object};

use super::{
    SLUG, TRIM_H, TRIM_W, URL, assert_close, dict, font_book, font_bytes, numbers, resolve,
    run_tool, sample, written,
};

fn get<'a>(doc: &'a lopdf::Document, d: &'a Dictionary, key: &str) -> &'a Object {
    resolve(
        doc,
        d.get(key.as_bytes())
            .unwrap_or_else(|_| panic!("missing /{key} in {d:?}")),
    )
}

fn text_string(obj: &Object) -> String {
    let bytes = obj.as_str().expect("string");
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("utf-16")
    } else {
        String::from_utf8(bytes.to_vec()).expect("ascii")
    }
}

#[test]
fn writes_a_valid_document() {
    let bytes = written();
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    assert!(bytes.starts_with(b"%PDF-1.7"));

    // Pages and boxes.
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 2);
    let page_ids: Vec<_> = pages.values().copied().collect();
    let (mw, mh) = (TRIM_W + 54.0, TRIM_H + 54.0);
    for id in &page_ids {
        let page = doc.get_dictionary(*id).expect("page");
        assert_close(&numbers(get(&doc, page, "MediaBox")), &[0.0, 0.0, mw, mh]);
        assert_close(
            &numbers(get(&doc, page, "BleedBox")),
            &[SLUG, SLUG, mw - SLUG, mh - SLUG],
        );
        assert_close(
            &numbers(get(&doc, page, "TrimBox")),
            &[27.0, 27.0, 27.0 + TRIM_W, 27.0 + TRIM_H],
        );
    }

    // The font: one Type0 font, a subset with ToUnicode.
    let page1 = doc.get_dictionary(page_ids[0]).expect("page 1");
    let resources = dict(&doc, page1.get(b"Resources").expect("resources"));
    let fonts = dict(&doc, resources.get(b"Font").expect("fonts"));
    assert_eq!(fonts.len(), 1, "one font resource per FontId");
    let (_, font_ref) = fonts.iter().next().expect("a font");
    let font = dict(&doc, font_ref);
    assert_eq!(
        get(&doc, font, "Subtype").as_name().ok(),
        Some(&b"Type0"[..])
    );
    let base = String::from_utf8(
        get(&doc, font, "BaseFont")
            .as_name()
            .expect("name")
            .to_vec(),
    )
    .expect("ascii");
    let (tag, face) = base.split_once('+').expect("subset tag");
    assert_eq!(tag.len(), 6);
    assert!(tag.bytes().all(|b| b.is_ascii_uppercase()), "{base}");
    assert!(face.starts_with("NotoSans"), "{base}");
    let to_unicode = match get(&doc, font, "ToUnicode") {
        Object::Stream(s) => s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone()),
        other => panic!("ToUnicode is not a stream: {other:?}"),
    };
    assert!(String::from_utf8_lossy(&to_unicode).contains("beginbfchar"));
    let descendant = dict(
        &doc,
        &get(&doc, font, "DescendantFonts")
            .as_array()
            .expect("array")[0],
    );
    let descriptor = dict(&doc, descendant.get(b"FontDescriptor").expect("descriptor"));
    let file = match get(&doc, descriptor, "FontFile2") {
        Object::Stream(s) => s,
        other => panic!("FontFile2 is not a stream: {other:?}"),
    };
    let program = file.decompressed_content().expect("font program decodes");
    let full = font_bytes().len();
    assert!(
        program.len() < 40_000 && program.len() * 10 < full,
        "font program {} bytes (full font {full})",
        program.len()
    );

    // Images: the PNG's alpha is a soft mask; the JPEG is embedded as is.
    let xobjects = dict(&doc, resources.get(b"XObject").expect("xobjects"));
    let mut found_png = false;
    let mut found_jpeg = false;
    for (_, xref) in xobjects.iter() {
        let Object::Stream(s) = resolve(&doc, xref) else {
            panic!("xobject is not a stream")
        };
        if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Form"[..]) {
            continue; // a glyph of the footer
        }
        match s.dict.get(b"Filter").and_then(Object::as_name) {
            Ok(b"DCTDecode") => {
                assert_eq!(s.content, *sample().images[1].bytes, "JPEG bytes unchanged");
                found_jpeg = true;
            }
            _ => {
                assert!(s.dict.get(b"SMask").is_ok(), "PNG alpha becomes an SMask");
                assert_eq!(s.dict.get(b"Width").and_then(Object::as_i64).ok(), Some(4));
                found_png = true;
            }
        }
    }
    assert!(found_png && found_jpeg);

    // Links.
    let annots = get(&doc, page1, "Annots").as_array().expect("annots");
    assert_eq!(annots.len(), 1);
    let link = dict(&doc, &annots[0]);
    assert_eq!(
        get(&doc, link, "Subtype").as_name().ok(),
        Some(&b"Link"[..])
    );
    assert_close(&numbers(get(&doc, link, "Border")), &[0.0, 0.0, 0.0]);
    let action = dict(&doc, link.get(b"A").expect("action"));
    assert_eq!(get(&doc, action, "URI").as_str().ok(), Some(URL.as_bytes()));
    let rect = numbers(get(&doc, link, "Rect"));
    assert_close(&rect, &[67.0, mh - 27.0 - 162.0, 187.0, mh - 27.0 - 150.0]);

    let page2 = doc.get_dictionary(page_ids[1]).expect("page 2");
    let annots = get(&doc, page2, "Annots").as_array().expect("annots");
    let link = dict(&doc, &annots[0]);
    let dest = get(&doc, link, "Dest").as_array().expect("dest");
    assert_eq!(dest[0].as_reference().ok(), Some(page_ids[0]));
    assert_eq!(dest[1].as_name().ok(), Some(&b"XYZ"[..]));
    assert_close(&[dest[3].as_float().expect("top")], &[mh - 27.0 - 60.0]);

    // Catalog.
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        get(&doc, catalog, "Lang").as_str().ok(),
        Some(&b"nl-NL"[..])
    );
    assert_eq!(
        get(&doc, catalog, "PageMode").as_name().ok(),
        Some(&b"UseOutlines"[..])
    );
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").expect("prefs"));
    assert_eq!(
        get(&doc, prefs, "DisplayDocTitle").as_bool().ok(),
        Some(true)
    );

    // Structure: Document → H1, P (holding the URI's Link), Figure ×2, P.
    let mark_info = dict(&doc, catalog.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(get(&doc, mark_info, "Marked").as_bool().ok(), Some(true));
    let root = dict(&doc, catalog.get(b"StructTreeRoot").expect("structure"));
    let document = dict(&doc, root.get(b"K").expect("root element"));
    assert_eq!(
        get(&doc, document, "S").as_name().ok(),
        Some(&b"Document"[..])
    );
    let kids: Vec<&Dictionary> = get(&doc, document, "K")
        .as_array()
        .expect("kids")
        .iter()
        .map(|k| dict(&doc, k))
        .collect();
    let tags: Vec<&[u8]> = kids
        .iter()
        .map(|k| get(&doc, k, "S").as_name().expect("tag"))
        .collect();
    assert_eq!(tags, [&b"H1"[..], b"P", b"Figure", b"Figure", b"P"]);
    assert_eq!(
        text_string(get(&doc, kids[2], "Alt")),
        "Een verpleegkundige in gesprek"
    );
    let paragraph_kids = get(&doc, kids[1], "K").as_array().expect("kids");
    let link_elem = dict(&doc, paragraph_kids.last().expect("link element"));
    assert_eq!(get(&doc, link_elem, "S").as_name().ok(), Some(&b"Link"[..]));
    assert_eq!(get(&doc, page1, "StructParents").as_i64().ok(), Some(0));

    // Outline: two levels.
    let outlines = dict(&doc, catalog.get(b"Outlines").expect("outline"));
    assert_eq!(get(&doc, outlines, "Count").as_i64().ok(), Some(3));
    let first = dict(&doc, outlines.get(b"First").expect("first"));
    assert_eq!(text_string(get(&doc, first, "Title")), "Inleiding");
    let child = dict(&doc, first.get(b"First").expect("child"));
    assert_eq!(
        text_string(get(&doc, child, "Title")),
        "Officiële informatie"
    );
    let child_dest = get(&doc, child, "Dest").as_array().expect("dest");
    assert_eq!(child_dest[0].as_reference().ok(), Some(page_ids[0]));
    assert_close(
        &[child_dest[3].as_float().expect("top")],
        &[mh - 27.0 - 150.0],
    );
    let second = dict(&doc, first.get(b"Next").expect("next"));
    assert_eq!(text_string(get(&doc, second, "Title")), "Verder lezen");
    let dest = get(&doc, second, "Dest").as_array().expect("dest");
    assert_eq!(dest[0].as_reference().ok(), Some(page_ids[1]));

    // Document information and XMP.
    let info = dict(&doc, doc.trailer.get(b"Info").expect("info"));
    assert_eq!(
        text_string(get(&doc, info, "Title")),
        "Gezondheidsgids: één overzicht"
    );
    assert_eq!(
        text_string(get(&doc, info, "Author")),
        "Stichting Voorbeeld"
    );
    assert_eq!(text_string(get(&doc, info, "Creator")), "brochure");
    assert_eq!(
        text_string(get(&doc, info, "CreationDate")),
        "D:20250301123456+00'00'"
    );
    let Object::Stream(xmp) = get(&doc, catalog, "Metadata") else {
        panic!("no XMP stream")
    };
    let xmp = String::from_utf8(xmp.content.clone()).expect("XMP is UTF-8");
    assert!(xmp.contains("<rdf:li>nl-NL</rdf:li>"), "{xmp}");
    assert!(xmp.contains("2025-03-01T12:34:56+00:00"), "{xmp}");
    assert!(xmp.contains("Gezondheidsgids: één overzicht"), "{xmp}");
    assert!(!xmp.contains("00000000-0000"), "document id is set");
    let id = doc
        .trailer
        .get(b"ID")
        .expect("ID")
        .as_array()
        .expect("array");
    assert_eq!(id[0].as_str().expect("string").len(), 16);
}

#[test]
fn output_is_deterministic() {
    let a = written();
    let b = written();
    assert!(a == b, "two writes of the same document differ");
}

#[test]
fn page_labels_follow_printed_numbers() {
    // Sheet numbers as labels: no /PageLabels needed.
    let lo = lopdf::Document::load_mem(&written()).expect("lopdf reads the output");
    assert!(lo.catalog().expect("catalog").get(b"PageLabels").is_err());

    let mut doc = sample();
    doc.pages[0].label = None;
    doc.pages[1].label = Some("7".into());
    let bytes = write(&doc, &font_book()).expect("PDF is written");
    let lo = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    let labels = dict(
        &lo,
        lo.catalog()
            .expect("catalog")
            .get(b"PageLabels")
            .expect("labels"),
    );
    let nums = get(&lo, labels, "Nums").as_array().expect("nums");
    assert_eq!(nums.len(), 4);
    assert_eq!(nums[2].as_i64().ok(), Some(1));
    let second = dict(&lo, &nums[3]);
    assert_eq!(get(&lo, second, "St").as_i64().ok(), Some(7));
}

#[test]
fn external_tools_accept_the_file() {
    let bytes = written();
    if let Some(out) = run_tool("qpdf", &["--check"], &bytes, false) {
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "qpdf --check: {out}"
        );
        assert!(
            !out.to_lowercase().contains("warning"),
            "qpdf --check: {out}"
        );
    }
    if let Some(out) = run_tool("pdffonts", &[], &bytes, false) {
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert_eq!(rows.len(), 1, "{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object id
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{out}");
        }
    }
}
