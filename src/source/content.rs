//! Content files (`NN-name.toml` in the source language's folder) and their
//! blocks.
//!
//! Each file is a `[section]` (or the `[front]` matter) followed by
//! `[[block]]` tables. A block's translatable fields, their keys and their
//! grammar (one line of markup, paragraphs, plain text, items) come from the
//! one schema in [`super::fields`]; the other keys (`kind`, `id`, a heading's
//! `level`, a photo's `image`, `span` and `stand_in`) are read here. Every
//! id is checked once all files are read ([`Cx::check_ids`]).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::DeTable;

use super::fields::{self, Field, Shape};
use super::tables::{self, StrField, Table};
use super::{Cx, inline, loc, translation};
use crate::diag::{Code, Diagnostic};
use crate::model::{self, Block, BlockKind, Image, Photo, Section, Text};

/// The block kinds, for suggestions.
const BLOCK_KINDS: &[&str] = &[
    "heading",
    "paragraph",
    "list",
    "box",
    "statement",
    "photo",
    "notice",
];

/// What the content files hold, as read so far.
#[derive(Default)]
pub(super) struct Content {
    /// Blocks of the front matter.
    pub(super) front: Vec<Block>,
    /// The numbered sections.
    pub(super) sections: Vec<Section>,
    /// Every image read, once.
    pub(super) images: Vec<Image>,
    /// Path → index into `images`.
    image_index: HashMap<PathBuf, usize>,
    /// Every id of a block or section with where it was written, in order.
    ids: Vec<IdUse>,
    /// The translatable source text of every block and section.
    pub(super) raw: translation::RawUnits,
}

/// An id of a block or section and where it was written (its `id` value,
/// or the title it derives from).
struct IdUse {
    id: String,
    file: usize,
    span: Range<usize>,
}

/// A translatable field's value, parsed per its shape in the schema.
enum Value {
    /// One line of inline markup.
    Line(Text),
    /// Paragraphs or list items of inline markup.
    Texts(Vec<Text>),
    /// Plain text, with its place in the file.
    Plain(StrField),
}

impl Value {
    fn line(self) -> Option<Text> {
        match self {
            Value::Line(t) => Some(t),
            _ => None,
        }
    }

    fn texts(self) -> Option<Vec<Text>> {
        match self {
            Value::Texts(t) => Some(t),
            _ => None,
        }
    }

    fn plain(self) -> Option<StrField> {
        match self {
            Value::Plain(s) => Some(s),
            _ => None,
        }
    }
}

/// Reads the translatable `field` of a `kind` table and parses it per its
/// shape in [`fields::of_kind`]; `None` (with an error if `required`) when
/// absent or mistyped, or when the kind has no such field.
fn read(t: &mut Table<'_, '_>, kind: &str, field: Field, required: bool) -> Option<Value> {
    let key = field.key();
    let f = t.file;
    let shape = fields::shape(kind, field)?;
    if shape == Shape::Items {
        let items = t.strings(key, required)?;
        let lines = items.iter();
        return Some(Value::Texts(
            lines
                .map(|s| inline::parse_line(&s.value, f, t.diags))
                .collect(),
        ));
    }
    let s = t.field(field, required)?;
    Some(match shape {
        Shape::Line => Value::Line(inline::parse_line(&s.value, f, t.diags)),
        Shape::Paragraphs => Value::Texts(inline::parse_paragraphs(&s.value, f, true, t.diags)),
        Shape::Plain | Shape::Items => Value::Plain(s),
    })
}

/// The keys of a `kind` table that are not translatable text: those listed
/// before its text fields and those after.
fn other_keys(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "section" => (&["id", "number"], &["reconstructed"]),
        "heading" => (&["kind", "id", "level"], &[]),
        "photo" => (&["kind", "id", "image"], &["span", "stand_in"]),
        _ => (&["kind", "id"], &[]),
    }
}

/// Every key of a `kind` table, in the order a misspelt key's message lists
/// them.
fn known_keys(kind: &str) -> Vec<&'static str> {
    let (before, after) = other_keys(kind);
    let text = fields::of_kind(kind).iter().map(|(f, _)| f.key());
    before
        .iter()
        .copied()
        .chain(text)
        .chain(after.iter().copied())
        .collect()
}

