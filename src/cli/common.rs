//! What `estimate` and `plan` share: the rules (built in, or an edited copy with `--root`), the
//! year (default: the financial year containing today), on-cost options, and errors worded for
//! the command line.

use arrs_guide::guide::rules_data::{load_rules, parse_year};
use arrs_guide::rules::error::FieldProblem;
use arrs_guide::rules::plan_file::OnCostSpec;
use arrs_guide::rules::{OnCostOverrides, RuleBook, RulesError, YearId};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Where the rules come from and which year to use.
#[derive(Debug, Args)]
pub struct YearArgs {
    /// Financial year, e.g. 2025-26 (default: the year containing today).
    #[arg(long)]
    pub year: Option<String>,
    /// Use the rules under DIR/content/rules instead of the ones built in.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

impl YearArgs {
    /// The rules: built in, or read from `--root`.
    pub fn book(&self) -> Result<RuleBook, CliError> {
        match &self.root {
            Some(root) => load_rules(&root.join("content"))
                .map_err(|d| CliError(format!("the rules data has problems:\n{d}"))),
            None => embedded_book(),
        }
    }

    /// `--year`, or the financial year containing today.
    pub fn year(&self) -> Result<YearId, CliError> {
        match &self.year {
            Some(text) => Ok(text.parse()?),
            None => today_year(),
        }
    }
}

/// The rules built into the binary.
pub fn embedded_book() -> Result<RuleBook, CliError> {
    let mut years = Vec::with_capacity(EMBEDDED_RULES.len());
    for (name, text) in EMBEDDED_RULES {
        let path = Path::new("content/rules").join(name);
        let rules = parse_year(&path, text)
            .map_err(|d| CliError(format!("the built-in rules data has problems:\n{d}")))?;
        years.push(rules);
    }
    Ok(RuleBook::new(years))
}

/// The financial year containing today's date (UTC).
pub fn today_year() -> Result<YearId, CliError> {
    let today =
        YearId::today().ok_or_else(|| CliError("the system clock is out of range".into()))?;
    Ok(YearId::containing(today)?)
}

/// On-cost options. Rates are fractions: 0.138 is 13.8%.
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
    /// The overrides, parsed and checked by the rules core's plan-file reader, with the
    /// command line's wording for a value that is not a number.
    pub fn overrides(&self) -> Result<OnCostOverrides, RulesError> {
        OnCostSpec {
            ni_rate: self.ni_rate.clone(),
            ni_threshold: self.ni_threshold.clone(),
            pension_rate: self.pension_rate.clone(),
        }
        .overrides_read_by(arrs_guide::rules::money::parse_decimal)
    }
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
    match (e.field_name(), e) {
        (Some(field), RulesError::Input { message, .. }) => {
            format!("{}: {message}", option_name(field))
        }
        (Some(field), _) => format!("{} {}", option_name(field), e.problem()),
        (None, _) => e.to_string(),
    }
}

/// Words a problem found in an input file: `posts.csv:3: column salary: …` for a posts CSV,
/// `plan.json: post 2: …` for a plan file.
pub fn describe_in_file(path: &Path, e: &RulesError) -> String {
    let p = FieldProblem::from(e);
    let mut place = String::new();
    for (what, number) in [
        ("scenario", p.scenario),
        ("practice", p.practice),
        ("post", p.post),
    ] {
        if let Some(n) = number {
            place.push_str(&format!("{what} {n}: "));
        }
    }
    match (p.line, p.column) {
        (Some(line), Some(column)) => {
            format!(
                "{}:{line}: column {column}: {place}{}",
                path.display(),
                p.message
            )
        }
        (Some(line), None) => format!("{}:{line}: {place}{}", path.display(), p.message),
        _ => format!("{}: {place}{}", path.display(), p.message),
    }
}

/// Prints the error and returns exit code 1.
pub fn fail(e: CliError) -> ExitCode {
    eprintln!("error: {}", e.0);
    ExitCode::from(1)
}

/// Serializes to pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| CliError(format!("cannot write JSON: {e}")))
}

/// Prints a command's output, or its error with exit code 1.
pub fn finish(result: Result<String, CliError>) -> ExitCode {
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
