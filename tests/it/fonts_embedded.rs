//! The fonts of the built Dutch PDF: each one embedded as a subset
//! (`Type0` over `CIDFontType2`, a `/FontFile2` far smaller than its `.ttf`),
//! with a `/CIDToGIDMap`, `/W` widths and a `/ToUnicode` CMap that maps the
//! glyphs the page text uses.

use std::collections::BTreeSet;

use lopdf::Object;

use crate::common::{self, cli, dict, get};

/// The Dutch screen edition, built by the CLI from the shipped project.
fn dutch_pdf() -> lopdf::Document {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("nl.pdf");
    let root = common::root().to_str().expect("UTF-8");
    let out = cli(&["-C", root, "build", "-o", pdf.to_str().expect("UTF-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    lopdf::Document::load(&pdf).expect("PDF parses")
}

/// The decoded bytes of a stream object.
fn stream_bytes(pdf: &lopdf::Document, o: &Object) -> Vec<u8> {
    match common::deref(pdf, o) {
        Object::Stream(s) => s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone()),
        other => panic!("expected a stream, found {other:?}"),
    }
}

/// The name of a `/Name` object.
fn name(o: Option<&Object>) -> &str {
    std::str::from_utf8(o.and_then(|o| o.as_name().ok()).expect("a name")).expect("ASCII")
}

/// The hex codes of a CMap's `beginbfchar` lines: `<CID> <text>`.
fn cmap_cids(cmap: &str) -> BTreeSet<u16> {
    cmap.lines()
        .filter_map(|l| l.strip_prefix('<'))
        .filter_map(|l| l.split_once("> <"))
        .filter_map(|(cid, _)| u16::from_str_radix(cid, 16).ok())
        .collect()
}

#[test]
fn every_font_is_an_embedded_subset_with_widths_and_unicode() {
    let pdf = dutch_pdf();
    let ttf_size = std::fs::metadata(common::root().join("fonts/NotoSans-Regular.ttf"))
        .expect("font file")
        .len() as usize;
    let mut fonts = 0;
    for (page_no, page) in pdf.get_pages() {
        let page_dict = pdf.get_dictionary(page).expect("page");
        let resources = dict(&pdf, page_dict.get(b"Resources").expect("resources"));
        let Some(font_dict) = get(&pdf, resources, "Font") else {
            continue;
        };
        let font_dict = font_dict.as_dict().expect("font resources");
        let used: BTreeSet<u16> = pdf
            .get_and_decode_page_content(page)
            .expect("content")
            .operations
            .iter()
            .filter(|op| op.operator == "TJ")
            .flat_map(|op| op.operands[0].as_array().expect("TJ array").clone())
            .filter_map(|o| o.as_str().ok().map(<[u8]>::to_vec))
            .flat_map(|b| {
                b.chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (tag, font) in font_dict.iter() {
            let tag = std::str::from_utf8(tag).expect("ASCII");
            let font = dict(&pdf, font);
            fonts += 1;
            assert_eq!(name(get(&pdf, font, "Subtype")), "Type0", "{tag}");
            assert_eq!(name(get(&pdf, font, "Encoding")), "Identity-H", "{tag}");
            let base = name(get(&pdf, font, "BaseFont"));
            assert!(base.starts_with(&format!("{tag}+")), "{base} has tag {tag}");
            let kids = get(&pdf, font, "DescendantFonts").and_then(|o| o.as_array().ok());
            let cid_font = dict(&pdf, &kids.expect("descendant")[0]);
            assert_eq!(name(get(&pdf, cid_font, "Subtype")), "CIDFontType2");
            let w = get(&pdf, cid_font, "W").and_then(|o| o.as_array().ok());
            assert!(!w.expect("/W").is_empty(), "{tag}: /W lists widths");
            let map = stream_bytes(&pdf, cid_font.get(b"CIDToGIDMap").expect("map"));
            assert_eq!(map.len() % 2, 0);
            let descriptor = dict(&pdf, cid_font.get(b"FontDescriptor").expect("descriptor"));
            assert_eq!(name(get(&pdf, descriptor, "FontName")), base);
            let program = stream_bytes(&pdf, descriptor.get(b"FontFile2").expect("FontFile2"));
            assert!(
                program.len() * 4 < ttf_size,
                "{tag}: {} bytes is not a subset of a {ttf_size}-byte font",
                program.len()
            );
            let cmap = String::from_utf8(stream_bytes(&pdf, font.get(b"ToUnicode").expect("cmap")))
                .expect("ASCII CMap");
            let mapped = cmap_cids(&cmap);
            for cid in used.iter().filter(|&&c| mapped.contains(&c)) {
                let at = usize::from(*cid) * 2;
                assert!(
                    map.get(at..at + 2).is_some_and(|g| g != [0, 0]),
                    "{tag}: CID {cid} on page {page_no} maps to a subset glyph"
                );
            }
        }
    }
    assert!(
        fonts >= 3,
        "regular, italic and bold are embedded ({fonts})"
    );
}

#[test]
fn to_unicode_maps_the_glyphs_of_the_text() {
    let pdf = dutch_pdf();
    let mut mapped = BTreeSet::new();
    for (_, page) in pdf.get_pages() {
        let page_dict = pdf.get_dictionary(page).expect("page");
        let resources = dict(&pdf, page_dict.get(b"Resources").expect("resources"));
        let Some(fonts) = get(&pdf, resources, "Font").and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        for (_, font) in fonts.iter() {
            let font = dict(&pdf, font);
            let cmap = stream_bytes(&pdf, font.get(b"ToUnicode").expect("cmap"));
            let cmap = String::from_utf8(cmap).expect("ASCII CMap");
            for line in cmap
                .lines()
                .filter(|l| l.starts_with('<') && l.contains("> <"))
            {
                let hex = line.rsplit_once('<').expect("text").1.trim_end_matches('>');
                let units: Vec<u16> = (0..hex.len())
                    .step_by(4)
                    .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).expect("hex"))
                    .collect();
                mapped.extend(char::decode_utf16(units).map(|c| c.expect("UTF-16")));
            }
        }
    }
    // Every letter pdftotext extracts is one a CMap maps a glyph to.
    let mut bytes = Vec::new();
    let mut pdf = pdf;
    pdf.save_to(&mut bytes).expect("save");
    let Some(text) = common::pdftotext(&bytes, &[]) else {
        return;
    };
    let missing: BTreeSet<char> = text
        .chars()
        .filter(|c| c.is_alphabetic() && !mapped.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "letters not in any ToUnicode CMap: {missing:?}"
    );
    assert!(mapped.contains(&'z') && mapped.contains(&'Z'));
}
