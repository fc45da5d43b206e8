//! Source: reads a brochure's TOML files into the typed model.
//!
//! [`load`] reads `brochure.toml`, the language's `language.toml` and its
//! content files (`NN-name.toml`, in file-name order) and the reference list
//! (`references.toml`, see [`references`]), checks them and the citations
//! against the list, and builds a [`model::Document`]. It never stops at the
//! first problem: every file is read to the end and every problem is
//! reported, each with its file, line and column (see [`crate::diag`]). The
//! format is documented in `docs/source-format.md`.

pub mod editions;
pub mod fields;
pub mod inline;
pub mod references;
pub mod strings;
pub mod tables;
pub mod translation;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Sources};
use crate::model::cite::CitationStyle;
use crate::model::{
    self, Block, BlockKind, FontFamily, Image, ImageFormat, Language, Loc, PageSize, Photo, Rgb,
    Section, Settings,
};
use tables::{StrField, Table};

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
    /// [`model::Origin::Fallback`] (a warning instead of an error).
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
    let lang = opts.lang.as_deref();
    let mut cx = Cx {
        root: root.to_path_buf(),
        sources: Sources::default(),
        diags: Vec::new(),
    };
    let src = root.join("source");
    let settings = cx.settings(&src.join("brochure.toml"));
    let Some(settings) = settings else {
        return Err(cx.failed());
    };
    let lang = lang.unwrap_or(&settings.source_language).to_string();
    if !settings.languages.contains(&lang) {
        cx.diags.push(
            Diagnostic::global(format!("unknown language `{lang}`")).with_note(format!(
                "brochure.toml lists: {}",
                settings.languages.join(", ")
            )),
        );
        return Err(cx.failed());
    }
    let source_dir = src.join(&settings.source_language);
    let dir = src.join(&lang);
    let language = cx.language(&dir.join("language.toml"), &lang);
    let mut content = Content::default();
    let files = cx.content_files(&source_dir);
    for f in files {
        cx.content_file(&f, &src, &mut content);
    }
    if content.sections.is_empty() && content.front.is_empty() && !cx.has_errors() {
        cx.diags.push(Diagnostic::global(format!(
            "no content files (NN-name.toml) in {}",
            cx.display(&source_dir)
        )));
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
    let mut settings = settings;
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
    Ok(Loaded {
        doc,
        sources: cx.sources,
        warnings: cx.diags,
        status,
    })
}

#[derive(Default)]
struct Content {
    front: Vec<Block>,
    sections: Vec<Section>,
    images: Vec<Image>,
    image_index: HashMap<PathBuf, usize>,
    /// id → (file, span) of every block and section, in order.
    ids: Vec<(String, usize, Range<usize>, bool)>,
    /// The translatable source text of every block and section.
    raw: translation::RawUnits,
}

struct Cx {
    root: PathBuf,
    sources: Sources,
    diags: Vec<Diagnostic>,
}

const SETTINGS_KEYS: &[&str] = &[
    "id",
    "title",
    "subtitle",
    "publisher",
    "edition_date",
    "source_language",
    "languages",
    "page",
    "colors",
    "fonts",
    "citations",
    "editions",
];
const BLOCK_KINDS: &[&str] = &[
    "heading",
    "paragraph",
    "list",
    "box",
    "statement",
    "photo",
    "notice",
];

impl Cx {
    fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    fn failed(self) -> Failed {
        Failed {
            sources: self.sources,
            diagnostics: self.diags,
        }
    }

    fn display(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Reads a file as UTF-8 and registers it; reports unreadable or non-UTF-8 files.
    fn read(&mut self, path: &Path) -> Option<usize> {
        let name = self.display(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diags
                    .push(Diagnostic::global(format!("cannot read {name}: {e}")));
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
                .with_label("here"),
            );
        }
        None
    }

