"""msgspec Structs of the same shape as the generated models, by hand.

Required fields have no default; fields that may be absent default to
``msgspec.UNSET`` (left out again on encode), as the generated models use UNSET.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

from .enums import (
    Category,
    CoverageStatus,
    DomesticBankRoutingType,
    EmploymentStatus,
    EmploymentType,
    Ethnicity,
    Gender,
    GroupType,
    IntegrationStatus,
    MaritalStatus,
    PayFrequency,
    PayPeriod,
    ScopeConfigSetting,
    SetupStatus,
    TimeUnit,
)


class _S(msgspec.Struct):
    pass


# --- GetIntegrationsIntegrationIdPositiveResponse ---------------------------------
class Tool(_S, kw_only=True):
    id: str
    label: str
    internal_label: str | None
    logo_url: str
    icon_url: str


class EndUser(_S, kw_only=True):
    organization_name: str
    creator_email: str | None
    origin_id: str | None


class ScopeConfig(_S, kw_only=True):
    id: str
    name: str | None


class ReadModelField(_S, kw_only=True):
    id: str
    is_available: bool
    coverage_status: CoverageStatus
    scope_config_setting: ScopeConfigSetting
    opted_out_by_customer: bool


class ReadModel(_S, kw_only=True):
    id: str
    label: str
    is_available: bool
    coverage_status: CoverageStatus
    scope_config_setting: ScopeConfigSetting
    opted_out_by_customer: bool
    fields: list[ReadModelField]


class WriteActionField(_S, kw_only=True):
    id: str
    is_available: bool
    coverage_status: CoverageStatus


class WriteAction(_S, kw_only=True):
    id: str
    label: str
    is_available: bool
    coverage_status: CoverageStatus
    scope_config_setting: ScopeConfigSetting
    opted_out_by_customer: bool
    fields: list[WriteActionField]


class IntegrationData(_S, kw_only=True):
    id: str
    tool: Tool
    category: Category
    status: IntegrationStatus
    setup_status: SetupStatus
    end_user: EndUser
    scope_config: ScopeConfig
    data_expired_at: datetime | None
    created_at: datetime | None
    beta: bool
    read_models: list[ReadModel]
    write_actions: list[WriteAction]


class IntegrationResponse(_S, kw_only=True):
    status: str
    data: IntegrationData


# --- GetHrisEmployeesPositiveResponse ---------------------------------------------
class Address(_S, kw_only=True):
    city: str | None | UnsetType = UNSET
    country: str | None | UnsetType = UNSET
    raw: str | None | UnsetType = UNSET
    state: str | None | UnsetType = UNSET
    street_1: str | None | UnsetType = UNSET
    street_2: str | None | UnsetType = UNSET
    zip_code: str | None | UnsetType = UNSET


class DomesticBankRouting(_S, kw_only=True):
    number: str
    type: DomesticBankRoutingType | None


class BankAccount(_S, kw_only=True):
    iban: str | None | UnsetType = UNSET
    bic: str | None | UnsetType = UNSET
    account_number: str | None | UnsetType = UNSET
    holder_name: str | None | UnsetType = UNSET
    bank_name: str | None | UnsetType = UNSET
    domestic_bank_routing: DomesticBankRouting | None | UnsetType = UNSET


class Employment(_S, kw_only=True):
    id: str
    remote_id: str | None
    employee_id: str
    job_title: str | None
    pay_rate: float | None
    pay_period: PayPeriod | None | UnsetType = UNSET
    pay_frequency: PayFrequency | None | UnsetType = UNSET
    employment_type: EmploymentType | None | UnsetType = UNSET
    pay_currency: str | None
    effective_date: datetime | None
    changed_at: datetime | None
    remote_deleted_at: datetime | None
    custom_fields: dict[str, Any]


class TimeOffBalance(_S, kw_only=True):
    id: str
    remote_id: str | None
    employee_id: str
    type_id: str
    balance: float | None
    balance_unit: TimeUnit | None
    changed_at: datetime | None
    remote_deleted_at: datetime | None
    used: float | None
    used_unit: TimeUnit | None


class Manager(_S, kw_only=True):
    first_name: str | None
    last_name: str | None
    display_full_name: str | None
    id: str
    employee_number: str | None
    work_email: str | None | UnsetType = UNSET
    remote_id: str
    employment_status: EmploymentStatus | None | UnsetType = UNSET
    termination_date: datetime | None


class Group(_S, kw_only=True):
    id: str
    remote_id: str
    name: str | None
    type: GroupType | None


class LegalEntity(_S, kw_only=True):
    id: str
    remote_id: str | None
    name: str | None
    address: Address | None | UnsetType = UNSET


class WorkLocation(_S, kw_only=True):
    id: str
    remote_id: str | None
    name: str | None
    address: Address | None | UnsetType = UNSET
    type: str | None
    changed_at: datetime | None
    remote_deleted_at: datetime | None


class Employee(_S, kw_only=True):
    id: str
    remote_id: str
    employee_number: str | None
    first_name: str | None
    last_name: str | None
    nationality: str | None
    display_full_name: str | None
    job_title: str | None
    work_email: str | None | UnsetType = UNSET
    personal_email: str | None | UnsetType = UNSET
    mobile_phone_number: str | None
    ssn: str | None
    tax_id: str | None
    gender: Gender | None | UnsetType = UNSET
    ethnicity: Ethnicity | None | UnsetType = UNSET
    marital_status: MaritalStatus | None | UnsetType = UNSET
    employment_status: EmploymentStatus | None | UnsetType = UNSET
    employment_type: EmploymentType | None | UnsetType = UNSET
    weekly_hours: float | None
    avatar: str | None
    work_location_id: str | None
    legal_entity_id: str | None
    manager_id: str | None
    home_address: Address | None | UnsetType = UNSET
    bank_accounts: list[BankAccount] | UnsetType = UNSET
    date_of_birth: datetime | None
    start_date: datetime | None
    termination_date: datetime | None
    remote_created_at: datetime | None
    changed_at: datetime | None
    remote_deleted_at: datetime | None
    custom_fields: dict[str, Any]
    employments: list[Employment]
    time_off_balances: list[TimeOffBalance]
    manager: Manager | None
    groups: list[Group]
    legal_entity: LegalEntity | None
    work_location: WorkLocation | None


class EmployeesData(_S, kw_only=True):
    next: str | None
    results: list[Employee]


class EmployeesResponse(_S, kw_only=True):
    status: str
    data: EmployeesData
