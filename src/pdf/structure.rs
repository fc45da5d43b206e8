//! Structure: the tags of marked content, and the structure tree built from
//! the marked-content ids each page recorded.
//!
//! The tree is `Document` → one element per source block and tag (a heading
//! block's title and lead line become `H2` and `P`), in reading order. List
//! blocks become `L` with an `LI` per label (`Lbl` + `LBody`); consecutive
//! table-of-contents entries are grouped in a `TOC`; the reference list is one
//! `L` whose entries are `LI` › `Lbl` (the number) + `LBody`. Figures carry their
//! alternative text; a photo's `Figure` and its `Caption` are grouped in a
//! `Div` (a figure without a caption stands alone). Each link annotation gets a `Link` element (with an
//! object reference) holding the lines its area covers (a contents entry, a
//! URL on lines of its own, a citation's number), or inside the element whose
//! content it lies on. A citation's `Link` is held by a `Reference`.
//!
//! Role-specific types (lead, box, statement) are mapped to `P`.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::error::PdfError;
use super::object::{ser, text};
use super::page::{MarkedContent, PageContent};
use crate::layout::{BlockInfo, CAPTION_SUFFIX, LinkTarget, Role};

/// The standard structure type a role is tagged as; `None` for artifacts.
pub(crate) fn tag(role: Role) -> Option<&'static str> {
    Some(match role {
        Role::Artifact => return None,
        Role::Title | Role::H1 => "H1",
        Role::H2 => "H2",
        Role::H3 => "H3",
        Role::P | Role::Lead | Role::BoxText | Role::Statement => "P",
        Role::ListLabel => "Lbl",
        Role::ListBody => "LBody",
        Role::Caption => "Caption",
        Role::Figure => "Figure",
        Role::TocEntry => "TOCI",
        Role::Reference => "LBody",
    })
}

/// What a structure element contains.
enum Kid {
    /// Marked content on a page.
    Content { page: usize, mcid: i64 },
    /// Another element.
    Elem(usize),
    /// An annotation.
    Annot { page: usize, annot: ObjectId },
}

/// A structure element being built.
struct Elem {
    tag: &'static str,
    alt: Option<String>,
    /// Language of the element when it differs from the document's.
    lang: Option<String>,
    kids: Vec<Kid>,
}

/// The tree being built, elements by index; element 0 is `Document`.
struct Tree {
    elems: Vec<Elem>,
}

impl Tree {
    fn add(&mut self, tag: &'static str, parent: Option<usize>) -> usize {
        self.elems.push(Elem {
            tag,
            alt: None,
            lang: None,
            kids: Vec::new(),
        });
        let id = self.elems.len() - 1;
        if let Some(p) = parent {
            self.elems[p].kids.push(Kid::Elem(id));
        }
        id
    }

    fn push(&mut self, elem: usize, kid: Kid) {
        self.elems[elem].kids.push(kid);
    }
}

/// A list being filled: its `L` element and the current `LI`.
struct ListState {
    list: usize,
    item: Option<usize>,
    body: Option<usize>,
}

/// Builds the structure tree; returns the StructTreeRoot, or `None` when
/// there is no tagged content. `annots` holds the link annotations of each
/// page, in the order of [`PageContent::links`].
pub(crate) fn build(
    lo: &mut lopdf::Document,
    blocks: &[BlockInfo],
    pages: &[PageContent],
    page_ids: &[ObjectId],
    annots: &[Vec<ObjectId>],
) -> Result<Option<ObjectId>, PdfError> {
    if pages.iter().all(|p| p.marks.is_empty()) {
        return Ok(None);
    }
    let mut tree = Tree { elems: Vec::new() };
    let document = tree.add("Document", None);
    let mut owner = place_content(&mut tree, document, blocks, pages);
    let annot_parents = place_links(&mut tree, document, pages, annots, &mut owner);

    // Write the elements: ids first, so that parents and kids can refer to
    // each other.
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = tree.elems.iter().map(|_| lo.new_object_id()).collect();
    write_elems(lo, &tree, root, &ids, page_ids);
    let (next_key, parent_tree) = write_parent_tree(lo, &owner, &annot_parents, &ids, page_ids)?;
    lo.set_object(
        root,
        Dictionary::from_iter([
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference(ids[document])),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key)),
        ]),
    );
    Ok(Some(root))
}

