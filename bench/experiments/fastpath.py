"""A sketch of a faster decoder shape for the GetIntegrationsIntegrationId models.

Today each field is one helper call (``_r.req_str(d, "id")``), enum fields two
(``_r.req(d, k, _m1._decode)``), and every object one more (``_r.new``).  This
sketch does what the generator could emit instead: per model, one function that
reads every key with plain subscripts, checks types inline, looks enum values up
in the enum's ``_BY_VALUE`` table directly, and builds the instance with
``object.__new__``.  Anything unexpected (a missing key, a wrong type, an unknown
enum value, a non-dict) falls back to today's ``_decode``, which then raises the
precise DecodeError, so errors stay exactly as they are: the inner functions
raise a private ``_Miss`` and the entry point re-runs today's decoder from the
top, so the error carries its full path.

The result is the same objects, of the same generated classes.
"""

from __future__ import annotations

from typing import Any

import kombo_models  # noqa: F401  (the generated package must be importable)
from kombo_models._runtime import parse_datetime
from kombo_models.models import (
    get_integrations_integration_id_positive_response as m_root,
)
from kombo_models.models import (
    get_integrations_integration_id_positive_response_data as m_data,
)
from kombo_models.models import (
    get_integrations_integration_id_positive_response_end_user as m_end_user,
)
from kombo_models.models import (
    get_integrations_integration_id_positive_response_read_model as m_rm,
)
from kombo_models.models import (
    get_integrations_integration_id_positive_response_read_model_field as m_rmf,
)
from kombo_models.models import (
    get_integrations_integration_id_positive_response_tool as m_tool,
)
from kombo_models.models import (
    get_integrations_integration_id_positive_response_write_action as m_wa,
)
from kombo_models.models import (
    get_integrations_integration_id_positive_response_write_action_field as m_waf,
)
from kombo_models.models import (
    scope_config as m_scope,
)

_new = object.__new__


class _Miss(Exception):
    """Something in the payload is not as the fast path expects."""

_str, _bool, _list, _dict = str, bool, list, dict

_RMF = m_rmf.GetIntegrationsIntegrationIdPositiveResponseReadModelField
_RMF_CS = m_rmf._m1._BY_VALUE
_RMF_SS = m_rmf._m2._BY_VALUE


def read_model_field(d: Any) -> Any:
    try:
        id_ = d["id"]
        is_available = d["is_available"]
        coverage_status = _RMF_CS[d["coverage_status"]]
        scope_config_setting = _RMF_SS[d["scope_config_setting"]]
        opted_out = d["opted_out_by_customer"]
    except (KeyError, TypeError, IndexError):
        raise _Miss
    if (type(d) is not _dict or type(id_) is not _str or type(is_available) is not _bool
            or type(opted_out) is not _bool):
        raise _Miss
    o = _new(_RMF)
    o.id = id_
    o.is_available = is_available
    o.coverage_status = coverage_status
    o.scope_config_setting = scope_config_setting
    o.opted_out_by_customer = opted_out
    return o


_WAF = m_waf.GetIntegrationsIntegrationIdPositiveResponseWriteActionField
_WAF_CS = m_waf._m1._BY_VALUE


def write_action_field(d: Any) -> Any:
    try:
        id_ = d["id"]
        is_available = d["is_available"]
        coverage_status = _WAF_CS[d["coverage_status"]]
    except (KeyError, TypeError, IndexError):
        raise _Miss
    if type(d) is not _dict or type(id_) is not _str or type(is_available) is not _bool:
        raise _Miss
    o = _new(_WAF)
    o.id = id_
    o.is_available = is_available
    o.coverage_status = coverage_status
    return o


def _action(d: Any, cls: Any, cs_table: Any, ss_table: Any, item: Any) -> Any:
    # read models and write actions share a shape; the generator would emit two copies
    try:
        id_ = d["id"]
        label = d["label"]
        is_available = d["is_available"]
        coverage_status = cs_table[d["coverage_status"]]
        scope_config_setting = ss_table[d["scope_config_setting"]]
        opted_out = d["opted_out_by_customer"]
        fields = d["fields"]
    except (KeyError, TypeError, IndexError):
        raise _Miss
    if (type(d) is not _dict or type(id_) is not _str or type(label) is not _str
            or type(is_available) is not _bool or type(opted_out) is not _bool
            or type(fields) is not _list):
        raise _Miss
    o = _new(cls)
    o.id = id_
    o.label = label
    o.is_available = is_available
    o.coverage_status = coverage_status
    o.scope_config_setting = scope_config_setting
    o.opted_out_by_customer = opted_out
    o.fields = [item(x) for x in fields]
    return o


