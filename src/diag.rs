//! Diagnostics: problems found in the source, with the place they were found.
//!
//! Every stage reports problems as [`Diagnostic`]s that point at a byte range
//! of a source file. [`Sources`] keeps the text of every file read, so that a
//! diagnostic can be shown rustc-style (file:line:col, the line, a caret) by
//! `codespan-reporting`, or turned into line/column numbers for machine
//! output.

pub mod codes;
mod excerpt;
mod json;

use std::fmt;
use std::ops::Range;

pub use codes::{Class, Code};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational: worth knowing, nothing wrong.
    Note,
    /// Something is probably wrong, but output can still be made.
    Warning,
    /// The input is wrong; no output is written.
    Error,
}

/// One problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// One-line message.
    pub message: String,
    /// File index into [`Sources`], when the problem has a place.
    pub file: Option<usize>,
    /// Byte range in that file.
    pub span: Range<usize>,
    /// Short text shown under the caret.
    pub label: String,
    /// Further notes and hints.
    pub notes: Vec<String>,
    /// The kind of problem, when it has been given one (see [`codes`]).
    pub code: Option<Code>,
}

impl Diagnostic {
    /// An error at a place in a file.
    pub fn error(file: usize, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: Some(file),
            span,
            label: String::new(),
            notes: Vec::new(),
            code: None,
        }
    }

    /// A warning at a place in a file.
    pub fn warning(file: usize, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, span, message)
        }
    }

    /// An error that belongs to no file (a missing folder, say).
    pub fn global(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            span: 0..0,
            label: String::new(),
            notes: Vec::new(),
            code: None,
        }
    }

    /// A warning that belongs to no file.
    pub fn global_warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::global(message)
        }
    }

    /// Sets the text under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a note or hint.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Gives the diagnostic its kind (its stable code).
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every source file read, for showing diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<(String, String)>,
}

impl Sources {
    /// Adds a file (name as shown to the user, and its text); returns its index.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> usize {
        self.files.push((name.into(), text.into()));
        self.files.len() - 1
    }

    /// The name of file `i`.
    pub fn name(&self, i: usize) -> &str {
        &self.files[i].0
    }

    /// The text of file `i`.
    pub fn text(&self, i: usize) -> &str {
        &self.files[i].1
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// One-based line and column (in characters) of a byte offset in file `i`.
    pub fn line_col(&self, i: usize, offset: usize) -> (usize, usize) {
        let text = self.text(i);
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let col = text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// `file:line:col` of a diagnostic, or `None` when it has no place.
    pub fn location(&self, d: &Diagnostic) -> Option<String> {
        let f = d.file?;
        let (line, col) = self.line_col(f, d.span.start);
        Some(format!("{}:{line}:{col}", self.name(f)))
    }

    /// Renders a diagnostic rustc-style, with the source line and a caret
    /// (a window of it when the line is long: see [`excerpt`]).
    pub fn render(&self, d: &Diagnostic) -> String {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
            Severity::Note => CsDiagnostic::note(),
        }
        .with_message(&d.message)
        .with_notes(d.notes.clone());
        if let Some(code) = d.code {
            cs = cs.with_code(code.as_str());
        }
        let config = term::Config::default();
        // Only reachable if a span lies outside its file: the plain form.
        let plain = |_| format!("{d}\n");
        let Some(f) = d.file else {
            let none = SimpleFile::new("", "");
            return term::emit_into_string(&config, &none, &cs).unwrap_or_else(plain);
        };
        let (name, text) = (self.name(f), self.text(f));
        let start = floor_char_boundary(text, d.span.start.min(text.len()));
        let end = floor_char_boundary(text, d.span.end.clamp(start, text.len()));
        let (line, column) = self.line_col(f, start);
        if let Some((excerpt, span)) = excerpt::Excerpt::new(name, text, start..end, line, column) {
            let cs = cs.with_labels(vec![Label::primary((), span).with_message(&d.label)]);
            return term::emit_into_string(&config, &excerpt, &cs).unwrap_or_else(plain);
        }
        let file = SimpleFile::new(name, text);
        let cs = cs.with_labels(vec![Label::primary((), start..end).with_message(&d.label)]);
        term::emit_into_string(&config, &file, &cs).unwrap_or_else(plain)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{sev}: {}", self.message)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Levenshtein distance in characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let mut s = Sources::default();
        let f = s.add("a.toml", "x = 1\ny = \"é*\"\n");
        // the `*` is at byte 13 (é is two bytes): line 2, column 7
        assert_eq!(s.line_col(f, 13), (2, 7));
        let d = Diagnostic::error(f, 13..14, "unclosed emphasis").with_label("opened here");
        let out = s.render(&d);
        assert!(out.contains("a.toml:2:7"), "{out}");
        assert!(out.contains("unclosed emphasis"), "{out}");
        assert!(out.contains("^"), "{out}");
    }

    #[test]
    fn a_long_line_is_shown_as_a_window() {
        let mut s = Sources::default();
        let line = "é".repeat(100_000) + "*" + &"x".repeat(100_000);
        let f = s.add("a.toml", format!("a = 1\ntext = \"{line}\"\n"));
        let at = "a = 1\ntext = \"".len() + "é".len() * 100_000;
        let d = Diagnostic::error(f, at..at + 1, "unclosed emphasis").with_label("opened here");
        let out = s.render(&d);
        assert!(out.len() < 1000, "{} bytes", out.len());
        assert!(out.contains("a.toml:2:100009"), "{out}");
        assert!(
            out.contains("…éé") && out.contains("*xx") && out.contains("x…"),
            "{out}"
        );
        assert!(out.contains("^ opened here"), "{out}");
        // the caret is under the `*`: as many columns in as the window's text before it
        let shown = out.lines().find(|l| l.contains('*')).unwrap();
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        let col = |l: &str, c: char| l.chars().position(|x| x == c).unwrap();
        assert_eq!(col(shown, '*'), col(caret, '^'), "{out}");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("yoga", "yoga"), 0);
        assert_eq!(edit_distance("yoga", "s4-yoga"), 3);
        assert_eq!(edit_distance("pilatse", "pilates"), 2);
    }
}
