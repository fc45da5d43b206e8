//! Paragraph building: styled runs → shaped glyphs → boxes, glue, penalties.
//!
//! The runs' texts are joined into one paragraph string (tabs and newlines
//! count as spaces). The string is cut into *words* (maximal stretches
//! without spaces) and *spaces*:
//!
//! * a stretch of spaces becomes one glue item carrying the space glyph of its
//!   font (so that text extraction sees word boundaries); a non-breaking space
//!   (U+00A0, U+202F, U+2007) becomes glue preceded by an infinite penalty;
//!   U+2028, U+2029 and U+0085 become forced breaks;
//! * a word is split into segments of one run and one bidi level, each shaped
//!   once (see [`super::shape`]), and cut into boxes at its break
//!   opportunities, with a penalty at each cut.
//!
//! Break opportunities inside a word come from UAX #14 (`unicode-linebreak`,
//! run over the whole paragraph so context across runs counts), restricted and
//! extended by the rules of this brochure: soft hyphens (a word with soft
//! hyphens uses only those), hard hyphens (a break after the hyphen, no added
//! hyphen, both parts at least two characters), URLs and e-mail addresses
//! (breaks after `/`, `.`, `-` only, never hyphenated; breaks between any two
//! alphanumerics as a last resort), and pattern hyphenation for plain words
//! and for each part of a hyphenated compound (see [`super::hyphenate`]).
//!
//! For justified text every item also records its letter-spacing gaps (see
//! [`Item::expand`](super::breaks::Item::expand)): one between every two
//! glyphs of a word, none next to a space, none after the last glyph of a
//! line; scripts whose letters join are left out.
//!
//! When rustybuzz reports that a cut is unsafe (a ligature or kerning pair
//! spans it), the cut becomes a discretionary: the glyphs shaped as a whole
//! are the no-break material, and the two sides are reshaped separately as
//! pre-break (plus hyphen) and post-break material. So `officieel` keeps its
//! `ffi` ligature unless it is broken as `of-ficieel`.

use std::ops::Range;

use unicode_linebreak::BreakOpportunity;

use super::breaks::{BreakLevel, INFINITE_PENALTY, Item, ItemKind};
use super::hyphenate::LangRules;
use super::protrusion;
use super::shape::{Glyph, GlyphText, SHY, Shaper};
use super::{Direction, FontId, ParagraphStyle, RunKind, TextRun, Typesetter};

/// Stretchability of interword glue in justified text, as a fraction of the
/// space (TeX's fonts: 1/2; a little more here because Noto Sans has a
/// narrow space, 0.26 em).
pub(crate) const SPACE_STRETCH: f32 = 0.6;
/// Shrinkability of interword glue in justified text (TeX's fonts: 1/3).
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Penalty for breaking after a hard hyphen (TeX's `\exhyphenpenalty`).
const EX_HYPHEN_PENALTY: f32 = 50.0;
/// Penalty for other breaks inside a word (after `/`, dashes).
const WORD_BREAK_PENALTY: f32 = 50.0;
/// Penalty for an emergency break inside a URL.
const EMERGENCY_PENALTY: f32 = 5000.0;

/// One input run, resolved.
#[derive(Debug, Clone)]
pub(crate) struct RunInfo {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// Font index (valid in the typesetter's book).
    pub font: usize,
    /// Font size in points.
    pub size: f32,
    /// Caller's tag.
    pub tag: u32,
    /// Breaking behaviour.
    pub kind: RunKind,
}

/// What an item stands for in glyphs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    /// Box glyphs, a glue's space glyph, or a penalty's no-break glyphs.
    pub glyphs: Range<usize>,
    /// Penalty: glyphs ending the line if broken here.
    pub pre: Range<usize>,
    /// Penalty: glyphs starting the next line if broken here.
    pub post: Range<usize>,
    /// Index of the run.
    pub run: usize,
    /// Bidi embedding level.
    pub level: u8,
    /// Penalty: `pre` ends in an added hyphen.
    pub hyphen: bool,
}

