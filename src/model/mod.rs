//! The typed document tree: what the brochure says, independent of its source
//! files and of how it is typeset.
//!
//! The loader (`crate::source`) builds a [`Document`] from TOML files; the
//! layout stage reads it. Every block keeps its stable id and the source
//! location it came from, so that later stages (tagging, caching, diagnostics)
//! can point back at it without reaching into the source stage.

pub mod cite;
pub mod date;
pub mod edition;
pub mod handout;

/// Where a piece of the model came from: file index and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Loc {
    /// Index into [`Document::files`].
    pub file: u32,
    /// Byte offset of the start in that file.
    pub start: u32,
    /// Byte offset of the end in that file.
    pub end: u32,
}

/// An RGB colour with components in 0..=255.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Trim size of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// ISO A5, 148 × 210 mm.
    A5,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Brochure-wide settings from `brochure.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Short name used in output file names.
    pub id: String,
    /// The brochure's title.
    pub title: String,
    /// Cover subtitle (may be empty).
    pub subtitle: String,
    /// Publisher, also the PDF author.
    pub publisher: String,
    /// The publisher's web address, for the back cover (may be empty).
    pub website: String,
    /// The licence the brochure is published under, for the back cover
    /// (may be empty: then none is printed).
    pub licence: String,
    /// The cover image, an index into [`Document::images`] (none: the
    /// cover is a colour field).
    pub cover_image: Option<usize>,
    /// Edition date as (year, month, day).
    pub edition_date: (u16, u8, u8),
    /// The language translations are made from.
    pub source_language: String,
    /// All languages that exist.
    pub languages: Vec<String>,
    /// Trim size.
    pub page_size: PageSize,
    /// Number of body text columns.
    pub columns: u8,
    /// Whether numbered sections start on a new page.
    pub sections_start_new_page: bool,
    /// Brand colour.
    pub brand: Rgb,
    /// Tint behind boxes.
    pub accent: Rgb,
    /// Body text colour.
    pub text_color: Rgb,
    /// Font files per script name (`latin`, `arabic`, ...).
    pub fonts: Vec<FontFamily>,
    /// How citations are set (`[citations] style`); see [`cite::format`].
    pub citation_style: cite::CitationStyle,
    /// Editions defined in `[editions.NAME]` and the CMYK colours (`[colors.cmyk]`).
    pub editions: edition::EditionConfig,
}

/// The four font files of one family, for one script.
#[derive(Debug, Clone)]
pub struct FontFamily {
    /// Script name as written in `brochure.toml` (`latin`, `arabic`, ...).
    pub script: String,
    /// Path of the regular face.
    pub regular: std::path::PathBuf,
    /// Path of the italic face.
    pub italic: std::path::PathBuf,
    /// Path of the bold face.
    pub bold: std::path::PathBuf,
    /// Path of the bold italic face.
    pub bold_italic: std::path::PathBuf,
}

/// Localised furniture strings and hyphenation exceptions of one language.
#[derive(Debug, Clone, Default)]
pub struct Language {
    /// BCP 47 code (`nl`): the language's folder and name in the project.
    pub code: String,
    /// The full BCP 47 tag for the PDF's `/Lang` when `language.toml` names
    /// one (`tag = "ar-EG"`); otherwise the layout derives it from `code`.
    pub tag: Option<String>,
    /// The brochure's title in this language (cover, header, metadata), when
    /// it differs from `brochure.toml`'s.
    pub title: Option<String>,
    /// Writing direction of the language's text and page layout.
    pub direction: Direction,
    /// Label of a section number ("Sectie").
    pub section: String,
    /// Label of a page number ("Pagina").
    pub page: String,
    /// Marker printed beside a block shown in the source language because it
    /// is not translated yet (draft builds only).
    pub draft: String,
    /// Month names, January first.
    pub months: Vec<String>,
    /// Date pattern with `{day}`, `{month}` and `{year}`.
    pub date_format: String,
    /// Quotation marks: primary open, primary close, secondary open,
    /// secondary close. Straight `"` pairs in the text become the primary pair.
    pub quotes: [String; 4],
    /// How a dash between words (a parenthetical dash) is set.
    pub dash: DashStyle,
    /// Heading of the table of contents ("Inhoud").
    pub contents: String,
    /// Heading of the reference list ("Referenties").
    pub references: String,
    /// Notice printed for a reference not yet known.
    pub reference_missing: String,
    /// Printed for a run of consecutive entries not yet known ("1–143").
    pub references_missing: String,
    /// Words with explicit break points (`ziek-te-mo-di-fi-ce-ren-de`).
    pub hyphenation_exceptions: Vec<String>,
    /// Where words get their hyphenation points (`[hyphenation] patterns`).
    pub hyphenation: HyphenationRule,
}

