//! Reads the published rules JSON (`/data/rules/<year>.json`) into the rules core's
//! [`YearRules`].
//!
//! A small reader written for this one schema instead of serde_json: serde's generic
//! deserializers (and the float formatting their error messages pull in) made up more than a
//! third of the module, and the calculator's budget is 100 KB gzipped. Like the serde derives
//! it stands in for, it refuses unknown keys and a schema version it does not know, so a
//! figure added to the rules can never be silently ignored. Numbers are read as decimal text,
//! never through binary floating point.

use std::collections::BTreeMap;

use arrs_guide::rules::money::parse_decimal;
use arrs_guide::rules::year::parse_date;
use arrs_guide::rules::{
    Band, BandCaps, CapTable, Figure, OnCosts, PayPoint, PayScale, Pot, RoleId, RoleRule, Status,
    YearRules, SCHEMA_VERSION,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Deepest nesting of arrays and objects accepted (the schema needs 5).
const MAX_DEPTH: usize = 32;

/// A parsed JSON value; numbers keep their text.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Reads the rules of one year from the published JSON; the error says where and what.
pub fn year_rules_from_json(text: &str) -> Result<YearRules, String> {
    let value = Parser::new(text).document()?;
    year_rules(&value)
}

// ---------- JSON text → Value ----------

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            bytes: text.as_bytes(),
            text,
            at: 0,
        }
    }

    fn document(mut self) -> Result<Value, String> {
        let value = self.value(0)?;
        self.skip_space();
        if self.at == self.bytes.len() {
            Ok(value)
        } else {
            Err(self.error("unexpected text after the end"))
        }
    }

    fn error(&self, what: &str) -> String {
        format!("invalid JSON at byte {}: {what}", self.at)
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.skip_space();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", char::from(byte))))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => Ok(self.number()),
            Some(_) => self.word(),
            None => Err(self.error("unexpected end")),
        }
    }

    fn word(&mut self) -> Result<Value, String> {
        for (word, value) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            if self.text[self.at..].starts_with(word) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(self.error("expected a value"))
    }

    fn number(&mut self) -> Value {
        let start = self.at;
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
        Value::Number(self.text[start..self.at].to_string())
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.at += 1;
        let mut entries = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(entries));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.expect(b':')?;
            entries.push((key, self.value(depth + 1)?));
            self.skip_space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(entries));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    /// A string literal; `self.at` is on its opening quote.
    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&byte) = self.bytes.get(self.at) {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // Stops only at ASCII bytes, so the slice is on character boundaries.
            out.push_str(&self.text[start..self.at]);
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    out.push(self.escape()?);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let byte = self.bytes.get(self.at).copied();
        self.at += 1;
        Ok(match byte {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4()?;
                if (0xD800..0xDC00).contains(&first) {
                    if !self.text[self.at..].starts_with("\\u") {
                        return Err(self.error("unpaired surrogate"));
                    }
                    self.at += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("unpaired surrogate"));
                    }
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.error("bad escape"))?
                } else {
                    char::from_u32(first).ok_or_else(|| self.error("unpaired surrogate"))?
                }
            }
            _ => return Err(self.error("bad escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| self.error("bad \\u escape"))?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error("bad \\u escape"));
        }
        self.at += 4;
        Ok(code)
    }
}

// ---------- Value → YearRules ----------

/// The members of one JSON object, taken one by one; [`Fields::finish`] refuses the rest.
struct Fields<'a> {
    path: String,
    entries: &'a [(String, Value)],
    taken: Vec<bool>,
}

impl<'a> Fields<'a> {
    fn of(value: &'a Value, path: &str) -> Result<Self, String> {
        match value {
            Value::Object(entries) => Ok(Fields {
                path: path.to_string(),
                entries,
                taken: vec![false; entries.len()],
            }),
            _ => Err(format!("{path} must be an object")),
        }
    }

    fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn optional(&mut self, key: &str) -> Option<(&'a Value, String)> {
        let index = self.entries.iter().position(|(name, _)| name == key)?;
        self.taken[index] = true;
        let value = &self.entries[index].1;
        (*value != Value::Null).then(|| (value, self.path(key)))
    }

    fn required(&mut self, key: &str) -> Result<(&'a Value, String), String> {
        self.optional(key)
            .ok_or_else(|| format!("{} is missing", self.path(key)))
    }

    fn finish(self) -> Result<(), String> {
        match self.taken.iter().position(|taken| !taken) {
            Some(index) => Err(format!(
                "{} is not a known field",
                self.path(&self.entries[index].0)
            )),
            None => Ok(()),
        }
    }

    fn string(&mut self, key: &str) -> Result<String, String> {
        let (value, path) = self.required(key)?;
        text(value, &path).map(str::to_string)
    }

    fn optional_string(&mut self, key: &str) -> Result<Option<String>, String> {
        self.optional(key)
            .map(|(value, path)| text(value, &path).map(str::to_string))
            .transpose()
    }

    fn decimal(&mut self, key: &str) -> Result<Decimal, String> {
        let (value, path) = self.required(key)?;
        decimal(value, &path)
    }

