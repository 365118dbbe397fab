//! `arrs-guide plan FILE`: a PCN's posts against its entitlement.
//!
//! FILE is a posts CSV or a plan file (`docs/plan-file.md`). The year and weighted population
//! come from the file; `--year` and `--weighted-population` override them. Problems name the
//! file, line and column (posts CSV) or the post, practice or scenario (plan file).

use super::common::{
    describe, describe_in_file, finish, option_name, to_json, CliError, OnCostArgs, YearArgs,
};
use super::plan_text::plan_text;
use arrs_guide::rules::money::parse_decimal;
use arrs_guide::rules::plan_file::OnCostSpec;
use arrs_guide::rules::posts_csv::{read_posts_csv, write_posts_csv, PostsCsv};
use arrs_guide::rules::results_csv::results_csv;
use arrs_guide::rules::{compute_plan_file, projection_scenarios, PlanFile, RulesError};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Readable tables: pots, totals, posts, claims schedule, practices, scenarios, months.
    Text,
    /// The result JSON of docs/plan-file.md.
    Json,
    /// The results CSV of docs/plan-file.md (totals, pots, months, schedule, practices,
    /// scenarios).
    Csv,
}

/// Arguments of `arrs-guide plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// A posts CSV (header role,region,salary,wte,… ) or a plan file (.json).
    file: PathBuf,
    #[command(flatten)]
    year: YearArgs,
    /// The PCN's contractor weighted population at 1 January (overrides the plan file's).
    #[arg(long, allow_negative_numbers = true)]
    weighted_population: Option<String>,
    #[command(flatten)]
    on_costs: OnCostArgs,
    /// Add a projection of this many years (1 to 10) as scenarios.
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
    /// Write the plan file (JSON) to OUT.
    #[arg(long, value_name = "OUT")]
    export_plan: Option<PathBuf>,
    /// Write the posts CSV to OUT.
    #[arg(long, value_name = "OUT")]
    export_posts: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: PlanFormat,
}

/// Runs `arrs-guide plan`.
pub fn run(args: PlanArgs) -> ExitCode {
    finish(run_inner(&args))
}

/// Where the plan came from, so later problems can be placed in the file.
enum Source {
    Csv(PostsCsv),
    PlanFile,
}

fn file_errors(path: &Path, source: &Source, errors: Vec<RulesError>) -> CliError {
    let lines: Vec<String> = errors
        .into_iter()
        .map(|e| match source {
            Source::Csv(csv) => describe_in_file(path, &csv.locate(e)),
            Source::PlanFile => match e.field_name() {
                Some("year" | "weighted_population") if e.post_number().is_none() => describe(&e),
                _ => describe_in_file(path, &e),
            },
        })
        .collect();
    CliError(lines.join("\nerror: "))
}

fn read_input(path: &Path) -> Result<(PlanFile, Source), CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError(format!("{}: cannot read the file: {e}", path.display())))?;
    let is_json = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    if is_json {
        let file: PlanFile = serde_json::from_str(&text).map_err(|e| {
            CliError(format!(
                "{}:{}:{}: {}",
                path.display(),
                e.line(),
                e.column(),
                e.to_string().split(" at line ").next().unwrap_or_default()
            ))
        })?;
        file.check_version()
            .map_err(|e| CliError(describe_in_file(path, &e)))?;
        Ok((file, Source::PlanFile))
    } else {
        let csv =
            read_posts_csv(&text).map_err(|errors| file_errors(path, &Source::PlanFile, errors))?;
        let file = PlanFile {
            posts: csv.posts.clone(),
            ..PlanFile::default()
        };
        Ok((file, Source::Csv(csv)))
    }
}

fn apply_options(args: &PlanArgs, file: &mut PlanFile) -> Result<(), CliError> {
    if let Some(year) = &args.year.year {
        file.year = Some(year.parse::<arrs_guide::rules::YearId>()?.to_string());
    }
    if let Some(population) = &args.weighted_population {
        file.weighted_population = Some(population.clone());
        file.weighted_population()?;
    }
    let overrides = args.on_costs.overrides()?;
    if overrides.any() {
        file.on_costs = OnCostSpec::from_overrides(&overrides);
    }
    if args.on_costs.no_pension {
        for post in &mut file.posts {
            post.pension = Some(false);
        }
    }
    if let Some(years) = &args.project_years {
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
        let scenarios = projection_scenarios(
            years,
            percent("pay_award", &args.pay_award)?,
            percent("cap_uplift", &args.cap_uplift)?,
            percent("entitlement_growth", &args.entitlement_growth)?,
        )
        .map_err(|e| match e.field_name() {
            Some("pay_award_percent") => CliError(format!("--pay-award: {}", e.problem())),
            Some("cap_uplift_percent") => CliError(format!("--cap-uplift: {}", e.problem())),
            Some("entitlement_growth_percent") => {
                CliError(format!("--entitlement-growth: {}", e.problem()))
            }
            _ => CliError(describe(&e)),
        })?;
        file.scenarios.extend(scenarios);
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text)
        .map_err(|e| CliError(format!("{}: cannot write the file: {e}", path.display())))
}

fn run_inner(args: &PlanArgs) -> Result<String, CliError> {
    let (mut file, source) = read_input(&args.file)?;
    apply_options(args, &mut file)?;
    let book = args.year.book()?;
    let default_year = match &file.year {
        Some(_) => arrs_guide::rules::YearId::starting(2000)?,
        None => args.year.year()?,
    };
    let computed = compute_plan_file(&book, &file, default_year)
        .map_err(|errors| file_errors(&args.file, &source, errors))?;
    file.year = Some(computed.year.to_string());
    file.weighted_population = computed
        .weighted_population
        .map(|w| w.normalize().to_string());
    if let Some(out) = &args.export_plan {
        write_file(out, &to_json(&file)?)?;
    }
    if let Some(out) = &args.export_posts {
        write_file(out, &write_posts_csv(&file.posts))?;
    }
    match args.format {
        PlanFormat::Json => to_json(&computed),
        PlanFormat::Text => Ok(plan_text(&computed)),
        PlanFormat::Csv => Ok(results_csv(&computed)),
    }
}
