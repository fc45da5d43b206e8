//! End-to-end: the real Dutch brochure built through the library (once per
//! test binary), read back with lopdf and, where installed, pdftotext; plus
//! the command-line binary and a broken copy of the project.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object, ObjectId};

const TITLE: &str = "Wellnesspraktijken en complementaire therapieën bij MS";
const SENTENCE: &str = "Geen enkele wellnesspraktijk of complementaire therapie mag worden \
                        gebruikt ter vervanging van een behandeling met DMT’s.";
/// The file corrupted in the broken copy of the project.
const BROKEN_FILE: &str = "source/nl/02-overleg-met-je-zorgteam.toml";
const A4_W: f32 = 595.28;
const A4_H: f32 = 841.89;

use crate::common;
use common::{cli, deref, dict, get, pdftotext, root};

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

/// Joins whitespace runs into single spaces and removes line-end hyphens
/// between two lowercase letters (`behan-\ndeling` → `behandeling`).
fn join_lines(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '-' || c == '\u{2010}' {
            // a hyphen, then whitespace holding a line break, then a lowercase letter
            let mut j = i + 1;
            let mut newline = false;
            while j < chars.len() && chars[j].is_whitespace() {
                newline |= chars[j] == '\n';
                j += 1;
            }
            let before = out.chars().last().is_some_and(char::is_lowercase);
            let after = chars.get(j).is_some_and(|c| c.is_lowercase());
            if newline && before && after {
                i = j;
                continue;
            }
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.trim().to_owned()
}

// ---------------------------------------------------------------- lopdf helpers

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

/// A link annotation.
#[derive(Debug)]
struct Link {
    page: usize,
    rect: [f32; 4],
    uri: Option<String>,
    dest: Option<usize>,
}

fn links(pdf: &Document) -> Vec<Link> {
    let pages = page_ids(pdf);
    let mut out = Vec::new();
    for (i, &p) in pages.iter().enumerate() {
        let page = pdf.get_dictionary(p).expect("page");
        let Some(annots) = get(pdf, page, "Annots") else {
            continue;
        };
        for a in annots.as_array().expect("Annots array") {
            let a = dict(pdf, a);
            if name_of(pdf, a, "Subtype") != Some("Link") {
                continue;
            }
            let r = numbers(pdf, a.get(b"Rect").expect("link Rect"));
            let uri = get(pdf, a, "A").map(|action| {
                let action = match action {
                    Object::Dictionary(d) => d,
                    other => panic!("action is {other:?}"),
                };
                assert_eq!(name_of(pdf, action, "S"), Some("URI"));
                let bytes = get(pdf, action, "URI")
                    .and_then(|u| u.as_str().ok())
                    .expect("URI string");
                String::from_utf8(bytes.to_vec()).expect("ASCII URI")
            });
            let dest = get(pdf, a, "Dest").map(|d| dest_page(pdf, d, &pages));
            assert!(
                uri.is_some() != dest.is_some(),
                "a link needs exactly one of /A and /Dest"
            );
            out.push(Link {
                page: i,
                rect: [r[0], r[1], r[2], r[3]],
                uri,
                dest,
            });
        }
    }
    out
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

/// The URLs the source writes as `<https://…>` autolinks.
fn source_urls() -> BTreeSet<String> {
    let mut urls = BTreeSet::new();
    let dir = root().join("source/nl");
    for entry in std::fs::read_dir(&dir).expect("source/nl") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read source");
        for (i, _) in text.match_indices("<http") {
            let rest = &text[i + 1..];
            let end = rest.find('>').expect("autolink closes");
            urls.insert(rest[..end].to_owned());
        }
    }
    urls
}

/// Number of heading blocks per section number, from source/nl/*.toml.
fn source_headings() -> BTreeMap<i64, usize> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("source/nl")).expect("source/nl") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read source");
        let table: toml::Table = text.parse().expect("source parses");
        let Some(number) = table
            .get("section")
            .and_then(|s| s.get("number"))
            .and_then(toml::Value::as_integer)
        else {
            continue;
        };
        let blocks = table.get("block").and_then(toml::Value::as_array);
        let n = blocks.map_or(0, |b| {
            b.iter()
                .filter(|b| b.get("kind").and_then(toml::Value::as_str) == Some("heading"))
                .count()
        });
        out.insert(number, n);
    }
    out
}

