//! Fuzzing on stable Rust (issue 16), with proptest: the loader with inline
//! markup, the XLIFF reader, paragraph layout, and image and font loading,
//! each on generated or mutated input. A target passes when nothing panics
//! and the properties stated in it hold.
//!
//! `cargo test` runs each target for a few hundred cases from a fixed seed
//! (the same cases every run). `FUZZ_SECONDS=600 cargo test --release --test
//! it fuzz::TARGET` runs one target for that long from random seeds and
//! prints how many inputs it tried. Seeds come from `tests/data/fuzz/`; a
//! crash found becomes a regression test in this file.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use brochure::text::{Align, Direction, FontBook, FontId, ParagraphStyle, RunKind, TextRun};

use crate::common::small_project;

/// Cases of one batch; `cargo test` runs one batch per target.
const CASES: u32 = 256;

/// Runs `test` on values of `strategy`: one batch from a fixed seed, or
/// batches from random seeds for `FUZZ_SECONDS` seconds. A failure is
/// reported with the smallest failing input proptest found.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) + Sync)
where
    S::Value: std::fmt::Debug,
{
    let seconds: Option<u64> = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let t0 = Instant::now();
    let mut runs = 0u64;
    loop {
        let mut runner = match seconds {
            None => TestRunner::new_with_rng(
                config.clone(),
                TestRng::deterministic_rng(RngAlgorithm::ChaCha),
            ),
            Some(_) => TestRunner::new(config.clone()),
        };
        let result = runner.run(&strategy, |v| {
            test(v);
            Ok::<(), TestCaseError>(())
        });
        runs += u64::from(CASES);
        if let Err(e) = result {
            panic!("fuzz target {name} failed after about {runs} inputs: {e}");
        }
        match seconds {
            Some(s) if t0.elapsed() < Duration::from_secs(s) => continue,
            _ => break,
        }
    }
    eprintln!(
        "fuzz {name}: {runs} inputs in {:.1} s, no failure",
        t0.elapsed().as_secs_f64()
    );
}

/// Edits to a seed: (place, kind, byte); see [`mutate`].
fn edits() -> impl Strategy<Value = Vec<(Index, u8, u8)>> {
    prop::collection::vec((any::<Index>(), 0u8..6, any::<u8>()), 1..8)
}

/// Applies edits to `seed`: overwrite a byte, flip a bit, delete a run,
/// insert a byte, duplicate a run, or truncate.
fn mutate(seed: &[u8], edits: &[(Index, u8, u8)]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for (at, kind, byte) in edits {
        if b.is_empty() {
            b.push(*byte);
            continue;
        }
        let i = at.index(b.len());
        let run = (usize::from(*byte) % 16 + 1).min(b.len() - i);
        match kind {
            0 => b[i] = *byte,
            1 => b[i] ^= 1 << (byte % 8),
            2 => drop(b.drain(i..i + run)),
            3 => b.insert(i, *byte),
            4 => {
                let piece = b[i..i + run].to_vec();
                b.splice(i..i, piece);
            }
            _ => b.truncate(i),
        }
    }
    b
}

/// Characters that matter to the markup, the line breaker and the shaper.
const ALPHABET: &[char] = &[
    'a', 'b', 'z', 'A', 'é', ' ', ' ', '\t', '\n', '*', '_', '[', ']', '(', ')', '<', '>', '\\',
    '–', '-', ',', '.', '/', ':', '1', '2', '9', '0', '"', '\'', '\u{ad}', '\u{a0}', '\u{2028}',
    '\u{200d}', '\u{301}', '\u{202e}', 'ا', 'ل', 'म', '्', 'ह', '🙂', '\u{feff}',
];

/// Text made of [`ALPHABET`] and short words, or a markup seed mutated.
fn text() -> impl Strategy<Value = String> {
    let seeds: Vec<String> = std::fs::read_to_string(data("markup/samples.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let piece = prop_oneof![
        prop::sample::select(ALPHABET).prop_map(String::from),
        prop::sample::select(&["https://", "mailto:", "[1–3]", "**", "www.", "[12]", "\\*"][..])
            .prop_map(String::from),
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..120).prop_map(|v| v.concat()),
        (prop::sample::select(seeds), edits())
            .prop_map(|(s, e)| { String::from_utf8_lossy(&mutate(s.as_bytes(), &e)).into_owned() }),
    ]
}

