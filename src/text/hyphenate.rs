//! Hyphenation: where a word may be broken with an added hyphen.
//!
//! Patterns come from the `hypher` crate (TeX patterns compiled into tries,
//! no allocation per word for normal word lengths), or, for a language whose
//! `language.toml` names a pattern set hypher lacks (`patterns = "en-gb"`:
//! hypher's `en` is US English, which breaks British words wrongly, as in
//! "corticos-teroids"), from [`super::tex_patterns`]. On top of them this
//! module adds what the patterns do not do:
//!
//! * per-language exception lists (`"ziek-te-mo-di-fi-ce-ren-de"`), matched
//!   case-insensitively, which replace the patterns for that word;
//! * minimum fragment lengths (at least 2 characters before and 3 after a
//!   hyphen for every language, more if the patterns demand it), for
//!   pattern and exception points alike (`ziek-te-mo-di-fi-ce-ren-de` never
//!   leaves `de` alone on a line);
//! * the policy of which words are never hyphenated: anything that is not
//!   purely alphabetic (numbers, words with digits, URLs, e-mail addresses)
//!   and abbreviations or other words with a capital letter after the first
//!   character (`MS`, `IVIG`, `DMT’s`).
//!
//! Soft hyphens, hard hyphens and apostrophes are handled by the paragraph
//! builder: a word with soft hyphens uses only those; a compound with hard
//! hyphens breaks after them and its parts are hyphenated each on its own
//! (`MS-symp-to-men`, `D-sup-ple-men-ten`); an ending after an apostrophe
//! stays with its word (`pro-gram-ma’s`).

use std::collections::HashMap;
use std::sync::RwLock;

use super::fonts::TextError;
use super::tex_patterns::{self, TexPatterns};
use crate::model::HyphenationRule;

/// Smallest number of characters before a pattern hyphen, for every language.
const MIN_LEFT: usize = 2;
/// Smallest number of characters after a pattern hyphen, for every language.
const MIN_RIGHT: usize = 3;

/// Exceptions of one language: lowercase word → character indices of breaks.
type Exceptions = HashMap<String, Vec<u16>>;

/// Most words whose hyphenation points are memoised.
const MAX_CACHED_WORDS: usize = 100_000;

/// Hyphenation data of all languages, built once, and the points of the
/// words seen so far (`"nl\0word"` → byte offsets; a pure memo).
#[derive(Debug, Default)]
pub(crate) struct Hyphenation {
    exceptions: Vec<(String, Exceptions)>,
    /// Languages (primary subtags) whose patterns are not hypher's own:
    /// another set, or none.
    chosen: Vec<(String, Option<Patterns>)>,
    memo: RwLock<super::FxHashMap<String, Box<[u16]>>>,
}

/// Where a language's pattern hyphenation points come from.
#[derive(Debug, Clone, Copy)]
enum Patterns {
    /// A trie built into hypher.
    Hypher(hypher::Lang),
    /// A TeX pattern file shipped in `patterns/`.
    Tex(&'static TexPatterns),
}

impl Patterns {
    /// The patterns' own smallest fragments before and after a break.
    fn bounds(self) -> (usize, usize) {
        match self {
            Patterns::Hypher(lang) => lang.bounds(),
            Patterns::Tex(tex) => tex.bounds(),
        }
    }
}

/// The hyphenation rules of one language, borrowed for one paragraph.
#[derive(Debug)]
pub(crate) struct LangRules<'a> {
    code: String,
    patterns: Option<Patterns>,
    left: usize,
    right: usize,
    exceptions: Option<&'a Exceptions>,
    memo: &'a RwLock<super::FxHashMap<String, Box<[u16]>>>,
}

