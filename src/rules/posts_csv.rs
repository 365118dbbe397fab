//! The posts CSV (`docs/plan-file.md`, "The posts CSV"): a table of posts a PCN manager can fill
//! in a spreadsheet, read into the plan file's posts and written back from them.

use crate::rules::csv_text::{read_records, unneutralise, CsvText, Record};
use crate::rules::error::RulesError;
use crate::rules::fields::{parse_count, parse_pension};
use crate::rules::plan_file::{PostSpec, WorkingTimeSpec};
use crate::rules::plan_model::MAX_POSTS;
use crate::rules::post::TimeUnit;

/// The columns, in the order they are written, with the header names people may type for each
/// (compared ignoring case, spaces, `_` and `-`).
const COLUMNS: [(&str, &[&str]); 15] = [
    ("label", &["label", "name", "post"]),
    ("role", &["role"]),
    ("region", &["region"]),
    ("salary", &["salary", "fulltimesalary", "annualsalary"]),
    ("band", &["band"]),
    ("pay point", &["paypoint"]),
    ("wte", &["wte", "wholetimeequivalent"]),
    ("hours", &["hours", "hoursaweek", "hoursperweek"]),
    ("sessions", &["sessions", "sessionsaweek", "gpsessions"]),
    ("from", &["from", "start", "startdate"]),
    ("to", &["to", "end", "enddate"]),
    ("pension", &["pension", "nhspension", "inpension"]),
    ("share", &["share", "arrsshare"]),
    ("count", &["count", "number", "numberofposts"]),
    ("practice", &["practice"]),
];

/// The field name (as the plan file and errors name it) of each column.
fn field_of(column: &str) -> &'static str {
    match column {
        "label" => "label",
        "role" => "role",
        "region" => "region",
        "salary" => "salary",
        "band" => "band",
        "pay point" => "pay_point",
        "wte" => "wte",
        "hours" => "hours",
        "sessions" => "sessions",
        "from" => "from",
        "to" => "to",
        "pension" => "pension",
        "share" => "share",
        "count" => "count",
        _ => "practice",
    }
}

fn squash(header: &str) -> String {
    header
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Posts read from a CSV, with where each came from so later problems can name the cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostsCsv {
    /// The posts, in file order.
    pub posts: Vec<PostSpec>,
    /// The line each post starts on.
    pub lines: Vec<u64>,
    /// The header of each column present, as written, by field name.
    headers: Vec<(&'static str, String)>,
}

impl PostsCsv {
    /// Places a problem found later (when the plan is resolved) in its row and column: an error
    /// about post n becomes an error on that post's line, in the column of its field.
    pub fn locate(&self, error: RulesError) -> RulesError {
        let Some(number) = error.post_number() else {
            return error;
        };
        let Some(line) = number.checked_sub(1).and_then(|i| self.lines.get(i)) else {
            return error;
        };
        let column = error.field_name().and_then(|field| {
            self.headers
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, h)| h.clone())
        });
        match error {
            RulesError::InPost { error, .. } => error.in_row(*line, column),
            other => other.in_row(*line, column),
        }
    }
}