_RM = m_rm.GetIntegrationsIntegrationIdPositiveResponseReadModel
_WA = m_wa.GetIntegrationsIntegrationIdPositiveResponseWriteAction


def read_model(d: Any) -> Any:
    return _action(d, _RM, m_rm._m1._BY_VALUE, m_rm._m2._BY_VALUE, read_model_field)


def write_action(d: Any) -> Any:
    return _action(d, _WA, m_wa._m1._BY_VALUE, m_wa._m2._BY_VALUE, write_action_field)


_TOOL = m_tool.GetIntegrationsIntegrationIdPositiveResponseTool


def tool(d: Any) -> Any:
    try:
        id_, label, internal = d["id"], d["label"], d["internal_label"]
        logo, icon = d["logo_url"], d["icon_url"]
    except (KeyError, TypeError, IndexError):
        raise _Miss
    if (type(d) is not _dict or type(id_) is not _str or type(label) is not _str
            or (internal is not None and type(internal) is not _str)
            or type(logo) is not _str or type(icon) is not _str):
        raise _Miss
    o = _new(_TOOL)
    o.id, o.label, o.internal_label, o.logo_url, o.icon_url = id_, label, internal, logo, icon
    return o


_EU = m_end_user.GetIntegrationsIntegrationIdPositiveResponseEndUser


def end_user(d: Any) -> Any:
    try:
        org, email, origin = d["organization_name"], d["creator_email"], d["origin_id"]
    except (KeyError, TypeError, IndexError):
        raise _Miss
    if (type(d) is not _dict or type(org) is not _str
            or (email is not None and type(email) is not _str)
            or (origin is not None and type(origin) is not _str)):
        raise _Miss
    o = _new(_EU)
    o.organization_name, o.creator_email, o.origin_id = org, email, origin
    return o


_SC = m_scope.ScopeConfig


def scope_config(d: Any) -> Any:
    try:
        id_, name = d["id"], d["name"]
    except (KeyError, TypeError, IndexError):
        raise _Miss
    if type(d) is not _dict or type(id_) is not _str or (name is not None and type(name) is not _str):
        raise _Miss
    o = _new(_SC)
    o.id, o.name = id_, name
    return o


_DATA = m_data.GetIntegrationsIntegrationIdPositiveResponseData


def data(d: Any) -> Any:
    try:
        id_ = d["id"]
        tool_ = tool(d["tool"])
        category = m_data._m2._BY_VALUE[d["category"]]
        status = m_data._m3._BY_VALUE[d["status"]]
        setup_status = m_data._m4._BY_VALUE[d["setup_status"]]
        end_user_ = end_user(d["end_user"])
        scope = scope_config(d["scope_config"])
        expired = d["data_expired_at"]
        created = d["created_at"]
        beta = d["beta"]
        rms = d["read_models"]
        was = d["write_actions"]
    except (KeyError, TypeError, IndexError):
        raise _Miss
    if expired is not None:
        expired = parse_datetime(expired)
        if expired is None:
            raise _Miss
    if created is not None:
        created = parse_datetime(created)
        if created is None:
            raise _Miss
    if (type(d) is not _dict or type(id_) is not _str or type(beta) is not _bool
            or type(rms) is not _list or type(was) is not _list):
        raise _Miss
    o = _new(_DATA)
    o.id = id_
    o.tool = tool_
    o.category = category
    o.status = status
    o.setup_status = setup_status
    o.end_user = end_user_
    o.scope_config = scope
    o.data_expired_at = expired
    o.created_at = created
    o.beta = beta
    o.read_models = [read_model(x) for x in rms]
    o.write_actions = [write_action(x) for x in was]
    return o


_ROOT = m_root.GetIntegrationsIntegrationIdPositiveResponse


def decode_integration(d: Any) -> Any:
    """Decode GetIntegrationsIntegrationIdPositiveResponse the fast-path way."""
    try:
        status = d["status"]
        data_ = data(d["data"])
        if type(d) is not _dict or status != "success" or type(status) is not _str:
            raise _Miss
    except (KeyError, TypeError, IndexError, _Miss):
        # Today's decoder, from the top: it raises the DecodeError with the full path.
        return m_root._decode(d)
    o = _new(_ROOT)
    o.status = status
    o.data = data_
    return o