/// A paragraph ready for breaking.
#[derive(Debug, Default)]
pub(crate) struct Paragraph {
    /// The joined text.
    pub text: String,
    /// The runs.
    pub runs: Vec<RunInfo>,
    /// All glyphs; [`Content`] ranges index this.
    pub glyphs: Vec<Glyph>,
    /// The items for the line breaker.
    pub items: Vec<Item>,
    /// What each item is made of (parallel to `items`).
    pub content: Vec<Content>,
    /// Whether any level is odd (lines need reordering).
    pub has_rtl: bool,
    /// Protrusion allowed at the very start of the paragraph.
    pub first_protrude: f32,
    /// Whether the items carry expandable widths (letter-spacing allowed).
    pub expandable: bool,
}

/// Options of one build.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BuildOptions {
    /// Interword glue may stretch and shrink (justified setting).
    pub justify: bool,
    /// Add pattern hyphenation points.
    pub hyphenate: bool,
    /// Compute protrusion amounts.
    pub protrusion: bool,
    /// Penalty of soft-hyphen and pattern hyphenation breaks.
    pub hyphen_penalty: f32,
    /// Compute expandable widths for letter-spacing (only done for scripts
    /// that tolerate it).
    pub expansion: bool,
}

/// A break opportunity inside a word.
#[derive(Debug, Clone, Copy)]
struct Cut {
    pos: usize,
    penalty: f32,
    hyphen: bool,
    flagged: bool,
    level: BreakLevel,
}

fn is_breaking_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{B}'
            | '\u{C}'
            | '\u{1680}'
            | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' | '\u{205F}' | '\u{3000}'
    )
}

fn is_fixed_space(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

/// Characters that show nothing and belong to their neighbours: soft
/// hyphen, joiners, bidi controls, variation selectors.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

fn is_forced_break(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

fn is_hard_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}')
}

fn is_rtl_char(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, R, RLE, RLI, RLO};
    (c as u32) >= 0x590 && matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO | RLI)
}

