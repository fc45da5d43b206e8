//! The checks a reviewer wants on a new or changed target, as warnings (the
//! import goes on): a target identical to its source, emphasis dropped or
//! changed, a line break lost, numbers in the text changed.

use crate::diag::Diagnostic;
use crate::xliff::segments::Seg;

/// What a text holds that a reviewer compares: its plain text, its
/// emphasis (`*`/`**`, in order), its line breaks and the numbers outside
/// citations.
#[derive(Default)]
struct Traits {
    text: String,
    emphasis: Vec<&'static str>,
    breaks: usize,
    numbers: Vec<String>,
}

/// Collects the traits of `segs` into `t`.
fn collect(segs: &[Seg], t: &mut Traits) {
    for s in segs {
        match s {
            Seg::Text(x) => t.text.push_str(x),
            Seg::Cite(c) | Seg::AutoLink(c) => t.text.push_str(c),
            Seg::LineBreak => t.breaks += 1,
            Seg::Para => t.text.push(' '),
            Seg::Link(_, inner) | Seg::Lang(_, inner) => collect(inner, t),
            Seg::Emph(inner) => {
                t.emphasis.push("emphasis (*…*)");
                collect(inner, t);
            }
            Seg::Strong(inner) => {
                t.emphasis.push("strong emphasis (**…**)");
                collect(inner, t);
            }
        }
    }
}

/// The numbers of the plain text of `segs` (citations and URLs left out),
/// sorted: `3,5` and `3.5` are the same number.
fn numbers(segs: &[Seg], out: &mut Vec<String>) {
    for s in segs {
        match s {
            Seg::Text(x) => {
                let mut cur = String::new();
                let mut chars = x.chars().peekable();
                while let Some(c) = chars.next() {
                    let sep = matches!(c, '.' | ',')
                        && !cur.is_empty()
                        && chars.peek().is_some_and(char::is_ascii_digit);
                    if c.is_ascii_digit() {
                        cur.push(c);
                    } else if sep {
                        cur.push('.');
                    } else if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                }
                if !cur.is_empty() {
                    out.push(cur);
                }
            }
            Seg::Link(_, inner) | Seg::Lang(_, inner) | Seg::Emph(inner) | Seg::Strong(inner) => {
                numbers(inner, out)
            }
            _ => {}
        }
    }
}

fn traits(segs: &[Seg]) -> Traits {
    let mut t = Traits::default();
    collect(segs, &mut t);
    numbers(segs, &mut t.numbers);
    t.numbers.sort();
    t
}

/// The reviewer's warnings for the target `target` of unit `tid` (at byte
/// `at` of XLIFF file `xf`), against its source `source`.
pub(super) fn review(
    tid: &str,
    source: &[Seg],
    target: &[Seg],
    xf: usize,
    at: usize,
) -> Vec<Diagnostic> {
    let (s, t) = (traits(source), traits(target));
    let mut found = Vec::new();
    let has_letters = s.text.chars().any(char::is_alphabetic);
    if has_letters && s.text.trim() == t.text.trim() {
        found.push("the target is identical to the source: is it translated?".to_string());
    }
    if s.emphasis != t.emphasis {
        let show = |e: &[&str]| {
            if e.is_empty() {
                "none".to_string()
            } else {
                e.join(", ")
            }
        };
        found.push(format!(
            "emphasis {}: the source has {}, the target {}",
            if t.emphasis.len() < s.emphasis.len() {
                "dropped"
            } else {
                "changed"
            },
            show(&s.emphasis),
            show(&t.emphasis)
        ));
    }
    if t.breaks < s.breaks {
        found.push(format!(
            "line break lost: the source has {}, the target {}",
            s.breaks, t.breaks
        ));
    }
    if s.numbers != t.numbers {
        found.push(format!(
            "numbers changed: the source has {}, the target {}",
            list(&s.numbers),
            list(&t.numbers)
        ));
    }
    found
        .into_iter()
        .map(|m| {
            Diagnostic::warning(xf, at..at + 1, format!("unit `{tid}`: {m}"))
                .with_label("in this target")
                .with_note("imported all the same: a reviewer should look at it")
        })
        .collect()
}

fn list(n: &[String]) -> String {
    if n.is_empty() {
        "none".to_string()
    } else {
        n.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xliff::segments::from_markup;

    fn warnings(source: &str, target: &str) -> Vec<String> {
        review(
            "u/text",
            &from_markup(source, false),
            &from_markup(target, false),
            0,
            0,
        )
        .into_iter()
        .map(|d| d.message)
        .collect()
    }

    #[test]
    fn a_faithful_translation_has_no_warning() {
        let w = warnings(
            "Neem *2,5 mg* per dag [3].\\\nNiet meer.",
            "Take *2.5 mg* a day [3].\\\nNo more.",
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn each_check_warns() {
        let w = warnings(
            "Neem **2 mg**.\\\nNiet meer [3].",
            "Take 3 mg. No more [3].",
        );
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("emphasis dropped"), "{w:?}");
        assert!(w[1].contains("line break lost: the source has 1, the target 0"));
        assert!(w[2].contains("numbers changed: the source has 2, the target 3"));
        let same = warnings("MS en voeding [3]", "MS en voeding [3]");
        assert_eq!(same.len(), 1);
        assert!(same[0].contains("identical to the source"));
        assert!(warnings("[3]", "[3]").is_empty());
    }
}
