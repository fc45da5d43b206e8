//! Type styles: the sizes, leadings, fonts and colours of every kind of text,
//! derived from the brochure's settings. The house style lives here.

use crate::model::{Rgb, Settings};
use crate::text::{Align, FontId};

/// Which face of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Upright, regular weight.
    Regular,
    /// Italic.
    Italic,
    /// Bold.
    Bold,
    /// Bold italic.
    BoldItalic,
}

impl Face {
    /// The face with emphasis (italic) toggled on.
    pub fn emph(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            Face::Bold | Face::BoldItalic => Face::BoldItalic,
        }
    }
    /// The face with strong (bold) added.
    pub fn strong(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
        }
    }
    /// The font id of this face in the Latin family (loaded first, in this order).
    pub fn font(self) -> FontId {
        FontId(match self {
            Face::Regular => 0,
            Face::Italic => 1,
            Face::Bold => 2,
            Face::BoldItalic => 3,
        })
    }
}

/// The style of one kind of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Face.
    pub face: Face,
    /// Size in points.
    pub size: f32,
    /// Distance between baselines.
    pub leading: f32,
    /// Colour.
    pub color: Rgb,
    /// Alignment.
    pub align: Align,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
}

/// All styles of the brochure.
#[derive(Debug, Clone)]
pub struct Styles {
    /// Body text.
    pub body: TextStyle,
    /// Section number in an opener.
    pub section_number: TextStyle,
    /// Section title in an opener.
    pub section_title: TextStyle,
    /// Section lead paragraph.
    pub section_lead: TextStyle,
    /// Level-2 heading.
    pub h2: TextStyle,
    /// Level-3 heading.
    pub h3: TextStyle,
    /// Lead line under a heading.
    pub heading_lead: TextStyle,
    /// Box text.
    pub box_text: TextStyle,
    /// Pull-out statement.
    pub statement: TextStyle,
    /// Photo caption.
    pub caption: TextStyle,
    /// Running header and footer.
    pub furniture: TextStyle,
    /// Links in text.
    pub link_color: Rgb,
    /// Brand colour.
    pub brand: Rgb,
    /// Tint behind boxes.
    pub tint: Rgb,
    /// Text of a draft's untranslated blocks (set in the source language).
    pub draft: Rgb,
}

impl Styles {
    /// The house style for a brochure's settings and grid.
    pub fn new(s: &Settings, grid: f32) -> Styles {
        let text = s.text_color;
        let brand = s.brand;
        let dark = Rgb(
            (brand.0 as f32 * 0.7) as u8,
            (brand.1 as f32 * 0.7) as u8,
            (brand.2 as f32 * 0.7) as u8,
        );
        let body = TextStyle {
            face: Face::Regular,
            size: 9.6,
            leading: grid,
            color: text,
            align: Align::Justify,
            hyphenate: true,
        };
        let ragged = |face, size, leading, color| TextStyle {
            face,
            size,
            leading,
            color,
            align: Align::Start,
            hyphenate: false,
        };
        Styles {
            body,
            section_number: ragged(Face::Bold, 60.0, 60.0, brand),
            section_title: ragged(Face::Bold, 24.0, 28.0, text),
            section_lead: TextStyle {
                hyphenate: true,
                ..ragged(Face::Regular, 13.0, 18.0, dark)
            },
            h2: ragged(Face::Bold, 13.5, 16.0, brand),
            h3: ragged(Face::Bold, 10.5, grid, dark),
            heading_lead: ragged(Face::Italic, 11.0, 15.0, dark),
            box_text: TextStyle {
                face: Face::Regular,
                ..body
            },
            statement: ragged(Face::Bold, 15.0, 19.0, brand),
            caption: ragged(Face::Italic, 8.0, 10.5, Rgb(0x55, 0x55, 0x55)),
            furniture: ragged(Face::Regular, 7.5, 9.0, Rgb(0x66, 0x66, 0x66)),
            link_color: dark,
            brand,
            tint: s.accent,
            draft: Rgb(0x1f, 0x5f, 0x99),
        }
    }
}