/// A file of `tests/data/fuzz/`.
fn data(name: &str) -> std::path::PathBuf {
    crate::common::root().join("tests/data/fuzz").join(name)
}

/// `text` as a TOML basic string's content.
fn toml_escaped(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[test]
fn loader_with_inline_markup() {
    let p = small_project(&[]);
    let file = p.path().join("source/nl/01-a.toml");
    fuzz("loader_with_inline_markup", text(), |t| {
        let toml = format!(
            "[section]\nnumber = 1\ntitle = \"Een\"\n\n[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"{}\"\n",
            toml_escaped(&t)
        );
        std::fs::write(&file, toml).unwrap();
        match brochure::source::load(p.path(), None) {
            Ok(_) => {}
            Err(f) => {
                // every error has a place or says why it has none, and renders
                for d in &f.diagnostics {
                    assert!(!d.message.is_empty());
                    let _ = f.sources.render(d);
                    let _ = f.sources.to_json(d);
                }
            }
        }
        let _ = brochure::source::parse_markup(&t, true);
    });
}

#[test]
fn xliff_reader() {
    let p = crate::common::project_copy();
    let seed = std::fs::read(data("xliff/en-sample.xlf")).unwrap();
    let xlf = p.path().join("in.xlf");
    let before = std::fs::read(p.path().join("source/en/01-inleiding.toml")).ok();
    fuzz("xliff_reader", edits(), |e| {
        std::fs::write(&xlf, mutate(&seed, &e)).unwrap();
        let r = brochure::xliff::import(p.path(), &xlf, true);
        if let Err(f) = r {
            for d in &f.diagnostics {
                let _ = f.sources.render(d);
            }
        }
    });
    // a dry run writes nothing
    assert_eq!(
        std::fs::read(p.path().join("source/en/01-inleiding.toml")).ok(),
        before
    );
}

#[test]
fn paragraph_layout() {
    let ts = crate::text_engine::setup::typesetter(&[]);
    let width = prop_oneof![
        0.0f32..600.0,
        Just(0.0f32),
        Just(-5.0f32),
        Just(f32::NAN),
        Just(f32::INFINITY),
        Just(1.0e9f32),
    ];
    let align =
        prop::sample::select(&[Align::Justify, Align::Start, Align::End, Align::Center][..]);
    let run = (
        text(),
        0u16..5,
        prop_oneof![2.0f32..40.0, Just(0.0f32), Just(f32::NAN)],
        prop::sample::select(
            &[
                RunKind::Prose,
                RunKind::Url,
                RunKind::NoHyphen,
                RunKind::NoBreak,
            ][..],
        ),
    )
        .prop_map(|(text, font, size, kind)| TextRun {
            text,
            font: FontId(font),
            size,
            kind,
            tag: 0,
        });
    let input = (
        prop::collection::vec(run, 0..4),
        width,
        align,
        any::<bool>(),
        any::<bool>(),
    );
    fuzz(
        "paragraph_layout",
        input,
        |(runs, width, align, rtl, hyphenate)| {
            let style = ParagraphStyle {
                align,
                direction: if rtl { Direction::Rtl } else { Direction::Ltr },
                lang: "nl".into(),
                hyphenate,
                protrusion: true,
                first_indent: 0.0,
            };
            let l = ts.layout_paragraph(&runs, &style, width);
            for line in &l.lines {
                assert!(line.width.is_finite(), "{line:?}");
                for r in &line.runs {
                    assert!(r.glyphs.iter().all(|g| g.x.is_finite()), "{r:?}");
                }
            }
        },
    );
}

#[test]
fn image_loading() {
    let seeds: Vec<(&str, Vec<u8>)> = ["rgb-8x6.png", "rgb-16x12.jpg"]
        .iter()
        .map(|n| (*n, std::fs::read(data(&format!("image/{n}"))).unwrap()))
        .collect();
    let section = |name: &str| {
        format!(
            "[section]\nnumber = 1\ntitle = \"Een\"\n\n[[block]]\nkind = \"photo\"\nid = \"a\"\nimage = \"images/{name}\"\ncaption = \"c\"\nalt = \"a\"\n"
        )
    };
    let png = small_project(&[("nl/01-a.toml", section("x.png").as_bytes())]);
    let jpg = small_project(&[("nl/01-a.toml", section("x.jpg").as_bytes())]);
    for p in [&png, &jpg] {
        std::fs::create_dir_all(p.path().join("source/images")).unwrap();
    }
    fuzz("image_loading", (0..seeds.len(), edits()), |(s, e)| {
        let (name, seed) = &seeds[s];
        let (p, file) = if name.ends_with("png") {
            (&png, "x.png")
        } else {
            (&jpg, "x.jpg")
        };
        let bytes = mutate(seed, &e);
        std::fs::write(p.path().join("source/images").join(file), &bytes).unwrap();
        let t = Instant::now();
        let r = brochure::source::load(p.path(), None);
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        if let Err(f) = r {
            let located = f
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .all(|d| d.file.is_some());
            assert!(located, "{:?}", f.diagnostics);
        }
    });
}

#[test]
fn font_loading() {
    let seed = std::fs::read(crate::common::root().join("fonts/NotoSans-Regular.ttf")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.ttf");
    let runs = [TextRun {
        text: "Wellness ﬁ officieel 2024 — café".into(),
        font: FontId(0),
        size: 10.0,
        kind: RunKind::Prose,
        tag: 0,
    }];
    let style = crate::text_engine::setup::style(Align::Justify);
    fuzz("font_loading", edits(), |e| {
        std::fs::write(&path, mutate(&seed, &e)).unwrap();
        let Ok(book) = FontBook::load(std::slice::from_ref(&path)) else {
            return;
        };
        let Ok(ts) = brochure::text::Typesetter::new(book, &[]) else {
            return;
        };
        // a shaper failure on the damaged font is an error, never a crash
        let _ = ts.catch_shaping(|| ts.layout_paragraph(&runs, &style, 100.0));
    });
}

/// Found by `font_loading` (10 minutes, about 670,000 inputs): one byte of
/// Noto Sans Regular set to 1 (offset 507,544, in its GSUB/GPOS data) makes
/// rustybuzz 0.20.1 panic while shaping (`ot_layout_gsubgpos.rs:616`, an
/// `unwrap` on `None`). The text stage catches it and reports the font; a
/// build with that font is an error naming the file, not a crash.
#[test]
fn regression_damaged_gsub_is_an_error_naming_the_font() {
    let mut bytes =
        std::fs::read(crate::common::root().join("fonts/NotoSans-Regular.ttf")).unwrap();
    bytes[507_544] = 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.ttf");
    std::fs::write(&path, &bytes).unwrap();
    let runs = [TextRun {
        text: "Wellness ﬁ officieel 2024 — café".into(),
        font: FontId(0),
        size: 10.0,
        kind: RunKind::Prose,
        tag: 0,
    }];
    let style = crate::text_engine::setup::style(Align::Justify);
    let book = FontBook::load(std::slice::from_ref(&path)).expect("the damaged font loads");
    let ts = brochure::text::Typesetter::new(book, &[]).expect("and parses");
    let err = ts
        .catch_shaping(|| ts.layout_paragraph(&runs, &style, 100.0))
        .expect_err("shaping with the damaged font fails");
    assert!(err.message().contains("f.ttf"), "{err}");

    // the whole build: exit 1, the font named, no panic message, no PDF
    let project = crate::common::project_copy();
    std::fs::write(project.path().join("fonts/NotoSans-Regular.ttf"), &bytes).unwrap();
    let (code, _, stderr) = crate::common::run_in(project.path(), &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("NotoSans-Regular.ttf is not a usable font file"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !project
            .path()
            .join("out/wellnesspraktijken-nl.pdf")
            .exists()
    );
}
