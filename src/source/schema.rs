//! JSON Schemas of the source files, for editors (`brochure schema`).
//!
//! The loader reads the TOML tree by hand, keeping spans for its messages
//! (see `tables.rs`), so it has no serde types to derive a schema from. The
//! types here describe each kind of file for `schemars` (derive): their
//! doc comments become the descriptions editors show; they are never built.
//! A unit test checks their keys against the loader's lists, and
//! `tests/it/init_schema.rs` that the schemas in `source/schema/` are the
//! ones generated. Editors with taplo (Even Better TOML) pick a schema up
//! from the `#:schema` comment at the top of each shipped file.

// the types exist for their schema only: no field is ever read
#![allow(dead_code)]

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

/// The kinds of source file and their schema file names.
pub fn schemas() -> Vec<(&'static str, Schema)> {
    vec![
        ("brochure.schema.json", schema_of::<BrochureFile>()),
        ("language.schema.json", schema_of::<LanguageFile>()),
        ("content.schema.json", schema_of::<ContentFile>()),
        ("translation.schema.json", schema_of::<TranslationFile>()),
        ("references.schema.json", schema_of::<ReferencesFile>()),
    ]
}

/// The schema of `T`, an optional key being one that may be left out
/// (TOML has no null).
fn schema_of<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .with_transform(drop_null)
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Removes `null` from the types a schema allows (schemars adds it for an
/// `Option`), here and in every subschema.
fn drop_null(schema: &mut Schema) {
    use serde_json::Value;
    if let Some(obj) = schema.as_object_mut() {
        if let Some(Value::Array(types)) = obj.get_mut("type") {
            types.retain(|t| t != "null");
            if let [only] = types.as_slice() {
                let only = only.clone();
                obj.insert("type".into(), only);
            }
        }
        if let Some(Value::Array(any)) = obj.get_mut("anyOf") {
            any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
            if any.len() == 1
                && let Some(Value::Object(only)) = any.pop()
            {
                obj.remove("anyOf");
                obj.extend(only);
            }
        }
    }
    schemars::transform::transform_subschemas(&mut drop_null, schema);
}

/// Each schema as written: pretty JSON ending in a newline.
pub fn schema_files() -> Vec<(&'static str, String)> {
    schemas()
        .into_iter()
        .map(|(name, s)| {
            let text = serde_json::to_string_pretty(&s).unwrap_or_default() + "\n";
            (name, text)
        })
        .collect()
}

/// `source/brochure.toml`: the brochure-wide settings (docs/source-format.md).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct BrochureFile {
    /// Short name, used in output file names (`out/<id>-<lang>.pdf`): lowercase letters, digits and dashes.
    #[schemars(pattern(r"^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$"))]
    id: String,
    /// The brochure's title (cover, running header, PDF metadata).
    title: String,
    /// Cover subtitle.
    subtitle: Option<String>,
    /// Publisher (cover, PDF author).
    publisher: String,
    /// The publisher's web address, printed on the back cover.
    website: Option<String>,
    /// The licence the brochure is published under, printed on the back cover.
    licence: Option<String>,
    /// An image for the cover, relative to `source/` (`images/cover.jpg`).
    cover_image: Option<String>,
    /// Edition date (`2024-12-01`); also the PDF creation date unless `SOURCE_DATE_EPOCH` is set.
    #[schemars(extend("format" = "date"))]
    edition_date: String,
    /// The language the others are translated from (default `nl`).
    source_language: Option<LanguageCode>,
    /// Languages that exist as folders under `source/` (default: the source language).
    languages: Option<Vec<LanguageCode>>,
    /// Other tags that name a language of `languages` (`en-GB = "en"`).
    language_aliases: Option<BTreeMap<String, String>>,
    /// Trim size, columns, section page breaks.
    page: Option<Page>,
    /// The brand, accent and text colours.
    colors: Option<Colors>,
    /// Font files per script (`latin` first; the others are fallbacks in the order written).
    fonts: Option<BTreeMap<String, FontFamily>>,
    /// How citations are set.
    citations: Option<Citations>,
    /// Changes to a built-in edition, or new editions (`[editions.NAME]`).
    editions: Option<BTreeMap<String, Edition>>,
    /// The PDF/X-4 output intent of editions printed in CMYK.
    print: Option<Print>,
}

