//! Line building: chosen breaks → [`Line`]s of positioned glyphs.
//!
//! For every line the material between two breaks is collected (post-break
//! glyphs of the previous break, boxes, interword glue with its space glyph,
//! no-break material of untaken penalties, pre-break glyphs of the break),
//! the adjustment ratio is computed from the real widths, glue is stretched or
//! shrunk (justified lines) and the line is placed in the measure according
//! to the alignment, the first-line indent and protrusion.
//!
//! Glyph `x` values are relative to the line's left edge and include the
//! first-line indent (LTR), protrusion and the glyph's own shaped x offset,
//! but no alignment offset: the layout stage aligns each line using
//! [`Line::width`]. Lines with
//! right-to-left material are reordered per line with the UAX #9 rule L2,
//! applied to whole pieces (words and spaces), each already shaped in its own
//! direction.

use smol_str::SmolStr;
use std::ops::Range;
use std::sync::Arc;

use super::breaks::{Break, INFINITE_PENALTY, ItemKind, Letters, fit, line_start};
use super::paragraph::Paragraph;
use super::shape::{GlyphText, SHY};
use super::{Align, Direction, FontBook, FontId, GlyphRun, Line, ParagraphStyle, PositionedGlyph};

/// Largest magnitude reported in [`Line::ratio`] (stands for "cannot adjust").
pub(crate) const RATIO_LIMIT: f32 = 10.0;

/// A piece of a line: glyphs of one run and level, maybe adjustable glue.
struct Piece {
    glyphs: Range<usize>,
    run: usize,
    level: u8,
    /// Glue: (stretch, shrink); the glyph is the space glyph.
    glue: Option<(f32, f32)>,
    /// Whether the last glyph is followed by another glyph of its word on
    /// this line (so that letter-spacing goes after it).
    tail: bool,
}

/// Geometry shared by all lines of a paragraph.
pub(crate) struct Measure<'a> {
    /// Full measure in points.
    pub width: f32,
    /// The paragraph style.
    pub style: &'a ParagraphStyle,
    /// Letter-spacing a justified line may add, as a fraction of the
    /// advances of glyphs followed by another glyph of their word.
    pub expand_stretch: f32,
    /// Letter-spacing a justified line may take away, likewise.
    pub expand_shrink: f32,
    /// Glue ratio at which stretched lines use all their letter-spacing.
    pub expand_full: f32,
}

/// Builds the lines for the given breaks.
pub(crate) fn build_lines(
    p: &Paragraph,
    breaks: &[Break],
    m: &Measure<'_>,
    fonts: &FontBook,
) -> Vec<Line> {
    let mut lines = Vec::with_capacity(breaks.len());
    let mut from: Option<usize> = None;
    let mut pieces = Vec::new();
    for (n, b) in breaks.iter().enumerate() {
        let at = Span {
            from,
            to: b.index,
            number: n,
        };
        lines.push(build_line(p, at, m, fonts, &mut pieces));
        from = Some(b.index);
    }
    lines
}

/// Where a line is in the paragraph: after the break at item `from` (none
/// for the first line) up to the break at item `to`; line `number`.
#[derive(Clone, Copy)]
struct Span {
    from: Option<usize>,
    to: usize,
    number: usize,
}

