//! End-to-end: the real Dutch brochure built through the library (once per
//! test binary), read back with lopdf and, where installed, pdftotext; plus
//! the command-line binary and a broken copy of the project.

mod cli;
mod document;
mod links;
mod outline;
mod text;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common::{deref, get, pdftotext, root};

const TITLE: &str = "Wellnesspraktijken en complementaire therapieën bij MS";
const A4_H: f32 = 841.89;

/// The brochure, built once.
struct Built {
    bytes: Vec<u8>,
    pdf: Document,
    /// pdftotext's text of each page (`None` when pdftotext is missing).
    pages: Option<Vec<String>>,
}

fn build_to(root: &Path, out: &Path) -> Result<brochure::Built, brochure::BuildError> {
    brochure::build(
        root,
        &brochure::BuildOptions {
            output: Some(out.to_path_buf()),
            ..Default::default()
        },
    )
}

/// Builds the real brochure into a fresh temporary folder; returns its bytes.
fn build_bytes() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("brochure.pdf");
    let built = match build_to(root(), &out) {
        Ok(b) => b,
        Err(e) => {
            let shown: Vec<String> = e.diagnostics.iter().map(|d| e.sources.render(d)).collect();
            panic!("the brochure does not build:\n{}", shown.join("\n"));
        }
    };
    assert_eq!(built.output, out);
    assert!(
        !dir.path().join("brochure.pdf.part").exists(),
        "temporary file left behind"
    );
    std::fs::read(&out).expect("the PDF was written")
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let bytes = build_bytes();
        let pdf = Document::load_mem(&bytes).expect("lopdf reads the PDF");
        let pages = pdftotext(&bytes, &[]).map(|t| {
            // pdftotext ends every page with a form feed
            let t = t.strip_suffix('\u{c}').unwrap_or(&t);
            t.split('\u{c}').map(str::to_owned).collect()
        });
        Built { bytes, pdf, pages }
    })
}

/// Lowercase letters and digits only: compares text regardless of spacing,
/// punctuation, line breaks and the typesetter's hyphens.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn name_of<'a>(pdf: &'a Document, d: &'a Dictionary, key: &str) -> Option<&'a str> {
    get(pdf, d, key)
        .and_then(|o| o.as_name().ok())
        .map(|n| std::str::from_utf8(n).expect("ASCII name"))
}

fn numbers(pdf: &Document, o: &Object) -> Vec<f32> {
    deref(pdf, o)
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| deref(pdf, v).as_float().expect("a number"))
        .collect()
}

/// Decodes a PDF text string: UTF-16BE or UTF-8 with a byte order mark,
/// otherwise PDFDocEncoding.
fn pdf_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        assert!(rest.len() % 2 == 0, "odd UTF-16 string length");
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).expect("valid UTF-16");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).expect("valid UTF-8");
    }
    // PDFDocEncoding: Latin-1 except for these two ranges (PDF 1.7, annex D).
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 32] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x18..=0x1F => LOW[usize::from(b - 0x18)],
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            0xA0 => '€',
            b => char::from(b),
        })
        .collect()
}

fn text_of(pdf: &Document, d: &Dictionary, key: &str) -> Option<String> {
    get(pdf, d, key).and_then(|o| o.as_str().ok()).map(pdf_text)
}

fn page_ids(pdf: &Document) -> Vec<ObjectId> {
    pdf.get_pages().into_values().collect()
}

/// Zero-based page index of a destination array's page reference.
fn dest_page(pdf: &Document, dest: &Object, pages: &[ObjectId]) -> usize {
    let arr = deref(pdf, dest).as_array().expect("a destination array");
    let id = arr[0].as_reference().expect("page reference");
    let kind = arr.get(1).and_then(|o| o.as_name().ok());
    assert!(
        matches!(
            kind,
            Some(b"XYZ" | b"Fit" | b"FitH" | b"FitR" | b"FitB" | b"FitBH")
        ),
        "destination type {kind:?}"
    );
    pages
        .iter()
        .position(|p| *p == id)
        .unwrap_or_else(|| panic!("destination {id:?} is not a page"))
}

/// An outline item.
#[derive(Debug)]
struct Bookmark {
    title: String,
    page: usize,
    children: Vec<Bookmark>,
}

fn outline_level(pdf: &Document, first: Option<&Object>, pages: &[ObjectId]) -> Vec<Bookmark> {
    let mut out = Vec::new();
    let mut next = first.map(|o| o.as_reference().expect("outline reference"));
    let mut seen = BTreeSet::new();
    while let Some(id) = next {
        assert!(seen.insert(id), "outline loops at {id:?}");
        let d = pdf.get_dictionary(id).expect("outline item");
        let title = text_of(pdf, d, "Title").expect("outline item has a Title");
        let page = dest_page(pdf, get(pdf, d, "Dest").expect("item has Dest"), pages);
        let children = outline_level(pdf, d.get(b"First").ok(), pages);
        if let Some(first) = children.first() {
            assert!(
                d.get(b"Last").is_ok(),
                "{title}: First without Last ({first:?})"
            );
        }
        out.push(Bookmark {
            title,
            page,
            children,
        });
        next = d.get(b"Next").ok().map(|o| o.as_reference().expect("Next"));
    }
    out
}

fn outline(pdf: &Document) -> Vec<Bookmark> {
    let catalog = pdf.catalog().expect("catalog");
    let root = get(pdf, catalog, "Outlines").expect("catalog has /Outlines");
    let root = match root {
        Object::Dictionary(d) => d,
        other => panic!("Outlines is {other:?}"),
    };
    outline_level(pdf, root.get(b"First").ok(), &page_ids(pdf))
}

fn find<'a>(items: &'a [Bookmark], title: &str) -> Option<&'a Bookmark> {
    items.iter().find_map(|b| {
        (b.title == title)
            .then_some(b)
            .or_else(|| find(&b.children, title))
    })
}