/// Reads a posts CSV; every problem found is returned, each on its line and column.
pub fn read_posts_csv(text: &str) -> Result<PostsCsv, Vec<RulesError>> {
    let records = read_records(text, MAX_POSTS + 1).map_err(|_| {
        vec![RulesError::input(
            "posts",
            format!(
                "The file has more than {MAX_POSTS} posts; a plan can have at most {MAX_POSTS}"
            ),
        )]
    })?;
    let Some((header, rows)) = records.split_first() else {
        return Err(vec![RulesError::input(
            "posts",
            "The file is empty; it needs a header row, like role,region,salary,wte",
        )]);
    };
    let columns = header_columns(header)?;
    let headers: Vec<(&'static str, String)> = columns
        .iter()
        .filter_map(|c| c.map(|(field, header)| (field, header.to_owned())))
        .collect();
    let has = |field: &str| headers.iter().any(|(f, _)| *f == field);
    if !has("role") || !(has("salary") || (has("band") && has("pay_point"))) {
        return Err(vec![RulesError::input(
            "posts",
            "The header row needs a role column, and a salary column (or band and pay point columns)",
        )
        .in_row(header.line, None)]);
    }
    let mut posts = Vec::with_capacity(rows.len());
    let mut lines = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for row in rows {
        if row.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match read_row(row, &columns) {
            Ok(post) => {
                posts.push(post);
                lines.push(row.line);
            }
            Err(e) => errors.push(e),
        }
    }
    if posts.is_empty() && errors.is_empty() {
        errors.push(RulesError::input(
            "posts",
            "The file has no posts under its header row",
        ));
    }
    if errors.is_empty() {
        Ok(PostsCsv {
            posts,
            lines,
            headers,
        })
    } else {
        Err(errors)
    }
}

type Columns<'a> = Vec<Option<(&'static str, &'a str)>>;

fn header_columns(header: &Record) -> Result<Columns<'_>, Vec<RulesError>> {
    let mut columns: Columns<'_> = Vec::with_capacity(header.fields.len());
    let mut errors = Vec::new();
    for (i, name) in header.fields.iter().enumerate() {
        let squashed = squash(name);
        if squashed.is_empty() {
            columns.push(None);
            continue;
        }
        let found = COLUMNS
            .iter()
            .find(|(_, names)| names.contains(&squashed.as_str()))
            .map(|(column, _)| field_of(column));
        match found {
            Some(field) => {
                if let Some(first) = columns
                    .iter()
                    .position(|c| c.is_some_and(|(f, _)| f == field))
                {
                    errors.push(
                        RulesError::input(
                            "posts",
                            format!(
                                "Column `{}` appears twice (columns {} and {}); keep one",
                                name.trim(),
                                first + 1,
                                i + 1
                            ),
                        )
                        .in_row(header.line, Some(name.trim().to_owned())),
                    );
                }
                columns.push(Some((field, name.as_str())));
            }
            None => {
                let known: Vec<&str> = COLUMNS.iter().map(|(c, _)| *c).collect();
                errors.push(
                    RulesError::input(
                        "posts",
                        format!(
                            "Column `{}` is not one this file can have; the columns are {}",
                            name.trim().chars().take(40).collect::<String>(),
                            known.join(", ")
                        ),
                    )
                    .in_row(header.line, Some(name.trim().to_owned())),
                );
                columns.push(None);
            }
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

fn read_row(row: &Record, columns: &Columns<'_>) -> Result<PostSpec, RulesError> {
    if row.fields.len() > columns.len() {
        return Err(RulesError::input(
            "posts",
            format!(
                "This row has {} cells but the header has {} columns",
                row.fields.len(),
                columns.len()
            ),
        )
        .in_row(row.line, None));
    }
    let cell = |field: &str| -> Option<(String, &str)> {
        columns.iter().zip(&row.fields).find_map(|(c, value)| {
            c.filter(|(f, _)| *f == field)
                .map(|(_, header)| (unneutralise(value.trim()).to_owned(), header))
                .filter(|(v, _)| !v.is_empty())
        })
    };
    let text = |field: &str| cell(field).map(|(v, _)| v);
    let at = |e: RulesError, field: &str| {
        let column = cell(field).map(|(_, h)| h.trim().to_owned());
        e.in_row(row.line, column)
    };
    let times: Vec<(TimeUnit, String)> = [TimeUnit::Wte, TimeUnit::Hours, TimeUnit::Sessions]
        .into_iter()
        .filter_map(|unit| text(unit.id()).map(|v| (unit, v)))
        .collect();
    let working_time = match times.as_slice() {
        [] => None,
        [(unit, value)] => Some(WorkingTimeSpec {
            value: value.clone(),
            unit: *unit,
        }),
        _ => {
            return Err(at(
                RulesError::input(
                    "wte",
                    "Give the working time in one column only: wte, hours or sessions",
                ),
                times.first().map_or("wte", |(u, _)| u.id()),
            ))
        }
    };
    let pension = text("pension")
        .map(|p| parse_pension(&p))
        .transpose()
        .map_err(|e| at(e, "pension"))?;
    let count = text("count")
        .map(|c| parse_count(&c))
        .transpose()
        .map_err(|e| at(e, "count"))?;
    let share = text("share")
        .map(|s| s.trim_end_matches('%').trim().to_owned())
        .map(|s| {
            if text("share").is_some_and(|t| t.ends_with('%')) {
                format!("{s}%")
            } else {
                s
            }
        });
    Ok(PostSpec {
        label: text("label"),
        role: text("role").unwrap_or_default(),
        region: text("region"),
        salary: text("salary"),
        band: text("band"),
        pay_point: text("pay_point"),
        working_time,
        from: text("from"),
        to: text("to"),
        pension,
        share,
        count,
        practice: text("practice"),
    })
}

/// Writes posts as a posts CSV that reads back to the same posts.
pub fn write_posts_csv(posts: &[PostSpec]) -> String {
    let mut csv = CsvText::default();
    csv.row(COLUMNS.iter().map(|(c, _)| *c));
    for p in posts {
        let time = |unit: TimeUnit| {
            p.working_time
                .as_ref()
                .filter(|w| w.unit == unit)
                .map(|w| w.value.clone())
                .unwrap_or_default()
        };
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        csv.row([
            opt(&p.label),
            p.role.clone(),
            opt(&p.region),
            opt(&p.salary),
            opt(&p.band),
            opt(&p.pay_point),
            time(TimeUnit::Wte),
            time(TimeUnit::Hours),
            time(TimeUnit::Sessions),
            opt(&p.from),
            opt(&p.to),
            match p.pension {
                Some(false) => "no".to_owned(),
                _ => "yes".to_owned(),
            },
            opt(&p.share),
            p.count.unwrap_or(1).to_string(),
            opt(&p.practice),
        ]);
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_people_type() {
        let text = "Label,Role,Region,Salary,Pay point,Band,Hours,From,Pension,Count\r\n\
                    \"Pharmacist, north\",Clinical pharmacist,Inner London,\"£70,000\",,,30,01/10/2024,No,2\r\n\
                    ,paramedic,national,,top,7,,,,\r\n";
        let read = read_posts_csv(text).unwrap();
        assert_eq!(read.lines, [2, 3]);
        let first = &read.posts[0];
        assert_eq!(first.label.as_deref(), Some("Pharmacist, north"));
        assert_eq!(first.salary.as_deref(), Some("£70,000"));
        assert_eq!(
            first
                .working_time
                .as_ref()
                .map(|w| (w.unit, w.value.as_str())),
            Some((TimeUnit::Hours, "30"))
        );
        assert_eq!(first.pension, Some(false));
        assert_eq!(first.count, Some(2));
        assert_eq!(read.posts[1].pay_point.as_deref(), Some("top"));
    }

    #[test]
    fn header_problems_name_the_column() {
        let errors =
            read_posts_csv("role,region,salary,wte,salary\nparamedic,national,50000,1,90000\n")
                .unwrap_err();
        assert!(
            errors[0].to_string().contains("appears twice"),
            "{}",
            errors[0]
        );
        assert_eq!(
            FieldProblemLine::of(&errors[0]),
            (Some(1), Some("salary".to_owned()))
        );
        let errors = read_posts_csv("role,salary,colour\nparamedic,1,red\n").unwrap_err();
        assert!(errors[0].to_string().contains("`colour`"), "{}", errors[0]);
        let errors = read_posts_csv("region,wte\nnational,1\n").unwrap_err();
        assert!(errors[0].to_string().contains("role column"));
    }

    #[test]
    fn row_problems_are_on_the_real_line() {
        let crlf = "role,salary,wte,hours\r\nparamedic,50000,1,\r\nparamedic,50000,1,30\r\n";
        let errors = read_posts_csv(crlf).unwrap_err();
        assert_eq!(
            FieldProblemLine::of(&errors[0]),
            (Some(3), Some("wte".to_owned()))
        );
        let cr = "role,salary,count\rparamedic,50000,1\rparamedic,50000,lots\r";
        let errors = read_posts_csv(cr).unwrap_err();
        assert_eq!(
            FieldProblemLine::of(&errors[0]),
            (Some(3), Some("count".to_owned()))
        );
    }

    #[test]
    fn more_than_500_posts_names_the_file_not_an_option() {
        let text = format!("role,salary\n{}", "paramedic,50000\n".repeat(501));
        let errors = read_posts_csv(&text).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "The file has more than 500 posts; a plan can have at most 500"
        );
    }

    #[test]
    fn writes_what_it_reads() {
        let text = "label,role,region,salary,band,pay point,wte,hours,sessions,from,to,pension,share,count,practice\r\n\
                    =HYPERLINK(1),adult-mental-health-practitioner,national,42000,6,,,,,2025-10-01,,no,0.5,3,a\r\n";
        let read = read_posts_csv(text).unwrap();
        let written = write_posts_csv(&read.posts);
        assert!(written.contains("'=HYPERLINK(1)"), "{written}");
        let again = read_posts_csv(&written).unwrap();
        assert_eq!(again.posts, read.posts);
    }

    #[test]
    fn blank_pension_and_count_are_written_as_their_defaults() {
        // Found by the posts_csv fuzz target: blank lines before the header, an unnamed
        // column, a row with no role and no pension or count column.
        let read = read_posts_csv("\n\n\nrole,salary,\n\n,sh").unwrap();
        let written = write_posts_csv(&read.posts);
        let again = read_posts_csv(&written).unwrap_or_else(|e| panic!("{e:?}\n{written}"));
        // The written file states the defaults (pension yes, count 1) that the read file left
        // blank; it writes back to itself.
        assert_eq!(again.posts[0].pension, Some(true));
        assert_eq!(again.posts[0].count, Some(1));
        let defaults = |p: &PostSpec| PostSpec {
            pension: p.pension.or(Some(true)),
            count: p.count.or(Some(1)),
            ..p.clone()
        };
        assert_eq!(
            again.posts,
            read.posts.iter().map(defaults).collect::<Vec<_>>()
        );
        assert_eq!(write_posts_csv(&again.posts), written);
    }

    /// The line and column of a CSV problem.
    struct FieldProblemLine;

    impl FieldProblemLine {
        fn of(e: &RulesError) -> (Option<u64>, Option<String>) {
            let p = crate::rules::error::FieldProblem::from(e);
            (p.line, p.column)
        }
    }
}