/// Sets one line: its pieces, how its glue and letters are adjusted, and
/// its glyphs placed in visual order.
fn build_line(
    p: &Paragraph,
    at: Span,
    m: &Measure<'_>,
    fonts: &FontBook,
    pieces: &mut Vec<Piece>,
) -> Line {
    let Span { from, to, number } = at;
    let items = &p.items;
    let hyphenated = collect_pieces(p, at, pieces);
    let end_item = items.get(to);
    let end_content = p.content.get(to);

    let style = m.style;
    let indent = if number == 0 {
        style.first_indent.clamp(0.0, m.width)
    } else {
        0.0
    };
    let avail = m.width - indent;
    let p_start = match from {
        None => p.first_protrude,
        Some(f) => items[f].protrude_start,
    };
    let p_end = end_item.map_or(0.0, |it| it.protrude_end);
    let target = avail + p_start + p_end;
    let last = to + 1 >= items.len();
    let fill = last || end_item.is_some_and(|it| it.fill);
    let justify = style.align == Align::Justify && !fill;
    let set = set_line(p, pieces, m, target, justify);
    let visible = set.adjusted - p_start - p_end;

    // Visual order.
    if p.has_rtl {
        reorder(pieces);
    }
    // Glyphs are placed flush with the line's own left edge (after the indent
    // for LTR); the layout stage aligns the line using `Line::width`, which
    // includes the indent (on the right for RTL).
    let rtl = style.direction == Direction::Rtl;
    let pl = if rtl { p_end } else { p_start };
    let box_left = if rtl { 0.0 } else { indent };
    let x = box_left - pl;
    let mut extent = Extent::default();
    let mut runs = place_glyphs(p, pieces, fonts, &set, x, &mut extent);
    if rtl && p.has_rtl {
        mark_ltr_islands(&mut runs, pieces);
    }
    let word_end = end_item.is_none_or(|it| {
        it.kind == ItemKind::Glue
            || (it.kind == ItemKind::Penalty && it.penalty <= -INFINITE_PENALTY)
    });
    if word_end {
        end_space(p, &mut runs, rtl);
    }
    if pieces.is_empty() {
        let run = end_content
            .map_or(0, |c| c.run)
            .min(p.runs.len().saturating_sub(1));
        if !p.runs.is_empty() {
            extent.add(p, fonts, run);
        }
    }
    let ratio = set.ratio;
    let reported = if ratio.is_nan() {
        0.0
    } else {
        ratio.clamp(-RATIO_LIMIT, RATIO_LIMIT)
    };
    Line {
        runs: runs.into_iter().map(Arc::new).collect(),
        width: visible + indent,
        ascent: extent.ascent,
        descent: extent.descent,
        ratio: if justify { reported } else { reported.min(0.0) },
        space_factor: set.space_factor,
        hyphenated,
    }
}

/// Collects the pieces of the line `at` into `pieces`: the post-break
/// material of the break it starts after, its items' glyphs, and the
/// pre-break material of the break it ends at. Returns whether the line
/// ends in an added hyphen.
fn collect_pieces(p: &Paragraph, at: Span, pieces: &mut Vec<Piece>) -> bool {
    let Span { from, to, .. } = at;
    let items = &p.items;
    let start = from.map_or(0, |f| line_start(items, f));
    pieces.clear();
    if let Some(f) = from {
        let c = &p.content[f];
        if items[f].kind == ItemKind::Penalty && !c.post.is_empty() {
            pieces.push(Piece {
                glyphs: c.post.clone(),
                run: c.run,
                level: c.level,
                glue: None,
                tail: false,
            });
        }
    }
    let end = to.min(items.len());
    for (it, c) in items[start.min(end)..end]
        .iter()
        .zip(&p.content[start.min(end)..end])
    {
        let glue = (it.kind == ItemKind::Glue).then_some((it.stretch, it.shrink));
        if !c.glyphs.is_empty() {
            pieces.push(Piece {
                glyphs: c.glyphs.clone(),
                run: c.run,
                level: c.level,
                glue,
                tail: false,
            });
        }
    }
    let mut hyphenated = false;
    if let (Some(it), Some(c)) = (items.get(to), p.content.get(to))
        && it.kind == ItemKind::Penalty
        && !c.pre.is_empty()
    {
        pieces.push(Piece {
            glyphs: c.pre.clone(),
            run: c.run,
            level: c.level,
            glue: None,
            tail: false,
        });
        hyphenated = c.hyphen;
    }
    hyphenated
}

/// How a line is set.
struct Setting {
    /// Adjustment ratio of the glue as computed (may be infinite or NaN).
    ratio: f32,
    /// The ratio applied to the glue (finite, at least −1).
    applied: f32,
    /// Letter-spacing in ems after a glyph followed by another of its word.
    letter: f32,
    /// The line's width with glue and letters adjusted.
    adjusted: f32,
    /// Width of the adjusted interword spaces over their natural width.
    space_factor: f32,
}

/// What glue of `stretch` and `shrink` adds at applied ratio `applied`.
fn glue_share(applied: f32, stretch: f32, shrink: f32) -> f32 {
    if applied > 0.0 {
        applied * stretch
    } else {
        applied * shrink
    }
}

