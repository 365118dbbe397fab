//! The search index, `/search-index.json`: per page its title, URL, headings, summary and
//! aliases (not the full text, so the file stays small and is fetched only when searching).

use serde::Serialize;

/// One searchable entry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchEntry {
    /// Page title (or the FAQ question).
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Section headings of the page.
    pub headings: Vec<String>,
    /// Summary, empty when the page has none.
    pub summary: String,
    /// Other names the page is found by (`FCP`).
    pub aliases: Vec<String>,
}

/// The JSON text of the index.
pub(crate) fn to_json(entries: &[SearchEntry]) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_every_field() {
        let json = to_json(&[SearchEntry {
            title: "First-contact physiotherapist".into(),
            url: "/roles/first-contact-physiotherapist/".into(),
            headings: vec!["What the role does".into()],
            summary: "Sees patients with muscle and joint problems.".into(),
            aliases: vec!["FCP".into()],
        }])
        .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value[0]["aliases"][0], "FCP");
        assert_eq!(value[0]["headings"][0], "What the role does");
        assert_eq!(value[0]["url"], "/roles/first-contact-physiotherapist/");
    }
}
