//! Property tests of the money rules over the real rules files: claim ≤ s × cap,
//! claim ≤ s × cost, claim + top-up = s × cost, months add up to the totals, more WTE never
//! claims less; and no input string makes the post parser or the rules reader panic.

use crate::rules::data::YearRules;
use crate::rules::estimate::{estimate, Estimate};
use crate::rules::money::Money;
use crate::rules::post::{Post, PostFields, WorkingTime};
use crate::rules::region::Region;
use crate::rules::testdata;
use chrono::Days;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn books() -> &'static [YearRules] {
    static BOOKS: OnceLock<Vec<YearRules>> = OnceLock::new();
    BOOKS.get_or_init(testdata::all)
}

/// A post of a year: (year index, role index, region, salary in pennies, WTE in ten-thousandths,
/// start offset, length in days, pension, share choice, band choice).
type Case = (usize, usize, usize, i64, i64, u64, u64, bool, usize, usize);

fn case() -> impl Strategy<Value = Case> {
    (
        0..4usize,
        0..25usize,
        0..3usize,
        1..20_000_000i64,
        1..=10_000i64,
        0..365u64,
        0..365u64,
        any::<bool>(),
        0..2usize,
        0..5usize,
    )
}

fn build(c: Case) -> (&'static YearRules, Post) {
    let (y, r, g, pennies, wte, start, len, pension, share, band) = c;
    let rules = &books()[y];
    let rule = &rules.roles[r % rules.roles.len()];
    let mut post = Post::new(
        rule.id,
        Region::ALL[g],
        Decimal::new(pennies, 2),
        WorkingTime::wte(Decimal::new(wte, 4)).unwrap(),
    )
    .unwrap();
    let first = rules.role_first_day(rule);
    let from = first
        .checked_add_days(Days::new(start))
        .unwrap()
        .min(rules.year.last_day());
    post.from = Some(from);
    post.to = Some(
        from.checked_add_days(Days::new(len))
            .unwrap()
            .min(rules.year.last_day()),
    );
    post.in_pension = pension;
    if !rule.shares.is_empty() {
        post.share = Some(rule.shares[share % rule.shares.len()]);
    }
    let bands = rules.bands_of(rule);
    post.band = Some(bands[band % bands.len()]);
    (rules, post)
}

