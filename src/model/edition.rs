//! Editions: the same brochure made for a different medium.
//!
//! An edition changes how the brochure is made, never what it says: trim
//! size, columns, type size, bleed and printer's marks, colour model, live
//! links, imposition on sheets. Four editions are built in ([`BUILT_IN`]):
//!
//! | edition | what it is |
//! | --- | --- |
//! | `screen` | the default: RGB, live links, as the brochure has always been |
//! | `print` | for a print shop: PDF/X-4, 3 mm bleed, crop and registration marks, DeviceCMYK, no link annotations |
//! | `booklet` | for an office printer: A5 pages imposed two-up on A4 landscape sheets in saddle-stitch order, duplex with a short-edge flip |
//! | `large-print` | for readers with low vision: one column, text of at least 16 pt on 24 pt leading, ragged right with no hyphenation anywhere, every text colour at WCAG AA contrast |
//!
//! `brochure.toml` may change a built-in edition or define a new one in an
//! `[editions.NAME]` table (`docs/source-format.md`); the loader resolves
//! every such table into a complete [`Edition`].

use super::{PageSize, Rgb};

/// The names of the built-in editions, `screen` first.
pub const BUILT_IN: &[&str] = &["screen", "print", "booklet", "large-print"];

/// A CMYK colour, each ink from 0.0 to 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cmyk {
    /// Cyan.
    pub c: f32,
    /// Magenta.
    pub m: f32,
    /// Yellow.
    pub y: f32,
    /// Black (key).
    pub k: f32,
}

impl Cmyk {
    /// 100 % black and nothing else: body text in print.
    pub const BLACK: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 1.0,
    };

    /// The profile-less conversion of an RGB colour (`K = 1 − max`, the
    /// rest relative to it): greys become black ink only, white no ink.
    /// Good enough as a default; a brand's own CMYK values, where known,
    /// belong in `[colors.cmyk]`.
    pub fn from_rgb(c: Rgb) -> Cmyk {
        let (r, g, b) = (
            f32::from(c.0) / 255.0,
            f32::from(c.1) / 255.0,
            f32::from(c.2) / 255.0,
        );
        let max = r.max(g).max(b);
        let k = 1.0 - max;
        if max <= 0.0 {
            return Cmyk::BLACK;
        }
        let ink = |v: f32| ((max - v) / max).clamp(0.0, 1.0);
        Cmyk {
            c: ink(r),
            m: ink(g),
            y: ink(b),
            k,
        }
    }

    /// The colour with its black raised as an RGB colour scaled by `factor`
    /// (0.7 = 30 % darker) would have it: `K' = 1 − (1 − K) · factor`.
    pub fn darkened(self, factor: f32) -> Cmyk {
        Cmyk {
            k: (1.0 - (1.0 - self.k) * factor).clamp(0.0, 1.0),
            ..self
        }
    }

    /// Whether every ink is between 0 and 1.
    pub fn is_valid(&self) -> bool {
        [self.c, self.m, self.y, self.k]
            .iter()
            .all(|v| v.is_finite() && (0.0..=1.0).contains(v))
    }
}

/// CMYK values of the brochure's colours (`[colors.cmyk]`), where given;
/// the print edition converts the others from RGB.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CmykColors {
    /// The brand colour.
    pub brand: Option<Cmyk>,
    /// The tint behind boxes.
    pub accent: Option<Cmyk>,
    /// Body text (default in print: 0/0/0/100).
    pub text: Option<Cmyk>,
}

/// The colour model of an edition's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorModel {
    /// DeviceRGB, for screens and office printers.
    Rgb,
    /// DeviceCMYK, for a print shop: the file is PDF/X-4 for the
    /// [`OutputIntent`] of `[print]`.
    Cmyk,
}

/// How pages are put on sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imposition {
    /// One page per sheet (no imposition).
    None,
    /// Two pages side by side on each side of a landscape sheet, in the
    /// order that gives a booklet when the printed stack is folded and
    /// stapled in the middle (saddle stitch).
    SaddleStitch,
}

