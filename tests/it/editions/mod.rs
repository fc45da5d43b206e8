//! Editions and handouts end to end: the real brochure built through the
//! library as `print`, `booklet`, `large-print` and as handouts (each once
//! per test binary), read back with lopdf and, where installed, pdftotext;
//! plus the imposition of hand-built documents of 8, 10 and 28 pages.

mod all_editions;
mod booklet;
mod handouts;
mod large_print;
mod pdfx;
mod print;

use std::sync::OnceLock;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common::root;

const MM: f32 = 72.0 / 25.4;
const A4_W: f32 = 595.28;
const A4_H: f32 = 841.89;

/// Builds the brochure as `edition`, a handout of `only` when not empty;
/// the PDF's bytes, or the diagnostics rendered.
fn build(edition: Option<&str>, only: &[&str]) -> Result<Vec<u8>, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.pdf");
    let opts = brochure::BuildOptions {
        output: Some(out.clone()),
        edition: edition.map(str::to_string),
        only: only.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    match brochure::build(root(), &opts) {
        Ok(_) => Ok(std::fs::read(&out).expect("the PDF was written")),
        Err(e) => Err(e
            .diagnostics
            .iter()
            .map(|d| e.sources.render(d))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// A built PDF and its parsed form.
struct Built {
    bytes: Vec<u8>,
    pdf: Document,
}

fn built_as(
    cell: &'static OnceLock<Built>,
    edition: Option<&str>,
    only: &[&str],
) -> &'static Built {
    cell.get_or_init(|| {
        let bytes = build(edition, only).unwrap_or_else(|e| panic!("build fails:\n{e}"));
        let pdf = Document::load_mem(&bytes).expect("lopdf reads the PDF");
        Built { bytes, pdf }
    })
}

fn print() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, Some("print"), &[])
}

fn booklet() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, Some("booklet"), &[])
}

fn large_print() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, Some("large-print"), &[])
}

fn handout_4() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, None, &["4"])
}

fn deref<'a>(pdf: &'a Document, o: &'a Object) -> &'a Object {
    pdf.dereference(o).expect("reference resolves").1
}

fn dict<'a>(pdf: &'a Document, o: &'a Object) -> &'a Dictionary {
    match deref(pdf, o) {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("expected a dictionary, found {other:?}"),
    }
}

fn get<'a>(pdf: &'a Document, d: &'a Dictionary, key: &str) -> Option<&'a Object> {
    d.get(key.as_bytes()).ok().map(|o| deref(pdf, o))
}

fn page_ids(pdf: &Document) -> Vec<ObjectId> {
    pdf.get_pages().into_values().collect()
}

fn num(o: &Object) -> f32 {
    o.as_float().expect("a number")
}

/// A page box as `[llx lly urx ury]`.
fn page_box(pdf: &Document, page: ObjectId, key: &str) -> [f32; 4] {
    let d = pdf.get_dictionary(page).expect("page");
    let v: Vec<f32> = get(pdf, d, key)
        .unwrap_or_else(|| panic!("no {key}"))
        .as_array()
        .expect("array")
        .iter()
        .map(num)
        .collect();
    [v[0], v[1], v[2], v[3]]
}

/// The decoded content of a page.
fn page_ops(pdf: &Document, page: ObjectId) -> Vec<Operation> {
    let bytes = pdf.get_page_content(page);
    Content::decode(&bytes).expect("content decodes").operations
}

/// Whether box `outer` holds box `inner`, by at least `margin` on every side.
fn holds(outer: [f32; 4], inner: [f32; 4], margin: f32) -> bool {
    outer[0] <= inner[0] - margin
        && outer[1] <= inner[1] - margin
        && outer[2] >= inner[2] + margin
        && outer[3] >= inner[3] + margin
}

fn operands(op: &Operation) -> Vec<f32> {
    op.operands
        .iter()
        .filter_map(|o| o.as_float().ok())
        .collect()
}