fn share_of(e: &Estimate, amount: Money) -> Money {
    Money::round(e.share * amount.amount())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn claim_is_bounded_and_adds_up(c in case()) {
        let (rules, post) = build(c);
        let e = estimate(rules, &post).unwrap();
        prop_assert!(!e.months.is_empty());
        for m in &e.months {
            prop_assert!(m.claim <= share_of(&e, m.cap), "claim above s × cap in {}", m.month);
            prop_assert!(m.claim <= share_of(&e, m.cost), "claim above s × cost in {}", m.month);
            prop_assert_eq!(m.claim.checked_add(m.top_up).unwrap(), share_of(&e, m.cost));
            prop_assert!(!m.top_up.is_negative());
            prop_assert_eq!(m.pay.checked_add(m.ni).unwrap().checked_add(m.pension).unwrap(), m.cost);
        }
        let sum = |f: fn(&crate::rules::estimate::MonthLine) -> Money| {
            crate::rules::money::sum_money(e.months.iter().map(f)).unwrap()
        };
        prop_assert_eq!(sum(|m| m.pay), e.totals.pay);
        prop_assert_eq!(sum(|m| m.ni), e.totals.ni);
        prop_assert_eq!(sum(|m| m.pension), e.totals.pension);
        prop_assert_eq!(sum(|m| m.cost), e.totals.cost);
        prop_assert_eq!(sum(|m| m.cap), e.totals.cap);
        prop_assert_eq!(sum(|m| m.claim), e.totals.claim);
        prop_assert_eq!(sum(|m| m.top_up), e.totals.top_up);
        prop_assert_eq!(e.totals.claim.checked_add(e.totals.top_up).unwrap(),
            crate::rules::money::sum_money(e.months.iter().map(|m| share_of(&e, m.cost))).unwrap());
    }

    #[test]
    fn more_wte_never_claims_less(c in case(), extra in 0..10_000i64) {
        let (rules, post) = build(c);
        let (num, _) = post.working_time.fraction();
        let more = (num + Decimal::new(extra, 4)).min(Decimal::ONE);
        let mut bigger = post.clone();
        bigger.working_time = WorkingTime::wte(more).unwrap();
        let small = estimate(rules, &post).unwrap();
        let large = estimate(rules, &bigger).unwrap();
        prop_assert!(small.totals.claim <= large.totals.claim);
        for (a, b) in small.months.iter().zip(&large.months) {
            prop_assert!(a.claim <= b.claim);
        }
    }

    #[test]
    fn post_parser_never_panics(fields in proptest::collection::vec(".{0,12}", 0..12), raw in ".{0,60}") {
        let get = |i: usize| fields.get(i).cloned().unwrap_or_default();
        let f = PostFields {
            role: get(0), region: get(1), salary: get(2), wte: get(3), from: get(4),
            to: get(5), label: get(6), share: get(7), band: get(8), hours: fields.get(9).cloned(),
            sessions: fields.get(10).cloned(), pension: get(11),
        };
        let _ = f.to_post();
        if let Ok(parsed) = PostFields::from_url_value(&raw) {
            if let Ok(post) = parsed.to_post() {
                for rules in books() {
                    let _ = estimate(rules, &post);
                }
            }
        }
    }

    #[test]
    fn numeric_fields_never_panic(salary in ".{0,30}", wte in "[0-9.+-]{0,30}", day in "[0-9-]{0,12}") {
        let f = PostFields {
            role: "paramedic".into(), region: "national".into(), salary, wte,
            from: day, ..PostFields::default()
        };
        if let Ok(post) = f.to_post() {
            for rules in books() {
                let _ = estimate(rules, &post);
            }
        }
    }

    #[test]
    fn rules_reader_never_panics(text in ".{0,400}") {
        let _ = serde_yaml::from_str::<YearRules>(&text);
    }

    #[test]
    fn mangled_rules_files_never_panic(cut in 0..12000usize, insert in ".{0,8}") {
        let original = include_str!("../../content/rules/2024-25.yaml");
        let mut at = cut.min(original.len());
        while !original.is_char_boundary(at) { at -= 1; }
        let mangled = format!("{}{}{}", &original[..at], insert, &original[at..]);
        let _ = serde_yaml::from_str::<YearRules>(&mangled);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// cost = claim + top-up + provider share, in every month, every post, every pot and the
    /// totals; and the pots never net: over-committed and unclaimed are sums of the pots'.
    #[test]
    fn plan_totals_always_close(cases in proptest::collection::vec(case(), 1..6), population in 1..200_000i64, counts in proptest::collection::vec(1..4u32, 6)) {
        let year = cases[0].0;
        let rules = &books()[year];
        let mut posts = Vec::new();
        for (i, c) in cases.into_iter().enumerate() {
            let (_, post) = build((year, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8, c.9));
            let mut planned = crate::rules::plan_model::PlanPost::from(post);
            planned.count = counts[i];
            posts.push(planned);
        }
        let input = crate::rules::plan_model::PlanInput { weighted_population: Some(Decimal::from(population)), posts, practices: Vec::new() };
        let p = crate::rules::plan::plan(rules, &input).unwrap();
        let add = |a: Money, b: Money| a.checked_add(b).unwrap();
        for post in &p.posts {
            for m in &post.estimate.months {
                prop_assert_eq!(add(add(m.claim, m.top_up), m.provider_share), m.cost);
            }
            let a = &post.all_posts;
            prop_assert_eq!(add(add(a.claim, a.top_up), a.provider_share), a.cost);
        }
        let t = &p.totals;
        prop_assert_eq!(add(add(t.claim, t.top_up), t.provider_share), t.cost);
        let over = crate::rules::money::sum_money(p.pots.iter().map(|pot| pot.over_committed.unwrap())).unwrap();
        let unclaimed = crate::rules::money::sum_money(p.pots.iter().map(|pot| pot.unclaimed.unwrap())).unwrap();
        prop_assert_eq!(t.over_committed, Some(over));
        prop_assert_eq!(t.unclaimed, Some(unclaimed));
        prop_assert!(!over.is_negative() && !unclaimed.is_negative());
        let claimed = p.schedule.last().map(|m| crate::rules::money::sum_money(m.pots.iter().map(|l| l.cumulative)).unwrap());
        prop_assert_eq!(claimed, Some(t.claim));
    }

    #[test]
    fn posts_csv_reader_never_panics(text in ".{0,300}") {
        let _ = crate::rules::posts_csv::read_posts_csv(&text);
    }

    #[test]
    fn money_reader_never_panics_and_refuses_stray_commas(text in "[0-9, .£-]{0,20}") {
        if let Ok(v) = crate::rules::fields::parse_amount("salary", &text) {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(!digits.is_empty());
            prop_assert!(!text.contains(",,") && !text.trim_start_matches(['£', '-', ' ']).starts_with(','));
            let _ = v;
        }
    }
}
