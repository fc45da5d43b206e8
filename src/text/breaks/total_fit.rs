//! Total fit: the Knuth–Plass search for the breaks with the least total
//! demerits (see the module docs of [`super`] for the item model and what
//! it adds to TeX's).

use super::{
    Break, INFINITE_PENALTY, Item, ItemKind, Letters, Params, STREAKS, fit, is_legal, line_start,
    prefix_sums,
};

/// A feasible break found so far: the end of a line (or the paragraph
/// start) with the best way of getting there.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Item index of the break; `None` for the paragraph start.
    index: Option<usize>,
    /// Number of the line that starts here (0 = first line).
    line: usize,
    fitness: usize,
    total: f64,
    /// The node the line ending here starts at; `None` for the paragraph
    /// start.
    prev: Option<usize>,
    ratio: f32,
    flagged: bool,
    /// Number of consecutive lines ending in flagged breaks, up to here.
    streak: u8,
    /// First item of the line starting here.
    start: usize,
    post_width: f32,
    post_expand: f32,
    protrude_start: f32,
}

/// What a legal break at one item means for any line ending there.
struct BreakPoint {
    /// Index of the item.
    index: usize,
    /// Whether the line must end here (a forced break or the last item).
    forced: bool,
    /// Whether the item is a penalty (so its pre- and post-break material
    /// count).
    penalty: bool,
    /// Width set at the end of a line that breaks here.
    pre: f32,
    /// Letter-spacing gaps of that width.
    pre_expand: f32,
    /// Whether the break is flagged (a hyphen).
    flagged: bool,
    /// Whether the line ending here is set at its natural width.
    fill: bool,
    /// Letter-spacing stretch per gap; none for lines set at natural width.
    expand_stretch: f32,
    /// Whether this is the paragraph's last item.
    last: bool,
}

impl BreakPoint {
    /// The break at item `i`.
    fn new(items: &[Item], i: usize, params: &Params) -> Self {
        let it = &items[i];
        let last = i == items.len() - 1;
        let forced = it.is_forced() || last;
        let penalty = it.kind == ItemKind::Penalty;
        let (pre, pre_expand) = if penalty {
            (it.pre_width, it.pre_expand)
        } else {
            (0.0, 0.0)
        };
        let fill = forced && (it.fill || last);
        BreakPoint {
            index: i,
            forced,
            penalty,
            pre,
            pre_expand,
            flagged: penalty && it.flagged,
            fill,
            // Lines set at natural width are not letter-spaced, unless they
            // must shrink.
            expand_stretch: if fill { 0.0 } else { params.expand_stretch },
            last,
        }
    }
}

/// A line from an active node to a break point, measured.
struct LineMeasure {
    natural: f32,
    target: f32,
    stretch: f32,
    shrink: f32,
    letters: Letters,
}

impl LineMeasure {
    /// Measures the line from node `a` to the break `bp` at item `it`.
    fn new(sums: &[[f64; 4]], params: &Params, a: &Node, it: &Item, bp: &BreakPoint) -> Self {
        let avail = if a.line == 0 {
            params.first_width
        } else {
            params.width
        };
        let target = avail + a.protrude_start + it.protrude_end;
        let (s, e) = (&sums[a.start], &sums[bp.index]);
        let natural = (e[0] - s[0]) as f32 + a.post_width + bp.pre;
        let stretch = (e[1] - s[1]) as f32 + params.line_end_stretch;
        let shrink = (e[2] - s[2]) as f32;
        let expandable = ((e[3] - s[3]) as f32 + a.post_expand + bp.pre_expand).max(0.0);
        let letters = Letters {
            stretch: bp.expand_stretch * expandable,
            shrink: params.expand_shrink * expandable,
            full: params.expand_full,
        };
        LineMeasure {
            natural,
            target,
            stretch,
            shrink,
            letters,
        }
    }

    /// The line's adjustment ratio with `extra` stretch.
    fn ratio(&self, extra: f32, fill: bool) -> f32 {
        fit(
            self.natural,
            self.target,
            self.stretch + extra,
            self.shrink,
            self.letters,
            fill,
        )
        .ratio
    }
}

/// Demerits and fitness class of a line from node `a` ending at `bp` (item
/// `it`) with adjustment ratio `ratio`.
fn demerits(
    params: &Params,
    a: &Node,
    it: &Item,
    bp: &BreakPoint,
    ratio: f32,
    natural: f32,
    loose: bool,
) -> (f64, usize) {
    let b = badness(ratio, params.badness_limit);
    let mut d = f64::from(params.line_penalty + b).powi(2);
    if bp.penalty {
        let p = f64::from(it.penalty);
        if p > 0.0 {
            d += p * p;
        } else if p > -f64::from(INFINITE_PENALTY) {
            d -= p * p;
        }
    }
    if bp.flagged && a.flagged {
        d += f64::from(params.double_hyphen_demerits);
    }
    if bp.last {
        if a.flagged {
            d += f64::from(params.final_hyphen_demerits);
        }
        if a.line > 0 && natural < params.short_last_width {
            d += f64::from(params.short_last_demerits);
        }
    }
    if loose {
        d += f64::from(params.loose_demerits);
    }
    let fit = if params.fitness_classes {
        fitness(ratio)
    } else {
        1
    };
    if fit.abs_diff(a.fitness) > 1 {
        d += f64::from(params.adj_demerits);
    }
    (d, fit)
}

/// Best candidate per fitness class and flagged streak: (total, from node,
/// ratio).
type Candidates = [Option<(f64, usize, f32)>; 4 * STREAKS];

