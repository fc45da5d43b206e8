//! Writing the changes of an import into a translation file with
//! `toml_edit`, which keeps comments, order and formatting of everything it
//! is not asked to change, so untouched tables and files stay byte for byte
//! the same. The TOML string literals of changed values (wrapped at 78
//! columns like the hand-written files) are hand-written.

use std::collections::HashMap;

use super::Change;
use crate::source::fields::Field;
use crate::xliff::segments::{from_markup, is_plain, to_markup, wrap};

/// How a string value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// `"…"` on one line.
    Basic,
    /// `"""` newline, wrapped lines, newline `"""`.
    Block,
    /// `"""…"""` on one line (list items of translation files).
    Inline,
}

/// The style of a string literal as written.
fn style_of(repr: &str) -> Style {
    if repr.starts_with("\"\"\"") || repr.starts_with("'''") {
        if repr[3..].starts_with('\n') || repr[3..].starts_with("\r\n") {
            Style::Block
        } else {
            Style::Inline
        }
    } else {
        Style::Basic
    }
}

/// The style a field's value gets in a new table.
fn default_style(field: Field) -> Style {
    match field {
        Field::Text | Field::Lead => Style::Block,
        Field::Items => Style::Inline,
        Field::Title | Field::Caption | Field::Alt => Style::Basic,
    }
}

/// A TOML string literal of `markup` in a style.
fn literal(value: &str, style: Style, plain: bool) -> String {
    let mut out = String::new();
    let body = match style {
        Style::Block => {
            // re-wrap: the value's own line breaks are only spaces (except
            // the ones the markup needs: line breaks and blank lines)
            let m = if plain {
                to_markup(&from_markup(value, true), true)
            } else {
                to_markup(&from_markup(value, false), false)
            };
            wrap(&m) + "\n"
        }
        _ => value.to_string(),
    };
    let multi = style != Style::Basic || body.contains('\n');
    let quotes = if multi { "\"\"\"" } else { "\"" };
    out.push_str(quotes);
    if style == Style::Block {
        out.push('\n');
    }
    let chars: Vec<char> = body.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' if !multi || chars.get(i + 1).is_none_or(|n| *n == '"') => out.push_str("\\\""),
            '\n' if multi => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push_str(quotes);
    out
}

/// A literal as a `toml_edit` value.
fn parse_value(lit: &str) -> Result<toml_edit::Value, String> {
    lit.parse::<toml_edit::Value>()
        .map_err(|e| format!("internal error: bad literal {lit:?}: {e}"))
}

/// An array of item literals, one a line.
fn items_literal(items: &[String]) -> String {
    let mut s = String::from("[\n");
    for i in items {
        s.push_str("  ");
        s.push_str(i);
        s.push_str(",\n");
    }
    s.push(']');
    s
}

