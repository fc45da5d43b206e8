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
pub struct OutlineMark {
    /// 1 for a section, 2 and 3 for headings.
    pub level: u8,
    /// Title text.
    pub title: String,
}

/// What an element holds, as far as placement cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ElemKind {
    /// One line of body text (paragraphs and lists).
    Line,
    /// Anything else: a heading, box, photo, statement or space.
    #[default]
    Block,
}

/// One element of the vertical list.
#[derive(Debug, Clone, Default)]
pub struct Elem {
    /// What the element holds.
    pub kind: ElemKind,
    /// Height in points (a whole number of grid steps).
    pub height: f32,
    /// Items relative to the element: x from the column's left, y from its top.
    pub items: Vec<Item>,
    /// Whether the column must not end after this element.
    pub keep_with_next: bool,
    /// Whether the element is spacing, dropped at the top of a column.
    pub discardable: bool,
    /// Whether the element floats to a column edge (photos).
    pub float: bool,
    /// Whether a new column starts at this element.
    pub break_before: bool,
    /// Headings that start in this element.
    pub marks: Vec<OutlineMark>,
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
/// `extra[i]` is space added above element `i` (kept even at the top of a column).
///
/// Floating elements (photos) are not placed where they occur: in a
/// multi-column frame a float goes to the bottom of the first column or the
/// top of a later one, where text extraction cannot mistake the empty space
/// beside it for the end of a column (see [`super::extract`]). In a
/// single-column frame a float stays where it occurs when it fits there;
/// when it does not, the text goes on and the float opens the next page, so
/// that a photo never leaves the rest of a page empty.
pub fn place(
    elems: &[Elem],
    extra: &[f32],
    frame: &Frame,
    first_top: f32,
    balance: bool,
) -> Vec<Placement> {
    let flow = Flow {
        elems,
        extra,
        frame,
        first_top,
        balance,
    };
    flow.go_on(Placed::default(), None).placements
}

/// A flow to place: what [`place`] takes.
#[derive(Debug, Clone, Copy)]
pub struct Flow<'a> {
    /// The elements.
    pub elems: &'a [Elem],
    /// Space added above each element.
    pub extra: &'a [f32],
    /// The frame of the pages.
    pub frame: &'a Frame,
    /// Where the first page's columns start.
    pub first_top: f32,
    /// Whether the columns of the last page are balanced.
    pub balance: bool,
}

/// Where a placement stands at the start of a page: the first element not
/// placed, and the floats met but not placed yet.
#[derive(Debug, Clone, Default)]
struct PageStart {
    next: usize,
    pending: Vec<usize>,
}

/// A placement of a flow's first pages, or of all of them, and where each
/// page began: a trial that changes the space above an element on page `p`
/// starts again at `p` ([`Placed::up_to`]), as the pages before it cannot
/// change (more space only pushes elements down). The reading-order guard's
/// trials placed the whole flow each time, which made a long section's
/// guard quadratic in its length.
#[derive(Debug, Clone, Default)]
pub struct Placed {
    /// The placements of the pages set, page by page.
    pub placements: Vec<Placement>,
    /// The start of each page set.
    starts: Vec<PageStart>,
    /// The start of the next page; `None` when the flow is all placed.
    next: Option<PageStart>,
}

impl Placed {
    /// The placement of the pages before `page` only, to go on from there.
    pub fn up_to(&self, page: usize) -> Placed {
        if page >= self.starts.len() {
            return self.clone();
        }
        let cut = self.placements.partition_point(|p| p.page < page);
        Placed {
            placements: self.placements[..cut].to_vec(),
            starts: self.starts[..page].to_vec(),
            next: Some(self.starts[page].clone()),
        }
    }
}