/// Sets the pieces of a line in `target`: the glue's ratio and the
/// letter-spacing (marking in each piece whether a gap follows its last
/// glyph).
fn set_line(
    p: &Paragraph,
    pieces: &mut [Piece],
    m: &Measure<'_>,
    target: f32,
    justify: bool,
) -> Setting {
    let style = m.style;
    let mut natural = 0.0f32;
    let mut stretch = 0.0f32;
    let mut shrink = 0.0f32;
    let mut spaces = 0.0f32;
    for piece in pieces.iter() {
        natural += p.glyphs[piece.glyphs.clone()]
            .iter()
            .map(|g| g.advance)
            .sum::<f32>();
        if let Some((st, sh)) = piece.glue {
            stretch += st;
            shrink += sh;
            spaces += p.glyphs[piece.glyphs.clone()]
                .iter()
                .map(|g| g.advance)
                .sum::<f32>();
        }
    }
    // Letter-spacing goes between the glyphs of a word (see
    // `Paragraph::compute_expansion`), counted in points of font size.
    let mut expandable = 0.0f32;
    if style.align == Align::Justify && p.expandable {
        for k in 0..pieces.len() {
            if pieces[k].glue.is_some() {
                continue;
            }
            let tail = pieces.get(k + 1).is_some_and(|next| {
                next.glue.is_none() && p.glyphs[next.glyphs.start].advance > 0.0
            });
            pieces[k].tail = tail;
            let gs = &p.glyphs[pieces[k].glyphs.clone()];
            let gaps = (0..gs.len())
                .filter(|&i| gs.get(i + 1).map_or(tail, |g| g.advance > 0.0))
                .count();
            expandable += gaps as f32 * p.runs[pieces[k].run].size;
        }
    }
    // A last line is not spaced out, but may be tightened like the others.
    let letters = Letters {
        stretch: if justify {
            m.expand_stretch * expandable
        } else {
            0.0
        },
        shrink: m.expand_shrink * expandable,
        full: m.expand_full,
    };
    let set = fit(natural, target, stretch, shrink, letters, !justify);
    let ratio = set.ratio;
    let applied = if ratio.is_finite() {
        ratio.max(-1.0)
    } else {
        0.0
    };
    // Letter-spacing in ems after a glyph followed by another of its word.
    let letter = if !ratio.is_finite() {
        0.0
    } else if set.expand > 0.0 {
        set.expand * m.expand_stretch
    } else {
        set.expand * m.expand_shrink
    };
    let glue_adjust: f32 = pieces
        .iter()
        .filter_map(|pc| pc.glue)
        .map(|(st, sh)| glue_share(applied, st, sh))
        .sum();
    let adjusted: f32 = natural + glue_adjust + letter * expandable;
    let space_factor = if spaces > 0.0 {
        (spaces + glue_adjust) / spaces
    } else {
        1.0
    };
    Setting {
        ratio,
        applied,
        letter,
        adjusted,
        space_factor,
    }
}

/// The tallest ascent and deepest descent of the runs on a line.
#[derive(Default)]
struct Extent {
    ascent: f32,
    descent: f32,
}

impl Extent {
    /// Takes run `run` of the paragraph into account.
    fn add(&mut self, p: &Paragraph, fonts: &FontBook, run: usize) {
        let r = &p.runs[run];
        let font = fonts.get(FontId(r.font as u16));
        self.ascent = self.ascent.max(font.ascent(r.size));
        self.descent = self.descent.max(font.descent(r.size));
    }
}

