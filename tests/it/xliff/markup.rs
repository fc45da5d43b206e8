//! The XLIFF markup: inline codes, XML escaping, malformed files reported
//! with line and column.

use brochure::source::fields::Field;
use brochure::source::{self, UnitState};

use super::{Project, set_target, target_of, unit_range};
use crate::common::cli;

fn toml_value(text: &str, id: &str, key: &str) -> String {
    let t: toml::Table = toml::from_str(text).expect("valid TOML");
    t[id][key].as_str().expect("a string").to_string()
}

#[test]
fn inline_codes_survive_the_round_trip() {
    let p = Project::new();
    let nl = "source/nl/01-inleiding.toml";
    let en = "source/en/01-inleiding.toml";
    let nl_text = "Zie *de gids* en **vooral** [de website](https://example.org/gids) of\n<https://example.org/b> [1–3, 5]~en zo\\\nverder met af\\-breken.";
    let en_text = "See *the guide* and **above all** [the website](https://example.org/gids) or\n<https://example.org/b> [1–3, 5]~and so\\\non with hy\\-phens.";
    let replace_text = |text: &str, id: &str, new: &str| {
        let a = text
            .find(&format!("id = \"{id}\""))
            .or_else(|| text.find(&format!("[{id}]")))
            .expect("table");
        let s = a + text[a..].find("text = \"\"\"\n").expect("text") + "text = \"\"\"\n".len();
        let e = s + text[s..].find("\n\"\"\"").expect("end");
        format!("{}{}{}", &text[..s], new, &text[e..])
    };
    // in a TOML string a backslash is written twice
    let toml = |s: &str| s.replace('\\', "\\\\");
    p.write(
        nl,
        &replace_text(
            &p.read(nl),
            "s1-behandeling-levenskwaliteit",
            &toml(nl_text),
        ),
    );
    p.write(
        en,
        &replace_text(
            &p.read(en),
            "s1-behandeling-levenskwaliteit",
            &toml(en_text),
        ),
    );
    // the translation was made from this source: give it its fingerprint
    let fp = source::fingerprint(&[(Field::Text, nl_text.into())]);
    p.write(en, &p.read(en).replace("31cf688949d273fb", &fp));
    let references = "source/references.toml";
    assert!(p.read(references).contains("number = 5"));

    let before = p.snapshot();
    let (xlf, text) = p.export("en");
    let id = "s1-behandeling-levenskwaliteit/text";
    let target = target_of(&text, id);
    assert_eq!(
        target,
        "See <g id=\"1\" ctype=\"italic\">the guide</g> and <g id=\"2\" ctype=\"bold\">above all</g> \
         <g id=\"3\" ctype=\"x-link\" bro:href=\"https://example.org/gids\">the website</g> or \
         <ph id=\"4\" ctype=\"x-link\">&lt;https://example.org/b&gt;</ph> \
         <ph id=\"5\" ctype=\"x-citation\">[1–3, 5]</ph>\u{a0}and so<x id=\"6\" ctype=\"lb\"/>on with hy\u{ad}phens."
    );
    let unit = &text[unit_range(&text, id)];
    assert!(unit.contains("<target state=\"translated\">"), "{unit}");
    assert!(
        unit.contains("<source>Zie <g id=\"1\" ctype=\"italic\">de gids</g>"),
        "{unit}"
    );
    assert!(p.import(&xlf).written.is_empty());
    assert_eq!(before, p.snapshot());

    // the translator reorders the sentence, moving the codes; a CAT tool that
    // drops the link target and the native codes of the ph elements
    let moved = "<g id=\"3\" ctype=\"x-link\">The website</g>, <g id=\"2\" ctype=\"bold\">above all</g>, \
                 and <g id=\"1\" ctype=\"italic\">the guide</g> <ph id=\"5\" ctype=\"x-citation\"/> \
                 or <ph id=\"4\"/>\u{a0}and so<x id=\"6\"/>on with hy\u{ad}phens.";
    std::fs::write(
        &xlf,
        set_target(
            &text,
            id,
            &format!("<target state=\"translated\">{moved}</target>"),
        ),
    )
    .expect("write");
    let done = p.import(&xlf);
    assert_eq!(done.updated, 1, "{:?}", done.summary);
    let now = toml_value(&p.read(en), "s1-behandeling-levenskwaliteit", "text");
    assert_eq!(
        now,
        "[The website](https://example.org/gids), **above all**, and *the guide*\n\
         [1–3, 5] or <https://example.org/b>~and so\\\non with hy\\-phens.\n"
    );
    assert_eq!(p.status("en").count(UnitState::Stale), 0);
}

