//! The JSON the page receives: `{"plan": …, "population_given": …}`, `{"estimate": …}` or
//! `{"errors": […]}`.
//!
//! Written by hand rather than through serde, to keep the WebAssembly small: the plan and
//! estimate objects have exactly the shape (and the values' text) that
//! `arrs-guide plan --format json` and `arrs-guide estimate --format json` print through the
//! rules core's serde derives. A test checks the two agree field for field.

use arrs_guide::rules::money::plain_decimal;
use arrs_guide::rules::{
    Estimate, Money, MonthLine, Plan, PlanTotals, PotLine, Projection, ProjectionYear, SourceNote,
    Totals,
};
use chrono::{Datelike, NaiveDate};

use crate::request::FieldError;

/// `{"plan": <plan>, "population_given": b}`.
pub fn plan_response(plan: &Plan, population_given: bool) -> String {
    let mut out = Json::default();
    out.open('{');
    out.key("plan");
    write_plan(&mut out, plan);
    out.key("population_given");
    out.raw(if population_given { "true" } else { "false" });
    out.close('}');
    out.text
}

/// `{"estimate": <estimate>}`.
pub fn estimate_response(estimate: &Estimate) -> String {
    let mut out = Json::default();
    out.open('{');
    out.key("estimate");
    write_estimate(&mut out, estimate);
    out.close('}');
    out.text
}

/// `{"errors": [{"post": n|null, "field": "…"|null, "problem": "…", "message": "…"}, …]}`.
pub fn errors_response(errors: &[FieldError]) -> String {
    let mut out = Json::default();
    out.open('{');
    out.key("errors");
    out.open('[');
    for error in errors {
        out.item();
        out.open('{');
        out.key("post");
        match error.post {
            Some(post) => out.raw(&post.to_string()),
            None => out.raw("null"),
        }
        out.key("field");
        match error.field {
            Some(field) => out.string(field),
            None => out.raw("null"),
        }
        out.key("problem");
        out.string(&error.problem);
        out.key("message");
        out.string(&error.message);
        out.close('}');
    }
    out.close(']');
    out.close('}');
    out.text
}

fn write_plan(out: &mut Json, plan: &Plan) {
    out.open('{');
    out.field("year", &plan.year.to_string());
    out.field(
        "weighted_population",
        &plan.weighted_population.normalize().to_string(),
    );
    out.key("pots");
    out.list(&plan.pots, write_pot);
    out.key("totals");
    write_plan_totals(out, &plan.totals);
    out.key("posts");
    out.list(&plan.posts, write_estimate);
    if let Some(projection) = &plan.projection {
        out.key("projection");
        write_projection(out, projection);
    }
    out.close('}');
}

fn write_pot(out: &mut Json, pot: &PotLine) {
    out.open('{');
    out.field("name", &pot.name);
    out.money("entitlement", pot.entitlement);
    out.money("claim", pot.claim);
    out.money("headroom", pot.headroom);
    out.close('}');
}

fn write_plan_totals(out: &mut Json, totals: &PlanTotals) {
    out.open('{');
    out.money("entitlement", totals.entitlement);
    out.money("cost", totals.cost);
    out.money("claim", totals.claim);
    out.money("top_up", totals.top_up);
    out.money("headroom", totals.headroom);
    out.close('}');
}

fn write_estimate(out: &mut Json, estimate: &Estimate) {
    out.open('{');
    if let Some(label) = &estimate.label {
        out.field("label", label);
    }
    out.field("role", estimate.role.id());
    out.field("year", &estimate.year.to_string());
    out.field("region", estimate.region.id());
    out.money("salary", estimate.salary);
    out.field("wte", &plain_decimal(estimate.wte));
    out.field("from", &iso_date(estimate.from));
    out.field("to", &iso_date(estimate.to));
    out.key("months");
    out.list(&estimate.months, write_month);
    out.key("totals");
    write_totals(out, &estimate.totals);
    out.key("sources");
    out.list(&estimate.sources, write_source);
    out.close('}');
}

