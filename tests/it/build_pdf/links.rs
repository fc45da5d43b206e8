//! Links: the guide's URLs, the table of contents and the citations.

use std::collections::BTreeSet;

use lopdf::{Document, Object};

use super::{A4_H, built, dest_page, letters, name_of, numbers, outline, page_ids};
use crate::common::{dict, get, pdftotext, root};

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
            target.contains(&format!("{n}dezereferentie"))
                || target.contains("1143dezereferenties")
                || previous == link.dest,
            "entry {n} is not on page {}",
            link.dest.unwrap() + 1
        );
        previous = link.dest;
    }
    // the reference list shows the run of missing entries as one line, with
    // the plural notice, and no entry one by one
    let list: String = pages[first_ref..].iter().map(|p| letters(p)).collect();
    assert!(
        list.contains("1143dezereferentieszijnnognietopgenomen"),
        "{list}"
    );
    assert!(!list.contains("dezereferentieisnognietopgenomen"), "{list}");
}
