//! Accessibility (PDF/UA-1, issue 14): the structure tree of the built Dutch
//! brochure (and the Arabic draft) read as a screen reader would (`pdfinfo
//! -struct-text`: text per element in tree order) and compared with the
//! source word for word; links, lists, references and figures; every glyph
//! mapped to Unicode and every page's content tagged or an artifact; and
//! the metadata that claims PDF/UA.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::common::{dict, get, root};

/// The Dutch screen edition, built once: its bytes.
fn dutch() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| built(None))
}

/// The Arabic draft, built once: its bytes.
fn arabic_draft() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| built(Some("ar")))
}

/// Builds the screen edition (of a language's draft); returns its bytes.
fn built(lang: Option<&str>) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.pdf");
    let options = brochure::BuildOptions {
        output: Some(out.clone()),
        lang: lang.map(str::to_owned),
        draft: lang.is_some(),
        ..Default::default()
    };
    assert!(
        brochure::build(root(), &options).is_ok(),
        "the brochure builds"
    );
    std::fs::read(&out).expect("PDF written")
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

/// `pdfinfo -struct-text` of a PDF: the structure tree with the text of
/// each element's content, in tree order; `None` when pdfinfo is missing.
fn struct_text(pdf: &[u8]) -> Option<String> {
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
    Some(String::from_utf8(out.stdout).expect("UTF-8"))
}