    fn settings(&mut self, path: &Path) -> Option<Settings> {
        let f = self.read(path)?;
        let text = self.sources.text(f).to_string();
        let table = self.parse(f, &text)?;
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "brochure.toml", &mut diags);
        let id = t.string("id", true).map(|s| s.value.value);
        let title = t.string("title", true).map(|s| s.value.value);
        let subtitle = t
            .string("subtitle", false)
            .map(|s| s.value.value)
            .unwrap_or_default();
        let publisher = t.string("publisher", true).map(|s| s.value.value);
        let edition_date = t.date("edition_date", true);
        let source_language = t
            .string("source_language", false)
            .map(|s| s.value.value)
            .unwrap_or_else(|| "nl".into());
        let languages = t
            .strings("languages", false)
            .map(|v| v.into_iter().map(|s| s.value.value).collect())
            .unwrap_or_else(|| vec![source_language.clone()]);
        let mut page_size = PageSize::A4;
        let mut columns = 2;
        let mut new_page = true;
        if let Some((pt, span)) = t.table("page") {
            let mut p = Table::new(f, &text, pt, span, "[page]", t.diags);
            if let Some(s) = p.string("size", false) {
                match s.value.value.as_str() {
                    "A4" => page_size = PageSize::A4,
                    "A5" => page_size = PageSize::A5,
                    "Letter" => page_size = PageSize::Letter,
                    other => p.diags.push(
                        Diagnostic::error(f, s.span, format!("unknown page size `{other}`"))
                            .with_label("expected \"A4\", \"A5\" or \"Letter\""),
                    ),
                }
            }
            if let Some((n, span)) = p.int("columns", false) {
                if (1..=3).contains(&n) {
                    columns = n as u8;
                } else {
                    p.diags.push(
                        Diagnostic::error(f, span, "`columns` must be 1, 2 or 3")
                            .with_label("here"),
                    );
                }
            }
            if let Some(b) = p.bool("sections_start_new_page") {
                new_page = b;
            }
            p.finish(&["size", "columns", "sections_start_new_page"]);
        }
        let mut brand = Rgb(0xd2, 0x23, 0x2a);
        let mut accent = Rgb(0xf4, 0xd8, 0xd9);
        let mut text_color = Rgb(0x22, 0x22, 0x22);
        let mut cmyk = Default::default();
        if let Some((ct, span)) = t.table("colors") {
            let mut c = Table::new(f, &text, ct, span, "[colors]", t.diags);
            for (key, slot) in [
                ("brand", &mut brand),
                ("accent", &mut accent),
                ("text", &mut text_color),
            ] {
                if let Some(s) = c.string(key, false) {
                    match parse_color(&s.value.value) {
                        Some(col) => *slot = col,
                        None => c.diags.push(
                            Diagnostic::error(f, s.span, format!("`{key}` is not a colour"))
                                .with_label("expected \"#rrggbb\""),
                        ),
                    }
                }
            }
            cmyk = editions::cmyk_colors(&mut c);
            c.finish(&["brand", "accent", "text", "cmyk"]);
        }
        let mut fonts = vec![FontFamily {
            script: "latin".into(),
            regular: "fonts/NotoSans-Regular.ttf".into(),
            italic: "fonts/NotoSans-Italic.ttf".into(),
            bold: "fonts/NotoSans-Bold.ttf".into(),
            bold_italic: "fonts/NotoSans-BoldItalic.ttf".into(),
        }];
        if let Some((ft, span)) = t.table("fonts") {
            let mut ftab = Table::new(f, &text, ft, span, "[fonts]", t.diags);
            let scripts: Vec<&str> = ft.iter().map(|(k, _)| k.get_ref().as_ref()).collect();
            for script in scripts {
                let Some((st, sspan)) = ftab.table(script) else {
                    continue;
                };
                let mut s =
                    Table::new(f, &text, st, sspan, format!("[fonts.{script}]"), ftab.diags);
                let mut paths = Vec::new();
                for key in ["regular", "italic", "bold", "bold_italic"] {
                    // a family may lack italics: emphasis then uses the upright faces
                    let required = matches!(key, "regular" | "bold") || script == "latin";
                    let p = s.string(key, required);
                    if let Some(p) = &p
                        && !self.root.join(&p.value.value).is_file()
                    {
                        s.diags.push(
                            Diagnostic::error(f, p.span.clone(), "font file not found")
                                .with_label(format!("no file {}", p.value.value)),
                        );
                    }
                    paths.push(p.map(|p| PathBuf::from(p.value.value)));
                }
                s.finish(&["regular", "italic", "bold", "bold_italic"]);
                if let [Some(r), i, Some(b), bi] =
                    <[Option<PathBuf>; 4]>::try_from(paths).unwrap_or([None, None, None, None])
                {
                    fonts.retain(|fam| fam.script != script);
                    fonts.push(FontFamily {
                        script: script.to_string(),
                        italic: i.unwrap_or_else(|| r.clone()),
                        bold_italic: bi.unwrap_or_else(|| b.clone()),
                        regular: r,
                        bold: b,
                    });
                }
            }
            ftab.finish(&[]);
        }
        let mut citation_style = CitationStyle::default();
        if let Some((ct, span)) = t.table("citations") {
            let mut c = Table::new(f, &text, ct, span, "[citations]", t.diags);
            if let Some(s) = c.string("style", false) {
                match CitationStyle::from_name(&s.value.value) {
                    Some(style) => citation_style = style,
                    None => c.diags.push(
                        Diagnostic::error(
                            f,
                            s.span,
                            format!("unknown citation style `{}`", s.value.value),
                        )
                        .with_label("expected \"brackets\" or \"superscript\""),
                    ),
                }
            }
            c.finish(&["style"]);
        }
        let mut edition_config = editions::editions(&mut t);
        edition_config.cmyk = cmyk;
        t.finish(SETTINGS_KEYS);
        self.diags.append(&mut diags);
        Some(Settings {
            id: id?,
            title: title?,
            subtitle,
            publisher: publisher?,
            edition_date: edition_date?,
            source_language,
            languages,
            page_size,
            columns,
            sections_start_new_page: new_page,
            brand,
            accent,
            text_color,
            fonts,
            citation_style,
            editions: edition_config,
        })
    }

    fn language(&mut self, path: &Path, code: &str) -> Language {
        let mut lang = Language {
            code: code.to_string(),
            title: None,
            direction: model::Direction::Ltr,
            contents: "Contents".into(),
            references: "References".into(),
            reference_missing: "Not yet available.".into(),
            section: "Section".into(),
            page: "Page".into(),
            draft: "Not yet translated".into(),
            months: [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ]
            .map(String::from)
            .to_vec(),
            date_format: "{month} {year}".into(),
            quotes: ["“", "”", "‘", "’"].map(String::from),
            hyphenation_exceptions: Vec::new(),
        };
        if !path.exists() {
            return lang;
        }
        let Some(f) = self.read(path) else {
            return lang;
        };
        let text = self.sources.text(f).to_string();
        let Some(table) = self.parse(f, &text) else {
            return lang;
        };
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "language.toml", &mut diags);
        if let Some((bt, span)) = t.table("brochure") {
            let mut b = Table::new(f, &text, bt, span, "[brochure]", t.diags);
            lang.title = b.string("title", false).map(|s| s.value.value);
            b.finish(&["title"]);
        }
        if let Some((lt, span)) = t.table("labels") {
            let mut l = Table::new(f, &text, lt, span, "[labels]", t.diags);
            for (key, slot) in [
                ("contents", &mut lang.contents),
                ("references", &mut lang.references),
                ("reference_missing", &mut lang.reference_missing),
                ("section", &mut lang.section),
                ("page", &mut lang.page),
                ("draft", &mut lang.draft),
            ] {
                if let Some(s) = l.string(key, false) {
                    *slot = s.value.value;
                }
            }
            let _ = l.string("photo", false);
            l.finish(&[
                "contents",
                "references",
                "reference_missing",
                "section",
                "page",
                "photo",
                "draft",
            ]);
        }
        if let Some((dt, span)) = t.table("dates") {
            let mut d = Table::new(f, &text, dt, span.clone(), "[dates]", t.diags);
            if let Some(months) = d.strings("months", false) {
                if months.len() == 12 {
                    lang.months = months.into_iter().map(|m| m.value.value).collect();
                } else {
                    d.diags.push(
                        Diagnostic::error(f, span.clone(), "`months` needs 12 names")
                            .with_label(format!("{} given", months.len())),
                    );
                }
            }
            if let Some(fmt) = d.string("format", false) {
                if fmt.value.value.contains("{year}") {
                    lang.date_format = fmt.value.value;
                } else {
                    d.diags.push(
                        Diagnostic::error(f, fmt.span, "a date format needs `{year}`")
                            .with_label("e.g. \"{day} {month} {year}\""),
                    );
                }
            }
            d.finish(&["months", "format"]);
        }
        if let Some((yt, span)) = t.table("typography") {
            let mut y = Table::new(f, &text, yt, span, "[typography]", t.diags);
            if let Some(dir) = y.string("direction", false) {
                match dir.value.value.as_str() {
                    "ltr" => lang.direction = model::Direction::Ltr,
                    "rtl" => lang.direction = model::Direction::Rtl,
                    other => y.diags.push(
                        Diagnostic::error(f, dir.span, format!("unknown direction `{other}`"))
                            .with_label("expected \"ltr\" or \"rtl\""),
                    ),
                }
            }
            if let Some(q) = y.strings("quotes", false) {
                if q.len() == 4 && q.iter().all(|s| s.value.value.chars().count() == 1) {
                    for (slot, s) in lang.quotes.iter_mut().zip(q) {
                        *slot = s.value.value;
                    }
                } else {
                    let at = q.first().map_or(0..0, |s| s.span.clone());
                    y.diags.push(
                        Diagnostic::error(f, at, "`quotes` needs four single characters")
                            .with_label("primary open, close, secondary open, close"),
                    );
                }
            }
            y.finish(&["direction", "quotes"]);
        }
        if let Some((ht, span)) = t.table("hyphenation") {
            let mut h = Table::new(f, &text, ht, span, "[hyphenation]", t.diags);
            if let Some(words) = h.strings("exceptions", false) {
                for w in words {
                    let v = &w.value.value;
                    if v.is_empty()
                        || v.contains(char::is_whitespace)
                        || v.starts_with('-')
                        || v.ends_with('-')
                        || v.contains("--")
                    {
                        h.diags.push(
                            Diagnostic::error(f, w.span.clone(), "bad hyphenation exception")
                                .with_label(
                                    "one word with `-` at its break points, e.g. \"ziek-te\"",
                                ),
                        );
                    } else {
                        lang.hyphenation_exceptions.push(v.clone());
                    }
                }
            }
            h.finish(&["exceptions"]);
        }
        t.finish(&["brochure", "labels", "dates", "typography", "hyphenation"]);
        self.diags.append(&mut diags);
        lang
    }

    /// The content files of a language folder, in order; reports misnamed files.
    fn content_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.diags.push(Diagnostic::global(format!(
                    "cannot read the folder {}: {e}",
                    self.display(dir)
                )));
                return Vec::new();
            }
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        let mut out = Vec::new();
        for p in files {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.ends_with(".toml") || name == "language.toml" {
                continue;
            }
            let b = name.as_bytes();
            if b.len() > 8 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b'-' {
                out.push(p);
            } else {
                self.diags.push(
                    Diagnostic::global(format!("{}: not a content file name", self.display(&p)))
                        .with_note("content files are named NN-name.toml (two digits, a dash), so that they sort in reading order"),
                );
            }
        }
        out
    }

    fn content_file(&mut self, path: &Path, src: &Path, content: &mut Content) {
        let Some(f) = self.read(path) else { return };
        let text = self.sources.text(f).to_string();
        let Some(table) = self.parse(f, &text) else {
            return;
        };
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "content file", &mut diags);
        let section = t.table("section");
        let front = t.table("front");
        let mut section_model = None;
        match (section, front) {
            (Some(_), Some((_, span))) => t.diags.push(
                Diagnostic::error(
                    f,
                    span,
                    "a content file has either [section] or [front], not both",
                )
                .with_label("second header"),
            ),
            (None, None) => t.diags.push(
                Diagnostic::error(f, 0..1, "content file has neither [section] nor [front]")
                    .with_label("expected a [section] table (or [front] for the front matter)"),
            ),
            (Some((st, span)), None) => {
                let mut s = Table::new(f, &text, st, span.clone(), "[section]", t.diags);
                let title = s.string("title", true);
                let number = s.int("number", true);
                let id = s.string("id", false);
                let reconstructed = s.string("reconstructed", false).map(|r| r.value.value);
                let lead = s
                    .string("lead", false)
                    .map(|l| inline::parse_line(&l.value, f, s.diags));
                s.finish(&["id", "number", "title", "lead", "reconstructed"]);
                if let (Some(title), Some((number, nspan))) = (title, number) {
                    if !(0..=999).contains(&number) {
                        t.diags.push(
                            Diagnostic::error(f, nspan, "section number out of range")
                                .with_label("expected 0–999"),
                        );
                    }
                    let (id, id_span) = match id {
                        Some(i) => (i.value.value, i.span),
                        None => (slug(&title.value.value), title.span.clone()),
                    };
                    content.ids.push((id.clone(), f, id_span, true));
                    content
                        .raw
                        .insert(id.clone(), (translation::raw_fields(st), f, span.start));
                    section_model = Some(Section {
                        id,
                        number: number.clamp(0, 999) as u32,
                        title: title.value.value,
                        reconstructed,
                        lead,
                        blocks: Vec::new(),
                        loc: loc(f, &span),
                        origin: model::Origin::Source,
                    });
                }
            }
            (None, Some((ft, span))) => {
                Table::new(f, &text, ft, span, "[front]", t.diags).finish(&[]);
            }
        }
        let mut blocks = Vec::new();
        if let Some(v) = t.get("block") {
            match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::Table(bt) => {
                                if let Some(b) =
                                    block(f, &text, bt, item.span(), t.diags, src, self, content)
                                {
                                    blocks.push(b);
                                }
                            }
                            other => t.diags.push(
                                Diagnostic::error(
                                    f,
                                    item.span(),
                                    format!(
                                        "a block must be a table, found {}",
                                        tables::type_name(other)
                                    ),
                                )
                                .with_label("write [[block]] tables"),
                            ),
                        }
                    }
                }
                other => t.diags.push(
                    Diagnostic::error(
                        f,
                        v.span(),
                        format!(
                            "`block` must be an array of tables, found {}",
                            tables::type_name(other)
                        ),
                    )
                    .with_label("write [[block]] tables"),
                ),
            }
        }
        t.finish(&["section", "front", "block"]);
        self.diags.append(&mut diags);
        match section_model {
            Some(mut s) => {
                s.blocks = blocks;
                content.sections.push(s);
            }
            None => content.front.extend(blocks),
        }
    }

    /// Registers an image file once; returns its index.
    fn image(
        &mut self,
        f: usize,
        field: &StrField,
        src: &Path,
        content: &mut Content,
    ) -> Option<usize> {
        let rel = &field.value.value;
        let path = src.join(rel);
        if let Some(&i) = content.image_index.get(&path) {
            return Some(i);
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(
                        f,
                        field.span.clone(),
                        format!("cannot read image {rel}: {e}"),
                    )
                    .with_label("image paths are relative to source/"),
                );
                return None;
            }
        };
        let Some((format, width, height)) = image_header(&bytes) else {
            self.diags.push(
                Diagnostic::error(
                    f,
                    field.span.clone(),
                    format!("{rel} is not a PNG or JPEG image"),
                )
                .with_label("unsupported or damaged image"),
            );
            return None;
        };
        content.images.push(Image {
            path: self.display(&path),
            bytes: Arc::new(bytes),
            format,
            width,
            height,
        });
        let i = content.images.len() - 1;
        content.image_index.insert(path, i);
        Some(i)
    }

    fn check_ids(&mut self, content: &Content) {
        let mut seen: HashMap<&str, (usize, Range<usize>)> = HashMap::new();
        for (id, f, span, _) in &content.ids {
            let ok = !id.is_empty()
                && id
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                && !id.starts_with('-');
            if !ok {
                self.diags.push(
                    Diagnostic::error(*f, span.clone(), format!("bad id `{id}`"))
                        .with_label("ids use lowercase letters, digits and dashes"),
                );
            }
            if let Some((pf, ps)) = seen.get(id.as_str()) {
                let (line, col) = self.sources.line_col(*pf, ps.start);
                self.diags.push(
                    Diagnostic::error(*f, span.clone(), format!("duplicate id `{id}`"))
                        .with_label("this id is already used")
                        .with_note(format!(
                            "first used at {}:{line}:{col}",
                            self.sources.name(*pf)
                        )),
                );
            } else {
                seen.insert(id, (*f, span.clone()));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn block(
    f: usize,
    text: &str,
    bt: &DeTable<'_>,
    span: Range<usize>,
    diags: &mut Vec<Diagnostic>,
    src: &Path,
    cx: &mut Cx,
    content: &mut Content,
) -> Option<Block> {
    let mut t = Table::new(f, text, bt, span.clone(), "block", &mut *diags);
    let kind = t.string("kind", true)?;
    let id = t.string("id", false);
    let k = kind.value.value.clone();
    let mut known: Vec<&str> = vec!["kind", "id"];
    let kind_model = match k.as_str() {
        "heading" => {
            known.extend(["level", "title", "lead"]);
            let level = t.int("level", true);
            let title = t.string("title", true);
            let lead = t
                .string("lead", false)
                .map(|l| inline::parse_line(&l.value, f, t.diags));
            if let Some((l, ls)) = level.clone()
                && l != 2
                && l != 3
            {
                t.diags.push(
                    Diagnostic::error(f, ls, "heading level must be 2 or 3").with_label("here"),
                );
            }
            t.finish(&known);
            let title_field = title?;
            let parsed = inline::parse_line(&title_field.value, f, &mut *diags);
            let (id, id_span) = match &id {
                Some(i) => (i.value.value.clone(), i.span.clone()),
                None => (slug(&title_field.value.value), title_field.span.clone()),
            };
            content.ids.push((id.clone(), f, id_span, false));
            content
                .raw
                .insert(id.clone(), (translation::raw_fields(bt), f, span.start));
            let level = level?.0.clamp(2, 3) as u8;
            return Some(Block {
                id,
                kind: BlockKind::Heading {
                    level,
                    title: parsed,
                    lead,
                },
                loc: loc(f, &span),
                origin: model::Origin::Source,
            });
        }
        "paragraph" | "statement" => {
            known.push("text");
            let p = t
                .string("text", true)
                .map(|s| inline::parse_line(&s.value, f, t.diags));
            if k == "paragraph" {
                p.map(BlockKind::Paragraph)
            } else {
                p.map(BlockKind::Statement)
            }
        }
        "box" => {
            known.push("text");
            t.string("text", true)
                .map(|s| BlockKind::Box(inline::parse_paragraphs(&s.value, f, true, t.diags)))
        }
        "notice" => {
            known.extend(["title", "text"]);
            let title = t
                .string("title", true)
                .map(|s| inline::parse_line(&s.value, f, t.diags));
            let paragraphs = t
                .string("text", true)
                .map(|s| inline::parse_paragraphs(&s.value, f, true, t.diags));
            match (title, paragraphs) {
                (Some(title), Some(paragraphs)) => Some(BlockKind::Notice { title, paragraphs }),
                _ => None,
            }
        }
        "list" => {
            known.push("items");
            let items = t.strings("items", true).unwrap_or_default();
            if items.is_empty() {
                t.diags.push(
                    Diagnostic::error(f, span.clone(), "a list needs at least one item")
                        .with_label("empty `items`"),
                );
            }
            Some(BlockKind::List(
                items
                    .iter()
                    .map(|s| inline::parse_line(&s.value, f, t.diags))
                    .collect(),
            ))
        }
        "photo" => {
            known.extend(["image", "caption", "alt", "span", "stand_in"]);
            let image = t.string("image", true);
            let caption = t
                .string("caption", true)
                .map(|s| inline::parse_line(&s.value, f, t.diags));
            let alt = t.string("alt", true).map(|s| s.value.value);
            let full_width = match t.string("span", false) {
                None => false,
                Some(s) => match s.value.value.as_str() {
                    "column" => false,
                    "page" => true,
                    other => {
                        t.diags.push(
                            Diagnostic::error(f, s.span, format!("unknown span `{other}`"))
                                .with_label("expected \"column\" or \"page\""),
                        );
                        false
                    }
                },
            };
            let stand_in = t.bool("stand_in").unwrap_or(false);
            // images are read through cx, which owns the diagnostics list of the whole load;
            // collect image problems there and merge them in order afterwards
            let img = image.and_then(|i| cx.image(f, &i, src, content));
            if alt.as_ref().is_some_and(|a| a.trim().is_empty()) {
                t.diags.push(
                    Diagnostic::error(f, span.clone(), "empty `alt` text")
                        .with_label("describe the photo for screen readers"),
                );
            }
            match (img, caption, alt) {
                (Some(image), Some(caption), Some(alt)) => Some(BlockKind::Photo(Photo {
                    image,
                    caption,
                    alt,
                    full_width,
                    stand_in,
                })),
                _ => None,
            }
        }
        other => {
            let mut d = Diagnostic::error(
                f,
                kind.span.clone(),
                format!("unknown block kind `{other}`"),
            )
            .with_label("not a block kind");
            d = match tables::closest(other, BLOCK_KINDS) {
                Some(best) => d.with_note(format!("did you mean `{best}`?")),
                None => d.with_note(format!("block kinds: {}", BLOCK_KINDS.join(", "))),
            };
            t.diags.push(d);
            return None;
        }
    };
    t.finish(&known);
    let kind_model = kind_model?;
    let Some(id) = id else {
        let head = text[span.clone()].lines().next().unwrap_or("").len().max(1);
        diags.push(
            Diagnostic::error(
                f,
                span.start..span.start + head,
                format!("missing `id` in {k} block"),
            )
            .with_label("every block needs a stable id")
            .with_note(
                "write a short, lowercase id such as `s4-yoga-risico`; it must never change",
            ),
        );
        return None;
    };
    content
        .ids
        .push((id.value.value.clone(), f, id.span.clone(), false));
    content.raw.insert(
        id.value.value.clone(),
        (translation::raw_fields(bt), f, span.start),
    );
    Some(Block {
        id: id.value.value,
        kind: kind_model,
        loc: loc(f, &span),
        origin: model::Origin::Source,
    })
}

/// Turns straight double quotes into the language's primary quotation
/// marks, alternating open and close within each paragraph (translations
/// arrive from CAT tools with straight quotes).
fn smart_quotes(doc: &mut model::Document) {
    let [open, close, _, _] = doc.language.quotes.clone();
    let fix = |t: &mut model::Text| {
        fn walk(t: &mut [model::Inline], open: &str, close: &str, inside: &mut bool) {
            for i in t {
                match i {
                    model::Inline::Str(s) if s.contains('"') => {
                        let mut out = String::with_capacity(s.len() + 4);
                        for c in s.chars() {
                            if c == '"' {
                                out.push_str(if *inside { close } else { open });
                                *inside = !*inside;
                            } else {
                                out.push(c);
                            }
                        }
                        *s = out;
                    }
                    model::Inline::Emph(c)
                    | model::Inline::Strong(c)
                    | model::Inline::Link { content: c, .. } => walk(c, open, close, inside),
                    _ => {}
                }
            }
        }
        walk(t, &open, &close, &mut false);
    };
    for b in doc
        .front
        .iter_mut()
        .chain(doc.sections.iter_mut().flat_map(|s| s.blocks.iter_mut()))
    {
        b.kind.texts_mut().into_iter().for_each(fix);
    }
    for s in &mut doc.sections {
        if let Some(l) = &mut s.lead {
            fix(l);
        }
    }
}

fn loc(f: usize, span: &Range<usize>) -> Loc {
    Loc {
        file: f as u32,
        start: span.start as u32,
        end: span.end as u32,
    }
}

/// Derives an id from a title: lowercase ASCII letters and digits, dashes between words.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        c => c,
    }
}

fn parse_color(s: &str) -> Option<Rgb> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// Format and pixel size of a PNG or JPEG file, read from its header.
pub fn image_header(b: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    if b.len() >= 24 && b.starts_with(b"\x89PNG\r\n\x1a\n") && &b[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
        return (w > 0 && h > 0).then_some((ImageFormat::Png, w, h));
    }
    if b.starts_with(&[0xff, 0xd8]) {
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xff {
                return None;
            }
            let marker = b[i + 1];
            let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
            if matches!(marker, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf) {
                let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
                let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
                return (w > 0 && h > 0).then_some((ImageFormat::Jpeg, w, h));
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Behandeling van een opstoot"),
            "behandeling-van-een-opstoot"
        );
        assert_eq!(slug("Specifieke diëten"), "specifieke-dieten");
        assert_eq!(
            slug("Ziektemodificerende therapieën (DMT’s)"),
            "ziektemodificerende-therapieen-dmt-s"
        );
    }
}