    fn date(&mut self, key: &str) -> Result<Option<NaiveDate>, String> {
        self.optional(key)
            .map(|(value, path)| date(value, &path))
            .transpose()
    }

    fn status(&mut self, key: &str) -> Result<Status, String> {
        let (value, path) = self.required(key)?;
        status(value, &path)
    }

    fn figure(&mut self, key: &str) -> Result<Figure, String> {
        let (value, path) = self.required(key)?;
        figure(value, &path)
    }

    fn list<T>(
        &mut self,
        key: &str,
        read: impl Fn(&Value, &str) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        match self.optional(key) {
            None => Ok(Vec::new()),
            Some((Value::Array(items), path)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| read(item, &format!("{path}[{index}]")))
                .collect(),
            Some((_, path)) => Err(format!("{path} must be a list")),
        }
    }
}

fn text<'v>(value: &'v Value, path: &str) -> Result<&'v str, String> {
    match value {
        Value::String(text) => Ok(text),
        _ => Err(format!("{path} must be text")),
    }
}

fn decimal(value: &Value, path: &str) -> Result<Decimal, String> {
    let raw = match value {
        Value::String(text) | Value::Number(text) => text,
        _ => return Err(format!("{path} must be a number")),
    };
    parse_decimal("value", raw).map_err(|_| format!("{path}: `{raw}` is not a decimal number"))
}

fn date(value: &Value, path: &str) -> Result<NaiveDate, String> {
    parse_date("date", text(value, path)?).map_err(|error| format!("{path}: {}", error.problem()))
}

fn status(value: &Value, path: &str) -> Result<Status, String> {
    match text(value, path)? {
        "published" => Ok(Status::Published),
        "derived" => Ok(Status::Derived),
        "scenario" => Ok(Status::Scenario),
        other => Err(format!(
            "{path}: `{other}` is not a status; expected published, derived or scenario"
        )),
    }
}

fn band(value: &Value, path: &str) -> Result<Band, String> {
    text(value, path)?
        .parse()
        .map_err(|error: arrs_guide::rules::RulesError| format!("{path}: {}", error.problem()))
}

fn role(value: &Value, path: &str) -> Result<RoleId, String> {
    text(value, path)?
        .parse()
        .map_err(|error: arrs_guide::rules::RulesError| format!("{path}: {}", error.problem()))
}

fn figure(value: &Value, path: &str) -> Result<Figure, String> {
    let mut fields = Fields::of(value, path)?;
    let figure = Figure {
        value: fields.decimal("value")?,
        status: fields.status("status")?,
        source: fields.string("source")?,
        note: fields.optional_string("note")?,
    };
    fields.finish()?;
    Ok(figure)
}

fn year_rules(value: &Value) -> Result<YearRules, String> {
    let mut fields = Fields::of(value, "")?;
    let (version, version_path) = fields.required("schema_version")?;
    if decimal(version, &version_path)? != Decimal::from(SCHEMA_VERSION) {
        return Err(format!(
            "schema_version must be {SCHEMA_VERSION}; these rules need a newer calculator"
        ));
    }
    let (year, year_path) = fields.required("year")?;
    let year = text(year, &year_path)?
        .parse()
        .map_err(|error: arrs_guide::rules::RulesError| format!("year: {}", error.problem()))?;
    let rules = YearRules {
        schema_version: SCHEMA_VERSION,
        year,
        status: fields.status("status")?,
        summary: fields.string("summary")?,
        sources: sources(&mut fields)?,
        on_costs: on_costs(&mut fields)?,
        pots: fields.list("pots", pot)?,
        roles: fields.list("roles", role_rule)?,
        cap_tables: fields.list("cap_tables", cap_table)?,
        pay_scales: fields.list("pay_scales", pay_scale)?,
    };
    fields.finish()?;
    Ok(rules)
}

fn sources(fields: &mut Fields<'_>) -> Result<BTreeMap<String, String>, String> {
    let Some((value, path)) = fields.optional("sources") else {
        return Ok(BTreeMap::new());
    };
    let Value::Object(entries) = value else {
        return Err(format!("{path} must be an object"));
    };
    entries
        .iter()
        .map(|(name, url)| {
            Ok((
                name.clone(),
                text(url, &format!("{path}.{name}"))?.to_string(),
            ))
        })
        .collect()
}

fn on_costs(fields: &mut Fields<'_>) -> Result<OnCosts, String> {
    let (value, path) = fields.required("on_costs")?;
    let mut fields = Fields::of(value, &path)?;
    let on_costs = OnCosts {
        ni_rate: fields.figure("ni_rate")?,
        ni_threshold: fields.figure("ni_threshold")?,
        pension_rate: fields.figure("pension_rate")?,
    };
    fields.finish()?;
    Ok(on_costs)
}

fn pot(value: &Value, path: &str) -> Result<Pot, String> {
    let mut fields = Fields::of(value, path)?;
    let pot = Pot {
        id: fields.string("id")?,
        name: fields.string("name")?,
        rate: fields.figure("rate")?,
        from: fields.date("from")?,
        roles: fields.list("roles", role)?,
    };
    fields.finish()?;
    Ok(pot)
}

