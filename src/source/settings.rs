//! `brochure.toml`: the brochure-wide settings (identity, languages, page,
//! colours, fonts, citation style) and, through [`super::editions`] and
//! [`super::print`], its editions and their printing condition.
//!
//! Every key is checked at its place; a missing required key or a value of
//! the wrong kind is reported and the settings are not built, but the file
//! is read to the end first.

use std::path::PathBuf;

use super::editions::{self, columns, page_size};
use super::tables::{StrField, Table};
use super::{Cx, confine};
use crate::diag::{Code, Diagnostic};
use crate::model::cite::CitationStyle;
use crate::model::edition::CmykColors;
use crate::model::{FontFamily, PageSize, Rgb, Settings};

/// The top-level keys of `brochure.toml`.
pub(super) const SETTINGS_KEYS: &[&str] = &[
    "id",
    "title",
    "subtitle",
    "publisher",
    "website",
    "licence",
    "cover_image",
    "edition_date",
    "source_language",
    "languages",
    "language_aliases",
    "page",
    "colors",
    "fonts",
    "citations",
    "editions",
    "print",
];

/// The four faces of a font family, by key.
const FACES: [&str; 4] = ["regular", "italic", "bold", "bold_italic"];

/// `[page]`: trim size, columns, whether sections start a new page.
struct Page {
    size: PageSize,
    columns: u8,
    sections_start_new_page: bool,
}

/// `[colors]`: the RGB colours and their CMYK counterparts.
struct Colors {
    brand: Rgb,
    accent: Rgb,
    text: Rgb,
    cmyk: CmykColors,
}

impl Cx<'_> {
    /// Reads `brochure.toml`; `None` when it is unreadable, not TOML or
    /// lacks a required key (each reported).
    /// `brochure.toml`, and the file and field of its cover image (read
    /// with the content's images).
    pub(super) fn settings(
        &mut self,
        path: &std::path::Path,
    ) -> Option<(Settings, Option<(usize, StrField)>)> {
        let f = self.read(path)?;
        let text = self.sources.text(f).to_string();
        let table = self.parse(f, &text)?;
        let mut diags = Vec::new();
        let mut t = Table::new(f, &text, &table, 0..0, "brochure.toml", &mut diags);
        let id = t
            .string("id", true)
            .filter(|s| checked(&mut t, s, Code::BadId, confine::check_id(&s.value.value)))
            .map(|s| s.value.value);
        let title = t.string("title", true).map(|s| s.value.value);
        let subtitle = t
            .string("subtitle", false)
            .map(|s| s.value.value)
            .unwrap_or_default();
        let publisher = t.string("publisher", true).map(|s| s.value.value);
        let website = t
            .string("website", false)
            .map(|s| s.value.value)
            .unwrap_or_default();
        let licence = t
            .string("licence", false)
            .map(|s| s.value.value)
            .unwrap_or_default();
        let cover_image = t.string("cover_image", false).map(|s| (f, s));
        let edition_date = t.date("edition_date", true);
        let source_language = t.string("source_language", false);
        let source_ok = source_language.as_ref().is_none_or(|s| {
            checked(
                &mut t,
                s,
                Code::BadSetting,
                confine::check_language(&s.value.value),
            )
        });
        let source_language = source_language.map_or_else(|| "nl".into(), |s| s.value.value);
        let languages: Option<Vec<String>> = match t.strings("languages", false) {
            None => Some(vec![source_language.clone()]),
            Some(v) => v
                .into_iter()
                .map(|s| {
                    checked(
                        &mut t,
                        &s,
                        Code::BadSetting,
                        confine::check_language(&s.value.value),
                    )
                    .then_some(s.value.value)
                })
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
        };
        self.aliases = language_aliases(&mut t);
        let page = page(&mut t);
        let colors = colors(&mut t);
        let fonts = self.fonts(&mut t);
        let citation_style = citations(&mut t);
        let mut edition_config = editions::editions(&mut t);
        edition_config.cmyk = colors.cmyk;
        edition_config.output_intent = self.output_intent(&mut t);
        t.finish(SETTINGS_KEYS);
        self.diags.append(&mut diags);
        let settings = Settings {
            id: id?,
            languages: languages.filter(|_| source_ok)?,
            title: title?,
            subtitle,
            publisher: publisher?,
            website,
            licence,
            cover_image: None,
            edition_date: edition_date?,
            source_language,
            page_size: page.size,
            columns: page.columns,
            sections_start_new_page: page.sections_start_new_page,
            brand: colors.brand,
            accent: colors.accent,
            text_color: colors.text,
            fonts,
            citation_style,
            editions: edition_config,
        };
        Some((settings, cover_image))
    }

    /// `[fonts]`: the built-in Latin family, changed or joined by a family
    /// per `[fonts.SCRIPT]` table.
    fn fonts(&self, t: &mut Table<'_, '_>) -> Vec<FontFamily> {
        let mut fonts = vec![FontFamily {
            script: "latin".into(),
            regular: "fonts/NotoSans-Regular.ttf".into(),
            italic: "fonts/NotoSans-Italic.ttf".into(),
            bold: "fonts/NotoSans-Bold.ttf".into(),
            bold_italic: "fonts/NotoSans-BoldItalic.ttf".into(),
        }];
        let Some(mut ftab) = t.sub("fonts", "[fonts]") else {
            return fonts;
        };
        for (script, _) in ftab.keys() {
            let Some(mut s) = ftab.sub(script, format!("[fonts.{script}]")) else {
                continue;
            };
            let mut paths = Vec::new();
            for key in FACES {
                // a family may lack italics: emphasis then uses the upright faces
                let required = matches!(key, "regular" | "bold") || script == "latin";
                let p = s.string(key, required);
                let p = p.filter(|p| {
                    let r = confine::resolve(&self.root, &self.root, &p.value.value);
                    checked(&mut s, p, Code::FontPath, r.map(drop))
                });
                if let Some(p) = &p {
                    let path = self.root.join(&p.value.value);
                    let problem = match std::fs::metadata(&path) {
                        Ok(m) if m.is_file() => None,
                        Ok(_) => Some(("font file not usable", "not a regular file".to_string())),
                        Err(_) => {
                            Some(("font file not found", format!("no file {}", p.value.value)))
                        }
                    };
                    if let Some((msg, label)) = problem {
                        s.diags.push(
                            Diagnostic::error(s.file, p.span.clone(), msg)
                                .with_code(Code::FontPath)
                                .with_label(label),
                        );
                    }
                }
                paths.push(p.map(|p| PathBuf::from(p.value.value)));
            }
            s.finish(&FACES);
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
        fonts
    }
}

