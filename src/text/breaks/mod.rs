//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//!
//! This is the algorithm of TeX (Knuth & Plass, "Breaking paragraphs into
//! lines", 1981): every legal breakpoint is tried against every *active*
//! earlier breakpoint, the adjustment ratio and badness of the resulting line
//! are computed, and the sequence of breaks with the least total demerits over
//! the whole paragraph wins. It is hand-written because no maintained crate
//! does total-fit breaking with hyphenation penalties, discretionaries with
//! pre-/post-break material (needed when shaping differs across a break) and
//! microtype-style protrusion on shaped glyphs.
//!
//! The item model extends TeX's slightly:
//!
//! * a penalty may carry a *no-break width* (material that is set when the
//!   line does not break there), a *pre-break width* (added to the line that
//!   ends there, e.g. an added hyphen) and a *post-break width* (added to the
//!   line that starts there) — TeX's discretionary;
//! * every break carries protrusion amounts: what the last glyph of a line
//!   ending there may hang into the right margin and what the first glyph of
//!   the next line may hang into the left margin; both count as extra
//!   available width, as in pdfTeX/microtype;
//! * a penalty has a [`BreakLevel`]: pattern hyphenation points are only
//!   considered from the second pass on, emergency breaks (inside URLs) only in
//!   the final pass;
//! * `line_end_stretch` adds stretch to every line (TeX's `\rightskip` for
//!   ragged setting) and `emergency_stretch` is TeX's `\emergencystretch`;
//! * items count their letter-spacing gaps ([`Item::expand`]), so that a line
//!   may also stretch or shrink by spacing its letters (pdfTeX's font
//!   expansion, see [`fit`]); the adjustment ratio and badness are those of
//!   the glue;
//! * a line whose glue ratio exceeds `loose_ratio` is never taken by a normal
//!   pass and costs `loose_demerits` in the final pass;
//! * the number of consecutive lines ending in a flagged break is part of a
//!   node's state (besides its fitness class), so that the limit
//!   `max_consecutive_flagged` holds in every pass, the final one included,
//!   and the optimum under that limit is still found;
//! * a last line shorter than `short_last_width` costs `short_last_demerits`.
//!
//! In the final pass a paragraph gets breaks unless the flagged-line limit
//! cannot be met: when every active node would be overfull, the most recent
//! one is kept anyway (TeX's "artificial demerits"), so an overfull line only
//! appears where a single unbreakable piece is wider than the measure.

mod total_fit;

pub use total_fit::knuth_plass;

/// Kind of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Unbreakable material of fixed width.
    Box,
    /// Stretchable/shrinkable space; a legal break if it follows a box.
    Glue,
    /// A possible break with a cost.
    Penalty,
}

/// From which pass on a penalty is a legal break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BreakLevel {
    /// Always (spaces, explicit hyphens, soft hyphens, URL breaks).
    Normal,
    /// From the hyphenation pass on (pattern hyphenation points).
    Hyphenation,
    /// Only in the final, emergency pass.
    Emergency,
}

/// A penalty that forbids a break.
pub const INFINITE_PENALTY: f32 = 10000.0;

/// Distinct flagged-streak lengths tracked per breakpoint (0, 1, 2, 3+).
const STREAKS: usize = 4;

/// Badness of a line that cannot stretch enough.
const INFINITE_BADNESS: f32 = 10000.0;

