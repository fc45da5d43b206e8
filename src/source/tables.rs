//! Typed access to a parsed TOML table that records every problem.
//!
//! serde stops at the first error of a file; the loader instead walks the
//! spanned tree that `toml` parses (`DeTable`) and keeps going, so that one
//! run reports every unknown key, wrong type and missing field, each at its
//! place in the file.
//!
//! Every string is bounded: at most [`MAX_LINE_BYTES`], but for the text of
//! a block ([`Table::text`]), whose paragraphs have a limit of their own.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::strings::MappedStr;
use crate::diag::{Code, Diagnostic};

/// The most bytes a string value may hold, but for a block's text (see
/// `docs/limits.md`): some twenty times the longest in the guide's four
/// languages (a lead of 719 bytes). A title is set at several widths
/// (balanced lines) and on every page (running heads): a title of 240 KB
/// ran for minutes before this limit.
pub const MAX_LINE_BYTES: usize = 4_096;

/// Whether `c` may not stand in a string: a control character other than
/// tab, line feed and carriage return, or a Unicode noncharacter.
fn forbidden(c: char) -> bool {
    let u = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&u)
        || u & 0xFFFE == 0xFFFE
}

/// A TOML table being read: which keys were used, where problems go.
pub struct Table<'a, 'i> {
    /// File index for diagnostics.
    pub file: usize,
    /// The file's text.
    pub text: &'a str,
    table: &'a DeTable<'i>,
    /// Span of the table (its header or inline braces).
    pub span: Range<usize>,
    /// What the table is, for messages ("block", "section").
    what: String,
    used: Vec<&'a str>,
    /// Diagnostics collected so far.
    pub diags: &'a mut Vec<Diagnostic>,
}

/// A string value with its file positions.
pub struct StrField {
    /// The value with its position map.
    pub value: MappedStr,
    /// The span of the whole string token.
    pub span: Range<usize>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// Wraps a parsed table.
    pub fn new(
        file: usize,
        text: &'a str,
        table: &'a DeTable<'i>,
        span: Range<usize>,
        what: impl Into<String>,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Table {
            file,
            text,
            table,
            span,
            what: what.into(),
            used: Vec::new(),
            diags,
        }
    }

    /// The raw value of `key`, marking it used.
    pub fn get(&mut self, key: &'a str) -> Option<&'a Spanned<DeValue<'i>>> {
        let v = self.table.get(key)?;
        self.used.push(key);
        Some(v)
    }

    /// Reports that a required key is missing.
    pub fn missing(&mut self, key: &str) {
        let head = self.text[self.span.clone()]
            .lines()
            .next()
            .unwrap_or("")
            .len();
        let span = self.span.start..self.span.start + head.max(1);
        self.diags.push(
            Diagnostic::error(self.file, span, format!("missing `{key}` in {}", self.what))
                .with_code(Code::MissingKey)
                .with_label(format!("this {} needs `{key}`", self.what)),
        );
    }

    fn wrong_type(&mut self, key: &str, v: &Spanned<DeValue<'i>>, expected: &str) {
        self.diags.push(
            Diagnostic::error(
                self.file,
                v.span(),
                format!(
                    "`{key}` must be {expected}, found {}",
                    type_name(v.get_ref())
                ),
            )
            .with_code(Code::WrongValue)
            .with_label(format!("expected {expected}")),
        );
    }

    /// A string field of at most [`MAX_LINE_BYTES`]; `None` (with an error
    /// if `required`) when absent or mistyped, or too long (an error).
    pub fn string(&mut self, key: &'a str, required: bool) -> Option<StrField> {
        let s = self.any_string(key, required)?;
        (self.within_limit(key, &s) && self.printable(key, &s)).then_some(s)
    }

    /// A block's text (`text`, paragraphs of markup): a string of any length,
    /// since each of its paragraphs is checked against the paragraph limit
    /// when it is parsed.
    pub fn text(&mut self, key: &'a str, required: bool) -> Option<StrField> {
        let s = self.any_string(key, required)?;
        self.printable(key, &s).then_some(s)
    }

    /// The value of a translatable field other than `items`: [`Table::text`]
    /// for `text`, [`Table::string`] for the others.
    pub fn field(&mut self, field: super::fields::Field, required: bool) -> Option<StrField> {
        match field {
            super::fields::Field::Text => self.text(field.key(), required),
            _ => self.string(field.key(), required),
        }
    }

    /// Whether `s`, the value of `key`, keeps within [`MAX_LINE_BYTES`]; an
    /// error at it when not.
    fn within_limit(&mut self, key: &str, s: &StrField) -> bool {
        let len = s.value.value.len();
        if len <= MAX_LINE_BYTES {
            return true;
        }
        self.diags.push(
            Diagnostic::error(
                self.file,
                s.span.start..s.span.start + 1,
                format!("`{key}` holds {len} bytes, over the limit of {MAX_LINE_BYTES}"),
            )
            .with_code(Code::LineTooLong)
            .with_label("this value")
            .with_note("shorten it; a long text belongs in a paragraph block"),
        );
        false
    }

    /// Whether `s`, the value of `key`, is free of characters no reader
    /// shows and XML 1.0 forbids: C0 controls but tab, line feed and
    /// carriage return, DEL, C1 controls and the noncharacters (U+FFFE,
    /// U+FDD0…); an error at the first one when not.
    fn printable(&mut self, key: &str, s: &StrField) -> bool {
        let Some((at, c)) = s.value.value.char_indices().find(|&(_, c)| forbidden(c)) else {
            return true;
        };
        self.diags.push(
            Diagnostic::error(
                self.file,
                s.value.range(at, at + c.len_utf8()),
                format!("`{key}` holds U+{:04X}, which no reader can see", c as u32),
            )
            .with_code(Code::BadCharacter)
            .with_label("this character")
            .with_note("remove it; a control character or noncharacter is never text"),
        );
        false
    }