#[test]
fn xml_special_characters_are_escaped() {
    let p = Project::new();
    let en = "source/en/03-standaardbehandelingen.toml";
    let plain = "AT&T says 5 < 6 > 4, \"quoted\" and 'single' \\\\ \\* \\[x\\] \\<https://no.link/";
    p.edit(
        en,
        "caption = \"Oumaima, person with MS, Morocco\"",
        "caption = \"Oumaima & Co <b> \\\"MS\\\", Morocco\"",
    );
    p.write(
        en,
        &p.read(en).replace(
            "title = \"Treatment of a relapse\"",
            &format!("title = '''{plain}'''"),
        ),
    );
    let before = p.snapshot();
    let (xlf, text) = p.export("en");
    assert_eq!(
        target_of(&text, "s3-foto-oumaima/caption"),
        "Oumaima &amp; Co &lt;b&gt; &quot;MS&quot;, Morocco"
    );
    assert_eq!(
        target_of(&text, "s3-behandeling-van-een-opstoot/title"),
        "AT&amp;T says 5 &lt; 6 &gt; 4, &quot;quoted&quot; and 'single' \\ * [x] &lt;https://no.link/"
    );
    assert!(p.import(&xlf).written.is_empty());
    assert_eq!(before, p.snapshot());

    // character references, CDATA and entities in a target
    let edited = set_target(
        &text,
        "s3-foto-oumaima/caption",
        "<target state=\"translated\">&#x4F;umaima &amp; &quot;Co&quot; &lt;b&gt; <![CDATA[a < b & \"c\"]]> *x* ~ [y]</target>",
    );
    std::fs::write(&xlf, edited).expect("write");
    let done = p.import(&xlf);
    assert_eq!(done.updated, 1);
    let now = p.read(en);
    assert!(
        now.contains("caption = \"Oumaima & \\\"Co\\\" <b> a < b & \\\"c\\\" \\\\*x\\\\* \\\\~ \\\\[y\\\\]\"\n"),
        "{now}"
    );
    let caption = toml_value(&now, "s3-foto-oumaima", "caption");
    assert_eq!(
        caption,
        "Oumaima & \"Co\" <b> a < b & \"c\" \\*x\\* \\~ \\[y\\]"
    );
    // the markup prints as typed
    let t = source::parse_markup(&caption, false).expect("the caption parses");
    assert_eq!(
        brochure::model::Inline::plain_text(&t[0]),
        "Oumaima & \"Co\" <b> a < b & \"c\" *x* ~ [y]"
    );
}

#[test]
fn a_malformed_xliff_is_reported_with_line_and_column() {
    let p = Project::new();
    let (xlf, text) = p.export("en");
    let before = p.snapshot();
    let dir = p.path().to_str().expect("UTF-8");
    let xlf_s = xlf.to_str().expect("UTF-8");
    let cases: Vec<(String, &str)> = vec![
        (text.replacen("</source>", "</sourc>", 1), "malformed XLIFF"),
        (text[..text.len() / 2].to_string(), "malformed XLIFF"),
        (
            text.replacen("Disclaimer", "Dis & claimer", 1),
            "malformed XLIFF",
        ),
        (
            text.replacen("Disclaimer", "&nbsp;Disclaimer", 1),
            "unknown entity `&nbsp;`",
        ),
        (
            text.replacen("version=\"1.2\"", "version=\"2.0\"", 1),
            "XLIFF version 2.0 is not supported",
        ),
        (
            "<html><body/></html>".to_string(),
            "is not an XLIFF document",
        ),
        (
            set_target(
                &text,
                "s1-definities/title",
                "<target state=\"translated\">Def<bpt id=\"1\">&lt;b&gt;</bpt>initions</target>",
            ),
            "unknown inline code `<bpt>`",
        ),
    ];
    for (bad, want) in cases {
        std::fs::write(&xlf, &bad).expect("write");
        let out = cli(&["-C", dir, "xliff", "import", xlf_s]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{want}: {stderr}");
        assert!(stderr.contains(want), "{want}: {stderr}");
        // file:line:col
        let loc = stderr
            .split(&format!("{xlf_s}:"))
            .nth(1)
            .unwrap_or_else(|| panic!("{want}: no location in {stderr}"));
        let number = |s: &str| -> usize {
            let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().unwrap_or(0)
        };
        let mut parts = loc.splitn(2, ':');
        let line = number(parts.next().unwrap_or(""));
        let col = number(parts.next().unwrap_or(""));
        assert!(line >= 1 && col >= 1);
        assert_eq!(before, p.snapshot(), "{want}: files changed");
    }
}
