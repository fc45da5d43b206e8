//! Memos of typeset paragraphs, owned by the [`Typesetter`](super::Typesetter).
//!
//! [`Typesetter::layout_paragraph`](super::Typesetter::layout_paragraph) is
//! a pure function of (runs, style, width) and the engine's fonts and
//! hyphenation, so its result can be kept and handed out again:
//!
//! * [`ParagraphCache`]: (runs, style, width) → the broken lines. A build
//!   sets some texts many times (the running header and footer on every
//!   page, a heading in its section and in the table of contents), and
//!   `brochure watch` keeps the engine, and so this cache, between
//!   rebuilds: after a one-paragraph edit only that paragraph is set again.
//!   [`ParagraphCache::sweep`] (called by the watcher between builds) drops
//!   what the last build did not use, so the cache does not grow with every
//!   edit.
//! * [`BuiltCache`]: the last few paragraphs shaped and cut into boxes,
//!   glue and penalties (everything but the width), so that a paragraph
//!   broken at several widths (a balanced heading tries eight) is shaped
//!   once and only broken again.
//!
//! Keys are the exact bytes of their inputs (texts, fonts, float bits), not
//! hashes of them: a hit is always the same input, so the output is the
//! same bytes as without the cache. The map itself is [`crate::memo::Memo`];
//! the engine's other memos (shape plans, words, hyphenation) work the same
//! way.

use std::sync::{Arc, Mutex};

use super::paragraph::{BuildOptions, Paragraph};
use super::{Align, Direction, ParagraphLayout, ParagraphStyle, RunKind, TextRun};
use crate::memo::{CacheStats, Memo};

/// Most paragraphs kept in a [`ParagraphCache`]; beyond this (a very large
/// document), paragraphs are set without being kept.
const MAX_PARAGRAPHS: usize = 50_000;

/// Paragraphs kept shaped in a [`BuiltCache`]: enough for the widths of one
/// balanced heading tried one after another on each of a few threads.
const BUILT_SLOTS: usize = 8;

/// Typeset paragraphs by (runs, style, width); see the module docs.
#[derive(Debug)]
pub struct ParagraphCache(Memo<Arc<ParagraphLayout>>);

impl Default for ParagraphCache {
    fn default() -> ParagraphCache {
        ParagraphCache(Memo::new(MAX_PARAGRAPHS))
    }
}

impl ParagraphCache {
    /// The kept lines of a paragraph, if any (and marks them used).
    pub(super) fn get(&self, key: &[u8]) -> Option<Arc<ParagraphLayout>> {
        self.0.get(key)
    }

    /// The kept lines of a paragraph, if any, not counted as a use.
    pub(super) fn peek(&self, key: &[u8]) -> Option<Arc<ParagraphLayout>> {
        self.0.peek(key)
    }

    /// Keeps the lines of a paragraph.
    pub(super) fn put(&self, key: Box<[u8]>, layout: Arc<ParagraphLayout>) {
        self.0.put(key, layout);
    }

    /// Ends a build: drops the paragraphs it did not use, then starts
    /// counting the next build's hits and misses.
    pub fn sweep(&self) {
        self.0.sweep();
    }

    /// Hits and misses since the last [`sweep`](Self::sweep), and the size.
    pub fn stats(&self) -> CacheStats {
        self.0.stats()
    }

    /// Drops every paragraph: a one-off build, once laid out, frees their
    /// glyphs with the pages' (before the PDF is finished).
    pub fn clear(&self) {
        self.0.clear();
    }
}

/// The last few paragraphs shaped and cut into items, by runs, style (but
/// its first-line indent) and build options; see the module docs.
#[derive(Debug, Default)]
pub(super) struct BuiltCache {
    slots: Mutex<Vec<Built>>,
}

/// A shaped paragraph and its key.
type Built = (Box<[u8]>, Arc<Paragraph>);

impl BuiltCache {
    /// The shaped paragraph of `key`, if it is among the last few.
    pub(super) fn get(&self, key: &[u8]) -> Option<Arc<Paragraph>> {
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, p)| Arc::clone(p))
    }

    /// Keeps a shaped paragraph, forgetting the oldest beyond a few.
    pub(super) fn put(&self, key: Box<[u8]>, para: Arc<Paragraph>) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() >= BUILT_SLOTS {
            slots.remove(0);
        }
        slots.push((key, para));
    }
}

/// The key of a shaped paragraph: its runs, the style's fields that shaping
/// and cutting read (not the first-line indent) and the build options.
pub(super) fn built_key(
    runs: &[TextRun],
    style: &ParagraphStyle,
    options: BuildOptions,
) -> Vec<u8> {
    let text: usize = runs.iter().map(|r| r.text.len() + 16).sum();
    let mut k = Vec::with_capacity(text + style.lang.len() + 32);
    k.push(match style.align {
        Align::Justify => 0,
        Align::Start => 1,
        Align::End => 2,
        Align::Center => 3,
    });
    k.push(match style.direction {
        Direction::Ltr => 0,
        Direction::Rtl => 1,
    });
    k.push(u8::from(style.hyphenate));
    k.push(u8::from(style.protrusion));
    k.push(u8::from(options.justify));
    k.push(u8::from(options.hyphenate));
    k.push(u8::from(options.protrusion));
    k.push(u8::from(options.expansion));
    k.extend_from_slice(&options.hyphen_penalty.to_bits().to_le_bytes());
    push_str(&mut k, &style.lang);
    k.extend_from_slice(&(runs.len() as u64).to_le_bytes());
    for r in runs {
        k.extend_from_slice(&r.font.0.to_le_bytes());
        k.extend_from_slice(&r.size.to_bits().to_le_bytes());
        k.push(match r.kind {
            RunKind::Prose => 0,
            RunKind::Url => 1,
            RunKind::NoHyphen => 2,
            RunKind::NoBreak => 3,
        });
        k.extend_from_slice(&r.tag.to_le_bytes());
        push_str(&mut k, &r.text);
    }
    k
}