/// One item of the paragraph, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// What the item is.
    pub kind: ItemKind,
    /// Box width, glue natural width, or a penalty's no-break width.
    pub width: f32,
    /// Glue stretchability.
    pub stretch: f32,
    /// Glue shrinkability.
    pub shrink: f32,
    /// Penalty value; `>= INFINITE_PENALTY` forbids, `<= -INFINITE_PENALTY` forces.
    pub penalty: f32,
    /// Flagged penalty (a hyphen break); consecutive ones cost extra.
    pub flagged: bool,
    /// Width added to the line that ends at this penalty.
    pub pre_width: f32,
    /// Width added to the line that starts after this penalty.
    pub post_width: f32,
    /// Pass from which this penalty is a legal break.
    pub level: BreakLevel,
    /// A forced break whose line is set at natural width (not justified).
    pub fill: bool,
    /// Protrusion into the end margin if a line ends here.
    pub protrude_end: f32,
    /// Protrusion into the start margin of the line starting after here.
    pub protrude_start: f32,
    /// Where letter-spacing may go: the gaps between glyphs of a word, each
    /// counted as its font size in points, so that a spacing of `e` ems
    /// widens the item by `e * expand` (a penalty's: its no-break material).
    pub expand: f32,
    /// Penalty: change of the line's gaps when it ends here (the pre-break
    /// material's gaps, less the gap after the glyph that now ends the line).
    pub pre_expand: f32,
    /// Penalty: gaps of the post-break material.
    pub post_expand: f32,
}

impl Item {
    /// A box.
    pub fn boxed(width: f32) -> Item {
        Item {
            kind: ItemKind::Box,
            width,
            ..Item::EMPTY
        }
    }

    /// A glue item.
    pub fn glue(width: f32, stretch: f32, shrink: f32) -> Item {
        Item {
            kind: ItemKind::Glue,
            width,
            stretch,
            shrink,
            ..Item::EMPTY
        }
    }

    /// A penalty.
    pub fn penalty(penalty: f32, pre_width: f32, flagged: bool) -> Item {
        Item {
            kind: ItemKind::Penalty,
            penalty,
            pre_width,
            flagged,
            ..Item::EMPTY
        }
    }

    /// A forced break that ends a line set at natural width.
    pub fn forced() -> Item {
        Item {
            kind: ItemKind::Penalty,
            penalty: -INFINITE_PENALTY,
            fill: true,
            ..Item::EMPTY
        }
    }

    const EMPTY: Item = Item {
        kind: ItemKind::Box,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        penalty: 0.0,
        flagged: false,
        pre_width: 0.0,
        post_width: 0.0,
        level: BreakLevel::Normal,
        fill: false,
        protrude_end: 0.0,
        protrude_start: 0.0,
        expand: 0.0,
        pre_expand: 0.0,
        post_expand: 0.0,
    };

    fn is_forced(&self) -> bool {
        self.kind == ItemKind::Penalty && self.penalty <= -INFINITE_PENALTY
    }
}