/// Whether a word outside a URL run still looks like a URL or e-mail address.
fn looks_like_url(word: &str) -> bool {
    let lower_starts = |p: &str| {
        word.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    word.contains("://")
        || lower_starts("www.")
        || word
            .find('@')
            .is_some_and(|at| at > 0 && word[at + 1..].contains('.'))
}

impl Paragraph {
    /// Index of the run containing byte `pos` (the last run for the end).
    pub(crate) fn run_at(&self, pos: usize) -> usize {
        let i = self.runs.partition_point(|r| r.range.end <= pos);
        i.min(self.runs.len().saturating_sub(1))
    }

    /// Whether the byte at `pos` belongs to a [`RunKind::NoBreak`] run.
    fn no_break_at(&self, pos: usize) -> bool {
        pos < self.text.len() && self.runs[self.run_at(pos)].kind == RunKind::NoBreak
    }

    /// Whether the text from byte `start` to `end` has [`RunKind::NoBreak`]
    /// text on both sides (in one run or in adjacent ones, as a citation
    /// made of several linked runs), so that no line may break there.
    fn inside_no_break(&self, start: usize, end: usize) -> bool {
        start > 0 && self.no_break_at(start - 1) && self.no_break_at(end)
    }

    /// The source character a glyph ends with (for protrusion).
    fn last_char(&self, g: &Glyph) -> Option<char> {
        match g.text {
            GlyphText::Hyphen => Some('-'),
            _ => self
                .text
                .get(g.cluster as usize..g.end as usize)?
                .chars()
                .rev()
                .find(|&c| c != SHY),
        }
    }

    /// The source character a glyph starts with (for protrusion).
    fn first_char(&self, g: &Glyph) -> Option<char> {
        match g.text {
            GlyphText::Hyphen => Some('-'),
            _ => self
                .text
                .get(g.cluster as usize..g.end as usize)?
                .chars()
                .find(|&c| c != SHY),
        }
    }

    fn glyph_end_protrusion(&self, g: &Glyph) -> f32 {
        self.last_char(g)
            .map_or(0.0, |c| protrusion::end_factor(c) * g.advance.max(0.0))
    }

    fn glyph_start_protrusion(&self, g: &Glyph) -> f32 {
        self.first_char(g)
            .map_or(0.0, |c| protrusion::start_factor(c) * g.advance.max(0.0))
    }

    fn width(&self, r: &Range<usize>) -> f32 {
        self.glyphs[r.clone()].iter().map(|g| g.advance).sum()
    }

    fn push(&mut self, item: Item, content: Content) {
        self.items.push(item);
        self.content.push(content);
    }

    /// Fills in every break's protrusion amounts.
    fn compute_protrusion(&mut self) {
        let first_box = self
            .items
            .iter()
            .position(|it| it.kind == ItemKind::Box)
            .map(|i| self.content[i].glyphs.clone());
        self.first_protrude = first_box
            .and_then(|r| self.glyphs.get(r.start).copied())
            .map_or(0.0, |g| self.glyph_start_protrusion(&g));
        for i in 0..self.items.len() {
            let kind = self.items[i].kind;
            if kind == ItemKind::Box {
                continue;
            }
            let c = &self.content[i];
            // Last glyph of a line ending here.
            let last = if kind == ItemKind::Penalty && !c.pre.is_empty() {
                Some(c.pre.end - 1)
            } else if i > 0 && self.items[i - 1].kind == ItemKind::Box {
                let r = &self.content[i - 1].glyphs;
                (!r.is_empty()).then(|| r.end - 1)
            } else {
                None
            };
            // First glyph of a line starting after here.
            let first = if kind == ItemKind::Penalty && !c.post.is_empty() {
                Some(c.post.start)
            } else {
                let s = super::breaks::line_start(&self.items, i);
                (s < self.items.len() && self.items[s].kind == ItemKind::Box)
                    .then(|| self.content[s].glyphs.start)
                    .filter(|&g| g < self.content[s].glyphs.end)
            };
            let end = last.map_or(0.0, |g| self.glyph_end_protrusion(&self.glyphs[g]));
            let start = first.map_or(0.0, |g| self.glyph_start_protrusion(&self.glyphs[g]));
            self.items[i].protrude_end = end;
            self.items[i].protrude_start = start;
        }
    }

    /// Whether the material after item `i` continues the same word when the
    /// paragraph is not broken there.
    fn word_continues(&self, i: usize) -> bool {
        self.items.get(i + 1).is_some_and(|next| match next.kind {
            ItemKind::Box => true,
            ItemKind::Glue => false,
            ItemKind::Penalty => next.penalty.abs() < INFINITE_PENALTY,
        })
    }

    /// Letter-spacing gaps in `glyphs`, each counted as its run's font size
    /// (so that a spacing in ems times the sum is the added width): one after
    /// every glyph that is followed by a glyph of the same word with an
    /// advance (not a mark); after the last glyph only if the word continues.
    fn gaps(&self, glyphs: &Range<usize>, run: usize, continues: bool) -> f32 {
        let gs = &self.glyphs[glyphs.clone()];
        let n = (0..gs.len())
            .filter(|&k| gs.get(k + 1).map_or(continues, |g| g.advance > 0.0))
            .count();
        n as f32 * self.runs.get(run).map_or(0.0, |r| r.size)
    }

    /// Fills in every item's letter-spacing gaps (see [`Item::expand`]).
    pub(crate) fn compute_expansion(&mut self) {
        for i in 0..self.items.len() {
            let it = self.items[i];
            match it.kind {
                ItemKind::Glue => {}
                ItemKind::Box => {
                    let continues = self.word_continues(i);
                    let c = &self.content[i];
                    self.items[i].expand = self.gaps(&c.glyphs, c.run, continues);
                }
                ItemKind::Penalty => {
                    if it.penalty.abs() >= INFINITE_PENALTY {
                        continue;
                    }
                    let continues = self.word_continues(i);
                    let c = &self.content[i];
                    let expand = self.gaps(&c.glyphs, c.run, continues);
                    let post_expand = self.gaps(&c.post, c.run, continues);
                    let pre_expand = if c.pre.is_empty() {
                        // The glyph before the break now ends the line: no gap
                        // after it.
                        i.checked_sub(1)
                            .map(|j| (&self.items[j], &self.content[j]))
                            .filter(|(prev, pc)| {
                                prev.kind != ItemKind::Glue && !pc.glyphs.is_empty()
                            })
                            .map_or(0.0, |(_, pc)| {
                                -self.runs.get(pc.run).map_or(0.0, |r| r.size)
                            })
                    } else {
                        self.gaps(&c.pre, c.run, false)
                    };
                    let item = &mut self.items[i];
                    item.expand = expand;
                    item.pre_expand = pre_expand;
                    item.post_expand = post_expand;
                }
            }
        }
    }
}

/// Per-build state.
struct Builder<'a> {
    p: Paragraph,
    shaper: Shaper<'a>,
    rules: LangRules<'a>,
    options: BuildOptions,
    levels: Option<Vec<u8>>,
    /// UAX #14 allowed break positions (sorted).
    opportunities: Vec<usize>,
    scratch: String,
    points: Vec<usize>,
    /// Reused per word.
    cut_buf: Vec<Cut>,
    /// Reused per word: (text, run, level, glyphs) of each segment.
    segment_buf: Vec<Segment>,
}