/// Puts every page's marked content into the tree, one element per source
/// block and tag; returns the element each mark went into, per page and
/// MCID.
fn place_content(
    tree: &mut Tree,
    document: usize,
    blocks: &[BlockInfo],
    pages: &[PageContent],
) -> Vec<Vec<usize>> {
    let mut owner: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    // Elements per source block and tag, and lists being filled.
    let mut by_block: BTreeMap<(u32, &'static str), usize> = BTreeMap::new();
    // The list being filled: consecutive list content is one `L`.
    let mut list: Option<ListState> = None;
    // The reference list being filled, and the entry last seen.
    let mut refs: Option<(ListState, u32)> = None;
    let mut toc: Option<usize> = None;
    // Each photo's `Figure`, and the `Div` grouping it with its `Caption`
    // once that comes, by the photo's block id.
    let mut figures: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();

    for (page, content) in pages.iter().enumerate() {
        let mut owners = Vec::with_capacity(content.marks.len());
        for mark in &content.marks {
            // Only tagged content gets an MCID, so there is always a tag.
            let tag = tag(mark.role).unwrap_or("Span");
            if !matches!(mark.role, Role::ListLabel | Role::ListBody) {
                list = None;
            }
            if mark.role != Role::Reference {
                refs = None;
            }
            let elem = match (mark.role, mark.block) {
                _ if mark.continues && !owners.is_empty() => owners[owners.len() - 1],
                (Role::ListLabel | Role::ListBody, _) => {
                    toc = None;
                    list_content(tree, &mut list, document, mark, tag)
                }
                (Role::Reference, Some(b)) => {
                    toc = None;
                    reference_content(tree, &mut refs, document, b)
                }
                (Role::TocEntry, _) => {
                    let parent = *toc.get_or_insert_with(|| tree.add("TOC", Some(document)));
                    match mark.block {
                        Some(b) => *by_block
                            .entry((b, tag))
                            .or_insert_with(|| tree.add(tag, Some(parent))),
                        None => tree.add(tag, Some(parent)),
                    }
                }
                (Role::Caption, Some(b)) => {
                    toc = None;
                    let photo = blocks
                        .get(b as usize)
                        .and_then(|info| info.id.strip_suffix(CAPTION_SUFFIX));
                    let parent = match photo.and_then(|id| figures.get_mut(id)) {
                        Some((figure, div)) => {
                            *div.get_or_insert_with(|| group(tree, document, *figure))
                        }
                        None => document,
                    };
                    *by_block
                        .entry((b, tag))
                        .or_insert_with(|| tree.add(tag, Some(parent)))
                }
                (Role::Figure, Some(b)) => {
                    toc = None;
                    let elem = *by_block
                        .entry((b, tag))
                        .or_insert_with(|| tree.add(tag, Some(document)));
                    if let Some(info) = blocks.get(b as usize) {
                        figures.entry(&info.id).or_insert((elem, None));
                    }
                    elem
                }
                (_, Some(b)) => {
                    toc = None;
                    *by_block
                        .entry((b, tag))
                        .or_insert_with(|| tree.add(tag, Some(document)))
                }
                (_, None) => {
                    toc = None;
                    tree.add(tag, Some(document))
                }
            };
            if tree.elems[elem].alt.is_none() {
                tree.elems[elem].alt = mark.alt.clone().filter(|a| !a.trim().is_empty());
            }
            if let Some(info) = mark.block.and_then(|b| blocks.get(b as usize)) {
                tree.elems[elem].lang.clone_from(&info.lang);
            }
            // a foreign phrase is a `Span` with its language in the element
            let elem = match &mark.lang {
                Some(lang) if !mark.continues => {
                    let span = tree.add("Span", Some(elem));
                    tree.elems[span].lang = Some(lang.clone());
                    span
                }
                _ => elem,
            };
            tree.push(
                elem,
                Kid::Content {
                    page,
                    mcid: mark.mcid,
                },
            );
            owners.push(elem);
        }
        owner.push(owners);
    }
    owner
}

/// Puts a `Div` in the place of `figure` among `parent`'s kids, with the
/// figure inside; returns the `Div`.
fn group(tree: &mut Tree, parent: usize, figure: usize) -> usize {
    tree.elems.push(Elem {
        tag: "Div",
        alt: None,
        lang: None,
        kids: vec![Kid::Elem(figure)],
    });
    let div = tree.elems.len() - 1;
    match tree.elems[parent]
        .kids
        .iter_mut()
        .find(|k| matches!(k, Kid::Elem(e) if *e == figure))
    {
        Some(kid) => *kid = Kid::Elem(div),
        None => tree.elems[parent].kids.push(Kid::Elem(div)),
    }
    div
}

/// Gives every link annotation a `Link` element. The marked content that
/// lies wholly inside the link's area (a contents entry's lines, a URL on
/// lines of its own) moves into the `Link`, which takes its place in the
/// content's element; otherwise the `Link` (its annotation only) goes into
/// the element whose content lies under the link's centre. Returns each
/// annotation with its element.
fn place_links(
    tree: &mut Tree,
    document: usize,
    pages: &[PageContent],
    annots: &[Vec<ObjectId>],
    owner: &mut [Vec<usize>],
) -> Vec<(ObjectId, usize)> {
    let mut annot_parents: Vec<(ObjectId, usize)> = Vec::new();
    for (page, content) in pages.iter().enumerate() {
        for (link, &annot) in content
            .links
            .iter()
            .zip(annots.get(page).into_iter().flatten())
        {
            let inside: Vec<usize> = content
                .marks
                .iter()
                .enumerate()
                .filter(|(i, m)| {
                    matches!(m.role, Role::TocEntry | Role::P | Role::BoxText)
                        && owner[page][*i] != document
                        && contains(link.rect, m.bbox)
                })
                .map(|(i, _)| i)
                .collect();
            // A link to a place in the document from running text is a
            // citation: a `Reference` holds its `Link`. (Contents entries
            // are the other internal links.)
            let citation = matches!(link.target, LinkTarget::Internal { .. })
                && !inside
                    .iter()
                    .any(|&i| content.marks[i].role == Role::TocEntry);
            let wrapper = citation.then_some("Reference");
            let elem = match inside.first() {
                Some(&first) => {
                    let parent = owner[page][first];
                    let elem = wrap_marks(tree, parent, wrapper, page, content, &inside, owner);
                    tree.push(elem, Kid::Annot { page, annot });
                    elem
                }
                None => {
                    let cx = (link.rect[0] + link.rect[2]) / 2.0;
                    let cy = (link.rect[1] + link.rect[3]) / 2.0;
                    let parent = content
                        .marks
                        .iter()
                        .zip(&owner[page])
                        .find(|(m, _)| contains(m.bbox, [cx, cy, cx, cy]))
                        .map(|(_, &e)| e)
                        .unwrap_or(document);
                    let parent = match wrapper {
                        Some(tag) => tree.add(tag, Some(parent)),
                        None => parent,
                    };
                    let elem = tree.add("Link", Some(parent));
                    tree.push(elem, Kid::Annot { page, annot });
                    elem
                }
            };
            annot_parents.push((annot, elem));
        }
    }
    annot_parents
}

/// Whether `outer` contains `inner` (`[llx lly urx ury]`, with a point of
/// tolerance).
fn contains(outer: [f32; 4], inner: [f32; 4]) -> bool {
    outer[0] - 1.0 <= inner[0]
        && outer[1] - 1.0 <= inner[1]
        && inner[2] <= outer[2] + 1.0
        && inner[3] <= outer[3] + 1.0
}

/// Moves the marks `marks` (indices on page `page`, the first owned by
/// `parent`) into a new `Link` element that takes the first one's place
/// among `parent`'s kids (inside a new `wrapper` element there, if any);
/// returns the `Link`.
fn wrap_marks(
    tree: &mut Tree,
    parent: usize,
    wrapper: Option<&'static str>,
    page: usize,
    content: &PageContent,
    marks: &[usize],
    owner: &mut [Vec<usize>],
) -> usize {
    let lang = tree.elems[parent].lang.clone();
    let new = |tree: &mut Tree, tag: &'static str| {
        tree.elems.push(Elem {
            tag,
            alt: None,
            lang: lang.clone(),
            kids: Vec::new(),
        });
        tree.elems.len() - 1
    };
    let link = new(tree, "Link");
    let outer = match wrapper {
        Some(tag) => {
            let w = new(tree, tag);
            tree.push(w, Kid::Elem(link));
            w
        }
        None => link,
    };
    let first = content.marks[marks[0]].mcid;
    let at = tree.elems[parent]
        .kids
        .iter()
        .position(|k| matches!(k, Kid::Content { page: p, mcid } if *p == page && *mcid == first))
        .unwrap_or(tree.elems[parent].kids.len());
    tree.elems[parent].kids.insert(at, Kid::Elem(outer));
    for &i in marks {
        let mcid = content.marks[i].mcid;
        let from = owner[page][i];
        tree.elems[from].kids.retain(
            |k| !matches!(k, Kid::Content { page: p, mcid: m } if *p == page && *m == mcid),
        );
        tree.push(link, Kid::Content { page, mcid });
        owner[page][i] = link;
    }
    link
}

