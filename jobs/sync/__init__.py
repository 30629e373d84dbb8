"""The ActionKit sync jobs (DESIGN 4 and 5) and the API the integration UI and CLI call.

Public API (ids and primitives in; the caller commits where noted, and jobs are enqueued
only after that commit):
  connect_instance(hostname, username, password) -> Integration   (caller commits; live call, also
                                                                    stores the allowed userfields)
  queue_userfields_refresh(integration_id)                         (enqueues run_refresh_userfields)
  refresh_userfields_now(integration) -> [name]                    (caller commits; live call, CLI only)
  activation_problems(integration) -> [sentence]
  activate(integration_id) -> run_id                               (caller commits, then enqueued)
  deactivate(integration_id)                                       (caller commits)
  start_cycle() -> run_id | None                                   (caller commits, then enqueued)
  retry_user(ak_user_row_id), retry_push(outbox_id)                (caller commits, then enqueued)
  status_summary() -> dict, run_progress(run_id) -> dict
  preview_problems(integration) -> [sentence]
  preview_when_idle(integration, sample) -> dict                    (live reads; writes nothing; CLI)
  request_preview(integration_id), preview_pending(), latest_preview(integration) -> dict | None
  fetch_usergroups(ctx), mirror_user_groups(ctx, users)           (steps of the cycle; jobs.sync.usergroups)
  request_usergroup_sync(row_id), request_usergroup_unsync(row_id) (caller commits; sync enqueues the backfill)
  request_page_sync(page_row_id) -> AkPage, request_page_unsync(page_row_id)   (caller commits; sync enqueues
                                                                    the page's backfill; PageSyncRefused when off)
  take_actions(ctx, action_dicts, source) -> [AkAction pending]    (caller commits; dedupes by ActionKit id)
  process_actions(ctx, rows)                                       (caller commits; link_users + page group)
  request_action_processing()                                      (caller commits, then run_pending_actions)
Jobs (also callable in-process inside an app context, e.g. for `--wait`):
  run_activation(run_id), run_cycle(run_id=None), run_push(), run_retry_user(ak_user_row_id),
  run_preview(integration_id, sample), run_pending_actions(), run_page_backfill(page_row_id),
  run_refresh_userfields(integration_id), run_usergroup_backfill(row_id),
  notices.run_drain_notices()                                      (the webhook's drain; the view calls
                                                                    notice_queue.push_notice(action_ids))
Pages read the allowed userfields stored on the Integration (Integration.userfield_names), never live.
"""
from jobs.sync.actions import process_actions, request_action_processing, run_pending_actions, take_actions
from jobs.sync.activation import activate, activation_problems, deactivate, run_activation
from jobs.sync.client import NotConnected, client_for
from jobs.sync.connect import ConnectError, connect_instance
from jobs.sync.control import retry_push, retry_user, run_cycle, run_push, run_retry_user, start_cycle
from jobs.sync.page_sync import PageSyncRefused, run_page_backfill
from jobs.sync.pages import request_page_sync, request_page_unsync
from jobs.sync.preview import SAMPLE_MAX, SAMPLE_SIZE, PreviewError, preview_problems, preview_when_idle
from jobs.sync.preview_runs import latest_preview, preview_pending, request_preview, run_preview
from jobs.sync.userfields import queue_userfields_refresh, run_refresh_userfields
from jobs.sync.userfields import refresh_now as refresh_userfields_now
from jobs.sync.usergroups import (fetch_usergroups, mirror_user_groups, request_usergroup_sync,
                                  request_usergroup_unsync, run_usergroup_backfill)
from webapp.store.sync_status import run_progress, status_summary


__all__ = [
    "ConnectError", "NotConnected", "PageSyncRefused", "PreviewError", "SAMPLE_MAX", "SAMPLE_SIZE", "activate", "activation_problems",
    "client_for", "connect_instance", "deactivate", "latest_preview", "preview_pending", "preview_problems",
    "preview_when_idle", "queue_userfields_refresh", "fetch_usergroups", "mirror_user_groups",
    "request_usergroup_sync", "request_usergroup_unsync", "run_usergroup_backfill", "refresh_userfields_now", "request_preview", "retry_push",
    "retry_user", "run_activation", "run_cycle", "run_preview", "run_progress", "run_push", "run_refresh_userfields",
    "run_retry_user", "start_cycle", "status_summary", "process_actions", "request_action_processing",
    "request_page_sync", "request_page_unsync", "run_page_backfill", "run_pending_actions", "take_actions",
]
