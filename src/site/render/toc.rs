//! Table of contents: the flat list of `##` and `###` headings nested into a tree.

use crate::site::render::markdown::Heading;
use serde::Serialize;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    /// Heading id, the link target.
    pub id: String,
    /// Heading text.
    pub title: String,
    /// `###` headings under this `##` heading.
    pub children: Vec<TocEntry>,
}

/// Nests `##` headings with the `###` headings that follow them. Deeper headings are left out;
/// a `###` before any `##` becomes a top-level entry so nothing is lost.
pub(crate) fn build(headings: &[Heading]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for heading in headings {
        let entry = TocEntry {
            id: heading.id.clone(),
            title: heading.title.clone(),
            children: Vec::new(),
        };
        match heading.level {
            2 => toc.push(entry),
            3 => match toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => toc.push(entry),
            },
            _ => {}
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: id.to_uppercase(),
        }
    }

    #[test]
    fn nests_level_three_under_level_two() {
        let toc = build(&[
            h(3, "early"),
            h(2, "a"),
            h(3, "a1"),
            h(4, "deep"),
            h(3, "a2"),
            h(2, "b"),
        ]);
        let shape: Vec<(String, Vec<String>)> = toc
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.children.iter().map(|c| c.id.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("early".into(), vec![]),
                ("a".into(), vec!["a1".into(), "a2".into()]),
                ("b".into(), vec![]),
            ]
        );
        assert_eq!(toc[1].title, "A");
    }
}
