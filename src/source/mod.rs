//! Source: reads a brochure's TOML files into the typed model.
//!
//! [`load`] reads `brochure.toml`, the language's `language.toml` and its
//! content files (`NN-name.toml`, in file-name order) and the reference list
//! (`references.toml`, see [`references`]), checks them and the citations
//! against the list, and builds a [`model::Document`]. It never stops at the
//! first problem: every file is read to the end and every problem is
//! reported, each with its file, line and column (see [`crate::diag`]). The
//! format is documented in `docs/source-format.md`.
//!
//! This file holds the load entry points and the context they share
//! (`Cx`: the files read and the problems found). Each file of the source
//! has its reader: `settings.rs` (`brochure.toml`, with [`editions`]),
//! `language.rs` (`language.toml`), `content.rs` (the content files and
//! their blocks) and [`references`]; [`tables`] gives them typed access to
//! the parsed TOML, [`fields`] the schema of translatable fields, [`inline`]
//! the markup parser; [`translation`] merges a translation in.

pub mod confine;
mod content;
pub(crate) mod editions;
pub mod fields;
pub mod history;
mod images;
pub(crate) mod inline;
mod language;
pub mod language_units;
mod print;
mod quoting;
pub(crate) mod references;
pub mod review;
pub mod schema;
mod settings;
mod status_json;
pub(crate) mod strings;
pub(crate) mod tables;
pub(crate) mod translation;
pub mod worddiff;

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::diag::{Code, Diagnostic, Sources};
use crate::model::{self, Inline, Loc};
use content::Content;
pub use content::slug;
pub use images::{ImageChecks, image_header};
pub use inline::parse_detached as parse_markup;
pub use quoting::{WordCounts, words};
pub use translation::{Status, Unit, UnitState, fingerprint};

/// A loaded brochure with the files it came from and any warnings.
#[derive(Debug)]
pub struct Loaded {
    /// The document tree.
    pub doc: model::Document,
    /// The text of every file read, for showing diagnostics.
    pub sources: Sources,
    /// Warnings (the load succeeded).
    pub warnings: Vec<Diagnostic>,
    /// For a translation: what is translated, stale, missing or orphaned.
    pub status: Option<translation::Status>,
}

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Language (default: the source language).
    pub lang: Option<String>,
    /// Accept untranslated blocks: they keep the source text, marked
    /// [`model::Origin::Untranslated`] (a warning instead of an error).
    pub draft: bool,
}

/// A failed load: every problem found, and the files to show them against.
#[derive(Debug)]
pub struct Failed {
    /// The text of every file read.
    pub sources: Sources,
    /// All diagnostics, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the brochure under `root/source` in `lang` (default: the source
/// language); a missing translation is an error.
pub fn load(root: &Path, lang: Option<&str>) -> Result<Loaded, Failed> {
    load_with(
        root,
        &Options {
            lang: lang.map(str::to_string),
            draft: false,
        },
    )
}

/// Loads the brochure under `root/source` with the given options: the
/// source language's content, merged with the translation when another
/// language is asked for (see [`translation`]).
pub fn load_with(root: &Path, opts: &Options) -> Result<Loaded, Failed> {
    load_checked(root, opts, None)
}

/// [`load_with`], with a watcher's image checks if any: images found whole
/// in an earlier build (kept in `checks`) are not decoded again.
pub fn load_checked(
    root: &Path,
    opts: &Options,
    checks: Option<&ImageChecks>,
) -> Result<Loaded, Failed> {
    let lang = opts.lang.as_deref();
    let mut cx = Cx {
        root: root.to_path_buf(),
        sources: Sources::default(),
        diags: Vec::new(),
        aliases: Vec::new(),
        checks,
    };
    let src = root.join("source");
    let Some((mut settings, cover_image)) = cx.settings(&src.join("brochure.toml")) else {
        return Err(cx.failed());
    };
    let asked = lang.unwrap_or(&settings.source_language);
    let lang = quoting::language_for(&settings.languages, &cx.aliases, asked)
        .unwrap_or_else(|| asked.to_string());
    if !settings.languages.contains(&lang) {
        cx.diags.push(
            Diagnostic::global(format!("unknown language `{lang}`"))
                .with_code(Code::UnknownLanguage)
                .with_note(format!(
                    "brochure.toml lists: {}",
                    settings.languages.join(", ")
                )),
        );
        return Err(cx.failed());
    }
    let source_dir = src.join(&settings.source_language);
    let dir = src.join(&lang);
    let (language, review) = cx.language(&dir.join("language.toml"), &lang);
    let mut content = Content::default();
    let files = cx.content_files(&source_dir);
    for f in files {
        cx.content_file(&f, &src, &mut content);
    }
    if let Some((f, field)) = &cover_image {
        settings.cover_image = cx.image(*f, field, &src, &mut content);
    }
    if content.sections.is_empty() && content.front.is_empty() && !cx.has_errors() {
        cx.diags.push(
            Diagnostic::global(format!(
                "no content files (NN-name.toml) in {}",
                cx.display(&source_dir)
            ))
            .with_code(Code::NoContent),
        );
    }
    cx.check_ids(&content);
    let status = if lang != settings.source_language && !cx.has_errors() {
        Some(translation::merge(
            &mut cx,
            &dir,
            &lang,
            &content.raw,
            &mut content.front,
            &mut content.sections,
            opts.draft,
        ))
    } else {
        None
    };
    let status = status.map(|mut st| {
        for u in &mut st.units {
            u.approved = u.state == UnitState::Translated && review.approves(&u.file);
        }
        st.language = language_units::read(&src, &settings.source_language, &lang, &settings.title);
        for u in &mut st.language {
            u.approved = u.target.is_some() && review.approves("language.toml");
        }
        st
    });
    if let Some(t) = &language.title {
        settings.title = t.clone();
    }
    let references = cx.references(&src.join("references.toml"), settings.edition_date.0);
    let files = (0..cx.sources.len())
        .map(|i| cx.sources.name(i).to_string())
        .collect();
    let mut doc = model::Document {
        settings,
        language,
        front: content.front,
        sections: content.sections,
        files,
        images: content.images,
        references: Vec::new(),
    };
    if let Some(refs) = references {
        doc.references = refs.list;
        // warnings only for a source without errors: text that failed to
        // parse would show up as references never cited
        let warn = !cx.has_errors();
        cx.check_citations(&doc, refs.file, warn);
    }
    if cx.has_errors() {
        return Err(cx.failed());
    }
    smart_quotes(&mut doc);
    dashes(&mut doc);
    Ok(Loaded {
        doc,
        sources: cx.sources,
        warnings: cx.diags,
        status,
    })
}

/// The shared context of one load: the project root, every file read and
/// every problem found so far.
struct Cx<'m> {
    /// The project root, which file names in messages are relative to.
    root: PathBuf,
    /// Images found whole in earlier builds (a watcher's).
    checks: Option<&'m ImageChecks>,
    /// The text of every file read.
    sources: Sources,
    /// Every problem found so far, in the order found.
    diags: Vec<Diagnostic>,
    /// `[language_aliases]` of `brochure.toml` (tag, language).
    aliases: Vec<(String, String)>,
}