/// Settings of one breaking pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Width available to the first line.
    pub first_width: f32,
    /// Width available to the other lines.
    pub width: f32,
    /// Largest acceptable adjustment ratio (infinite in the final pass).
    pub tolerance: f32,
    /// Highest [`BreakLevel`] whose penalties are legal breaks.
    pub level: BreakLevel,
    /// Stretch added to every line (ragged setting).
    pub line_end_stretch: f32,
    /// Extra stretch for badness computation only (TeX's `\emergencystretch`).
    pub emergency_stretch: f32,
    /// Added to every line's badness before squaring (TeX's `\linepenalty`).
    pub line_penalty: f32,
    /// For adjacent lines whose fitness classes differ by more than one.
    pub adj_demerits: f32,
    /// For two consecutive lines ending in flagged breaks.
    pub double_hyphen_demerits: f32,
    /// For a flagged break ending the second-to-last line.
    pub final_hyphen_demerits: f32,
    /// Most consecutive lines that may end in flagged breaks, in every pass
    /// (the final pass included). Tracked exactly up to 3; larger values are
    /// approximated.
    pub max_consecutive_flagged: u8,
    /// Distinguish tight, decent, loose and very loose lines (and charge
    /// `adj_demerits` between non-adjacent classes). Off for ragged setting,
    /// where interword spaces do not change.
    pub fitness_classes: bool,
    /// Protrusion allowed at the start of the first line.
    pub first_protrude_start: f32,
    /// Keep overfull lines when nothing fits (always yields breaks).
    pub final_pass: bool,
    /// Largest badness of a line (TeX: 10000). The final pass uses a much
    /// higher limit so that very loose lines still differ in cost.
    pub badness_limit: f32,
    /// Letter-spacing a line may add between the glyphs of a word, in ems
    /// (see [`Item::expand`]): font expansion as microtype does it, done by
    /// spacing.
    pub expand_stretch: f32,
    /// Letter-spacing a line may take away, in ems.
    pub expand_shrink: f32,
    /// Glue adjustment ratio at which stretched lines use all of their
    /// letter-spacing (see [`fit`]).
    pub expand_full: f32,
    /// Adjustment ratio above which a line is loose (its word spaces too
    /// wide): never taken by a normal pass, charged `loose_demerits` in the
    /// final pass.
    pub loose_ratio: f32,
    /// Demerits of a loose line in the final pass.
    pub loose_demerits: f32,
    /// A last line (of a paragraph of several lines) whose natural width is
    /// below this is charged `short_last_demerits`.
    pub short_last_width: f32,
    /// Demerits of a too short last line.
    pub short_last_demerits: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            first_width: 0.0,
            width: 0.0,
            tolerance: 1.0,
            level: BreakLevel::Normal,
            line_end_stretch: 0.0,
            emergency_stretch: 0.0,
            line_penalty: 10.0,
            adj_demerits: 10000.0,
            double_hyphen_demerits: 10000.0,
            final_hyphen_demerits: 5000.0,
            max_consecutive_flagged: 3,
            fitness_classes: true,
            first_protrude_start: 0.0,
            final_pass: false,
            badness_limit: INFINITE_BADNESS,
            expand_stretch: 0.0,
            expand_shrink: 0.0,
            expand_full: 1.0,
            loose_ratio: f32::INFINITY,
            loose_demerits: 0.0,
            short_last_width: 0.0,
            short_last_demerits: 0.0,
        }
    }
}

/// A chosen break: the item index the line ends at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the glue or penalty item the line breaks at.
    pub index: usize,
    /// Adjustment ratio of the line ending here, as computed for breaking.
    pub ratio: f32,
}

/// Index of the first item of a line that starts after a break at `index`:
/// glue and non-forced penalties without no-break material after the break
/// are discarded.
pub fn line_start(items: &[Item], index: usize) -> usize {
    let mut k = index + 1;
    while k < items.len()
        && (items[k].kind == ItemKind::Glue
            || (items[k].kind == ItemKind::Penalty
                && !items[k].is_forced()
                && items[k].width == 0.0))
    {
        k += 1;
    }
    k
}

/// Adjustment ratio of a line: >0 stretched, <0 shrunk, ±∞ impossible.
pub fn adjustment_ratio(natural: f32, target: f32, stretch: f32, shrink: f32, fill: bool) -> f32 {
    fit(natural, target, stretch, shrink, Letters::NONE, fill).ratio
}

/// How a line is set: the adjustment of its glue and of its letter-spacing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Adjustment ratio of the glue: >0 stretched, <0 shrunk, ±∞ impossible.
    pub ratio: f32,
    /// Share of the available letter-spacing used, in −1..=1 (>0 wider).
    pub expand: f32,
}

/// Letter-spacing available to a line, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Letters {
    /// Most that letter-spacing may add.
    pub stretch: f32,
    /// Most that letter-spacing may take away.
    pub shrink: f32,
    /// Glue adjustment ratio at which a stretched line uses all of its
    /// letter-spacing; below it, letters take a proportional share.
    pub full: f32,
}

impl Letters {
    /// No letter-spacing.
    pub const NONE: Letters = Letters {
        stretch: 0.0,
        shrink: 0.0,
        full: 1.0,
    };
}

