//! Serialization, written by hand: the finished [`lopdf::Document`] as the
//! bytes of a PDF 1.5+ file, every object that may be packed into
//! Flate-compressed object streams, a compressed cross-reference stream, and
//! the file identifier patched in after one pass.
//!
//! Why not lopdf's `save_with_options`: the file identifier (`/ID`, and the
//! XMP document id with it) is a hash of the file, so lopdf had to write the
//! whole file twice, once to hash it (a sixth of all the work of a build);
//! its object streams serialize every object twice and clone it; and it
//! writes the cross-reference stream uncompressed (7 KB of the guide's
//! file). Here the file is written once with a zero identifier of fixed
//! length, in the trailer and in the XMP packet (stored uncompressed), the
//! bytes are hashed with those zeros, and the identifier is written over
//! them in place: the same input gives the same bytes, and the id is a
//! function of everything else in the file.
//!
//! Objects are written as lopdf writes them (its syntax for names, strings,
//! numbers and dictionaries), but literal strings escape every parenthesis
//! instead of balancing them.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use super::deflate::{Deflater, StreamMemo};
use super::error::PdfError;
use super::object::ser;

/// Objects per object stream: larger streams compress better; viewers read
/// an object stream whole to get one of its objects, so not unbounded.
const PER_OBJECT_STREAM: usize = 200;

/// The placeholder for the document id in the XMP packet while the file is
/// hashed (a UUID's length).
pub(crate) const ZERO_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// One cross-reference entry.
#[derive(Clone, Copy)]
enum Entry {
    /// A free entry (object 0, or a number not in use).
    Free,
    /// An object at a byte offset.
    At(usize),
    /// An object inside an object stream: the stream's number and the
    /// object's index in it.
    In(u32, usize),
}