/// A piece of a word in one run and one bidi level: its text range, run,
/// level and glyphs.
type Segment = (Range<usize>, usize, u8, Range<usize>);

/// Builds the items of a paragraph.
pub(crate) fn build(
    ts: &Typesetter,
    runs: &[TextRun],
    style: &ParagraphStyle,
    options: BuildOptions,
) -> Paragraph {
    let mut p = Paragraph::default();
    if ts.fonts.is_empty() {
        return p;
    }
    let total: usize = runs.iter().map(|r| r.text.len()).sum();
    p.text.reserve(total);
    for r in runs {
        let start = p.text.len();
        p.text.push_str(&r.text);
        let font = usize::from(r.font.0);
        let font = if font < ts.fonts.len() { font } else { 0 };
        let size = if r.size.is_finite() {
            r.size.clamp(0.0, 10_000.0)
        } else {
            0.0
        };
        // Font fallback: split the run where another face must set the
        // characters (a script the run's face lacks). White space, marks and
        // other characters of no particular script stay with the face before them.
        let primary = FontId(font as u16);
        let mut piece_start = start;
        let mut piece_font = font;
        for (i, c) in r.text.char_indices() {
            let at = start + i;
            let current = FontId(piece_font as u16);
            let keep = c.is_whitespace()
                || is_invisible(c)
                || (piece_font != font
                    && !c.is_alphabetic()
                    && ts.font_for(current, c) == Some(current));
            let want = if keep {
                piece_font
            } else {
                ts.font_for(primary, c).map_or(font, |f| usize::from(f.0))
            };
            if want != piece_font {
                if at > piece_start {
                    p.runs.push(RunInfo {
                        range: piece_start..at,
                        font: piece_font,
                        size,
                        tag: r.tag,
                        kind: r.kind,
                    });
                }
                piece_start = at;
                piece_font = want;
            }
        }
        p.runs.push(RunInfo {
            range: piece_start..p.text.len(),
            font: piece_font,
            size,
            tag: r.tag,
            kind: r.kind,
        });
    }
    if p.text.is_empty() {
        return p;
    }
    // At most about one glyph and one item per byte of Latin text (words
    // with many hyphenation points).
    if p.text.len() > 64 {
        p.glyphs.reserve(p.text.len());
        p.items.reserve(p.text.len());
        p.content.reserve(p.text.len());
    }
    let rtl_base = style.direction == Direction::Rtl;
    let levels = if rtl_base || p.text.chars().any(is_rtl_char) {
        let base = if rtl_base {
            unicode_bidi::Level::rtl()
        } else {
            unicode_bidi::Level::ltr()
        };
        let info = unicode_bidi::ParagraphBidiInfo::new(&p.text, Some(base));
        Some(info.levels.iter().map(|l| l.number()).collect::<Vec<u8>>())
    } else {
        None
    };
    p.has_rtl = levels
        .as_ref()
        .is_some_and(|l| l.iter().any(|&x| x % 2 == 1));
    let opportunities = unicode_linebreak::linebreaks(&p.text)
        .filter(|&(_, o)| o == BreakOpportunity::Allowed)
        .map(|(pos, _)| pos)
        .collect();
    let mut b = Builder {
        p,
        shaper: Shaper::new(&ts.faces, &ts.plans, &ts.words, &style.lang),
        rules: ts.hyphenation.rules(&style.lang),
        options,
        levels,
        opportunities,
        scratch: String::new(),
        points: Vec::new(),
        cut_buf: Vec::new(),
        segment_buf: Vec::new(),
    };
    b.run();
    let mut p = b.p;
    if options.protrusion {
        p.compute_protrusion();
    }
    if options.expansion && !p.has_rtl && p.text.chars().all(spaceable) {
        p.expandable = true;
        p.compute_expansion();
    }
    p
}