/// Applies changes to a translation file's text (`None`: a new file, which
/// gets `header`). `orders` gives the reading order of every block id.
/// Returns the new text and how many fingerprints were set.
pub(super) fn write_toml(
    old: Option<&str>,
    changes: &[Change],
    header: &str,
    orders: &HashMap<String, usize>,
) -> Result<(String, usize), String> {
    let mut doc: toml_edit::DocumentMut = old.unwrap_or("").parse().map_err(|e| format!("{e}"))?;
    let mut confirmed = 0;
    let mut new_ids: Vec<(usize, String)> = Vec::new();
    for c in changes {
        if c.new_table {
            let mut t = toml_edit::Table::new();
            t.decor_mut().set_prefix("\n");
            if let Some(fp) = &c.fingerprint {
                t.insert("source", toml_edit::value(fp.as_str()));
                confirmed += 1;
            }
            let items: Vec<String> = c
                .fields
                .iter()
                .filter(|(f, _)| *f == Field::Items)
                .map(|(_, v)| literal(v, Style::Inline, false))
                .collect();
            for field in Field::ALL {
                if field == Field::Items {
                    if !items.is_empty() {
                        let mut v = parse_value(&items_literal(&items))?;
                        v.decor_mut().set_prefix(" ");
                        t.insert(field.key(), toml_edit::Item::Value(v));
                    }
                    continue;
                }
                if let Some((_, v)) = c.fields.iter().find(|(f, _)| *f == field) {
                    let plain = is_plain(&c.kind, field);
                    let mut v = parse_value(&literal(v, default_style(field), plain))?;
                    v.decor_mut().set_prefix(" ");
                    t.insert(field.key(), toml_edit::Item::Value(v));
                }
            }
            if doc.contains_key(&c.id) {
                return Err(format!("`{}` is already in the file", c.id));
            }
            doc.insert(&c.id, toml_edit::Item::Table(t));
            new_ids.push((c.order, c.id.clone()));
            continue;
        }
        let Some(t) = doc.get_mut(&c.id).and_then(toml_edit::Item::as_table_mut) else {
            return Err(format!("no [{}] table", c.id));
        };
        if let Some(fp) = &c.fingerprint
            && t.get("source").and_then(toml_edit::Item::as_str) != Some(fp.as_str())
        {
            set_value(t, "source", toml_edit::Value::from(fp.as_str()))?;
            confirmed += 1;
        }
        let old_items: Vec<String> = t
            .get(Field::Items.key())
            .and_then(toml_edit::Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| match v {
                        toml_edit::Value::String(s) => Some(s.display_repr().into_owned()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let item_style = match old_items.first().map(|r| style_of(r)) {
            Some(Style::Basic) => Style::Basic,
            _ => Style::Inline,
        };
        let mut items: Vec<String> = Vec::new();
        for &(f, ref v) in &c.fields {
            if f == Field::Items {
                let k = items.len();
                match (c.items_changed.get(k), old_items.get(k)) {
                    (Some(false), Some(r)) => items.push(r.clone()),
                    _ => items.push(literal(v, item_style, false)),
                }
                continue;
            }
            let style = match t.get(f.key()).and_then(toml_edit::Item::as_value) {
                Some(toml_edit::Value::String(s)) => style_of(&s.display_repr()),
                _ => default_style(f),
            };
            let plain = is_plain(&c.kind, f);
            set_value(t, f.key(), parse_value(&literal(v, style, plain))?)?;
        }
        if !items.is_empty() {
            set_value(t, Field::Items.key(), parse_value(&items_literal(&items))?)?;
        }
    }
    if !new_ids.is_empty() {
        place_tables(&mut doc, &new_ids, orders, old.is_none().then_some(header));
    }
    let out = doc.to_string();
    verify(&out, changes)?;
    Ok((out, confirmed))
}

/// Replaces (or adds) a value, keeping the old value's surrounding spaces
/// and comment.
fn set_value(t: &mut toml_edit::Table, key: &str, mut v: toml_edit::Value) -> Result<(), String> {
    match t.get_mut(key) {
        Some(toml_edit::Item::Value(old)) => {
            *v.decor_mut() = old.decor().clone();
            *old = v;
        }
        Some(_) => return Err(format!("`{key}` is not a value")),
        None => {
            v.decor_mut().set_prefix(" ");
            t.insert(key, toml_edit::Item::Value(v));
            // keep `source` first and the fields in their usual order
            let rank = |k: &str| {
                if k == "source" {
                    0
                } else {
                    Field::ALL
                        .iter()
                        .position(|f| f.key() == k)
                        .map_or(99, |p| p + 1)
                }
            };
            t.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
        }
    }
    Ok(())
}

/// Puts new tables in the source's reading order: each before the first
/// table that comes later in the source (tables of unknown ids keep their
/// place after their predecessor). A new file gets `header` before its
/// first table; a new first table of an old file takes over the comment
/// that opened the file.
fn place_tables(
    doc: &mut toml_edit::DocumentMut,
    new_ids: &[(usize, String)],
    orders: &HashMap<String, usize>,
    header: Option<&str>,
) {
    let mut list: Vec<(usize, String)> = Vec::new();
    let mut existing: Vec<(isize, String)> = doc
        .iter()
        .filter(|(k, _)| !new_ids.iter().any(|(_, n)| n == k))
        .filter_map(|(k, v)| {
            v.as_table()
                .map(|t| (t.position().unwrap_or(isize::MAX), k.to_string()))
        })
        .collect();
    existing.sort();
    let mut last = 0;
    for (_, id) in existing {
        last = orders.get(&id).copied().unwrap_or(last);
        list.push((last, id));
    }
    let first_before = list.first().map(|(_, id)| id.clone());
    let mut new_sorted = new_ids.to_vec();
    new_sorted.sort();
    for (order, id) in new_sorted {
        let at = list
            .iter()
            .position(|(o, _)| *o > order)
            .unwrap_or(list.len());
        list.insert(at, (order, id));
    }
    for (k, (_, id)) in list.iter().enumerate() {
        if let Some(t) = doc.get_mut(id).and_then(toml_edit::Item::as_table_mut) {
            t.set_position(Some(k as isize + 1));
        }
    }
    let first_now = list.first().map(|(_, id)| id.clone());
    if let Some(first) = &first_now {
        if let Some(h) = header {
            if let Some(t) = doc.get_mut(first).and_then(toml_edit::Item::as_table_mut) {
                t.decor_mut().set_prefix(format!("{h}\n"));
            }
        } else if let Some(old_first) = first_before
            && *first != old_first
        {
            let prefix = doc
                .get(&old_first)
                .and_then(toml_edit::Item::as_table)
                .and_then(|t| t.decor().prefix())
                .and_then(|p| p.as_str())
                .map(str::to_string);
            if let Some(p) = prefix {
                if let Some(t) = doc.get_mut(first).and_then(toml_edit::Item::as_table_mut) {
                    t.decor_mut().set_prefix(p);
                }
                if let Some(t) = doc
                    .get_mut(&old_first)
                    .and_then(toml_edit::Item::as_table_mut)
                {
                    t.decor_mut().set_prefix("\n");
                }
            }
        }
    }
}

/// Re-reads the written text and checks that every changed value reads back
/// as intended.
fn verify(text: &str, changes: &[Change]) -> Result<(), String> {
    let t: toml::Table = toml::from_str(text).map_err(|e| format!("internal error: {e}"))?;
    for c in changes {
        let Some(toml::Value::Table(tt)) = t.get(&c.id) else {
            return Err(format!("internal error: [{}] missing after writing", c.id));
        };
        if let Some(fp) = &c.fingerprint
            && tt.get("source").and_then(toml::Value::as_str) != Some(fp.as_str())
        {
            return Err(format!("internal error: [{}] source not written", c.id));
        }
        let items: Vec<&str> = c
            .fields
            .iter()
            .filter(|(f, _)| *f == Field::Items)
            .map(|(_, v)| v.as_str())
            .collect();
        if !items.is_empty() {
            let got: Vec<&str> = tt
                .get(Field::Items.key())
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
                .unwrap_or_default();
            let same = got.len() == items.len()
                && got
                    .iter()
                    .zip(&items)
                    .all(|(a, b)| from_markup(a, false) == from_markup(b, false));
            if !same {
                return Err(format!(
                    "internal error: [{}] items read back differently",
                    c.id
                ));
            }
        }
        for (f, v) in c.fields.iter().filter(|(f, _)| *f != Field::Items) {
            let got = tt.get(f.key()).and_then(toml::Value::as_str).unwrap_or("");
            if from_markup(got, false) != from_markup(v, false) {
                return Err(format!(
                    "internal error: [{}] {} reads back as {got:?}, not {v:?}",
                    c.id,
                    f.key()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_for_toml() {
        assert_eq!(
            literal("a \"b\" \\*", Style::Basic, false),
            "\"a \\\"b\\\" \\\\*\""
        );
        assert_eq!(literal("x\"", Style::Inline, false), "\"\"\"x\\\"\"\"\"");
        assert_eq!(
            literal("een \"\"\" twee", Style::Block, false),
            "\"\"\"\neen \\\"\\\"\" twee\n\"\"\""
        );
        for (lit, want) in [
            (literal("a \"b\" \\*", Style::Basic, false), "a \"b\" \\*"),
            (literal("x\"", Style::Inline, false), "x\""),
        ] {
            let v: toml_edit::Value = lit.parse().expect("valid TOML");
            assert_eq!(v.as_str(), Some(want));
        }
        assert_eq!(style_of("\"\"\"\nx\n\"\"\""), Style::Block);
        assert_eq!(style_of("\"\"\"x\"\"\""), Style::Inline);
        assert_eq!(style_of("'x'"), Style::Basic);
    }
}