/// How a language sets a dash between words ("a — b", "a – b"): the
/// typesetter applies it the way it applies quotation marks, so the text of
/// the source stays as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum DashStyle {
    /// As written in the source.
    #[default]
    AsWritten,
    /// A spaced en dash, bound to the word before it ("a – b"): Dutch,
    /// German, British English.
    SpacedEn,
    /// A closed em dash ("a—b"): American English.
    ClosedEm,
}

/// Where the words of a language get their hyphenation points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum HyphenationRule {
    /// The language's TeX patterns (where hypher has them), the exceptions
    /// and soft hyphens.
    #[default]
    Patterns,
    /// A named set of TeX patterns shipped in `patterns/` (British English
    /// for an `en` folder), the exceptions and soft hyphens.
    PatternSet(PatternSet),
    /// Only the exceptions and soft hyphens: for languages whose
    /// typesetting does not hyphenate words (Hindi).
    ExceptionsOnly,
}

/// A set of TeX hyphenation patterns shipped with brochure, chosen by name
/// in `language.toml` (`[hyphenation] patterns = "en-gb"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatternSet {
    /// British English (`hyph-en-gb.tex`, Wujastyk and Toal, MIT).
    EnGb,
}

impl PatternSet {
    /// Every set with its name in `language.toml`.
    pub const ALL: [(&'static str, PatternSet); 1] = [("en-gb", PatternSet::EnGb)];

    /// The set's name in `language.toml` (`"en-gb"`).
    pub fn name(self) -> &'static str {
        match self {
            PatternSet::EnGb => "en-gb",
        }
    }
}

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Direction {
    /// Left to right (Latin, Devanagari, ...).
    #[default]
    Ltr,
    /// Right to left (Arabic, Hebrew): columns, alignment and furniture mirror.
    Rtl,
}

impl Language {
    /// A date in the language's format.
    pub fn format_date(&self, (y, m, d): (u16, u8, u8)) -> String {
        let month = self
            .months
            .get(usize::from(m.clamp(1, 12) - 1))
            .cloned()
            .unwrap_or_else(|| format!("{m:02}"));
        self.date_format
            .replace("{day}", &d.to_string())
            .replace("{month}", &month)
            .replace("{year}", &y.to_string())
    }
}

/// Where the text of a block comes from, in the document's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Origin {
    /// The source language's own text.
    #[default]
    Source,
    /// A translation made from the current source text.
    Translated,
    /// A translation made from an older source text (the source changed since).
    Stale,
    /// No translation yet: the source text, shown marked (draft builds).
    Untranslated,
}

/// A loaded brochure in one language.
#[derive(Debug, Clone)]
pub struct Document {
    /// Brochure-wide settings.
    pub settings: Settings,
    /// The language of this document.
    pub language: Language,
    /// Blocks of the inside cover (front matter).
    pub front: Vec<Block>,
    /// The numbered sections in reading order.
    pub sections: Vec<Section>,
    /// Source files the [`Loc`]s point into (paths relative to the project root).
    pub files: Vec<String>,
    /// Image files referenced by photo blocks, loaded once.
    pub images: Vec<Image>,
    /// The numbered reference list (`source/references.toml`, shared by all
    /// languages), sorted by number: 1, 2, … without gaps.
    pub references: Vec<Reference>,
}