    /// A string field of any length.
    fn any_string(&mut self, key: &'a str, required: bool) -> Option<StrField> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key);
            }
            return None;
        };
        match v.get_ref() {
            DeValue::String(s) => {
                let span = v.span();
                Some(StrField {
                    value: MappedStr::new(s, self.text, span.start, span.end),
                    span,
                })
            }
            _ => {
                self.wrong_type(key, v, "a string");
                None
            }
        }
    }

    /// An integer field.
    pub fn int(&mut self, key: &'a str, required: bool) -> Option<(i64, Range<usize>)> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key);
            }
            return None;
        };
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some((n, v.span())),
                Err(_) => {
                    self.wrong_type(key, v, "a whole number");
                    None
                }
            },
            _ => {
                self.wrong_type(key, v, "a whole number");
                None
            }
        }
    }

    /// A boolean field.
    pub fn bool(&mut self, key: &'a str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "true or false");
                None
            }
        }
    }

    /// A date field (`2024-12-01`).
    pub fn date(&mut self, key: &'a str, required: bool) -> Option<(u16, u8, u8)> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key);
            }
            return None;
        };
        match v.get_ref() {
            DeValue::Datetime(dt) if dt.date.is_some() => {
                let d = dt.date.as_ref()?;
                Some((d.year, d.month, d.day))
            }
            _ => {
                self.wrong_type(key, v, "a date such as 2024-12-01");
                None
            }
        }
    }

    /// An array of strings, each of at most [`MAX_LINE_BYTES`].
    pub fn strings(&mut self, key: &'a str, required: bool) -> Option<Vec<StrField>> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(key);
            }
            return None;
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    let span = item.span();
                    let s = StrField {
                        value: MappedStr::new(s, self.text, span.start, span.end),
                        span,
                    };
                    if self.within_limit(key, &s) && self.printable(key, &s) {
                        out.push(s);
                    }
                }
                _ => self.wrong_type(key, item, "a string"),
            }
        }
        Some(out)
    }

    /// A sub-table.
    pub fn table(&mut self, key: &'a str) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            _ => {
                self.wrong_type(key, v, "a table");
                None
            }
        }
    }

    /// The sub-table `key` as a table of its own, named `what` in messages;
    /// its problems go to the same list.
    pub fn sub(&mut self, key: &'a str, what: impl Into<String>) -> Option<Table<'_, 'i>> {
        let (table, span) = self.table(key)?;
        Some(Table::new(
            self.file, self.text, table, span, what, self.diags,
        ))
    }

    /// The keys of the table with their spans, in file order.
    pub fn keys(&self) -> Vec<(&'a str, Range<usize>)> {
        self.table
            .iter()
            .map(|(k, _)| (k.get_ref().as_ref(), k.span()))
            .collect()
    }

    /// Calls `each` for every table of the array of tables `key`
    /// (`[[key]]`), in order, with its span and the list problems go to;
    /// reports a value that is not such an array and an item that is not a
    /// table.
    pub fn each_table(
        &mut self,
        key: &'a str,
        mut each: impl FnMut(&'a DeTable<'i>, Range<usize>, &mut Vec<Diagnostic>),
    ) {
        let Some(v) = self.get(key) else { return };
        let not_a = |span: Range<usize>, msg: String| {
            Diagnostic::error(self.file, span, msg)
                .with_code(Code::WrongValue)
                .with_label(format!("write [[{key}]] tables"))
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => each(t, item.span(), self.diags),
                        other => self.diags.push(not_a(
                            item.span(),
                            format!("a {key} must be a table, found {}", type_name(other)),
                        )),
                    }
                }
            }
            other => self.diags.push(not_a(
                v.span(),
                format!(
                    "`{key}` must be an array of tables, found {}",
                    type_name(other)
                ),
            )),
        }
    }

    /// A string field that names one of `choices`; another name is reported
    /// as an unknown `what`.
    pub fn keyword<T: Copy>(
        &mut self,
        key: &'a str,
        required: bool,
        what: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let s = self.string(key, required)?;
        let name = s.value.value.as_str();
        if let Some(&(_, value)) = choices.iter().find(|(n, _)| *n == name) {
            return Some(value);
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        self.diags.push(
            Diagnostic::error(self.file, s.span, format!("unknown {what} `{name}`"))
                .with_code(Code::WrongValue)
                .with_label(format!("expected {}", one_of(&names))),
        );
        None
    }

    /// Reports every key that was never asked for; gives back the list
    /// problems go to, for checks that come after the table's own.
    pub fn finish(self, known: &[&str]) -> &'a mut Vec<Diagnostic> {
        for (k, _) in self.table.iter() {
            let name: &str = k.get_ref();
            if !self.used.contains(&name) {
                let mut d = Diagnostic::error(
                    self.file,
                    k.span(),
                    format!("unknown key `{name}` in {}", self.what),
                )
                .with_code(Code::UnknownKey)
                .with_label("not a key of this table");
                if let Some(best) = closest(name, known) {
                    d = d.with_note(format!("did you mean `{best}`?"));
                } else if !known.is_empty() {
                    d = d.with_note(format!("known keys: {}", known.join(", ")));
                }
                self.diags.push(d);
            }
        }
        self.diags
    }
}

/// The TOML type name of a value, for messages.
pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The known word nearest to `word`, if it is close (edit distance ≤ 2).
pub fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (crate::diag::edit_distance(word, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Names quoted and joined for a message: `"a", "b" or "c"`.
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}