/// A sheet for imposition, used in landscape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// ISO A3, 420 × 297 mm.
    A3,
    /// ISO A4, 297 × 210 mm.
    A4,
    /// US Letter, 11 × 8.5 in.
    Letter,
    /// US Tabloid (ledger), 17 × 11 in.
    Tabloid,
}

impl Sheet {
    /// The sheet named `s` in `brochure.toml`, if it is one.
    pub fn from_name(s: &str) -> Option<Sheet> {
        match s {
            "A3" => Some(Sheet::A3),
            "A4" => Some(Sheet::A4),
            "Letter" => Some(Sheet::Letter),
            "Tabloid" => Some(Sheet::Tabloid),
            _ => None,
        }
    }
}

/// What one edition changes; `None` keeps the brochure's own setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// The edition's name (`print`), used in output file names.
    pub name: String,
    /// Trim size of the pages.
    pub page_size: Option<PageSize>,
    /// Body text columns.
    pub columns: Option<u8>,
    /// Bleed on every side, in millimetres.
    pub bleed: f32,
    /// Whether crop and registration marks are drawn in a slug outside the bleed.
    pub marks: bool,
    /// Colour model of the output.
    pub color: ColorModel,
    /// Whether URLs and citations are live links.
    pub links: bool,
    /// Body text size in points (other sizes scale with it).
    pub body_size: Option<f32>,
    /// Whether body text is justified and hyphenated; when not, it is set
    /// ragged right without hyphens, as clear-print guidelines advise.
    pub justify: bool,
    /// Body leading (baseline grid step) in points.
    pub leading: Option<f32>,
    /// The smallest type of any kind, in points.
    pub min_size: Option<f32>,
    /// How pages are put on sheets.
    pub imposition: Imposition,
    /// The sheet pages are imposed on.
    pub sheet: Sheet,
    /// The least contrast ratio (WCAG 2) between any text and its background.
    pub min_contrast: Option<f32>,
}

impl Edition {
    /// The screen edition: the brochure as its settings say.
    pub fn screen() -> Edition {
        Edition {
            name: "screen".into(),
            page_size: None,
            columns: None,
            bleed: 0.0,
            marks: false,
            color: ColorModel::Rgb,
            links: true,
            body_size: None,
            justify: true,
            leading: None,
            min_size: None,
            imposition: Imposition::None,
            sheet: Sheet::A4,
            min_contrast: None,
        }
    }

    /// A built-in edition by name.
    pub fn built_in(name: &str) -> Option<Edition> {
        let screen = Edition::screen();
        let e = match name {
            "screen" => screen,
            "print" => Edition {
                bleed: 3.0,
                marks: true,
                color: ColorModel::Cmyk,
                links: false,
                ..screen
            },
            "booklet" => Edition {
                page_size: Some(PageSize::A5),
                columns: Some(1),
                links: false,
                imposition: Imposition::SaddleStitch,
                sheet: Sheet::A4,
                ..screen
            },
            "large-print" => Edition {
                columns: Some(1),
                body_size: Some(16.0),
                justify: false,
                leading: Some(24.0),
                min_size: Some(16.0),
                min_contrast: Some(4.5),
                ..screen
            },
            _ => return None,
        };
        Some(Edition {
            name: name.into(),
            ..e
        })
    }

    /// Whether this edition makes the brochure exactly as the screen edition does.
    pub fn is_screen(&self) -> bool {
        *self
            == Edition {
                name: self.name.clone(),
                ..Edition::screen()
            }
    }
}

/// The built-in CMYK output profile: FOGRA39 (coated offset), made from
/// the FOGRA39L data with ArgyllCMS (`profiles/LICENSE`).
pub const FOGRA39_PROFILE: &[u8] = include_bytes!("../../profiles/FOGRA39-brochure.icc");