/// One entry of the numbered reference list.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The number citations use (`[15]`).
    pub number: u32,
    /// What is known of the work.
    pub status: ReferenceStatus,
    /// Where the record was written in `references.toml`.
    pub loc: Loc,
}

/// Whether a reference's bibliographic details are known.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceStatus {
    /// The details, as given by the publisher.
    Known(Entry),
    /// Not yet known (`status = "missing"`): printed as its number with a
    /// notice, never with invented details.
    Missing,
}

/// The bibliographic details of a known reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Authors as printed (`"Smith J"`), at least one.
    pub authors: Vec<String>,
    /// Title of the work.
    pub title: String,
    /// The journal or book it appeared in.
    pub container: String,
    /// Year of publication.
    pub year: u16,
    /// Volume (and issue), as printed.
    pub volume: Option<String>,
    /// Pages, as printed (`"123–130"`).
    pub pages: Option<String>,
    /// DOI without resolver (`10.1000/xyz`).
    pub doi: Option<String>,
    /// Web address (http or https).
    pub url: Option<String>,
    /// BCP 47 code of the work's language, when it differs from the text's.
    pub language: Option<String>,
}

impl Reference {
    /// The details, when the reference is known.
    pub fn entry(&self) -> Option<&Entry> {
        match &self.status {
            ReferenceStatus::Known(e) => Some(e),
            ReferenceStatus::Missing => None,
        }
    }
}

/// One numbered section.
#[derive(Debug, Clone)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Printed section number.
    pub number: u32,
    /// Section title.
    pub title: String,
    /// Why the title is an editorial reconstruction, when it is one.
    pub reconstructed: Option<String>,
    /// Lead paragraph set in larger type.
    pub lead: Option<Text>,
    /// The blocks of the section in reading order.
    pub blocks: Vec<Block>,
    /// Where the section header was written.
    pub loc: Loc,
    /// Whether its title and lead are source, translated, stale or untranslated.
    pub origin: Origin,
}

/// One block of content with its stable id.
#[derive(Debug, Clone)]
pub struct Block {
    /// Stable id, unique in the brochure.
    pub id: String,
    /// What the block is.
    pub kind: BlockKind,
    /// Where the block was written (in the translation file for a translated block).
    pub loc: Loc,
    /// Whether its text is source, translated, stale or untranslated.
    pub origin: Origin,
}

/// The kinds of block the guide uses.
#[derive(Debug, Clone)]
pub enum BlockKind {
    /// A subsection heading (level 2 or 3) with an optional lead line.
    Heading {
        /// 2 or 3.
        level: u8,
        /// Heading text.
        title: Text,
        /// Line set under the heading in larger type.
        lead: Option<Text>,
    },
    /// One body paragraph.
    Paragraph(Text),
    /// A bulleted list.
    List(Vec<Text>),
    /// Highlighted paragraphs on a tinted background.
    Box(Vec<Text>),
    /// A large pull-out sentence.
    Statement(Text),
    /// A photo with caption and alternative text.
    Photo(Photo),
    /// A titled notice of the inside cover.
    Notice {
        /// Notice title.
        title: Text,
        /// Its paragraphs.
        paragraphs: Vec<Text>,
    },
}

/// A photo block.
#[derive(Debug, Clone)]
pub struct Photo {
    /// Index into [`Document::images`].
    pub image: usize,
    /// Caption printed under the photo.
    pub caption: Text,
    /// Alternative text for screen readers.
    pub alt: String,
    /// Whether the photo spans both columns.
    pub full_width: bool,
    /// Whether the image is a generated stand-in for a missing original.
    pub stand_in: bool,
}

