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
mod files;
mod init;
pub mod layout;
mod memo;
pub mod model;
pub mod pdf;
mod report;
pub mod scaffold;
pub mod source;
pub mod text;
mod timings;
mod watch;
pub mod xliff;
mod xml;

pub use build::{
    BuildError, BuildOptions, Built, Session, build, build_many, document_chars, output_name,
    typesetter,
};
