//! The driver: one build, from the project folder to the PDF file.
//!
//! [`build`] runs the stages in their order — load the source (with the
//! translation merged), pick the edition and, for a handout, the part of the
//! document, build the text engine (`fonts.rs`), lay out, write the PDF —
//! and writes the file only when every stage succeeded, so a failed build
//! leaves the previous PDF as it was. What a build takes from the
//! environment (`SOURCE_DATE_EPOCH`, `BROCHURE_DEBUG_ORDER`) is read here
//! and handed to the layout as values; no later stage reads it.

mod fonts;
mod words;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use fonts::{document_chars, typesetter};

use crate::diag::{Code, Diagnostic, Sources};
use crate::model::date::DateTime;
use crate::model::edition::{Edition, Imposition};
use crate::model::handout::Handout;
use crate::{layout, model, pdf, report, source};

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Language (default: the source language).
    pub lang: Option<String>,
    /// Build even where the translation is missing blocks: they are set in
    /// the source language and visibly marked.
    pub draft: bool,
    /// Output path (default: `out/<id>-<lang>.pdf`).
    pub output: Option<PathBuf>,
    /// Where to write the line-breaking quality report.
    pub report: Option<PathBuf>,
    /// Whether to print stage timings.
    pub timings: bool,
    /// The edition to make (default: `screen`); see [`model::edition`].
    pub edition: Option<String>,
    /// Make a handout of these sections or blocks only (section numbers,
    /// section ids or block ids); see [`model::handout`].
    pub only: Vec<String>,
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
    let loaded = source::load_with(
        root,
        &source::Options {
            lang: opts.lang.clone(),
            draft: opts.draft,
        },
    )
    .map_err(|f| BuildError {
        sources: f.sources,
        diagnostics: f.diagnostics,
    })?;
    let source::Loaded {
        doc,
        sources,
        mut warnings,
        ..
    } = loaded;
    match run(root, opts, doc) {
        Ok((output, summary, more)) => {
            warnings.extend(more);
            warnings.sort_by_key(|d| (d.file, d.span.start));
            Ok(Built {
                output,
                sources,
                warnings,
                summary,
            })
        }
        Err(diagnostics) => Err(BuildError {
            sources,
            diagnostics,
        }),
    }
}

