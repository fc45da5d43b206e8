//! TeX hyphenation patterns that hypher does not ship (British English),
//! read from the `.tex` files in `patterns/` and matched with Liang's
//! algorithm.
//!
//! Why written by hand: hypher embeds only the tries its own generator
//! compiled from hyph-utf8 (US English for `en`, no en-GB) and has no API to
//! load another trie (its trie reader is private), and no other crate
//! matches TeX patterns without pulling in a dictionary format of its own.
//! Liang's algorithm is short: every pattern (`.ab4i`, `z5zot`) is a string
//! of letters with a level between each two; each substring of the dotted
//! word (`.word.`) that is a pattern raises the levels at its positions, and
//! the word may break where the highest level is odd.
//!
//! The `.tex` file is embedded with `include_str!` and compiled into a byte
//! trie once per process, on first use (8,527 patterns in about 2 ms);
//! matching then walks the trie from each character of the word, as hypher
//! does: the ~5,000 words of the English guide take about 3 ms in all, and
//! the paragraph builder memoises each word's points. Deterministic: the levels are a
//! maximum over all matches, whatever their order. The file's own
//! `\hyphenation{...}` exceptions replace the patterns for their words, as
//! in TeX.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::PatternSet;

/// The British English patterns, as shipped by hyph-utf8 (see
/// `patterns/README.md`).
const EN_GB: &str = include_str!("../../patterns/hyph-en-gb.tex");

/// Compiled patterns and exceptions of one `.tex` file.
#[derive(Debug)]
pub(crate) struct TexPatterns {
    /// Trie nodes; node 0 is the root.
    nodes: Vec<Node>,
    /// The file's exceptions: lowercase word → character indices of breaks.
    exceptions: HashMap<String, Vec<usize>>,
    /// Smallest fragments before and after a break the file asks for
    /// (its `hyphenmins`).
    bounds: (usize, usize),
}

/// One trie node: the pattern prefix spelled by the path to it.
#[derive(Debug, Default)]
struct Node {
    /// Outgoing edges, by byte.
    next: Vec<(u8, u32)>,
    /// When a pattern ends here: (position from the pattern's start, level)
    /// of each of its non-zero levels.
    levels: Vec<(u8, u8)>,
}

/// The compiled patterns of a set, built on first use.
pub(crate) fn get(set: PatternSet) -> &'static TexPatterns {
    static EN_GB_TRIE: OnceLock<TexPatterns> = OnceLock::new();
    match set {
        PatternSet::EnGb => EN_GB_TRIE.get_or_init(|| TexPatterns::parse(EN_GB, (2, 3))),
    }
}