/// `[print]`: the output intent of the print edition (PDF/X-4).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Print {
    /// The printing condition's name in the ICC registry (default `FOGRA39`).
    output_intent: Option<String>,
    /// A readable description of the printing condition.
    output_condition: Option<String>,
    /// The ICC output profile of that condition, relative to the project.
    profile: Option<String>,
}

/// A BCP 47 language code in its simple form (`nl`, `en`, `pt-BR`).
#[derive(JsonSchema)]
struct LanguageCode(#[schemars(pattern(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))] String);

/// `[page]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Page {
    /// Trim size (default `A4`).
    size: Option<PageSize>,
    /// Body text columns, 1–3 (default 2).
    #[schemars(range(min = 1, max = 3))]
    columns: Option<u8>,
    /// Whether numbered sections open on a new page (default true).
    sections_start_new_page: Option<bool>,
}

/// A trim size.
#[derive(JsonSchema)]
enum PageSize {
    A4,
    A5,
    Letter,
}

/// A colour written `#rrggbb`.
#[derive(JsonSchema)]
struct Rgb(#[schemars(pattern(r"^#[0-9a-fA-F]{6}$"))] String);

/// A CMYK colour: four percentages `[c, m, y, k]`.
#[derive(JsonSchema)]
struct Cmyk(#[schemars(length(min = 4, max = 4), inner(range(min = 0, max = 100)))] Vec<u8>);

/// `[colors]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Colors {
    /// Brand colour (section numbers, statements, cover field).
    brand: Option<Rgb>,
    /// Tint behind boxes.
    accent: Option<Rgb>,
    /// Body text colour.
    text: Option<Rgb>,
    /// The colours as printed in CMYK editions.
    cmyk: Option<CmykColors>,
}

/// `[colors.cmyk]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct CmykColors {
    /// Brand colour in CMYK.
    brand: Option<Cmyk>,
    /// Accent colour in CMYK.
    accent: Option<Cmyk>,
    /// Text colour in CMYK (default 100 % black).
    text: Option<Cmyk>,
}

/// `[fonts.<script>]`: font files, relative to the project root.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct FontFamily {
    /// The upright face.
    regular: String,
    /// The italic face (a family other than `latin` may leave it out).
    italic: Option<String>,
    /// The bold face.
    bold: String,
    /// The bold italic face (a family other than `latin` may leave it out).
    bold_italic: Option<String>,
}

/// `[citations]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Citations {
    /// `brackets` (`[1–3, 5]` on the baseline) or `superscript` (raised).
    style: Option<CitationStyle>,
}

/// How citations are set.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
enum CitationStyle {
    Brackets,
    Superscript,
}

/// `[editions.NAME]`: an edition (docs/source-format.md, "Editions").
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Edition {
    /// The built-in edition a new one starts from (default `screen`); not allowed on a built-in one.
    based_on: Option<String>,
    /// Trim size (default: `page.size`).
    size: Option<PageSize>,
    /// Body text columns, 1–3.
    #[schemars(range(min = 1, max = 3))]
    columns: Option<u8>,
    /// Bleed on every side, in millimetres (0–10).
    #[schemars(range(min = 0, max = 10))]
    bleed: Option<f32>,
    /// Crop and registration marks in a slug outside the bleed.
    marks: Option<bool>,
    /// Colour model of the output.
    colors: Option<ColorModel>,
    /// Whether URLs and citations are live links.
    links: Option<bool>,
    /// Body text size in points (6–24).
    #[schemars(range(min = 6, max = 24))]
    body_size: Option<f32>,
    /// Body leading in points (8–40).
    #[schemars(range(min = 8, max = 40))]
    leading: Option<f32>,
    /// The smallest type of any kind, in points (4–24).
    #[schemars(range(min = 4, max = 24))]
    min_size: Option<f32>,
    /// Body text justified and hyphenated, or ragged right without hyphens.
    justify: Option<bool>,
    /// Pages two-up on sheets in booklet order.
    imposition: Option<Imposition>,
    /// The sheet, in landscape, pages are imposed on.
    sheet: Option<Sheet>,
    /// Least WCAG 2 contrast of any text colour with the page and the box tint (1–21).
    #[schemars(range(min = 1, max = 21))]
    min_contrast: Option<f32>,
}

/// A colour model.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
enum ColorModel {
    Rgb,
    Cmyk,
}

/// An imposition.
#[derive(JsonSchema)]
#[schemars(rename_all = "kebab-case")]
enum Imposition {
    None,
    SaddleStitch,
}

