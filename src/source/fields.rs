//! The one schema of translatable text fields: which keys of a content table
//! hold text a reader sees, in which order, and what grammar each follows.
//!
//! The loader reads these keys, the translation merge fingerprints them in
//! [`Field::ALL`] order, and the XLIFF exchange turns each into units; all
//! three take the names and shapes from here instead of spelling them out.

/// A translatable field of a section or block table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `title`: a section's, heading's or notice's title.
    Title,
    /// `lead`: the larger line under a section or heading title.
    Lead,
    /// `text`: a paragraph, statement, box or notice body.
    Text,
    /// `caption`: a photo's caption.
    Caption,
    /// `alt`: a photo's alternative text.
    Alt,
    /// `items`: a list's items.
    Items,
}

/// What a field's value is, for one kind of table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One paragraph of inline markup.
    Line,
    /// Paragraphs of inline markup separated by blank lines.
    Paragraphs,
    /// Plain text: no markup is parsed.
    Plain,
    /// An array of lines of inline markup.
    Items,
}

impl Field {
    /// Every field, in the order fingerprints and exports take them.
    pub const ALL: [Field; 6] = [
        Field::Title,
        Field::Lead,
        Field::Text,
        Field::Caption,
        Field::Alt,
        Field::Items,
    ];

    /// The TOML key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Lead => "lead",
            Field::Text => "text",
            Field::Caption => "caption",
            Field::Alt => "alt",
            Field::Items => "items",
        }
    }

    /// The field of a TOML key.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The name one value of the field has in a fingerprint: `item` for each
    /// list item, the key otherwise.
    pub fn fingerprint_name(self) -> &'static str {
        match self {
            Field::Items => "item",
            f => f.key(),
        }
    }
}

/// The translatable fields of a kind of table (`section` or a block kind),
/// in [`Field::ALL`] order with their shapes; empty for an unknown kind.
pub fn of_kind(kind: &str) -> &'static [(Field, Shape)] {
    match kind {
        "section" => &[(Field::Title, Shape::Plain), (Field::Lead, Shape::Line)],
        "heading" => &[(Field::Title, Shape::Line), (Field::Lead, Shape::Line)],
        "paragraph" | "statement" => &[(Field::Text, Shape::Line)],
        "box" => &[(Field::Text, Shape::Paragraphs)],
        "notice" => &[
            (Field::Title, Shape::Line),
            (Field::Text, Shape::Paragraphs),
        ],
        "list" => &[(Field::Items, Shape::Items)],
        "photo" => &[(Field::Caption, Shape::Line), (Field::Alt, Shape::Plain)],
        _ => &[],
    }
}

/// The shape of `field` in a table of `kind`, when the kind has that field.
pub fn shape(kind: &str, field: Field) -> Option<Shape> {
    of_kind(kind)
        .iter()
        .find(|(f, _)| *f == field)
        .map(|&(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_kinds_list_fields_in_order() {
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(f));
        }
        assert_eq!(Field::from_key("image"), None);
        for kind in [
            "section",
            "heading",
            "paragraph",
            "statement",
            "box",
            "notice",
            "list",
            "photo",
        ] {
            let fields: Vec<Field> = of_kind(kind).iter().map(|(f, _)| *f).collect();
            let mut sorted = fields.clone();
            sorted.sort();
            assert_eq!(fields, sorted, "{kind}");
            assert!(!fields.is_empty(), "{kind}");
        }
        assert_eq!(shape("section", Field::Title), Some(Shape::Plain));
        assert_eq!(shape("box", Field::Text), Some(Shape::Paragraphs));
        assert_eq!(shape("photo", Field::Alt), Some(Shape::Plain));
        assert_eq!(shape("list", Field::Title), None);
    }
}
