//! Maps positions in a decoded TOML string back to the file.
//!
//! The `toml` crate gives the span of a whole string token, and its decoded
//! value; markup errors inside the value must point at the character in the
//! file. This module re-reads the token and records, for every byte of the
//! decoded value, the file offset it came from. No TOML crate exposes that
//! mapping, hence the hand-written scanner; it covers the four string forms of
//! TOML 1.0/1.1 and falls back to the token start if the decoding disagrees.

/// A decoded string value with the file offset of each of its bytes.
#[derive(Debug, Clone)]
pub struct MappedStr {
    /// The decoded value.
    pub value: String,
    /// `map[i]` is the file offset of decoded byte `i`; one extra entry for the end.
    map: Vec<usize>,
}

impl MappedStr {
    /// Builds the mapping for `value`, decoded from the token at `token_start..token_end` of `file_text`.
    pub fn new(value: &str, file_text: &str, token_start: usize, token_end: usize) -> MappedStr {
        let raw = file_text.get(token_start..token_end).unwrap_or("");
        if let Some((decoded, map)) = scan(raw, token_start)
            && decoded == value
        {
            return MappedStr {
                value: decoded,
                map,
            };
        }
        MappedStr {
            value: value.to_string(),
            map: vec![token_start; value.len() + 1],
        }
    }

    /// The file offset of decoded byte `i` (clamped to the end).
    pub fn offset(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)]
    }

    /// The file range of decoded range `a..b`.
    pub fn range(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let start = self.offset(a);
        let end = if b > a {
            // end of the last byte's character in the file
            self.offset(b - 1) + 1
        } else {
            start + 1
        };
        start..end.max(start + 1)
    }
}

fn scan(raw: &str, base: usize) -> Option<(String, Vec<usize>)> {
    let (quote, multi) = if raw.starts_with("\"\"\"") {
        ('"', true)
    } else if raw.starts_with("'''") {
        ('\'', true)
    } else if raw.starts_with('"') {
        ('"', false)
    } else if raw.starts_with('\'') {
        ('\'', false)
    } else {
        return None;
    };
    let q = if multi { 3 } else { 1 };
    if raw.len() < 2 * q {
        return None;
    }
    let mut start = q;
    let body_end = raw.len() - q;
    if multi {
        if raw[start..].starts_with("\r\n") {
            start += 2;
        } else if raw[start..].starts_with('\n') {
            start += 1;
        }
    }
    let body = raw.get(start..body_end)?;
    let mut out = String::with_capacity(body.len());
    let mut map = Vec::with_capacity(body.len() + 1);
    let push = |out: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        out.push(c);
        for _ in 0..c.len_utf8() {
            map.push(at);
        }
    };
    if quote == '\'' {
        for (i, c) in body.char_indices() {
            let at = base + start + i;
            out.push(c);
            for k in 0..c.len_utf8() {
                map.push(at + k);
            }
        }
    } else {
        let mut it = body.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let at = base + start + i;
            if c != '\\' {
                out.push(c);
                for k in 0..c.len_utf8() {
                    map.push(at + k);
                }
                continue;
            }
            let (_, e) = it.next()?;
            match e {
                'b' => push(&mut out, &mut map, '\u{8}', at),
                't' => push(&mut out, &mut map, '\t', at),
                'n' => push(&mut out, &mut map, '\n', at),
                'f' => push(&mut out, &mut map, '\u{c}', at),
                'r' => push(&mut out, &mut map, '\r', at),
                'e' => push(&mut out, &mut map, '\u{1b}', at),
                '"' => push(&mut out, &mut map, '"', at),
                '\\' => push(&mut out, &mut map, '\\', at),
                'u' | 'U' | 'x' => {
                    let n = match e {
                        'u' => 4,
                        'U' => 8,
                        _ => 2,
                    };
                    let mut v = 0u32;
                    for _ in 0..n {
                        let (_, h) = it.next()?;
                        v = v * 16 + h.to_digit(16)?;
                    }
                    push(&mut out, &mut map, char::from_u32(v)?, at);
                }
                c if multi && c.is_whitespace() => {
                    // line-ending backslash: skip all whitespace that follows
                    while let Some(&(_, w)) = it.peek() {
                        if w.is_whitespace() {
                            it.next();
                        } else {
                            break;
                        }
                    }
                }
                _ => return None,
            }
        }
    }
    map.push(base + body_end);
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_multiline_basic_with_escapes() {
        let file = "text = \"\"\"\nab\\\\-c\"\"\"\n";
        let start = file.find("\"\"\"").unwrap();
        let end = file.rfind("\"\"\"").unwrap() + 3;
        let m = MappedStr::new("ab\\-c", file, start, end);
        assert_eq!(m.value, "ab\\-c");
        // 'c' is decoded byte 4, file offset of 'c'
        assert_eq!(m.offset(4), file.find('c').unwrap());
        assert_eq!(m.offset(0), file.find('a').unwrap());
    }

    #[test]
    fn maps_literal_strings_identically() {
        let file = "t = 'x*y'";
        let m = MappedStr::new("x*y", file, 4, 9);
        assert_eq!(m.offset(1), 6);
    }
}
