//! `arrs-guide plan posts.csv`: a PCN's posts against its entitlement.
//!
//! `posts.csv` has the header `role,region,salary,wte,from,to` (`from` and `to` may be empty or
//! left out) and optional columns `label`, `share` and `band`. Every row is parsed the same way
//! as a calculator URL post; a problem names the file, line and column.

use super::estimate::{
    describe, estimate_text, fail, load_year, option_name, to_json, total_amounts, CliError,
    OnCostArgs, YearArgs,
};
use arrs_guide::rules::money::parse_decimal;
use arrs_guide::rules::{
    plan, Money, Plan, PlanInput, PostFields, ProjectionAssumptions, RulesError,
};
use clap::{Args, ValueEnum};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Readable tables: pots, posts, totals, projection, and each post's months.
    Text,
    /// The JSON shape of docs/rules-data.md.
    Json,
    /// One row per post per month, then a total row per post and the plan total.
    Csv,
}

/// Arguments of `arrs-guide plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// CSV of posts with the header role,region,salary,wte,from,to (optional label, share, band).
    posts: PathBuf,
    #[command(flatten)]
    year: YearArgs,
    /// The PCN's contractor weighted population at 1 January.
    #[arg(long, allow_negative_numbers = true)]
    weighted_population: String,
    #[command(flatten)]
    on_costs: OnCostArgs,
    /// Project the plan this many years ahead (1 to 10).
    #[arg(long, allow_negative_numbers = true)]
    project_years: Option<String>,
    /// Assumed annual pay award for the projection, percent (e.g. 3.3).
    #[arg(long, allow_negative_numbers = true, requires = "project_years")]
    pay_award: Option<String>,
    /// Assumed annual uplift of the caps for the projection, percent.
    #[arg(long, allow_negative_numbers = true, requires = "project_years")]
    cap_uplift: Option<String>,
    /// Assumed annual growth of the entitlement rate for the projection, percent.
    #[arg(long, allow_negative_numbers = true, requires = "project_years")]
    entitlement_growth: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: PlanFormat,
}

/// Columns `posts.csv` may have.
const COLUMNS: [&str; 9] = [
    "role", "region", "salary", "wte", "from", "to", "label", "share", "band",
];
/// Columns `posts.csv` must have.
const REQUIRED: [&str; 4] = ["role", "region", "salary", "wte"];

