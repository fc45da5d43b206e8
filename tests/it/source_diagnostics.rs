//! One test per kind of source problem: each builds a small broken project and
//! checks the message and its file:line:col.

use std::path::Path;

use brochure::source;

use crate::common::small_project as project;

/// Loads a project that must fail; returns "file:line:col message" for each error.
fn errors(root: &Path) -> Vec<String> {
    match source::load(root, None) {
        Ok(_) => panic!("the broken project loaded"),
        Err(f) => f
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let rendered = f.sources.render(d);
                assert!(rendered.contains('^'), "no caret in:\n{rendered}");
                format!(
                    "{} {}",
                    f.sources.location(d).unwrap_or_else(|| "-".into()),
                    d.message
                )
            })
            .collect(),
    }
}

fn section(body: &str) -> Vec<u8> {
    format!("[section]\nnumber = 1\ntitle = \"Een\"\n\n{body}").into_bytes()
}

/// What a broken project's errors must be.
enum Expect {
    /// Exactly these, in this order.
    Exactly(&'static [&'static str]),
    /// At least this one.
    Includes(&'static str),
    /// The first starts with the first string and contains the second.
    First(&'static str, &'static str),
    /// One error only, starting with this.
    OnlyStarting(&'static str),
    /// This many.
    Count(usize),
}

/// A broken project: its name, its files under `source/`, its errors.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    expect: Expect,
}

/// One case, whose only file is `nl/01-a.toml`.
fn case(name: &'static str, file: Vec<u8>, expect: Expect) -> Case {
    Case {
        name,
        files: vec![("nl/01-a.toml", file)],
        expect,
    }
}

fn cases() -> Vec<Case> {
    use Expect::*;
    let mut non_utf8 = section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"caf");
    non_utf8.extend_from_slice(&[0xe9, b'"', b'\n']);
    vec![
        case(
            "TOML syntax error",
            b"[section]\nnumber = 1\ntitle = \"Een\n".to_vec(),
            First("source/nl/01-a.toml:3:", "TOML syntax error"),
        ),
        case(
            "unknown key with a suggestion",
            section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntekst = \"x\"\n"),
            Includes("source/nl/01-a.toml:8:1 unknown key `tekst` in block"),
        ),
        case(
            "wrong type",
            b"[section]\nnumber = \"1\"\ntitle = \"Een\"\n".to_vec(),
            Exactly(&["source/nl/01-a.toml:2:10 `number` must be a whole number, found a string"]),
        ),
        // the sections' derived ids clash too ("een"); the block id is
        // reported at its second use
        Case {
            name: "duplicate id",
            files: vec![
                (
                    "nl/01-a.toml",
                    section("[[block]]\nkind = \"paragraph\"\nid = \"x\"\ntext = \"a\"\n"),
                ),
                (
                    "nl/02-b.toml",
                    section("[[block]]\nkind = \"paragraph\"\nid = \"x\"\ntext = \"b\"\n"),
                ),
            ],
            expect: Includes("source/nl/02-b.toml:7:6 duplicate id `x`"),
        },
        case(
            "missing image",
            section(
                "[[block]]\nkind = \"photo\"\nid = \"a\"\nimage = \"images/nope.png\"\ncaption = \"c\"\nalt = \"a\"\n",
            ),
            OnlyStarting("source/nl/01-a.toml:8:9 cannot read image images/nope.png"),
        ),
        case(
            "file that is not UTF-8",
            non_utf8,
            Exactly(&["source/nl/01-a.toml:8:12 file is not valid UTF-8"]),
        ),
        Case {
            name: "unknown hyphenation pattern set",
            files: vec![
                (
                    "nl/01-a.toml",
                    section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"x\"\n"),
                ),
                (
                    "nl/language.toml",
                    b"[hyphenation]\npatterns = \"en-us\"\n".to_vec(),
                ),
            ],
            expect: Exactly(&[
                "source/nl/language.toml:2:12 unknown hyphenation pattern set `en-us`",
            ]),
        },
        Case {
            name: "hyphenation patterns of the wrong type",
            files: vec![
                (
                    "nl/01-a.toml",
                    section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"x\"\n"),
                ),
                (
                    "nl/language.toml",
                    b"[hyphenation]\npatterns = 1\n".to_vec(),
                ),
            ],
            expect: Exactly(&[
                "source/nl/language.toml:2:12 `patterns` must be true, false or the name of a pattern set (\"en-gb\"), found an integer",
            ]),
        },
        case(
            "all problems of a run are reported",
            section(
                "[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"*x [x]\"\nfoo = 1\n\n[[block]]\nkind = \"lijst\"\nid = \"b\"\n",
            ),
            Count(4),
        ),
    ]
}

#[test]
fn each_kind_of_problem_is_reported_at_its_place() {
    for c in cases() {
        let files: Vec<(&str, &[u8])> = c.files.iter().map(|(n, t)| (*n, &t[..])).collect();
        let p = project(&files);
        let e = errors(p.path());
        let name = c.name;
        match c.expect {
            Expect::Exactly(want) => assert_eq!(e, want, "{name}"),
            Expect::Includes(want) => assert!(e.iter().any(|x| x == want), "{name}: {e:?}"),
            Expect::First(prefix, part) => assert!(
                e[0].starts_with(prefix) && e[0].contains(part),
                "{name}: {e:?}"
            ),
            Expect::OnlyStarting(prefix) => {
                assert!(e.len() == 1 && e[0].starts_with(prefix), "{name}: {e:?}")
            }
            Expect::Count(n) => assert_eq!(e.len(), n, "{name}: {e:?}"),
        }
    }
}

/// Block tables of a section in `nl/01-a.toml`, each with the one error it
/// makes there (line:col and message).
const BLOCKS: &[(&str, &str)] = &[
    (
        "[[block]]\nkind = \"paragraph\"\nid = \"a\"\n",
        "5:1 missing `text` in block",
    ),
    (
        "[[block]]\nkind = \"paragraaf\"\nid = \"a\"\n",
        "6:8 unknown block kind `paragraaf`",
    ),
    (
        "[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"\"\"\nzo *nadrukkelijk\n\"\"\"\n",
        "9:4 unclosed emphasis `*`",
    ),
];

/// Paragraph texts (line 8 of `nl/01-a.toml`), each with the one error it
/// makes.
const PARAGRAPHS: &[(&str, &str)] = &[
    ("bewijs [3–1].", "8:17 citation range `3–1` does not ascend"),
    ("bewijs [x].", "8:17 bad citation `[x]`"),
    ("zie [](https://msif.org/)", "8:13 empty link text"),
    ("zie [MSIF](msif.org)", "8:20 link target is not a URL"),
];

#[test]
fn each_bad_block_and_markup_gives_one_error_at_its_place() {
    let paragraphs = PARAGRAPHS.iter().map(|&(text, want)| {
        let block = format!("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"{text}\"\n");
        (block, want)
    });
    let blocks = BLOCKS.iter().map(|&(b, want)| (b.to_string(), want));
    for (block, want) in blocks.chain(paragraphs) {
        let p = project(&[("nl/01-a.toml", &section(&block))]);
        assert_eq!(errors(p.path()), [format!("source/nl/01-a.toml:{want}")]);
    }
}