/// Whether letter-spacing may separate this character from its neighbours:
/// not in the scripts from Hebrew to Mongolian (joining scripts, Indic
/// scripts whose letters hang from a common line, …) and their relatives.
fn spaceable(c: char) -> bool {
    !matches!(
        c as u32,
        0x0590..=0x1DFF | 0xA800..=0xABFF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x11FFF
    )
}

impl Builder<'_> {
    fn level_at(&self, pos: usize) -> u8 {
        self.levels
            .as_ref()
            .and_then(|l| l.get(pos).copied())
            .unwrap_or(0)
    }

    fn run(&mut self) {
        let len = self.p.text.len();
        let mut i = 0;
        while i < len {
            let c = self.p.text[i..].chars().next().unwrap_or(' ');
            let spacey = |c: char| is_breaking_space(c) || is_fixed_space(c) || is_forced_break(c);
            let start = i;
            if spacey(c) {
                let mut breaking = false;
                while let Some(c) = self.p.text[i..].chars().next().filter(|&c| spacey(c)) {
                    if is_forced_break(c) {
                        self.forced_break(i);
                        breaking = false;
                    } else if is_breaking_space(c) {
                        breaking = true;
                    }
                    i += c.len_utf8();
                }
                // Glue after the last forced break of the stretch, if any.
                let glue_from = self.p.text[start..i]
                    .rfind(is_forced_break)
                    .map_or(start, |k| {
                        start
                            + k
                            + self.p.text[start + k..]
                                .chars()
                                .next()
                                .map_or(1, char::len_utf8)
                    });
                if glue_from < i {
                    self.space(
                        glue_from..i,
                        breaking || self.p.text[glue_from..i].chars().any(is_breaking_space),
                    );
                }
            } else {
                while let Some(c) = self.p.text[i..].chars().next().filter(|&c| !spacey(c)) {
                    i += c.len_utf8();
                }
                self.word(start..i);
            }
        }
        self.drop_trailing_glue();
        let run = self.p.runs.len().saturating_sub(1);
        self.p.push(
            Item::forced(),
            Content {
                run,
                ..Content::default()
            },
        );
    }

    fn drop_trailing_glue(&mut self) {
        if self
            .p
            .items
            .last()
            .is_some_and(|it| it.kind == ItemKind::Glue)
        {
            self.p.items.pop();
            self.p.content.pop();
            if self
                .p
                .items
                .last()
                .is_some_and(|it| it.kind == ItemKind::Penalty && it.penalty >= INFINITE_PENALTY)
            {
                self.p.items.pop();
                self.p.content.pop();
            }
        }
    }

    fn forced_break(&mut self, pos: usize) {
        self.drop_trailing_glue();
        let run = self.p.run_at(pos);
        let level = self.level_at(pos);
        self.p.push(
            Item::forced(),
            Content {
                run,
                level,
                ..Content::default()
            },
        );
    }

    fn space(&mut self, range: Range<usize>, breaking: bool) {
        // Spaces at the start of the paragraph or of a forced line vanish.
        match self.p.items.last() {
            None => return,
            Some(it) if it.kind == ItemKind::Penalty && it.penalty <= -INFINITE_PENALTY => return,
            Some(it) if it.kind == ItemKind::Glue => return,
            _ => {}
        }
        let run_index = self.p.run_at(range.start);
        let run = self.p.runs[run_index].clone();
        let breaking = breaking && !self.p.inside_no_break(range.start, range.end);
        let first = self.p.text[range.clone()].chars().next().unwrap_or(' ');
        let shown = if is_fixed_space(first) { first } else { ' ' };
        let (id, advance) = self.shaper.simple_glyph(run.font, run.size, shown, ' ');
        let level = self.level_at(range.start);
        let g = self.p.glyphs.len();
        let end = range.start + first.len_utf8();
        self.p.glyphs.push(Glyph {
            id,
            advance,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster: range.start as u32,
            end: end as u32,
            text: if shown == ' ' && first != ' ' {
                // A tab, newline or other space: extracted as a plain space.
                GlyphText::Space
            } else {
                GlyphText::Range(range.start as u32, end as u32)
            },
            unsafe_to_break: false,
        });
        if !breaking {
            self.p.push(
                Item::penalty(INFINITE_PENALTY, 0.0, false),
                Content {
                    run: run_index,
                    level,
                    ..Content::default()
                },
            );
        }
        let (stretch, shrink) = if self.options.justify {
            (advance * SPACE_STRETCH, advance * SPACE_SHRINK)
        } else {
            (0.0, 0.0)
        };
        self.p.push(
            Item::glue(advance, stretch, shrink),
            Content {
                glyphs: g..g + 1,
                run: run_index,
                level,
                ..Content::default()
            },
        );
    }

    /// Break opportunities inside the word `range`, into `cuts`.
    fn cuts(&mut self, range: Range<usize>, cuts: &mut Vec<Cut>) {
        let text = &self.p.text;
        let word = &text[range.clone()];
        let first_run = self.p.run_at(range.start);
        let last_run = self.p.run_at(range.end - 1);
        let kinds = || self.p.runs[first_run..=last_run].iter().map(|r| r.kind);
        let url = kinds().any(|k| k == RunKind::Url) || looks_like_url(word);
        let no_hyphen = url || kinds().any(|k| matches!(k, RunKind::NoHyphen | RunKind::NoBreak));
        let cut = |pos, penalty, hyphen, flagged, level| Cut {
            pos,
            penalty,
            hyphen,
            flagged,
            level,
        };
        if url {
            url_cuts(word, range.start, cuts);
            return;
        }
        let lo = self.opportunities.partition_point(|&p| p <= range.start);
        let hi = self.opportunities.partition_point(|&p| p < range.end);
        let has_shy = word.contains(SHY);
        for &pos in &self.opportunities[lo..hi] {
            let Some(before) = text[..pos].chars().next_back() else {
                continue;
            };
            if before == SHY {
                if !no_hyphen {
                    cuts.push(cut(
                        pos,
                        self.options.hyphen_penalty,
                        true,
                        true,
                        BreakLevel::Normal,
                    ));
                }
            } else if is_hard_hyphen(before) {
                let left = text[range.start..pos]
                    .chars()
                    .rev()
                    .skip(1)
                    .take_while(|c| !is_hard_hyphen(*c))
                    .filter(|c| c.is_alphanumeric())
                    .count();
                let right = text[pos..range.end]
                    .chars()
                    .take_while(|c| !is_hard_hyphen(*c))
                    .filter(|c| c.is_alphanumeric())
                    .count();
                if left >= 2 && right >= 2 {
                    cuts.push(cut(pos, EX_HYPHEN_PENALTY, false, true, BreakLevel::Normal));
                }
            } else if before != SHY {
                cuts.push(cut(
                    pos,
                    WORD_BREAK_PENALTY,
                    false,
                    false,
                    BreakLevel::Normal,
                ));
            }
        }
        if no_hyphen || has_shy || !self.options.hyphenate {
            return;
        }
        // Pattern hyphenation of every part of a compound written with hard
        // hyphens (`MS-symp-to-men`), each part bare of punctuation; a final
        // `’s` (`pro-gram-ma’s`) stays with its word.
        let mut part_start = 0;
        let parts = word
            .char_indices()
            .filter(|&(_, c)| is_hard_hyphen(c))
            .map(|(i, c)| (i, i + c.len_utf8()))
            .chain(std::iter::once((word.len(), word.len())));
        for (part_end, next_start) in parts {
            let part = &word[part_start..part_end];
            let offset = range.start + part_start;
            part_start = next_start;
            let Some(cs) = part.find(char::is_alphanumeric) else {
                continue;
            };
            let ce = part
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_alphanumeric())
                .map_or(part.len(), |(i, c)| i + c.len_utf8());
            let mut core = &part[cs..ce];
            if let Some(a) = core.find(['\'', '\u{2019}']) {
                let suffix = &core[a..];
                let suffix_letters = suffix.chars().skip(1);
                if suffix_letters.clone().count() > 3
                    || !suffix_letters.clone().all(char::is_alphabetic)
                {
                    continue;
                }
                core = &core[..a];
            }
            if !core.chars().all(char::is_alphabetic) {
                continue;
            }
            self.points.clear();
            self.rules.points(core, &mut self.scratch, &mut self.points);
            for &p in &self.points {
                cuts.push(cut(
                    offset + cs + p,
                    self.options.hyphen_penalty,
                    true,
                    true,
                    BreakLevel::Hyphenation,
                ));
            }
        }
        cuts.sort_by_key(|c| c.pos);
        cuts.dedup_by_key(|c| c.pos);
    }

    fn word(&mut self, range: Range<usize>) {
        let mut cuts = std::mem::take(&mut self.cut_buf);
        cuts.clear();
        self.cuts(range.clone(), &mut cuts);
        let p = &self.p;
        cuts.retain(|c| !p.inside_no_break(c.pos, c.pos));
        // Segments of one run and one bidi level, shaped once each.
        let mut segments = std::mem::take(&mut self.segment_buf);
        segments.clear();
        let mut s = range.start;
        while s < range.end {
            let run = self.p.run_at(s);
            let level = self.level_at(s);
            let mut e = self.p.runs[run].range.end.min(range.end);
            if self.levels.is_some() {
                let mut k = s;
                while k < e {
                    if self.level_at(k) != level {
                        break;
                    }
                    k += self.p.text[k..].chars().next().map_or(1, char::len_utf8);
                }
                e = k;
            }
            if e <= s {
                e = s + self.p.text[s..].chars().next().map_or(1, char::len_utf8);
            }
            let RunInfo { font, size, .. } = self.p.runs[run];
            let glyphs = self.shaper.shape(
                &self.p.text,
                s..e,
                font,
                size,
                level % 2 == 1,
                &mut self.p.glyphs,
            );
            segments.push((s..e, run, level, glyphs));
            s = e;
        }
        let mut ci = 0;
        for (seg_index, (text_range, run, level, glyphs)) in segments.iter().enumerate() {
            let (run, level) = (*run, *level);
            // A cut at the segment boundary is always safe.
            while ci < cuts.len() && cuts[ci].pos <= text_range.start {
                if cuts[ci].pos == text_range.start && seg_index > 0 {
                    let prev_run = segments[seg_index - 1].1;
                    self.simple_cut(cuts[ci], prev_run, level);
                }
                ci += 1;
            }
            let mut cursor = glyphs.start;
            let mut last_end = text_range.start;
            while ci < cuts.len() && cuts[ci].pos < text_range.end {
                let cut = cuts[ci];
                ci += 1;
                let b = cut.pos;
                if b < last_end {
                    continue;
                }
                let g = (cursor..glyphs.end)
                    .find(|&g| self.p.glyphs[g].cluster as usize >= b)
                    .unwrap_or(glyphs.end);
                if g == cursor {
                    // Nothing of this segment before the cut (or the cut is
                    // inside material already consumed): ignore it.
                    continue;
                }
                let before = self.p.glyphs[g - 1];
                let mid = before.end as usize > b;
                let unsafe_here = g < glyphs.end
                    && self.p.glyphs[g].cluster as usize == b
                    && self.p.glyphs[g].unsafe_to_break;
                if !mid && !unsafe_here {
                    self.push_box(cursor..g, run, level);
                    self.simple_cut(cut, run, level);
                    cursor = g;
                    continue;
                }
                // Discretionary: reshape both sides of the cut.
                let mut gs = g - 1;
                while gs > cursor && self.p.glyphs[gs - 1].cluster == before.cluster {
                    gs -= 1;
                }
                if gs < cursor || self.p.glyphs[gs].cluster != before.cluster {
                    continue;
                }
                let (ge, ce) = if mid {
                    (g, before.end as usize)
                } else {
                    let at = self.p.glyphs[g];
                    let mut ge = g;
                    while ge < glyphs.end && self.p.glyphs[ge].cluster == at.cluster {
                        ge += 1;
                    }
                    (ge, at.end as usize)
                };
                let cs = before.cluster as usize;
                self.push_box(cursor..gs, run, level);
                let RunInfo { font, size, .. } = self.p.runs[run];
                let rtl = level % 2 == 1;
                let pre =
                    self.shaper
                        .shape(&self.p.text, cs..b, font, size, rtl, &mut self.p.glyphs);
                let pre = if cut.hyphen {
                    self.push_hyphen(run);
                    pre.start..self.p.glyphs.len()
                } else {
                    pre
                };
                let post =
                    self.shaper
                        .shape(&self.p.text, b..ce, font, size, rtl, &mut self.p.glyphs);
                let nobreak = gs..ge;
                let item = Item {
                    width: self.p.width(&nobreak),
                    pre_width: self.p.width(&pre),
                    post_width: self.p.width(&post),
                    level: cut.level,
                    ..Item::penalty(cut.penalty, 0.0, cut.flagged)
                };
                self.p.push(
                    item,
                    Content {
                        glyphs: nobreak,
                        pre,
                        post,
                        run,
                        level,
                        hyphen: cut.hyphen,
                    },
                );
                cursor = ge;
                last_end = ce;
            }
            self.push_box(cursor..glyphs.end, run, level);
        }
        self.cut_buf = cuts;
        self.segment_buf = segments;
    }

    fn push_box(&mut self, glyphs: Range<usize>, run: usize, level: u8) {
        if glyphs.is_empty() {
            return;
        }
        let width = self.p.width(&glyphs);
        self.p.push(
            Item::boxed(width),
            Content {
                glyphs,
                run,
                level,
                ..Content::default()
            },
        );
    }

    fn push_hyphen(&mut self, run: usize) {
        let RunInfo { font, size, .. } = self.p.runs[run];
        let (id, advance) = self.shaper.simple_glyph(font, size, '-', '\u{2010}');
        self.p.glyphs.push(Glyph {
            id,
            advance,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster: 0,
            end: 0,
            text: GlyphText::Hyphen,
            unsafe_to_break: false,
        });
    }

    fn simple_cut(&mut self, cut: Cut, run: usize, level: u8) {
        let pre = if cut.hyphen {
            let start = self.p.glyphs.len();
            self.push_hyphen(run);
            start..self.p.glyphs.len()
        } else {
            0..0
        };
        let item = Item {
            pre_width: self.p.width(&pre),
            level: cut.level,
            ..Item::penalty(cut.penalty, 0.0, cut.flagged)
        };
        self.p.push(
            item,
            Content {
                pre,
                run,
                level,
                hyphen: cut.hyphen,
                ..Content::default()
            },
        );
    }
}