/// A copy of the project (source/ and fonts/) with a TOML syntax error
/// (`number = = 2`) in [`BROKEN_FILE`]; also returns the one-based line of
/// the error.
fn broken_project() -> (tempfile::TempDir, usize) {
    let dir = common::project_copy();
    let file = dir.path().join(BROKEN_FILE);
    let text = std::fs::read_to_string(&file).expect("read");
    let line = text
        .lines()
        .position(|l| l.trim_end() == "number = 2")
        .expect("the file to corrupt has `number = 2`");
    let broken: Vec<&str> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == line { "number = = 2" } else { l })
        .collect();
    std::fs::write(&file, broken.join("\n") + "\n").expect("write");
    (dir, line + 1)
}

// ---------------------------------------------------------------- tests

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

#[test]
fn fonts_are_embedded_subsets_with_tounicode() {
    let pdf = &built().pdf;
    let mut type0 = 0;
    let mut tags = BTreeMap::new();
    for (id, obj) in &pdf.objects {
        let Ok(d) = obj.as_dict() else { continue };
        if name_of(pdf, d, "Type") != Some("Font") {
            continue;
        }
        let subtype = name_of(pdf, d, "Subtype");
        if subtype == Some("CIDFontType2") {
            continue; // checked as a descendant below
        }
        assert_eq!(subtype, Some("Type0"), "font {id:?} is {subtype:?}");
        type0 += 1;
        let base = name_of(pdf, d, "BaseFont").expect("BaseFont");
        let (tag, rest) = base.split_at(base.find('+').unwrap_or(0));
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "BaseFont {base} has no subset tag"
        );
        assert!(rest.starts_with("+NotoSans-"), "BaseFont {base}");
        assert!(
            tags.insert(tag.to_owned(), base.to_owned()).is_none(),
            "subset tag {tag} used twice"
        );

        let to_unicode = get(pdf, d, "ToUnicode").expect("font has /ToUnicode");
        let cmap = to_unicode
            .as_stream()
            .expect("ToUnicode is a stream")
            .decompressed_content()
            .expect("ToUnicode decompresses");
        let cmap = String::from_utf8_lossy(&cmap);
        assert!(
            cmap.contains("begincmap") && (cmap.contains("bfchar") || cmap.contains("bfrange")),
            "{base}: ToUnicode is not a CMap"
        );

        let desc = get(pdf, d, "DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .expect("DescendantFonts");
        assert_eq!(desc.len(), 1);
        let cid = dict(pdf, &desc[0]);
        assert_eq!(name_of(pdf, cid, "Subtype"), Some("CIDFontType2"), "{base}");
        let cid_base = name_of(pdf, cid, "BaseFont").expect("CIDFont BaseFont");
        assert!(cid_base.starts_with(tag), "{cid_base} vs {base}");
        let fd = get(pdf, cid, "FontDescriptor")
            .map(|o| match o {
                Object::Dictionary(d) => d,
                other => panic!("FontDescriptor is {other:?}"),
            })
            .expect("FontDescriptor");
        let file = get(pdf, fd, "FontFile2")
            .unwrap_or_else(|| panic!("{base}: no FontFile2 (not embedded)"))
            .as_stream()
            .expect("FontFile2 is a stream");
        let data = file.decompressed_content().unwrap_or(file.content.clone());
        assert!(
            data.len() < 60 * 1024,
            "{base}: embedded font is {} bytes, not a subset",
            data.len()
        );
        assert!(
            data.starts_with(&[0, 1, 0, 0]) || data.starts_with(b"true"),
            "{base}: FontFile2 is not TrueType"
        );
    }
    assert!(type0 >= 2, "only {type0} fonts (regular and bold expected)");
}