/// The structure tree walked by poppler; `None` when pdfinfo is missing.
fn walk(pdf: &[u8]) -> Option<Vec<Node>> {
    let text = struct_text(pdf)?;
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
        // the 143 entries not yet known print as one run, "1–143"
        .filter(|(_, n)| n.tag == "Lbl" && n.text.first().is_some_and(|t| t.trim() == "1–143"))
        .filter_map(|(i, _)| parent[i])
        .collect();
    assert_eq!(items.len(), 1, "one entry for the run 1–143");
    let list = parent[items[0]].expect("the entry's L");
    assert_eq!(nodes[list].tag, "L");
    assert!(!nodes[list].kids.is_empty(), "one L for all entries");
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

/// What a screen reader says: the text of every element in tree order
/// (soft hyphens are silent), as words without citation brackets and
/// quotation marks (the source writes straight quotes and citations as
/// typed; the print sets the language's marks and its own groups).
fn spoken_words(text: &str) -> Vec<String> {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '\u{ad}' | '"' | '\'' | '‘' | '’' | '“' | '”' | '„' => {}
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn a_screen_reader_reads_every_paragraph_word_for_word_once() {
    let Some(tree) = struct_text(dutch()) else {
        return;
    };
    // the strings of the walk, in tree order, joined as they are
    let spoken: String = tree
        .lines()
        .filter_map(|l| {
            let t = l.trim_start().strip_prefix('"')?;
            Some(t.strip_suffix('"').unwrap_or(t).to_owned())
        })
        .collect();
    let heard = format!(" {} ", spoken_words(&spoken).join(" "));
    let doc = brochure::source::load(root(), None)
        .expect("the source loads")
        .doc;
    let mut checked = 0;
    for block in doc.blocks() {
        for paragraph in block.plain_text().split("\n\n") {
            let words = spoken_words(paragraph);
            if words.is_empty() {
                continue;
            }
            let want = format!(" {} ", words.join(" "));
            let times = heard.matches(&want).count();
            // no word glued to the next, split, missing or said twice
            if words.len() >= 6 {
                assert_eq!(times, 1, "{}: {want:?} is heard {times} times", block.id);
            } else {
                assert!(times >= 1, "{}: {want:?} is not heard", block.id);
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked} paragraphs");
}

#[test]
fn every_label_is_in_a_list_item() {
    for pdf in [dutch(), arabic_draft()] {
        let Some(nodes) = walk(pdf) else { return };
        let parent = parents(&nodes);
        let labels: Vec<usize> = (0..nodes.len())
            .filter(|&i| nodes[i].tag == "Lbl")
            .collect();
        // the lists' bullets and the reference list's one run "1–143"
        assert!(labels.len() > 5, "{} labels", labels.len());
        for l in labels {
            let p = parent[l].map(|p| nodes[p].tag.as_str());
            assert_eq!(p, Some("LI"), "{:?}", nodes[l]);
            // a label is read apart from its body: "1 Deze referentie …"
            // (the space at the line's logical end: the left of a
            // right-to-left line, which poppler reads in visual order)
            let t = nodes[l].text.concat();
            assert!(t.ends_with(' ') || t.starts_with(' '), "{:?}", nodes[l]);
        }
    }
}

/// The code (two bytes: a CID) of every glyph a page shows, with its font's
/// resource name; and every painting operator outside both tagged content
/// (an MCID) and `/Artifact`.
fn shown_glyphs(
    pdf: &lopdf::Document,
    page: lopdf::ObjectId,
) -> (Vec<(Vec<u8>, u16)>, Vec<String>) {
    let content = lopdf::content::Content::decode(&pdf.get_page_content(page)).expect("content");
    let mut font = Vec::new();
    let mut glyphs = Vec::new();
    let mut untagged = Vec::new();
    // per open sequence: whether it (or one around it) is tagged or an artifact
    let mut stack: Vec<bool> = Vec::new();
    for op in content.operations {
        let covered = stack.last().copied().unwrap_or(false);
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let artifact = op.operands[0].as_name().ok() == Some(&b"Artifact"[..]);
                let tagged = op
                    .operands
                    .get(1)
                    .and_then(|p| p.as_dict().ok())
                    .is_some_and(|d| d.has(b"MCID"));
                stack.push(covered || artifact || tagged);
            }
            "EMC" => {
                stack.pop();
            }
            "Tf" => font = op.operands[0].as_name().expect("font name").to_vec(),
            "TJ" | "Tj" => {
                if !covered {
                    untagged.push(op.operator.clone());
                }
                let strings: Vec<&lopdf::Object> = match op.operands[0].as_array() {
                    Ok(items) => items.iter().collect(),
                    Err(_) => vec![&op.operands[0]],
                };
                for s in strings {
                    if let Ok(bytes) = s.as_str() {
                        for pair in bytes.chunks(2) {
                            glyphs.push((font.clone(), u16::from_be_bytes([pair[0], pair[1]])));
                        }
                    }
                }
            }
            "Do" | "f" | "f*" | "F" | "S" | "s" | "B" | "B*" | "b" | "b*" | "sh" if !covered => {
                untagged.push(op.operator.clone());
            }
            _ => {}
        }
    }
    (glyphs, untagged)
}

/// The codes a font's `/ToUnicode` maps to non-empty text.
fn mapped_codes(
    pdf: &lopdf::Document,
    font: &lopdf::Dictionary,
) -> std::collections::BTreeSet<u16> {
    let lopdf::Object::Stream(cmap) =
        crate::common::deref(pdf, font.get(b"ToUnicode").expect("ToUnicode"))
    else {
        panic!("ToUnicode is a stream");
    };
    let data = cmap
        .decompressed_content()
        .unwrap_or_else(|_| cmap.content.clone());
    let text = String::from_utf8_lossy(&data).into_owned();
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    let mut codes = std::collections::BTreeSet::new();
    for section in text.split("beginbf").skip(1) {
        let body = section.split("endbf").next().unwrap_or("");
        let (kind, body) = body.split_once('\n').unwrap_or(("", body));
        let fields: Vec<&str> = body
            .split(['<', '>'])
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        if kind.starts_with("char") {
            for pair in fields.chunks(2) {
                if let (Some(code), Some(to)) = (hex(pair[0]), pair.get(1))
                    && !to.is_empty()
                    && to.chars().all(|c| c.is_ascii_hexdigit())
                {
                    codes.insert(code as u16);
                }
            }
        } else {
            for triple in fields.chunks(3) {
                if let (Some(a), Some(b)) = (hex(triple[0]), triple.get(1).and_then(|t| hex(t))) {
                    codes.extend((a..=b).map(|c| c as u16));
                }
            }
        }
    }
    codes
}

#[test]
fn every_glyph_is_mapped_and_every_page_tagged_or_artifact() {
    for (name, bytes) in [("nl", dutch()), ("ar draft", arabic_draft())] {
        let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
        let mut shown = 0;
        for (number, page) in pdf.get_pages() {
            let (glyphs, untagged) = shown_glyphs(&pdf, page);
            assert!(
                untagged.is_empty(),
                "{name} page {number}: {untagged:?} neither tagged nor an artifact"
            );
            let fonts = pdf
                .get_dictionary(page)
                .ok()
                .and_then(|p| get(&pdf, p, "Resources"))
                .map(|r| dict(&pdf, r))
                .and_then(|r| get(&pdf, r, "Font"))
                .map(|f| dict(&pdf, f));
            let mut maps = std::collections::BTreeMap::new();
            for (font, code) in glyphs {
                let fonts = fonts.expect("a page that shows text has fonts");
                let mapped = maps.entry(font.clone()).or_insert_with(|| {
                    mapped_codes(&pdf, dict(&pdf, fonts.get(&font).expect("the font")))
                });
                assert!(
                    mapped.contains(&code),
                    "{name} page {number}: code {code:#06x} of {} has no Unicode",
                    String::from_utf8_lossy(&font)
                );
                shown += 1;
            }
        }
        assert!(shown > 30_000, "{name}: {shown} glyphs");
    }
}

#[test]
fn foreign_phrases_are_spans_with_their_language() {
    let pdf = lopdf::Document::load_mem(dutch()).expect("lopdf reads it");
    let spans: Vec<String> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(&b"Span"[..]))
        .filter_map(|d| d.get(b"Lang").ok())
        .filter_map(|l| lopdf::decode_text_string(l).ok())
        .collect();
    // `{en}[…]` of section 4 (HIIT) and `{de}[…]` in the English edition
    assert!(spans.iter().any(|l| l == "en"), "{spans:?}");
    assert!(spans.iter().all(|l| l == "en" || l == "de"), "{spans:?}");
}
