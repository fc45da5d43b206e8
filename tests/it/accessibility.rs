//! Accessibility (PDF/UA-1, issue 14): the structure tree of the built Dutch
//! brochure read as a screen reader would (`pdfinfo -struct-text`: text per
//! element in tree order), and the metadata that claims PDF/UA.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::common::{dict, get, root};

/// The Dutch screen edition, built once: its bytes.
fn dutch() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("nl.pdf");
        let options = brochure::BuildOptions {
            output: Some(out.clone()),
            ..Default::default()
        };
        assert!(
            brochure::build(root(), &options).is_ok(),
            "the brochure builds"
        );
        std::fs::read(&out).expect("PDF written")
    })
}

/// One structure element: its type, depth, text lines and children's
/// indices, as `pdfinfo -struct-text` prints them.
#[derive(Debug, Clone)]
struct Node {
    tag: String,
    depth: usize,
    text: Vec<String>,
    kids: Vec<usize>,
    objects: usize,
}

/// The structure tree walked by poppler; `None` when pdfinfo is missing.
fn walk(pdf: &[u8]) -> Option<Vec<Node>> {
    let child = Command::new("pdfinfo")
        .args(["-struct-text", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("pdfinfo not found: structure walk skipped");
        return None;
    };
    let mut stdin = child.stdin.take().expect("stdin");
    let input = pdf.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("pdfinfo runs");
    writer.join().expect("writer").expect("pdf sent");
    assert!(out.status.success(), "pdfinfo failed");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for line in text.lines() {
        let depth = (line.len() - line.trim_start().len()) / 2;
        let body = line.trim();
        while stack.last().is_some_and(|&n| nodes[n].depth >= depth) {
            stack.pop();
        }
        if let Some(t) = body.strip_prefix('"') {
            let t = t.strip_suffix('"').unwrap_or(t).to_owned();
            let &n = stack.last().expect("text inside an element");
            nodes[n].text.push(t);
        } else if body.starts_with("Object ") {
            let &n = stack.last().expect("object inside an element");
            nodes[n].objects += 1;
        } else if !body.is_empty() {
            let tag = body.split_whitespace().next().expect("tag").to_owned();
            nodes.push(Node {
                tag,
                depth,
                text: Vec::new(),
                kids: Vec::new(),
                objects: 0,
            });
            let id = nodes.len() - 1;
            if let Some(&p) = stack.last() {
                nodes[p].kids.push(id);
            }
            stack.push(id);
        }
    }
    Some(nodes)
}

/// The parent of each node (`None` for the root).
fn parents(nodes: &[Node]) -> Vec<Option<usize>> {
    let mut p = vec![None; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        for &k in &n.kids {
            p[k] = Some(i);
        }
    }
    p
}

#[test]
fn xmp_claims_pdf_ua_1_with_a_title() {
    let pdf = lopdf::Document::load_mem(dutch()).expect("lopdf reads it");
    let catalog = pdf.catalog().expect("catalog");
    let meta = catalog
        .get(b"Metadata")
        .and_then(lopdf::Object::as_reference)
        .expect("/Metadata");
    let stream = pdf
        .get_object(meta)
        .and_then(lopdf::Object::as_stream)
        .expect("XMP stream");
    let xmp = String::from_utf8(stream.content.clone()).expect("UTF-8 XMP");
    assert!(
        xmp.contains(r#"xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/""#),
        "pdfuaid namespace missing"
    );
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(xmp.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Wellnesspraktijken"));
}

#[test]
fn lists_are_one_l_of_li_with_lbl_and_lbody() {
    let Some(nodes) = walk(dutch()) else { return };
    let parent = parents(&nodes);
    let mut lbls = 0;
    for (i, n) in nodes.iter().enumerate() {
        if n.tag == "Lbl" {
            lbls += 1;
            let p = parent[i].expect("Lbl has a parent");
            assert_eq!(nodes[p].tag, "LI", "every Lbl sits in an LI");
        }
        if n.tag == "LI" {
            let p = parent[i].expect("LI has a parent");
            assert_eq!(nodes[p].tag, "L", "every LI sits in an L");
            let kids: Vec<&str> = n.kids.iter().map(|&k| nodes[k].tag.as_str()).collect();
            assert_eq!(kids, ["Lbl", "LBody"], "an item is label and body");
        }
    }
    assert!(lbls >= 6, "the guide's bullets are labels: {lbls}");
    // the treatment list of section 3 is one list of three items
    let first = nodes.iter().find(|n| n.tag == "L").expect("a list");
    assert!(first.kids.len() >= 3, "one L per list: {first:?}");
}

#[test]
fn section_number_and_title_are_one_heading() {
    let Some(nodes) = walk(dutch()) else { return };
    let h1: Vec<String> = nodes
        .iter()
        .filter(|n| n.tag == "H1")
        .map(|n| n.text.concat().trim().to_owned())
        .collect();
    assert!(h1.contains(&"1 Inleiding".to_owned()), "{h1:?}");
    assert!(
        h1.iter().all(|t| t.parse::<u32>().is_err()),
        "no H1 holds a bare number: {h1:?}"
    );
}

#[test]
fn every_link_holds_its_text_and_annotation_and_says_where_it_goes() {
    let bytes = dutch();
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let mut contents = Vec::new();
    for (_, page) in pdf.get_pages() {
        let page = pdf.get_dictionary(page).expect("page");
        let Some(annots) = get(&pdf, page, "Annots") else {
            continue;
        };
        for a in annots.as_array().expect("Annots") {
            let a = dict(&pdf, a);
            let said = get(&pdf, a, "Contents")
                .and_then(|c| lopdf::decode_text_string(c).ok())
                .expect("every link annotation has /Contents");
            assert!(!said.trim().is_empty());
            contents.push(said);
        }
    }
    assert!(contents.len() >= 100, "{} links", contents.len());
    assert!(
        contents.iter().any(|c| c == "Inleiding, Pagina 4"),
        "{contents:?}"
    );
    assert!(
        contents.iter().any(|c| c == "Referenties: 12"),
        "{contents:?}"
    );
    assert!(
        contents
            .iter()
            .any(|c| c.starts_with("https://www.msif.org/"))
    );

    let Some(nodes) = walk(bytes) else { return };
    let links: Vec<&Node> = nodes.iter().filter(|n| n.tag == "Link").collect();
    assert_eq!(links.len(), contents.len(), "one Link per annotation");
    for l in &links {
        assert_eq!(l.objects, 1, "a Link holds its annotation: {l:?}");
        assert!(!l.text.is_empty(), "a Link holds its text: {l:?}");
    }
    // every contents entry is a TOCI holding its Link, in the TOC
    let parent = parents(&nodes);
    for (i, n) in nodes.iter().enumerate().filter(|(_, n)| n.tag == "TOCI") {
        assert_eq!(parent[i].map(|p| nodes[p].tag.as_str()), Some("TOC"));
        let kids: Vec<&str> = n.kids.iter().map(|&k| nodes[k].tag.as_str()).collect();
        assert_eq!(kids, ["Link"], "a contents entry is its link: {n:?}");
    }
    let first = nodes.iter().find(|n| n.tag == "TOCI").expect("a TOCI");
    // each part ends at a word boundary: read in a row, they are spaced
    assert_eq!(nodes[first.kids[0]].text, ["1 ", "Inleiding ", "4 "]);
}

#[test]
fn the_reference_list_is_one_l_of_numbered_items() {
    let Some(nodes) = walk(dutch()) else { return };
    let parent = parents(&nodes);
    let items: Vec<usize> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == "Lbl" && n.text.first().is_some_and(|t| t.trim() == "12"))
        .filter_map(|(i, _)| parent[i])
        .collect();
    assert_eq!(items.len(), 1, "one entry numbered 12");
    let list = parent[items[0]].expect("the entry's L");
    assert_eq!(nodes[list].tag, "L");
    assert!(nodes[list].kids.len() >= 143, "one L for all entries");
    let body = nodes[items[0]].kids.last().expect("a body");
    assert_eq!(nodes[*body].tag, "LBody");
}

#[test]
fn citations_are_references_and_photos_are_grouped_with_their_captions() {
    let Some(nodes) = walk(dutch()) else { return };
    let parent = parents(&nodes);
    let parent_tag = |i: usize| parent[i].map(|p| nodes[p].tag.as_str());
    // every Reference holds exactly one Link: a citation's number
    let refs: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].tag == "Reference")
        .collect();
    assert!(refs.len() >= 100, "{} citations", refs.len());
    for &r in &refs {
        let kids: Vec<&str> = nodes[r]
            .kids
            .iter()
            .map(|&k| nodes[k].tag.as_str())
            .collect();
        assert_eq!(kids, ["Link"], "{:?}", nodes[r]);
        let number = nodes[nodes[r].kids[0]].text.concat();
        assert!(
            number.starts_with(|c: char| c.is_ascii_digit()),
            "{number:?}"
        );
        assert_eq!(parent_tag(r), Some("P"));
    }
    // a Link to a place in the text that is not a contents entry is a citation
    for (i, n) in nodes.iter().enumerate().filter(|(_, n)| n.tag == "Link") {
        let p = parent_tag(i);
        assert!(
            matches!(p, Some("Reference" | "TOCI" | "P")),
            "Link under {p:?}: {n:?}"
        );
    }
    // every Caption sits beside its Figure in one Div
    let captions: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].tag == "Caption")
        .collect();
    assert!(captions.len() >= 5);
    for c in captions {
        let div = parent[c].expect("a parent");
        let kids: Vec<&str> = nodes[div]
            .kids
            .iter()
            .map(|&k| nodes[k].tag.as_str())
            .collect();
        assert_eq!(
            (nodes[div].tag.as_str(), kids),
            ("Div", vec!["Figure", "Caption"])
        );
    }
}
