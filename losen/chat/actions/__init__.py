"""The only code that writes chat state and publishes events (`engine.publish`, sent after the
transaction commits). Views and consumers call these; `engine` holds the reads and the rules.
One module per field: queueing, messages, duty, transfers, avert, retention."""

from losen.chat.actions.avert import approve_open_sealed, confirm_duty, raise_duty, release_duty, request_open_sealed  # noqa: F401
from losen.chat.actions.duty import ask_for_duty, decide_duty_request, go_off_duty, go_on_duty  # noqa: F401
from losen.chat.actions.messages import check_risk, flag_risk, mark_risk_by_checklist, redact, staff_store, store_message, system_event  # noqa: F401
from losen.chat.actions.queueing import abandon, end, feedback, leader_missing, reorder, save_risk_check, start, take_next, touch, wrap_up  # noqa: F401
from losen.chat.actions.retention import CHAT_TABLES, end_stale, housekeeping, purge, vacuum  # noqa: F401
from losen.chat.actions.transfers import answer_transfer, escalate, expire_transfers, leader_join, propose_transfer, return_transfer, visitor_consent  # noqa: F401
