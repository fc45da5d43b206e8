//! The shipped Dutch source against the seed text of the original guide.

use brochure::model::Document;
use brochure::source;
use std::collections::HashSet;
use std::path::Path;

fn doc() -> Document {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match source::load(root, None) {
        Ok(l) => l.doc,
        Err(f) => {
            let msgs: Vec<String> = f.diagnostics.iter().map(|d| f.sources.render(d)).collect();
            panic!("the shipped source does not load:\n{}", msgs.join("\n"));
        }
    }
}

/// Lowercase letters and digits only, as ../shared/tools/fidelity.py reduces text.
fn reduce(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[test]
fn model_carries_the_whole_seed() {
    const N: usize = 12;
    let seed = include_str!("../data/seed.txt");
    let built: Vec<char> = reduce(&doc().reading_text()).chars().collect();
    let windows: HashSet<String> = built.windows(N).map(|w| w.iter().collect()).collect();
    let built_s: String = built.iter().collect();
    let (mut total, mut found) = (0usize, 0usize);
    let mut worst = Vec::new();
    for chunk in seed.split("\n\n") {
        let r: Vec<char> = reduce(chunk).chars().collect();
        if r.is_empty() {
            continue;
        }
        if r.len() < N {
            total += 1;
            let s: String = r.iter().collect();
            found += usize::from(built_s.contains(&s));
            continue;
        }
        let ws: Vec<String> = r.windows(N).map(|w| w.iter().collect()).collect();
        let hit = ws.iter().filter(|w| windows.contains(*w)).count();
        total += ws.len();
        found += hit;
        worst.push((
            hit as f64 / ws.len() as f64,
            chunk.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    let recall = found as f64 / total as f64;
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(
        recall >= 0.995,
        "recall {recall:.4}; least covered chunks: {:?}",
        &worst[..5.min(worst.len())]
    );
}

#[test]
fn citations_first_appear_in_order() {
    let d = doc();
    let cites = d.citations();
    assert_eq!(cites.len(), 100, "the guide has 100 citation groups");
    let mut seen = HashSet::new();
    let mut highest = 0;
    for c in cites {
        for &n in &c.numbers {
            if seen.insert(n) {
                assert!(n > highest, "[{n}] first appears after [{highest}]");
                highest = n;
            }
        }
    }
    assert_eq!(seen.len(), 143);
    assert_eq!(highest, 143);
}

#[test]
fn split_sentences_are_whole() {
    let text = doc().reading_text();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for sentence in [
        "de ernst van je ziekte en welke behandelingen beschikbaar zijn in jouw gezondheidszorgsysteem.",
        "Als corticosteroïden niet helpen bij het behandelen van een opstoot, kan een behandeling met intraveneuze immunoglobulinen (IVIG) worden overwogen.",
        "Ze worden als geneesmiddel gebruikt voor mensen met een zwaremetalenvergiftiging.",
        "De verkoop van deze stoffen op de zwarte markt is illegaal",
        "(100% medisch zuivere zuurstof). Dit zou het zuurstofgehalte",
    ] {
        assert!(flat.contains(sentence), "not whole: {sentence}");
    }
    // page furniture of the print is not content
    assert!(
        !flat.contains(
            "5 Sectie B: Therapieën die mogelijk voordelen bieden voor mensen met MS Reiki"
        )
    );
}

#[test]
fn section_six_title_is_marked_as_reconstructed() {
    let d = doc();
    let reconstructed: Vec<u32> = d
        .sections
        .iter()
        .filter(|s| s.reconstructed.is_some())
        .map(|s| s.number)
        .collect();
    assert_eq!(reconstructed, vec![6]);
}
