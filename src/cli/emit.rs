//! What a command prints on standard error: its diagnostics and summary,
//! for people (rustc-style, with the source line) or for editors and
//! scripts (`--message-format json`: one JSON object a line), and the exit
//! status that follows from its errors.

use clap::ValueEnum;

use crate::diag::{Class, Code, Diagnostic, Severity, Sources};

/// The most diagnostics printed in full; the rest are counted on one line.
pub const MAX_PRINTED: usize = 50;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MessageFormat {
    /// For people: rustc-style, with the source line and a caret.
    #[default]
    Human,
    /// For editors and scripts: one JSON object a line.
    Json,
}

/// Prints diagnostics and summaries in one [`MessageFormat`].
#[derive(Debug, Clone, Copy)]
pub struct Emitter {
    /// The format of everything printed on standard error.
    pub format: MessageFormat,
}

impl Emitter {
    /// Prints diagnostics (the first [`MAX_PRINTED`] in full, then a count),
    /// and for people the number of errors and warnings.
    pub fn diagnostics(&self, sources: &Sources, diags: &[Diagnostic]) {
        for d in diags.iter().take(MAX_PRINTED) {
            match self.format {
                MessageFormat::Human => {
                    err(&sources.render(d));
                    if d.file.is_none() {
                        err("\n");
                    }
                }
                MessageFormat::Json => err(&(sources.to_json(d) + "\n")),
            }
        }
        if diags.len() > MAX_PRINTED {
            let more = format!(
                "… and {} more not shown (the first {MAX_PRINTED} are printed in full)",
                diags.len() - MAX_PRINTED
            );
            self.note(Code::NotShown, &more);
        }
        let count = |s| diags.iter().filter(|d| d.severity == s).count();
        let errors = count(Severity::Error);
        if errors > 0 && self.format == MessageFormat::Human {
            let warnings = count(Severity::Warning);
            err(&format!("{errors} error(s), {warnings} warning(s)\n"));
        }
    }

    /// Prints the warnings and the summary of a command that succeeded.
    pub fn succeeded(&self, sources: &Sources, warnings: &[Diagnostic], summary: &[String]) {
        self.diagnostics(sources, warnings);
        self.summary(summary);
    }

    /// Prints the summary lines of a command (JSON: notes with code `N0001`).
    pub fn summary(&self, lines: &[String]) {
        for line in lines {
            self.note(Code::Summary, line);
        }
    }

    /// Prints the diagnostics of a command that failed and returns its exit
    /// status (see [`exit_code`]).
    pub fn failed(&self, sources: &Sources, diags: &[Diagnostic]) -> i32 {
        self.diagnostics(sources, diags);
        exit_code(diags).max(1)
    }

    /// One line that belongs to no file: as is, or as a JSON note.
    fn note(&self, code: Code, text: &str) {
        match self.format {
            MessageFormat::Human => err(&format!("{text}\n")),
            MessageFormat::Json => {
                let d = Diagnostic {
                    severity: Severity::Note,
                    ..Diagnostic::global(text).with_code(code)
                };
                err(&(Sources::default().to_json(&d) + "\n"));
            }
        }
    }
}

/// The exit status of a command that ended with these diagnostics: 0 when
/// none is an error, else the highest of the errors' classes (1 content,
/// 2 usage, 3 input/output).
pub fn exit_code(diags: &[Diagnostic]) -> i32 {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.map_or(Class::Content, |c| c.class()).exit_code())
        .max()
        .unwrap_or(0)
}

/// Gives every diagnostic that has no code one: `error` for errors,
/// `warning` for the others (for the diagnostics of a stage that does not
/// yet give each kind its own code).
pub fn classify(diags: &mut [Diagnostic], error: Code, warning: Code) {
    for d in diags.iter_mut().filter(|d| d.code.is_none()) {
        d.code = Some(if d.is_error() { error } else { warning });
    }
}

/// The JSON line of a command-line error that clap found (`E0001`).
pub fn usage_json(message: &str) -> String {
    let d = Diagnostic::global(message.trim_end()).with_code(Code::Usage);
    Sources::default().to_json(&d)
}

/// Writes to standard error, ignoring write errors (a closed pipe is not
/// worth a panic).
pub fn err(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