/// An image file's bytes and intrinsic size.
#[derive(Debug, Clone)]
pub struct Image {
    /// Path relative to the project root.
    pub path: String,
    /// The file's bytes as read.
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// Encoding of the bytes.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Image encodings the brochure accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG, possibly with transparency.
    Png,
    /// Baseline or progressive JPEG.
    Jpeg,
}

/// A run of inline content: one paragraph's worth of text.
pub type Text = Vec<Inline>;

/// Inline content inside a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text (whitespace already collapsed; may contain U+00A0 and U+00AD).
    Str(String),
    /// Emphasised (italic) content.
    Emph(Vec<Inline>),
    /// Strong (bold) content.
    Strong(Vec<Inline>),
    /// A hyperlink.
    Link {
        /// Target URL.
        url: String,
        /// Display content (the URL itself for autolinks).
        content: Vec<Inline>,
    },
    /// A citation of one or more reference numbers.
    Cite(Citation),
    /// A forced line break.
    LineBreak,
    /// A phrase in another language than its text (`{en}[Disease
    /// Modifying Therapies]`), for the structure's `/Lang`.
    Lang {
        /// BCP 47 code of the phrase's language.
        lang: String,
        /// The phrase.
        content: Vec<Inline>,
    },
}

/// A citation group such as `[37, 51–53]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The cited numbers, ascending and unique.
    pub numbers: Vec<u32>,
    /// The group as written, in the source's order (ranges kept).
    pub written: Vec<(u32, u32)>,
    /// Where it was written.
    pub loc: Loc,
}

/// One step of a depth-first walk over inline content ([`Inline::walk`]).
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// A leaf: text, a citation or a line break.
    Leaf(&'a Inline),
    /// Entering emphasis, strong or a link; its content follows.
    Enter(&'a Inline),
    /// Leaving the container entered last.
    Leave(&'a Inline),
}

impl Inline {
    /// The content of emphasis, strong, a link or a foreign phrase; `None`
    /// for a leaf.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Link { content: c, .. }
            | Inline::Lang { content: c, .. } => Some(c),
            Inline::Str(_) | Inline::Cite(_) | Inline::LineBreak => None,
        }
    }

    /// The one walk over inline content: calls `f` for every node in reading
    /// order, containers as an `Enter` before and a `Leave` after their
    /// content.
    pub fn walk<'a>(inlines: &'a [Inline], f: &mut impl FnMut(Step<'a>)) {
        for i in inlines {
            match i.children() {
                Some(c) => {
                    f(Step::Enter(i));
                    Inline::walk(c, f);
                    f(Step::Leave(i));
                }
                None => f(Step::Leaf(i)),
            }
        }
    }

    /// The walk for passes that rewrite text: calls `f` for every node in
    /// reading order, and goes into a container's content only when `f`
    /// returns true for it.
    pub fn walk_mut(inlines: &mut [Inline], f: &mut impl FnMut(&mut Inline) -> bool) {
        for i in inlines {
            if f(i)
                && let Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Link { content: c, .. }
                | Inline::Lang { content: c, .. } = i
            {
                Inline::walk_mut(c, f);
            }
        }
    }

    /// The plain text of inline content, citations rendered as written.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        Inline::walk(inlines, &mut |step| match step {
            Step::Leaf(Inline::Str(s)) => out.push_str(s),
            Step::Leaf(Inline::Cite(c)) => out.push_str(&c.render_written()),
            Step::Leaf(Inline::LineBreak) => out.push(' '),
            _ => {}
        });
        out
    }
}

impl Citation {
    /// The group in the source's own order, `[37, 51–53]`.
    pub fn render_written(&self) -> String {
        format!("[{}]", cite::join(&self.written))
    }
}

impl Document {
    /// The reference numbered `n`.
    pub fn reference(&self, n: u32) -> Option<&Reference> {
        let i = self
            .references
            .binary_search_by_key(&n, |r| r.number)
            .ok()?;
        self.references.get(i)
    }