/// The primary language subtag, lowercased (`"nl-BE"` → `"nl"`).
pub(crate) fn primary_subtag(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Hyphenation {
    /// Validates and indexes the exception lists (`(lang, words)`).
    pub(crate) fn new(lists: &[(String, Vec<String>)]) -> Result<Hyphenation, TextError> {
        let mut exceptions: Vec<(String, Exceptions)> = Vec::new();
        for (lang, words) in lists {
            let code = primary_subtag(lang);
            if code.is_empty() {
                return Err(TextError::new(format!(
                    "hyphenation exceptions given for an empty language code ({lang:?})"
                )));
            }
            let index = match exceptions.iter().position(|(c, _)| *c == code) {
                Some(i) => i,
                None => {
                    exceptions.push((code.clone(), HashMap::new()));
                    exceptions.len() - 1
                }
            };
            for entry in words {
                let (word, points) = parse_exception(entry).map_err(|why| {
                    TextError::new(format!(
                        "hyphenation exception {entry:?} for language {lang}: {why}"
                    ))
                })?;
                exceptions[index].1.insert(word, points);
            }
        }
        Ok(Hyphenation {
            exceptions,
            chosen: Vec::new(),
            memo: RwLock::default(),
        })
    }

    /// Sets where the words of `lang` get their pattern points: hypher's
    /// patterns of the language (the default), a shipped pattern set (British
    /// English), or none, so that they break only at exceptions and soft
    /// hyphens (for scripts whose typesetting does not hyphenate, such as
    /// Devanagari in Hindi). Forgets the points memoised so far.
    pub(crate) fn set_rule(&mut self, lang: &str, rule: HyphenationRule) {
        let code = primary_subtag(lang);
        self.memo
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.chosen.retain(|(c, _)| *c != code);
        let patterns = match rule {
            HyphenationRule::Patterns => return,
            HyphenationRule::PatternSet(set) => Some(Patterns::Tex(tex_patterns::get(set))),
            HyphenationRule::ExceptionsOnly => None,
        };
        self.chosen.push((code, patterns));
    }

    /// The rules for a BCP 47 language code.
    pub(crate) fn rules(&self, lang: &str) -> LangRules<'_> {
        let code = primary_subtag(lang);
        let patterns = match (
            self.chosen.iter().find(|(c, _)| *c == code),
            code.as_bytes(),
        ) {
            (Some(&(_, chosen)), _) => chosen,
            (None, [a, b]) => hypher::Lang::from_iso([*a, *b]).map(Patterns::Hypher),
            (None, _) => None,
        };
        let (left, right) = patterns.map_or((MIN_LEFT, MIN_RIGHT), |p| {
            let (l, r) = p.bounds();
            (l.max(MIN_LEFT), r.max(MIN_RIGHT))
        });
        let exceptions = self
            .exceptions
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, e)| e);
        LangRules {
            code,
            patterns,
            left,
            right,
            exceptions,
            memo: &self.memo,
        }
    }
}

/// Splits `"ziek-te-mo"` into `"ziektemo"` and the character indices `[4, 6]`.
fn parse_exception(entry: &str) -> Result<(String, Vec<u16>), &'static str> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Err("the entry is empty");
    }
    let mut word = String::with_capacity(entry.len());
    let mut points = Vec::new();
    let mut chars = 0usize;
    let mut last_was_hyphen = true;
    for c in entry.chars() {
        if c == '-' {
            if last_was_hyphen {
                return Err("a hyphen must stand between two letters");
            }
            points.push(u16::try_from(chars).map_err(|_| "the word is too long")?);
            last_was_hyphen = true;
        } else if c.is_alphabetic() || c == '\'' || c == '’' {
            word.extend(c.to_lowercase());
            chars += 1;
            last_was_hyphen = false;
        } else {
            return Err("only letters and hyphens are allowed");
        }
    }
    if last_was_hyphen {
        return Err("a hyphen must stand between two letters");
    }
    Ok((word, points))
}

/// Whether pattern hyphenation may touch this word at all (see module docs).
pub(crate) fn is_hyphenatable(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_alphabetic() && chars.all(|c| c.is_alphabetic() && !c.is_uppercase())
}

