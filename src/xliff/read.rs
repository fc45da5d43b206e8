//! Reading an XLIFF 1.2 file into the few document types import needs
//! ([`XDoc`]: files, trans-units, their inline content as read).
//!
//! XML is read with `quick-xml`, a streaming parser that reports byte
//! positions, so that a malformed file is reported with line and column, and
//! that resolves namespaces, so that our own attributes are found whatever
//! prefix a CAT tool gives them.

use std::collections::HashMap;

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::{BROCHURE_NS, XLIFF_NS};
use crate::diag::Diagnostic;

/// The deepest nesting of inline codes (`<g>` in `<g>` …) read: real
/// targets nest two or three; the segments are walked recursively after.
pub const MAX_NESTING: usize = 32;

/// The most trans-units an XLIFF file may hold (the guide has about 300).
pub const MAX_UNITS: usize = 100_000;

/// An inline element or text of a `<source>` or `<target>`, as read.
#[derive(Debug, Clone)]
pub(super) enum XSeg {
    /// Text, entities resolved.
    Text(String),
    /// An inline element.
    Code(XCode),
}

/// An inline element as read.
#[derive(Debug, Clone)]
pub(super) struct XCode {
    /// Local element name: `ph`, `x`, `g`, `mrk`, `bpt`, ….
    pub(super) el: String,
    /// `id`.
    pub(super) id: Option<String>,
    /// `ctype`.
    pub(super) ctype: Option<String>,
    /// `bro:href`.
    pub(super) href: Option<String>,
    /// `xml:lang` (a foreign phrase's language).
    pub(super) lang: Option<String>,
    /// Native code (`ph`) or content (`g`, `mrk`).
    pub(super) content: Vec<XSeg>,
    /// Byte offset of the element.
    pub(super) at: usize,
}

/// A `<trans-unit>` as read.
#[derive(Debug, Default)]
pub(super) struct XUnit {
    /// Its `id`.
    pub(super) id: String,
    /// Its `resname` (`BLOCK.FIELD`), kept by CAT tools that renumber ids.
    pub(super) resname: Option<String>,
    /// Its `restype` (`x-gettext-domain-header` for a PO file's header).
    pub(super) restype: Option<String>,
    /// Byte offset of the element.
    pub(super) at: usize,
    /// Index of its `<file>` in [`XDoc::files`].
    pub(super) file: usize,
    /// The fingerprint of its group (`bro:fingerprint` or the group's note).
    pub(super) fingerprint: Option<String>,
    /// Its `<source>` content.
    pub(super) source: Option<Vec<XSeg>>,
    /// Its `<target>` content and the target's byte offset.
    pub(super) target: Option<(Vec<XSeg>, usize)>,
    /// The target's `state`.
    pub(super) state: Option<String>,
    /// The `sourcefile` of its location context (`<context-group
    /// purpose="location">`): the id of the unit it translates, as the export
    /// writes it and `xliff2po` / `po2xliff` carry it as a PO reference.
    pub(super) location: Option<String>,
}

/// A `<file>` as read.
#[derive(Debug, Default)]
pub(super) struct XFile {
    /// Its `original` (the source content file).
    pub(super) original: String,
    /// Its `target-language`.
    pub(super) target_lang: Option<String>,
    /// Byte offset of the element.
    pub(super) at: usize,
}

/// The parts of an XLIFF document import needs.
#[derive(Debug, Default)]
pub(super) struct XDoc {
    /// The `<file>` elements.
    pub(super) files: Vec<XFile>,
    /// Every `<trans-unit>`, in document order.
    pub(super) units: Vec<XUnit>,
}

/// A reader of one XML text, collecting diagnostics.
pub(super) struct XmlIn<'a> {
    r: NsReader<&'a [u8]>,
    file: usize,
    /// Problems found; any error means the document was not read.
    pub(super) diags: Vec<Diagnostic>,
}