/// Break opportunities of a URL or e-mail address starting at `offset`:
/// after `/` (not inside `//`), `.`, `-`, `?`, `&`, `@`, when followed by more
/// address; and, as a last resort, between any two alphanumerics.
fn url_cuts(word: &str, offset: usize, cuts: &mut Vec<Cut>) {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    // Do not break inside the scheme (`https://`).
    let scheme_end = word.find("://").map_or(0, |i| i + 3);
    for k in 0..chars.len().saturating_sub(1) {
        let (i, c) = chars[k];
        let (j, next) = chars[k + 1];
        if j <= scheme_end {
            continue;
        }
        let rest_has_alnum = chars[k + 1..].iter().any(|(_, c)| c.is_alphanumeric());
        let normal = match c {
            '/' => next != '/' && rest_has_alnum,
            '.' | '-' | '?' | '&' | '@' | '_' | '=' | '#' => next.is_alphanumeric(),
            _ => false,
        };
        let _ = i;
        if normal {
            cuts.push(Cut {
                pos: offset + j,
                penalty: if c == '/' { 0.0 } else { WORD_BREAK_PENALTY },
                hyphen: false,
                flagged: false,
                level: BreakLevel::Normal,
            });
        } else if c.is_alphanumeric() && next.is_alphanumeric() {
            cuts.push(Cut {
                pos: offset + j,
                penalty: EMERGENCY_PENALTY,
                hyphen: false,
                flagged: false,
                level: BreakLevel::Emergency,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_detection() {
        assert!(looks_like_url("https://www.msif.org/about-us/"));
        assert!(looks_like_url("www.msif.org"));
        assert!(looks_like_url("info@msif.org."));
        assert!(!looks_like_url("MS-symptomen"));
        assert!(!looks_like_url("@home"));
    }

    #[test]
    fn url_cuts_after_slash_dot_hyphen() {
        let mut cuts = Vec::new();
        let url = "https://www.msif.org/about-us/";
        url_cuts(url, 0, &mut cuts);
        let normal: Vec<&str> = cuts
            .iter()
            .filter(|c| c.level == BreakLevel::Normal)
            .map(|c| &url[..c.pos])
            .collect();
        assert_eq!(
            normal,
            [
                "https://www.",
                "https://www.msif.",
                "https://www.msif.org/",
                "https://www.msif.org/about-"
            ]
        );
    }
}