impl Cx<'_> {
    /// Whether any problem found so far is an error.
    fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    /// The failed load: every problem, with the files to show them against.
    fn failed(self) -> Failed {
        Failed {
            sources: self.sources,
            diagnostics: self.diags,
        }
    }

    /// A path as messages show it: relative to the root, with `/`.
    fn display(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Reads a file as UTF-8 and registers it; reports unreadable or non-UTF-8 files.
    fn read(&mut self, path: &Path) -> Option<usize> {
        let name = self.display(path);
        let bytes = match crate::files::read_regular(path, crate::files::MAX_TEXT_BYTES) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(
                    Diagnostic::global(format!("cannot read {name}: {e}"))
                        .with_code(Code::CannotRead),
                );
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Some(self.sources.add(name, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let f = self.sources.add(name, lossy);
                // the prefix is valid, so offsets agree up to the bad byte
                self.diags.push(
                    Diagnostic::error(f, valid..valid + 1, "file is not valid UTF-8")
                        .with_code(Code::NotUtf8)
                        .with_label("invalid byte here")
                        .with_note("save the file as UTF-8"),
                );
                None
            }
        }
    }

    /// Parses a file's TOML, reporting syntax errors; returns the table.
    fn parse<'t>(&mut self, f: usize, text: &'t str) -> Option<DeTable<'t>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(table.into_inner());
        }
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            self.diags.push(
                Diagnostic::error(
                    f,
                    span,
                    format!("TOML syntax error: {}", e.message().trim()),
                )
                .with_code(Code::TomlSyntax)
                .with_label("here"),
            );
        }
        None
    }
}

/// Sets every dash between words (a spaced en or em dash) in the
/// language's dash style; a spaced dash is bound to the word before it, so
/// that no line starts with one.
fn dashes(doc: &mut model::Document) {
    let style = doc.language.dash;
    let to = match style {
        model::DashStyle::AsWritten => return,
        model::DashStyle::SpacedEn => "\u{a0}\u{2013} ",
        model::DashStyle::ClosedEm => "\u{2014}",
    };
    let fix = |t: &mut model::Text| {
        Inline::walk_mut(t, &mut |i| {
            if let Inline::Str(s) = i
                && (s.contains(" \u{2014} ") || s.contains(" \u{2013} "))
            {
                *s = s.replace(" \u{2014} ", to).replace(" \u{2013} ", to);
            }
            true
        });
    };
    each_text(doc, fix);
}

/// Applies `fix` to every text of the document: block texts and section leads.
fn each_text(doc: &mut model::Document, mut fix: impl FnMut(&mut model::Text)) {
    for b in doc
        .front
        .iter_mut()
        .chain(doc.sections.iter_mut().flat_map(|s| s.blocks.iter_mut()))
    {
        b.kind.texts_mut().into_iter().for_each(&mut fix);
    }
    for s in &mut doc.sections {
        if let Some(l) = &mut s.lead {
            fix(l);
        }
    }
}

/// Turns straight double quotes into the language's primary quotation
/// marks, alternating open and close within each paragraph (translations
/// arrive from CAT tools with straight quotes).
fn smart_quotes(doc: &mut model::Document) {
    let [open, close, _, _] = doc.language.quotes.clone();
    let fix = |t: &mut model::Text| {
        let mut inside = false;
        Inline::walk_mut(t, &mut |i| {
            if let Inline::Str(s) = i
                && s.contains('"')
            {
                let mut out = String::with_capacity(s.len() + 4);
                for c in s.chars() {
                    if c == '"' {
                        out.push_str(if inside { &close } else { &open });
                        inside = !inside;
                    } else {
                        out.push(c);
                    }
                }
                *s = out;
            }
            true
        });
    };
    each_text(doc, fix);
}

/// The model's location of a span of file `f`.
fn loc(f: usize, span: &Range<usize>) -> Loc {
    Loc {
        file: f as u32,
        start: span.start as u32,
        end: span.end as u32,
    }
}
