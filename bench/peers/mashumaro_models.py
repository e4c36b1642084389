"""mashumaro dataclasses of the same shape as the generated models, by hand.

``@dataclass(slots=True, kw_only=True)`` like the generated ones, with the orjson
mixin for the bytes paths.  mashumaro has no "absent" state: a field that may be
absent defaults to None and is always written back (the benchmark payloads carry
every optional key, so the round trip is still exact).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mashumaro.mixins.orjson import DataClassORJSONMixin

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

_dc = dataclass(slots=True, kw_only=True)


# --- GetIntegrationsIntegrationIdPositiveResponse ---------------------------------
@_dc
class Tool(DataClassORJSONMixin):
    id: str
    label: str
    internal_label: str | None
    logo_url: str
    icon_url: str


@_dc
class EndUser(DataClassORJSONMixin):
    organization_name: str
    creator_email: str | None
    origin_id: str | None


@_dc
class ScopeConfig(DataClassORJSONMixin):
    id: str
    name: str | None


@_dc
class ReadModelField(DataClassORJSONMixin):
    id: str
    is_available: bool
    coverage_status: CoverageStatus
    scope_config_setting: ScopeConfigSetting
    opted_out_by_customer: bool


@_dc
class ReadModel(DataClassORJSONMixin):
    id: str
    label: str
    is_available: bool
    coverage_status: CoverageStatus
    scope_config_setting: ScopeConfigSetting
    opted_out_by_customer: bool
    fields: list[ReadModelField]


@_dc
class WriteActionField(DataClassORJSONMixin):
    id: str
    is_available: bool
    coverage_status: CoverageStatus


@_dc
class WriteAction(DataClassORJSONMixin):
    id: str
    label: str
    is_available: bool
    coverage_status: CoverageStatus
    scope_config_setting: ScopeConfigSetting
    opted_out_by_customer: bool
    fields: list[WriteActionField]


@_dc
class IntegrationData(DataClassORJSONMixin):
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


@_dc
class IntegrationResponse(DataClassORJSONMixin):
    status: str
    data: IntegrationData


# --- GetHrisEmployeesPositiveResponse ---------------------------------------------
@_dc
class Address(DataClassORJSONMixin):
    city: str | None = None
    country: str | None = None
    raw: str | None = None
    state: str | None = None
    street_1: str | None = None
    street_2: str | None = None
    zip_code: str | None = None


@_dc
class DomesticBankRouting(DataClassORJSONMixin):
    number: str
    type: DomesticBankRoutingType | None


@_dc
class BankAccount(DataClassORJSONMixin):
    iban: str | None = None
    bic: str | None = None
    account_number: str | None = None
    holder_name: str | None = None
    bank_name: str | None = None
    domestic_bank_routing: DomesticBankRouting | None = None


@_dc
class Employment(DataClassORJSONMixin):
    id: str
    remote_id: str | None
    employee_id: str
    job_title: str | None
    pay_rate: float | None
    pay_period: PayPeriod | None = None
    pay_frequency: PayFrequency | None = None
    employment_type: EmploymentType | None = None
    pay_currency: str | None
    effective_date: datetime | None
    changed_at: datetime | None
    remote_deleted_at: datetime | None
    custom_fields: dict[str, Any]


@_dc
class TimeOffBalance(DataClassORJSONMixin):
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


@_dc
class Manager(DataClassORJSONMixin):
    first_name: str | None
    last_name: str | None
    display_full_name: str | None
    id: str
    employee_number: str | None
    work_email: str | None = None
    remote_id: str
    employment_status: EmploymentStatus | None = None
    termination_date: datetime | None


@_dc
class Group(DataClassORJSONMixin):
    id: str
    remote_id: str
    name: str | None
    type: GroupType | None


@_dc
class LegalEntity(DataClassORJSONMixin):
    id: str
    remote_id: str | None
    name: str | None
    address: Address | None = None


@_dc
class WorkLocation(DataClassORJSONMixin):
    id: str
    remote_id: str | None
    name: str | None
    address: Address | None = None
    type: str | None
    changed_at: datetime | None
    remote_deleted_at: datetime | None


@_dc
class Employee(DataClassORJSONMixin):
    id: str
    remote_id: str
    employee_number: str | None
    first_name: str | None
    last_name: str | None
    nationality: str | None
    display_full_name: str | None
    job_title: str | None
    work_email: str | None = None
    personal_email: str | None = None
    mobile_phone_number: str | None
    ssn: str | None
    tax_id: str | None
    gender: Gender | None = None
    ethnicity: Ethnicity | None = None
    marital_status: MaritalStatus | None = None
    employment_status: EmploymentStatus | None = None
    employment_type: EmploymentType | None = None
    weekly_hours: float | None
    avatar: str | None
    work_location_id: str | None
    legal_entity_id: str | None
    manager_id: str | None
    home_address: Address | None = None
    bank_accounts: list[BankAccount] | None = None
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


@_dc
class EmployeesData(DataClassORJSONMixin):
    next: str | None
    results: list[Employee]


@_dc
class EmployeesResponse(DataClassORJSONMixin):
    status: str
    data: EmployeesData
