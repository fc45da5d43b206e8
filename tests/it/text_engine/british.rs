//! British English hyphenation: the English edition's typesetter (built as
//! a build builds it, from `source/en/language.toml`) breaks words at the
//! en-GB patterns' points and its exceptions, never at the US points hypher
//! has for `en`, and never leaves fewer than 2 letters before or 3 after.

use std::collections::BTreeSet;

use brochure::model::HyphenationRule;
use brochure::text::{Align, ParagraphStyle, Typesetter};

use super::{run, style, typesetter};
use crate::common::root;

/// The English edition's typesetter.
fn english() -> Typesetter {
    let opts = brochure::source::Options {
        lang: Some("en".into()),
        draft: false,
    };
    let doc = brochure::source::load_with(root(), &opts)
        .expect("the English edition loads")
        .doc;
    assert_eq!(
        doc.language.hyphenation,
        HyphenationRule::PatternSet(brochure::model::PatternSet::EnGb),
        "en/language.toml asks for the en-GB patterns"
    );
    brochure::typesetter(root(), &doc, &brochure::document_chars(&doc)).expect("typesetter")
}

fn english_style() -> ParagraphStyle {
    ParagraphStyle {
        lang: "en".into(),
        ..style(Align::Start)
    }
}

/// Every break the typesetter takes in `word` set alone in measures from
/// 12 to 120 pt, as `"corti-costeroids"`.
fn breaks_taken(ts: &Typesetter, word: &str) -> BTreeSet<String> {
    let mut taken = BTreeSet::new();
    for width in 12..=120 {
        let l = ts.layout_paragraph(&[run(word)], &english_style(), width as f32);
        let mut prefix = String::new();
        for line in &l.lines[..l.lines.len() - 1] {
            // an added hyphen reads as a soft hyphen (U+00AD)
            let text = line.text();
            if let Some(stem) = text
                .strip_suffix('\u{ad}')
                .or_else(|| text.strip_suffix('-'))
            {
                prefix.push_str(stem);
                taken.insert(format!("{prefix}-{}", &word[prefix.len()..]));
            }
        }
    }
    taken
}

#[test]
fn english_words_break_at_british_points_only() {
    let gb = english();
    // hypher's `en` patterns, with none of the edition's exceptions
    let us = typesetter(&[]);
    // (word, a US break, the British breaks that may be taken)
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "corticosteroids",
            "corticos-teroids",
            &[
                "cor-ticosteroids",
                "corti-costeroids",
                "cortico-steroids",
                "corticoster-oids",
            ],
        ),
        (
            "gastrointestinal",
            "gastroin-testinal",
            &[
                "gas-trointestinal",
                "gastro-intestinal",
                "gastrointest-inal",
            ],
        ),
        (
            "complementary",
            "complemen-tary",
            &["com-plementary", "comple-mentary", "complement-ary"],
        ),
        (
            "meditation",
            "medi-tation",
            &["med-itation", "medit-ation", "medita-tion"],
        ),
        (
            "measurements",
            "mea-surements",
            &["meas-urements", "measure-ments"],
        ),
        ("excessive", "exces-sive", &["ex-cessive", "excess-ive"]),
    ];
    for (word, us_break, british) in cases {
        let taken = breaks_taken(&gb, word);
        assert!(!taken.is_empty(), "{word} is never hyphenated");
        for t in &taken {
            assert!(british.contains(&t.as_str()), "{t} is not a British break");
        }
        // the US patterns do take the break the British ones refuse
        assert!(
            breaks_taken(&us, word).contains(us_break),
            "{word}: {us_break}"
        );
    }
}

#[test]
fn english_fragments_are_at_least_two_letters_before_and_three_after() {
    let gb = english();
    for word in [
        "abolition",
        "university",
        "immunoglobulins",
        "rehabilitation",
        "electromyostimulation",
        "Pilates",
        "alive",
        "stimulated",
    ] {
        for t in breaks_taken(&gb, word) {
            let (before, after) = t.split_once('-').expect("a break");
            assert!(before.chars().count() >= 2, "{t}");
            assert!(after.chars().count() >= 3, "{t}");
        }
    }
}
