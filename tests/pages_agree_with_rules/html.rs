//! Reading built pages: selectors, text, amounts, dates and link queries.

use arrs_guide::rules::YearId;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use scraper::{ElementRef, Selector};

/// A CSS selector the tests use (a bad one is a bug in the test).
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}

/// The element's text with whitespace collapsed and curly quotes made straight.
pub fn text(element: ElementRef<'_>) -> String {
    normalise(&element.text().collect::<String>())
}

fn normalise(raw: &str) -> String {
    raw.replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The date of a `<time datetime="…">` element.
pub fn date_of(time: ElementRef<'_>) -> Option<NaiveDate> {
    time.value().attr("datetime")?.parse().ok()
}

/// An amount as the tables show it: `£62,340` or `£62,340.00` (pounds grouped in threes; pence,
/// when shown, two digits).
pub fn table_amount(shown: &str) -> Option<Decimal> {
    let digits = shown.strip_prefix('£')?;
    let (pounds, pence) = digits.split_once('.').unwrap_or((digits, "00"));
    let groups: Vec<&str> = pounds.split(',').collect();
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        g.chars().all(|c| c.is_ascii_digit())
            && if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            }
    });
    if !well_grouped || pence.len() != 2 || !pence.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    format!("{}.{pence}", groups.concat()).parse().ok()
}

/// The amount written just after `before` in `text` (`£2,600.00`, `£798,930`, `£26.631`).
pub fn amount_after(text: &str, before: &str) -> Result<Decimal, String> {
    let start = text
        .find(before)
        .ok_or_else(|| format!("the page no longer says \"{before}…\""))?;
    let rest = &text[start + before.len()..];
    let rest = rest.strip_prefix('£').unwrap_or(rest);
    let mut number = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        let decimal_point = c == '.' && chars.peek().is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || decimal_point {
            number.push(c);
        } else if c != ',' {
            break;
        }
    }
    number
        .parse()
        .map_err(|_| format!("no amount after \"{before}\""))
}

/// The `name=value` pairs of a link's query.
pub fn query(href: &str) -> Vec<(String, String)> {
    href.split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The value of query parameter `name`, if present.
pub fn param<'q>(params: &'q [(String, String)], name: &str) -> Option<&'q str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `2025-26` → `2025/26`, as pages write years.
pub fn year_label(year: YearId) -> String {
    year.to_string().replacen('-', "/", 1)
}

/// `2025/26` → the year id.
pub fn year_from_label(label: &str) -> Option<YearId> {
    label.replacen('/', "-", 1).parse().ok()
}
