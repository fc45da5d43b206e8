//! A rendered page: what the content pass hands to the lopdf pass (the
//! content stream, its link areas and its tagged marked content).

use crate::layout::{LinkTarget, Role};

/// One page, rendered.
pub(crate) struct PageContent {
    /// The content stream, uncompressed (moved into the document once
    /// printpdf has made the page objects).
    pub content: Vec<u8>,
    /// Link areas, in PDF coordinates.
    pub links: Vec<Link>,
    /// Marked-content sequences that belong in the structure tree, in
    /// content order.
    pub marks: Vec<MarkedContent>,
}

/// A clickable area of a page.
pub(crate) struct Link {
    /// `[llx lly urx ury]` in PDF user space.
    pub rect: [f32; 4],
    /// Where it goes.
    pub target: LinkTarget,
}

/// A marked-content sequence with an MCID.
pub(crate) struct MarkedContent {
    /// The marked-content id on its page.
    pub mcid: i64,
    /// The content's role.
    pub role: Role,
    /// The source block, if any.
    pub block: Option<u32>,
    /// Alternative text (figures).
    pub alt: Option<String>,
    /// Approximate area, `[llx lly urx ury]` in PDF user space, to find the
    /// content a link annotation belongs to.
    pub bbox: [f32; 4],
    /// Whether this sequence continues the item of the one before it (an
    /// item's text split around a cluster that carries `/ActualText`), so
    /// that it belongs to the same structure element.
    pub continues: bool,
    /// The language of a foreign phrase, for a `Span` with `/Lang`.
    pub lang: Option<String>,
}