fn fingerprint_in(note: &str) -> Option<String> {
    let at = note.find("fingerprint ")? + "fingerprint ".len();
    let fp: String = note[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (fp.len() == 16).then_some(fp)
}

impl<'a> XmlIn<'a> {
    /// A reader of `text`, which is file `file` of the sources.
    pub(super) fn new(text: &'a str, file: usize) -> XmlIn<'a> {
        XmlIn {
            r: NsReader::from_str(text),
            file,
            diags: Vec::new(),
        }
    }

    fn pos(&self) -> usize {
        self.r.buffer_position() as usize
    }

    /// The next event and the offset it starts at; `None` after reporting
    /// malformed XML.
    fn next(&mut self) -> Option<(usize, Event<'a>)> {
        let at = self.pos();
        match self.r.read_event() {
            Ok(ev) => Some((at, ev)),
            Err(e) => {
                self.xml_error(e);
                None
            }
        }
    }

    fn xml_error(&mut self, e: quick_xml::Error) {
        let at = self.r.error_position() as usize;
        self.diags.push(
            Diagnostic::error(self.file, at..at + 1, format!("malformed XLIFF: {e}"))
                .with_label("the XML breaks here")
                .with_note("the file must be well-formed XML; nothing was imported"),
        );
    }

    /// Attributes of an element: (namespace is ours, local name) → value.
    fn attrs(&mut self, e: &BytesStart<'_>, at: usize) -> HashMap<(bool, String), String> {
        let mut out = HashMap::new();
        for a in e.attributes() {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    self.diags.push(
                        Diagnostic::error(self.file, at..at + 1, format!("malformed XLIFF: {err}"))
                            .with_label("in this element's attributes"),
                    );
                    continue;
                }
            };
            let (ns, local) = self.r.resolver().resolve_attribute(a.key);
            let ours = matches!(ns, ResolveResult::Bound(n) if n.0 == BROCHURE_NS);
            let local = local.as_ref().to_string();
            let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(err) => {
                    self.diags.push(
                        Diagnostic::error(self.file, at..at + 1, format!("malformed XLIFF: {err}"))
                            .with_label("in this element's attributes"),
                    );
                    continue;
                }
            };
            out.insert((ours, local), value);
        }
        out
    }

    /// Reads one element holding inline content (a `<target>` on its own);
    /// `None` when the text does not start with an element or is malformed.
    pub(super) fn fragment(&mut self) -> Option<Vec<XSeg>> {
        match self.r.read_event() {
            Ok(Event::Start(_)) => self.inline(),
            _ => None,
        }
    }

    /// Reads inline content up to the end of the element `name` just opened.
    /// `None` after a malformed document.
    pub(super) fn inline(&mut self) -> Option<Vec<XSeg>> {
        let mut stack: Vec<(XCode, Vec<XSeg>)> = Vec::new();
        let mut cur: Vec<XSeg> = Vec::new();
        loop {
            let (at, ev) = self.next()?;
            match ev {
                Event::Text(t) => push_xtext(&mut cur, &t.xml10_content()),
                Event::CData(t) => push_xtext(&mut cur, &t.xml10_content()),
                Event::GeneralRef(r) => match r.resolve_char_ref() {
                    Ok(Some(c)) => push_xtext(&mut cur, c.encode_utf8(&mut [0; 4])),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => push_xtext(&mut cur, s),
                        None => {
                            let name = r.to_string();
                            self.diags.push(
                                Diagnostic::error(
                                    self.file,
                                    at..at + name.len() + 2,
                                    format!("malformed XLIFF: unknown entity `&{name};`"),
                                )
                                .with_label("not an XML entity")
                                .with_note("write `&amp;` for an ampersand"),
                            );
                        }
                    },
                    Err(e) => {
                        self.diags.push(Diagnostic::error(
                            self.file,
                            at..at + 1,
                            format!("malformed XLIFF: {e}"),
                        ));
                    }
                },
                Event::Start(e) => {
                    if stack.len() >= MAX_NESTING {
                        self.diags.push(
                            Diagnostic::error(
                                self.file,
                                at..at + 1,
                                format!("inline codes nested more than {MAX_NESTING} deep"),
                            )
                            .with_label("this code is too deep")
                            .with_note("no translation nests emphasis and links this deep; nothing was imported"),
                        );
                        return None;
                    }
                    let code = self.code(&e, at);
                    stack.push((code, std::mem::take(&mut cur)));
                }
                Event::Empty(e) => {
                    let code = self.code(&e, at);
                    cur.push(XSeg::Code(code));
                }
                Event::End(_) => match stack.pop() {
                    Some((mut code, outer)) => {
                        code.content = std::mem::replace(&mut cur, outer);
                        cur.push(XSeg::Code(code));
                    }
                    None => return Some(cur),
                },
                Event::Eof => {
                    self.unexpected_end();
                    return None;
                }
                _ => {}
            }
        }
    }

    fn unexpected_end(&mut self) {
        let end = self.pos();
        self.diags.push(
            Diagnostic::error(
                self.file,
                end.saturating_sub(1)..end,
                "malformed XLIFF: the file ends inside an element",
            )
            .with_label("unexpected end of the file")
            .with_note(
                "the file is cut short: some closing tags are missing; nothing was imported",
            ),
        );
    }

    fn code(&mut self, e: &BytesStart<'_>, at: usize) -> XCode {
        let el = e.local_name().as_ref().to_string();
        let mut a = self.attrs(e, at);
        XCode {
            el,
            id: a.remove(&(false, "id".into())),
            ctype: a.remove(&(false, "ctype".into())),
            href: a.remove(&(true, "href".into())),
            lang: a.remove(&(false, "lang".into())),
            content: Vec::new(),
            at,
        }
    }

    /// The inline content of the element just opened (nothing when it is
    /// `empty`, `<source/>`); `None` after a malformed document.
    fn content(&mut self, empty: bool) -> Option<Vec<XSeg>> {
        if empty {
            Some(Vec::new())
        } else {
            self.inline()
        }
    }

    /// Skips to the end of the element just opened.
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.r.read_event() {
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => {
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                }
                Ok(Event::Eof) => {
                    self.unexpected_end();
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.xml_error(e);
                    return None;
                }
            }
        }
    }

    fn text_of(&mut self) -> Option<String> {
        let segs = self.inline()?;
        let mut s = String::new();
        flat_text(&segs, &mut s);
        Some(s)
    }

    /// Checks the root element: `<xliff version="1.2">` in the XLIFF 1.2
    /// namespace (or in none). Reports and returns false otherwise.
    fn root(&mut self, name: &str, version: Option<&str>, in_xliff: bool, at: usize) -> bool {
        if name != "xliff" {
            self.diags.push(
                Diagnostic::error(
                    self.file,
                    at..at + 1,
                    format!("`<{name}>` is not an XLIFF document"),
                )
                .with_label("expected <xliff version=\"1.2\">"),
            );
            return false;
        }
        if version != Some("1.2") || !in_xliff {
            self.diags.push(
                Diagnostic::error(
                    self.file,
                    at..at + 1,
                    format!(
                        "XLIFF version {} is not supported",
                        version.unwrap_or("(none)")
                    ),
                )
                .with_label("expected version=\"1.2\" in the XLIFF 1.2 namespace")
                .with_note(format!(
                    "save the file from the CAT tool as XLIFF 1.2 ({XLIFF_NS})"
                )),
            );
            return false;
        }
        true
    }

    /// Reports a `<trans-unit>` at `at` without `id` and skips it; `None`
    /// after a malformed document.
    fn unit_without_id(&mut self, at: usize, empty: bool) -> Option<()> {
        self.diags.push(
            Diagnostic::error(self.file, at..at + 1, "a trans-unit without `id`")
                .with_label("every trans-unit needs the id it was exported with"),
        );
        if empty { Some(()) } else { self.skip() }
    }

    /// Reads the whole document.
    // Over 100 lines on purpose: one event loop with one arm per XLIFF
    // element, which reads best as the element list it is.
    pub(super) fn document(&mut self) -> XDoc {
        let mut doc = XDoc::default();
        // element path (local names), and the fingerprint of each open group
        let mut path: Vec<String> = Vec::new();
        let mut groups: Vec<Option<String>> = Vec::new();
        let mut seen_root = false;
        loop {
            let Some((at, ev)) = self.next() else {
                return doc;
            };
            let (e, empty) = match ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    if path.pop().as_deref() == Some("group") {
                        groups.pop();
                    }
                    continue;
                }
                Event::Eof => {
                    if !path.is_empty() {
                        self.unexpected_end();
                    }
                    break;
                }
                _ => continue,
            };
            let name = e.local_name().as_ref().to_string();
            let (ns, _) = self.r.resolver().resolve_element(e.name());
            // old tools leave out the namespace; another one is another format
            let in_xliff = !matches!(ns, ResolveResult::Bound(n) if n.0 != XLIFF_NS);
            let parent = path.last().map(String::as_str).unwrap_or("");
            let mut a = self.attrs(&e, at);
            let mut get = |k: &str| a.remove(&(false, k.to_string()));
            match (parent, name.as_str()) {
                ("", _) => {
                    seen_root = true;
                    let version = get("version");
                    if !self.root(&name, version.as_deref(), in_xliff, at) {
                        return doc;
                    }
                }
                ("xliff", "file") => {
                    let original = get("original").unwrap_or_default();
                    let target_lang = get("target-language");
                    doc.files.push(XFile {
                        original,
                        target_lang,
                        at,
                    });
                }
                ("group", "note") | ("body", "note") if !empty => {
                    let Some(t) = self.text_of() else { return doc };
                    if let (Some(fp), Some(g)) = (fingerprint_in(&t), groups.last_mut())
                        && g.is_none()
                    {
                        *g = Some(fp);
                    }
                    continue;
                }
                (_, "group") if !empty => {
                    groups.push(a.remove(&(true, "fingerprint".into())));
                }
                (_, "trans-unit") => {
                    let Some(id) = get("id") else {
                        if self.unit_without_id(at, empty).is_none() {
                            return doc;
                        }
                        continue;
                    };
                    if doc.units.len() >= MAX_UNITS {
                        self.diags.push(
                            Diagnostic::error(
                                self.file,
                                at..at + 1,
                                format!("more than {MAX_UNITS} trans-units"),
                            )
                            .with_label("this one is over the limit")
                            .with_note("a brochure has a few hundred units; nothing was imported"),
                        );
                        return doc;
                    }
                    let fingerprint = groups.iter().rev().flatten().next().cloned();
                    doc.units.push(XUnit {
                        id,
                        resname: get("resname"),
                        restype: get("restype"),
                        at,
                        file: doc.files.len().saturating_sub(1),
                        fingerprint,
                        ..XUnit::default()
                    });
                }
                ("trans-unit", "source" | "target") => {
                    let state = get("state");
                    let Some(segs) = self.content(empty) else {
                        return doc;
                    };
                    match doc.units.last_mut() {
                        Some(u) if name == "source" => u.source = Some(segs),
                        Some(u) => {
                            u.target = Some((segs, at));
                            u.state = state;
                        }
                        None => {}
                    }
                    continue;
                }
                ("trans-unit", "context-group")
                    if !empty && get("purpose").as_deref() == Some("location") => {}
                ("context-group", "context") if !empty => {
                    let sourcefile = get("context-type").as_deref() == Some("sourcefile");
                    let Some(t) = self.text_of() else { return doc };
                    if sourcefile
                        && path.iter().rev().nth(1).map(String::as_str) == Some("trans-unit")
                        && let Some(u) = doc.units.last_mut()
                    {
                        u.location.get_or_insert(t);
                    }
                    continue;
                }
                ("trans-unit", _) | ("header", _) | ("group", "note") | ("body", "note") => {
                    // alt-trans, notes, seg-source, tool info: not needed
                    if !empty && self.skip().is_none() {
                        return doc;
                    }
                    continue;
                }
                _ => {}
            }
            if !empty {
                path.push(name);
            }
        }
        if !seen_root && self.diags.is_empty() {
            self.diags.push(
                Diagnostic::error(self.file, 0..1, "not an XLIFF document")
                    .with_label("no <xliff> element"),
            );
        }
        doc
    }
}

fn push_xtext(cur: &mut Vec<XSeg>, t: &str) {
    if let Some(XSeg::Text(s)) = cur.last_mut() {
        s.push_str(t);
    } else {
        cur.push(XSeg::Text(t.to_string()));
    }
}

/// The text of inline content, codes' content included.
pub(super) fn flat_text(segs: &[XSeg], out: &mut String) {
    for s in segs {
        match s {
            XSeg::Text(t) => out.push_str(t),
            XSeg::Code(c) => flat_text(&c.content, out),
        }
    }
}

/// An inline code of a `<source>`, found by id to fill in what a CAT tool
/// left out of the matching target code.
/// Collects the codes of `segs` by id (the first of each id).
pub(super) fn codes_by_id<'a>(segs: &'a [XSeg], out: &mut HashMap<String, &'a XCode>) {
    for s in segs {
        if let XSeg::Code(c) = s {
            if let Some(id) = &c.id {
                out.entry(id.clone()).or_insert(c);
            }
            codes_by_id(&c.content, out);
        }
    }
}
