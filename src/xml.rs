//! XML text escaping, shared by every writer of XML (the XLIFF export and
//! the PDF's XMP metadata packet).
//!
//! XML 1.0 forbids most C0 control characters even as character
//! references, so a writer must decide what becomes of them; each caller
//! states its choice with [`Controls`] instead of each writer having its own
//! escaper that decides silently.

/// What becomes of a C0 control character other than tab, line feed and
/// carriage return, none of which XML 1.0 allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Controls {
    /// Left out (metadata, where nobody edits the text).
    Drop,
    /// Written as a space, so that the words on either side stay apart
    /// (XLIFF, which a translator edits).
    Space,
}

/// Which quotation marks are escaped besides `"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quotes {
    /// Only `"` (as `&quot;`): attribute values are written in double quotes.
    Double,
    /// `"` and `'` (as `&apos;`).
    Both,
}

/// Appends `s` to `out` with `&`, `<`, `>` and quotes escaped and control
/// characters treated as `controls` says.
pub(crate) fn escape_into(s: &str, controls: Controls, quotes: Quotes, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if quotes == Quotes::Both => out.push_str("&apos;"),
            // and U+FFFE, U+FFFF, which XML 1.0 forbids as well
            c if ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}') =>
            {
                if controls == Controls::Space {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
}

/// `s` escaped as [`escape_into`] does it.
pub(crate) fn escape(s: &str, controls: Controls, quotes: Quotes) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, controls, quotes, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_differ_only_where_they_say() {
        let s = "a<b>&\"c'\u{1}\td";
        assert_eq!(
            escape(s, Controls::Drop, Quotes::Both),
            "a&lt;b&gt;&amp;&quot;c&apos;\td"
        );
        assert_eq!(
            escape(s, Controls::Space, Quotes::Double),
            "a&lt;b&gt;&amp;&quot;c' \td"
        );
    }
}
