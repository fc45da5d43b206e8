//! Reading-order guard: predicts how geometry-based text extraction will
//! order a page's text, so that the layout can avoid pages it would scramble.
//!
//! Tagged PDF gives screen readers the reading order, but many tools (search
//! indexers, `pdftotext`, copy and paste in simple viewers) ignore tags and
//! rebuild the order from positions, as poppler's `TextOutputDev` does:
//! characters are grouped into lines and blocks; blocks that look like table
//! cells are merged into one envelope; every other block's box is extended
//! sideways over the blocks below it as far as its neighbours allow; then the
//! blocks are sorted topologically by Breuel's two rules (above and
//! overlapping comes first; left of comes first unless something lies between).
//! Two columns on a shared baseline grid trip these heuristics in a few
//! configurations (aligned block pairs read as a table; a block with no
//! neighbour in the other column "reaches across" the gutter). No crate
//! models this, so this module re-implements the published algorithm on the
//! layout's own text boxes; [`order_is_kept`] says whether a page will
//! extract in the order it was laid out. On a page of mostly right-to-left
//! text poppler reads rule 2 and table cells right to left; the rest of the
//! algorithm stays as it is, so such a page is checked mirrored.

use crate::model::Direction;

/// One piece of text on a page, in the order the layout means it to be read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBox {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline (top-left page coordinates).
    pub base: f32,
    /// Font size.
    pub size: f32,
    /// Ascent of the font per unit of size, as extractors take it from the
    /// font descriptor (Noto Sans 1.069, Noto Sans Arabic 1.374).
    pub ascent: f32,
    /// Descent of the font per unit of size, positive (Noto Sans 0.293,
    /// Noto Sans Arabic 0.738).
    pub descent: f32,
    /// Whether it is page furniture (its place in the order does not matter).
    pub artifact: bool,
}

#[derive(Debug, Clone)]
struct Block {
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    size: f32,
    first: usize,
    artifact: bool,
    ex0: f32,
    ex1: f32,
    ey0: f32,
    ey1: f32,
    table: Option<usize>,
}

/// Whether a page's text will extract in the order of `boxes` (furniture aside).
///
/// `direction` is the page's: a right-to-left page is laid out left to right
/// and then mirrored (see `mirror.rs`), so `boxes` are mirrored here, and
/// extraction reads it the way poppler reads a page of mostly right-to-left
/// text: rule 2 and the order of table cells run right to left. The rest is
/// not symmetric (table detection starts from a block's right neighbour, and
/// blocks are visited top to bottom, then left to right), so a page cannot
/// be checked in its unmirrored form.
pub fn order_is_kept(boxes: &[TextBox], direction: Direction) -> bool {
    let rtl = direction == Direction::Rtl;
    let mirrored: Vec<TextBox>;
    let boxes = if rtl {
        mirrored = boxes
            .iter()
            .map(|b| TextBox {
                x0: -b.x1,
                x1: -b.x0,
                ..*b
            })
            .collect();
        &mirrored
    } else {
        boxes
    };
    let blocks = blocks(boxes);
    let order = sort(blocks.clone(), rtl);
    let mut last = 0;
    for &b in &order {
        if blocks[b].artifact {
            continue;
        }
        if blocks[b].first < last {
            return false;
        }
        last = blocks[b].first;
    }
    true
}