impl Flow<'_> {
    /// Places the pages after those of `placed`: up to and including page
    /// `until`, or all.
    pub fn go_on(&self, mut placed: Placed, until: Option<usize>) -> Placed {
        let (elems, extra, frame) = (self.elems, self.extra, self.frame);
        let hs: Vec<f32> = elems.iter().zip(extra).map(|(e, x)| e.height + x).collect();
        let sz = Sized {
            elems,
            heights: &hs,
            floats: true,
            inline: frame.columns == 1,
        };
        let start = match placed.next.take() {
            Some(start) => start,
            None if placed.starts.is_empty() => PageStart::default(),
            None => return placed,
        };
        let (mut i, mut pending) = (start.next, start.pending);
        let mut page = placed.starts.len();
        let out = &mut placed.placements;
        while skip_space(&sz, i) < elems.len() || !pending.is_empty() {
            if until.is_some_and(|u| page > u) {
                placed.next = Some(PageStart { next: i, pending });
                return placed;
            }
            placed.starts.push(PageStart {
                next: i,
                pending: pending.clone(),
            });
            let top = if page == 0 { self.first_top } else { frame.top };
            let avail = frame.bottom - top;
            // when the text ends on this page but a float it met does not fit,
            // set that float at the foot of the first column instead
            let probe = plan_page(&sz, i, &pending, avail, frame.columns);
            if frame.columns > 1 && !probe.done(&sz) && skip_space(&sz, probe.next) >= elems.len() {
                let mut front = pending.clone();
                front.extend(
                    probe
                        .pending
                        .iter()
                        .copied()
                        .filter(|f| !pending.contains(f)),
                );
                if plan_page(&sz, i, &front, avail, frame.columns).done(&sz) {
                    pending = front;
                }
            }
            let mut limit = avail;
            if self.balance && frame.columns > 1 {
                let plan = plan_page(&sz, i, &pending, avail, frame.columns);
                if plan.done(&sz) {
                    limit = balanced_height(&sz, i, &pending, avail, frame);
                }
            }
            let plan = plan_page(&sz, i, &pending, limit, frame.columns);
            for (column, col) in plan.columns.iter().enumerate() {
                let mut y = top;
                for (k, &e) in col.iter().enumerate() {
                    y += extra[e];
                    // a float carries a grid step of space under it; one set
                    // under text (at a column's foot) takes it above instead,
                    // so that it never touches the descenders of the line above
                    let under_text = k > 0 && elems[e].float && !elems[col[k - 1]].float;
                    let shift = if under_text { frame.grid } else { 0.0 };
                    out.push(Placement {
                        elem: e,
                        page,
                        column,
                        y: y + shift,
                    });
                    y += elems[e].height;
                }
            }
            i = plan.next;
            pending = plan.pending;
            page += 1;
            if page > 10 * elems.len() + 10 {
                break; // cannot happen: every page places at least one element
            }
        }
        placed
    }
}

/// The element where the last text block on flow page `page` starts (a
/// block being the elements whose text comes from one source block), if it
/// is not the page's first element: a place to break so that the block goes
/// along to the next page.
pub fn last_block_start(elems: &[Elem], placements: &[Placement], page: usize) -> Option<usize> {
    let block_of = |e: usize| {
        elems[e].items.iter().find_map(|i| match i {
            Item::Text { block, .. } => *block,
            _ => None,
        })
    };
    let on_page: Vec<usize> = placements
        .iter()
        .filter(|p| p.page == page && !elems[p.elem].float)
        .map(|p| p.elem)
        .collect();
    let last = *on_page.iter().rev().find(|&&e| block_of(e).is_some())?;
    let block = block_of(last);
    let mut start = last;
    for &e in on_page.iter().rev() {
        if e > last {
            continue;
        }
        if block_of(e) != block {
            break;
        }
        start = e;
    }
    (Some(&start) != on_page.first()).then_some(start)
}

/// Elements with their effective heights (their own plus extra space).
struct Sized<'a> {
    elems: &'a [Elem],
    heights: &'a [f32],
    /// Whether photos float.
    floats: bool,
    /// Whether a float that fits stays in the text, and one put off opens
    /// the next page (single-column frames).
    inline: bool,
}

impl Sized<'_> {
    fn len(&self) -> usize {
        self.elems.len()
    }
    fn is_float(&self, i: usize) -> bool {
        self.floats && self.elems[i].float
    }
}

/// What goes on one page.
struct Plan {
    /// Element indices per column, top to bottom.
    columns: Vec<Vec<usize>>,
    /// First element not placed.
    next: usize,
    /// Floats met but not placed.
    pending: Vec<usize>,
}

