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
mod jobs;
mod resolution;
mod session;
mod words;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use fonts::{document_chars, typesetter};
pub use jobs::build_many;
pub use session::Session;

use crate::diag::{Code, Diagnostic, Sources};
use crate::model::date::DateTime;
use crate::model::edition::{ColorModel, Edition, Imposition};
use crate::model::handout::Handout;
use crate::timings::Timings;
use crate::{layout, model, pdf, report, source, text};

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Language (default: the source language).
    pub lang: Option<String>,
    /// Build even where the translation is missing blocks: they are set in
    /// the source language and visibly marked.
    pub draft: bool,
    /// Refuse a translation with stale blocks (translated from an older
    /// source text; a warning otherwise). Ignored with `draft`.
    pub strict: bool,
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
    /// Make a reading edition also PDF/A-2a (`--pdfa`).
    pub pdfa: bool,
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
    let start = Instant::now();
    let loaded = load(root, opts, None)?;
    let timings = Timings {
        load: start.elapsed(),
        ..Timings::default()
    };
    finish(
        run(root, opts, &loaded.doc, Engine::Fresh, timings),
        loaded.sources,
        loaded.warnings,
    )
}

/// Where a build's text engine comes from.
enum Engine<'a> {
    /// Made for this build.
    Fresh,
    /// Made once for several editions of one language; used only for the
    /// whole document, as a handout has its own characters.
    Shared(&'a text::Typesetter),
    /// Kept by a watcher's session between builds, with the guard's memo;
    /// both are swept after the layout.
    Kept(&'a mut Session),
}

/// Loads the source of the language `opts` asks for; with `--strict`, a
/// stale block of the translation is an error.
/// A watcher's session hands in the images it found whole before.
fn load(
    root: &Path,
    opts: &BuildOptions,
    checks: Option<&source::ImageChecks>,
) -> Result<source::Loaded, BuildError> {
    let options = source::Options {
        lang: opts.lang.clone(),
        draft: opts.draft,
    };
    let mut loaded = source::load_checked(root, &options, checks).map_err(|f| BuildError {
        sources: f.sources,
        diagnostics: f.diagnostics,
    })?;
    if opts.strict && !opts.draft && stale_is_error(loaded.status.as_ref(), &mut loaded.warnings) {
        return Err(BuildError {
            sources: loaded.sources,
            diagnostics: loaded.warnings,
        });
    }
    Ok(loaded)
}

/// A build's outcome, with the files read and the load's warnings.
fn finish(
    ran: Result<(PathBuf, Vec<String>, Vec<Diagnostic>), Vec<Diagnostic>>,
    sources: Sources,
    mut warnings: Vec<Diagnostic>,
) -> Result<Built, BuildError> {
    match ran {
        Ok((output, summary, mut more)) => {
            warnings.append(&mut more);
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

/// For a strict build: turns the warning of every stale block of the
/// translation into an error; whether there was one.
fn stale_is_error(status: Option<&source::Status>, warnings: &mut [Diagnostic]) -> bool {
    let Some(st) = status else { return false };
    let stale: Vec<(usize, usize)> = st
        .units
        .iter()
        .filter(|u| u.state == source::UnitState::Stale)
        .filter_map(|u| u.table.map(|t| (t.file as usize, t.start as usize)))
        .collect();
    let mut any = false;
    for d in warnings.iter_mut() {
        if d.file.is_some_and(|f| stale.contains(&(f, d.span.start)))
            && d.message.ends_with("is stale")
        {
            d.severity = crate::diag::Severity::Error;
            d.notes.push(
                "--strict refuses stale blocks: update the translation, or build without --strict"
                    .into(),
            );
            any = true;
        }
    }
    any
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
/// warnings, or every problem that stopped the build. `engine` says where
/// the text engine comes from.
fn run(
    root: &Path,
    opts: &BuildOptions,
    doc: &model::Document,
    engine: Engine<'_>,
    mut timings: Timings,
) -> Result<(PathBuf, Vec<String>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let edition = edition(doc, opts.edition.as_deref())?;
    let standard = standard(doc, &edition, opts.pdfa)?;
    let cut = handout(doc, &opts.only)?;
    let (doc, handout) = match &cut {
        Some((d, h)) => (d, Some(h)),
        None => (doc, None),
    };
    let output = opts.output.clone().unwrap_or_else(|| {
        root.join("out").join(output_name(
            &doc.settings.id,
            &doc.language.code,
            &edition.name,
            handout,
        ))
    });
    check_outputs(&output, opts.report.as_deref())?;
    let clock = Instant::now();
    let (own, own_memo);
    let kept = matches!(engine, Engine::Kept(_));
    // `one_off`: the engine is this build's alone, so its memo of typeset
    // paragraphs can go once the layout is done
    let (ts, memo, streams, one_off) = match engine {
        Engine::Shared(ts) if handout.is_none() => {
            own_memo = layout::GuardMemo::default();
            (ts, &own_memo, None, false)
        }
        Engine::Kept(session) => {
            let (ts, memo, streams) = session.engine(root, doc)?;
            (ts, memo, Some(streams), false)
        }
        _ => {
            own = fonts::typesetter_for(root, doc)?;
            own_memo = layout::GuardMemo::default();
            (&own, &own_memo, None, true)
        }
    };
    timings.fonts = clock.elapsed();
    let clock = Instant::now();
    let options = layout_options(doc, opts.draft);
    let (mut laid, times) = ts
        .catch_shaping(|| layout::lay_out_with(doc, ts, &edition, handout, &options, memo))
        .map_err(|e| vec![fonts::font_error(&e)])?;
    // what a kept engine and memo saved this build; then they forget what
    // it did not use
    let reuse = kept.then(|| {
        let (p, g) = (ts.paragraph_cache().stats(), memo.stats());
        ts.paragraph_cache().sweep();
        memo.sweep();
        format!(
            "kept: {} of {} paragraphs set before, {} of {} page checks made before",
            p.hits,
            p.hits + p.misses,
            g.hits,
            g.hits + g.misses
        )
    });
    // the full tag language.toml names (`ar-EG`) is the document's /Lang
    if let Some(tag) = &doc.language.tag {
        laid.info.lang = tag.clone();
    }
    timings.layout = clock.elapsed();
    timings.shape_break = times.shape_break;
    timings.guard = times.guard;
    let mut warnings = ts
        .catch_shaping(|| words::forced_words(doc, ts))
        .map_err(|e| vec![fonts::font_error(&e)])?;
    if one_off {
        ts.paragraph_cache().clear();
    }
    let clock = Instant::now();
    let pdfx = matches!(standard, Some(pdf::Standard::PdfX4(_)));
    if pdfx {
        warnings.extend(resolution::low_resolution(doc, &laid));
        if edition.links {
            warnings.push(
                Diagnostic::global_warning(format!(
                    "edition `{}` is printed in CMYK as PDF/X-4, which allows no link annotations on the page: links left out",
                    edition.name
                ))
                .with_note(format!("set links = false in [editions.{}]", edition.name)),
            );
        }
    }
    let out = pdf::Output {
        cmyk: laid.cmyk.clone(),
        no_links: !edition.links || pdfx,
        marks: edition.marks,
        impose: (edition.imposition == Imposition::SaddleStitch)
            .then(|| layout::geometry::sheet_size(edition.sheet)),
        standard,
    };
    let pages = laid.pages.len();
    let report = std::mem::take(&mut laid.report);
    let written = pdf::write_owned(laid, ts.fonts(), &out, streams);
    // the kept streams: what this build compressed anew, then forget what
    // it did not use
    let reuse = reuse.zip(streams).map(|(line, m)| {
        let s = m.stats();
        m.sweep();
        format!(
            "{line}, {} of {} streams compressed before",
            s.hits,
            s.hits + s.misses
        )
    });
    let (bytes, compressing) = written.map_err(|e| vec![pdf_error(&e)])?;
    timings.compress = compressing;
    timings.pdf_write = clock.elapsed().saturating_sub(compressing);
    let clock = Instant::now();
    write(&output, &bytes)?;
    timings.save = clock.elapsed();
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
        summary.push(write_report(path, &report)?);
    }
    if opts.timings {
        summary.push(timings.line());
        summary.extend(reuse);
    }
    Ok((output, summary, warnings))
}

/// The standard the file claims: PDF/X-4 for an edition printed in CMYK
/// (with the output intent of `[print]`), PDF/A-2a for a reading edition
/// with `--pdfa`; `--pdfa` on any other edition is an error.
fn standard(
    doc: &model::Document,
    edition: &Edition,
    pdfa: bool,
) -> Result<Option<pdf::Standard>, Vec<Diagnostic>> {
    let cmyk = edition.color == ColorModel::Cmyk;
    if pdfa && (cmyk || edition.imposition != Imposition::None) {
        let why = if cmyk {
            "is printed in CMYK and is PDF/X-4 already"
        } else {
            "is imposed on sheets and has no tags"
        };
        return Err(vec![
            Diagnostic::global(format!(
                "--pdfa makes a reading edition PDF/A-2a; edition `{}` {why}",
                edition.name
            ))
            .with_note("use --pdfa with screen, large-print or a handout of them"),
        ]);
    }
    Ok(if cmyk {
        Some(pdf::Standard::PdfX4(
            doc.settings.editions.output_intent.clone(),
        ))
    } else if pdfa {
        Some(pdf::Standard::PdfA2a)
    } else {
        None
    })
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

/// For `--only`, the handout cut out of the document (none without it).
fn handout(
    doc: &model::Document,
    only: &[String],
) -> Result<Option<(model::Document, Handout)>, Vec<Diagnostic>> {
    if only.is_empty() {
        return Ok(None);
    }
    match model::handout::select(doc, only) {
        Ok((d, h)) => Ok(Some((d, h))),
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
/// and the reading-order guard's debugging output; whether it is a draft.
fn layout_options(doc: &model::Document, draft: bool) -> layout::Options {
    layout::Options {
        draft,
        created: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .map(DateTime::from_unix)
            .unwrap_or_else(|| DateTime::midnight(doc.settings.edition_date)),
        debug_order: std::env::var_os("BROCHURE_DEBUG_ORDER").is_some(),
        set_ahead: true,
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
fn write_report(
    path: &Path,
    paragraphs: &[layout::ParagraphReport],
) -> Result<String, Vec<Diagnostic>> {
    let s = report::summarize(paragraphs);
    write(path, report::to_json(paragraphs).as_bytes())?;
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