/// Writes the structure elements under the ids `ids` (one per element),
/// the top one's parent being `root`.
fn write_elems(
    lo: &mut lopdf::Document,
    tree: &Tree,
    root: ObjectId,
    ids: &[ObjectId],
    page_ids: &[ObjectId],
) {
    let mut parent_of = vec![root; ids.len()];
    for (i, e) in tree.elems.iter().enumerate() {
        for k in &e.kids {
            if let Kid::Elem(c) = k {
                parent_of[*c] = ids[i];
            }
        }
    }
    for (i, e) in tree.elems.iter().enumerate() {
        // The element's page is that of its first marked content: content
        // there is referred to by its bare MCID, content on other pages by
        // a marked-content reference naming the page.
        let pg = e.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        let kids: Vec<Object> = e
            .kids
            .iter()
            .map(|k| match k {
                Kid::Elem(c) => Object::Reference(ids[*c]),
                Kid::Content { page, mcid } if Some(*page) == pg => Object::Integer(*mcid),
                Kid::Content { page, mcid } => Object::Dictionary(Dictionary::from_iter([
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(page_ids[*page])),
                    ("MCID", Object::Integer(*mcid)),
                ])),
                Kid::Annot { page, annot } => Object::Dictionary(Dictionary::from_iter([
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Pg", Object::Reference(page_ids[*page])),
                    ("Obj", Object::Reference(*annot)),
                ])),
            })
            .collect();
        let mut dict = Dictionary::from_iter([
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(e.tag.as_bytes().to_vec())),
            ("P", Object::Reference(parent_of[i])),
            ("K", Object::Array(kids)),
        ]);
        if let Some(page) = pg {
            dict.set("Pg", Object::Reference(page_ids[page]));
        }
        if let Some(alt) = &e.alt {
            dict.set("Alt", text(alt));
        }
        if let Some(lang) = &e.lang {
            dict.set("Lang", text(lang));
        }
        lo.set_object(ids[i], dict);
    }
}

