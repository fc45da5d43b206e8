//! Handouts: a short document of chosen sections or headings of the brochure
//! (`build --only ID[,ID…]`).
//!
//! [`select`] cuts a handout's [`Document`] out of the whole one. An id is a
//! section number (`4`), a section id, or a block id:
//!
//! * a section (by number or id) brings the whole section, lead included;
//! * a level-2 heading brings its subsection: the blocks up to the next
//!   level-2 heading or the end of the section; a level-3 heading brings the
//!   blocks up to the next heading of level 2 or 3;
//! * any other block brings just itself.
//!
//! The chosen blocks keep their section (its number and title open them, the
//! lead only when the whole section is chosen) and their reading order,
//! whatever the order of the ids. The disclaimer (the front block
//! `front-disclaimer`) is always included. Sections follow each other
//! without a page break where there is room. Citations keep their numbers, and
//! the reference list keeps only the entries the handout cites.

use std::collections::BTreeSet;
use std::fmt;

use super::{BlockKind, Document, Inline, Section};

/// The block id of the disclaimer every handout carries.
pub const DISCLAIMER: &str = "front-disclaimer";

/// What a handout holds, for its cover and file name.
#[derive(Debug, Clone, PartialEq)]
pub struct Handout {
    /// The ids as asked for, in the order given.
    pub ids: Vec<String>,
    /// Titles of the chosen parts in reading order (a section's title, a
    /// heading's title; a block that is neither brings its section's title).
    pub titles: Vec<String>,
}

/// An id that names no section or block.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownId {
    /// The id asked for.
    pub id: String,
    /// Ids that look like it, best first.
    pub near: Vec<String>,
}

impl fmt::Display for UnknownId {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = &self.id;
        write!(
            out,
            "`{id}` is not a section number, section id or block id"
        )?;
        match self.near.as_slice() {
            [] => Ok(()),
            near => write!(out, "; did you mean {}?", near.join(", ")),
        }
    }
}

/// What one id chooses.
enum Choice {
    /// A whole section (index).
    Section(usize),
    /// Blocks `range` of section `usize`.
    Blocks(usize, std::ops::Range<usize>),
    /// A front-matter block (index).
    Front(usize),
}

/// Cuts the handout of the parts `ids` name out of `doc`. Every unknown id
/// is reported, each with the ids nearest to it.
pub fn select(doc: &Document, ids: &[String]) -> Result<(Document, Handout), Vec<UnknownId>> {
    let mut choices = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match find(doc, id.trim()) {
            Some(c) => choices.push(c),
            None => unknown.push(UnknownId {
                id: id.clone(),
                near: near_ids(doc, id.trim()),
            }),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    // per section: whole, or the set of chosen block indices
    let mut whole = vec![false; doc.sections.len()];
    let mut chosen: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); doc.sections.len()];
    let mut front: BTreeSet<usize> = BTreeSet::new();
    if let Some(i) = doc.front.iter().position(|b| b.id == DISCLAIMER) {
        front.insert(i);
    }
    for c in &choices {
        match c {
            Choice::Section(s) => whole[*s] = true,
            Choice::Blocks(s, r) => chosen[*s].extend(r.clone()),
            Choice::Front(i) => {
                front.insert(*i);
            }
        }
    }
    let titles = titles(doc, &choices);
    let mut sections = Vec::new();
    for (i, s) in doc.sections.iter().enumerate() {
        if whole[i] {
            sections.push(s.clone());
        } else if !chosen[i].is_empty() {
            sections.push(Section {
                lead: None,
                blocks: chosen[i].iter().map(|&b| s.blocks[b].clone()).collect(),
                ..s.clone()
            });
        }
    }
    let mut out = Document {
        front: front.iter().map(|&i| doc.front[i].clone()).collect(),
        sections,
        references: Vec::new(),
        ..doc.clone()
    };
    // a handout is short: its sections follow each other (and the cover)
    // on the same page where there is room
    out.settings.sections_start_new_page = false;
    let cited: BTreeSet<u32> = out
        .citations()
        .iter()
        .flat_map(|c| c.numbers.iter().copied())
        .collect();
    out.references = doc
        .references
        .iter()
        .filter(|r| cited.contains(&r.number))
        .cloned()
        .collect();
    Ok((
        out,
        Handout {
            ids: ids.to_vec(),
            titles,
        },
    ))
}

/// The titles of the chosen parts in reading order, each once.
fn titles(doc: &Document, choices: &[Choice]) -> Vec<String> {
    let mut titled: Vec<((usize, usize), String)> = choices
        .iter()
        .map(|c| match c {
            Choice::Section(s) => {
                let sec = &doc.sections[*s];
                ((s + 1, 0), sec.title.clone())
            }
            Choice::Blocks(s, r) => {
                let sec = &doc.sections[*s];
                let title = match &sec.blocks[r.start].kind {
                    BlockKind::Heading { title, .. } => Inline::plain_text(title),
                    _ => sec.title.clone(),
                };
                ((s + 1, r.start), title)
            }
            Choice::Front(i) => {
                let title = match &doc.front[*i].kind {
                    BlockKind::Notice { title, .. } => Inline::plain_text(title),
                    _ => doc.front[*i].id.clone(),
                };
                ((0, *i), title)
            }
        })
        .collect();
    titled.sort();
    let mut titles: Vec<String> = Vec::new();
    for (_, t) in titled {
        if !titles.contains(&t) {
            titles.push(t);
        }
    }
    titles
}

/// What `id` names, if anything.
fn find(doc: &Document, id: &str) -> Option<Choice> {
    if let Ok(n) = id.parse::<u32>() {
        return doc
            .sections
            .iter()
            .position(|s| s.number == n)
            .map(Choice::Section);
    }
    if let Some(s) = doc.sections.iter().position(|s| s.id == id) {
        return Some(Choice::Section(s));
    }
    if let Some(i) = doc.front.iter().position(|b| b.id == id) {
        return Some(Choice::Front(i));
    }
    for (s, sec) in doc.sections.iter().enumerate() {
        let Some(b) = sec.blocks.iter().position(|b| b.id == id) else {
            continue;
        };
        let end = match &sec.blocks[b].kind {
            BlockKind::Heading { level, .. } => sec.blocks[b + 1..]
                .iter()
                .position(|x| matches!(x.kind, BlockKind::Heading { level: l, .. } if l <= *level))
                .map_or(sec.blocks.len(), |k| b + 1 + k),
            _ => b + 1,
        };
        return Some(Choice::Blocks(s, b..end));
    }
    None
}

/// Up to six ids like `id`: those containing it (or contained in it), then
/// those within a small edit distance, nearest first.
fn near_ids(doc: &Document, id: &str) -> Vec<String> {
    let mut all: Vec<String> = doc.sections.iter().map(|s| s.number.to_string()).collect();
    all.extend(doc.sections.iter().map(|s| s.id.clone()));
    all.extend(doc.blocks().map(|b| b.id.clone()));
    let want = id.to_lowercase();
    let limit = (want.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, String)> = all
        .into_iter()
        .filter_map(|cand| {
            let d = crate::diag::edit_distance(&want, &cand);
            let contains = want.len() >= 3 && (cand.contains(&want) || want.contains(&cand));
            if contains {
                Some((0, cand))
            } else if d <= limit {
                Some((d, cand))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(6).map(|(_, c)| c).collect()
}