/// A sheet for imposition.
#[derive(JsonSchema)]
enum Sheet {
    A3,
    A4,
    Letter,
    Tabloid,
}

/// `source/<lang>/language.toml`: the furniture strings, dates, typography
/// and hyphenation of a language. Every table and key is optional.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct LanguageFile {
    /// The full BCP 47 tag for the PDF's `/Lang` (`ar-EG`).
    tag: Option<String>,
    /// The brochure in this language.
    brochure: Option<LanguageBrochure>,
    /// Strings the layout prints.
    labels: Option<Labels>,
    /// Month names and the date format.
    dates: Option<Dates>,
    /// Writing direction and quotation marks.
    typography: Option<Typography>,
    /// Hyphenation exceptions and patterns.
    hyphenation: Option<Hyphenation>,
    /// Whether a reviewer approved the translation (docs/translation.md).
    review: Option<Review>,
}

/// `[review]` of a translation.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Review {
    /// Whether a reviewer approved the translation (default true).
    approved: Option<bool>,
    /// Content files approved all the same.
    approved_files: Option<Vec<String>>,
    /// Content files not yet approved all the same.
    pending_files: Option<Vec<String>>,
}

/// `[brochure]` of a language.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct LanguageBrochure {
    /// The title in this language (cover, header, metadata).
    title: Option<String>,
}

/// `[labels]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Labels {
    /// Heading of the table of contents.
    contents: Option<String>,
    /// Heading of the reference list.
    references: Option<String>,
    /// Printed for a reference not yet known.
    reference_missing: Option<String>,
    /// Printed for a run of consecutive references not yet known.
    references_missing: Option<String>,
    /// The word before a section number.
    section: Option<String>,
    /// The word for a page.
    page: Option<String>,
    /// Describes a stand-in photo.
    photo: Option<String>,
    /// Beside the number of a draft's untranslated section.
    draft: Option<String>,
}

/// `[dates]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Dates {
    /// The twelve month names.
    #[schemars(length(min = 12, max = 12))]
    months: Option<Vec<String>>,
    /// The date format, with `{day}`, `{month}` and `{year}` (which it needs).
    #[schemars(pattern(r"\{year\}"))]
    format: Option<String>,
}

/// `[typography]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Typography {
    /// `ltr`, or `rtl` to mirror the pages (Arabic, Hebrew).
    direction: Option<TextDirection>,
    /// Primary open, close, secondary open, close: four single characters.
    #[schemars(length(min = 4, max = 4))]
    quotes: Option<Vec<String>>,
    /// How a dash between words is set.
    dash: Option<DashStyle>,
}

/// A dash convention.
#[derive(JsonSchema)]
#[schemars(rename_all = "kebab-case")]
enum DashStyle {
    AsWritten,
    SpacedEn,
    ClosedEm,
}

/// A writing direction.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
enum TextDirection {
    Ltr,
    Rtl,
}

/// `[hyphenation]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Hyphenation {
    /// Words with `-` at their break points (`ziek-te`); they override the patterns.
    exceptions: Option<Vec<String>>,
    /// `true` (the language's own patterns, the default), `false` (none:
    /// Hindi) or a shipped set (`"en-gb"`).
    patterns: Option<Patterns>,
}

/// Which hyphenation patterns a language uses.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Patterns {
    Own(bool),
    Set(PatternSetName),
}

/// A shipped pattern set.
#[derive(JsonSchema)]
#[schemars(rename_all = "kebab-case")]
enum PatternSetName {
    EnGb,
}

/// `source/<source language>/NN-name.toml`: the front matter or one numbered
/// section, and its blocks.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ContentFile {
    /// A numbered section (a file has `[section]` or `[front]`, not both).
    section: Option<Section>,
    /// The front matter (no keys).
    front: Option<Front>,
    /// The blocks, in reading order.
    block: Option<Vec<Block>>,
}

/// `[front]`: no keys.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Front {}

/// `[section]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Section {
    /// The section's id (default: derived from the title).
    id: Option<String>,
    /// The section number, 0–999.
    #[schemars(range(min = 0, max = 999))]
    number: u16,
    /// The section title.
    title: String,
    /// A lead set under the title (inline markup).
    lead: Option<String>,
    /// Why the title is an editorial reconstruction, not text of the original.
    reconstructed: Option<String>,
}

