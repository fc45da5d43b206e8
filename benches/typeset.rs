//! Benchmarks of the text engine: shaping, hyphenation and Knuth–Plass
//! breaking of the Dutch seed text (~7800 words, about the whole guide).
//!
//! "cold caches" builds a fresh [`Typesetter`](brochure::text::Typesetter)
//! per iteration, so every word is shaped and hyphenated anew (the first
//! layout of a guide); the other benchmarks reuse one typesetter, as the
//! layout stage does when it lays paragraphs out again. The fonts, style and
//! seed text are the text-engine tests' (`tests/it/text_engine/setup.rs`).

use std::hint::black_box;

use brochure::text::{Align, FontId, RunKind, TextRun};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/it/text_engine/setup.rs"]
mod setup;

use setup::{seed_paragraphs, style, typesetter};

/// Paragraphs of the seed text with at least `min_words` words.
fn paragraphs(min_words: usize) -> Vec<Vec<TextRun>> {
    seed_paragraphs(min_words)
        .into_iter()
        .map(|text| {
            vec![TextRun {
                text,
                font: FontId(0),
                size: 9.5,
                kind: RunKind::Prose,
                tag: 0,
            }]
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let ts = typesetter(&[]);
    let all = paragraphs(1);
    let long = paragraphs(40);
    let words: usize = all.iter().map(|p| p[0].text.split(' ').count()).sum();
    println!(
        "seed: {} paragraphs, {words} words; {} paragraphs of 40+ words",
        all.len(),
        long.len()
    );
    let justify = style(Align::Justify);
    let ragged = style(Align::Start);
    c.bench_function("seed text, justified, 240 pt", |b| {
        b.iter(|| {
            for p in &all {
                black_box(ts.layout_paragraph(black_box(p), &justify, 240.0));
            }
        })
    });
    c.bench_function("seed text, justified, 240 pt, cold caches", |b| {
        b.iter_batched(
            || typesetter(&[]),
            |fresh| {
                for p in &all {
                    black_box(fresh.layout_paragraph(black_box(p), &justify, 240.0));
                }
            },
            criterion::BatchSize::PerIteration,
        )
    });
    c.bench_function("seed text, ragged, 240 pt", |b| {
        b.iter(|| {
            for p in &all {
                black_box(ts.layout_paragraph(black_box(p), &ragged, 240.0));
            }
        })
    });
    c.bench_function("long paragraphs, justified, 120 pt", |b| {
        b.iter(|| {
            for p in &long {
                black_box(ts.layout_paragraph(black_box(p), &justify, 120.0));
            }
        })
    });
    c.bench_function("measure one line", |b| {
        let runs = &all[0];
        b.iter(|| black_box(ts.measure(black_box(runs))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
