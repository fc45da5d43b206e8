//! brochure: compiles structured source files into a typeset, print-ready,
//! multilingual PDF brochure.
//!
//! Data flows one way through the stages, one module each:
//! [`source`] (TOML files, spans kept for errors) → [`model`] (typed document
//! tree) → [`text`] (shaping, hyphenation, line breaking) → [`layout`] (pages,
//! columns, furniture) → [`pdf`] (the PDF file). A stage never reaches back
//! into an earlier one.

mod build;
pub mod cli;
pub mod diag;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod report;
pub mod source;
pub mod text;
pub mod xliff;

use std::path::{Path, PathBuf};

pub use build::{BuildError, BuildOptions, Built, build, document_chars, output_name, typesetter};

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`,
/// so that a failed build never leaves a half-written PDF.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
