//! `[editions.NAME]` and `[colors.cmyk]` of `brochure.toml`.
//!
//! A table named after a built-in edition changes it; any other name
//! defines a new edition, starting from the built-in one `based_on` names
//! (default `screen`). Each table is resolved here into a complete
//! [`Edition`]; every problem is reported at its key.

use std::ops::Range;

use toml::de::DeValue;

use super::tables::{Table, closest, type_name};
use crate::diag::{Code, Diagnostic};
use crate::model::PageSize;
use crate::model::edition::{
    BUILT_IN, Cmyk, CmykColors, ColorModel, Edition, EditionConfig, Imposition, Sheet,
};

/// The keys of an `[editions.NAME]` table.
pub(super) const EDITION_KEYS: &[&str] = &[
    "based_on",
    "size",
    "columns",
    "bleed",
    "marks",
    "colors",
    "links",
    "body_size",
    "justify",
    "leading",
    "min_size",
    "imposition",
    "sheet",
    "min_contrast",
];

/// Reads `[colors.cmyk]` from the `[colors]` table.
pub(super) fn cmyk_colors(c: &mut Table<'_, '_>) -> CmykColors {
    let mut out = CmykColors::default();
    let Some(mut t) = c.sub("cmyk", "[colors.cmyk]") else {
        return out;
    };
    let f = t.file;
    for (key, slot) in [
        ("brand", &mut out.brand),
        ("accent", &mut out.accent),
        ("text", &mut out.text),
    ] {
        let Some(v) = t.get(key) else { continue };
        let bad = |t: &mut Table<'_, '_>, span: Range<usize>| {
            t.diags.push(
                Diagnostic::error(f, span, format!("`{key}` is not a CMYK colour"))
                    .with_code(Code::BadEdition)
                    .with_label("expected four percentages, e.g. [0, 100, 80, 10]"),
            );
        };
        let DeValue::Array(items) = v.get_ref() else {
            bad(&mut t, v.span());
            continue;
        };
        let inks: Vec<f32> = items
            .iter()
            .filter_map(|i| number(i.get_ref()))
            .filter(|p| (0.0..=100.0).contains(p))
            .map(|p| (p / 100.0) as f32)
            .collect();
        match inks[..] {
            [c, m, y, k] if items.len() == 4 => *slot = Some(Cmyk { c, m, y, k }),
            _ => bad(&mut t, v.span()),
        }
    }
    t.finish(&["brand", "accent", "text"]);
    out
}

/// Reads the `[editions]` table.
pub(super) fn editions(t: &mut Table<'_, '_>) -> EditionConfig {
    let mut out = EditionConfig::default();
    let Some(mut all) = t.sub("editions", "[editions]") else {
        return out;
    };
    let f = all.file;
    for (name, key_span) in all.keys() {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            all.diags.push(
                Diagnostic::error(f, key_span.clone(), format!("bad edition name `{name}`"))
                    .with_code(Code::BadEdition)
                    .with_label("lowercase letters, digits and dashes only"),
            );
        }
        let Some(mut e) = all.sub(name, format!("[editions.{name}]")) else {
            continue;
        };
        if let Some(edition) = edition(&mut e, name) {
            out.defined.push(edition);
        }
        e.finish(EDITION_KEYS);
    }
    all.finish(&[]);
    out
}

/// One `[editions.NAME]` table, resolved.
fn edition(t: &mut Table<'_, '_>, name: &str) -> Option<Edition> {
    let f = t.file;
    let mut e = base(t, name);
    e.name = name.to_string();
    if let Some(size) = page_size(t, "size") {
        e.page_size = Some(size);
    }
    if let Some(n) = columns(t) {
        e.columns = Some(n);
    }
    if let Some(v) = float(t, "bleed", 0.0..=10.0, "millimetres from 0 to 10") {
        e.bleed = v;
    }
    if let Some(b) = t.bool("marks") {
        e.marks = b;
    }
    let models = [("rgb", ColorModel::Rgb), ("cmyk", ColorModel::Cmyk)];
    if let Some(model) = t.keyword("colors", false, "colour model", &models) {
        e.color = model;
    }
    if let Some(b) = t.bool("links") {
        e.links = b;
    }
    if let Some(v) = float(t, "body_size", 6.0..=24.0, "points from 6 to 24") {
        e.body_size = Some(v);
    }
    if let Some(b) = t.bool("justify") {
        e.justify = b;
    }
    if let Some(v) = float(t, "leading", 8.0..=40.0, "points from 8 to 40") {
        e.leading = Some(v);
    }
    if let Some(v) = float(t, "min_size", 4.0..=24.0, "points from 4 to 24") {
        e.min_size = Some(v);
    }
    let impositions = [
        ("none", Imposition::None),
        ("saddle-stitch", Imposition::SaddleStitch),
    ];
    if let Some(imposition) = t.keyword("imposition", false, "imposition", &impositions) {
        e.imposition = imposition;
    }
    if let Some(s) = t.string("sheet", false) {
        match Sheet::from_name(&s.value.value) {
            Some(sheet) => e.sheet = sheet,
            None => t.diags.push(
                Diagnostic::error(f, s.span, format!("unknown sheet `{}`", s.value.value))
                    .with_code(Code::BadEdition)
                    .with_label("expected \"A3\", \"A4\", \"Letter\" or \"Tabloid\""),
            ),
        }
    }
    if let Some(v) = float(
        t,
        "min_contrast",
        1.0..=21.0,
        "a ratio from 1 to 21, e.g. 4.5",
    ) {
        e.min_contrast = Some(v);
    }
    if e.body_size.is_some() && e.leading.is_none() {
        e.leading = e.body_size.map(|s| (s * 1.5).round());
    }
    if let (Some(size), Some(leading)) = (e.body_size, e.leading)
        && leading < size
    {
        t.diags.push(
            Diagnostic::error(
                f,
                t.span.clone(),
                format!(
                    "[editions.{name}]: `leading` ({leading}) is smaller than `body_size` ({size})"
                ),
            )
            .with_code(Code::BadEdition)
            .with_label("lines would overlap"),
        );
    }
    Some(e)
}