/// Writes the parent tree (per page, MCID → element; per annotation, its
/// `Link`) and the pages' and annotations' keys into it; returns the next
/// free key and the parent tree's id.
fn write_parent_tree(
    lo: &mut lopdf::Document,
    owner: &[Vec<usize>],
    annot_parents: &[(ObjectId, usize)],
    ids: &[ObjectId],
    page_ids: &[ObjectId],
) -> Result<(i64, ObjectId), PdfError> {
    let mut nums = Vec::new();
    for (page, owners) in owner.iter().enumerate() {
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(
            owners.iter().map(|&e| Object::Reference(ids[e])).collect(),
        ));
        let dict = lo
            .get_object_mut(page_ids[page])
            .and_then(Object::as_dict_mut)
            .map_err(ser)?;
        dict.set("StructParents", Object::Integer(page as i64));
        dict.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let mut key = owner.len() as i64;
    for &(annot, elem) in annot_parents {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(ids[elem]));
        let dict = lo
            .get_object_mut(annot)
            .and_then(Object::as_dict_mut)
            .map_err(ser)?;
        dict.set("StructParent", Object::Integer(key));
        key += 1;
    }
    let parent_tree = lo.add_object(Dictionary::from_iter([("Nums", Object::Array(nums))]));
    Ok((key, parent_tree))
}

/// Places a list label or body in the list being filled (a new `L` when
/// there is none): a label starts a new `LI`; body lines join the current
/// item's `LBody`.
fn list_content(
    tree: &mut Tree,
    list: &mut Option<ListState>,
    document: usize,
    mark: &MarkedContent,
    tag: &'static str,
) -> usize {
    let state = list.get_or_insert_with(|| ListState {
        list: tree.add("L", Some(document)),
        item: None,
        body: None,
    });
    if mark.role == Role::ListLabel || state.item.is_none() {
        state.item = Some(tree.add("LI", Some(state.list)));
        state.body = None;
    }
    let item = state.item.unwrap_or(state.list);
    if mark.role == Role::ListLabel {
        return tree.add(tag, Some(item));
    }
    *state.body.get_or_insert_with(|| tree.add(tag, Some(item)))
}

/// Places a line of the reference list: the first mark of an entry (its
/// hanging number) is the `Lbl` of a new `LI`, the entry's other marks its
/// `LBody`; consecutive entries are one `L`.
fn reference_content(
    tree: &mut Tree,
    refs: &mut Option<(ListState, u32)>,
    document: usize,
    block: u32,
) -> usize {
    let (state, last) = refs.get_or_insert_with(|| {
        (
            ListState {
                list: tree.add("L", Some(document)),
                item: None,
                body: None,
            },
            u32::MAX,
        )
    });
    if *last != block || state.item.is_none() {
        *last = block;
        let item = tree.add("LI", Some(state.list));
        state.item = Some(item);
        state.body = None;
        return tree.add("Lbl", Some(item));
    }
    let item = state.item.unwrap_or(state.list);
    *state
        .body
        .get_or_insert_with(|| tree.add("LBody", Some(item)))
}