/// Serializes `lo` with its file identifier: a SHA-256 of the file written
/// with a zero identifier, also written as a UUID (see [`uuid`]) over every
/// [`ZERO_UUID`] in the uncompressed XMP stream `xmp`.
pub(crate) fn save_identified(
    lo: &lopdf::Document,
    xmp: ObjectId,
    memo: Option<&StreamMemo>,
) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::with_capacity(1 << 16);
    let version = if lo.version.as_str() < "1.5" {
        "1.5"
    } else {
        lo.version.as_str()
    };
    writeln!(out, "%PDF-{version}").map_err(ser)?;
    out.push(b'%');
    out.extend_from_slice(&lo.binary_mark);
    out.push(b'\n');

    let last = lo.objects.keys().map(|id| id.0).max().unwrap_or(0);
    let mut entries = vec![Entry::Free; last as usize + 1];
    let mut xmp_at = None;
    let mut packed: Vec<(u32, &Object)> = Vec::new();
    for (&(id, generation), object) in &lo.objects {
        if matches!(object, Object::Stream(_)) || generation != 0 {
            entries[id as usize] = Entry::At(out.len());
            writeln!(out, "{id} {generation} obj").map_err(ser)?;
            if let Object::Stream(s) = object {
                write_dictionary(&mut out, &s.dict);
                out.extend_from_slice(b"stream\n");
                if (id, generation) == xmp {
                    if s.dict.has(b"Filter") {
                        return Err(ser("the XMP stream must not be compressed"));
                    }
                    xmp_at = Some(out.len()..out.len() + s.content.len());
                }
                out.extend_from_slice(&s.content);
                out.extend_from_slice(b"\nendstream");
            } else {
                write_object(&mut out, object);
            }
            out.extend_from_slice(b"\nendobj\n");
        } else {
            packed.push((id, object));
        }
    }

    // object streams, numbered after the last object
    let mut next = last + 1;
    let mut z = Deflater::new(memo);
    for chunk in packed.chunks(PER_OBJECT_STREAM) {
        let stream_id = next;
        next += 1;
        let mut body = Vec::new();
        let mut header = String::new();
        for (index, (id, object)) in chunk.iter().enumerate() {
            header.push_str(&format!("{id} {} ", body.len()));
            write_object(&mut body, object);
            body.push(b' ');
            entries[*id as usize] = Entry::In(stream_id, index);
        }
        let first = header.len();
        let mut content = header.into_bytes();
        content.extend_from_slice(&body);
        let packed = z.zlib(&content);
        entries.push(Entry::At(out.len()));
        write!(
            out,
            "{stream_id} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream\n",
            chunk.len(),
            packed.len()
        )
        .map_err(ser)?;
        out.extend_from_slice(&packed);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    // the cross-reference stream, its rows with the PNG Up predictor
    let xref_id = next;
    let xref_at = out.len();
    entries.push(Entry::At(xref_at));
    let size = entries.len();
    let wide = |v: usize| (usize::BITS - v.leading_zeros()).div_ceil(8).max(1) as usize;
    let (w2, w3) = (wide(xref_at), 2);
    let row = 1 + w2 + w3;
    let mut rows = Vec::with_capacity(size * row);
    for entry in &entries {
        let (kind, a, b) = match *entry {
            Entry::Free => (0, 0, 0xFFFF),
            Entry::At(offset) => (1, offset, 0),
            Entry::In(stream, index) => (2, stream as usize, index),
        };
        rows.push(kind);
        rows.extend_from_slice(&a.to_be_bytes()[usize::BITS as usize / 8 - w2..]);
        rows.extend_from_slice(&(b as u16).to_be_bytes());
    }
    let mut predicted = Vec::with_capacity(size * (row + 1));
    for (i, r) in rows.chunks(row).enumerate() {
        predicted.push(2); // Up
        match i {
            0 => predicted.extend_from_slice(r),
            _ => {
                let above = &rows[(i - 1) * row..i * row];
                predicted.extend(r.iter().zip(above).map(|(x, y)| x.wrapping_sub(*y)));
            }
        }
    }
    let packed = z.zlib(&predicted);
    write!(out, "{xref_id} 0 obj\n<<").map_err(ser)?;
    for (key, value) in lo.trailer.iter() {
        if matches!(
            key.as_slice(),
            b"ID"
                | b"Size"
                | b"Type"
                | b"W"
                | b"Index"
                | b"Filter"
                | b"DecodeParms"
                | b"Length"
                | b"Prev"
        ) {
            continue;
        }
        write_name(&mut out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(&mut out, value);
    }
    write!(
        out,
        "/Type/XRef/Size {size}/W[1 {w2} {w3}]/Filter/FlateDecode\
         /DecodeParms<</Columns {row}/Predictor 12>>/Length {}/ID[<",
        packed.len()
    )
    .map_err(ser)?;
    let id_at = [out.len(), out.len() + 34];
    out.extend_from_slice(&[b'0'; 32]);
    out.extend_from_slice(b"><");
    out.extend_from_slice(&[b'0'; 32]);
    out.extend_from_slice(b">]>>stream\n");
    out.extend_from_slice(&packed);
    write!(out, "\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF").map_err(ser)?;

    // the identifier over its placeholders
    let digest = Sha256::digest(&out);
    let id = &digest[..16];
    let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
    for at in id_at {
        out[at..at + 32].copy_from_slice(hex.as_bytes());
    }
    let xmp_at = xmp_at.ok_or_else(|| ser("no XMP stream"))?;
    let uuid = uuid(id);
    let mut from = xmp_at.start;
    while let Some(found) = out[from..xmp_at.end]
        .windows(ZERO_UUID.len())
        .position(|w| w == ZERO_UUID.as_bytes())
    {
        let at = from + found;
        out[at..at + ZERO_UUID.len()].copy_from_slice(uuid.as_bytes());
        from = at + ZERO_UUID.len();
    }
    Ok(out)
}

/// Formats 16 bytes as an RFC 4122 UUID (version 8: custom, hash-based).
pub(crate) fn uuid(bytes: &[u8]) -> String {
    let mut b = [0u8; 16];
    for (d, s) in b.iter_mut().zip(bytes) {
        *d = *s;
    }
    b[6] = (b[6] & 0x0F) | 0x80;
    b[8] = (b[8] & 0x3F) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Whether a value is written with a space after a name or an array item.
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// Writes a direct object (a stream only as its dictionary and data).
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => {
            let _ = write!(out, "{v}");
        }
        Object::Real(v) => {
            let _ = write!(out, "{v}");
        }
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &b in text {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in text {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d),
        Object::Stream(s) => {
            write_dictionary(out, &s.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// Writes a name, white space, delimiters and bytes outside `!`..`~` as
/// `#xx`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
}

/// Writes a dictionary.
fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_format() {
        let u = uuid(&[0xAB; 16]);
        assert_eq!(u, "abababab-abab-8bab-abab-abababababab");
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let mut out = Vec::new();
        write_object(
            &mut out,
            &Object::Array(vec![
                Object::Name(b"A b".to_vec()),
                Object::Integer(-3),
                Object::Real(0.5),
                Object::String(b"(x\\)".to_vec(), StringFormat::Literal),
                Object::String(vec![0xFE, 0xFF], StringFormat::Hexadecimal),
                Object::Reference((4, 0)),
                Object::Dictionary(Dictionary::from_iter([("K", Object::Boolean(true))])),
            ]),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[/A#20b -3 0.5(\\(x\\\\\\))<FEFF> 4 0 R<</K true>>]"
        );
    }

    #[test]
    fn written_once_with_the_hash_as_id_and_read_back() {
        let mut lo = lopdf::Document::with_version("1.7");
        let pages = lo.new_object_id();
        let xmp = lo.add_object(
            lopdf::Stream::new(
                Dictionary::new(),
                format!("<id>{ZERO_UUID}</id><i>{ZERO_UUID}</i>").into_bytes(),
            )
            .with_compression(false),
        );
        lo.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![])),
                ("Count", Object::Integer(0)),
            ])),
        );
        let catalog = lo.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
            ("Metadata", Object::Reference(xmp)),
        ]));
        lo.trailer.set("Root", Object::Reference(catalog));
        let bytes = save_identified(&lo, xmp, None).unwrap();
        assert_eq!(
            bytes,
            save_identified(&lo, xmp, None).unwrap(),
            "deterministic"
        );

        let back = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        let id = back.trailer.get(b"ID").and_then(Object::as_array).unwrap();
        let id = id[0].as_str().unwrap().to_vec();
        assert_eq!(id.len(), 16);
        let text = back
            .get_object(xmp)
            .and_then(Object::as_stream)
            .map(|s| String::from_utf8(s.content.clone()).unwrap())
            .unwrap();
        let u = uuid(&id);
        assert_eq!(text, format!("<id>{u}</id><i>{u}</i>"));
        // the id is the hash of the file with zeros in its place
        let mut zeroed = bytes.clone();
        let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
        let text_at =
            |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
        while let Some(at) = text_at(&zeroed, hex.as_bytes()) {
            zeroed[at..at + 32].copy_from_slice(&[b'0'; 32]);
        }
        while let Some(at) = text_at(&zeroed, u.as_bytes()) {
            zeroed[at..at + 36].copy_from_slice(ZERO_UUID.as_bytes());
        }
        assert_eq!(&Sha256::digest(&zeroed)[..16], &id[..]);
        let catalog = back.catalog().unwrap();
        assert_eq!(
            catalog.get(b"Pages").and_then(Object::as_reference).ok(),
            Some(pages)
        );
    }
}