/// The edition `name` starts from: the built-in one of that name, or the
/// one `based_on` names, or `screen`.
fn base(t: &mut Table<'_, '_>, name: &str) -> Edition {
    let f = t.file;
    let mut base = Edition::built_in(name);
    if let Some(b) = t.string("based_on", false) {
        match Edition::built_in(&b.value.value) {
            Some(e) if base.is_none() => base = Some(e),
            Some(_) => t.diags.push(
                Diagnostic::error(
                    f,
                    b.span,
                    format!("`{name}` is a built-in edition; it cannot be based on another"),
                )
                .with_code(Code::BadEdition)
                .with_label("remove `based_on`"),
            ),
            None => {
                let mut d =
                    Diagnostic::error(f, b.span, format!("unknown edition `{}`", b.value.value))
                        .with_code(Code::BadEdition)
                        .with_label(format!("built-in editions: {}", BUILT_IN.join(", ")));
                if let Some(best) = closest(&b.value.value, BUILT_IN) {
                    d = d.with_note(format!("did you mean `{best}`?"));
                }
                t.diags.push(d);
            }
        }
    }
    base.unwrap_or_else(Edition::screen)
}

/// A number (integer or float) of TOML.
fn number(v: &DeValue<'_>) -> Option<f64> {
    let s = match v {
        DeValue::Integer(i) => {
            return i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64);
        }
        DeValue::Float(x) => x.as_str().replace('_', ""),
        _ => return None,
    };
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A number field within `range`.
fn float(
    t: &mut Table<'_, '_>,
    key: &'static str,
    range: std::ops::RangeInclusive<f32>,
    expected: &str,
) -> Option<f32> {
    let v = t.get(key)?;
    let value = number(v.get_ref()).map(|x| x as f32);
    match value {
        Some(x) if range.contains(&x) => Some(x),
        Some(_) => {
            t.diags.push(
                Diagnostic::error(t.file, v.span(), format!("`{key}` is out of range"))
                    .with_code(Code::BadEdition)
                    .with_label(format!("expected {expected}")),
            );
            None
        }
        None => {
            t.diags.push(
                Diagnostic::error(
                    t.file,
                    v.span(),
                    format!("`{key}` must be a number, found {}", type_name(v.get_ref())),
                )
                .with_code(Code::BadEdition)
                .with_label(format!("expected {expected}")),
            );
            None
        }
    }
}

/// The page sizes by the names `brochure.toml` gives them.
const PAGE_SIZES: &[(&str, PageSize)] = &[
    ("A4", PageSize::A4),
    ("A5", PageSize::A5),
    ("Letter", PageSize::Letter),
];

/// A page size by name (`"A4"`, `"A5"`, `"Letter"`); `[page]` reads it too.
pub(super) fn page_size(t: &mut Table<'_, '_>, key: &'static str) -> Option<PageSize> {
    t.keyword(key, false, "page size", PAGE_SIZES)
}

/// A number of columns, 1 to 3; `[page]` reads it too.
pub(super) fn columns(t: &mut Table<'_, '_>) -> Option<u8> {
    let (n, span) = t.int("columns", false)?;
    if (1..=3).contains(&n) {
        return Some(n as u8);
    }
    t.diags.push(
        Diagnostic::error(t.file, span, "`columns` must be 1, 2 or 3")
            .with_code(Code::BadEdition)
            .with_label("here"),
    );
    None
}
