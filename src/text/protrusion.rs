//! Character protrusion (optical margin alignment), as in pdfTeX/microtype.
//!
//! Punctuation is visually light, so a justified edge looks ragged where lines
//! end in a hyphen, full stop or comma. Letting such glyphs hang partly into
//! the margin makes the edge look straight. The factors below are fractions of
//! the glyph's advance, close to microtype's defaults: hyphens, full stops and
//! commas 70 %, colons and semicolons 50 %, en dash 50 %, em dash 30 %,
//! closing quotes 50 % at line ends; opening quotes 50 % at line starts.
//!
//! The line breaker counts the protrusion as extra available width, and the
//! line builder shifts the line so the protruding glyph hangs outside.

/// Fraction of a glyph's advance that may hang into the end margin when the
/// character ends a line.
pub(crate) fn end_factor(c: char) -> f32 {
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '\u{AD}' | '.' | ',' | '\u{3001}' | '\u{3002}'
        | '\u{060C}' | '\u{06D4}' => 0.7,
        ':' | ';' | '\u{2013}' | '\u{061B}' => 0.5,
        '\u{2014}' => 0.3,
        '!' | '?' | '\u{061F}' => 0.2,
        '\u{2019}' | '\u{201D}' | '\'' | '"' | '\u{BB}' | '\u{203A}' => 0.5,
        _ => 0.0,
    }
}

/// Fraction of a glyph's advance that may hang into the start margin when
/// the character starts a line.
pub(crate) fn start_factor(c: char) -> f32 {
    match c {
        '\u{2018}' | '\u{201C}' | '\u{201E}' | '\u{201A}' | '\'' | '"' | '\u{AB}' | '\u{2039}' => {
            0.5
        }
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_hangs_letters_do_not() {
        assert!(end_factor('-') >= 0.5);
        assert!(end_factor(',') >= 0.5);
        assert_eq!(end_factor('a'), 0.0);
        assert_eq!(start_factor('\u{201C}'), 0.5);
        assert_eq!(start_factor('A'), 0.0);
    }
}
