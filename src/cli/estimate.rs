//! `arrs-guide estimate`: the cost and claim of one post, month by month.
//!
//! Also holds the month-by-month text table, which `plan` prints for each post.

use super::common::{finish, to_json, CliError, OnCostArgs, YearArgs};
use arrs_guide::rules::{
    estimate, Band, Estimate, PayPoint, Post, Region, RoleId, WorkingTime, YearRules,
};
use clap::{Args, ValueEnum};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Output formats of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    /// A readable month-by-month table with totals and sources.
    Text,
    /// The JSON shape of docs/plan-file.md (money as strings with two places).
    Json,
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

/// Runs `arrs-guide estimate`.
pub fn run(args: EstimateArgs) -> ExitCode {
    finish(run_inner(&args))
}

fn run_inner(args: &EstimateArgs) -> Result<String, CliError> {
    let book = args.year.book()?;
    let rules = book.require(&args.year.year()?)?;
    let (post, pay_note) = build_post(rules, args)?;
    let mut result = estimate(rules, &post)?;
    if let Some(note) = pay_note {
        result.sources.insert(0, note);
    }
    Ok(match args.format {
        EstimateFormat::Json => to_json(&result)?,
        EstimateFormat::Text => estimate_text(&result),
    })
}

fn build_post(
    rules: &YearRules,
    args: &EstimateArgs,
) -> Result<(Post, Option<arrs_guide::rules::SourceNote>), CliError> {
    use arrs_guide::rules::money::{parse_amount, parse_decimal};
    use arrs_guide::rules::year::parse_date;
    let role: RoleId = args.role.parse()?;
    let region: Region = args.region.parse()?;
    let band = args.band.as_deref().map(str::parse::<Band>).transpose()?;
    let (salary, pay_note) = match (&args.salary, &args.pay_point) {
        (Some(text), None) => (parse_amount("salary", text)?, None),
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
                unit: arrs_guide::rules::FigureUnit::Money,
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
const HEADINGS: [&str; 9] = [
    "Month", "Pay", "NI", "Pension", "Cost", "Cap", "Claim", "Top-up", "Provider",
];

fn row(cells: &[String]) -> String {
    let mut line = format!("{:<8}", cells.first().map(String::as_str).unwrap_or(""));
    for cell in cells.iter().skip(1) {
        let _ = write!(line, " {cell:>12}");
    }
    line.trim_end().to_owned() + "\n"
}

fn money_cells(label: String, amounts: [arrs_guide::rules::Money; 8]) -> Vec<String> {
    std::iter::once(label)
        .chain(amounts.iter().map(|m| m.display_gbp()))
        .collect()
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
            "{}: NHS England's tables for this year are not yet in this guide, so some figures \
             are derived from published ones or are scenario assumptions (`arrs-guide check \
             --figures` lists them).",
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
            out.push_str(&row(&money_cells(String::new(), m.amounts())));
        } else {
            out.push_str(&row(&money_cells(label, m.amounts())));
        }
    }
    out.push_str(&row(&money_cells("Total".into(), e.totals.amounts())));
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
            "Claimed at {}: claim and top-up cover that share of the cost; the mental health provider's share is {}.",
            percent(e.share),
            e.totals.provider_share.display_gbp()
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
