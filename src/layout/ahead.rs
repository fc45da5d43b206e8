//! Setting paragraphs ahead on a second core.
//!
//! Shaping and breaking are most of the layout's time, and each paragraph's
//! lines depend only on its text, style and width, never on where it is
//! placed. So while the layout sets and places the sections from the first,
//! a second thread sets their blocks from the last section back, into the
//! text engine's paragraph memo (as [`Asker::Ahead`]),
//! where the layout's own calls find them; the two meet in the middle and
//! the helper stops. What the helper sets is exactly what the layout would
//! set (the same code, on a layouter of its own that places nothing), and a
//! memo hit is the same value, so the pages do not depend on whether, or
//! how far, the helper got. Written by hand: the work is two threads and an
//! atomic counter, which a thread-pool crate would not make simpler.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{GuardMemo, Layouter, Options};
use crate::model::{self, edition::Edition};
use crate::text::{Asker, Typesetter};

/// Whether a second thread pays: a machine with more than one core and a
/// document of more than one section.
pub(super) fn worth_it(doc: &model::Document) -> bool {
    doc.sections.len() > 1 && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Tells the helper that the layout has started section `i` (or, with
/// `usize::MAX`, finished them all): it stops before any section at or
/// before `i`.
pub(super) fn reach(reached: &AtomicUsize, i: usize) {
    reached.store(i, Ordering::Relaxed);
}

/// Sets the blocks of the sections after `reached`, from the last back; a
/// failure (a damaged font) is left for the layout to meet and report.
pub(super) fn set_ahead(
    doc: &model::Document,
    ts: &Typesetter,
    edition: &Edition,
    options: &Options,
    memo: &GuardMemo,
    reached: &AtomicUsize,
) {
    let run = || {
        let mut lx = Layouter::new(doc, ts, edition, options, memo, Asker::Ahead);
        for (i, s) in doc.sections.iter().enumerate().rev() {
            let mut elems = Vec::new();
            for b in &s.blocks {
                if reached.load(Ordering::Relaxed) >= i {
                    return;
                }
                lx.block_elems(b, &mut elems);
            }
        }
    };
    // a panic here is the layout's to meet again, and to report
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
}
