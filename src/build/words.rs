//! Warnings for words that only a forced break can divide: the text engine
//! breaks a word wider than its column between two letters, without a
//! hyphen (see [`text::LONG_WORD_CHARS`]); the author is told where.

use crate::diag::{Code, Diagnostic};
use crate::{model, text};

/// One warning per block holding a word that only a forced break can
/// divide, at the block, naming the word (shortened) and its length.
pub(super) fn forced_words(doc: &model::Document, ts: &text::Typesetter) -> Vec<Diagnostic> {
    let lang = &doc.language.code;
    let mut out = Vec::new();
    for b in doc.blocks() {
        let text = b.plain_text();
        let words = ts.unbreakable_words(&text, lang);
        let Some(first) = words.first() else {
            continue;
        };
        let n = first.chars().count();
        let shown: String = first.chars().take(24).collect();
        let more = match words.len() {
            1 => String::new(),
            k => format!(" (and {} more such words)", k - 1),
        };
        let at = b.loc.start as usize;
        out.push(
            Diagnostic::warning(
                b.loc.file as usize,
                at..at + 1,
                format!(
                    "`{}` has a word of {n} characters without a break point{more}",
                    b.id
                ),
            )
            .with_code(Code::OverwideWord)
            .with_label(format!("`{shown}…`"))
            .with_note(
                "where it does not fit its column it is broken by force, between two \
                 letters and without a hyphen; add soft hyphens (U+00AD) or spaces",
            ),
        );
    }
    out
}
