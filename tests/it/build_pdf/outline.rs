//! The bookmarks: sections and their headings, each on its page.

use std::collections::BTreeMap;

use super::{Bookmark, built, find, letters, outline, page_ids};
use crate::common::root;

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
