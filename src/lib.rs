//! brochure: compiles structured source files into a typeset, print-ready,
//! multilingual PDF brochure.
//!
//! Data flows one way through the stages, one module each:
//! [`source`] (TOML files, spans kept for errors) → [`model`] (typed document
//! tree) → [`text`] (shaping, hyphenation, line breaking) → [`layout`] (pages,
//! columns, furniture) → [`pdf`] (the PDF file). A stage never reaches back
//! into an earlier one.

pub mod cli;
pub mod diag;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod source;
pub mod text;

use std::path::{Path, PathBuf};

use diag::{Diagnostic, Sources};

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Language (default: the source language).
    pub lang: Option<String>,
    /// Output path (default: `out/<id>-<lang>.pdf`).
    pub output: Option<PathBuf>,
    /// Where to write the line-breaking quality report.
    pub report: Option<PathBuf>,
    /// Whether to print stage timings.
    pub timings: bool,
}

/// A finished build: where the PDF went, warnings and a summary to print.
#[derive(Debug)]
pub struct Built {
    /// The PDF's path.
    pub output: PathBuf,
    /// Files read, for showing warnings.
    pub sources: Sources,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// Lines to print when done.
    pub summary: Vec<String>,
}

/// A failed build: every problem, and the files to show them against.
#[derive(Debug)]
pub struct BuildError {
    /// Files read.
    pub sources: Sources,
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the brochure under `root` as PDF.
pub fn build(root: &Path, opts: &BuildOptions) -> Result<Built, BuildError> {
    let loaded = source::load(root, opts.lang.as_deref()).map_err(|f| BuildError {
        sources: f.sources,
        diagnostics: f.diagnostics,
    })?;
    Err(BuildError {
        sources: loaded.sources,
        diagnostics: vec![Diagnostic::global("layout is not written yet")],
    })
}
