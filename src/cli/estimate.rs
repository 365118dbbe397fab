//! `arrs-guide estimate`: the cost and claim of one post, month by month.
//!
//! Also holds what `plan` shares with it: finding and loading the rules, the on-cost options,
//! reporting input errors with the option they are about, and the month-by-month text table.

use arrs_guide::guide::rules_data::load_rules;
use arrs_guide::rules::{
    estimate, Band, Estimate, MonthLine, OnCostOverrides, PayPoint, Post, Region, RoleId,
    RulesError, Totals, WorkingTime, YearId, YearRules,
};
use clap::{Args, ValueEnum};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    /// A readable month-by-month table with totals and sources.
    Text,
    /// The JSON shape of docs/rules-data.md (money as strings with two places).
    Json,
}

/// Where the rules are and which year to use (shared with `plan`).
#[derive(Debug, Args)]
pub struct YearArgs {
    /// Financial year, e.g. 2025-26.
    #[arg(long)]
    pub year: String,
    /// Site root holding content/rules/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// On-cost options (shared with `plan`). Rates are fractions: 0.138 is 13.8%.
#[derive(Debug, Args)]
pub struct OnCostArgs {
    /// The post is not in the NHS Pension Scheme (no employer pension).
    #[arg(long)]
    pub no_pension: bool,
    /// Employer NI rate instead of the year's, e.g. 0.15.
    #[arg(long, allow_negative_numbers = true)]
    pub ni_rate: Option<String>,
    /// Annual employer NI threshold instead of the year's, e.g. 5000.
    #[arg(long, allow_negative_numbers = true)]
    pub ni_threshold: Option<String>,
    /// Employer pension rate instead of the year's, e.g. 0.1438.
    #[arg(long, allow_negative_numbers = true)]
    pub pension_rate: Option<String>,
}

impl OnCostArgs {
    /// The overrides, parsed and checked.
    pub fn overrides(&self) -> Result<OnCostOverrides, RulesError> {
        let parse = |field: &'static str, v: &Option<String>| {
            v.as_deref()
                .map(|t| arrs_guide::rules::money::parse_decimal(field, t))
                .transpose()
        };
        let overrides = OnCostOverrides {
            ni_rate: parse("ni_rate", &self.ni_rate)?,
            ni_threshold: parse("ni_threshold", &self.ni_threshold)?,
            pension_rate: parse("pension_rate", &self.pension_rate)?,
        };
        overrides.validate()?;
        Ok(overrides)
    }
}

/// Arguments of `arrs-guide estimate`.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    #[command(flatten)]
    year: YearArgs,
    /// Role id, e.g. clinical-pharmacist.
    #[arg(long)]
    role: String,
    /// Region: national, outer-london or inner-london.
    #[arg(long, default_value = "national")]
    region: String,
    /// Full-time annual salary in pounds.
    #[arg(long, allow_negative_numbers = true, conflicts_with = "pay_point")]
    salary: Option<String>,
    /// AfC band: with --pay-point, looks the salary up; for mental health practitioners, also
    /// the band claimed at.
    #[arg(long)]
    band: Option<String>,
    /// Pay point of --band: entry, intermediate or top.
    #[arg(long, requires = "band")]
    pay_point: Option<String>,
    /// Whole-time equivalent, more than 0 and at most 1.
    #[arg(long, allow_negative_numbers = true, conflicts_with_all = ["hours", "sessions"])]
    wte: Option<String>,
    /// Hours a week (÷ 37.5).
    #[arg(long, allow_negative_numbers = true, conflicts_with = "sessions")]
    hours: Option<String>,
    /// GP sessions a week (÷ 9).
    #[arg(long, allow_negative_numbers = true)]
    sessions: Option<String>,
    /// First day in post, YYYY-MM-DD (default: the start of the year).
    #[arg(long)]
    from: Option<String>,
    /// Last day in post, YYYY-MM-DD (default: the end of the year).
    #[arg(long)]
    to: Option<String>,
    /// Mental health practitioners: ARRS share, 0.5 or 1.
    #[arg(long, allow_negative_numbers = true)]
    share: Option<String>,
    #[command(flatten)]
    on_costs: OnCostArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: EstimateFormat,
}

