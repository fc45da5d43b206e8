//! Column flow: fills columns and pages with a vertical list of elements.
//!
//! Content arrives as [`Elem`]s: one per body line, or one per unbreakable
//! block (a box, a photo, a heading with its lead). An element says whether a
//! column may end after it (`keep_with_next`), which is how headings stay with
//! the lines that follow them and how widows and orphans are avoided: the
//! paragraph builder marks its first line and its second-to-last line as
//! "keep with next". Spacing elements are dropped at the top of a column.
//! Every height is a whole number of grid steps, so body lines in
//! neighbouring columns share baselines. The last page of a flow is balanced.

use super::geometry::Frame;
use super::output::Item;

/// A heading that lands somewhere, for the outline and the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 1 for a section, 2 and 3 for headings.
    pub level: u8,
    /// Title text.
    pub title: String,
}

/// One element of the vertical list.
#[derive(Debug, Clone, Default)]
pub struct Elem {
    /// Height in points (a whole number of grid steps).
    pub height: f32,
    /// Items relative to the element: x from the column's left, y from its top.
    pub items: Vec<Item>,
    /// Whether the column must not end after this element.
    pub keep_with_next: bool,
    /// Whether the element is spacing, dropped at the top of a column.
    pub discardable: bool,
    /// Headings that start in this element.
    pub marks: Vec<Mark>,
}

impl Elem {
    /// A discardable vertical space.
    pub fn space(h: f32) -> Elem {
        Elem {
            height: h,
            discardable: true,
            ..Elem::default()
        }
    }
}

/// A placed element: which page (relative to the flow's first), column and y.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Index of the element.
    pub elem: usize,
    /// Page index relative to the flow's first page.
    pub page: usize,
    /// Column index.
    pub column: usize,
    /// Top of the element on the page.
    pub y: f32,
}

/// Places elements into columns and pages; the first page's columns start at `first_top`.
pub fn place(elems: &[Elem], frame: &Frame, first_top: f32, balance: bool) -> Vec<Placement> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut page = 0;
    while i < elems.len() {
        let top = if page == 0 { first_top } else { frame.top };
        let avail = frame.bottom - top;
        // balance when the rest fits on this page
        let mut limit = avail;
        if balance && frame.columns > 1 {
            let (end, _) = fill_page(elems, i, avail, frame.columns);
            if end == elems.len() {
                limit = balanced_height(elems, i, avail, frame);
            }
        }
        let mut k = i;
        for column in 0..frame.columns {
            k = skip_space(elems, k);
            let end = fill(elems, k, limit);
            let mut y = top;
            for (e, elem) in elems.iter().enumerate().take(end).skip(k) {
                out.push(Placement {
                    elem: e,
                    page,
                    column,
                    y,
                });
                y += elem.height;
            }
            k = end;
            if k >= elems.len() {
                break;
            }
        }
        i = skip_space(elems, k);
        page += 1;
    }
    out
}

fn skip_space(elems: &[Elem], mut k: usize) -> usize {
    while k < elems.len() && elems[k].discardable {
        k += 1;
    }
    k
}

/// The end of one column that starts at `start` with height `avail`.
fn fill(elems: &[Elem], start: usize, avail: f32) -> usize {
    let mut h = 0.0;
    let mut k = start;
    let mut last_ok = None;
    while k < elems.len() {
        if h + elems[k].height > avail + 0.01 {
            break;
        }
        h += elems[k].height;
        k += 1;
        if !elems[k - 1].keep_with_next {
            last_ok = Some(k);
        }
    }
    if k == elems.len() {
        return k;
    }
    match last_ok {
        Some(e) if e > start => e,
        // no legal break: take what fits (or one element, so the flow moves on)
        _ => k.max(start + 1).min(elems.len()),
    }
}

/// Fills a page of `columns` columns; returns the end and the height used in the last column.
fn fill_page(elems: &[Elem], start: usize, avail: f32, columns: usize) -> (usize, f32) {
    let mut k = start;
    let mut used = 0.0;
    for _ in 0..columns {
        k = skip_space(elems, k);
        let end = fill(elems, k, avail);
        used = elems[k..end].iter().map(|e| e.height).sum();
        k = end;
        if k >= elems.len() {
            break;
        }
    }
    (k, used)
}

/// The smallest column height (in grid steps) that still fits the rest on one page.
fn balanced_height(elems: &[Elem], start: usize, avail: f32, frame: &Frame) -> f32 {
    let total: f32 = elems[start..].iter().map(|e| e.height).sum();
    let mut h = frame.snap(total / frame.columns as f32).min(avail);
    while h < avail {
        let (end, _) = fill_page(elems, start, h, frame.columns);
        if end == elems.len() {
            return h;
        }
        h += frame.grid;
    }
    avail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageSize, Rgb, Settings};

    fn frame() -> Frame {
        Frame::new(&Settings {
            id: "t".into(),
            title: String::new(),
            subtitle: String::new(),
            publisher: String::new(),
            edition_date: (2024, 12, 1),
            source_language: "nl".into(),
            languages: vec!["nl".into()],
            page_size: PageSize::A4,
            columns: 2,
            sections_start_new_page: true,
            brand: Rgb(0, 0, 0),
            accent: Rgb(0, 0, 0),
            text_color: Rgb(0, 0, 0),
            fonts: vec![],
        })
    }

    fn line(keep: bool) -> Elem {
        Elem {
            height: 14.0,
            keep_with_next: keep,
            ..Elem::default()
        }
    }

    #[test]
    fn heading_is_never_last_in_a_column() {
        let f = frame();
        let rows = (f.height() / f.grid).floor() as usize;
        let mut elems: Vec<Elem> = (0..rows - 1).map(|_| line(false)).collect();
        elems.push(line(true)); // a heading in the last row
        elems.push(line(true));
        elems.push(line(false));
        let p = place(&elems, &f, f.top, false);
        let heading = p.iter().find(|p| p.elem == rows - 1).unwrap();
        assert_eq!(heading.column, 1, "the heading moved to the next column");
    }

    #[test]
    fn last_page_is_balanced() {
        let f = frame();
        let elems: Vec<Elem> = (0..20).map(|_| line(false)).collect();
        let p = place(&elems, &f, f.top, true);
        let c0 = p.iter().filter(|p| p.column == 0).count();
        let c1 = p.iter().filter(|p| p.column == 1).count();
        assert_eq!((c0, c1), (10, 10));
    }
}