/// Groups boxes into lines and lines into blocks, roughly as poppler does.
fn blocks(boxes: &[TextBox]) -> Vec<Block> {
    // lines: boxes on one baseline that touch horizontally
    struct Line {
        x0: f32,
        x1: f32,
        base: f32,
        size: f32,
        /// Tallest ascent and deepest descent of its boxes, in points.
        ascent: f32,
        descent: f32,
        first: usize,
        artifact: bool,
    }
    let mut idx: Vec<usize> = (0..boxes.len()).collect();
    idx.sort_by(|&a, &b| {
        (boxes[a].base, boxes[a].x0)
            .partial_cmp(&(boxes[b].base, boxes[b].x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut lines: Vec<Line> = Vec::new();
    for i in idx {
        let b = boxes[i];
        if let Some(l) = lines.iter_mut().rev().take(8).find(|l| {
            (l.base - b.base).abs() < 0.5
                && b.x0 - l.x1 < 1.5 * l.size
                && l.x0 - b.x1 < 1.5 * l.size
                && (l.size - b.size).abs() <= 0.05 * l.size.max(b.size) + 0.01
        }) {
            l.x0 = l.x0.min(b.x0);
            l.x1 = l.x1.max(b.x1);
            l.ascent = l.ascent.max(b.ascent * b.size);
            l.descent = l.descent.max(b.descent * b.size);
            l.first = l.first.min(i);
            l.artifact &= b.artifact;
            continue;
        }
        lines.push(Line {
            x0: b.x0,
            x1: b.x1,
            base: b.base,
            size: b.size,
            ascent: b.ascent * b.size,
            descent: b.descent * b.size,
            first: i,
            artifact: b.artifact,
        });
    }
    // blocks: lines stacked closely in the same column with the same size
    let mut blocks: Vec<Block> = Vec::new();
    let mut last_line: Vec<(f32, f32, f32, f32)> = Vec::new(); // per block: x0, x1, base, size of its last line
    for l in &lines {
        let found = blocks.iter().enumerate().rev().find(|(k, _)| {
            let (x0, x1, base, size) = last_line[*k];
            l.base > base
                && l.base - base <= 1.5 * size + 0.01
                && (l.size - size).abs() <= 0.05 * size + 0.01
                && l.x0 < x1
                && x0 < l.x1
        });
        if let Some((k, _)) = found {
            let b = &mut blocks[k];
            b.x0 = b.x0.min(l.x0);
            b.x1 = b.x1.max(l.x1);
            b.y1 = b.y1.max(l.base + l.descent);
            b.first = b.first.min(l.first);
            b.artifact &= l.artifact;
            last_line[k] = (l.x0, l.x1, l.base, l.size);
            continue;
        }
        blocks.push(Block {
            x0: l.x0,
            x1: l.x1,
            y0: l.base - l.ascent,
            y1: l.base + l.descent,
            size: l.size,
            first: l.first,
            artifact: l.artifact,
            ex0: 0.0,
            ex1: 0.0,
            ey0: 0.0,
            ey1: 0.0,
            table: None,
        });
        last_line.push((l.x0, l.x1, l.base, l.size));
    }
    // creation order: top to bottom, then left to right
    blocks.sort_by(|a, b| {
        (a.y0, a.x0)
            .partial_cmp(&(b.y0, b.x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    blocks
}

/// Table detection, extended boxes and the topological sort (rule 2 and
/// table cells right to left when `rtl`); returns block indices in
/// extraction order.
fn sort(mut bl: Vec<Block>, rtl: bool) -> Vec<usize> {
    let n = bl.len();
    for b in bl.iter_mut() {
        b.ex0 = b.x0;
        b.ex1 = b.x1;
        b.ey0 = b.y0;
        b.ey1 = b.y1;
    }
    let tables = find_tables(&mut bl);
    extend_tables(&mut bl, tables);
    extend_sideways(&mut bl);
    let mut visited = vec![false; n];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        visit(&bl, i, rtl, &mut visited, &mut out);
    }
    out
}

/// Marks the blocks that form tables (a block, its right neighbour, the
/// block below and the one below-right, aligned); returns how many tables.
fn find_tables(bl: &mut [Block]) -> usize {
    let n = bl.len();
    let mut tables = 0;
    for i in 0..n {
        let (mut f2, mut f3, mut f4) = (None, None, None);
        let (mut bx0, mut by0, mut bx1, mut by1) = (f32::MAX, f32::MAX, f32::MAX, f32::MAX);
        let b1 = &bl[i];
        for (j, b2) in bl.iter().enumerate() {
            if j == i {
                continue;
            }
            if b2.y0 <= b1.y1 && b2.y1 >= b1.y0 && b2.x0 > b1.x1 && b2.x0 < bx0 {
                bx0 = b2.x0;
                f2 = Some(j);
            } else if b2.x0 <= b1.x1 && b2.x1 >= b1.x0 && b2.y0 > b1.y1 && b2.y0 < by0 {
                by0 = b2.y0;
                f3 = Some(j);
            } else if b2.x0 > b1.x1 && b2.x0 < bx1 && b2.y0 > b1.y1 && b2.y0 < by1 {
                bx1 = b2.x0;
                by1 = b2.y0;
                f4 = Some(j);
            }
        }
        let (Some(f2), Some(f3), Some(f4)) = (f2, f3, f4) else {
            continue;
        };
        let (b2, b3, b4) = (&bl[f2], &bl[f3], &bl[f4]);
        let bad = (b3.x0 <= b4.x1 && b3.x1 >= b4.x0)
            || (b2.y0 <= b4.y1 && b2.y1 >= b4.y0)
            || (b2.x0 <= b3.x1 && b2.x1 >= b3.x0)
            || (b2.y0 <= b3.y1 && b2.y1 >= b3.y0)
            || !(b4.x0 <= b2.x1 && b4.x1 >= b2.x0 && b4.y0 <= b3.y1 && b4.y1 >= b3.y0);
        if bad {
            continue;
        }
        let fs = b1.size.min(b2.size).min(b3.size).min(b4.size);
        let dx = 0.3 * fs;
        let dy = 0.5 * fs;
        let c = |b: &Block| ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
        let (c1, c2, c3, c4) = (c(b1), c(b2), c(b3), c(b4));
        let corr_x = ((c1.0 - c3.0).abs() <= dx && (c2.0 - c4.0).abs() <= dx)
            || ((b1.x0 - b3.x0).abs() <= dx && (b2.x0 - b4.x0).abs() <= dx)
            || ((b1.x1 - b3.x1).abs() <= dx && (b2.x1 - b4.x1).abs() <= dx);
        let corr_y = ((c1.1 - c2.1).abs() <= dy && (c3.1 - c4.1).abs() <= dy)
            || ((b1.y0 - b2.y0).abs() <= dy && (b3.y0 - b4.y0).abs() <= dy)
            || ((b1.y1 - b2.y1).abs() <= dy && (b3.y1 - b4.y1).abs() <= dy);
        if corr_x && corr_y {
            let id = [i, f2, f3, f4]
                .iter()
                .filter_map(|&k| bl[k].table)
                .max()
                .unwrap_or_else(|| {
                    tables += 1;
                    tables - 1
                });
            for k in [i, f2, f3, f4] {
                bl[k].table = Some(id);
            }
        }
    }
    tables
}

/// Extends the boxes of every table's blocks to the table's box.
fn extend_tables(bl: &mut [Block], tables: usize) {
    let n = bl.len();
    for t in 0..tables {
        let members: Vec<usize> = (0..n).filter(|&k| bl[k].table == Some(t)).collect();
        let ex0 = members.iter().map(|&k| bl[k].ex0).fold(f32::MAX, f32::min);
        let ex1 = members.iter().map(|&k| bl[k].ex1).fold(f32::MIN, f32::max);
        let ey0 = members.iter().map(|&k| bl[k].ey0).fold(f32::MAX, f32::min);
        let ey1 = members.iter().map(|&k| bl[k].ey1).fold(f32::MIN, f32::max);
        for &k in &members {
            bl[k].ex0 = ex0;
            bl[k].ex1 = ex1;
            bl[k].ey0 = ey0;
            bl[k].ey1 = ey1;
        }
    }
}

/// Extends every block sideways over the blocks below it, up to its
/// neighbours in its row (poppler does this for table cells as well, as its
/// test of the table id is always true).
fn extend_sideways(bl: &mut [Block]) {
    let n = bl.len();
    for i in 0..n {
        let (mut xmax, mut xmin) = (f32::MAX, f32::MIN);
        for j in 0..n {
            if i == j {
                continue;
            }
            let (a, b) = (&bl[i], &bl[j]);
            if a.y0 <= b.y1 && a.y1 >= b.y0 {
                if b.x0 < xmax && b.x0 > a.x1 {
                    xmax = b.x0;
                }
                if b.x1 > xmin && b.x1 < a.x0 {
                    xmin = b.x1;
                }
            }
        }
        for j in 0..n {
            if i == j {
                continue;
            }
            let b = bl[j].clone();
            let a = &mut bl[i];
            if b.x1 > a.ex1 && b.x1 <= xmax && b.y0 >= a.y1 {
                a.ex1 = b.x1;
            }
            if b.x0 < a.ex0 && b.x0 >= xmin && b.y0 >= a.y1 {
                a.ex0 = b.x0;
            }
        }
    }
}

fn before_rule1(a: &Block, b: &Block) -> bool {
    let overlap = (a.ex0 <= b.ex0 && b.ex0 <= a.ex1) || (b.ex0 <= a.ex0 && a.ex0 <= b.ex1);
    overlap && a.ey0 < b.ey0
}

/// Rule 2: `a` is left of `b` (right of it when `rtl`).
fn before_rule2(a: &Block, b: &Block, rtl: bool) -> bool {
    if rtl {
        b.ex1 - a.ex0 <= 0.0
    } else {
        a.ex1 - b.ex0 <= 0.0
    }
}

/// Cells of one table: `a` comes before `b` when it is wholly above it, or
/// beside it on its left (its right when `rtl`) and overlapping vertically.
fn before_in_table(a: &Block, b: &Block, rtl: bool) -> bool {
    let beside = if rtl { a.x0 >= b.x1 } else { a.x1 <= b.x0 };
    (beside && a.y0 <= b.y1 && a.y1 >= b.y0) || a.y1 <= b.y0
}

fn visit(bl: &[Block], i: usize, rtl: bool, visited: &mut [bool], out: &mut Vec<usize>) {
    if visited[i] {
        return;
    }
    visited[i] = true;
    for j in 0..bl.len() {
        if visited[j] {
            continue;
        }
        let before = if bl[i].table.is_some() && bl[i].table == bl[j].table {
            before_in_table(&bl[j], &bl[i], rtl)
        } else if before_rule1(&bl[j], &bl[i]) {
            true
        } else if before_rule2(&bl[j], &bl[i], rtl) {
            !(0..bl.len()).any(|k| {
                k != i && k != j && before_rule1(&bl[i], &bl[k]) && before_rule1(&bl[k], &bl[j])
            })
        } else {
            false
        };
        if before {
            visit(bl, j, rtl, visited, out);
        }
    }
    out.push(i);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x0: f32, base: f32, size: f32) -> TextBox {
        TextBox {
            x0,
            x1: x0 + 230.0,
            base,
            size,
            ascent: 1.069,
            descent: 0.293,
            artifact: false,
        }
    }

    #[test]
    fn two_plain_columns_read_column_by_column() {
        let mut boxes = Vec::new();
        for i in 0..20 {
            boxes.push(line(50.0, 100.0 + 14.0 * i as f32, 9.6));
        }
        for i in 0..20 {
            boxes.push(line(300.0, 100.0 + 14.0 * i as f32, 9.6));
        }
        assert!(order_is_kept(&boxes, Direction::Ltr));
    }

    #[test]
    fn aligned_heading_pairs_read_as_a_table() {
        // both columns: a heading, then a paragraph starting on the same grid line
        let mut boxes = vec![TextBox {
            x1: 120.0,
            ..line(50.0, 72.0, 10.5)
        }];
        for i in 0..6 {
            boxes.push(line(50.0, 100.0 + 14.0 * i as f32, 9.6));
        }
        boxes.push(TextBox {
            x1: 380.0,
            ..line(300.0, 72.0, 10.5)
        });
        for i in 0..6 {
            boxes.push(line(300.0, 100.0 + 14.0 * i as f32, 9.6));
        }
        assert!(!order_is_kept(&boxes, Direction::Ltr));
    }
}

#[cfg(test)]
mod page_cases {
    use super::*;

    fn lines(x0: f32, x1: f32, first_base: f32, n: usize, size: f32) -> Vec<TextBox> {
        (0..n)
            .map(|i| TextBox {
                x0,
                x1,
                base: first_base + 14.0 * i as f32,
                size,
                ascent: 1.069,
                descent: 0.293,
                artifact: false,
            })
            .collect()
    }

    /// A page measured with `pdftotext -bbox-layout`: both columns open with
    /// a heading on the same line, which poppler reads as a table, row by row.
    fn page(shift: f32) -> Vec<TextBox> {
        let mut b = Vec::new();
        b.extend(lines(51.0, 183.0, 72.2, 1, 10.5));
        b.extend(lines(51.0, 290.0, 100.3, 20, 9.6));
        b.extend(lines(51.0, 153.0, 394.2, 1, 10.5));
        b.extend(lines(51.0, 290.0, 422.3, 11, 9.6));
        b.extend(lines(308.0, 385.0, 72.2 + shift, 1, 10.5));
        b.extend(lines(308.0, 546.0, 100.3 + shift, 10, 9.6));
        b
    }

    #[test]
    fn column_top_headings_on_one_line_read_as_a_table() {
        assert!(!order_is_kept(&page(0.0), Direction::Ltr));
    }

    #[test]
    fn one_grid_step_lower_the_right_column_reads_in_order() {
        assert!(order_is_kept(&page(14.0), Direction::Ltr));
    }

    /// The text of page 15 of the Arabic guide as laid out before the guard
    /// checked right-to-left pages mirrored (before mirroring: the first
    /// column on the left): blocks of lines 15 pt apart, in reading order,
    /// as (left, right, first baseline, lines, size), in Noto Sans Arabic.
    fn arabic_page() -> Vec<TextBox> {
        let blocks = [
            (48.6, 287.7, 73.5, 9, 10.5),
            (51.0, 117.5, 231.0, 1, 11.5),
            (48.6, 287.7, 253.5, 5, 10.5),
            (51.0, 279.1, 351.0, 1, 11.5),
            (48.6, 287.7, 373.5, 8, 10.5),
            (51.0, 132.8, 508.5, 1, 13.5),
            (49.1, 290.4, 523.5, 13, 10.5),
            (51.0, 186.4, 733.5, 1, 13.5),
            (51.0, 287.7, 748.5, 2, 10.5),
            (305.6, 544.3, 73.5, 6, 10.5),
            (307.6, 406.2, 178.5, 1, 13.5),
            (305.1, 544.3, 193.5, 8, 10.5),
            (307.6, 417.1, 328.5, 1, 13.5),
            (305.1, 544.3, 343.5, 9, 10.5),
            (307.6, 343.8, 493.5, 1, 13.5),
            (305.6, 544.3, 508.5, 5, 10.5),
            (307.6, 394.5, 598.5, 1, 13.5),
            (305.6, 544.3, 613.5, 7, 10.5),
            (307.6, 439.2, 733.5, 1, 13.5),
            (307.6, 544.3, 748.5, 2, 10.5),
        ];
        blocks
            .iter()
            .flat_map(|&(x0, x1, base, n, size)| {
                (0..n).map(move |i| TextBox {
                    x0,
                    x1,
                    base: base + 15.0 * i as f32,
                    size,
                    ascent: 1.374,
                    descent: 0.738,
                    artifact: false,
                })
            })
            .collect()
    }

    #[test]
    fn a_right_to_left_page_is_checked_mirrored() {
        // mirrored, as pdftotext reads it, the last two headings and the
        // blocks above them form a table, read row by row: pdftotext read the
        // rest of the right column after the whole left one
        assert!(!order_is_kept(&arabic_page(), Direction::Rtl));
    }
}