impl Cx<'_> {
    /// The content files of a language folder, in order; reports misnamed files.
    pub(super) fn content_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                let mut d = Diagnostic::global(format!(
                    "cannot read the folder {}: {e}",
                    self.display(dir)
                ))
                .with_code(Code::CannotRead);
                if e.kind() == std::io::ErrorKind::NotFound {
                    let code = dir.file_name().unwrap_or_default().to_string_lossy();
                    d = d.with_note(format!(
                        "every language of brochure.toml needs its folder; `brochure lang add {code}` scaffolds a new one (docs/translation.md)"
                    ));
                }
                self.diags.push(d);
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
            if !name.ends_with(".toml") || name == "language.toml" || name == super::history::FILE {
                continue;
            }
            let b = name.as_bytes();
            if b.len() > 8 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b'-' {
                out.push(p);
            } else {
                self.diags.push(
                    Diagnostic::global(format!("{}: not a content file name", self.display(&p))).with_code(Code::ContentFile)
                        .with_note("content files are named NN-name.toml (two digits, a dash), so that they sort in reading order"),
                );
            }
        }
        out
    }

    /// Reads one content file into `content`; images are found under `src`.
    pub(super) fn content_file(&mut self, path: &Path, src: &Path, content: &mut Content) {
        let Some(f) = self.read(path) else { return };
        let text = self.sources.text(f).to_string();
        let Some(table) = self.parse(f, &text) else {
            return;
        };
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "content file", &mut diags);
        let mut file = ContentFile {
            cx: self,
            content,
            src,
            f,
            text: &text,
        };
        let section = file.header(&mut t);
        let mut blocks = Vec::new();
        t.each_table("block", |bt, span, diags| {
            blocks.extend(file.block(bt, span, diags));
        });
        t.finish(&["section", "front", "block"]);
        self.diags.append(&mut diags);
        match section {
            Some(mut s) => {
                s.blocks = blocks;
                content.sections.push(s);
            }
            None => content.front.extend(blocks),
        }
    }

    /// Registers an image file once; returns its index.
    pub(super) fn image(
        &mut self,
        f: usize,
        field: &StrField,
        src: &Path,
        content: &mut Content,
    ) -> Option<usize> {
        let rel = &field.value.value;
        let path = match super::confine::resolve(&self.root, src, rel) {
            Ok(path) => path,
            Err(e) => {
                let d = Diagnostic::error(f, field.span.clone(), format!("cannot use image {rel}"))
                    .with_code(Code::ImagePath)
                    .with_label(e)
                    .with_note("image paths are relative to source/ and stay inside the project");
                self.diags.push(d);
                return None;
            }
        };
        if let Some(&i) = content.image_index.get(&path) {
            return Some(i);
        }
        let (bytes, (format, width, height)) =
            match super::images::read_image(&path, rel, self.checks) {
                Ok(image) => image,
                Err((msg, label)) => {
                    self.diags.push(
                        Diagnostic::error(f, field.span.clone(), msg)
                            .with_code(Code::BadImage)
                            .with_label(label),
                    );
                    return None;
                }
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

    /// Checks every id of `content`: its form, and that it is used once.
    pub(super) fn check_ids(&mut self, content: &Content) {
        let mut seen: HashMap<&str, (usize, Range<usize>)> = HashMap::new();
        for IdUse { id, file: f, span } in &content.ids {
            let ok = !id.is_empty()
                && id
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                && !id.starts_with('-');
            if !ok {
                self.diags.push(
                    Diagnostic::error(*f, span.clone(), format!("bad id `{id}`"))
                        .with_code(Code::BadId)
                        .with_label("ids use lowercase letters, digits and dashes"),
                );
            }
            if let Some((pf, ps)) = seen.get(id.as_str()) {
                let (line, col) = self.sources.line_col(*pf, ps.start);
                self.diags.push(
                    Diagnostic::error(*f, span.clone(), format!("duplicate id `{id}`"))
                        .with_code(Code::BadId)
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

/// One content file being read: its text, and where its blocks, ids and
/// images go.
struct ContentFile<'r, 'm> {
    cx: &'r mut Cx<'m>,
    content: &'r mut Content,
    /// The `source` folder, which image paths are relative to.
    src: &'r Path,
    /// File index.
    f: usize,
    text: &'r str,
}

impl ContentFile<'_, '_> {
    /// The `[section]` (or `[front]`) header: the section, or `None` for
    /// the front matter and for a header with errors.
    fn header(&mut self, t: &mut Table<'_, '_>) -> Option<Section> {
        let f = self.f;
        let section = t.table("section");
        let front = t.table("front");
        match (section, front) {
            (Some(_), Some((_, span))) => t.diags.push(
                Diagnostic::error(
                    f,
                    span,
                    "a content file has either [section] or [front], not both",
                )
                .with_code(Code::ContentFile)
                .with_label("second header"),
            ),
            (None, None) => t.diags.push(
                Diagnostic::error(f, 0..1, "content file has neither [section] nor [front]")
                    .with_code(Code::ContentFile)
                    .with_label("expected a [section] table (or [front] for the front matter)"),
            ),
            (Some((st, span)), None) => return self.section(t, st, span),
            (None, Some((ft, span))) => {
                Table::new(f, self.text, ft, span, "[front]", t.diags).finish(&[]);
            }
        }
        None
    }

    /// A `[section]` table.
    fn section(
        &mut self,
        t: &mut Table<'_, '_>,
        st: &DeTable<'_>,
        span: Range<usize>,
    ) -> Option<Section> {
        let f = self.f;
        let mut s = Table::new(f, self.text, st, span.clone(), "[section]", t.diags);
        let title = read(&mut s, "section", Field::Title, true).and_then(Value::plain);
        let number = s.int("number", true);
        let id = s.string("id", false);
        let reconstructed = s.string("reconstructed", false).map(|r| r.value.value);
        let lead = read(&mut s, "section", Field::Lead, false).and_then(Value::line);
        s.finish(&known_keys("section"));
        let (title, (number, nspan)) = (title?, number?);
        if !(0..=999).contains(&number) {
            t.diags.push(
                Diagnostic::error(f, nspan, "section number out of range")
                    .with_code(Code::BadBlock)
                    .with_label("expected 0–999"),
            );
        }
        let id = self.register(id_or_slug(id, &title), st, &span);
        Some(Section {
            id,
            number: number.clamp(0, 999) as u32,
            title: title.value.value,
            reconstructed,
            lead,
            blocks: Vec::new(),
            loc: loc(f, &span),
            origin: model::Origin::Source,
        })
    }

    /// Records the id of a block or section, written at `id_span`, and the
    /// translatable source text of its `table`; returns the id.
    fn register(
        &mut self,
        (id, id_span): (String, Range<usize>),
        table: &DeTable<'_>,
        span: &Range<usize>,
    ) -> String {
        self.content.ids.push(IdUse {
            id: id.clone(),
            file: self.f,
            span: id_span,
        });
        let raw = (translation::raw_fields(table), self.f, span.start);
        self.content.raw.insert(id.clone(), raw);
        id
    }

    /// A `[[block]]` table.
    fn block(
        &mut self,
        bt: &DeTable<'_>,
        span: Range<usize>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Block> {
        let f = self.f;
        let mut t = Table::new(f, self.text, bt, span.clone(), "block", diags);
        let kind = t.string("kind", true)?;
        let id = t.string("id", false);
        let k = kind.value.value.as_str();
        let kind_model = match k {
            "heading" => return self.heading(t, id, bt, span),
            "paragraph" | "statement" | "box" | "notice" | "list" => text_block(&mut t, k),
            "photo" => self.photo(&mut t),
            other => {
                let mut d = Diagnostic::error(
                    f,
                    kind.span.clone(),
                    format!("unknown block kind `{other}`"),
                )
                .with_code(Code::BadBlock)
                .with_label("not a block kind");
                d = match tables::closest(other, BLOCK_KINDS) {
                    Some(best) => d.with_note(format!("did you mean `{best}`?")),
                    None => d.with_note(format!("block kinds: {}", BLOCK_KINDS.join(", "))),
                };
                t.diags.push(d);
                return None;
            }
        };
        let diags = t.finish(&known_keys(k));
        let kind_model = kind_model?;
        let Some(id) = id else {
            let head = self.text[span.clone()]
                .lines()
                .next()
                .unwrap_or("")
                .len()
                .max(1);
            diags.push(
                Diagnostic::error(
                    f,
                    span.start..span.start + head,
                    format!("missing `id` in {k} block"),
                )
                .with_code(Code::BadBlock)
                .with_label("every block needs a stable id")
                .with_note(
                    "write a short, lowercase id such as `s4-yoga-risico`; it must never change",
                ),
            );
            return None;
        };
        let id = self.register((id.value.value, id.span), bt, &span);
        Some(Block {
            id,
            kind: kind_model,
            loc: loc(f, &span),
            origin: model::Origin::Source,
        })
    }

    /// A heading block; its id may derive from its title.
    fn heading(
        &mut self,
        mut t: Table<'_, '_>,
        id: Option<StrField>,
        bt: &DeTable<'_>,
        span: Range<usize>,
    ) -> Option<Block> {
        let f = self.f;
        let level = t.int("level", true);
        let title = t.string(Field::Title.key(), true);
        let lead = read(&mut t, "heading", Field::Lead, false).and_then(Value::line);
        if let Some((l, ls)) = level.clone()
            && l != 2
            && l != 3
        {
            t.diags.push(
                Diagnostic::error(f, ls, "heading level must be 2 or 3")
                    .with_code(Code::BadBlock)
                    .with_label("here"),
            );
        }
        let diags = t.finish(&known_keys("heading"));
        let title_field = title?;
        // the title's markup is parsed after the table's own problems are reported
        let title = inline::parse_line(&title_field.value, f, diags);
        let id = self.register(id_or_slug(id, &title_field), bt, &span);
        let level = level?.0.clamp(2, 3) as u8;
        Some(Block {
            id,
            kind: BlockKind::Heading { level, title, lead },
            loc: loc(f, &span),
            origin: model::Origin::Source,
        })
    }

    /// A photo block: its image is read and registered.
    fn photo(&mut self, t: &mut Table<'_, '_>) -> Option<BlockKind> {
        let f = self.f;
        let image = t.string("image", true);
        let caption = read(t, "photo", Field::Caption, true).and_then(Value::line);
        let alt = read(t, "photo", Field::Alt, true)
            .and_then(Value::plain)
            .map(|s| s.value.value);
        let spans = [("column", false), ("page", true)];
        let full_width = t.keyword("span", false, "span", &spans).unwrap_or(false);
        let stand_in = t.bool("stand_in").unwrap_or(false);
        // images are read through cx, which owns the diagnostics list of the whole load;
        // collect image problems there and merge them in order afterwards
        let img = image.and_then(|i| self.cx.image(f, &i, self.src, self.content));
        if alt.as_ref().is_some_and(|a| a.trim().is_empty()) {
            t.diags.push(
                Diagnostic::error(f, t.span.clone(), "empty `alt` text")
                    .with_code(Code::BadBlock)
                    .with_label("describe the photo for screen readers"),
            );
        }
        Some(BlockKind::Photo(Photo {
            image: img?,
            caption: caption?,
            alt: alt?,
            full_width,
            stand_in,
        }))
    }
}

/// The id a table gives, or else the one derived from its title, with the
/// place it was written.
fn id_or_slug(id: Option<StrField>, title: &StrField) -> (String, Range<usize>) {
    match id {
        Some(i) => (i.value.value, i.span),
        None => (slug(&title.value.value), title.span.clone()),
    }
}

/// A block of text only: paragraph, statement, box, notice or list.
fn text_block(t: &mut Table<'_, '_>, kind: &str) -> Option<BlockKind> {
    match kind {
        "paragraph" => read(t, kind, Field::Text, true)
            .and_then(Value::line)
            .map(BlockKind::Paragraph),
        "statement" => read(t, kind, Field::Text, true)
            .and_then(Value::line)
            .map(BlockKind::Statement),
        "box" => read(t, kind, Field::Text, true)
            .and_then(Value::texts)
            .map(BlockKind::Box),
        "notice" => {
            let title = read(t, kind, Field::Title, true).and_then(Value::line);
            let paragraphs = read(t, kind, Field::Text, true).and_then(Value::texts);
            Some(BlockKind::Notice {
                title: title?,
                paragraphs: paragraphs?,
            })
        }
        "list" => {
            let items = read(t, kind, Field::Items, true)
                .and_then(Value::texts)
                .unwrap_or_default();
            if items.is_empty() {
                t.diags.push(
                    Diagnostic::error(t.file, t.span.clone(), "a list needs at least one item")
                        .with_code(Code::BadBlock)
                        .with_label("empty `items`"),
                );
            }
            Some(BlockKind::List(items))
        }
        _ => None,
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

/// The base letter of an accented Latin letter.
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

    #[test]
    fn known_keys_follow_the_schema() {
        assert_eq!(
            known_keys("photo"),
            ["kind", "id", "image", "caption", "alt", "span", "stand_in"]
        );
        assert_eq!(
            known_keys("section"),
            ["id", "number", "title", "lead", "reconstructed"]
        );
        assert_eq!(
            known_keys("heading"),
            ["kind", "id", "level", "title", "lead"]
        );
        assert_eq!(known_keys("notice"), ["kind", "id", "title", "text"]);
    }
}