/// Places the glyphs of the pieces (in visual order) from `x` on, as glyph
/// runs of one font, size and tag; the pieces' runs go into `extent`.
fn place_glyphs(
    p: &Paragraph,
    pieces: &[Piece],
    fonts: &FontBook,
    set: &Setting,
    mut x: f32,
    extent: &mut Extent,
) -> Vec<GlyphRun> {
    let (letter, applied) = (set.letter, set.applied);
    let mut runs: Vec<GlyphRun> = Vec::with_capacity(1);
    let mut remaining: usize = pieces.iter().map(|pc| pc.glyphs.len()).sum();
    for piece in pieces.iter() {
        extent.add(p, fonts, piece.run);
        let r = &p.runs[piece.run];
        let font = FontId(r.font as u16);
        let same = runs
            .last()
            .is_some_and(|g| g.font == font && g.size == r.size && g.tag == r.tag);
        if !same {
            runs.push(GlyphRun {
                font,
                size: r.size,
                tag: r.tag,
                // one place more for the space `end_space` may add: a
                // full vector would double for it, on every line
                glyphs: Vec::with_capacity(remaining + 1),
            });
        }
        remaining -= piece.glyphs.len();
        let Some(out) = runs.last_mut() else {
            continue;
        };
        let slice = &p.glyphs[piece.glyphs.clone()];
        let gap = letter * r.size;
        let rtl = piece.level % 2 == 1;
        let mut emit = |g: &super::shape::Glyph, spaced: bool| {
            let mut text = glyph_text(&p.text, g.text);
            if rtl && text.chars().nth(1).is_some() {
                // visual order, as extractors read a right-to-left line
                // (a lam-alef ligature stands for "لا" but reads "ال")
                text = text.chars().rev().collect();
            }
            if rtl && !text.is_empty() && text.chars().all(is_weak_or_neutral) {
                // Punctuation set right to left (the comma of "MS،") sits
                // visually beside a left-to-right run; extractors that
                // rebuild logical order from visual order (poppler, pdf.js)
                // would take it into that run. Right-to-left marks on both
                // sides keep it on its own side, whichever side the run is
                // on (poppler counts `،` and `.` as part of a number, so a
                // mark on one side only lets "أوتهوف، Uhthoff" read
                // "أوتهوف Uhthoff ،"); they show nothing.
                text = smol_str::format_smolstr!("\u{200F}{text}\u{200F}");
            }
            out.glyphs.push(PositionedGlyph {
                id: g.id,
                x: x + g.x_offset,
                y_offset: g.y_offset,
                advance: g.advance,
                text,
            });
            x += g.advance;
            if spaced {
                x += gap;
            }
        };
        if piece.level % 2 == 1 {
            slice.iter().rev().for_each(|g| emit(g, false));
        } else if gap != 0.0 {
            for (k, g) in slice.iter().enumerate() {
                emit(g, slice.get(k + 1).map_or(piece.tail, |n| n.advance > 0.0));
            }
        } else {
            slice.iter().for_each(|g| emit(g, false));
        }
        if let Some((st, sh)) = piece.glue {
            x += glue_share(applied, st, sh);
        }
    }
    runs
}

/// Marks the edges of every left-to-right island (a citation, a URL, a
/// Latin word, a number) of a right-to-left line, so that extractors that
/// rebuild logical order from visual order keep the island whole and in its
/// place. poppler (`pdftotext`) reads a right-to-left line from the right,
/// taking everything that is not a strong left-to-right letter or a digit
/// into the right-to-left side, then everything that is not a strong
/// right-to-left letter into the left-to-right side: the `]` of `[1–3]`
/// went to the Arabic before it, and a space and the `[17]` beside `MS` went
/// into the island of `MS`, reading "[17] MS". A left-to-right mark after an
/// island that ends in neutral text, and a right-to-left mark before one
/// whose left neighbour is not a right-to-left letter, stop both; they show
/// nothing. `pieces` are the line's pieces in visual order, as placed in
/// `runs`.
fn mark_ltr_islands(runs: &mut [GlyphRun], pieces: &[Piece]) {
    // (run, glyph) of every glyph that carries text, in visual order, and
    // whether it is left to right
    let mut order: Vec<(usize, usize, bool)> = Vec::new();
    let levels = pieces
        .iter()
        .flat_map(|pc| std::iter::repeat_n(pc.level % 2 == 0, pc.glyphs.len()));
    let glyphs = runs
        .iter()
        .enumerate()
        .flat_map(|(r, run)| (0..run.glyphs.len()).map(move |g| (r, g)));
    for ((r, g), ltr) in glyphs.zip(levels) {
        if !runs[r].glyphs[g].text.is_empty() {
            order.push((r, g, ltr));
        }
    }
    let mut i = 0;
    while i < order.len() {
        if !order[i].2 {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < order.len() && order[j + 1].2 {
            j += 1;
        }
        let (lr, lg, _) = order[i];
        let (rr, rg, _) = order[j];
        let ends_neutral = runs[rr].glyphs[rg]
            .text
            .chars()
            .last()
            .is_some_and(|c| !is_strong_ltr_or_digit(c));
        if ends_neutral {
            let t = &mut runs[rr].glyphs[rg].text;
            *t = smol_str::format_smolstr!("{t}\u{200E}");
        }
        let left_not_rtl = i > 0 && {
            let (r, g, _) = order[i - 1];
            runs[r].glyphs[g]
                .text
                .chars()
                .last()
                .is_some_and(|c| !is_strong_rtl(c))
        };
        if left_not_rtl {
            let t = &mut runs[lr].glyphs[lg].text;
            *t = smol_str::format_smolstr!("\u{200F}{t}");
        }
        i = j + 1;
    }
}

/// Whether `c` is a strong left-to-right letter or a digit (what poppler
/// keeps on the left-to-right side of a right-to-left line).
fn is_strong_ltr_or_digit(c: char) -> bool {
    use unicode_bidi::BidiClass::{AN, EN, L};
    matches!(unicode_bidi::bidi_class(c), L | EN | AN)
}

/// Whether `c` is a strong right-to-left character.
fn is_strong_rtl(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, R};
    matches!(unicode_bidi::bidi_class(c), R | AL)
}