/// The printing condition editions in CMYK are made for: the PDF/X output
/// intent (`[print]` in `brochure.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct OutputIntent {
    /// `/OutputConditionIdentifier`: the condition's name in the ICC
    /// registry (`FOGRA39`).
    pub identifier: String,
    /// `/Info`: the condition in words (`Coated FOGRA39 (ISO 12647-2:2004)`).
    pub condition: String,
    /// The ICC output profile (CMYK, class `prtr`) embedded as
    /// `/DestOutputProfile`; images are converted to its CMYK.
    pub profile: std::sync::Arc<[u8]>,
}

impl OutputIntent {
    /// The default: FOGRA39 with the built-in profile.
    pub fn fogra39() -> OutputIntent {
        OutputIntent {
            identifier: "FOGRA39".into(),
            condition: "Coated FOGRA39 (ISO 12647-2:2004)".into(),
            profile: FOGRA39_PROFILE.into(),
        }
    }
}

impl Default for OutputIntent {
    fn default() -> Self {
        OutputIntent::fogra39()
    }
}

/// The editions `brochure.toml` defines or changes, the brochure's CMYK
/// colours and the printing condition of CMYK editions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditionConfig {
    /// Editions from `[editions.NAME]` tables, resolved (built-in defaults
    /// filled in), in file order.
    pub defined: Vec<Edition>,
    /// `[colors.cmyk]`.
    pub cmyk: CmykColors,
    /// `[print]`: the output intent of editions printed in CMYK.
    pub output_intent: OutputIntent,
}

impl EditionConfig {
    /// The edition called `name`: as `brochure.toml` defines it, else built in.
    pub fn get(&self, name: &str) -> Result<Edition, UnknownEdition> {
        if let Some(e) = self.defined.iter().find(|e| e.name == name) {
            return Ok(e.clone());
        }
        Edition::built_in(name).ok_or_else(|| UnknownEdition {
            name: name.to_string(),
            known: self.names(),
        })
    }

    /// Every edition name there is: the built-in ones, then those defined.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILT_IN.iter().map(|s| s.to_string()).collect();
        for e in &self.defined {
            if !names.contains(&e.name) {
                names.push(e.name.clone());
            }
        }
        names
    }
}

/// An edition name that is neither built in nor defined.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownEdition {
    /// The name asked for.
    pub name: String,
    /// The names there are.
    pub known: Vec<String>,
}

impl std::fmt::Display for UnknownEdition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown edition `{}`; editions: {}",
            self.name,
            self.known.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmyk_from_rgb() {
        let c = Cmyk::from_rgb(Rgb(0xc8, 0x10, 0x2e));
        assert_eq!(c.c, 0.0);
        assert!((c.m - 0.92).abs() < 0.01 && (c.y - 0.77).abs() < 0.01);
        assert!((c.k - 0.216).abs() < 0.01);
        let grey = Cmyk::from_rgb(Rgb(0x55, 0x55, 0x55));
        assert_eq!((grey.c, grey.m, grey.y), (0.0, 0.0, 0.0));
        assert_eq!(Cmyk::from_rgb(Rgb(0, 0, 0)), Cmyk::BLACK);
        let white = Cmyk::from_rgb(Rgb(255, 255, 255));
        assert_eq!((white.c, white.m, white.y, white.k), (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn built_ins_and_unknown_names() {
        let cfg = EditionConfig::default();
        for name in BUILT_IN {
            assert_eq!(cfg.get(name).map(|e| e.name), Ok(name.to_string()));
        }
        assert!(cfg.get("screen").is_ok_and(|e| e.is_screen()));
        assert!(cfg.get("print").is_ok_and(|e| !e.is_screen()));
        let err = cfg.get("prnt").unwrap_err();
        assert!(
            err.to_string()
                .contains("screen, print, booklet, large-print")
        );
    }
}
