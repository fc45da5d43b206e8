//! Diagnostics as JSON objects, one a line, for editors and scripts
//! (`--message-format json`; the fields are described in
//! `docs/diagnostics.md`).

use serde_json::{Value, json};

use super::{Code, Diagnostic, Severity, Sources};

impl Severity {
    /// The severity's name in messages and JSON: `error`, `warning`, `note`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl Diagnostic {
    /// The diagnostic's code; one without its own code counts as
    /// unclassified (`E0000`, `W0000`), which no diagnostic is known to be.
    pub fn code_or_unclassified(&self) -> Code {
        self.code.unwrap_or(match self.severity {
            Severity::Error => Code::Unclassified,
            _ => Code::UnclassifiedWarning,
        })
    }
}

impl Sources {
    /// One diagnostic as a single-line JSON object: file, line, column,
    /// end (line and column), severity, code, message, label and help
    /// (the notes, one a line); the place is `null` for a diagnostic
    /// without one. Lines and columns count from 1, columns in characters.
    pub fn to_json(&self, d: &Diagnostic) -> String {
        let (file, start, end) = match d.file {
            Some(f) => {
                let (l, c) = self.line_col(f, d.span.start);
                let (el, ec) = self.line_col(f, d.span.end.max(d.span.start));
                (
                    Value::from(self.name(f)),
                    (Value::from(l), Value::from(c)),
                    json!({"line": el, "column": ec}),
                )
            }
            None => (Value::Null, (Value::Null, Value::Null), Value::Null),
        };
        let help = if d.notes.is_empty() {
            Value::Null
        } else {
            Value::from(d.notes.join("\n"))
        };
        let label = if d.label.is_empty() {
            Value::Null
        } else {
            Value::from(d.label.as_str())
        };
        json!({
            "file": file,
            "line": start.0,
            "column": start.1,
            "end": end,
            "severity": d.severity.name(),
            "code": d.code_or_unclassified().as_str(),
            "message": d.message,
            "label": label,
            "help": help,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_with_every_field() {
        let mut s = Sources::default();
        let f = s.add("a.toml", "x = 1\ny = \"é*\"\n");
        let d = Diagnostic::error(f, 13..14, "unclosed emphasis")
            .with_code(Code::Markup)
            .with_label("opened here")
            .with_note("close it with *");
        let line = s.to_json(&d);
        assert!(!line.contains('\n'), "{line}");
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["file"], "a.toml");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(2), Some(7))
        );
        assert_eq!(v["end"], json!({"line": 2, "column": 8}));
        assert_eq!(v["severity"], "error");
        assert_eq!(v["code"], "E0201");
        assert_eq!(v["help"], "close it with *");
        let g: Value = serde_json::from_str(&s.to_json(&Diagnostic::global("x"))).unwrap();
        assert!(g["file"].is_null() && g["line"].is_null(), "{g}");
        assert_eq!(g["code"], "E0000");
    }
}