/// Refuses, before anything is built, an output that is a folder and a
/// report that would replace the PDF.
fn check_outputs(output: &Path, report: Option<&Path>) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for p in std::iter::once(output).chain(report) {
        if p.is_dir() {
            diags.push(
                Diagnostic::global(format!("{} is a folder", p.display()))
                    .with_code(Code::BadOutputPath)
                    .with_note("name a file to write, such as out/guide.pdf"),
            );
        }
    }
    if let Some(r) = report
        && crate::files::same_file(output, r)
    {
        diags.push(
            Diagnostic::global(format!("the report {} would replace the PDF", r.display()))
                .with_code(Code::BadOutputPath)
                .with_note("give --report a path other than the PDF's"),
        );
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// The stages after loading: the PDF's path, the summary lines and the
/// warnings of typesetting, or every problem that stopped the build.
fn run(
    root: &Path,
    opts: &BuildOptions,
    doc: model::Document,
) -> Result<(PathBuf, Vec<String>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let edition = edition(&doc, opts.edition.as_deref())?;
    let (doc, handout) = handout(doc, &opts.only)?;
    let output = opts.output.clone().unwrap_or_else(|| {
        root.join("out").join(output_name(
            &doc.settings.id,
            &doc.language.code,
            &edition.name,
            handout.as_ref(),
        ))
    });
    check_outputs(&output, opts.report.as_deref())?;
    let t0 = Instant::now();
    let ts = fonts::typesetter_for(root, &doc)?;
    let t_fonts = t0.elapsed();
    let warnings = words::forced_words(&doc, &ts);
    let options = layout_options(&doc);
    let laid = layout::lay_out_edition(&doc, &ts, &edition, handout.as_ref(), &options);
    let t_layout = t0.elapsed();
    let out = pdf::Output {
        cmyk: laid.cmyk.clone(),
        no_links: !edition.links,
        marks: edition.marks,
        impose: (edition.imposition == Imposition::SaddleStitch)
            .then(|| layout::geometry::sheet_size(edition.sheet)),
    };
    let bytes = pdf::write_with(&laid, ts.fonts(), &out).map_err(|e| vec![pdf_error(&e)])?;
    let t_pdf = t0.elapsed();
    write(&output, &bytes)?;
    let pages = laid.pages.len();
    let sheets = if out.impose.is_some() {
        format!(
            ", imposed on {} sheets printed on both sides",
            pages.div_ceil(4)
        )
    } else {
        String::new()
    };
    let mut summary = vec![format!(
        "wrote {} ({pages} pages{sheets}, {} KB)",
        output.display(),
        bytes.len().div_ceil(1024)
    )];
    let (known, missing) = doc.reference_counts();
    summary.push(format!("references: {known} known, {missing} missing"));
    if let Some(path) = &opts.report {
        summary.push(write_report(path, &laid)?);
    }
    if opts.timings {
        summary.push(timings(t_fonts, t_layout, t_pdf));
    }
    Ok((output, summary, warnings))
}

/// The diagnostic of a failed PDF writer: a font or image that cannot be
/// embedded is the input's fault (named by its path), anything else the
/// program's.
fn pdf_error(e: &pdf::PdfError) -> Diagnostic {
    let code = match e {
        pdf::PdfError::BadFont { .. } => Code::BadFont,
        pdf::PdfError::BadImage { .. } => Code::BadImage,
        _ => Code::Internal,
    };
    Diagnostic::global(format!("writing the PDF failed: {e}")).with_code(code)
}

/// The edition asked for (default `screen`), checked to be makeable.
fn edition(doc: &model::Document, name: Option<&str>) -> Result<Edition, Vec<Diagnostic>> {
    let edition = match doc.settings.editions.get(name.unwrap_or("screen")) {
        Ok(e) => e,
        Err(e) => {
            let mut d = Diagnostic::global(format!("unknown edition `{}`", e.name))
                .with_code(Code::UnknownEdition)
                .with_note(format!("editions: {}", e.known.join(", ")));
            let known: Vec<&str> = e.known.iter().map(String::as_str).collect();
            if let Some(best) = source::tables::closest(&e.name, &known) {
                d = d.with_note(format!("did you mean `{best}`?"));
            }
            return Err(vec![d]);
        }
    };
    edition_fits(&doc.settings, &edition)
        .map_err(|msg| vec![Diagnostic::global(msg).with_code(Code::BadEdition)])?;
    Ok(edition)
}

/// The whole document, or for `--only` the handout cut out of it.
fn handout(
    doc: model::Document,
    only: &[String],
) -> Result<(model::Document, Option<Handout>), Vec<Diagnostic>> {
    if only.is_empty() {
        return Ok((doc, None));
    }
    match model::handout::select(&doc, only) {
        Ok((d, h)) => Ok((d, Some(h))),
        Err(unknown) => Err(unknown
            .iter()
            .map(|u| {
                let d = Diagnostic::global(format!(
                    "--only: `{}` is not a section number, section id or block id",
                    u.id
                )).with_code(Code::UnknownHandoutPart);
                if u.near.is_empty() {
                    d.with_note("`brochure check` lists the sections; block ids are the `id` keys of the source files")
                } else {
                    d.with_note(format!("did you mean: {}?", u.near.join(", ")))
                }
            })
            .collect()),
    }
}

/// What the layout takes from the environment: a reproducible build's
/// creation date (`SOURCE_DATE_EPOCH`, else midnight of the edition date)
/// and the reading-order guard's debugging output.
fn layout_options(doc: &model::Document) -> layout::Options {
    layout::Options {
        created: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .map(DateTime::from_unix)
            .unwrap_or_else(|| DateTime::midnight(doc.settings.edition_date)),
        debug_order: std::env::var_os("BROCHURE_DEBUG_ORDER").is_some(),
    }
}

/// Writes a finished file, or the error naming it.
fn write(path: &Path, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    crate::files::write_atomically(path, bytes).map_err(|e| {
        vec![
            Diagnostic::global(format!("cannot write {}: {e}", path.display()))
                .with_code(Code::CannotWrite),
        ]
    })
}

/// Writes the line-breaking report and returns its summary line.
fn write_report(path: &Path, laid: &layout::LaidOut) -> Result<String, Vec<Diagnostic>> {
    let s = report::summarize(&laid.report);
    write(path, report::to_json(&laid.report).as_bytes())?;
    Ok(format!(
        "report {}: {} lines, mean space {:.2}, p95 {:.2}, {} loose, {} overfull, {:.1} % hyphenated, longest hyphen run {}",
        path.display(),
        s.lines,
        s.mean_space,
        s.p95_space,
        s.loose_lines,
        s.overfull_lines,
        s.hyphen_share * 100.0,
        s.longest_hyphen_run
    ))
}

/// The `--timings` line: each stage's share of the time since fonts started.
fn timings(fonts: Duration, layout: Duration, pdf: Duration) -> String {
    format!(
        "timings: load+fonts {:.1} ms, layout {:.1} ms, pdf {:.1} ms",
        fonts.as_secs_f64() * 1e3,
        (layout - fonts).as_secs_f64() * 1e3,
        (pdf - layout).as_secs_f64() * 1e3
    )
}

/// The default output file name: `<id>-<lang>.pdf`, with `-<edition>` for
/// any edition but `screen` and `-handout-<ids>` for a handout.
pub fn output_name(id: &str, lang: &str, edition: &str, handout: Option<&Handout>) -> String {
    let mut name = format!("{id}-{lang}");
    if edition != "screen" {
        name.push('-');
        name.push_str(edition);
    }
    if let Some(h) = handout {
        name.push_str("-handout");
        for id in &h.ids {
            let safe: String = id
                .trim()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            name.push('-');
            name.push_str(&safe);
        }
    }
    name.push_str(".pdf");
    name
}

/// Checks that an edition can be made: an imposed edition's pages must fit
/// two side by side on its sheet.
fn edition_fits(settings: &model::Settings, e: &Edition) -> Result<(), String> {
    if e.imposition == Imposition::None {
        return Ok(());
    }
    let (tw, th) = layout::geometry::trim_size(e.page_size.unwrap_or(settings.page_size));
    let (sw, sh) = layout::geometry::sheet_size(e.sheet);
    if 2.0 * tw > sw + 0.5 || th > sh + 0.5 {
        let mm = layout::geometry::MM;
        return Err(format!(
            "edition `{}`: two pages of {:.0} × {:.0} mm do not fit side by side on its sheet ({:?}, {:.0} × {:.0} mm)",
            e.name,
            tw / mm,
            th / mm,
            e.sheet,
            sw / mm,
            sh / mm
        ));
    }
    Ok(())
}
