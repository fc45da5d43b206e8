//! Import's check of a changed target: its markup must parse with the
//! loader's parser, read back as the same segments, and keep every citation
//! and link of its source (they may move).

use crate::diag::Diagnostic;
use crate::model::Text;
use crate::source::inline;
use crate::source::translation::marks;
use crate::xliff::segments::{Seg, from_markup};

/// Citation groups as the guide writes them: `[1–3, 5] [12]`.
pub(super) fn show_cites(c: &[Vec<u32>]) -> String {
    if c.is_empty() {
        return "nothing".into();
    }
    c.iter()
        .map(|g| {
            let mut parts: Vec<String> = Vec::new();
            let mut k = 0;
            while k < g.len() {
                let mut e = k;
                while e + 1 < g.len() && g[e + 1] == g[e] + 1 {
                    e += 1;
                }
                if e >= k + 2 {
                    parts.push(format!("{}–{}", g[k], g[e]));
                } else {
                    parts.extend(g[k..=e].iter().map(u32::to_string));
                }
                k = e + 1;
            }
            format!("[{}]", parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses markup with the loader's inline parser; its first error, if any.
fn parse_real(value: &str, paras: bool) -> Result<Vec<Text>, String> {
    inline::parse_detached(value, paras).map_err(|d| {
        if d.label.is_empty() {
            d.message
        } else {
            format!("{} ({})", d.message, d.label)
        }
    })
}

/// Checks the markup `value` written for the segments `target` of unit
/// `tid`, whose source markup is `raw`; `place` makes a diagnostic at the
/// target from a message and a label. The refusals, when there are any.
pub(super) fn check_target(
    tid: &str,
    raw: &str,
    value: &str,
    target: &[Seg],
    paras: bool,
    place: &dyn Fn(String, &str) -> Diagnostic,
) -> Result<(), Vec<Diagnostic>> {
    let (src_t, tgt_t) = match (parse_real(raw, paras), parse_real(value, paras)) {
        (Ok(a), Ok(b)) => (a, b),
        (_, Err(e)) => {
            return Err(vec![place(
                format!("unit `{tid}`: the translation cannot be written as markup: {e}"),
                "this target",
            )]);
        }
        (Err(e), _) => {
            return Err(vec![place(
                format!("unit `{tid}`: the source does not parse: {e}"),
                "this unit",
            )]);
        }
    };
    if from_markup(value, false) != target {
        return Err(vec![place(
            format!(
                "unit `{tid}`: the translation's inline codes cannot be written as markup (emphasis next to or ending with emphasis?)"
            ),
            "this target",
        )]);
    }
    let (ca, la) = marks(&src_t);
    let (cb, lb) = marks(&tgt_t);
    let mut refusals = Vec::new();
    if ca != cb {
        refusals.push(
            place(
                format!(
                    "unit `{tid}` changes its citations: the source cites {}, the translation {}",
                    show_cites(&ca),
                    show_cites(&cb)
                ),
                "citations differ from the source",
            )
            .with_note(
                "keep every citation code (ph ctype=\"x-citation\") of the source; it may move",
            ),
        );
    }
    if la != lb {
        let l = |v: &[String]| {
            if v.is_empty() {
                "nothing".to_string()
            } else {
                v.join(" ")
            }
        };
        refusals.push(
            place(
                format!(
                    "unit `{tid}` changes its links: the source links {}, the translation {}",
                    l(&la),
                    l(&lb)
                ),
                "links differ from the source",
            )
            .with_note("keep every link code (ctype=\"x-link\") of the source; it may move"),
        );
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_show_as_written() {
        assert_eq!(
            show_cites(&[vec![1, 2, 3, 5], vec![58, 59]]),
            "[1–3, 5] [58, 59]"
        );
        assert_eq!(show_cites(&[]), "nothing");
    }
}
