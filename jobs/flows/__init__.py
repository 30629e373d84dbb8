"""The flow engine: automations fire on actions and texts, runs advance step by step, delays come due.

Entry points (all run inside jobs; the caller owns the transaction unless a job says otherwise):
  fire_for_actions(rows)      after ActionKit actions are processed (page-action automations)
  handle_inbound(message_id)  an answer to a running flow, else a keyword, else the default automation
  stop_flows(member_id)       STOP: end every running flow of the member
  run_due_steps()             the periodic job that continues flows whose delay is over
"""
from jobs.flows.engine import fire_for_actions, handle_inbound, stop_flows
from jobs.flows.due import run_due_steps

__all__ = ["fire_for_actions", "handle_inbound", "stop_flows", "run_due_steps"]