/// Runs `arrs-guide plan`.
pub fn run(args: PlanArgs) -> ExitCode {
    match run_inner(&args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn run_inner(args: &PlanArgs) -> Result<String, CliError> {
    let weighted_population = parse_decimal("weighted_population", &args.weighted_population)?;
    arrs_guide::rules::plan::check_weighted_population(weighted_population)?;
    let overrides = args.on_costs.overrides()?;
    let projection = projection_assumptions(args)?;
    let rules = load_year(&args.year)?;
    let rows = read_posts(&args.posts)?;
    let mut posts = Vec::with_capacity(rows.len());
    for (line, fields) in &rows {
        let mut post = fields
            .to_post()
            .map_err(|e| csv_error(&args.posts, *line, &e))?;
        post.in_pension = !args.on_costs.no_pension;
        post.on_costs = overrides;
        posts.push(post);
    }
    let input = PlanInput {
        weighted_population,
        posts,
        projection,
    };
    let computed = plan(&rules, &input).map_err(|e| match e.post_number() {
        Some(n) => csv_error(&args.posts, rows.get(n - 1).map(|r| r.0).unwrap_or(0), &e),
        None => CliError(describe(&e)),
    })?;
    match args.format {
        PlanFormat::Json => to_json(&computed),
        PlanFormat::Text => Ok(plan_text(&computed)),
        PlanFormat::Csv => plan_csv(&computed),
    }
}

fn projection_assumptions(args: &PlanArgs) -> Result<Option<ProjectionAssumptions>, CliError> {
    let Some(years) = &args.project_years else {
        return Ok(None);
    };
    let years: u32 = years.trim().parse().map_err(|_| {
        CliError(format!(
            "--project-years `{}` is not a whole number of years",
            years.trim()
        ))
    })?;
    let percent = |field: &'static str, value: &Option<String>| -> Result<_, CliError> {
        let text = value.as_deref().ok_or_else(|| {
            CliError(format!(
                "{} is required with --project-years",
                option_name(field)
            ))
        })?;
        Ok(parse_decimal(field, text)?)
    };
    Ok(Some(ProjectionAssumptions::new(
        years,
        percent("pay_award", &args.pay_award)?,
        percent("cap_uplift", &args.cap_uplift)?,
        percent("entitlement_growth", &args.entitlement_growth)?,
    )?))
}

/// A problem in one row of `posts.csv`, naming the file, line and column.
fn csv_error(path: &Path, line: u64, e: &RulesError) -> CliError {
    match e.field_name() {
        Some(field) if COLUMNS.contains(&field) => CliError(format!(
            "{}:{line}: column `{field}` {}",
            path.display(),
            e.problem()
        )),
        _ => CliError(format!("{}:{line}: {}", path.display(), describe(e))),
    }
}

/// Reads `posts.csv` into text fields, with the line number of each row.
fn read_posts(path: &Path) -> Result<Vec<(u64, PostFields)>, CliError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_path(path)
        .map_err(|e| {
            CliError(format!(
                "{}: cannot read the posts file: {e}",
                path.display()
            ))
        })?;
    let headers = reader
        .headers()
        .map_err(|e| CliError(format!("{}:1: {e}", path.display())))?
        .clone();
    for header in &headers {
        if !COLUMNS.contains(&header) {
            return Err(CliError(format!(
                "{}:1: unknown column `{header}`; expected {}",
                path.display(),
                COLUMNS.join(", ")
            )));
        }
    }
    for required in REQUIRED {
        if !headers.iter().any(|h| h == required) {
            return Err(CliError(format!(
                "{}:1: column `{required}` is missing; the header must include role,region,salary,wte",
                path.display()
            )));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            CliError(format!("{}:{line}: {e}", path.display()))
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let get = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        rows.push((
            line,
            PostFields {
                role: get("role"),
                region: get("region"),
                salary: get("salary"),
                wte: get("wte"),
                from: get("from"),
                to: get("to"),
                label: get("label"),
                share: get("share"),
                band: get("band"),
                ..PostFields::default()
            },
        ));
    }
    if rows.is_empty() {
        return Err(CliError(format!("{}: has no posts", path.display())));
    }
    Ok(rows)
}

fn table_row(first: &str, width: usize, cells: &[String]) -> String {
    let mut line = format!("{first:<width$}");
    for cell in cells {
        let _ = write!(line, " {cell:>13}");
    }
    line.trim_end().to_owned() + "\n"
}

fn gbp(amounts: &[Money]) -> Vec<String> {
    amounts.iter().map(|m| m.display_gbp()).collect()
}

/// Readable plan: pots, totals, one line per post, the projection, then each post's months.
fn plan_text(p: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ARRS plan for {}, weighted population {}\n",
        p.year,
        p.weighted_population.normalize()
    );
    let head = |cols: &[&str]| cols.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let names: Vec<String> = p
        .posts
        .iter()
        .enumerate()
        .map(|(i, e)| match &e.label {
            Some(label) => format!("{}. {label} ({}, {})", i + 1, e.role.name(), e.region),
            None => format!("{}. {}, {}", i + 1, e.role.name(), e.region),
        })
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .chain(p.pots.iter().map(|pot| pot.name.chars().count()))
        .max()
        .unwrap_or(0)
        .max(10);
    out.push_str(&table_row(
        "Pot",
        width,
        &head(&["Entitlement", "Claim", "Headroom"]),
    ));
    for pot in &p.pots {
        out.push_str(&table_row(
            &pot.name,
            width,
            &gbp(&[pot.entitlement, pot.claim, pot.headroom]),
        ));
    }
    out.push('\n');
    out.push_str(&table_row(
        "Post",
        width,
        &head(&["Cost", "Claim", "Top-up"]),
    ));
    for (name, e) in names.iter().zip(&p.posts) {
        out.push_str(&table_row(
            name,
            width,
            &gbp(&[e.totals.cost, e.totals.claim, e.totals.top_up]),
        ));
    }
    out.push('\n');
    let t = &p.totals;
    let _ = writeln!(out, "Entitlement {}", t.entitlement.display_gbp());
    let _ = writeln!(out, "Total cost  {}", t.cost.display_gbp());
    let _ = writeln!(out, "Claim       {}", t.claim.display_gbp());
    let _ = writeln!(
        out,
        "Top-up      {} (funded by the practices)",
        t.top_up.display_gbp()
    );
    let _ = writeln!(out, "Headroom    {}", t.headroom.display_gbp());
    let provider = p
        .posts
        .iter()
        .map(|e| {
            e.totals
                .cost
                .checked_sub(e.totals.claim)
                .and_then(|rest| rest.checked_sub(e.totals.top_up))
                .unwrap_or(Money::ZERO)
        })
        .sum::<Money>();
    if provider > Money::ZERO {
        let _ = writeln!(
            out,
            "Of the total cost, {} is the mental health provider's share of jointly funded posts.",
            provider.display_gbp()
        );
    }
    for pot in &p.pots {
        let over = pot.over_commitment();
        if over > Money::ZERO {
            let _ = writeln!(
                out,
                "Over-committed: {} of claims on the {} will not be reimbursed.",
                over.display_gbp(),
                pot.name
            );
        }
    }
    if let Some(proj) = &p.projection {
        let _ = writeln!(
            out,
            "\nProjection (scenario): pay award {}% a year, cap uplift {}%, entitlement growth {}%; row 1 is the plan's full-year effect",
            proj.pay_award, proj.cap_uplift, proj.entitlement_growth
        );
        out.push_str(&table_row(
            "Year",
            10,
            &head(&["Entitlement", "Cost", "Claim", "Top-up", "Headroom"]),
        ));
        for y in &proj.years {
            out.push_str(&table_row(
                &y.year.to_string(),
                10,
                &gbp(&[y.entitlement, y.cost, y.claim, y.top_up, y.headroom]),
            ));
        }
    }
    for (i, e) in p.posts.iter().enumerate() {
        let _ = writeln!(out, "\n--- Post {} ---", i + 1);
        out.push_str(&estimate_text(e));
    }
    out
}

