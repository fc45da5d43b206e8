//! The writer's errors on a broken display list.

use std::sync::Arc;

use brochure::layout::Item;
use brochure::pdf::{PdfError, write};
use brochure::text::FontBook;

use super::{font_book, sample};

#[test]
fn errors_are_reported() {
    let mut doc = sample();
    doc.pages.clear();
    assert_eq!(write(&doc, &font_book()), Err(PdfError::NoPages));

    let mut doc = sample();
    doc.outline[0].children[0].page = 7;
    assert!(matches!(
        write(&doc, &font_book()),
        Err(PdfError::BadTarget { page: 7, pages: 2 })
    ));

    let doc = sample();
    assert_eq!(
        write(&doc, &FontBook::default()),
        Err(PdfError::MissingFont { font: 0 })
    );

    let mut doc = sample();
    if let Item::Text { x, .. } = &mut doc.pages[1].items[0] {
        *x = f32::NAN;
    }
    assert_eq!(
        write(&doc, &font_book()),
        Err(PdfError::BadGeometry { page: 1 })
    );

    let mut doc = sample();
    doc.images[0].bytes = Arc::new(b"not a png".to_vec());
    let err = write(&doc, &font_book()).expect_err("bad image");
    assert!(matches!(err, PdfError::BadImage { image: 0, .. }), "{err}");
    assert!(err.to_string().contains("image #0"));
}
