"""Ghent's partner cities, partnerships, agreements, activities, organisations, contacts,
networks and EU-funded projects: one module per family, all importable from here."""

from partnerships.models.activities import Activity, ActivityKind, ActivityQuerySet, ActivityStatus
from partnerships.models.agreements import Agreement, AgreementKind, AgreementQuerySet
from partnerships.models.cities import City
from partnerships.models.networks import EUProject, Network, ProjectRole
from partnerships.models.options import DEFAULT_PERMISSIONS, PERSONAL_DATA_PERMISSION, SOURCE_HELP
from partnerships.models.organisations import Contact, ContactKind, Organisation, OrganisationKind
from partnerships.models.partnerships import (
    Initiative,
    Partnership,
    PartnershipKind,
    PartnershipQuerySet,
    PartnershipStatus,
    PartnershipStatusChange,
    TimelineEvent,
)
from partnerships.models.reminders import Reminder, ReminderMoment
from partnerships.models.themes import Theme

__all__ = [
    "DEFAULT_PERMISSIONS",
    "PERSONAL_DATA_PERMISSION",
    "SOURCE_HELP",
    "Activity",
    "ActivityKind",
    "ActivityQuerySet",
    "ActivityStatus",
    "Agreement",
    "AgreementKind",
    "AgreementQuerySet",
    "City",
    "Contact",
    "ContactKind",
    "EUProject",
    "Initiative",
    "Network",
    "Organisation",
    "OrganisationKind",
    "Partnership",
    "PartnershipKind",
    "PartnershipQuerySet",
    "PartnershipStatus",
    "PartnershipStatusChange",
    "ProjectRole",
    "Reminder",
    "ReminderMoment",
    "Theme",
    "TimelineEvent",
]
