"""The one permission map: which role may do which action, and the per-counter/per-file rules.

Decorators (kiosk.auth.guards), templates (`can(action)`) and the guard test all read this map;
no other module compares roles.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.models import Ticket, User


class Action(StrEnum):
    """Everything a staff member may be allowed to do."""

    STAFF_HOME = "staff.home"
    ACCOUNT_SELF = "account.self"  # change one's own password, see and revoke own API tokens
    COUNTER_OPERATE = "counter.operate"  # only at the counter assigned to the user
    COUNTER_OPERATE_ANY = "counter.operate_any"  # at any counter
    COUNTERS_READ = "counters.read"
    STATS_READ = "stats.read"
    FILES_READ = "files.read"  # the desk, search, a file's page (personal data masked)
    FILES_READ_PII = "files.read_pii"  # full NIK, KK, address and phone
    FILES_SEARCH_ID = "files.search_id"  # search by NIK / KK number
    FILES_INTAKE = "files.intake"  # for a ticket at the user's own counter
    FILES_INTAKE_ANY = "files.intake_any"
    FILES_EDIT = "files.edit"  # status, flags, location, reprint, handovers
    PRINTERS_WATCH = "printers.watch"  # the printer strip, and reprinting failed receipts
    ADMIN_MANAGE = "admin.manage"
    OFFICE_MANAGE = "office.manage"  # an office's settings (hours, printer...), /admin/kantor
    DEVICES_MANAGE = "devices.manage"  # kiosks that may print (pairing codes, revoke)
    ACCESS_LOG_READ = "access_log.read"
    FIELD_WORK = "field.work"  # the field app (jemput bola) on an enrolled tablet
    FIELD_REVIEW = "field.review"  # field data at the office: review queue, device sync pages
    FIELD_ASSIGN = "field.assign"  # assign households to field officers, import household lists
    WELFARE_READ = "welfare.read"  # the Puskesos desk: DTKS proposals, meetings, referrals (read)
    WELFARE_EDIT = "welfare.edit"  # propose, record visits, export, outcomes, referrals
    WELFARE_MEETING = "welfare.meeting"  # run a village meeting: attendance and decisions
    COMPLAINTS_HANDLE = "complaints.handle"  # take in, assign and answer complaints (pengaduan)
    # Complaints that name an officer: only the kepala desa and the admin see them, and never the
    # officer they name (kiosk.complaints.service checks the second rule per complaint).
    COMPLAINTS_SENSITIVE = "complaints.sensitive"
    REPORTS_READ = "reports.read"  # /laporan: where files stand, IKM, complaints, monthly report
    NOTIFY_READ = "notify.read"  # the SMS outbox and delivery log; send a waiting message again
    NOTIFY_MANAGE = "notify.manage"  # SMS templates, daily cap and quiet hours
    OUTREACH_MANAGE = "outreach.manage"  # the schedule of evening service and home visits


_PETUGAS = {
    Action.STAFF_HOME,
    Action.ACCOUNT_SELF,
    Action.COUNTER_OPERATE,
    Action.COUNTERS_READ,
    Action.STATS_READ,
    Action.FILES_READ,
    Action.FILES_READ_PII,
    Action.FILES_SEARCH_ID,
    Action.FILES_INTAKE,
    Action.FILES_EDIT,
    Action.PRINTERS_WATCH,
    Action.FIELD_REVIEW,
    Action.FIELD_ASSIGN,
    Action.WELFARE_READ,
    Action.WELFARE_EDIT,
    Action.WELFARE_MEETING,
    Action.COMPLAINTS_HANDLE,
    Action.REPORTS_READ,
    Action.NOTIFY_READ,
    Action.OUTREACH_MANAGE,
}
PERMISSIONS: dict[str, frozenset[Action]] = {
    # Everything but carrying a field tablet: a tablet is enrolled for a field officer
    # (role lapangan), so the admin who manages tablets is never offered as its officer.
    "admin": frozenset(Action) - {Action.FIELD_WORK},
    "petugas": frozenset(_PETUGAS),
    "kepala": frozenset(
        {
            Action.STAFF_HOME,
            Action.ACCOUNT_SELF,
            Action.COUNTERS_READ,
            Action.STATS_READ,
            Action.FILES_READ,
            Action.FIELD_REVIEW,
            Action.WELFARE_READ,
            Action.WELFARE_MEETING,
            Action.COMPLAINTS_HANDLE,
            Action.COMPLAINTS_SENSITIVE,
            Action.REPORTS_READ,
            Action.NOTIFY_READ,
        }
    ),
    "lapangan": frozenset({Action.STAFF_HOME, Action.ACCOUNT_SELF, Action.FIELD_WORK}),
}
# Work done at an office's own desk: a regency account (no office of its own) reads every
# office's files and reports, but never serves at a counter or takes a file in.
OFFICE_DESK_ONLY = frozenset(
    {
        Action.COUNTER_OPERATE,
        Action.COUNTER_OPERATE_ANY,
        Action.FILES_INTAKE,
        Action.FILES_INTAKE_ANY,
    }
)
# What an admin may add to one account on top of its role (the User.pii_full_view flag).
FULL_VIEW_GRANT = frozenset({Action.FILES_READ_PII, Action.FILES_SEARCH_ID})
# Where each role starts after logging in.
HOME_ENDPOINT = {
    "admin": "counter.console",
    "petugas": "counter.console",
    "kepala": "reports.index",
    "lapangan": "auth.home",
}


def roles_with(action: Action) -> frozenset[str]:
    """The roles whose map holds `action` (without per-user grants)."""
    return frozenset(role for role, actions in PERMISSIONS.items() if action in actions)


def grantable_roles() -> frozenset[str]:
    """Roles that see files masked and may be granted full view by an admin."""
    return roles_with(Action.FILES_READ) - roles_with(Action.FILES_READ_PII)


def allowed(user: User | None, action: Action) -> bool:
    """May this user do `action` anywhere? (Counter and intake scope: see below.)"""
    if user is None:
        return False
    if user.office_id is None and action in OFFICE_DESK_ONLY:
        return False
    actions = PERMISSIONS.get(user.role, frozenset())
    if action in actions:
        return True
    return action in FULL_VIEW_GRANT and bool(user.pii_full_view) and Action.FILES_READ in actions


def may_operate_counter(user: User | None, counter_id: int) -> bool:
    """A petugas acts only at the counter assigned to them; an admin anywhere."""
    if allowed(user, Action.COUNTER_OPERATE_ANY):
        return True
    return (
        allowed(user, Action.COUNTER_OPERATE)
        and user.counter_id is not None
        and user.counter_id == counter_id
    )


def may_take_in(user: User | None, ticket: Ticket | None) -> bool:
    """Intake only for a ticket called or being served at the user's own counter (or admin);
    a file without a ticket (walk-in) only by those who may take in anywhere."""
    if allowed(user, Action.FILES_INTAKE_ANY):
        return True
    return (
        ticket is not None
        and allowed(user, Action.FILES_INTAKE)
        and ticket.state in ("called", "serving")
        and ticket.counter_id is not None
        and ticket.counter_id == user.counter_id
    )