impl Plan {
    fn done(&self, sz: &Sized) -> bool {
        skip_space(sz, self.next) >= sz.len() && self.pending.is_empty()
    }
}

fn skip_space(elems: &Sized, mut k: usize) -> usize {
    while k < elems.len() && elems.elems[k].discardable {
        k += 1;
    }
    k
}

/// Plans one page of `columns` columns of height `avail`.
fn plan_page(sz: &Sized, start: usize, pending_in: &[usize], avail: f32, columns: usize) -> Plan {
    let mut pending: Vec<usize> = pending_in.to_vec();
    let mut cols = Vec::new();
    let mut k = start;
    for c in 0..columns {
        let mut top_floats = Vec::new();
        let mut bottom_floats = Vec::new();
        let mut used = 0.0;
        while let Some(&f) = pending.first() {
            if used + sz.heights[f] > avail + 0.01 && !(used == 0.0 && c == columns - 1) {
                break;
            }
            used += sz.heights[f];
            if c == 0 && !sz.inline {
                bottom_floats.push(f)
            } else {
                top_floats.push(f)
            }
            pending.remove(0);
        }
        k = skip_space(sz, k);
        let last = c == columns - 1;
        let col = fill(sz, k, avail - used, c == 0, pending_in);
        k = col.end;
        let mut text = col.text;
        bottom_floats.extend(col.bottom);
        pending.extend(col.deferred);
        // at the end of the flow the floats put off stay on this page: at the
        // bottom of the first column, at the top of a later one
        if skip_space(sz, k) >= sz.len() {
            let mut h: f32 = used
                + text.iter().map(|&e| sz.heights[e]).sum::<f32>()
                + bottom_floats[..]
                    .iter()
                    .map(|&e| sz.heights[e])
                    .sum::<f32>()
                - if c == 0 { used } else { 0.0 };
            while let Some(&f) = pending.first() {
                if h + sz.heights[f] > avail + 0.01 {
                    break;
                }
                h += sz.heights[f];
                if c == 0 {
                    bottom_floats.push(f);
                } else {
                    top_floats.push(f);
                }
                pending.remove(0);
            }
        }
        let mut column = top_floats;
        column.append(&mut text);
        column.extend(bottom_floats);
        cols.push(column);
        if last {
            break;
        }
    }
    Plan {
        columns: cols,
        next: k,
        pending,
    }
}

/// One filled column: its text elements, floats at its bottom, floats put off.
struct Column {
    text: Vec<usize>,
    bottom: Vec<usize>,
    deferred: Vec<usize>,
    end: usize,
}

/// Fills one column from `start` with height `avail`; floats met go to its
/// bottom when `allow_bottom` and they fit, otherwise they are put off.
/// Floats in `placed` were set on this page already and are passed over.
fn fill(sz: &Sized, start: usize, avail: f32, allow_bottom: bool, placed: &[usize]) -> Column {
    let mut c = Column {
        text: Vec::new(),
        bottom: Vec::new(),
        deferred: Vec::new(),
        end: start,
    };
    let (mut h, mut reserve) = (0.0, 0.0);
    let mut k = start;
    // a legal break: (k, text len, bottom len, deferred len, reserve)
    let mut last_ok: Option<(usize, usize, usize, usize, f32)> = None;
    while k < sz.len() {
        if sz.is_float(k) && placed.contains(&k) {
            // set earlier on this page
            k += 1;
            continue;
        }
        // in one column a float that fits is set in the text like any
        // other element; one that does not is put off to the next page
        let fits_inline = sz.inline && h + reserve + sz.heights[k] <= avail + 0.01;
        if sz.is_float(k) && sz.inline && !fits_inline {
            c.deferred.push(k);
            k += 1;
            continue;
        }
        if sz.is_float(k) && !fits_inline {
            if allow_bottom && h + reserve + sz.heights[k] <= avail + 0.01 {
                reserve += sz.heights[k];
                c.bottom.push(k);
                // the column may end here: the text so far, the float at its foot
                if c.text.last().is_none_or(|&t| !sz.elems[t].keep_with_next) {
                    last_ok = Some((
                        k + 1,
                        c.text.len(),
                        c.bottom.len(),
                        c.deferred.len(),
                        reserve,
                    ));
                }
            } else {
                c.deferred.push(k);
            }
            k += 1;
            continue;
        }
        if h + reserve + sz.heights[k] > avail + 0.01 {
            break;
        }
        if sz.elems[k].break_before && !c.text.is_empty() {
            last_ok = Some((k, c.text.len(), c.bottom.len(), c.deferred.len(), reserve));
            break;
        }
        h += sz.heights[k];
        c.text.push(k);
        k += 1;
        if !sz.elems[k - 1].keep_with_next {
            last_ok = Some((k, c.text.len(), c.bottom.len(), c.deferred.len(), reserve));
        }
    }
    if k >= sz.len() {
        c.end = k;
        return c;
    }
    match last_ok {
        Some((e, t, b, d, _)) if e > start => {
            c.text.truncate(t);
            c.bottom.truncate(b);
            c.deferred.truncate(d);
            c.end = e;
        }
        _ if c.text.is_empty() && c.bottom.is_empty() && c.deferred.is_empty() => {
            // nothing fits: take one element, so the flow moves on
            c.text.push(k);
            c.end = k + 1;
        }
        _ => c.end = k,
    }
    c
}