impl LangRules<'_> {
    /// Pushes the byte offsets (within `word`) where `word` may take a hyphen.
    /// `word` must be a bare word (letters only); `scratch` is reused storage.
    pub(crate) fn points(&self, word: &str, scratch: &mut String, out: &mut Vec<usize>) {
        scratch.clear();
        scratch.push_str(&self.code);
        scratch.push('\0');
        scratch.push_str(word);
        {
            let memo = self.memo.read().unwrap_or_else(|e| e.into_inner());
            if let Some(points) = memo.get(scratch.as_str()) {
                out.extend(points.iter().map(|&p| usize::from(p)));
                return;
            }
        }
        let key = scratch.clone();
        let from = out.len();
        self.compute_points(word, scratch, out);
        if word.len() <= usize::from(u16::MAX) {
            let points: Box<[u16]> = out[from..].iter().map(|&p| p as u16).collect();
            let mut memo = self.memo.write().unwrap_or_else(|e| e.into_inner());
            if memo.len() < MAX_CACHED_WORDS {
                memo.insert(key, points);
            }
        }
    }

    fn compute_points(&self, word: &str, scratch: &mut String, out: &mut Vec<usize>) {
        if let Some(exceptions) = self.exceptions {
            scratch.clear();
            scratch.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(points) = exceptions.get(scratch.as_str()) {
                // The minimum fragments hold for exceptions too, as in TeX.
                let chars = word.chars().count();
                let mut next = points.iter().peekable();
                for (ci, (bi, _)) in word.char_indices().enumerate() {
                    while next.peek().is_some_and(|&&p| usize::from(p) < ci) {
                        next.next();
                    }
                    let point = next.peek().is_some_and(|&&p| usize::from(p) == ci);
                    if point && ci >= self.left && chars - ci >= self.right {
                        out.push(bi);
                    }
                }
                return;
            }
        }
        if !is_hyphenatable(word) {
            return;
        }
        let Some(patterns) = self.patterns else {
            return;
        };
        if word.chars().count() < self.left + self.right {
            return;
        }
        match patterns {
            Patterns::Hypher(lang) => {
                let mut offset = 0;
                let mut syllables =
                    hypher::hyphenate_bounded(word, lang, self.left, self.right).peekable();
                while let Some(s) = syllables.next() {
                    offset += s.len();
                    if syllables.peek().is_some() {
                        out.push(offset);
                    }
                }
            }
            Patterns::Tex(tex) => tex.points(word, self.left, self.right, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_without_patterns_breaks_only_at_exceptions() {
        let mut h = Hyphenation::new(&[("hi".into(), vec!["अव-लोकन".into()])]).expect("valid");
        assert!(
            h.rules("hi").patterns.is_some(),
            "hypher has Hindi patterns"
        );
        h.set_rule("hi-IN", HyphenationRule::ExceptionsOnly);
        let rules = h.rules("hi");
        assert!(rules.patterns.is_none());
        assert!(rules.exceptions.is_some(), "exceptions still apply");
        assert!(
            h.rules("nl").patterns.is_some(),
            "other languages keep theirs"
        );
    }

    fn split(rules: &LangRules<'_>, word: &str) -> String {
        let mut points = Vec::new();
        rules.points(word, &mut String::new(), &mut points);
        let mut s = String::new();
        let mut last = 0;
        for p in points {
            s.push_str(&word[last..p]);
            s.push('-');
            last = p;
        }
        s.push_str(&word[last..]);
        s
    }

    #[test]
    fn dutch_patterns() {
        let h = Hyphenation::new(&[]).unwrap();
        let nl = h.rules("nl");
        assert_eq!(
            split(&nl, "ontspanningstechnieken"),
            "ont-span-nings-tech-nie-ken"
        );
        let s = split(&nl, "ziektemodificerende");
        assert!(s.starts_with("ziek-te-"), "{s}");
        assert_eq!(split(&nl, "MS"), "MS");
        assert_eq!(split(&nl, "IVIG"), "IVIG");
        assert_eq!(split(&nl, "2024"), "2024");
        assert_eq!(split(&nl, "covid19vaccins"), "covid19vaccins");
    }

    #[test]
    fn exceptions_override_patterns() {
        let h = Hyphenation::new(&[(
            "nl".to_string(),
            vec!["ziek-te-mo-di-fi-ce-ren-de".to_string()],
        )])
        .unwrap();
        let nl = h.rules("nl-NL");
        // the last point would leave two letters after it (minimum 3)
        assert_eq!(
            split(&nl, "ziektemodificerende"),
            "ziek-te-mo-di-fi-ce-rende"
        );
        assert_eq!(
            split(&nl, "Ziektemodificerende"),
            "Ziek-te-mo-di-fi-ce-rende"
        );
        // Other languages are unaffected.
        let en = h.rules("en");
        assert!(split(&en, "ziektemodificerende").matches('-').count() < 7);
    }

    #[test]
    fn british_english_replaces_the_us_patterns() {
        let mut h = Hyphenation::new(&[]).unwrap();
        let us = |h: &Hyphenation, w: &str| split(&h.rules("en"), w);
        // hypher's `en` is US English
        assert_eq!(us(&h, "gastrointestinal"), "gas-troin-testi-nal");
        assert_eq!(us(&h, "corticosteroids"), "cor-ti-cos-teroids");
        h.set_rule(
            "en",
            HyphenationRule::PatternSet(crate::model::PatternSet::EnGb),
        );
        let gb = h.rules("en-GB");
        assert_eq!(split(&gb, "gastrointestinal"), "gastrointest-inal");
        assert_eq!(split(&gb, "therapist"), "ther-ap-ist");
        assert_eq!(split(&gb, "information"), "in-form-a-tion");
        assert_eq!(split(&gb, "manuscripts"), "ma-nu-scripts");
        // other languages keep hypher's patterns
        assert_eq!(
            split(&h.rules("nl"), "ontspanningstechnieken"),
            "ont-span-nings-tech-nie-ken"
        );
        // and the exceptions still win over the set
        let mut h = Hyphenation::new(&[("en".into(), vec!["cor-ti-co-ster-oids".into()])]).unwrap();
        h.set_rule(
            "en",
            HyphenationRule::PatternSet(crate::model::PatternSet::EnGb),
        );
        assert_eq!(
            split(&h.rules("en"), "corticosteroids"),
            "cor-ti-co-ster-oids"
        );
        h.set_rule("en", HyphenationRule::Patterns);
        assert_eq!(split(&h.rules("en"), "therapist"), "ther-a-pist");
    }

    #[test]
    fn no_fragment_under_two_letters_before_or_three_after() {
        let mut h =
            Hyphenation::new(&[("en".into(), vec!["a-b-c-d-e-f".into(), "he-ro".into()])]).unwrap();
        assert_eq!(split(&h.rules("en"), "abcdef"), "ab-c-def");
        assert_eq!(split(&h.rules("en"), "hero"), "hero");
        h.set_rule(
            "en",
            HyphenationRule::PatternSet(crate::model::PatternSet::EnGb),
        );
        let gb = h.rules("en");
        for word in [
            "abolition",
            "university",
            "rehabilitation",
            "immunoglobulins",
            "alive",
        ] {
            let mut points = Vec::new();
            gb.points(word, &mut String::new(), &mut points);
            for p in points {
                assert!(word[..p].chars().count() >= 2, "{word}: {p}");
                assert!(word[p..].chars().count() >= 3, "{word}: {p}");
            }
        }
    }

    #[test]
    fn bad_exceptions_are_reported() {
        for bad in ["", "-ab", "ab-", "a--b", "a1-b"] {
            let err = Hyphenation::new(&[("nl".into(), vec![bad.into()])]).unwrap_err();
            assert!(err.message().contains("language nl"), "{err}");
        }
    }

    #[test]
    fn bounds_are_respected() {
        let h = Hyphenation::new(&[]).unwrap();
        let nl = h.rules("nl");
        let mut points = Vec::new();
        let word = "ontspanningstechnieken";
        nl.points(word, &mut String::new(), &mut points);
        for p in points {
            assert!(word[..p].chars().count() >= 2);
            assert!(word[p..].chars().count() >= 3);
        }
    }
}
