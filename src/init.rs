//! `brochure init DIR` and `brochure schema`: a new brochure that builds at
//! once, and the JSON Schemas editors validate the source files with.
//!
//! The new brochure has the settings, one language (`en`) with its
//! `language.toml`, one section, an empty reference list, the JSON Schemas
//! (each file names its schema in a `#:schema` comment, for taplo / Even
//! Better TOML) and the default fonts. The fonts are the four Noto Sans
//! faces of the repository's `fonts/`, embedded in the binary, so that an
//! installed `brochure` scaffolds anywhere without the repository.

use std::path::Path;

use crate::diag::{Code, Diagnostic};
use crate::model::date::DateTime;

/// The default Latin family and its licence, as `fonts/` holds them.
const FONTS: [(&str, &[u8]); 5] = [
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Italic.ttf",
        include_bytes!("../fonts/NotoSans-Italic.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSans-BoldItalic.ttf",
        include_bytes!("../fonts/NotoSans-BoldItalic.ttf"),
    ),
    ("OFL.txt", include_bytes!("../fonts/OFL.txt")),
];

/// The folder under `source/` that holds the schemas the source files name.
pub const SCHEMA_DIR: &str = "source/schema";

/// Writes the JSON Schema of each kind of source file into `dir`; returns
/// the summary line.
pub fn write_schemas(dir: &Path) -> Result<String, Diagnostic> {
    let files = crate::source::schema::schema_files();
    for (name, text) in &files {
        let path = dir.join(name);
        crate::files::write_atomically(&path, text.as_bytes())
            .map_err(|e| cannot_write(&path, &e))?;
    }
    Ok(format!(
        "wrote {} schemas to {}",
        files.len(),
        dir.display()
    ))
}

/// Scaffolds a new brochure in `dir` (a new or empty folder); returns the
/// summary lines.
pub fn init(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Diagnostic::global(format!(
            "{} is not empty: `brochure init` makes a new brochure in a new or empty folder",
            dir.display()
        ))
        .with_code(Code::InitNotEmpty));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::global(format!("{} is not a folder", dir.display()))
                .with_code(Code::InitNotEmpty),
        );
    }
    let today = DateTime::from_unix(now());
    let date = format!("{:04}-{:02}-{:02}", today.year, today.month, today.day);
    let id = id_from(dir);
    let files: [(&str, String); 4] = [
        ("source/brochure.toml", brochure_toml(&id, &date)),
        ("source/en/language.toml", LANGUAGE_TOML.to_string()),
        ("source/en/01-introduction.toml", SECTION_TOML.to_string()),
        ("source/references.toml", REFERENCES_TOML.to_string()),
    ];
    for (name, text) in &files {
        let path = dir.join(name);
        crate::files::write_atomically(&path, text.as_bytes())
            .map_err(|e| cannot_write(&path, &e))?;
    }
    for (name, bytes) in FONTS {
        let path = dir.join("fonts").join(name);
        crate::files::write_atomically(&path, bytes).map_err(|e| cannot_write(&path, &e))?;
    }
    write_schemas(&dir.join(SCHEMA_DIR))?;
    Ok(vec![
        format!("made a new brochure `{id}` in {}", dir.display()),
        format!("build it: brochure -C {} build", dir.display()),
    ])
}

/// The error of a file that cannot be written.
fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::global(format!("cannot write {}: {e}", path.display())).with_code(Code::CannotWrite)
}

/// Seconds since 1970: `SOURCE_DATE_EPOCH` when set (reproducible), else now.
fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// A brochure id from the folder's name: lowercase letters, digits and
/// dashes (`My Guide` → `my-guide`), or `brochure`.
fn id_from(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(64).collect();
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { "brochure".into() } else { id }
}

/// `brochure.toml` of a new brochure.
fn brochure_toml(id: &str, date: &str) -> String {
    format!(
        r##"#:schema ./schema/brochure.schema.json
# Brochure-wide settings; every key is documented in docs/source-format.md
# of the brochure repository. `brochure schema` rewrites source/schema/.
id = "{id}"
title = "A new brochure"
publisher = "The publisher"
edition_date = {date}
source_language = "en"
languages = ["en"]

[page]
size = "A4"
columns = 2

[colors]
brand = "#1f5fa8"
accent = "#e3edf8"
text = "#1f1f1f"
"##
    )
}

/// `en/language.toml` of a new brochure.
const LANGUAGE_TOML: &str = r#"#:schema ../schema/language.schema.json
# The strings the layout prints, dates, quotation marks and hyphenation of
# this language. Every table and key is optional.

[labels]
contents = "Contents"
references = "References"
reference_missing = "This reference is not yet included."
section = "Section"
page = "Page"
photo = "person"
draft = "Not yet translated"

[dates]
months = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"]
format = "{month} {year}"

[typography]
quotes = ["“", "”", "‘", "’"]
"#;

/// The first section of a new brochure.
const SECTION_TOML: &str = r#"#:schema ../schema/content.schema.json
# One numbered section and its blocks, in reading order. Files are named
# NN-name.toml so that they sort in that order.

[section]
number = 1
title = "Introduction"
lead = "What this brochure is about, in a sentence or two."

[[block]]
kind = "paragraph"
id = "introduction-first"
text = """
Write the text here. *Emphasis* and **strong emphasis**, links such as
<https://example.org> and citations such as [1] are inline markup
(docs/source-format.md). A blank line between paragraphs needs a new block.
"""

[[block]]
kind = "heading"
level = 2
title = "A subsection"

[[block]]
kind = "list"
id = "introduction-list"
items = ["A first point.", "A second point."]
"#;

/// The reference list of a new brochure: one entry, cited above.
const REFERENCES_TOML: &str = r#"#:schema ./schema/references.schema.json
# The numbered reference list, shared by all languages: one [[reference]]
# per number, 1, 2, 3, … without gaps.

[[reference]]
number = 1
status = "known"
authors = ["Author A"]
title = "Title of the work"
container = "Journal or book"
year = 2024
"#;
