"""The enums of the two benchmark payloads, written as mdcodegen writes them."""

from __future__ import annotations

from enum import Enum


# --- GetIntegrationsIntegrationIdPositiveResponse ---------------------------------
class Category(str, Enum):
    HRIS = "HRIS"
    ATS = "ATS"
    ASSESSMENT = "ASSESSMENT"
    LMS = "LMS"


class IntegrationStatus(str, Enum):
    ACTIVE = "ACTIVE"
    INVALID = "INVALID"
    INACTIVE = "INACTIVE"


class SetupStatus(str, Enum):
    INCOMPLETE = "INCOMPLETE"
    FINAL_SYNC_PENDING = "FINAL_SYNC_PENDING"
    COMPLETED = "COMPLETED"


class CoverageStatus(str, Enum):
    SUPPORTED = "SUPPORTED"
    UNSUPPORTED = "UNSUPPORTED"
    NOT_IMPLEMENTED = "NOT_IMPLEMENTED"
    UNKNOWN = "UNKNOWN"


class ScopeConfigSetting(str, Enum):
    ENABLED = "ENABLED"
    DISABLED = "DISABLED"
    OPTIONAL = "OPTIONAL"


# --- GetHrisEmployeesPositiveResponse ---------------------------------------------
class Gender(str, Enum):
    MALE = "MALE"
    FEMALE = "FEMALE"
    NON_BINARY = "NON_BINARY"
    NOT_SPECIFIED = "NOT_SPECIFIED"


class Ethnicity(str, Enum):
    WHITE = "WHITE"
    ASIAN = "ASIAN"
    HISPANIC_LATINO = "HISPANIC_LATINO"
    HAWAIIAN = "HAWAIIAN"
    NATIVE_AMERICAN = "NATIVE_AMERICAN"
    BLACK_AFRICAN_AMERICAN = "BLACK_AFRICAN_AMERICAN"
    MULTIPLE_ETHNICITIES = "MULTIPLE_ETHNICITIES"
    DECLINE_TO_SPECIFY = "DECLINE_TO_SPECIFY"


class MaritalStatus(str, Enum):
    SINGLE = "SINGLE"
    MARRIED = "MARRIED"
    DOMESTIC_PARTNERSHIP = "DOMESTIC_PARTNERSHIP"
    WIDOWED = "WIDOWED"
    DIVORCED = "DIVORCED"
    SEPARATED = "SEPARATED"
    NOT_MARRIED = "NOT_MARRIED"


class EmploymentStatus(str, Enum):
    ACTIVE = "ACTIVE"
    PENDING = "PENDING"
    INACTIVE = "INACTIVE"
    LEAVE = "LEAVE"


class EmploymentType(str, Enum):
    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACT = "CONTRACT"
    INTERNSHIP = "INTERNSHIP"
    FREELANCE = "FREELANCE"
    WORKING_STUDENT = "WORKING_STUDENT"
    APPRENTICESHIP = "APPRENTICESHIP"
    TRAINING = "TRAINING"


class PayPeriod(str, Enum):
    HOUR = "HOUR"
    DAY = "DAY"
    WEEK = "WEEK"
    TWO_WEEKS = "TWO_WEEKS"
    HALF_MONTH = "HALF_MONTH"
    MONTH = "MONTH"
    TWO_MONTHS = "TWO_MONTHS"
    QUARTER = "QUARTER"
    HALF_YEAR = "HALF_YEAR"
    YEAR = "YEAR"


class PayFrequency(str, Enum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    BIWEEKLY = "BIWEEKLY"
    MONTHLY = "MONTHLY"
    SEMIMONTHLY = "SEMIMONTHLY"
    QUARTERLY = "QUARTERLY"
    SEMIANNUALLY = "SEMIANNUALLY"
    ANNUALLY = "ANNUALLY"
    PRO_RATA = "PRO_RATA"


class TimeUnit(str, Enum):
    HOURS = "HOURS"
    DAYS = "DAYS"


class GroupType(str, Enum):
    DEPARTMENT = "DEPARTMENT"
    TEAM = "TEAM"
    COST_CENTER = "COST_CENTER"


class DomesticBankRoutingType(str, Enum):
    GB_SORT_CODE = "GB_SORT_CODE"
    DE_BANKLEITZAHL = "DE_BANKLEITZAHL"
    US_ABA_ROUTING_TRANSIT_NUMBER = "US_ABA_ROUTING_TRANSIT_NUMBER"
    CA_ROUTING_NUMBER = "CA_ROUTING_NUMBER"
    AU_BSB_CODE = "AU_BSB_CODE"
    FR_RIB = "FR_RIB"
