//! Small PDF object helpers shared by the writer's files: rounding of
//! coordinates, text strings, names, reals and the serialization error.
//!
//! Every file of `pdf/` may use this one; it uses none of them but the error
//! type, so helpers never pull in the files that write pages or finish the
//! document.

use std::collections::BTreeMap;

use lopdf::{Object, StringFormat};

use super::error::PdfError;
use crate::text::FontId;

/// Rounds a coordinate to a thousandth of a point, which keeps the content
/// stream short and stable.
pub(crate) fn round(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

/// Text string bytes for a PDF string: UTF-16BE with a byte-order mark.
pub(crate) fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// A PDF text string: literal for printable ASCII, UTF-16BE otherwise.
pub(crate) fn text(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        Object::String(utf16be(s), StringFormat::Hexadecimal)
    }
}

/// A PDF name object.
pub(crate) fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// A PDF real, rounded like every coordinate (see [`round`]).
pub(crate) fn real(v: f32) -> Object {
    Object::Real(round(v))
}

/// A serialization error from anything displayable (a lopdf error, a
/// message).
pub(crate) fn ser(e: impl std::fmt::Display) -> PdfError {
    PdfError::Serialize(e.to_string())
}

/// The entry of font `id` in a table of fonts, or
/// [`PdfError::MissingFont`].
pub(crate) fn font_entry<T>(table: &BTreeMap<FontId, T>, id: FontId) -> Result<&T, PdfError> {
    table.get(&id).ok_or(PdfError::MissingFont { font: id.0 })
}