/// One `[[block]]`; which keys a kind takes is in docs/source-format.md.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Block {
    /// What the block is.
    kind: BlockKind,
    /// Unique in the brochure, lowercase letters, digits and dashes; never changes once written (a heading's may be left out).
    #[schemars(pattern(r"^[a-z0-9-]+$"))]
    id: Option<String>,
    /// heading: 2 or 3.
    #[schemars(range(min = 2, max = 3))]
    level: Option<u8>,
    /// heading, notice: the title (inline markup).
    title: Option<String>,
    /// heading: a line set under it in larger type.
    lead: Option<String>,
    /// paragraph, box, statement, notice: the text (inline markup; box and notice may hold paragraphs separated by a blank line).
    text: Option<String>,
    /// list: the items (inline markup).
    #[schemars(length(min = 1))]
    items: Option<Vec<String>>,
    /// photo: the image file, relative to `source/`.
    image: Option<String>,
    /// photo: the caption (inline markup).
    caption: Option<String>,
    /// photo: the description for screen readers (not empty).
    #[schemars(length(min = 1))]
    alt: Option<String>,
    /// photo: `column` (default) or `page`.
    span: Option<Span>,
    /// photo: whether the image stands in for one still to come.
    stand_in: Option<bool>,
}

/// The kinds of block.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
enum BlockKind {
    Heading,
    Paragraph,
    List,
    Box,
    Statement,
    Photo,
    Notice,
}

/// How wide a photo is set.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
enum Span {
    Column,
    Page,
}

/// `source/<lang>/NN-name.toml` of a translation: one table per block id of
/// the source, with the translated fields (docs/translation.md).
#[derive(JsonSchema)]
#[schemars(transparent)]
struct TranslationFile(BTreeMap<String, Translated>);

/// The translation of one block.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Translated {
    /// The fingerprint of the source text this was translated from; keep it.
    #[schemars(pattern(r"^[0-9a-f]{16}$"))]
    source: Option<String>,
    /// The translated title.
    title: Option<String>,
    /// The translated lead.
    lead: Option<String>,
    /// The translated text.
    text: Option<String>,
    /// The translated items, one for each of the source's.
    items: Option<Vec<String>>,
    /// The translated caption.
    caption: Option<String>,
    /// The translated description of a photo.
    alt: Option<String>,
}

/// `source/references.toml`: the numbered reference list.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ReferencesFile {
    /// One record per number, 1, 2, 3, … without gaps.
    reference: Option<Vec<Reference>>,
}

/// One `[[reference]]`: a `missing` record has only `number` and `status`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Reference {
    /// The number citations use.
    #[schemars(range(min = 1))]
    number: u32,
    /// Whether the details are known.
    status: ReferenceStatus,
    /// Authors as printed (known entries).
    authors: Option<Vec<String>>,
    /// Title of the work (known entries).
    title: Option<String>,
    /// The journal or book it appeared in (known entries).
    container: Option<String>,
    /// Year of publication (known entries), 1800 up to the edition year.
    #[schemars(range(min = 1800))]
    year: Option<u16>,
    /// Volume (and issue) as printed.
    volume: Option<String>,
    /// Pages as printed.
    pages: Option<String>,
    /// The DOI alone, `10.NNNN/suffix`.
    #[schemars(pattern(r"^10\.[0-9]{4,9}/\S+$"))]
    doi: Option<String>,
    /// An `http://` or `https://` address.
    #[schemars(pattern(r"^https?://"))]
    url: Option<String>,
    /// BCP 47 code of the work's language.
    language: Option<LanguageCode>,
}

/// Whether a reference's details are known.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
enum ReferenceStatus {
    Known,
    Missing,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The property names of a schema's top level.
    fn keys(s: &Schema) -> Vec<String> {
        let mut k: Vec<String> = s
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }

    #[test]
    fn the_schemas_have_the_loaders_keys() {
        let mut settings: Vec<String> = super::super::settings::SETTINGS_KEYS
            .iter()
            .map(|s| s.to_string())
            .collect();
        settings.sort();
        assert_eq!(keys(&schema_of::<BrochureFile>()), settings);
        let mut editions: Vec<String> = super::super::editions::EDITION_KEYS
            .iter()
            .map(|s| s.to_string())
            .collect();
        editions.sort();
        assert_eq!(keys(&schema_of::<Edition>()), editions);
    }
}