/// Finds the breaks with the least total demerits, or `None` if no sequence
/// of breaks satisfies the pass's tolerance (or, in the final pass, the
/// limit on consecutive flagged lines). The last item must be a forced
/// break. The result lists every line's end, in order.
pub fn knuth_plass(items: &[Item], params: &Params) -> Option<Vec<Break>> {
    if items.is_empty() {
        return Some(Vec::new());
    }
    let sums = prefix_sums(items);
    let mut nodes: Vec<Node> = vec![Node {
        index: None,
        line: 0,
        fitness: 1,
        total: 0.0,
        prev: None,
        ratio: 0.0,
        flagged: false,
        streak: 0,
        start: 0,
        post_width: 0.0,
        post_expand: 0.0,
        protrude_start: params.first_protrude_start,
    }];
    nodes.reserve(items.len() / 2);
    let mut active: Vec<usize> = Vec::with_capacity(64);
    active.push(0);
    let last = items.len() - 1;

    for (i, it) in items.iter().enumerate() {
        if !is_legal(items, i, params.level) {
            continue;
        }
        let bp = BreakPoint::new(items, i, params);
        let best = candidates(&sums, params, &nodes, &mut active, it, &bp);
        push_nodes(&mut nodes, &mut active, &best, items, it, &bp);
        if active.is_empty() {
            return None;
        }
    }

    let best = active
        .iter()
        .copied()
        .filter(|&n| nodes[n].index == Some(last))
        .min_by(|&a, &b| nodes[a].total.total_cmp(&nodes[b].total))?;
    let mut breaks = Vec::new();
    let mut n = Some(best);
    while let Some(k) = n {
        let Some(index) = nodes[k].index else {
            break;
        };
        breaks.push(Break {
            index,
            ratio: nodes[k].ratio,
        });
        n = nodes[k].prev;
    }
    breaks.reverse();
    Some(breaks)
}

/// Tries every active node as the start of a line ending at `bp`,
/// deactivating those the line would be overfull from (or all, at a forced
/// break); returns the best candidate per fitness class and streak.
fn candidates(
    sums: &[[f64; 4]],
    params: &Params,
    nodes: &[Node],
    active: &mut Vec<usize>,
    it: &Item,
    bp: &BreakPoint,
) -> Candidates {
    let limit = params.max_consecutive_flagged;
    let mut best: Candidates = [None; 4 * STREAKS];
    let mut last_deactivated: Option<(usize, f32)> = None;
    let mut k = 0;
    while k < active.len() {
        let ai = active[k];
        let a = nodes[ai];
        if a.start > bp.index {
            k += 1;
            continue;
        }
        let m = LineMeasure::new(sums, params, &a, it, bp);
        let real = fit(m.natural, m.target, m.stretch, m.shrink, m.letters, bp.fill).ratio;
        if real < -1.0 || bp.forced {
            active.remove(k);
            last_deactivated = Some((ai, real));
        } else {
            k += 1;
        }
        if real < -1.0 {
            continue;
        }
        let streak = if bp.flagged {
            a.streak.saturating_add(1)
        } else {
            0
        };
        if streak > limit {
            continue;
        }
        let loose = real > params.loose_ratio;
        if loose && !params.final_pass {
            continue;
        }
        // Emergency stretch only lowers the badness of stretched lines.
        let ratio = if params.emergency_stretch > 0.0 && real > 0.0 {
            m.ratio(params.emergency_stretch, bp.fill)
        } else {
            real
        };
        if !(ratio <= params.tolerance || params.final_pass) {
            continue;
        }
        let (d, fit) = demerits(params, &a, it, bp, ratio, m.natural, loose);
        let total = a.total + d;
        let slot = &mut best[fit * STREAKS + usize::from(streak).min(STREAKS - 1)];
        if slot.is_none_or(|(t, _, _)| total < t) {
            *slot = Some((total, ai, ratio));
        }
    }
    if best.iter().all(Option::is_none)
        && active.is_empty()
        && params.final_pass
        && let Some((from, ratio)) = last_deactivated
        && !(bp.flagged && nodes[from].streak >= limit)
    {
        // Nothing fits: keep an overfull line rather than fail.
        let total =
            nodes[from].total + f64::from(params.line_penalty + params.badness_limit).powi(2);
        let streak = if bp.flagged {
            nodes[from].streak + 1
        } else {
            0
        };
        best[usize::from(streak).min(STREAKS - 1)] = Some((total, from, ratio));
    }
    best
}

/// Adds a node (and makes it active) for every candidate found for `bp`.
fn push_nodes(
    nodes: &mut Vec<Node>,
    active: &mut Vec<usize>,
    best: &Candidates,
    items: &[Item],
    it: &Item,
    bp: &BreakPoint,
) {
    let start = line_start(items, bp.index);
    for (slot, cand) in best.iter().enumerate() {
        let Some((total, from, ratio)) = *cand else {
            continue;
        };
        let fit = slot / STREAKS;
        nodes.push(Node {
            index: Some(bp.index),
            line: nodes[from].line + 1,
            fitness: fit,
            total,
            prev: Some(from),
            ratio,
            flagged: bp.flagged,
            streak: if bp.flagged {
                nodes[from].streak.saturating_add(1)
            } else {
                0
            },
            start,
            post_width: if bp.penalty { it.post_width } else { 0.0 },
            post_expand: if bp.penalty { it.post_expand } else { 0.0 },
            protrude_start: it.protrude_start,
        });
        active.push(nodes.len() - 1);
    }
}

/// TeX's badness of a line set with adjustment ratio `ratio`, at most
/// `limit`.
fn badness(ratio: f32, limit: f32) -> f32 {
    if ratio.is_infinite() {
        limit
    } else {
        (100.0 * ratio.abs().powi(3)).min(limit)
    }
}

/// Fitness class of a line: 0 tight, 1 decent, 2 loose, 3 very loose.
fn fitness(ratio: f32) -> usize {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}