/// The smallest column height (in grid steps) that still fits the rest on one page.
fn balanced_height(sz: &Sized, start: usize, pending: &[usize], avail: f32, frame: &Frame) -> f32 {
    let total: f32 = sz.heights[start..].iter().sum::<f32>()
        + pending.iter().map(|&p| sz.heights[p]).sum::<f32>();
    let mut h = frame.snap(total / frame.columns as f32).min(avail);
    while h < avail {
        if plan_page(sz, start, pending, h, frame.columns).done(sz) {
            return h;
        }
        h += frame.grid;
    }
    avail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rgb;

    fn frame() -> Frame {
        let black = Rgb(0, 0, 0);
        Frame::new(&crate::layout::style::test_settings(black, black, black))
    }

    fn line(keep: bool) -> Elem {
        Elem {
            height: frame().grid,
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
        let p = place(&elems, &vec![0.0; elems.len()], &f, f.top, false);
        let heading = p.iter().find(|p| p.elem == rows - 1).unwrap();
        assert_eq!(heading.column, 1, "the heading moved to the next column");
    }

    #[test]
    fn last_page_is_balanced() {
        let f = frame();
        let elems: Vec<Elem> = (0..20).map(|_| line(false)).collect();
        let p = place(&elems, &vec![0.0; elems.len()], &f, f.top, true);
        let c0 = p.iter().filter(|p| p.column == 0).count();
        let c1 = p.iter().filter(|p| p.column == 1).count();
        assert_eq!((c0, c1), (10, 10));
    }

    #[test]
    fn a_placement_goes_on_from_any_page_as_if_made_whole() {
        let f = frame();
        // lines with headings, a space now and then, and photos among them
        let elems: Vec<Elem> = (0..700)
            .map(|i| match i % 97 {
                13 => Elem {
                    height: f.grid * 9.0,
                    float: true,
                    ..Elem::default()
                },
                40 => line(true),
                41 => Elem::space(f.grid),
                _ => line(false),
            })
            .collect();
        let mut extra = vec![0.0; elems.len()];
        extra[200] = f.grid;
        let flow = Flow {
            elems: &elems,
            extra: &extra,
            frame: &f,
            first_top: f.top + 5.0 * f.grid,
            balance: true,
        };
        let whole = flow.go_on(Placed::default(), None);
        let pages = whole.placements.last().expect("placed").page + 1;
        assert!(pages > 5, "{pages} pages");
        assert_eq!(
            whole.placements,
            place(&elems, &extra, &f, f.top + 5.0 * f.grid, true)
        );
        for p in 0..=pages {
            let again = flow.go_on(whole.up_to(p), None);
            assert_eq!(again.placements, whole.placements, "from page {p}");
            // and in two steps: up to page p, then the rest
            let part = flow.go_on(whole.up_to(p.min(1)), Some(p));
            assert!(part.placements.iter().all(|pl| pl.page <= p));
            assert_eq!(flow.go_on(part, None).placements, whole.placements);
        }
    }
}
