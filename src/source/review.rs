//! `[review]` of a translation's `language.toml`: whether a reviewer has
//! approved its translations, so that the XLIFF export marks unapproved
//! ones `needs-review-translation` (and not `approved="yes"`):
//!
//! ```toml
//! [review]
//! approved = false                        # default true
//! approved_files = ["01-inleiding.toml"]  # approved all the same
//! pending_files = []                      # not approved all the same
//! ```
//!
//! File names are those of the translation's content files
//! (`source/<lang>/NN-name.toml`).

use super::tables::Table;
use crate::diag::Diagnostic;

/// A translation's review state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Whether its translations are approved, unless a list below names their file.
    pub approved: bool,
    /// Content files approved whatever `approved` says.
    pub approved_files: Vec<String>,
    /// Content files not approved whatever `approved` says.
    pub pending_files: Vec<String>,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            approved: true,
            approved_files: Vec::new(),
            pending_files: Vec::new(),
        }
    }
}

impl Review {
    /// Whether a translation in `file` (a path ending in the file's name) is approved.
    pub fn approves(&self, file: &str) -> bool {
        let name = file.rsplit('/').next().unwrap_or(file);
        if self.pending_files.iter().any(|f| f == name) {
            return false;
        }
        self.approved || self.approved_files.iter().any(|f| f == name)
    }
}

/// Reads `[review]` from `language.toml`'s table `t`.
pub(super) fn read(t: &mut Table<'_, '_>) -> Review {
    let mut review = Review::default();
    let Some(mut r) = t.sub("review", "[review]") else {
        return review;
    };
    if let Some(a) = r.bool("approved") {
        review.approved = a;
    }
    for (key, list) in [
        ("approved_files", &mut review.approved_files),
        ("pending_files", &mut review.pending_files),
    ] {
        for s in r.strings(key, false).unwrap_or_default() {
            let name = s.value.value;
            let b = name.as_bytes();
            if b.len() > 8
                && b[0].is_ascii_digit()
                && b[1].is_ascii_digit()
                && b[2] == b'-'
                && name.ends_with(".toml")
                && !name.contains('/')
            {
                list.push(name);
            } else {
                r.diags.push(
                    Diagnostic::error(
                        r.file,
                        s.span,
                        format!("`{name}` is not a content file name"),
                    )
                    .with_label("a file of this folder, named NN-name.toml"),
                );
            }
        }
    }
    r.finish(&["approved", "approved_files", "pending_files"]);
    review
}
