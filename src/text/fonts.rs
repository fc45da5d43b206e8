//! Font loading: reads font files into a [`FontBook`] and keeps parsed faces.
//!
//! [`FontBook::load`] reads each file once, validates it with `ttf-parser`
//! (through rustybuzz) and records the metrics the layout stage needs. The
//! bytes are shared (`Arc`) with the PDF writer, which embeds them.
//!
//! A rustybuzz `Face` borrows the font bytes and building one parses every
//! GSUB/GPOS lookup (about 8 µs for Noto Sans), so the [`Typesetter`] keeps one
//! parsed face per font for its whole life. Face and bytes live together in a
//! small self-referential struct ([`ParsedFace`], via `ouroboros`) so that no
//! font data is leaked or copied.
//!
//! [`Typesetter`]: super::Typesetter

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Font, FontBook, FontId};

/// The largest font file read (see `docs/limits.md`): a complete CJK font
/// is about 20 MB.
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// An error of the text stage; the message names the file or entry at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    message: String,
}

impl TextError {
    /// Creates an error with the given message.
    pub(crate) fn new(message: impl Into<String>) -> TextError {
        TextError {
            message: message.into(),
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TextError {}

impl Font {
    /// Reads and validates one font file (the first face of a collection):
    /// a regular file of at most [`MAX_FONT_BYTES`].
    pub fn load(path: &Path) -> Result<Font, TextError> {
        let shown = path.display().to_string();
        let bytes = crate::files::read_regular(path, MAX_FONT_BYTES)
            .map_err(|e| TextError::new(format!("cannot read font file {shown}: {e}")))?;
        Font::from_bytes(shown, bytes)
    }

    /// Builds a font from bytes already in memory; `path` is used in messages.
    /// A file whose tables run past its end (a truncated font) is refused.
    pub fn from_bytes(path: String, bytes: Vec<u8>) -> Result<Font, TextError> {
        let unusable =
            |e: &dyn fmt::Display| TextError::new(format!("{path} is not a usable font file: {e}"));
        let raw = rustybuzz::ttf_parser::RawFace::parse(&bytes, 0).map_err(|e| unusable(&e))?;
        if let Some(t) = raw
            .table_records
            .into_iter()
            .find(|t| u64::from(t.offset) + u64::from(t.length) > bytes.len() as u64)
        {
            let tag = t.tag;
            return Err(unusable(&format!(
                "its `{tag}` table runs past the end of the file (truncated?)"
            )));
        }
        let face = rustybuzz::ttf_parser::Face::parse(&bytes, 0).map_err(|e| unusable(&e))?;
        let units_per_em = face.units_per_em();
        if units_per_em == 0 {
            return Err(TextError::new(format!("{path}: units per em is zero")));
        }
        let ascender = face.ascender();
        let descender = face.descender();
        let cap_height = face
            .capital_height()
            .unwrap_or((f32::from(ascender) * 0.7) as i16);
        let x_height = face
            .x_height()
            .unwrap_or((f32::from(ascender) * 0.5) as i16);
        Ok(Font {
            path,
            data: Arc::new(bytes),
            units_per_em,
            ascender,
            descender,
            cap_height,
            x_height,
        })
    }

    /// Points per design unit at the given size.
    pub fn scale(&self, size: f32) -> f32 {
        size / f32::from(self.units_per_em.max(1))
    }

    /// Ascent above the baseline in points at the given size.
    pub fn ascent(&self, size: f32) -> f32 {
        f32::from(self.ascender) * self.scale(size)
    }

    /// Descent below the baseline in points at the given size (positive).
    pub fn descent(&self, size: f32) -> f32 {
        -f32::from(self.descender) * self.scale(size)
    }
}

impl FontBook {
    /// Loads the faces in order (`FontId(i)` = `paths[i]`); an error names the file.
    pub fn load(paths: &[PathBuf]) -> Result<FontBook, TextError> {
        if paths.len() > usize::from(u16::MAX) {
            return Err(TextError::new("too many font files"));
        }
        let fonts = paths
            .iter()
            .map(|p| Font::load(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FontBook {
            fallbacks: vec![Vec::new(); fonts.len()],
            fonts,
        })
    }

    /// Reads more font files into the book (a file it already holds is not
    /// read again); returns their ids, in order.
    pub fn add(&mut self, paths: &[PathBuf]) -> Result<Vec<FontId>, TextError> {
        let mut ids = Vec::with_capacity(paths.len());
        for p in paths {
            let shown = p.display().to_string();
            let i = match self.fonts.iter().position(|f| f.path == shown) {
                Some(i) => i,
                None => {
                    if self.fonts.len() >= usize::from(u16::MAX) {
                        return Err(TextError::new("too many font files"));
                    }
                    self.fonts.push(Font::load(p)?);
                    self.fallbacks.push(Vec::new());
                    self.fonts.len() - 1
                }
            };
            ids.push(FontId(i as u16));
        }
        Ok(ids)
    }

    /// Whether the book's faces together have a glyph for every visible
    /// character of `chars` (white space and control characters aside).
    pub fn covers(&self, chars: &[char]) -> bool {
        let faces: Vec<rustybuzz::ttf_parser::Face<'_>> = self
            .fonts
            .iter()
            .filter_map(|f| rustybuzz::ttf_parser::Face::parse(&f.data, 0).ok())
            .collect();
        chars
            .iter()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .all(|&c| faces.iter().any(|f| f.glyph_index(c).is_some()))
    }

    /// Sets the faces tried, in order, for characters `font` lacks.
    pub fn set_fallbacks(&mut self, font: FontId, chain: Vec<FontId>) {
        let i = usize::from(font.0);
        if self.fallbacks.len() < self.fonts.len() {
            self.fallbacks.resize(self.fonts.len(), Vec::new());
        }
        if let Some(slot) = self.fallbacks.get_mut(i) {
            *slot = chain
                .into_iter()
                .filter(|f| usize::from(f.0) < self.fonts.len() && *f != font)
                .collect();
        }
    }

    /// The face with the given id; panics if the id was not issued by this book.
    pub fn get(&self, id: FontId) -> &Font {
        &self.fonts[usize::from(id.0)]
    }

    /// The face with the given id, if it exists.
    pub fn try_get(&self, id: FontId) -> Option<&Font> {
        self.fonts.get(usize::from(id.0))
    }

    /// Number of faces.
    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    /// Whether the book holds no faces.
    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }
}

/// A font's bytes together with the rustybuzz face parsed from them.
#[ouroboros::self_referencing]
pub(crate) struct ParsedFace {
    data: Arc<Vec<u8>>,
    #[borrows(data)]
    #[covariant]
    face: rustybuzz::Face<'this>,
}

impl ParsedFace {
    /// Parses the face of `font` once.
    pub(crate) fn parse(font: &Font) -> Result<ParsedFace, TextError> {
        ParsedFaceTryBuilder {
            data: Arc::clone(&font.data),
            face_builder: |data: &Arc<Vec<u8>>| {
                rustybuzz::Face::from_slice(data.as_slice(), 0).ok_or_else(|| {
                    TextError::new(format!("{} cannot be parsed for shaping", font.path))
                })
            },
        }
        .try_build()
    }

    /// The parsed face.
    pub(crate) fn face(&self) -> &rustybuzz::Face<'_> {
        self.borrow_face()
    }
}

impl fmt::Debug for ParsedFace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedFace").finish_non_exhaustive()
    }
}
