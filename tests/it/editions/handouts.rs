//! Handouts: the disclaimer and only the references a section cites,
//! headings with their subsections, unknown ids with near matches.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::{build, handout_4};
use crate::common::{cited_numbers, pdftotext, root};

fn model() -> &'static brochure::model::Document {
    static M: OnceLock<brochure::model::Document> = OnceLock::new();
    M.get_or_init(|| {
        brochure::source::load(root(), None)
            .map(|l| l.doc)
            .unwrap_or_else(|_| panic!("the source loads"))
    })
}

/// Lowercase letters and digits only.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn handout_has_the_disclaimer_and_only_the_references_it_cites() {
    let doc = model();
    let section = doc
        .sections
        .iter()
        .find(|s| s.number == 4)
        .expect("section 4");
    // what the section and the disclaimer cite, walked in the model
    let alone = brochure::model::Document {
        front: doc
            .front
            .iter()
            .filter(|b| b.id == "front-disclaimer")
            .cloned()
            .collect(),
        sections: vec![section.clone()],
        ..doc.clone()
    };
    let expected: BTreeSet<u32> = alone
        .citations()
        .iter()
        .flat_map(|c| c.numbers.iter().copied())
        .collect();
    assert!(expected.len() > 10, "section 4 cites {expected:?}");
    let built = handout_4();
    // the reference list: one entry per cited number, nothing else
    let pdf = &built.pdf;
    let catalog = pdf.catalog().expect("catalog");
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    let Some(text) = pdftotext(&built.bytes, &[]) else {
        return;
    };
    let disclaimer = doc
        .front
        .iter()
        .find(|b| b.id == "front-disclaimer")
        .expect("disclaimer");
    assert!(
        letters(&text).contains(&letters(&disclaimer.plain_text())),
        "the handout carries the whole disclaimer"
    );
    let (body, list) = text
        .rsplit_once(&doc.language.references)
        .expect("a reference list");
    // an entry, or a run of consecutive entries not yet known ("1–48"),
    // is its number or range followed by the language's notice
    let l = &doc.language;
    let listed: BTreeSet<u32> = list
        .split(l.references_missing.as_str())
        .flat_map(|chunk| chunk.split(l.reference_missing.as_str()))
        .filter_map(|chunk| chunk.split_whitespace().last())
        .filter_map(|label| {
            let (a, b) = label.split_once('–').unwrap_or((label, label));
            Some(a.parse::<u32>().ok()?..=b.parse::<u32>().ok()?)
        })
        .flatten()
        .collect();
    assert_eq!(
        listed, expected,
        "the reference list holds exactly the cited entries"
    );
    // citations keep their numbers from the full guide
    assert_eq!(BTreeSet::from_iter(cited_numbers(body)), expected);
    // and the handout is the section, not the guide
    assert!(letters(&text).contains(&letters(&section.title)));
    for other in doc.sections.iter().filter(|s| s.number != 4) {
        assert!(!letters(body).contains(&letters(&format!("{}{}", other.number, other.title))));
    }
}

#[test]
fn handout_of_a_heading_holds_its_subsection() {
    let bytes = build(None, &["s4-yoga"]).expect("builds");
    let Some(text) = pdftotext(&bytes, &[]) else {
        return;
    };
    let t = letters(&text);
    assert!(t.contains("yoga") && t.contains("disclaimer"));
    assert!(
        !t.contains("pilates"),
        "the previous subsection is not in it"
    );
    assert!(
        !text.contains("Inhoud"),
        "a handout has no table of contents"
    );
}

#[test]
fn unknown_handout_ids_are_reported_with_near_matches() {
    let err = build(None, &["yoga", "4"]).expect_err("`yoga` is not an id");
    assert!(err.contains("`yoga` is not a section number"), "{err}");
    assert!(err.contains("s4-yoga"), "near matches listed: {err}");
    let err = build(None, &["99"]).expect_err("there is no section 99");
    assert!(err.contains("`99`"), "{err}");
}
