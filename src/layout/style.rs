//! Type styles: the sizes, leadings, fonts and colours of every kind of text,
//! derived from the brochure's settings. The house style lives here.

use crate::model::edition::{Cmyk, Edition};
use crate::model::{Rgb, Settings};
use crate::text::{Align, FontId};

use super::contrast;

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
    /// Text of narrow measures: boxes, list items, notices (ragged right).
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
    /// The smallest type of any kind (0: no minimum).
    pub min_size: f32,
    /// The CMYK of the house style's colours as the settings give them, for
    /// print editions (an edition's contrast adjustments are not in it; a
    /// colour not in it is converted with [`Cmyk::from_rgb`]).
    pub cmyk: Vec<(Rgb, Cmyk)>,
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
            size: 10.5,
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
            h3: ragged(Face::Bold, 11.5, grid, dark),
            heading_lead: ragged(Face::Italic, 11.0, 15.0, dark),
            // narrow measures are set ragged right: justified, their few
            // words a line would space unevenly
            box_text: TextStyle {
                align: Align::Start,
                ..body
            },
            statement: ragged(Face::Bold, 15.0, 19.0, brand),
            caption: ragged(Face::Italic, 8.5, 11.0, Rgb(0x55, 0x55, 0x55)),
            furniture: ragged(Face::Regular, 8.0, 9.5, Rgb(0x66, 0x66, 0x66)),
            link_color: dark,
            brand,
            tint: s.accent,
            draft: Rgb(0x1f, 0x5f, 0x99),
            min_size: 0.0,
            cmyk: cmyk_palette(s, dark),
        }
    }

    /// The house style of an edition: its body size with every other size
    /// scaled alike, no type below its minimum size, and, when it asks for a
    /// minimum contrast, every text colour adjusted until it has that
    /// contrast with the page and with the tint behind boxes (the brand
    /// colour, as the cover's field under white type, thereby too).
    pub fn for_edition(s: &Settings, grid: f32, e: &Edition) -> Styles {
        let mut st = Styles::new(s, grid);
        if let Some(body) = e.body_size {
            let k = body / st.body.size;
            for t in st.all_mut() {
                t.size *= k;
                t.leading *= k;
            }
        }
        if let Some(min) = e.min_size {
            st.min_size = min;
            for t in st.all_mut() {
                if t.size < min {
                    t.leading *= min / t.size;
                    t.size = min;
                }
            }
        }
        if !e.justify {
            for t in [&mut st.body, &mut st.box_text] {
                t.align = Align::Start;
            }
            // no hyphen anywhere: leads, headings and notes included
            for t in st.all_mut() {
                t.hyphenate = false;
            }
        }
        // text that sits on the grid keeps the grid's leading
        for t in [&mut st.body, &mut st.box_text, &mut st.h3] {
            t.leading = grid;
        }
        if let Some(min) = e.min_contrast {
            let grounds = [Rgb(255, 255, 255), st.tint];
            let fix = |c: Rgb| contrast::ensure(c, &grounds, min);
            for t in st.all_mut() {
                t.color = fix(t.color);
            }
            st.link_color = fix(st.link_color);
            st.draft = fix(st.draft);
            st.brand = fix(st.brand);
        }
        st
    }

    /// Every text style, for edition-wide changes.
    fn all_mut(&mut self) -> [&mut TextStyle; 11] {
        [
            &mut self.body,
            &mut self.section_number,
            &mut self.section_title,
            &mut self.section_lead,
            &mut self.h2,
            &mut self.h3,
            &mut self.heading_lead,
            &mut self.box_text,
            &mut self.statement,
            &mut self.caption,
            &mut self.furniture,
        ]
    }

    /// Size and leading of a style the layout sets at `size` on `leading`,
    /// raised to the edition's minimum size (the leading in proportion).
    pub fn fit(&self, size: f32, leading: f32) -> (f32, f32) {
        if size >= self.min_size {
            (size, leading)
        } else {
            (self.min_size, leading * self.min_size / size)
        }
    }

    /// Ragged regular text in the body colour at `size` on `leading`
    /// (raised to the edition's minimum size), not hyphenated.
    pub fn ragged_text(&self, size: f32, leading: f32) -> TextStyle {
        let (size, leading) = self.fit(size, leading);
        TextStyle {
            face: Face::Regular,
            size,
            leading,
            color: self.body.color,
            align: Align::Start,
            hyphenate: false,
        }
    }
}

/// Every text colour and the tint of the house style with its CMYK value
/// for print: the brand colours as `[colors.cmyk]` gives them (else
/// converted from RGB), body text 100 % black unless given, and the link
/// colour, derived from the brand colour, derived the same way in CMYK.
fn cmyk_palette(s: &Settings, link_color: Rgb) -> Vec<(Rgb, Cmyk)> {
    let given = &s.editions.cmyk;
    let brand = given.brand.unwrap_or_else(|| Cmyk::from_rgb(s.brand));
    vec![
        (s.text_color, given.text.unwrap_or(Cmyk::BLACK)),
        (s.brand, brand),
        (
            s.accent,
            given.accent.unwrap_or_else(|| Cmyk::from_rgb(s.accent)),
        ),
        (link_color, brand.darkened(0.7)),
    ]
}

/// Settings for unit tests: an A4 brochure in two columns, in these colours.
#[cfg(test)]
pub(crate) fn test_settings(brand: Rgb, accent: Rgb, text_color: Rgb) -> Settings {
    Settings {
        id: "t".into(),
        title: String::new(),
        subtitle: String::new(),
        publisher: String::new(),
        website: String::new(),
        licence: String::new(),
        cover_image: None,
        edition_date: (2024, 12, 1),
        source_language: "nl".into(),
        languages: vec!["nl".into()],
        page_size: crate::model::PageSize::A4,
        columns: 2,
        sections_start_new_page: true,
        brand,
        accent,
        text_color,
        fonts: vec![],
        citation_style: Default::default(),
        editions: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edition::Edition;

    fn settings(brand: Rgb) -> Settings {
        test_settings(brand, Rgb(0xff, 0xf4, 0xb0), Rgb(0x77, 0x77, 0x77))
    }

    #[test]
    fn screen_styles_are_the_house_style() {
        let s = settings(Rgb(0xc8, 0x10, 0x2e));
        let a = Styles::new(&s, 14.0);
        let b = Styles::for_edition(&s, 14.0, &Edition::screen());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    #[test]
    fn large_print_lifts_sizes_and_contrast_of_a_pale_palette() {
        // a yellow brand colour and grey text fail AA on white and on the tint
        let s = settings(Rgb(0xff, 0xcc, 0x00));
        let e = Edition::built_in("large-print").expect("built in");
        let st = Styles::for_edition(&s, 24.0, &e);
        let white = Rgb(255, 255, 255);
        let mut st2 = st.clone();
        for t in st2.all_mut() {
            assert!(t.size >= 16.0, "{t:?}");
            assert!(!t.hyphenate, "{t:?}");
            for ground in [white, st.tint] {
                assert!(
                    contrast::contrast(t.color, ground) >= 4.5,
                    "{t:?} on {ground:?}"
                );
            }
        }
        assert!(contrast::contrast(st.link_color, st.tint) >= 4.5);
        // white cover type on the brand field
        assert!(contrast::contrast(white, st.brand) >= 4.5);
        assert_eq!(st.body.size, 16.0);
        assert_eq!(st.body.leading, 24.0);
        assert_eq!(st.body.align, Align::Start);
        assert_eq!(st.fit(7.6, 10.0).0, 16.0);
    }
}
