"""Kitbridge sync rules: pure functions on plain values (DESIGN §4).

Contract: nothing here does I/O. No Flask, no database, no HTTP, no Redis, no clock,
no environment; only the standard library, `phonenumbers` and `zipcodes`. Inputs are
plain str/bool/datetime/dict/list values, outputs are enums and frozen dataclasses,
so jobs orchestrate and these modules decide, and every rule is table-tested.

Public API (import from `webapp.rules`):

options    SyncOption (str Enum, .label), CORE_FIELDS, DEFAULT_OPTIONS, EMAIL_OPTIONS,
           allowed_options(member_field), parse_option(text), check_option(member_field, option)
values     clean(value) -> str, same(a, b), scrub(answer) -> answer without NUL,
           control characters or lone surrogates
fields     resolve_field(option, member_value, ak_value, base=None,
                         member_changed_at=None, ak_changed_at=None) -> FieldDecision
           FieldDecision(to_member, to_actionkit, new_base, rule).writes
mapping    FieldMap(member_field, ak_field, is_userfield=False, option=POPULATE),
           ak_values_from_user(user_json, mappings) -> {ak_field: str},
           initial_values_for_member(mappings, ak_values) -> {member_field: str},
           initial_values_for_user(mappings, member_values) -> {ak_field: str}
plan       plan_user_sync(mappings, member_values, ak_values, base=None,
                          member_changed_at=None, ak_changed_at=None) -> SyncPlan
           plan_takeover(mappings, member_values, ak_values) -> SyncPlan (values borrowed from
                          another ActionKit user: this user's win, nothing written back)
           SyncPlan(member_writes, ak_writes, new_base, decisions, derived_state).writes
optin      OptIn (TRUE/FALSE/UNKNOWN/MISSING), parse_opt_in(raw), format_opt_in(bool),
           resolve_opt_in(member_subscribed, ak_raw, first_link=False, base=None,
                          member_changed_at=None, ak_changed_at=None, borrowed=False) -> OptInDecision
           OptInDecision(subscribed, to_member, to_actionkit, new_base, rule).writes
phones     normalize_phone(raw, region="US") -> str | None,
           choose_phone(phones, preferred_types=DEFAULT_PHONE_TYPES, region="US") -> PhoneChoice
           PhoneChoice(status "ok"|"no_phone"|"invalid_phone", e164, type, raw, phone_id)
zips       normalize_zip(raw) -> ZipResult(zip5, error, city, state)
eligibility evaluate_user(user, phones, opt_in_field, phone_types=DEFAULT_PHONE_TYPES)
           -> Eligibility(status, reason, phone, opt_in, opt_in_raw); STATUS_* constants,
           STATUS_LABELS; claim_phone(ak_id, holder_ids) -> PhoneClaim(owner, displaced).duplicate
push       build_push_action(page_name, changes, mappings, *, member_id, ak_user_id=None,
                             email=None, former=None, phone=None, opt_in_field=None,
                             opt_in_value=None) -> dict

Keys: member values and bases by FieldMap.member_field; ActionKit values and writes
by FieldMap.ak_field. Timestamps are datetimes, all aware or all naive.
"""

from .eligibility import (
    STATUS_DUPLICATE_PHONE,
    STATUS_ELIGIBLE,
    STATUS_ERROR,
    STATUS_INVALID_PHONE,
    STATUS_LABELS,
    STATUS_NO_OPT_IN,
    STATUS_NO_PHONE,
    STATUS_SYNCED,
    Eligibility,
    PhoneClaim,
    claim_phone,
    evaluate_user,
)
from .fields import FieldDecision, resolve_field
from .mapping import FieldMap, ak_values_from_user, initial_values_for_member, initial_values_for_user
from .optin import OptIn, OptInDecision, format_opt_in, parse_opt_in, resolve_opt_in
from .options import (
    CORE_FIELDS,
    DEFAULT_OPTIONS,
    EMAIL_OPTIONS,
    SyncOption,
    allowed_options,
    check_option,
    parse_option,
)
from .phones import DEFAULT_PHONE_TYPES, PhoneChoice, choose_phone, normalize_phone
from .plan import SyncPlan, plan_takeover, plan_user_sync
from .push import build_push_action
from .values import clean, same, scrub
from .zips import ZipResult, normalize_zip

__all__ = [
    "PhoneClaim", "claim_phone",
    "CORE_FIELDS", "DEFAULT_OPTIONS", "DEFAULT_PHONE_TYPES", "EMAIL_OPTIONS",
    "Eligibility", "FieldDecision", "FieldMap", "OptIn", "OptInDecision", "PhoneChoice",
    "STATUS_DUPLICATE_PHONE", "STATUS_ELIGIBLE", "STATUS_ERROR", "STATUS_INVALID_PHONE",
    "STATUS_LABELS", "STATUS_NO_OPT_IN", "STATUS_NO_PHONE", "STATUS_SYNCED",
    "SyncOption", "SyncPlan", "ZipResult",
    "ak_values_from_user", "allowed_options", "build_push_action", "check_option", "choose_phone",
    "clean", "evaluate_user", "format_opt_in", "initial_values_for_member", "initial_values_for_user",
    "normalize_phone", "normalize_zip", "parse_opt_in",
    "parse_option", "plan_takeover", "plan_user_sync", "resolve_field", "resolve_opt_in",
    "same", "scrub",
]
