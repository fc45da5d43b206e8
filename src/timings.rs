//! Stage timings of one build, for `build --timings`.
//!
//! Each stage reports the time it spent as a plain value ([`crate::layout`]
//! and [`crate::pdf`] return theirs next to their output); the driver adds
//! them up here and prints one line on standard error. Written by hand: a
//! handful of `Instant`s needs no profiling crate.

use std::time::Duration;

/// How long each stage of one build took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Reading and checking the source (translation merged).
    pub load: Duration,
    /// Loading the fonts and hyphenation patterns, and the glyph check.
    pub fonts: Duration,
    /// Shaping and breaking paragraphs into lines (inside the layout).
    pub shape_break: Duration,
    /// The reading-order guard (inside the layout).
    pub guard: Duration,
    /// The whole layout, shaping and guard included.
    pub layout: Duration,
    /// Writing the PDF objects, compression excluded.
    pub pdf_write: Duration,
    /// Flate-compressing the PDF's streams.
    pub compress: Duration,
    /// Writing the file to disk.
    pub save: Duration,
}

impl Timings {
    /// The sum of the stages (shaping and guard are part of the layout).
    pub fn total(&self) -> Duration {
        self.load + self.fonts + self.layout + self.pdf_write + self.compress + self.save
    }

    /// The `--timings` line.
    pub fn line(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let other = self.layout.saturating_sub(self.shape_break + self.guard);
        format!(
            "timings: load {:.1} ms, fonts {:.1} ms, shape+break {:.1} ms, layout {:.1} ms, guard {:.1} ms, pdf write {:.1} ms, compress {:.1} ms, save {:.1} ms, total {:.1} ms",
            ms(self.load),
            ms(self.fonts),
            ms(self.shape_break),
            ms(other),
            ms(self.guard),
            ms(self.pdf_write),
            ms(self.compress),
            ms(self.save),
            ms(self.total()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_excludes_its_parts() {
        let t = Timings {
            load: Duration::from_millis(1),
            shape_break: Duration::from_millis(3),
            guard: Duration::from_millis(2),
            layout: Duration::from_millis(10),
            compress: Duration::from_millis(4),
            ..Timings::default()
        };
        let line = t.line();
        assert!(
            line.contains("shape+break 3.0 ms, layout 5.0 ms, guard 2.0 ms"),
            "{line}"
        );
        assert!(line.ends_with("total 15.0 ms"), "{line}");
    }
}
