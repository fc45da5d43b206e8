//! Fonts (embedded subsets with ToUnicode) and the text pdftotext extracts.

use std::collections::BTreeMap;

use lopdf::Object;

use super::{built, letters, name_of, page_ids};
use crate::common::{dict, get};

const SENTENCE: &str = "Geen enkele wellnesspraktijk of complementaire therapie mag worden \
                        gebruikt ter vervanging van een behandeling met DMT’s.";

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
