//! A word diff of two texts, `git diff --word-diff` style: `[-old-]{+new+}`,
//! with a few words of context around each change, for `brochure status
//! --diff`. Written by hand: the texts are one block's fields (a few hundred
//! words), for which a plain longest-common-subsequence table is enough, and
//! no diff crate is among the project's dependencies.

use super::fields::Field;

/// What changed from the fields `old` to `new` (raw markup, list items once
/// each): per changed field its name (`text`, `items.2`) and word diff.
pub fn field_changes(old: &[(Field, String)], new: &[(Field, String)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for field in Field::ALL {
        let vals = |v: &[(Field, String)]| -> Vec<String> {
            v.iter()
                .filter(|(f, _)| *f == field)
                .map(|(_, s)| s.clone())
                .collect()
        };
        let (a, b) = (vals(old), vals(new));
        for k in 0..a.len().max(b.len()) {
            let name = if field == Field::Items {
                format!("items.{}", k + 1)
            } else {
                field.key().to_string()
            };
            let (x, y) = (
                a.get(k).map_or("", String::as_str),
                b.get(k).map_or("", String::as_str),
            );
            if let Some(d) = word_diff(x, y) {
                out.push((name, d));
            }
        }
    }
    out
}

/// Words of context kept on each side of a change.
const CONTEXT: usize = 4;

/// The word diff of `old` and `new` (white space collapsed): unchanged runs
/// longer than the context shortened to `…`; `None` when the words are the same.
pub fn word_diff(old: &str, new: &str) -> Option<String> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    if a == b {
        return None;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..]
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // the edit script: Some(word) kept, or a run of removed and added words
    let mut ops: Vec<Op> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push(Op::Same(a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(Op::Added(b[j]));
            j += 1;
        } else {
            ops.push(Op::Removed(a[i]));
            i += 1;
        }
    }
    Some(render(&ops))
}

/// One step of an edit script.
#[derive(Clone, Copy, PartialEq)]
enum Op<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// The script as text: changes grouped (`[-a b-]{+c+}`), long unchanged
/// runs cut to their context.
fn render(ops: &[Op<'_>]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        if let Op::Same(_) = ops[k] {
            let start = k;
            while k < ops.len() && matches!(ops[k], Op::Same(_)) {
                k += 1;
            }
            let words: Vec<&str> = ops[start..k]
                .iter()
                .map(|o| match o {
                    Op::Same(w) | Op::Removed(w) | Op::Added(w) => *w,
                })
                .collect();
            let (first, last) = (start == 0, k == ops.len());
            let keep_before = if first { 0 } else { CONTEXT };
            let keep_after = if last { 0 } else { CONTEXT };
            if words.len() > keep_before + keep_after {
                parts.extend(words[..keep_before].iter().map(|w| w.to_string()));
                parts.push("…".into());
                parts.extend(
                    words[words.len() - keep_after..]
                        .iter()
                        .map(|w| w.to_string()),
                );
            } else {
                parts.extend(words.iter().map(|w| w.to_string()));
            }
            continue;
        }
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        while k < ops.len() {
            match ops[k] {
                Op::Removed(w) => removed.push(w),
                Op::Added(w) => added.push(w),
                Op::Same(_) => break,
            }
            k += 1;
        }
        let mut change = String::new();
        if !removed.is_empty() {
            change.push_str(&format!("[-{}-]", removed.join(" ")));
        }
        if !added.is_empty() {
            change.push_str(&format!("{{+{}+}}", added.join(" ")));
        }
        parts.push(change);
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_marked_with_context() {
        assert_eq!(word_diff("a b", " a\n b "), None);
        assert_eq!(
            word_diff(
                "one two three four five six seven eight nine ten [5].",
                "one two three four five six seven eight nine ten [5] [14]."
            )
            .as_deref(),
            Some("… seven eight nine ten [-[5].-]{+[5] [14].+}")
        );
        assert_eq!(
            word_diff("a b c", "a x c").as_deref(),
            Some("a [-b-]{+x+} c")
        );
    }
}
