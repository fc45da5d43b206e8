//! The resolution check of editions for a print shop: a warning for every
//! image placed at fewer than [`MIN_PRINT_PPI`] pixels per inch at its
//! printed size, naming the file, the page and the photo block.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::layout::{Item, LaidOut};
use crate::model;

/// The least resolution, in pixels per inch at the printed size, that an
/// image needs in print (offset at a 150–175 lpi screen).
pub const MIN_PRINT_PPI: f32 = 250.0;

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// A warning for each image of `laid` printed under [`MIN_PRINT_PPI`].
pub(super) fn low_resolution(doc: &model::Document, laid: &LaidOut) -> Vec<Diagnostic> {
    let locs: HashMap<&str, model::Loc> = doc.blocks().map(|b| (b.id.as_str(), b.loc)).collect();
    let mut out = Vec::new();
    for (i, page) in laid.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Image {
                rect, image, block, ..
            } = item
            else {
                continue;
            };
            let Some(img) = doc.images.get(*image) else {
                continue;
            };
            if rect.w <= 0.0 || rect.h <= 0.0 {
                continue;
            }
            let ppi = (img.width as f32 * 72.0 / rect.w).min(img.height as f32 * 72.0 / rect.h);
            if ppi >= MIN_PRINT_PPI {
                continue;
            }
            let page_label = page.label.clone().unwrap_or_else(|| (i + 1).to_string());
            let message = format!(
                "{} prints at {ppi:.0} ppi on page {page_label}, under the {MIN_PRINT_PPI:.0} ppi print needs",
                img.path
            );
            let need = |pt: f32| (pt / 72.0 * MIN_PRINT_PPI).ceil() as u32;
            let note = format!(
                "printed {:.0} × {:.0} mm, it needs at least {} × {} pixels and has {} × {}: supply a larger original",
                rect.w / MM,
                rect.h / MM,
                need(rect.w),
                need(rect.h),
                img.width,
                img.height
            );
            let id = block
                .and_then(|b| laid.blocks.get(b as usize))
                .map(|b| b.id.as_str());
            let d = match id.and_then(|id| locs.get(id).map(|l| (id, l))) {
                Some((id, loc)) => Diagnostic::warning(
                    loc.file as usize,
                    loc.start as usize..loc.start as usize + 1,
                    message,
                )
                .with_label(format!("the photo `{id}`")),
                None => Diagnostic::global_warning(message),
            };
            out.push(d.with_note(note));
        }
    }
    out
}