impl TexPatterns {
    /// Compiles the `\patterns{...}` and `\hyphenation{...}` groups of a TeX
    /// pattern file (`%` starts a comment); `bounds` are its hyphenmins.
    fn parse(tex: &str, bounds: (usize, usize)) -> TexPatterns {
        let mut t = TexPatterns {
            nodes: vec![Node::default()],
            exceptions: HashMap::new(),
            bounds,
        };
        let text: String = tex
            .lines()
            .map(|l| l.split('%').next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        for (command, insert) in [
            (
                "\\patterns{",
                TexPatterns::insert as fn(&mut TexPatterns, &str),
            ),
            ("\\hyphenation{", TexPatterns::insert_exception),
        ] {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(command) {
                let body = &rest[at + command.len()..];
                let end = body.find('}').unwrap_or(body.len());
                for token in body[..end].split_whitespace() {
                    insert(&mut t, token);
                }
                rest = &body[end..];
            }
        }
        t
    }

    /// Adds a pattern such as `.ab4i` to the trie.
    fn insert(&mut self, pattern: &str) {
        let mut node = 0usize;
        let mut position = 0u8;
        let mut levels = Vec::new();
        for b in pattern.bytes() {
            if b.is_ascii_digit() {
                if b > b'0' {
                    levels.push((position, b - b'0'));
                }
                continue;
            }
            let found = self.nodes[node].next.iter().find(|(c, _)| *c == b);
            node = match found {
                Some(&(_, to)) => to as usize,
                None => {
                    let to = self.nodes.len();
                    self.nodes.push(Node::default());
                    self.nodes[node].next.push((b, to as u32));
                    to
                }
            };
            position = position.saturating_add(1);
        }
        self.nodes[node].levels = levels;
    }

    /// Adds an exception such as `uni-ver-sity`.
    fn insert_exception(&mut self, entry: &str) {
        let mut word = String::with_capacity(entry.len());
        let mut points = Vec::new();
        for c in entry.chars() {
            if c == '-' {
                points.push(word.chars().count());
            } else {
                word.extend(c.to_lowercase());
            }
        }
        self.exceptions.insert(word, points);
    }

    /// The file's smallest fragments before and after a break.
    pub(crate) fn bounds(&self) -> (usize, usize) {
        self.bounds
    }

    /// Pushes the byte offsets within `word` where it may break, leaving at
    /// least `left` characters before and `right` after each.
    pub(crate) fn points(&self, word: &str, left: usize, right: usize, out: &mut Vec<usize>) {
        let chars = word.chars().count();
        let allowed = |ci: usize| ci >= left.max(1) && chars.saturating_sub(ci) >= right.max(1);
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        if let Some(points) = self.exceptions.get(&lower) {
            for (ci, (bi, _)) in word.char_indices().enumerate() {
                if points.contains(&ci) && allowed(ci) {
                    out.push(bi);
                }
            }
            return;
        }
        // `.word.`, lowercased where that keeps each character's length, so
        // that byte offsets match the word's.
        let mut dotted = Vec::with_capacity(word.len() + 2);
        dotted.push(b'.');
        let mut buf = [0u8; 4];
        for c in word.chars() {
            let mut lower = c.to_lowercase();
            let c = match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            };
            dotted.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        dotted.push(b'.');
        // levels[p]: the level between dotted[p - 1] and dotted[p].
        let mut levels = vec![0u8; dotted.len() + 1];
        for start in 0..dotted.len() {
            if (dotted[start] as i8) < -0x40 {
                continue; // not the first byte of a character
            }
            let mut node = &self.nodes[0];
            for &b in &dotted[start..] {
                let Some(&(_, to)) = node.next.iter().find(|(c, _)| *c == b) else {
                    break;
                };
                node = &self.nodes[to as usize];
                for &(at, level) in &node.levels {
                    let slot = &mut levels[start + usize::from(at)];
                    *slot = (*slot).max(level);
                }
            }
        }
        for (ci, (bi, _)) in word.char_indices().enumerate() {
            if levels[bi + 1] % 2 == 1 && allowed(ci) {
                out.push(bi);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    fn split(word: &str) -> String {
        let p = get(PatternSet::EnGb);
        let mut points = Vec::new();
        p.points(word, 2, 3, &mut points);
        let mut s = String::new();
        let mut last = 0;
        for at in points {
            s.push_str(&word[last..at]);
            s.push('-');
            last = at;
        }
        s.push_str(&word[last..]);
        s
    }

    #[test]
    fn the_shipped_file_is_the_one_the_readme_names() {
        let hash = sha2::Sha256::digest(EN_GB.as_bytes());
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        let readme = include_str!("../../patterns/README.md");
        assert!(readme.contains(&hex), "patterns/README.md lacks {hex}");
        assert!(EN_GB.contains("name: MIT"), "the licence header is kept");
    }

    #[test]
    fn the_whole_file_is_read() {
        let p = get(PatternSet::EnGb);
        let ends = p.nodes.iter().filter(|n| !n.levels.is_empty()).count();
        // 8,527 patterns; a few are prefixes of others with no level of
        // their own, none is lost.
        assert!((8_400..=8_527).contains(&ends), "{ends} patterns");
        assert_eq!(p.exceptions.len(), 8);
        assert_eq!(p.bounds(), (2, 3));
    }

    #[test]
    fn british_breaks() {
        // as LibreOffice's hyph_en_GB.dic (made from the same file) splits
        assert_eq!(split("gastrointestinal"), "gastrointest-inal");
        assert_eq!(split("rehabilitation"), "re-hab-il-it-a-tion");
        assert_eq!(split("immunotherapy"), "im-mun-o-ther-apy");
        assert_eq!(split("Methylprednisolone"), "Methyl-pred-niso-lone");
        // the patterns alone keep a bad break here (hence the exception
        // in source/en/language.toml)
        assert_eq!(split("corticosteroids"), "cor-ticos-t-er-oids");
        // the file's own exceptions win over its patterns, whatever the case
        assert_eq!(split("university"), "uni-ver-sity");
        assert_eq!(split("University"), "Uni-ver-sity");
        assert_eq!(split("manuscripts"), "ma-nu-scripts");
        assert_eq!(split("throughout"), "through-out");
    }

    #[test]
    fn fragments_respect_the_bounds() {
        let p = get(PatternSet::EnGb);
        for word in ["abolition", "university", "rehabilitation", "immunotherapy"] {
            for (left, right) in [(2, 3), (3, 4), (1, 1)] {
                let mut points = Vec::new();
                p.points(word, left, right, &mut points);
                for at in points {
                    assert!(word[..at].chars().count() >= left, "{word} {at}");
                    assert!(word[at..].chars().count() >= right, "{word} {at}");
                }
            }
        }
        let mut points = Vec::new();
        p.points("a", 2, 3, &mut points);
        p.points("", 2, 3, &mut points);
        p.points("éàü", 2, 3, &mut points);
        assert!(points.is_empty());
    }
}