/// One row per post per month, a total row per post, then the plan total.
fn plan_csv(p: &Plan) -> Result<String, CliError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "post", "label", "role", "region", "month", "pay", "ni", "pension", "cost", "cap", "claim",
        "top_up",
    ];
    let write_err = |e: csv::Error| CliError(format!("cannot write CSV: {e}"));
    writer.write_record(header).map_err(write_err)?;
    for (i, e) in p.posts.iter().enumerate() {
        let number = (i + 1).to_string();
        let label = e.label.clone().unwrap_or_default();
        let lines = e
            .months
            .iter()
            .map(|m| {
                (
                    m.month.to_string(),
                    [m.pay, m.ni, m.pension, m.cost, m.cap, m.claim, m.top_up],
                )
            })
            .chain(std::iter::once((
                "total".to_owned(),
                total_amounts(&e.totals),
            )));
        for (month, amounts) in lines {
            let mut record = vec![
                number.clone(),
                label.clone(),
                e.role.to_string(),
                e.region.to_string(),
                month,
            ];
            record.extend(amounts.iter().map(|m| m.plain()));
            writer.write_record(&record).map_err(write_err)?;
        }
    }
    let t = &p.totals;
    let mut record = vec![
        "all".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        "total".to_owned(),
    ];
    let cap_total = arrs_guide::rules::money::sum_money(p.posts.iter().map(|e| e.totals.cap))?;
    let pay = arrs_guide::rules::money::sum_money(p.posts.iter().map(|e| e.totals.pay))?;
    let ni = arrs_guide::rules::money::sum_money(p.posts.iter().map(|e| e.totals.ni))?;
    let pension = arrs_guide::rules::money::sum_money(p.posts.iter().map(|e| e.totals.pension))?;
    record.extend(
        [pay, ni, pension, t.cost, cap_total, t.claim, t.top_up]
            .iter()
            .map(|m| m.plain()),
    );
    writer.write_record(&record).map_err(write_err)?;
    let bytes = writer
        .into_inner()
        .map_err(|e| CliError(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CliError(format!("cannot write CSV: {e}")))
}
