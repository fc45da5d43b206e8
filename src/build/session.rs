//! Builds that remember: what `brochure watch` keeps from one build to the
//! next, so that a rebuild after a small edit redoes only what the edit
//! changed.
//!
//! A [`Session`] keeps the text engine (fonts, shape plans, shaped words,
//! hyphenation, and its memo of typeset paragraphs, see
//! [`text::ParagraphCache`]), the reading-order guard's answers
//! ([`layout::GuardMemo`]), the PDF's compressed streams
//! ([`pdf::StreamMemo`]) and the images found whole
//! ([`source::ImageChecks`]). The engine is kept while the document asks for
//! the same one (the same font families, language, hyphenation exceptions
//! and rule, and the same need for fallback fonts) and the watcher has seen
//! no change outside `source/` ([`Session::forget_engine`]). Every memo is
//! keyed by the exact input of a pure function, so a rebuild writes the same
//! bytes as a fresh build of the same source; after each build the memos
//! drop what it did not use, so they do not grow with every edit.

use std::path::Path;
use std::time::Instant;

use super::fonts::{self, LATIN, Recipe};
use super::{BuildError, BuildOptions, Built, Engine, finish, load, run};
use crate::diag::Diagnostic;
use crate::timings::Timings;
use crate::{layout, model, pdf, source, text};

/// What a watcher keeps between builds; see the module docs.
#[derive(Debug, Default)]
pub struct Session {
    engine: Option<(Recipe, text::Typesetter)>,
    guard: layout::GuardMemo,
    streams: pdf::StreamMemo,
    images: source::ImageChecks,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new() -> Session {
        Session::default()
    }

    /// Builds the brochure under `root` as [`crate::build`] does, reusing
    /// what the session kept.
    pub fn build(&mut self, root: &Path, opts: &BuildOptions) -> Result<Built, BuildError> {
        let start = Instant::now();
        let loaded = load(root, opts, Some(&self.images));
        // the images this build used stay checked; the others are forgotten
        self.images.sweep();
        let loaded = loaded?;
        let timings = Timings {
            load: start.elapsed(),
            ..Timings::default()
        };
        finish(
            run(root, opts, &loaded.doc, Engine::Kept(self), timings),
            loaded.sources,
            loaded.warnings,
        )
    }

    /// Drops the kept text engine: the font files may have changed.
    pub fn forget_engine(&mut self) {
        self.engine = None;
    }

    /// The text engine for `doc` (the kept one if it serves, else a new
    /// one, kept from now on), the guard's memo and the compressed streams;
    /// or the errors of a document with characters no font has.
    pub(super) fn engine(
        &mut self,
        root: &Path,
        doc: &model::Document,
    ) -> Result<(&text::Typesetter, &layout::GuardMemo, &pdf::StreamMemo), Vec<Diagnostic>> {
        let chars = fonts::document_chars(doc);
        let serves = self
            .engine
            .as_ref()
            .is_some_and(|(recipe, ts)| *recipe == Recipe::of(doc, ts.faces_cover(&LATIN, &chars)));
        if !serves {
            self.engine = None;
            let ts = fonts::typesetter(root, doc, &chars).map_err(|d| vec![d])?;
            let recipe = Recipe::of(doc, ts.faces_cover(&LATIN, &chars));
            self.engine = Some((recipe, ts));
        }
        let (_, ts) = self.engine.as_ref().expect("kept or made above");
        fonts::check_glyphs(doc, ts, &chars)?;
        Ok((ts, &self.guard, &self.streams))
    }
}
