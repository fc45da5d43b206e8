//! Why a PDF could not be written: the one error type of the PDF stage.

/// Why a PDF could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// The document has no pages; a PDF needs at least one.
    NoPages,
    /// A glyph run names a font that is not in the font book.
    MissingFont {
        /// The font index that was asked for.
        font: u16,
    },
    /// A font file could not be parsed for embedding.
    BadFont {
        /// Path the font was loaded from.
        path: String,
    },
    /// An image item names an image that does not exist.
    MissingImage {
        /// The image index that was asked for.
        image: usize,
    },
    /// An image file could not be read.
    BadImage {
        /// Index into the document's images.
        image: usize,
        /// What went wrong.
        reason: String,
    },
    /// A link or bookmark points at a page that does not exist.
    BadTarget {
        /// The page index that was asked for.
        page: usize,
        /// Number of pages in the document.
        pages: usize,
    },
    /// A position, size or page dimension is not a finite number (or a page
    /// or font size is not positive).
    BadGeometry {
        /// Zero-based index of the page.
        page: usize,
    },
    /// printpdf reported an error while building the document.
    Printpdf(String),
    /// The document could not be finished or serialized.
    Serialize(String),
    /// The output intent's profile cannot convert colours.
    Colour(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::NoPages => write!(f, "the document has no pages"),
            PdfError::MissingFont { font } => {
                write!(f, "text uses font #{font}, which was not loaded")
            }
            PdfError::BadFont { path } => write!(f, "cannot embed font {path}"),
            PdfError::MissingImage { image } => {
                write!(
                    f,
                    "an image item refers to image #{image}, which does not exist"
                )
            }
            PdfError::BadImage { image, reason } => {
                write!(f, "cannot embed image #{image}: {reason}")
            }
            PdfError::BadTarget { page, pages } => write!(
                f,
                "a link or bookmark points to page {} but the document has {pages} pages",
                page + 1
            ),
            PdfError::BadGeometry { page } => write!(
                f,
                "page {} has a position or size that is not a usable number",
                page + 1
            ),
            PdfError::Printpdf(msg) => write!(f, "PDF generation failed: {msg}"),
            PdfError::Serialize(msg) => write!(f, "cannot write the PDF: {msg}"),
            PdfError::Colour(msg) => write!(f, "colour conversion: {msg}"),
        }
    }
}

impl std::error::Error for PdfError {}
