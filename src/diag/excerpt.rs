//! A window on a long source line, for showing a diagnostic.
//!
//! codespan-reporting prints the whole line a diagnostic points into; a
//! line of a megabyte with 20,000 errors on it would be printed in full
//! for each. [`Excerpt`] is a one-line "file" for codespan holding only a
//! window around the diagnostic's place, with `…` where it was cut, and
//! reporting the real line and column numbers.

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

/// Lines longer than this many bytes are shown as a window.
pub const MAX_LINE: usize = 160;

/// How many bytes of context are kept before the place.
const BEFORE: usize = 60;

/// How many bytes from the place on are kept (the label is cut there).
const AFTER: usize = 80;

/// A window on one long line of a file.
#[derive(Debug)]
pub struct Excerpt<'a> {
    /// The file's name as shown.
    name: &'a str,
    /// `…` + the window + `…`, as shown.
    text: String,
    /// Where the window starts in `text` (after a leading `…`).
    offset: usize,
    /// The real line number.
    line: usize,
    /// The real column number of the window's first character.
    column: usize,
}

impl<'a> Excerpt<'a> {
    /// The window on the line of `span.start` in `text`, and the span in
    /// the window; `None` when that line is short enough to show whole.
    /// `span` must lie on character boundaries of `text`.
    pub fn new(
        name: &'a str,
        text: &'a str,
        span: Range<usize>,
        line: usize,
        column: usize,
    ) -> Option<(Excerpt<'a>, Range<usize>)> {
        let start = span.start;
        let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
        if line_end - line_start <= MAX_LINE {
            return None;
        }
        let from = floor(text, start.saturating_sub(BEFORE).max(line_start));
        let to = floor(text, (start + AFTER).min(line_end)).max(start);
        let lead = if from > line_start { "…" } else { "" };
        let tail = if to < line_end { "…" } else { "" };
        let shown = format!("{lead}{}{tail}", &text[from..to]);
        let offset = lead.len();
        let end = span.end.clamp(start, to);
        let column = column - text[from..start].chars().count();
        let excerpt = Excerpt {
            name,
            text: shown,
            offset,
            line,
            column,
        };
        Some((excerpt, start - from + offset..end - from + offset))
    }
}

/// The largest character boundary of `s` at or before `i`.
fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, Error> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, Error> {
        Ok(self.line)
    }

    fn column_number(&'a self, (): (), _line: usize, byte_index: usize) -> Result<usize, Error> {
        let at = floor(&self.text, byte_index.clamp(self.offset, self.text.len()));
        Ok(self.column + self.text[self.offset..at].chars().count())
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        match line_index {
            0 => Ok(0..self.text.len()),
            given => Err(Error::LineTooLarge { given, max: 0 }),
        }
    }
}