#[test]
fn uri_links_cover_the_guide_urls() {
    let want = source_urls();
    assert!(
        want.contains("https://www.msif.org/about-us/how-we-are-funded/work-healthcare-industry/")
            && want.contains("https://www.msif.org/living-with-ms/find-ms-support-near-you/")
            && want.contains("https://www.msif.org/about-ms/treatments/"),
        "source URLs changed: {want:?}"
    );
    let links = links(&built().pdf);
    let have: BTreeSet<&str> = links.iter().filter_map(|l| l.uri.as_deref()).collect();
    for url in &want {
        assert!(
            have.contains(url.as_str()),
            "no link annotation for {url}; links: {have:?}"
        );
    }
    for l in &links {
        assert!(
            l.rect[2] > l.rect[0] && l.rect[3] > l.rect[1],
            "empty link rectangle {l:?}"
        );
    }
}

#[test]
fn table_of_contents_links_reach_section_starts() {
    let b = built();
    let pdf = &b.pdf;
    // the sections, and any back matter (a reference list) after them
    let top = outline(pdf);
    let toc: Vec<Link> = links(pdf)
        .into_iter()
        .filter(|l| l.page == 2 && l.dest.is_some())
        .collect();
    // Every top-level bookmark's page is the target of a link on the
    // contents page, and every such link lands on one of them.
    let starts: BTreeSet<usize> = top.iter().map(|s| s.page).collect();
    let targets: BTreeSet<usize> = toc.iter().filter_map(|l| l.dest).collect();
    assert_eq!(targets, starts, "TOC targets vs top-level bookmark pages");

    let Some(pages) = &b.pages else { return };
    assert!(
        letters(&pages[2]).starts_with("inhoud"),
        "page 3 is not the contents: {:?}",
        &pages[2][..pages[2].len().min(80)]
    );
    let labelled = get(pdf, pdf.catalog().expect("catalog"), "PageLabels").is_some();
    let mut listed = BTreeSet::new();
    for link in &toc {
        // the text under the link: "N  Title  page" ("Title  page" for back matter)
        let entry = text_in(&b.bytes, 2, link.rect).expect("pdftotext ran before");
        let words: Vec<&str> = entry.split_whitespace().collect();
        assert!(words.len() >= 2, "TOC link text {entry:?}");
        let printed = words[words.len() - 1];
        let label = words[..words.len() - 1].join(" ");
        let numbered = words[0].bytes().all(|c| c.is_ascii_digit());
        let title = if numbered {
            words[1..words.len() - 1].join(" ")
        } else {
            label.clone()
        };
        let dest = link.dest.expect("internal");
        let bookmark = top
            .iter()
            .find(|s| s.title.split_whitespace().collect::<Vec<_>>().join(" ") == label)
            .unwrap_or_else(|| panic!("TOC entry {entry:?} has no top-level bookmark"));
        assert_eq!(
            bookmark.page,
            dest,
            "TOC entry {entry:?} links to page {}, its bookmark to page {}",
            dest + 1,
            bookmark.page + 1
        );
        listed.insert(bookmark.title.as_str());
        if !labelled {
            assert_eq!(
                printed,
                (dest + 1).to_string(),
                "TOC entry {entry:?} prints a page number that is not its target"
            );
        }
        let on_page = letters(&pages[dest]);
        assert!(
            on_page.contains(&letters(&title)),
            "TOC entry {entry:?}: page {} does not show {title:?}",
            dest + 1
        );
    }
    let all: BTreeSet<&str> = top.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(listed, all, "top-level bookmarks without a TOC entry");
}