fn role_rule(value: &Value, path: &str) -> Result<RoleRule, String> {
    let mut fields = Fields::of(value, path)?;
    let (id, id_path) = fields.required("id")?;
    let (main_band, band_path) = fields.required("band")?;
    let rule = RoleRule {
        id: role(id, &id_path)?,
        band: band(main_band, &band_path)?,
        bands_offered: fields.list("bands_offered", band)?,
        shares: fields.list("shares", decimal)?,
        from: fields.date("from")?,
        status: fields.status("status")?,
        source: fields.string("source")?,
        note: fields.optional_string("note")?,
    };
    fields.finish()?;
    Ok(rule)
}

fn cap_table(value: &Value, path: &str) -> Result<CapTable, String> {
    let mut fields = Fields::of(value, path)?;
    let id = fields.string("id")?;
    let label = fields.string("label")?;
    let from = fields
        .date("from")?
        .ok_or_else(|| format!("{path}.from is missing"))?;
    let superseded = match fields.optional("superseded") {
        None => false,
        Some((Value::Bool(flag), _)) => *flag,
        Some((_, flag_path)) => return Err(format!("{flag_path} must be true or false")),
    };
    let table = CapTable {
        id,
        label,
        from,
        superseded,
        note: fields.optional_string("note")?,
        bands: fields.list("bands", band_caps)?,
    };
    fields.finish()?;
    Ok(table)
}

fn band_caps(value: &Value, path: &str) -> Result<BandCaps, String> {
    let mut fields = Fields::of(value, path)?;
    let (main_band, band_path) = fields.required("band")?;
    let caps = BandCaps {
        band: band(main_band, &band_path)?,
        national: fields.figure("national")?,
        outer_london: fields.figure("outer-london")?,
        inner_london: fields.figure("inner-london")?,
    };
    fields.finish()?;
    Ok(caps)
}

fn pay_scale(value: &Value, path: &str) -> Result<PayScale, String> {
    let mut fields = Fields::of(value, path)?;
    let (main_band, band_path) = fields.required("band")?;
    let scale = PayScale {
        band: band(main_band, &band_path)?,
        entry: fields.decimal("entry")?,
        intermediate: fields
            .optional("intermediate")
            .map(|(value, path)| decimal(value, &path))
            .transpose()?,
        top: fields.decimal("top")?,
        status: fields.status("status")?,
        source: fields.string("source")?,
        note: fields.optional_string("note")?,
        published: published_points(&mut fields)?,
    };
    fields.finish()?;
    Ok(scale)
}

/// The pay points a source states exactly (`"published": {"top": "https://…"}`).
fn published_points(fields: &mut Fields<'_>) -> Result<BTreeMap<PayPoint, String>, String> {
    let Some((value, path)) = fields.optional("published") else {
        return Ok(BTreeMap::new());
    };
    let Value::Object(entries) = value else {
        return Err(format!("{path} must be an object"));
    };
    entries
        .iter()
        .map(|(point, url)| {
            let point = point
                .parse::<PayPoint>()
                .map_err(|error| format!("{path}: {}", error.problem()))?;
            Ok((
                point,
                text(url, &format!("{path}.{}", point.id()))?.to_string(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Value, String> {
        Parser::new(text).document()
    }

    #[test]
    fn parses_json_values_keeping_number_text() {
        let value =
            parse(r#" {"a": [1, -2.50, "x\"\u00e9\ud83d\ude00", true, null], "b": {}} "#).unwrap();
        let Value::Object(entries) = value else {
            panic!("not an object")
        };
        assert_eq!(entries[0].0, "a");
        assert_eq!(
            entries[0].1,
            Value::Array(vec![
                Value::Number("1".into()),
                Value::Number("-2.50".into()),
                Value::String("x\"é😀".into()),
                Value::Bool(true),
                Value::Null,
            ])
        );
        assert_eq!(entries[1].1, Value::Object(Vec::new()));
    }

    #[test]
    fn bad_json_is_an_error_not_a_panic() {
        for text in [
            "",
            "{",
            "[1,",
            "{\"a\" 1}",
            "\"abc",
            "\"\\u12\"",
            "\"\\ud800\"",
            "tru",
            "{} x",
            "\"\u{1}\"",
            "[\"\\x\"]",
            "\"é\\u00",
        ] {
            assert!(parse(text).is_err(), "accepted {text:?}");
        }
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).unwrap_err().contains("nested too deeply"));
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let error =
            year_rules_from_json(r#"{"schema_version": 1, "year": "2025-26"}"#).unwrap_err();
        assert_eq!(error, "status is missing");
        let error = year_rules_from_json(r#"{"schema_version": 2}"#).unwrap_err();
        assert!(error.starts_with("schema_version must be 1"));
        let figure_json = r#"{"value": "0.15", "status": "published", "source": "s", "rate": 1}"#;
        let error = figure(&parse(figure_json).unwrap(), "on_costs.ni_rate").unwrap_err();
        assert_eq!(error, "on_costs.ni_rate.rate is not a known field");
    }
}
