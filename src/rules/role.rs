//! The roles of the scheme, by the identifiers used everywhere (URLs, files, the command line).

use crate::rules::error::RulesError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Every role id the project knows. Which of them a year includes is in that year's rules data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum RoleId {
    ClinicalPharmacist,
    PharmacyTechnician,
    FirstContactPhysiotherapist,
    PhysicianAssociate,
    ApprenticePhysicianAssociate,
    Dietitian,
    Podiatrist,
    OccupationalTherapist,
    Paramedic,
    AdvancedPractitioner,
    NursingAssociate,
    TraineeNursingAssociate,
    CareCoordinator,
    HealthAndWellbeingCoach,
    SocialPrescribingLinkWorker,
    GeneralPracticeAssistant,
    DigitalAndTransformationLead,
    AdultMentalHealthPractitioner,
    CypMentalHealthPractitioner,
    EnhancedPracticeNurse,
    GeneralPractitioner,
    NewToGeneralPracticeNurse,
    ExperiencedGeneralPracticeNurse,
    ConsultantNurse,
    HealthcareSupportWorker,
}

/// Each role with its id and the name readers see.
const ROLES: [(RoleId, &str, &str); 25] = [
    (
        RoleId::ClinicalPharmacist,
        "clinical-pharmacist",
        "Clinical pharmacist",
    ),
    (
        RoleId::PharmacyTechnician,
        "pharmacy-technician",
        "Pharmacy technician",
    ),
    (
        RoleId::FirstContactPhysiotherapist,
        "first-contact-physiotherapist",
        "First contact physiotherapist",
    ),
    (
        RoleId::PhysicianAssociate,
        "physician-associate",
        "Physician associate",
    ),
    (
        RoleId::ApprenticePhysicianAssociate,
        "apprentice-physician-associate",
        "Apprentice physician associate",
    ),
    (RoleId::Dietitian, "dietitian", "Dietitian"),
    (RoleId::Podiatrist, "podiatrist", "Podiatrist"),
    (
        RoleId::OccupationalTherapist,
        "occupational-therapist",
        "Occupational therapist",
    ),
    (RoleId::Paramedic, "paramedic", "Paramedic"),
    (
        RoleId::AdvancedPractitioner,
        "advanced-practitioner",
        "Advanced practitioner",
    ),
    (
        RoleId::NursingAssociate,
        "nursing-associate",
        "Nursing associate",
    ),
    (
        RoleId::TraineeNursingAssociate,
        "trainee-nursing-associate",
        "Trainee nursing associate",
    ),
    (
        RoleId::CareCoordinator,
        "care-coordinator",
        "Care co-ordinator",
    ),
    (
        RoleId::HealthAndWellbeingCoach,
        "health-and-wellbeing-coach",
        "Health and wellbeing coach",
    ),
    (
        RoleId::SocialPrescribingLinkWorker,
        "social-prescribing-link-worker",
        "Social prescribing link worker",
    ),
    (
        RoleId::GeneralPracticeAssistant,
        "general-practice-assistant",
        "General practice assistant",
    ),
    (
        RoleId::DigitalAndTransformationLead,
        "digital-and-transformation-lead",
        "Digital and transformation lead",
    ),
    (
        RoleId::AdultMentalHealthPractitioner,
        "adult-mental-health-practitioner",
        "Adult mental health practitioner",
    ),
    (
        RoleId::CypMentalHealthPractitioner,
        "cyp-mental-health-practitioner",
        "Children and young people's mental health practitioner",
    ),
    (
        RoleId::EnhancedPracticeNurse,
        "enhanced-practice-nurse",
        "Enhanced practice nurse",
    ),
    (
        RoleId::GeneralPractitioner,
        "general-practitioner",
        "General practitioner",
    ),
    (
        RoleId::NewToGeneralPracticeNurse,
        "new-to-general-practice-nurse",
        "New-to-general-practice nurse",
    ),
    (
        RoleId::ExperiencedGeneralPracticeNurse,
        "experienced-general-practice-nurse",
        "Experienced general practice nurse",
    ),
    (
        RoleId::ConsultantNurse,
        "consultant-nurse",
        "Consultant nurse",
    ),
    (
        RoleId::HealthcareSupportWorker,
        "healthcare-support-worker",
        "Healthcare support worker",
    ),
];

impl RoleId {
    /// Every role id, in the order of the design brief.
    pub fn all() -> impl Iterator<Item = RoleId> {
        ROLES.iter().map(|(role, _, _)| *role)
    }

    fn entry(self) -> (RoleId, &'static str, &'static str) {
        ROLES
            .iter()
            .copied()
            .find(|(role, _, _)| *role == self)
            .unwrap_or((self, "", ""))
    }

    /// The identifier used in URLs, files and the command line, e.g. `clinical-pharmacist`.
    pub fn id(self) -> &'static str {
        self.entry().1
    }

    /// The name readers see, e.g. `Clinical pharmacist`.
    pub fn name(self) -> &'static str {
        self.entry().2
    }

    /// Mental health practitioners: jointly funded with the mental health provider, claimed at an
    /// ARRS share of 50% or 100%, at one of several offered bands.
    pub fn is_mental_health_practitioner(self) -> bool {
        matches!(
            self,
            RoleId::AdultMentalHealthPractitioner | RoleId::CypMentalHealthPractitioner
        )
    }

    /// General practitioners: capped at a salaried-GP rate (not an AfC band), one London rate,
    /// full time is 9 sessions.
    pub fn is_general_practitioner(self) -> bool {
        self == RoleId::GeneralPractitioner
    }
}

impl fmt::Display for RoleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for RoleId {
    type Err = RulesError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        ROLES
            .iter()
            .find(|(_, id, _)| *id == text)
            .map(|(role, _, _)| *role)
            .ok_or_else(|| {
                RulesError::field(
                    "role",
                    format!("`{text}` is not a role id; expected one of the ids in docs/rules-data.md, e.g. clinical-pharmacist"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_and_matches_serde() {
        assert_eq!(RoleId::all().count(), 25);
        for role in RoleId::all() {
            assert_eq!(role.id().parse::<RoleId>().unwrap(), role);
            assert!(!role.name().is_empty());
        }
        assert_eq!(
            RoleId::CypMentalHealthPractitioner.id(),
            "cyp-mental-health-practitioner"
        );
    }

    #[test]
    fn unknown_role_names_the_field() {
        let err = "pharmacist".parse::<RoleId>().unwrap_err();
        assert_eq!(err.field_name(), Some("role"));
    }
}