/// Ends a line that ends at a word boundary with a space that takes no
/// room: a glyph of the font's space, at the line's logical end (the right
/// of a left-to-right line, the left of a right-to-left one), so that text
/// read from the glyphs (a structure walk, copy and paste) never joins the
/// last word of a line to the first of the next.
fn end_space(p: &Paragraph, runs: &mut [GlyphRun], rtl: bool) {
    let run = if rtl {
        runs.first_mut()
    } else {
        runs.last_mut()
    };
    let Some(run) = run else {
        return;
    };
    let Some(&(_, id)) = p
        .spaces
        .iter()
        .find(|&&(f, _)| f == usize::from(run.font.0))
    else {
        return;
    };
    let space = |x: f32| PositionedGlyph {
        id,
        x,
        y_offset: 0.0,
        advance: 0.0,
        text: SmolStr::new_inline(" "),
    };
    if rtl {
        let x = run.glyphs.first().map_or(0.0, |g| g.x);
        run.glyphs.insert(0, space(x));
    } else {
        let x = run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
        run.glyphs.push(space(x));
    }
}

/// The text of a glyph (soft hyphens removed; an added hyphen is a soft
/// hyphen, U+00AD, so that the word it breaks reads whole).
fn glyph_text(text: &str, t: GlyphText) -> SmolStr {
    match t {
        GlyphText::Range(s, e) => {
            let s = text.get(s as usize..e as usize).unwrap_or("");
            if s.contains(SHY) {
                s.chars().filter(|&c| c != SHY).collect()
            } else {
                SmolStr::new(s)
            }
        }
        GlyphText::Hyphen => SmolStr::new(SHY.encode_utf8(&mut [0; 4])),
        GlyphText::Space => SmolStr::new_inline(" "),
        GlyphText::None => SmolStr::default(),
    }
}

/// UAX #9 rule L2 on pieces: from the highest level down to the lowest odd
/// level, reverse every maximal sequence of pieces at that level or higher.
fn reorder(pieces: &mut [Piece]) {
    let Some(max) = pieces.iter().map(|p| p.level).max() else {
        return;
    };
    let Some(min_odd) = pieces.iter().map(|p| p.level).filter(|l| l % 2 == 1).min() else {
        return;
    };
    let mut level = max;
    while level >= min_odd {
        let mut i = 0;
        while i < pieces.len() {
            if pieces[i].level >= level {
                let mut j = i;
                while j < pieces.len() && pieces[j].level >= level {
                    j += 1;
                }
                pieces[i..j].reverse();
                i = j;
            } else {
                i += 1;
            }
        }
        if level == 0 {
            break;
        }
        level -= 1;
    }
}

/// Whether `c` has no strong direction (UAX #9 classes other than L, R, AL)
/// and is not white space: punctuation, digits, symbols.
fn is_weak_or_neutral(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, L, R};
    !c.is_whitespace() && !matches!(unicode_bidi::bidi_class(c), L | R | AL)
}
