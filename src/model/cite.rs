//! How a citation group is printed: the one place that turns a
//! [`Citation`](super::Citation) into the text set in the body.
//!
//! The style is chosen in `brochure.toml` (`[citations] style`, see
//! `docs/source-format.md`) and carried in
//! [`Settings::citation_style`](super::Settings::citation_style). The layout
//! calls [`format`] for every [`Inline::Cite`](super::Inline::Cite) and sets
//! the text it returns, raised when [`CitationText::superscript`] is set.
//!
//! The numbers are printed ascending. A run of three or more consecutive
//! numbers is compressed to a range with an en dash (`1–3`); a run of two is
//! kept as the source wrote it, a range (`[126–127]`) or a list
//! (`[58, 59]`), so that the print matches the original guide. Items are
//! separated by `", "`.

use super::Citation;

/// How citations are set in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CitationStyle {
    /// In square brackets on the baseline: `[1–3, 5]`.
    #[default]
    Brackets,
    /// Raised, without brackets: `1–3, 5`.
    Superscript,
}

impl CitationStyle {
    /// Every style, in the order messages list them.
    pub const ALL: [CitationStyle; 2] = [CitationStyle::Brackets, CitationStyle::Superscript];

    /// The style's name as written in `brochure.toml`.
    pub fn name(self) -> &'static str {
        match self {
            CitationStyle::Brackets => "brackets",
            CitationStyle::Superscript => "superscript",
        }
    }

    /// The style named `s` in `brochure.toml`, if it is one.
    pub fn from_name(s: &str) -> Option<CitationStyle> {
        match s {
            "brackets" => Some(CitationStyle::Brackets),
            "superscript" => Some(CitationStyle::Superscript),
            _ => None,
        }
    }
}

/// The printed form of one citation group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationText {
    /// The characters to set: `[1–3, 5]` or `1–3, 5`.
    pub text: String,
    /// Whether the text is set raised and smaller (superscript style).
    pub superscript: bool,
}

/// The text a citation group prints as, in `style`.
pub fn format(c: &Citation, style: CitationStyle) -> CitationText {
    let body = join(&ranges(c));
    match style {
        CitationStyle::Brackets => CitationText {
            text: format!("[{body}]"),
            superscript: false,
        },
        CitationStyle::Superscript => CitationText {
            text: body,
            superscript: true,
        },
    }
}

/// The items a citation group prints, as inclusive ranges in ascending
/// order (`(n, n)` for a single number): runs of three or more consecutive
/// numbers become one range, a run of two stays as written.
pub fn ranges(c: &Citation) -> Vec<(u32, u32)> {
    let mut numbers = c.numbers.clone();
    numbers.sort_unstable();
    numbers.dedup();
    let written_as_range =
        |a: u32, b: u32| c.written.iter().any(|&(x, y)| x < y && x <= a && b <= y);
    let mut out = Vec::new();
    for (a, b) in runs(&numbers) {
        match b - a {
            0 => out.push((a, a)),
            1 if !written_as_range(a, b) => out.extend([(a, a), (b, b)]),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Maximal runs of consecutive numbers in an ascending, duplicate-free list.
pub fn runs(numbers: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        match out.last_mut() {
            Some((_, b)) if b.checked_add(1) == Some(n) => *b = n,
            _ => out.push((n, n)),
        }
    }
    out
}

/// Ranges joined as printed: `1–3, 5`.
pub fn join(ranges: &[(u32, u32)]) -> String {
    ranges
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
