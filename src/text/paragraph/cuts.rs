//! Break opportunities inside a word: UAX #14 restricted and extended by
//! the brochure's rules (soft and hard hyphens, URLs and e-mail addresses,
//! pattern hyphenation of each part of a compound).

use std::ops::Range;

use super::builder::{Builder, Cut};
use super::{EMERGENCY_PENALTY, EX_HYPHEN_PENALTY, WORD_BREAK_PENALTY};
use crate::text::breaks::BreakLevel;
use crate::text::shape::SHY;
use crate::text::{LONG_WORD_CHARS, RunKind};

/// Hyphens written in the text (hyphen-minus, hyphen).
fn is_hard_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}')
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

impl Builder<'_> {
    /// Break opportunities inside the word `range`, into `cuts`.
    pub(super) fn cuts(&mut self, range: Range<usize>, cuts: &mut Vec<Cut>) {
        let text = &self.p.text;
        let word = &text[range.clone()];
        let first_run = self.p.run_at(range.start);
        let last_run = self.p.run_at(range.end - 1);
        let kinds = || self.p.runs[first_run..=last_run].iter().map(|r| r.kind);
        let url = kinds().any(|k| k == RunKind::Url) || looks_like_url(word);
        let no_hyphen = url || kinds().any(|k| matches!(k, RunKind::NoHyphen | RunKind::NoBreak));
        let cut = Cut::new;
        if url {
            url_cuts(word, range.start, cuts);
            return;
        }
        if word.chars().nth(LONG_WORD_CHARS - 1).is_some() {
            forced_cuts(word, range.start, cuts);
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
        if !(no_hyphen || has_shy || !self.options.hyphenate) {
            self.pattern_cuts(range, cuts);
        }
        // the forced cuts come first: a better cut at the same place wins
        cuts.sort_by_key(|c| c.pos);
        cuts.dedup_by(|later, earlier| {
            let same = later.pos == earlier.pos;
            if same && earlier.level == BreakLevel::Emergency {
                *earlier = *later;
            }
            same
        });
    }

    /// Pattern hyphenation of every part of the word `range`, into `cuts`.
    fn pattern_cuts(&mut self, range: Range<usize>, cuts: &mut Vec<Cut>) {
        let word = &self.p.text[range.clone()];
        let start = range.start;
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
            let offset = start + part_start;
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
                cuts.push(Cut::new(
                    offset + cs + p,
                    self.options.hyphen_penalty,
                    true,
                    true,
                    BreakLevel::Hyphenation,
                ));
            }
        }
    }
}

/// Emergency cuts of a long word starting at `offset` (see
/// [`LONG_WORD_CHARS`]): between any two characters, except before a
/// combining mark, a joiner or a variation selector, so that a word wider
/// than its column is broken there in the final pass, never set off the page.
fn forced_cuts(word: &str, offset: usize, cuts: &mut Vec<Cut>) {
    use unicode_linebreak::{BreakClass, break_property};
    for (i, c) in word.char_indices().skip(1) {
        let joins = matches!(
            break_property(u32::from(c)),
            BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner
        );
        if !joins && !('\u{FE00}'..='\u{FE0F}').contains(&c) {
            let level = BreakLevel::Emergency;
            cuts.push(Cut::new(offset + i, EMERGENCY_PENALTY, false, false, level));
        }
    }
}

/// Break opportunities of a URL or e-mail address starting at `offset`:
/// after `/` (not inside `//`), `.`, `-`, `?`, `&`, `@`, when followed by more
/// address; and, as a last resort, between any two alphanumerics.
fn url_cuts(word: &str, offset: usize, cuts: &mut Vec<Cut>) {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    // Do not break inside the scheme (`https://`).
    let scheme_end = word.find("://").map_or(0, |i| i + 3);
    // the index of the last alphanumeric: found once, so that the loop stays
    // linear in the URL's length
    let last_alnum = chars.iter().rposition(|(_, c)| c.is_alphanumeric());
    for k in 0..chars.len().saturating_sub(1) {
        let (i, c) = chars[k];
        let (j, next) = chars[k + 1];
        if j <= scheme_end {
            continue;
        }
        let rest_has_alnum = last_alnum.is_some_and(|l| l > k);
        let normal = match c {
            '/' => next != '/' && rest_has_alnum,
            '.' | '-' | '?' | '&' | '@' | '_' | '=' | '#' => next.is_alphanumeric(),
            _ => false,
        };
        let _ = i;
        if normal {
            let penalty = if c == '/' { 0.0 } else { WORD_BREAK_PENALTY };
            cuts.push(Cut::new(
                offset + j,
                penalty,
                false,
                false,
                BreakLevel::Normal,
            ));
        } else if c.is_alphanumeric() && next.is_alphanumeric() {
            let level = BreakLevel::Emergency;
            cuts.push(Cut::new(offset + j, EMERGENCY_PENALTY, false, false, level));
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