/// Whether `check` passed; if not, an error at the string's place.
fn checked(t: &mut Table<'_, '_>, s: &StrField, code: Code, check: Result<(), String>) -> bool {
    match check {
        Ok(()) => true,
        Err(e) => {
            let msg = format!("`{}` cannot be used: {e}", s.value.value);
            t.diags
                .push(Diagnostic::error(t.file, s.span.clone(), msg).with_code(code));
            false
        }
    }
}

/// `[page]`, with the defaults where it is silent.
fn page(t: &mut Table<'_, '_>) -> Page {
    let mut page = Page {
        size: PageSize::A4,
        columns: 2,
        sections_start_new_page: true,
    };
    let Some(mut p) = t.sub("page", "[page]") else {
        return page;
    };
    if let Some(size) = page_size(&mut p, "size") {
        page.size = size;
    }
    if let Some(n) = columns(&mut p) {
        page.columns = n;
    }
    if let Some(b) = p.bool("sections_start_new_page") {
        page.sections_start_new_page = b;
    }
    p.finish(&["size", "columns", "sections_start_new_page"]);
    page
}

/// `[language_aliases]`: tag = language, both strings.
fn language_aliases(t: &mut Table<'_, '_>) -> Vec<(String, String)> {
    let Some(mut a) = t.sub("language_aliases", "[language_aliases]") else {
        return Vec::new();
    };
    let keys: Vec<&str> = a.keys().into_iter().map(|(k, _)| k).collect();
    let out = keys
        .iter()
        .filter_map(|k| Some((k.to_string(), a.string(k, false)?.value.value)))
        .collect();
    a.finish(&keys);
    out
}

/// `[colors]`, with the house colours where it is silent.
fn colors(t: &mut Table<'_, '_>) -> Colors {
    let mut colors = Colors {
        brand: Rgb(0xd2, 0x23, 0x2a),
        accent: Rgb(0xf4, 0xd8, 0xd9),
        text: Rgb(0x22, 0x22, 0x22),
        cmyk: CmykColors::default(),
    };
    let Some(mut c) = t.sub("colors", "[colors]") else {
        return colors;
    };
    for (key, slot) in [
        ("brand", &mut colors.brand),
        ("accent", &mut colors.accent),
        ("text", &mut colors.text),
    ] {
        if let Some(s) = c.string(key, false) {
            match parse_color(&s.value.value) {
                Some(col) => *slot = col,
                None => c.diags.push(
                    Diagnostic::error(c.file, s.span, format!("`{key}` is not a colour"))
                        .with_code(Code::BadSetting)
                        .with_label("expected \"#rrggbb\""),
                ),
            }
        }
    }
    colors.cmyk = editions::cmyk_colors(&mut c);
    c.finish(&["brand", "accent", "text", "cmyk"]);
    colors
}

/// `[citations]`: the citation style.
fn citations(t: &mut Table<'_, '_>) -> CitationStyle {
    let Some(mut c) = t.sub("citations", "[citations]") else {
        return CitationStyle::default();
    };
    let names = CitationStyle::ALL.map(|s| (s.name(), s));
    let style = c.keyword("style", false, "citation style", &names);
    c.finish(&["style"]);
    style.unwrap_or_default()
}

/// A colour written `#rrggbb`.
fn parse_color(s: &str) -> Option<Rgb> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
}
