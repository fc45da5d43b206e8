//! The source texts a translation was made from: `source/<lang>/source-history.toml`.
//!
//! A translation table names the source text it was made from by its
//! fingerprint (`source = "…"`). This file keeps that text, one table per
//! fingerprint, as gettext keeps a stale entry's previous msgid, so that when
//! the source changes, `brochure status --diff` and the XLIFF export
//! (`<alt-trans>`) show exactly what changed. `xliff import` writes it whenever
//! it sets a fingerprint, and drops the texts no table names any more:
//!
//! ```toml
//! ["5dd55de907936f6a"]
//! block = "s4-beweging-bloedcirculatie"
//! text = '''
//! Beweging stimuleert de bloedcirculatie …
//! '''
//! ```
//!
//! The file is written whole, in the order given (reading order), each value
//! as a multi-line literal string (no escapes), so that it stays readable and
//! its bytes depend on its content only.

use std::collections::HashMap;
use std::path::Path;

use toml::de::DeValue;

use super::Cx;
use super::fields::Field;
use super::tables::Table;

/// The file's name in a translation folder.
pub const FILE: &str = "source-history.toml";

/// Source texts by fingerprint: the fields, raw markup, list items once each.
pub type History = HashMap<String, Vec<(Field, String)>>;

/// Reads `dir`'s history file; an absent file is an empty history.
pub(super) fn read(cx: &mut Cx, dir: &Path) -> History {
    let path = dir.join(FILE);
    let mut out = History::new();
    if !path.is_file() {
        return out;
    }
    let Some(f) = cx.read(&path) else { return out };
    let text = cx.sources.text(f).to_string();
    let Some(table) = cx.parse(f, &text) else {
        return out;
    };
    let mut diags = Vec::new();
    for (k, v) in table.iter() {
        let DeValue::Table(t) = v.get_ref() else {
            continue;
        };
        let mut tt = Table::new(f, &text, t, k.span(), "source text", &mut diags);
        tt.string("block", false);
        let mut fields = Vec::new();
        for field in Field::ALL {
            if field == Field::Items {
                if let Some(items) = tt.strings(field.key(), false) {
                    fields.extend(items.into_iter().map(|s| (field, s.value.value)));
                }
            } else if let Some(s) = tt.field(field, false) {
                fields.push((field, s.value.value));
            }
        }
        let mut known = vec!["block"];
        known.extend(Field::ALL.map(Field::key));
        tt.finish(&known);
        out.insert(k.get_ref().to_string(), fields);
    }
    cx.diags.append(&mut diags);
    out
}

/// One source text of a history file: fingerprint, block id, fields.
pub type Entry = (String, String, Vec<(Field, String)>);

/// The text of a history file holding `entries`, in that order.
pub fn render(entries: &[Entry]) -> String {
    let mut out = String::from(
        "# The source texts this translation was made from, by fingerprint (the\n\
         # `source` of its tables). Written by `brochure xliff import`; read by\n\
         # `brochure status --diff` and the XLIFF export. Do not edit.\n",
    );
    for (fp, block, fields) in entries {
        out.push_str(&format!("\n[\"{fp}\"]\nblock = {}\n", string(block)));
        let mut items = Vec::new();
        for (f, v) in fields {
            if *f == Field::Items {
                items.push(v);
            } else {
                out.push_str(&format!("{} = {}\n", f.key(), string(v)));
            }
        }
        if !items.is_empty() {
            out.push_str("items = [\n");
            for i in items {
                out.push_str(&format!("  {},\n", string(i)));
            }
            out.push_str("]\n");
        }
    }
    out
}

/// A TOML string of `v` (white space at its ends dropped): a multi-line
/// literal string, or a basic string with escapes when `v` holds `'''` or
/// a control character.
fn string(v: &str) -> String {
    let v = v.trim();
    let literal_ok = !v.contains("'''") && !v.chars().any(|c| c.is_control() && c != '\n');
    if !literal_ok {
        return serde_json::to_string(v).unwrap_or_default();
    }
    if v.contains('\n') || v.contains('\'') {
        format!("'''\n{v}\n'''")
    } else {
        format!("'{v}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written() {
        let fields = vec![
            (Field::Title, "Inleiding".to_string()),
            (Field::Text, "a 'b' \\\n c\\-d".to_string()),
            (Field::Items, "x'''y".to_string()),
            (Field::Items, "tab\there".to_string()),
        ];
        let text = render(&[("0123".into(), "s1".into(), fields.clone())]);
        let back: toml::Table = toml::from_str(&text).expect("valid TOML");
        let t = back["0123"].as_table().expect("table");
        assert_eq!(t["title"].as_str(), Some("Inleiding"));
        assert_eq!(
            t["text"].as_str().map(str::trim_end),
            Some("a 'b' \\\n c\\-d")
        );
        let items: Vec<&str> = t["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(items, ["x'''y", "tab\there"]);
    }
}