/// Sets a line of `natural` width in `target`: glue with `stretch` and
/// `shrink`, and letter-spacing. The glue does most of the work: letters
/// are spaced in proportion, reaching their full amount only at glue ratio
/// `letters.full` when stretching (−1 when shrinking); beyond that only the
/// glue stretches further, so letters are never spaced more than allowed.
pub fn fit(
    natural: f32,
    target: f32,
    stretch: f32,
    shrink: f32,
    letters: Letters,
    fill: bool,
) -> Fit {
    let diff = target - natural;
    let fit = |ratio, expand| Fit { ratio, expand };
    if diff.abs() < 1e-3 || (diff > 0.0 && fill) {
        return fit(0.0, 0.0);
    }
    let (xs, xz) = (letters.stretch.max(0.0), letters.shrink.max(0.0));
    if diff > 0.0 {
        if stretch <= 0.0 {
            // Letter-spacing alone, or nothing to stretch.
            return if xs > 0.0 && diff <= xs {
                fit(0.0, diff / xs)
            } else {
                fit(f32::INFINITY, 0.0)
            };
        }
        let full = letters.full.max(1e-3);
        let r = diff / (stretch + xs / full);
        if xs <= 0.0 || r <= full {
            fit(r, if xs > 0.0 { r / full } else { 0.0 })
        } else {
            fit((diff - xs) / stretch, 1.0)
        }
    } else {
        let total = shrink + xz;
        if total <= 0.0 {
            return fit(f32::NEG_INFINITY, 0.0);
        }
        let r = diff / total;
        fit(
            if shrink > 0.0 || r < -1.0 { r } else { 0.0 },
            if xz > 0.0 { r.max(-1.0) } else { 0.0 },
        )
    }
}

/// Prefix sums of width, stretch, shrink and expandable width (`sums[k]`
/// covers `items[..k]`).
fn prefix_sums(items: &[Item]) -> Vec<[f64; 4]> {
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut acc = [0.0f64; 4];
    sums.push(acc);
    for it in items {
        acc[0] += f64::from(it.width);
        acc[3] += f64::from(it.expand);
        if it.kind == ItemKind::Glue {
            acc[1] += f64::from(it.stretch);
            acc[2] += f64::from(it.shrink);
        }
        sums.push(acc);
    }
    sums
}

/// Whether item `i` is a legal break in a pass of the given level.
fn is_legal(items: &[Item], i: usize, level: BreakLevel) -> bool {
    let it = &items[i];
    match it.kind {
        ItemKind::Box => false,
        ItemKind::Glue => i > 0 && items[i - 1].kind == ItemKind::Box,
        ItemKind::Penalty => it.penalty < INFINITE_PENALTY && it.level <= level,
    }
}

/// First-fit breaking: every line takes as much as fits (shrinking allowed).
/// Used to compare with total fit.
pub fn greedy(items: &[Item], params: &Params) -> Vec<Break> {
    let sums = prefix_sums(items);
    let mut breaks = Vec::new();
    let mut start = 0usize;
    let mut line = 0usize;
    let mut last_fit: Option<usize> = None;
    let mut i = 0usize;
    let last = items.len().saturating_sub(1);
    while i < items.len() {
        if i >= start && is_legal(items, i, params.level) {
            let it = &items[i];
            let avail = if line == 0 {
                params.first_width
            } else {
                params.width
            };
            let pre = if it.kind == ItemKind::Penalty {
                it.pre_width
            } else {
                0.0
            };
            let natural = (sums[i][0] - sums[start][0]) as f32 + pre;
            let shrink = (sums[i][2] - sums[start][2]) as f32;
            let fits = natural - shrink <= avail + it.protrude_end + 1e-3;
            if fits && !(it.is_forced() || i == last) {
                last_fit = Some(i);
            } else {
                let b = if fits { i } else { last_fit.unwrap_or(i) };
                breaks.push(Break {
                    index: b,
                    ratio: 0.0,
                });
                start = line_start(items, b);
                line += 1;
                last_fit = None;
                if b != i {
                    i = start;
                    continue;
                }
            }
        }
        i += 1;
    }
    breaks
}
