//! What a file claiming PDF/X-4 (ISO 15930-7) or PDF/A-2a (ISO 19005-2)
//! carries beyond the PDF the writer makes anyway: the output intent with
//! its embedded ICC profile, the identification in the XMP packet (and the
//! PDF/A extension schema for the `pdfuaid` property, which PDF/A does not
//! predefine), the Info entries (`/GTS_PDFXVersion`, `/Trapped`) and the
//! header version. Everything else these standards ask (embedded fonts, page
//! boxes, no DeviceRGB in PDF/X, tags for PDF/A level a, Info and XMP in
//! step) is the writer's ordinary output or is decided where it is made
//! (`images.rs` converts images for PDF/X).

use lopdf::{Dictionary, Object, Stream};

use super::Standard;
use super::colour::SRGB_PROFILE;
use super::error::PdfError;
use super::object::{name, ser, text};

/// The ICC registry that output condition identifiers refer to.
const ICC_REGISTRY: &str = "http://www.color.org";

/// The PDF version the header states: 1.6 for PDF/X-4 (the version it is
/// based on), else 1.7.
pub(crate) fn version(standard: Option<&Standard>) -> &'static str {
    match standard {
        Some(Standard::PdfX4(_)) => "1.6",
        _ => "1.7",
    }
}

/// Adds the output intent of `standard` to the catalog: its ICC profile as
/// a stream and the `/OutputIntents` array.
pub(crate) fn add_output_intent(
    lo: &mut lopdf::Document,
    standard: &Standard,
) -> Result<(), PdfError> {
    let (subtype, identifier, condition, profile, components) = match standard {
        Standard::PdfX4(intent) => (
            "GTS_PDFX",
            intent.identifier.as_str(),
            intent.condition.as_str(),
            &intent.profile[..],
            4,
        ),
        Standard::PdfA2a => (
            "GTS_PDFA1",
            "sRGB IEC61966-2.1",
            "sRGB IEC61966-2.1",
            SRGB_PROFILE,
            3,
        ),
    };
    let alternate = if components == 4 {
        "DeviceCMYK"
    } else {
        "DeviceRGB"
    };
    let icc = lo.add_object(Stream::new(
        Dictionary::from_iter([
            ("N", Object::Integer(components)),
            ("Alternate", name(alternate)),
        ]),
        profile.to_vec(),
    ));
    let intent = Dictionary::from_iter([
        ("Type", name("OutputIntent")),
        ("S", name(subtype)),
        ("OutputConditionIdentifier", text(identifier)),
        ("OutputCondition", text(condition)),
        ("Info", text(condition)),
        ("RegistryName", text(ICC_REGISTRY)),
        ("DestOutputProfile", Object::Reference(icc)),
    ]);
    let intent = lo.add_object(intent);
    let catalog = lo.catalog_mut().map_err(ser)?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    Ok(())
}

/// Sets the Info entries `standard` asks for: for PDF/X-4 its version and
/// `/Trapped /False` (the file is not trapped; the print shop traps).
pub(crate) fn info_entries(info: &mut Dictionary, standard: Option<&Standard>) {
    if let Some(Standard::PdfX4(_)) = standard {
        info.set("GTS_PDFXVersion", text("PDF/X-4"));
        info.set("Trapped", name("False"));
    }
}

/// The namespace declarations the identification needs, for the
/// `rdf:Description` element.
pub(crate) fn xmp_namespaces(standard: Option<&Standard>) -> &'static str {
    match standard {
        None => "",
        Some(Standard::PdfX4(_)) => "\n    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"",
        Some(Standard::PdfA2a) => "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
    }
}

/// The identification properties, in step with [`info_entries`].
pub(crate) fn xmp_properties(standard: Option<&Standard>) -> &'static str {
    match standard {
        None => "",
        Some(Standard::PdfX4(_)) => {
            "\n   <xmpMM:VersionID>1</xmpMM:VersionID>\
             \n   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\
             \n   <pdf:Trapped>False</pdf:Trapped>\
             \n   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"
        }
        Some(Standard::PdfA2a) => {
            "\n   <pdfaid:part>2</pdfaid:part>\
             \n   <pdfaid:conformance>A</pdfaid:conformance>"
        }
    }
}

/// For PDF/A, a second `rdf:Description` describing the schemas PDF/A does
/// not predefine: `pdfuaid` (when the file claims PDF/UA, `ua`).
pub(crate) fn xmp_extension(standard: Option<&Standard>, ua: bool) -> &'static str {
    if standard != Some(&Standard::PdfA2a) || !ua {
        return "";
    }
    r#"
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>"#
}
