//! Language tags and word counts: which language of the project a BCP 47
//! tag names ([`language_for`]), and the source words of a translation by
//! state ([`WordCounts`]), for quoting.

use super::translation::{Status, UnitState};

/// The language of the project a BCP 47 tag names: the tag itself when
/// `brochure.toml` lists it, else its entry in `[language_aliases]`, else
/// the tag without its region and other subtags (`en-GB`, `en_US` → `en`)
/// when that is listed; `None` otherwise. Case is ignored.
pub fn language_for(
    languages: &[String],
    aliases: &[(String, String)],
    tag: &str,
) -> Option<String> {
    let listed = |l: &str| {
        languages
            .iter()
            .find(|x| x.eq_ignore_ascii_case(l))
            .cloned()
    };
    if let Some(l) = listed(tag) {
        return Some(l);
    }
    if let Some((_, to)) = aliases
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(tag))
    {
        return listed(to);
    }
    listed(tag.split(['-', '_']).next().unwrap_or(tag))
}

/// Source words to translate in one language, for quoting (agencies quote
/// per source word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordCounts {
    /// Words of the blocks without a translation.
    pub new: usize,
    /// Words of the blocks whose source changed since their translation.
    pub stale: usize,
    /// Words of the whole source.
    pub total: usize,
}

/// The words of a field's raw markup: runs between white space that hold a
/// letter or digit (a citation `[15]` and a URL count as one word each).
pub fn words(raw: &str) -> usize {
    raw.split(char::is_whitespace)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

impl Status {
    /// Source words by state (orphans have no source and count nowhere).
    pub fn word_counts(&self) -> WordCounts {
        let mut c = WordCounts::default();
        for u in &self.units {
            let n: usize = u.source.iter().map(|(_, raw)| words(raw)).sum();
            c.total += n;
            match u.state {
                UnitState::Missing => c.new += n,
                UnitState::Stale => c.stale += n,
                UnitState::Translated | UnitState::Orphaned => {}
            }
        }
        c
    }
}
