//! The text engine for one document: its fonts, loaded once, and the check
//! that every character it sets has a glyph in one of them.

use std::path::Path;

use crate::diag::{Code, Diagnostic};
use crate::model::{self, Inline, Step};
use crate::text;

/// The text engine for `doc`, or one error per block holding characters no
/// configured font can show.
pub(super) fn typesetter_for(
    root: &Path,
    doc: &model::Document,
) -> Result<text::Typesetter, Vec<Diagnostic>> {
    let chars = document_chars(doc);
    let ts = typesetter(root, doc, &chars).map_err(|d| vec![d])?;
    check_glyphs(doc, &ts, &chars)?;
    Ok(ts)
}

/// One error per block of `doc` holding characters no font of `ts` can
/// show; `chars` are the document's characters.
pub(super) fn check_glyphs(
    doc: &model::Document,
    ts: &text::Typesetter,
    chars: &[char],
) -> Result<(), Vec<Diagnostic>> {
    let all: String = chars.iter().collect();
    if ts.uncovered(&all, text::FontId(0)).is_empty() {
        return Ok(());
    }
    let missing = missing_glyphs(doc, ts);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// The faces of the Latin family in an engine made by [`typesetter`].
pub(super) const LATIN: [text::FontId; 4] = [
    text::FontId(0),
    text::FontId(1),
    text::FontId(2),
    text::FontId(3),
];

/// What [`typesetter`] makes an engine of, besides the bytes of the font
/// files: an engine kept from an earlier build serves a document of the
/// same recipe as a new one would.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Recipe {
    /// Each family's script and four font paths.
    families: Vec<(String, [std::path::PathBuf; 4])>,
    /// The language, its hyphenation exceptions and rule.
    lang: String,
    exceptions: Vec<String>,
    rule: model::HyphenationRule,
    /// Whether the other families are loaded (the Latin one lacks some of
    /// the document's characters).
    fallbacks: bool,
}

impl Recipe {
    /// The recipe of `doc`'s engine; `latin_covers`: whether the Latin
    /// family has every character the document sets.
    pub(super) fn of(doc: &model::Document, latin_covers: bool) -> Recipe {
        Recipe {
            families: doc
                .settings
                .fonts
                .iter()
                .map(|f| {
                    let paths = [&f.regular, &f.italic, &f.bold, &f.bold_italic];
                    (f.script.clone(), paths.map(|p| p.to_path_buf()))
                })
                .collect(),
            lang: doc.language.code.clone(),
            exceptions: doc.language.hyphenation_exceptions.clone(),
            rule: doc.language.hyphenation,
            fallbacks: !latin_covers,
        }
    }
}

/// Every distinct character the document sets (text, titles, labels,
/// citation signs), sorted.
pub fn document_chars(doc: &model::Document) -> Vec<char> {
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
    let walk = |t: &[Inline], add: &mut dyn FnMut(&str)| {
        Inline::walk(t, &mut |step| match step {
            Step::Leaf(Inline::Str(s)) => add(s),
            Step::Enter(Inline::Link { url, .. }) => add(url),
            _ => {}
        });
    };
    add("0123456789[], –-•");
    let l = &doc.language;
    for s in [
        &doc.settings.title,
        &doc.settings.publisher,
        &l.contents,
        &l.references,
        &l.reference_missing,
        &l.references_missing,
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
        return Err(
            Diagnostic::global("brochure.toml has no [fonts.latin]").with_code(Code::FontPath)
        );
    };
    let faces = |f: &model::FontFamily| {
        [&f.regular, &f.italic, &f.bold, &f.bold_italic].map(|p| root.join(p))
    };
    let font_error = |e: text::TextError| font_error(&e);
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
    let ts = text::Typesetter::new(fonts, &exceptions)
        .map_err(|e| Diagnostic::global(e.to_string()).with_code(Code::BadFont))?;
    Ok(ts.with_hyphenation(&doc.language.code, doc.language.hyphenation))
}

/// One error per block holding characters no configured font can show,
/// naming the characters and the fonts tried.
fn missing_glyphs(doc: &model::Document, ts: &text::Typesetter) -> Vec<Diagnostic> {
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
            ).with_code(Code::MissingGlyph)
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

/// The error for a font the text stage cannot use (it names the file).
pub(super) fn font_error(e: &text::TextError) -> Diagnostic {
    Diagnostic::global(e.to_string()).with_code(Code::BadFont)
}
