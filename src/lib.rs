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
pub mod report;
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
    let source::Loaded {
        doc,
        sources,
        mut warnings,
    } = loaded;
    let fail = |sources: Sources, d: Diagnostic| BuildError {
        sources,
        diagnostics: vec![d],
    };
    let t0 = std::time::Instant::now();
    let family = doc.settings.fonts.iter().find(|f| f.script == "latin");
    let Some(family) = family else {
        return Err(fail(
            sources,
            Diagnostic::global("brochure.toml has no [fonts.latin]"),
        ));
    };
    let paths: Vec<PathBuf> = [
        &family.regular,
        &family.italic,
        &family.bold,
        &family.bold_italic,
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let fonts = match text::FontBook::load(&paths) {
        Ok(f) => f,
        Err(e) => return Err(fail(sources, Diagnostic::global(e.to_string()))),
    };
    let exceptions = vec![(
        doc.language.code.clone(),
        doc.language.hyphenation_exceptions.clone(),
    )];
    let ts = match text::Typesetter::new(fonts, &exceptions) {
        Ok(t) => t,
        Err(e) => return Err(fail(sources, Diagnostic::global(e.to_string()))),
    };
    let t_fonts = t0.elapsed();
    let laid = layout::lay_out(&doc, &ts);
    let t_layout = t0.elapsed();
    let bytes = match pdf::write(&laid, ts.fonts()) {
        Ok(b) => b,
        Err(e) => {
            return Err(fail(
                sources,
                Diagnostic::global(format!("writing the PDF failed: {e}")),
            ));
        }
    };
    let t_pdf = t0.elapsed();
    let output = opts.output.clone().unwrap_or_else(|| {
        root.join("out")
            .join(format!("{}-{}.pdf", doc.settings.id, doc.language.code))
    });
    if let Err(e) = write_atomically(&output, &bytes) {
        return Err(fail(
            sources,
            Diagnostic::global(format!("cannot write {}: {e}", output.display())),
        ));
    }
    let mut summary = vec![format!(
        "wrote {} ({} pages, {} KB)",
        output.display(),
        laid.pages.len(),
        bytes.len().div_ceil(1024)
    )];
    let (known, missing) = doc.reference_counts();
    summary.push(format!("references: {known} known, {missing} missing"));
    if let Some(path) = &opts.report {
        let s = report::summarize(&laid.report);
        if let Err(e) = write_atomically(path, report::to_json(&laid.report).as_bytes()) {
            return Err(fail(
                sources,
                Diagnostic::global(format!("cannot write {}: {e}", path.display())),
            ));
        }
        summary.push(format!(
            "report {}: {} lines, mean space {:.2}, p95 {:.2}, {} loose, {} overfull, {:.1} % hyphenated, longest hyphen run {}",
            path.display(),
            s.lines,
            s.mean_space,
            s.p95_space,
            s.loose_lines,
            s.overfull_lines,
            s.hyphen_share * 100.0,
            s.longest_hyphen_run
        ));
    }
    if opts.timings {
        summary.push(format!(
            "timings: load+fonts {:.1} ms, layout {:.1} ms, pdf {:.1} ms",
            t_fonts.as_secs_f64() * 1e3,
            (t_layout - t_fonts).as_secs_f64() * 1e3,
            (t_pdf - t_layout).as_secs_f64() * 1e3
        ));
    }
    warnings.sort_by_key(|d| (d.file, d.span.start));
    Ok(Built {
        output,
        sources,
        warnings,
        summary,
    })
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`,
/// so that a failed build never leaves a half-written PDF.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