fn write_month(out: &mut Json, line: &MonthLine) {
    out.open('{');
    out.field("month", &line.month.to_string());
    out.money("pay", line.pay);
    out.money("ni", line.ni);
    out.money("pension", line.pension);
    out.money("cost", line.cost);
    out.money("cap", line.cap);
    out.money("claim", line.claim);
    out.money("top_up", line.top_up);
    out.close('}');
}

fn write_totals(out: &mut Json, totals: &Totals) {
    out.open('{');
    out.money("pay", totals.pay);
    out.money("ni", totals.ni);
    out.money("pension", totals.pension);
    out.money("cost", totals.cost);
    out.money("cap", totals.cap);
    out.money("claim", totals.claim);
    out.money("top_up", totals.top_up);
    out.close('}');
}

fn write_source(out: &mut Json, source: &SourceNote) {
    out.open('{');
    out.field("figure", &source.figure);
    out.field("value", &source.value);
    out.field("status", source.status.id());
    if let Some(url) = &source.url {
        out.field("url", url);
    }
    out.close('}');
}

fn write_projection(out: &mut Json, projection: &Projection) {
    out.open('{');
    out.field("pay_award", &projection.pay_award);
    out.field("cap_uplift", &projection.cap_uplift);
    out.field("entitlement_growth", &projection.entitlement_growth);
    out.field("status", projection.status.id());
    out.key("years");
    out.list(&projection.years, write_projection_year);
    out.close('}');
}

fn write_projection_year(out: &mut Json, year: &ProjectionYear) {
    out.open('{');
    out.field("year", &year.year.to_string());
    out.field("basis", year.basis);
    out.money("entitlement", year.entitlement);
    out.money("cost", year.cost);
    out.money("claim", year.claim);
    out.money("top_up", year.top_up);
    out.money("headroom", year.headroom);
    out.close('}');
}

/// `YYYY-MM-DD`, as chrono's serde writes a date of these years.
fn iso_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// A compact JSON text under construction; commas are placed by [`Json::item`].
#[derive(Default)]
struct Json {
    text: String,
    /// Whether the innermost open object or array has no member yet.
    empty: Vec<bool>,
}

impl Json {
    fn open(&mut self, bracket: char) {
        self.text.push(bracket);
        self.empty.push(true);
    }

    fn close(&mut self, bracket: char) {
        self.text.push(bracket);
        self.empty.pop();
    }

    /// Starts a member: a comma unless it is the first.
    fn item(&mut self) {
        if let Some(empty) = self.empty.last_mut() {
            if !*empty {
                self.text.push(',');
            }
            *empty = false;
        }
    }

    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.text.push(':');
    }

    fn field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    fn money(&mut self, key: &str, value: Money) {
        self.field(key, &value.plain());
    }

    fn raw(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn list<T>(&mut self, items: &[T], write: fn(&mut Json, &T)) {
        self.open('[');
        for item in items {
            self.item();
            write(self, item);
        }
        self.close(']');
    }

    /// Appends `text` as a JSON string literal.
    fn string(&mut self, text: &str) {
        let out = &mut self.text;
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_valid_json_whatever_the_text() {
        let errors = [
            FieldError {
                post: Some(2),
                field: Some("salary"),
                problem: "`\"£5\\0\n` is not a number".into(),
                message: "salary `\"£5\\0\n` is not a number\u{1}".into(),
            },
            FieldError::plan("year", "is required"),
        ];
        let text = errors_response(&errors);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["errors"][0]["post"], 2);
        assert_eq!(value["errors"][0]["field"], "salary");
        assert_eq!(value["errors"][0]["problem"], errors[0].problem.as_str());
        assert_eq!(value["errors"][0]["message"], errors[0].message.as_str());
        assert!(value["errors"][1]["post"].is_null());
        assert_eq!(value["errors"][1]["message"], "year is required");
    }

    #[test]
    fn an_empty_error_list_is_an_empty_array() {
        assert_eq!(errors_response(&[]), "{\"errors\":[]}");
    }
}
