//! The integration tests, one binary: each file is a module, so that a
//! change to the library relinks one test executable instead of one per file.
//! Shared helpers (project copies, pdftotext, the command line, lopdf
//! lookups) are in `common`.

mod accessibility;
mod build_pdf;
mod cat_tools;
mod citations;
mod common;
mod covers;
mod diagnostics_json;
mod editions;
mod fonts_embedded;
mod fuzz;
mod hyphenation;
mod import_transaction;
mod init_schema;
mod lang_tag;
mod language_units;
mod pdf_writer;
mod po_round_trip;
mod review;
mod robustness;
mod scaled;
mod source_content;
mod source_diagnostics;
mod speed;
mod stale;
mod text_engine;
mod translations;
mod xliff;