    /// How many references are known and how many are missing.
    pub fn reference_counts(&self) -> (usize, usize) {
        let known = self
            .references
            .iter()
            .filter(|r| r.entry().is_some())
            .count();
        (known, self.references.len() - known)
    }

    /// All blocks in reading order: front matter, then each section's blocks.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.front
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.blocks.iter()))
    }
}

impl BlockKind {
    /// Every inline text of the block.
    pub fn texts(&self) -> Vec<&Text> {
        match self {
            BlockKind::Heading { title, lead, .. } => {
                let mut v = vec![title];
                v.extend(lead.as_ref());
                v
            }
            BlockKind::Paragraph(t) | BlockKind::Statement(t) => vec![t],
            BlockKind::List(ts) | BlockKind::Box(ts) => ts.iter().collect(),
            BlockKind::Photo(p) => vec![&p.caption],
            BlockKind::Notice { title, paragraphs } => {
                let mut v = vec![title];
                v.extend(paragraphs.iter());
                v
            }
        }
    }

    /// Every inline text of the block, for passes that rewrite text.
    pub fn texts_mut(&mut self) -> Vec<&mut Text> {
        match self {
            BlockKind::Heading { title, lead, .. } => {
                let mut v = vec![title];
                v.extend(lead.as_mut());
                v
            }
            BlockKind::Paragraph(t) | BlockKind::Statement(t) => vec![t],
            BlockKind::List(ts) | BlockKind::Box(ts) => ts.iter_mut().collect(),
            BlockKind::Photo(p) => vec![&mut p.caption],
            BlockKind::Notice { title, paragraphs } => {
                let mut v = vec![title];
                v.extend(paragraphs.iter_mut());
                v
            }
        }
    }
}

impl Block {
    /// The block's text in reading order, paragraphs separated by blank lines.
    pub fn plain_text(&self) -> String {
        let join = |ts: &[Text]| {
            ts.iter()
                .map(|t| Inline::plain_text(t))
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        match &self.kind {
            BlockKind::Heading { title, lead, .. } => {
                let mut s = Inline::plain_text(title);
                if let Some(l) = lead {
                    s.push_str("\n\n");
                    s.push_str(&Inline::plain_text(l));
                }
                s
            }
            BlockKind::Paragraph(t) | BlockKind::Statement(t) => Inline::plain_text(t),
            BlockKind::List(items) | BlockKind::Box(items) => join(items),
            BlockKind::Photo(p) => Inline::plain_text(&p.caption),
            BlockKind::Notice { title, paragraphs } => {
                format!("{}\n\n{}", Inline::plain_text(title), join(paragraphs))
            }
        }
    }
}

impl Document {
    /// The whole text in reading order: front matter, then each section's
    /// number, title, lead and blocks.
    pub fn reading_text(&self) -> String {
        let mut parts: Vec<String> = self.front.iter().map(Block::plain_text).collect();
        for s in &self.sections {
            parts.push(format!("{}  {}", s.number, s.title));
            if let Some(l) = &s.lead {
                parts.push(Inline::plain_text(l));
            }
            parts.extend(s.blocks.iter().map(Block::plain_text));
        }
        parts.join("\n\n")
    }

    /// Every citation in reading order.
    pub fn citations(&self) -> Vec<&Citation> {
        let mut out = Vec::new();
        let texts =
            self.front
                .iter()
                .flat_map(|b| b.kind.texts())
                .chain(self.sections.iter().flat_map(|s| {
                    s.lead
                        .iter()
                        .chain(s.blocks.iter().flat_map(|b| b.kind.texts()))
                }));
        for t in texts {
            Inline::walk(t, &mut |step| {
                if let Step::Leaf(Inline::Cite(c)) = step {
                    out.push(c);
                }
            });
        }
        out
    }
}