#[test]
fn outline_has_sections_and_headings() {
    let b = built();
    let top = outline(&b.pdf);
    let titles: Vec<&str> = top.iter().map(|s| s.title.as_str()).collect();
    let numbered = |b: &Bookmark| {
        b.title
            .split_once("  ")
            .is_some_and(|(n, _)| n.bytes().all(|c| c.is_ascii_digit()))
    };
    // the numbered sections first, then any back matter (a reference list)
    let n = top.iter().take_while(|b| numbered(b)).count();
    let (sections, back) = top.split_at(n);
    assert_eq!(sections.len(), 7, "top-level bookmarks: {titles:?}");
    assert!(
        back.len() <= 2 && !back.iter().any(numbered),
        "top-level bookmarks: {titles:?}"
    );
    fn count(items: &[Bookmark]) -> usize {
        items.iter().map(|b| 1 + count(&b.children)).sum()
    }
    let headings = source_headings();
    assert!(headings.values().sum::<usize>() > 40, "{headings:?}");
    for (i, s) in sections.iter().enumerate() {
        assert!(
            s.title.starts_with(&format!("{}  ", i + 1)),
            "bookmark {} is {:?}",
            i + 1,
            s.title
        );
        let nested = count(&s.children);
        assert_eq!(
            nested,
            headings.get(&(i as i64 + 1)).copied().unwrap_or(0),
            "{:?}: nested bookmarks vs headings in the source",
            s.title
        );
        if i > 0 {
            assert!(s.page > sections[i - 1].page, "sections out of page order");
        }
    }
    assert_eq!(sections[0].title, "1  Inleiding");
    assert_eq!(
        sections[3].title,
        "4  Sectie A: Wellnesspraktijken voor mensen met MS"
    );
    find(&sections[0].children, "Definities").expect("Definities under section 1");
    let yoga = find(&sections[3].children, "Yoga").expect("Yoga under section 4");
    assert!(yoga.page >= sections[3].page && yoga.page <= sections[4].page);
    assert!(find(&sections[1..], "Definities").is_none());

    // every bookmark lies within its section's pages and, when pdftotext is
    // there, its title is on its page
    fn walk(items: &[Bookmark], first: usize, end: usize, pages: Option<&Vec<String>>) {
        for b in items {
            assert!(
                (first..end).contains(&b.page),
                "{:?} on page {} outside {}..{}",
                b.title,
                b.page + 1,
                first + 1,
                end
            );
            if let Some(pages) = pages {
                let title = b.title.split_once("  ").map_or(&*b.title, |(_, t)| t);
                assert!(
                    letters(&pages[b.page]).contains(&letters(title)),
                    "bookmark {:?}: not on page {}",
                    b.title,
                    b.page + 1
                );
            }
            walk(&b.children, first, end, pages);
        }
    }
    let total = page_ids(&b.pdf).len();
    for (i, s) in top.iter().enumerate() {
        let end = top.get(i + 1).map_or(total, |n| n.page + 1);
        walk(std::slice::from_ref(s), s.page, end, b.pages.as_ref());
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
fn text_extracts_with_pdftotext() {
    let Some(pages) = &built().pages else { return };
    assert_eq!(pages.len(), page_ids(&built().pdf).len());
    let text = pages.concat();
    assert!(text.contains("Wellnesspraktijken"));
    let joined = join_lines(&text);
    assert!(
        letters(&joined).contains(&letters(SENTENCE)),
        "the DMT sentence is missing (letters only)"
    );
    assert!(
        joined.contains(SENTENCE),
        "the DMT sentence is not extracted verbatim (after joining lines)"
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

#[test]
fn failed_build_keeps_the_previous_pdf() {
    let (project, line) = broken_project();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("brochure.pdf");
    std::fs::write(&out, &built().bytes).expect("write the good PDF");

    let err = build_to(project.path(), &out).expect_err("a broken source must fail");
    assert!(!err.diagnostics.is_empty());
    let places: Vec<String> = err
        .diagnostics
        .iter()
        .filter_map(|d| err.sources.location(d))
        .collect();
    assert!(
        places
            .iter()
            .any(|p| p.starts_with(&format!("{BROKEN_FILE}:{line}:"))),
        "no diagnostic at {BROKEN_FILE}:{line}: {places:?}"
    );
    let rendered: String = err
        .diagnostics
        .iter()
        .map(|d| err.sources.render(d))
        .collect();
    assert!(rendered.contains("number = = 2"), "{rendered}");

    let after = std::fs::read(&out).expect("the old PDF is still there");
    assert!(after == built().bytes, "the old PDF was changed");
    let leftovers: Vec<PathBuf> = std::fs::read_dir(out_dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p != &out)
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn cli_check_and_build() {
    let root = root().to_str().expect("UTF-8 path");
    let out = cli(&["-C", root, "check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "check failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(TITLE), "{stdout}");
    assert!(stdout.contains("citations  100 groups"), "{stdout}");

    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("cli.pdf");
    let out = cli(&["-C", root, "build", "-o", pdf.to_str().expect("UTF-8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "build failed:\n{stderr}");
    assert!(stderr.contains("wrote"), "{stderr}");
    let bytes = std::fs::read(&pdf).expect("the CLI wrote the PDF");
    assert!(
        bytes == built().bytes,
        "the CLI's PDF differs from the library's"
    );
}

#[test]
fn cli_reports_a_broken_project() {
    let (project, line) = broken_project();
    let dir = project.path().to_str().expect("UTF-8 path");
    let out = cli(&["-C", dir, "check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "check:\n{stderr}");
    assert!(
        stderr
            .match_indices(&format!("{BROKEN_FILE}:{line}:"))
            .any(|(i, m)| stderr[i + m.len()..].starts_with(|c: char| c.is_ascii_digit())),
        "no file:line:col in\n{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.trim_start().starts_with('│') && l.contains('^'))
            || stderr.lines().any(|l| l.contains(" ^")),
        "no caret in\n{stderr}"
    );
    assert!(stderr.contains("error"), "{stderr}");
}

/// The text `pdftotext` finds inside a rectangle (PDF coordinates) of a page.
fn text_in(bytes: &[u8], page: usize, rect: [f32; 4]) -> Option<String> {
    let [x0, y0, x1, y1] = rect;
    let n = (page + 1).to_string();
    let args = [
        "-f".to_owned(),
        n.clone(),
        "-l".into(),
        n,
        "-r".into(),
        "72".into(),
        "-x".into(),
        format!("{}", x0.floor()),
        "-y".into(),
        format!("{}", (A4_H - y1).floor()),
        "-W".into(),
        format!("{}", (x1 - x0).ceil()),
        "-H".into(),
        format!("{}", (y1 - y0).ceil()),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    pdftotext(bytes, &args)
}

#[test]
fn citations_link_to_their_reference_entries() {
    let b = built();
    let doc = brochure::source::load(root(), None)
        .expect("the source loads")
        .doc;
    let style = doc.settings.citation_style;
    // one link per printed number or range: "[37, 51–53]" links 37 and 51
    let printed: Vec<(u32, u32)> = doc
        .citations()
        .iter()
        .flat_map(|c| brochure::model::cite::ranges(c))
        .collect();
    assert_eq!(
        brochure::model::cite::format(doc.citations()[0], style).text,
        "[1–3]"
    );
    let Some(pages) = &b.pages else { return };
    let first_ref = pages
        .iter()
        .position(|t| letters(t).starts_with("referenties"))
        .expect("a page that opens the reference list");
    let cites: Vec<Link> = links(&b.pdf)
        .into_iter()
        .filter(|l| l.page > 2 && l.page < first_ref && l.dest.is_some_and(|d| d >= first_ref))
        .collect();
    // one link per printed item; a range broken after its dash ("126–" at a
    // line end, "127" on the next) has one rectangle per line
    let ranges = printed.iter().filter(|(a, b)| a != b).count();
    assert!(
        (printed.len()..=printed.len() + ranges).contains(&cites.len()),
        "{} citation links for {} printed items",
        cites.len(),
        printed.len()
    );
    // each link covers a number and lands on the page listing that entry
    // (the second half of a broken range lands where its first half does)
    let mut previous = None;
    for link in &cites {
        let shown = text_in(&b.bytes, link.page, link.rect).expect("pdftotext");
        let digits: String = shown
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let n: u32 = digits
            .parse()
            .unwrap_or_else(|_| panic!("link over {shown:?}"));
        let target = letters(&pages[link.dest.unwrap()]);
        assert!(
            target.contains(&format!("{n}dezereferentie")) || previous == link.dest,
            "entry {n} is not on page {}",
            link.dest.unwrap() + 1
        );
        previous = link.dest;
    }
    // the reference list shows every number with the notice for a missing entry
    let list: String = pages[first_ref..].iter().map(|p| letters(p)).collect();
    for n in 1..=143 {
        assert!(
            list.contains(&format!("{n}dezereferentieisnognietopgenomen")),
            "entry {n}"
        );
    }
}
