//! The line-breaking quality report written by `brochure build --report`.
//!
//! Per paragraph and line: adjustment ratio, hyphen flag, glyph count; and a
//! summary over the justified body text (lines, mean and 95th-percentile
//! word-space factor, hyphenated share, longest run of hyphenated lines,
//! overfull and loose lines), so that quality can be compared across changes.

use serde::Serialize;

use crate::layout::{LineReport, ParagraphReport};

/// The word space of a line relative to the natural space, as set by the
/// text engine ([`crate::text::Line::space_factor`]).
pub fn space_factor(line: &LineReport) -> f32 {
    line.space
}

/// Summary numbers over all justified lines (last lines excluded).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Paragraphs reported.
    pub paragraphs: usize,
    /// All lines.
    pub lines: usize,
    /// Justified lines that are not a paragraph's last.
    pub justified_lines: usize,
    /// Mean word-space factor of those lines.
    pub mean_space: f32,
    /// 95th percentile of the word-space factor.
    pub p95_space: f32,
    /// Largest word-space factor.
    pub max_space: f32,
    /// Justified lines with a word space over twice the natural one, URL lines aside.
    pub loose_lines: usize,
    /// Lines wider than their measure.
    pub overfull_lines: usize,
    /// Share of all lines that end in an added hyphen.
    pub hyphen_share: f32,
    /// Longest run of consecutive hyphenated lines.
    pub longest_hyphen_run: usize,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    /// Summary numbers.
    pub summary: Summary,
    /// Every paragraph.
    pub paragraphs: &'a [ParagraphReport],
}

/// Computes the summary of a set of paragraph reports.
pub fn summarize(paras: &[ParagraphReport]) -> Summary {
    let mut spaces = Vec::new();
    let (mut lines, mut hyphens, mut longest, mut loose, mut overfull) = (0, 0, 0, 0, 0);
    for p in paras {
        let mut run = 0;
        for l in &p.lines {
            lines += 1;
            if l.hyphen {
                hyphens += 1;
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
            if l.ratio < -1.0 {
                overfull += 1;
            }
            if p.justified && !l.last {
                let f = space_factor(l);
                if f > 2.0 && !l.url {
                    loose += 1;
                }
                spaces.push(f);
            }
        }
    }
    spaces.sort_by(f32::total_cmp);
    let mean = if spaces.is_empty() {
        0.0
    } else {
        spaces.iter().sum::<f32>() / spaces.len() as f32
    };
    let p95 = spaces
        .get(((spaces.len() as f32 * 0.95) as usize).min(spaces.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    Summary {
        paragraphs: paras.len(),
        lines,
        justified_lines: spaces.len(),
        mean_space: mean,
        p95_space: p95,
        max_space: spaces.last().copied().unwrap_or(0.0),
        loose_lines: loose,
        overfull_lines: overfull,
        hyphen_share: if lines == 0 {
            0.0
        } else {
            hyphens as f32 / lines as f32
        },
        longest_hyphen_run: longest,
    }
}

/// The report as pretty-printed JSON.
pub fn to_json(paras: &[ParagraphReport]) -> String {
    let report = Report {
        summary: summarize(paras),
        paragraphs: paras,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
