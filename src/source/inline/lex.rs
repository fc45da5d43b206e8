//! The lexer of the inline markup: the signs of a text with the bytes they
//! cover ([`token_at`]). The loader's parser (`super`) and the XLIFF
//! segments (`crate::xliff`) both read the markup through it.

use std::ops::Range;

use super::SCHEMES;

/// One token of inline markup: what it is, and the bytes it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// What the bytes say.
    pub(crate) kind: Tok,
    /// The bytes, in the string lexed.
    pub(crate) span: Range<usize>,
}

/// The kinds of inline-markup tokens. Every reader of the markup (the
/// loader's parser, the XLIFF segments) takes them from [`token_at`], so
/// that both see the same signs in the same places; what a malformed sign
/// means (an error, or literal text) is the reader's choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A character that stands for itself.
    Char(char),
    /// Space, tab, carriage return or line feed.
    Space,
    /// `~`: a no-break space.
    Nbsp,
    /// `\-`: a soft hyphen.
    SoftHyphen,
    /// `\*`, `\[`, `\]`, `\<`, `\~`, `\\`, `\(`, `\)`: the character itself.
    Escaped(char),
    /// `\` with nothing but white space after it on its line: a line break
    /// (the span runs past the end of the line).
    LineBreak,
    /// `\` before white space that does not end the line (the span takes
    /// that white space character too).
    StrayBackslash,
    /// `\` before a character that is not escaped.
    UnknownEscape(char),
    /// `*` (emphasis) or `**` (strong).
    Delim {
        /// `**`.
        strong: bool,
    },
    /// `[inner]` not followed by `(`: a citation.
    Cite {
        /// The bytes between the brackets.
        inner: Range<usize>,
    },
    /// `[text](url)`.
    Link {
        /// The bytes between the brackets.
        text: Range<usize>,
        /// The bytes between the parentheses (untrimmed).
        url: Range<usize>,
    },
    /// `[` with no `]` after it.
    UnclosedBracket,
    /// `[text](` with no `)` after it.
    UnclosedTarget {
        /// Where the `(` is.
        paren: usize,
    },
    /// `]` not closing a `[`.
    CloseBracket,
    /// `{lang}[text]`: a phrase in another language (`lang` a BCP 47 code:
    /// a lowercase letter, then letters, digits and `-`). A `{` that does
    /// not start one stands for itself.
    Lang {
        /// The bytes between the braces.
        lang: Range<usize>,
        /// The bytes between the brackets.
        text: Range<usize>,
    },
    /// `<url>` (a scheme of [`SCHEMES`] after the `<`).
    AutoLink {
        /// The bytes between `<` and `>`.
        url: Range<usize>,
    },
    /// `<` and a scheme, but no `>` before white space.
    UnclosedAutoLink,
}

/// The token that starts at byte `pos` of `s`, looking no further than
/// `end`; `None` at the end.
pub(crate) fn token_at(s: &str, pos: usize, end: usize) -> Option<Token> {
    let rest = &s[pos..end];
    let c = rest.chars().next()?;
    let token = |kind: Tok, len: usize| {
        Some(Token {
            kind,
            span: pos..pos + len,
        })
    };
    match c {
        '\\' => {
            let next = rest[1..].chars().next();
            let len = 1 + next.map_or(0, char::len_utf8);
            match next {
                Some('-') => token(Tok::SoftHyphen, len),
                Some(e @ ('*' | '[' | ']' | '<' | '~' | '\\' | '(' | ')')) => {
                    token(Tok::Escaped(e), len)
                }
                Some('\n' | '\r' | ' ' | '\t') | None => {
                    // a backslash before the end of the line is a line break
                    let after = &rest[1..];
                    let line_rest = after.split('\n').next().unwrap_or("");
                    if line_rest.trim().is_empty() && (after.contains('\n') || next.is_none()) {
                        let skip = after.find('\n').map_or(after.len(), |p| p + 1);
                        token(Tok::LineBreak, 1 + skip)
                    } else {
                        token(Tok::StrayBackslash, len)
                    }
                }
                Some(other) => token(Tok::UnknownEscape(other), len),
            }
        }
        '~' => token(Tok::Nbsp, 1),
        '*' if rest.starts_with("**") => token(Tok::Delim { strong: true }, 2),
        '*' => token(Tok::Delim { strong: false }, 1),
        '{' => match phrase(s, pos, end) {
            Some(t) => Some(t),
            None => token(Tok::Char('{'), 1),
        },
        '[' => Some(bracket(s, pos, end)),
        ']' => token(Tok::CloseBracket, 1),
        '<' if SCHEMES.iter().any(|p| rest[1..].starts_with(p)) => {
            let close = rest.find('>');
            let stop = rest.find(char::is_whitespace);
            match close {
                Some(c) if stop.is_none_or(|s| s > c) => token(
                    Tok::AutoLink {
                        url: pos + 1..pos + c,
                    },
                    c + 1,
                ),
                _ => token(Tok::UnclosedAutoLink, 1),
            }
        }
        ' ' | '\n' | '\t' | '\r' => token(Tok::Space, 1),
        c => token(Tok::Char(c), c.len_utf8()),
    }
}

/// The token of a `[` at `at`: a citation, a link or an unclosed bracket.
fn bracket(s: &str, at: usize, end: usize) -> Token {
    let unclosed = |kind| Token {
        kind,
        span: at..at + 1,
    };
    let Some(close) = s[at..end].find(']') else {
        return unclosed(Tok::UnclosedBracket);
    };
    let inner = at + 1..at + close;
    let after = at + close + 1;
    if !s[after..end].starts_with('(') {
        return Token {
            kind: Tok::Cite { inner },
            span: at..after,
        };
    }
    let Some(p) = s[after..end].find(')') else {
        return unclosed(Tok::UnclosedTarget { paren: after });
    };
    Token {
        kind: Tok::Link {
            text: inner,
            url: after + 1..after + p,
        },
        span: at..after + p + 1,
    }
}

/// The token of a `{` at `at` that starts a foreign phrase, `{lang}[text]`;
/// `None` when it does not.
fn phrase(s: &str, at: usize, end: usize) -> Option<Token> {
    let rest = &s[at..end];
    let close = rest.find('}')?;
    let code = &rest[1..close];
    let mut chars = code.chars();
    let well_formed = code.len() <= 35
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !well_formed || !rest[close + 1..].starts_with('[') {
        return None;
    }
    let open = close + 1;
    let shut = open + rest[open..].find(']')?;
    Some(Token {
        kind: Tok::Lang {
            lang: at + 1..at + close,
            text: at + open + 1..at + shut,
        },
        span: at..at + shut + 1,
    })
}
