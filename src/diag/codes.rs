//! Stable diagnostic codes: one per kind of problem, for editors, scripts
//! and the documentation (`docs/diagnostics.md` lists every code).
//!
//! A code never changes meaning once released; a new kind of problem gets a
//! new code. The first letter says the severity a diagnostic of that kind
//! has (`E` error, `W` warning, `N` note); the first two digits the family:
//! 00 the command line, 01 source file structure, 02 inline markup and
//! citations, 03 files that cannot be read or written, 04 images, 05 fonts,
//! 06 translations, 07 XLIFF, 08 settings, editions and languages,
//! 09 references, 10 typesetting.

/// What a failed command's exit status says about its errors (see
/// [`Class::exit_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The sources or the build are wrong: exit 1.
    Content,
    /// The command line asks for something that is not there: exit 2.
    Usage,
    /// A file could not be read or written: exit 3.
    Io,
}

impl Class {
    /// The process exit status of a command that failed with errors of this class.
    pub fn exit_code(self) -> i32 {
        match self {
            Class::Content => 1,
            Class::Usage => 2,
            Class::Io => 3,
        }
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $id:literal, $class:ident;)*) => {
        /// A kind of diagnostic, with its stable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $name,)*
        }

        impl Code {
            /// Every code, in the order of the documentation.
            pub const ALL: &[Code] = &[$(Code::$name,)*];

            /// The code as shown: `E0101`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $id,)*
                }
            }

            /// What kind of problem it is, in one line (the documentation's words).
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$name => concat!($($doc),*).trim_ascii(),)*
                }
            }

            /// The exit status class of an error of this kind.
            pub fn class(self) -> Class {
                match self {
                    $(Code::$name => Class::$class,)*
                }
            }
        }
    };
}

codes! {
    /// An error not yet given its own code (none is known to remain).
    Unclassified = "E0000", Content;
    /// A warning not yet given its own code (none is known to remain).
    UnclassifiedWarning = "W0000", Content;
    /// The command line is wrong (an unknown option or subcommand, a missing value).
    Usage = "E0001", Usage;
    /// `--lang` names a language that `brochure.toml` does not list.
    UnknownLanguage = "E0002", Usage;
    /// `--edition` names an edition that is neither built in nor defined.
    UnknownEdition = "E0003", Usage;
    /// `--only` names no section number, section id or block id.
    UnknownHandoutPart = "E0004", Usage;
    /// `-o` or `--report` names a folder, or the report would replace the PDF.
    BadOutputPath = "E0005", Usage;
    /// `brochure init` was asked to scaffold into a folder that is not empty.
    InitNotEmpty = "E0006", Usage;
    /// A TOML syntax error.
    TomlSyntax = "E0101", Content;
    /// A source file is not valid UTF-8.
    NotUtf8 = "E0102", Content;
    /// A key that this kind of table does not have.
    UnknownKey = "E0103", Content;
    /// A required key is missing.
    MissingKey = "E0104", Content;
    /// A value has the wrong type, or is not one of the allowed names.
    WrongValue = "E0105", Content;
    /// An id is badly formed, or used twice.
    BadId = "E0106", Content;
    /// A content file's name or structure is wrong (`NN-name.toml`, one `[section]` or `[front]`).
    ContentFile = "E0107", Content;
    /// A block is wrong: an unknown kind, a missing `id`, a heading level, an empty `alt` or list.
    BadBlock = "E0108", Content;
    /// The project has no content files.
    NoContent = "E0109", Content;
    /// A string holds a control character or a noncharacter (U+0000, U+FFFE…), which no reader shows and XML forbids.
    BadCharacter = "E0110", Content;
    /// Inline markup is wrong: unclosed emphasis, a stray bracket or backslash, a bad link.
    Markup = "E0201", Content;
    /// A citation names no reference of the list, or a number over the limit.
    Citation = "E0202", Content;
    /// References are first cited out of order.
    CitationOrder = "W0203", Content;
    /// A file or folder cannot be read (missing, unreadable).
    CannotRead = "E0301", Io;
    /// An output file cannot be written.
    CannotWrite = "E0302", Io;
    /// An image path cannot be used: absolute, leaving its folder or the project.
    ImagePath = "E0401", Content;
    /// An image cannot be read, is damaged, too large, or not a PNG or JPEG.
    BadImage = "E0402", Content;
    /// A font file is missing, or its path cannot be used.
    FontPath = "E0501", Content;
    /// A font file is damaged, too large, or cannot be used.
    BadFont = "E0502", Content;
    /// No font has a character of the text.
    MissingGlyph = "E0503", Content;
    /// A translation names a block the source does not have.
    OrphanedTranslation = "W0601", Content;
    /// A translation is badly formed: not a table, twice, a field the block does not have, a different number of items.
    BadTranslation = "E0602", Content;
    /// A block is not translated (an error; a warning in a draft build).
    Untranslated = "E0603", Content;
    /// Blocks are not translated and are set in the source language (draft build).
    DraftUntranslated = "W0603", Content;
    /// A translation is stale: its source text changed since.
    StaleTranslation = "W0604", Content;
    /// A translation changes what must stay: a citation, a link, a number of items.
    ChangedTranslation = "E0605", Content;
    /// An XLIFF file cannot be imported or exported.
    Xliff = "E0701", Content;
    /// An XLIFF import went through with something a reviewer should look at.
    XliffReview = "W0702", Content;
    /// A setting of `brochure.toml` or `language.toml` is wrong (a colour, a date format, quotes, a hyphenation exception).
    BadSetting = "E0801", Content;
    /// An edition is wrong: its name, sheet, sizes, base, or it cannot be imposed.
    BadEdition = "E0802", Content;
    /// A record of the reference list is wrong: a duplicate or missing number, a bad field.
    BadReference = "E0901", Content;
    /// The reference list is missing.
    NoReferences = "E0902", Content;
    /// A reference is never cited.
    UncitedReference = "W0903", Content;
    /// References are not yet known (`status = "missing"`).
    UnknownReferences = "W0904", Content;
    /// A word is wider than its column and was broken by force.
    OverwideWord = "W1001", Content;
    /// A paragraph is longer than the limit.
    ParagraphTooLong = "E1002", Content;
    /// Writing the PDF failed (a fault of the program, not of the input).
    Internal = "E1003", Content;
    /// A string of a source file (a title, caption, label, list item…) is longer than the limit.
    LineTooLong = "E1004", Content;
    /// The summary of a command that succeeded (JSON output only).
    Summary = "N0001", Content;
    /// Diagnostics not shown, past the first 50 (JSON output only).
    NotShown = "N0002", Content;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert_eq!(s.len(), 5, "{s}");
            assert!(matches!(&s[..1], "E" | "W" | "N"), "{s}");
            assert!(s[1..].bytes().all(|b| b.is_ascii_digit()), "{s}");
            assert!(!c.summary().is_empty(), "{s}");
        }
    }

    #[test]
    fn the_documentation_lists_every_code() {
        let doc = include_str!("../../docs/diagnostics.md");
        for c in Code::ALL {
            let exit = if c.as_str().starts_with('E') {
                c.class().exit_code().to_string()
            } else {
                "–".to_string()
            };
            let row = format!("| `{}` | {exit} | {} |", c.as_str(), c.summary());
            assert!(doc.contains(&row), "docs/diagnostics.md lacks: {row}");
        }
    }
}