/// A failure at the command-line edge: what to print, already worded for the user.
#[derive(Debug)]
pub struct CliError(pub String);

impl From<RulesError> for CliError {
    fn from(e: RulesError) -> Self {
        CliError(describe(&e))
    }
}

/// The option a rules-core field is given by (`wte` → `--wte`).
pub fn option_name(field: &str) -> String {
    format!("--{}", field.replace('_', "-"))
}

/// Words a rules error for the command line, naming the option.
pub fn describe(e: &RulesError) -> String {
    match e.field_name() {
        Some(field) => format!("{} {}", option_name(field), e.problem()),
        None => e.to_string(),
    }
}

/// Prints the error and returns exit code 1.
pub fn fail(e: CliError) -> ExitCode {
    eprintln!("error: {}", e.0);
    ExitCode::from(1)
}

/// Loads the rules under `--root` and picks `--year`.
pub fn load_year(args: &YearArgs) -> Result<YearRules, CliError> {
    let year: YearId = args.year.parse()?;
    let book = load_rules(&args.root.join("content"))
        .map_err(|d| CliError(format!("the rules data has problems:\n{d}")))?;
    Ok(book.require(&year)?.clone())
}

/// Runs `arrs-guide estimate`.
pub fn run(args: EstimateArgs) -> ExitCode {
    match run_inner(&args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn run_inner(args: &EstimateArgs) -> Result<String, CliError> {
    let rules = load_year(&args.year)?;
    let (post, pay_note) = build_post(&rules, args)?;
    let mut result = estimate(&rules, &post)?;
    if let Some(note) = pay_note {
        result.sources.insert(0, note);
    }
    Ok(match args.format {
        EstimateFormat::Json => to_json(&result)?,
        EstimateFormat::Text => estimate_text(&result),
    })
}

/// Serializes to pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| CliError(format!("cannot write JSON: {e}")))
}

fn build_post(
    rules: &YearRules,
    args: &EstimateArgs,
) -> Result<(Post, Option<arrs_guide::rules::SourceNote>), CliError> {
    use arrs_guide::rules::money::{parse_decimal, parse_money};
    use arrs_guide::rules::year::parse_date;
    let role: RoleId = args.role.parse()?;
    let region: Region = args.region.parse()?;
    let band = args.band.as_deref().map(str::parse::<Band>).transpose()?;
    let (salary, pay_note) = match (&args.salary, &args.pay_point) {
        (Some(text), None) => (parse_money("salary", text)?, None),
        (None, Some(point)) => {
            let point: PayPoint = point.parse()?;
            let band = band.ok_or_else(|| CliError("--pay-point needs --band".into()))?;
            let (salary, scale) = rules.salary_at(band, point)?;
            let note = arrs_guide::rules::SourceNote {
                figure: format!(
                    "full-time salary: {} {} pay point, Agenda for Change {}",
                    band.label(),
                    point.id(),
                    rules.year
                ),
                value: salary.normalize().to_string(),
                status: scale.status,
                url: Some(scale.source.clone()),
            };
            (salary, Some(note))
        }
        _ => {
            return Err(CliError(
                "--salary is required (or --band with --pay-point)".into(),
            ))
        }
    };
    let working_time = match (&args.wte, &args.hours, &args.sessions) {
        (Some(w), _, _) => WorkingTime::wte(parse_decimal("wte", w)?)?,
        (_, Some(h), _) => WorkingTime::hours(parse_decimal("hours", h)?)?,
        (_, _, Some(s)) => WorkingTime::sessions(parse_decimal("sessions", s)?)?,
        _ => {
            return Err(CliError(
                "--wte is required (or --hours or --sessions)".into(),
            ))
        }
    };
    let mut post = Post::new(role, region, salary, working_time)?;
    post.from = args
        .from
        .as_deref()
        .map(|t| parse_date("from", t))
        .transpose()?;
    post.to = args
        .to
        .as_deref()
        .map(|t| parse_date("to", t))
        .transpose()?;
    post.share = args
        .share
        .as_deref()
        .map(|t| parse_decimal("share", t))
        .transpose()?;
    post.in_pension = !args.on_costs.no_pension;
    post.on_costs = args.on_costs.overrides()?;
    if role.is_mental_health_practitioner() {
        post.band = band;
    } else if band.is_some() && args.pay_point.is_none() {
        return Err(CliError(format!(
            "--band is used with --pay-point to look up a salary, or to choose the band of a mental health practitioner; `{role}` is reimbursed at band {}",
            rules.role(role)?.band
        )));
    }
    post.validate()?;
    Ok((post, pay_note))
}

/// The columns of the month table.
const HEADINGS: [&str; 8] = [
    "Month", "Pay", "NI", "Pension", "Cost", "Cap", "Claim", "Top-up",
];

fn row(cells: &[String]) -> String {
    let mut line = format!("{:<8}", cells.first().map(String::as_str).unwrap_or(""));
    for cell in cells.iter().skip(1) {
        let _ = write!(line, " {cell:>12}");
    }
    line.trim_end().to_owned() + "\n"
}

fn money_cells(label: String, amounts: [arrs_guide::rules::Money; 7]) -> Vec<String> {
    std::iter::once(label)
        .chain(amounts.iter().map(|m| m.display_gbp()))
        .collect()
}

fn line_amounts(m: &MonthLine) -> [arrs_guide::rules::Money; 7] {
    [m.pay, m.ni, m.pension, m.cost, m.cap, m.claim, m.top_up]
}

/// The amounts of a totals line, in table order.
pub fn total_amounts(t: &Totals) -> [arrs_guide::rules::Money; 7] {
    [t.pay, t.ni, t.pension, t.cost, t.cap, t.claim, t.top_up]
}

fn percent(fraction: Decimal) -> String {
    format!("{}%", (fraction * Decimal::from(100)).normalize())
}

/// The readable month-by-month table of one estimate, with totals and sources.
pub fn estimate_text(e: &Estimate) -> String {
    let mut out = String::new();
    let title = match &e.label {
        Some(label) => format!("{label}: {}", e.role.name()),
        None => e.role.name().to_owned(),
    };
    let _ = writeln!(out, "{title}, {}, {}", e.year, e.region.name());
    let _ = writeln!(
        out,
        "Salary {} full time at {} WTE, {} to {}; {}; ARRS share {}; {}",
        e.salary.display_gbp(),
        e.wte.round_dp(4).normalize(),
        e.from,
        e.to,
        e.band.label(),
        percent(e.share),
        if e.in_pension {
            "in the NHS Pension Scheme"
        } else {
            "not in the NHS Pension Scheme"
        },
    );
    let _ = writeln!(
        out,
        "On-costs: employer NI {} above {} a year; employer pension {}",
        percent(e.rates.ni_rate),
        arrs_guide::rules::Money::round(e.rates.ni_threshold).display_gbp(),
        if e.in_pension {
            percent(e.rates.pension_rate)
        } else {
            "none".to_owned()
        },
    );
    if e.year_status == arrs_guide::rules::Status::Scenario {
        let _ = writeln!(
            out,
            "{} is a scenario: its figures are assumptions until NHS England publishes them.",
            e.year
        );
    }
    out.push('\n');
    out.push_str(&row(&HEADINGS.map(str::to_owned)));
    for m in &e.months {
        let mut label = m.month.to_string();
        if m.days_active < m.days_in_month {
            let _ = write!(label, " ({}/{} days)", m.days_active, m.days_in_month);
            out.push_str(&row(&[label]));
            out.push_str(&row(&money_cells(String::new(), line_amounts(m))));
        } else {
            out.push_str(&row(&money_cells(label, line_amounts(m))));
        }
    }
    out.push_str(&row(&money_cells("Total".into(), total_amounts(&e.totals))));
    out.push('\n');
    let _ = writeln!(
        out,
        "The PCN can claim {}; the practices fund a top-up of {}.",
        e.totals.claim.display_gbp(),
        e.totals.top_up.display_gbp()
    );
    if e.share < Decimal::ONE {
        let _ = writeln!(
            out,
            "At an ARRS share of {}, claim and top-up cover that share of the cost; the mental health provider funds the rest.",
            percent(e.share)
        );
    }
    out.push_str("\nSources:\n");
    for s in &e.sources {
        let _ = writeln!(
            out,
            "  {}: {} ({}){}",
            s.figure,
            s.value,
            s.status.id(),
            s.url
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default()
        );
    }
    out
}
