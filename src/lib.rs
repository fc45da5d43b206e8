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
mod files;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod report;
pub mod source;
pub mod text;
pub mod xliff;
mod xml;

use std::path::{Path, PathBuf};

use diag::{Diagnostic, Sources};

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
    let fail = |sources: Sources, d: Diagnostic| BuildError {
        sources,
        diagnostics: vec![d],
    };
    let edition = match doc
        .settings
        .editions
        .get(opts.edition.as_deref().unwrap_or("screen"))
    {
        Ok(e) => e,
        Err(e) => {
            let mut d = Diagnostic::global(format!("unknown edition `{}`", e.name))
                .with_note(format!("editions: {}", e.known.join(", ")));
            let known: Vec<&str> = e.known.iter().map(String::as_str).collect();
            if let Some(best) = source::tables::closest(&e.name, &known) {
                d = d.with_note(format!("did you mean `{best}`?"));
            }
            return Err(fail(sources, d));
        }
    };
    if let Err(msg) = edition_fits(&doc.settings, &edition) {
        return Err(fail(sources, Diagnostic::global(msg)));
    }
    let (doc, handout) = if opts.only.is_empty() {
        (doc, None)
    } else {
        match model::handout::select(&doc, &opts.only) {
            Ok((d, h)) => (d, Some(h)),
            Err(unknown) => {
                return Err(BuildError {
                    sources,
                    diagnostics: unknown
                        .iter()
                        .map(|u| {
                            let d = Diagnostic::global(format!(
                                "--only: `{}` is not a section number, section id or block id",
                                u.id
                            ));
                            if u.near.is_empty() {
                                d.with_note("`brochure check` lists the sections; block ids are the `id` keys of the source files")
                            } else {
                                d.with_note(format!("did you mean: {}?", u.near.join(", ")))
                            }
                        })
                        .collect(),
                });
            }
        }
    };
    let t0 = std::time::Instant::now();
    let chars = document_chars(&doc);
    let ts = match typesetter(root, &doc, &chars) {
        Ok(t) => t,
        Err(d) => return Err(fail(sources, d)),
    };
    let all: String = chars.iter().collect();
    let uncovered = if ts.uncovered(&all, text::FontId(0)).is_empty() {
        Vec::new()
    } else {
        missing_glyphs(&doc, &ts)
    };
    if !uncovered.is_empty() {
        return Err(BuildError {
            sources,
            diagnostics: uncovered,
        });
    }
    let t_fonts = t0.elapsed();
    let laid = layout::lay_out_edition(&doc, &ts, &edition, handout.as_ref());
    let t_layout = t0.elapsed();
    let out = pdf::Output {
        cmyk: (edition.color == model::edition::ColorModel::Cmyk)
            .then(|| layout::style::Styles::cmyk_palette(&doc.settings)),
        no_links: !edition.links,
        marks: edition.marks,
        impose: (edition.imposition == model::edition::Imposition::SaddleStitch)
            .then(|| layout::geometry::sheet_size(edition.sheet)),
    };
    let bytes = match pdf::write_with(&laid, ts.fonts(), &out) {
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
        root.join("out").join(output_name(
            &doc.settings.id,
            &doc.language.code,
            &edition.name,
            handout.as_ref(),
        ))
    });
    if let Err(e) = files::write_atomically(&output, &bytes) {
        return Err(fail(
            sources,
            Diagnostic::global(format!("cannot write {}: {e}", output.display())),
        ));
    }
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
        let s = report::summarize(&laid.report);
        if let Err(e) = files::write_atomically(path, report::to_json(&laid.report).as_bytes()) {
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

/// Every distinct character the document sets (text, titles, labels,
/// citation signs), sorted.
pub fn document_chars(doc: &model::Document) -> Vec<char> {
    use model::Inline;
    // a bitmap for the first 2048 code points, where nearly all text is
    let mut low = [0u64; 32];
    let mut high = std::collections::BTreeSet::new();
    let mut add = |s: &str| {
        for c in s.chars() {
            let n = c as usize;
            if n < 2048 {
                low[n / 64] |= 1 << (n % 64);
            } else {
                high.insert(c);
            }
        }
    };
    fn walk(t: &[Inline], add: &mut dyn FnMut(&str)) {
        for i in t {
            match i {
                Inline::Str(s) => add(s),
                Inline::Emph(c) | Inline::Strong(c) => walk(c, add),
                Inline::Link { url, content } => {
                    add(url);
                    walk(content, add);
                }
                Inline::Cite(_) | Inline::LineBreak => {}
            }
        }
    }
    add("0123456789[], –-•");
    let l = &doc.language;
    for s in [
        &doc.settings.title,
        &doc.settings.publisher,
        &l.contents,
        &l.references,
        &l.reference_missing,
        &l.draft,
        &l.format_date(doc.settings.edition_date),
    ] {
        add(s);
    }
    for s in &doc.sections {
        add(&s.title);
        if let Some(lead) = &s.lead {
            walk(lead, &mut add);
        }
    }
    for b in doc.blocks() {
        for t in b.kind.texts() {
            walk(t, &mut add);
        }
    }
    let mut out: Vec<char> = (0..2048u32)
        .filter(|&n| low[(n / 64) as usize] & (1 << (n % 64)) != 0)
        .filter_map(char::from_u32)
        .collect();
    out.extend(high);
    out
}

/// Loads the fonts once and builds the text engine: the Latin family's four
/// faces are `FontId(0..4)` (see `layout::style::Face::font`), each falling
/// back to the same face of the other families in `brochure.toml` order.
/// The other families are read only when `chars` (the document's
/// characters) holds one the Latin family lacks: most editions are set in
/// one script, and loading unused faces costs milliseconds.
pub fn typesetter(
    root: &Path,
    doc: &model::Document,
    chars: &[char],
) -> Result<text::Typesetter, Diagnostic> {
    let families = &doc.settings.fonts;
    let Some(latin) = families.iter().find(|f| f.script == "latin") else {
        return Err(Diagnostic::global("brochure.toml has no [fonts.latin]"));
    };
    let faces = |f: &model::FontFamily| {
        [&f.regular, &f.italic, &f.bold, &f.bold_italic].map(|p| root.join(p))
    };
    let font_error = |e: text::TextError| Diagnostic::global(e.to_string());
    let mut fonts = text::FontBook::default();
    let primary = fonts.add(&faces(latin)).map_err(font_error)?;
    if !fonts.covers(chars) {
        let mut chains = Vec::new();
        for f in families.iter().filter(|f| f.script != "latin") {
            chains.push(fonts.add(&faces(f)).map_err(font_error)?);
        }
        for (k, &face) in primary.iter().enumerate() {
            fonts.set_fallbacks(face, chains.iter().map(|c| c[k]).collect());
        }
    }
    let exceptions = vec![(
        doc.language.code.clone(),
        doc.language.hyphenation_exceptions.clone(),
    )];
    text::Typesetter::new(fonts, &exceptions).map_err(|e| Diagnostic::global(e.to_string()))
}

/// One error per block holding characters no configured font can show,
/// naming the characters and the fonts tried.
pub fn missing_glyphs(doc: &model::Document, ts: &text::Typesetter) -> Vec<Diagnostic> {
    let tried = |ts: &text::Typesetter| -> String {
        let book = ts.fonts();
        let mut names: Vec<&str> = vec![book.get(text::FontId(0)).path.as_str()];
        for f in book.fallbacks.first().into_iter().flatten() {
            names.push(book.get(*f).path.as_str());
        }
        names.join(", ")
    };
    let mut out = Vec::new();
    let mut check = |id: &str, loc: model::Loc, text: &str| {
        let chars = ts.uncovered(text, text::FontId(0));
        if chars.is_empty() {
            return;
        }
        let list: Vec<String> = chars
            .iter()
            .map(|c| format!("‘{c}’ (U+{:04X})", *c as u32))
            .collect();
        out.push(
            Diagnostic::error(
                loc.file as usize,
                loc.start as usize..loc.start as usize + 1,
                format!("no font has {} in `{id}`", list.join(", ")),
            )
            .with_label("these characters would print as empty boxes")
            .with_note(format!(
                "fonts tried: {}; add a font for this script under [fonts.<script>] in brochure.toml",
                tried(ts)
            )),
        );
    };
    check("title", model::Loc::default(), &doc.settings.title);
    for s in &doc.sections {
        let lead = s
            .lead
            .as_deref()
            .map(model::Inline::plain_text)
            .unwrap_or_default();
        check(&s.id, s.loc, &format!("{} {lead}", s.title));
    }
    for b in doc.blocks() {
        check(&b.id, b.loc, &b.plain_text());
    }
    out
}

/// The default output file name: `<id>-<lang>.pdf`, with `-<edition>` for
/// any edition but `screen` and `-handout-<ids>` for a handout.
pub fn output_name(
    id: &str,
    lang: &str,
    edition: &str,
    handout: Option<&model::handout::Handout>,
) -> String {
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
fn edition_fits(settings: &model::Settings, e: &model::edition::Edition) -> Result<(), String> {
    if e.imposition == model::edition::Imposition::None {
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