/// The key of a typeset paragraph: the shaped paragraph's key, the
/// first-line indent and the width.
pub(super) fn layout_key(built: &[u8], style: &ParagraphStyle, width: f32) -> Box<[u8]> {
    let mut k = Vec::with_capacity(built.len() + 8);
    k.extend_from_slice(built);
    k.extend_from_slice(&style.first_indent.to_bits().to_le_bytes());
    k.extend_from_slice(&width.to_bits().to_le_bytes());
    k.into_boxed_slice()
}

/// Appends a string with its length first, so that keys of different
/// pieces cannot run into each other.
fn push_str(k: &mut Vec<u8>, s: &str) {
    k.extend_from_slice(&(s.len() as u64).to_le_bytes());
    k.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::super::{FontBook, FontId, Typesetter};
    use super::*;

    fn typesetter() -> Typesetter {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let faces = ["Regular", "Italic", "Bold", "BoldItalic"]
            .map(|s| dir.join(format!("NotoSans-{s}.ttf")));
        Typesetter::new(FontBook::load(&faces).expect("fonts"), &[]).expect("engine")
    }

    fn runs(text: &str) -> Vec<TextRun> {
        vec![TextRun {
            text: text.to_string(),
            font: FontId(0),
            size: 9.5,
            kind: RunKind::Prose,
            tag: 0,
        }]
    }

    fn style() -> ParagraphStyle {
        ParagraphStyle {
            align: Align::Justify,
            direction: Direction::Ltr,
            lang: "nl".to_string(),
            hyphenate: true,
            protrusion: true,
            first_indent: 0.0,
        }
    }

    const TEXT: &str = "Veel mensen met MS proberen naast hun behandeling ook \
        wellnesspraktijken en complementaire therapieën, zoals yoga, massage en \
        meditatie, om zich beter te voelen.";

    /// (hits, misses) of the engine's paragraph cache so far.
    fn counts(ts: &Typesetter) -> (usize, usize) {
        let s = ts.paragraph_cache().stats();
        (s.hits, s.misses)
    }

    #[test]
    fn hits_only_the_same_content_style_and_width() {
        let ts = typesetter();
        let first = ts.layout_paragraph_cached(&runs(TEXT), &style(), 150.0);
        assert_eq!(counts(&ts), (0, 1));
        let again = ts.layout_paragraph_cached(&runs(TEXT), &style(), 150.0);
        assert_eq!(counts(&ts), (1, 1));
        assert!(Arc::ptr_eq(&first, &again));
        // the same lines as setting it without the cache
        assert_eq!(*first, ts.layout_paragraph(&runs(TEXT), &style(), 150.0));

        // content: one letter, the font, the size, the tag
        let edited = TEXT.replace("yoga", "Yoga");
        ts.layout_paragraph_cached(&runs(&edited), &style(), 150.0);
        assert_eq!(counts(&ts), (1, 2));
        let mut bold = runs(TEXT);
        bold[0].font = FontId(2);
        ts.layout_paragraph_cached(&bold, &style(), 150.0);
        let mut bigger = runs(TEXT);
        bigger[0].size = 10.0;
        ts.layout_paragraph_cached(&bigger, &style(), 150.0);
        let mut tagged = runs(TEXT);
        tagged[0].tag = 1;
        ts.layout_paragraph_cached(&tagged, &style(), 150.0);
        assert_eq!(counts(&ts), (1, 5));

        // style: alignment, indent, language, hyphenation
        let ragged = ParagraphStyle {
            align: Align::Start,
            ..style()
        };
        let indented = ParagraphStyle {
            first_indent: 11.4,
            ..style()
        };
        let english = ParagraphStyle {
            lang: "en".into(),
            ..style()
        };
        let unhyphenated = ParagraphStyle {
            hyphenate: false,
            ..style()
        };
        for st in [&ragged, &indented, &english, &unhyphenated] {
            let lay = ts.layout_paragraph_cached(&runs(TEXT), st, 150.0);
            assert_eq!(*lay, ts.layout_paragraph(&runs(TEXT), st, 150.0));
        }
        assert_eq!(counts(&ts), (1, 9));

        // width, even by a little
        let wider = ts.layout_paragraph_cached(&runs(TEXT), &style(), 150.5);
        assert_eq!(counts(&ts), (1, 10));
        assert_eq!(*wider, ts.layout_paragraph(&runs(TEXT), &style(), 150.5));
        assert_ne!(first.lines[0].width, wider.lines[0].width);
    }

    #[test]
    fn a_sweep_keeps_only_what_the_last_build_used() {
        let ts = typesetter();
        ts.layout_paragraph_cached(&runs(TEXT), &style(), 150.0);
        ts.layout_paragraph_cached(&runs("Een ander stuk tekst."), &style(), 150.0);
        ts.paragraph_cache().sweep();
        assert_eq!(ts.paragraph_cache().stats().entries, 2);
        // the next build uses only the first
        ts.layout_paragraph_cached(&runs(TEXT), &style(), 150.0);
        assert_eq!(counts(&ts), (1, 0));
        ts.paragraph_cache().sweep();
        assert_eq!(ts.paragraph_cache().stats().entries, 1);
        ts.layout_paragraph_cached(&runs("Een ander stuk tekst."), &style(), 150.0);
        assert_eq!(counts(&ts), (0, 1));
    }
}
