"""Flow and automation commands: create one-message flows, list both, create and disable automations."""
import json

import click
from flask.cli import AppGroup

from webapp.extensions import db
from webapp.flows.merge_tags import template_errors
from webapp.forms.flows import BODY_MAX
from webapp.models import Automation
from webapp.security.text import has_control_chars
from webapp.store import automations as automation_store
from webapp.store import flows as flow_store

flows_cli = AppGroup("flows", help="Flows: interactive text sequences.")
automations_cli = AppGroup("automations", help="Automations: what starts a flow.")


def _refuse_control_chars(**options):
    """One line naming the option that holds a control character."""
    for name, value in options.items():
        if value is not None and has_control_chars(value):
            raise click.ClickException(f"--{name} contains a control character; remove it.")


def _checked_message(text):
    """The message text, or a one-line refusal naming the first bad merge tag."""
    errors = template_errors(text or "", list(flow_store.custom_tags()))
    if not (text or "").strip():
        raise click.ClickException("--message is empty; give the text to send.")
    if errors:
        raise click.ClickException(f"--message: {errors[0]}")
    if len(text) > BODY_MAX:
        raise click.ClickException(f"--message is longer than {BODY_MAX} characters.")
    return text


def _one_message_flow(name, text):
    """Create a one-message flow, or a one-line refusal."""
    error = flow_store.name_error(name)
    if error:
        raise click.ClickException(error)
    return flow_store.one_message_flow(name, _checked_message(text))


@flows_cli.command("create")
@click.option("--name", required=True, help="The flow's name.")
@click.option("--message", required=True, help="The text it sends (merge tags like {{first_name}} allowed).")
def create_flow(name, message):
    """Create a one-message flow."""
    _refuse_control_chars(name=name)
    flow = _one_message_flow(name, message)
    db.session.commit()
    click.echo(f"Created the flow “{flow.name}” (id {flow.id}).")


@flows_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_flows(as_json):
    """List flows with their steps and the automations that start them."""
    rows = [{"id": flow.id, "name": flow.name, "steps": [step.kind for step in flow.steps],
             "automations": starters} for flow, _, starters in flow_store.list_flows()]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']}\t{row['name']}\t{len(row['steps'])} step(s)\t{', '.join(row['automations']) or '-'}")


def _flow_for(name, flow_name, message):
    """The flow the automation starts: an existing one by name, or a new one-message flow."""
    if (flow_name is None) == (message is None):
        raise click.ClickException("Give exactly one of --flow NAME or --message TEXT.")
    if message is not None:
        return _one_message_flow(name, message)
    flow = flow_store.flow_by_name(flow_name)
    if flow is None:
        raise click.ClickException(f"No flow is named {flow_name!r}.")
    return flow


def _trigger(page, keyword):
    """Trigger values from --page or --keyword (exactly one), checked like the form."""
    if (page is None) == (keyword is None):
        raise click.ClickException("Give exactly one of --page PAGE or --keyword WORD.")
    if keyword is not None:
        error = automation_store.keyword_error(keyword)
        if error:
            raise click.ClickException(error)
        return {"trigger": "keyword", "keyword": keyword}
    row = automation_store.page_by_name(page)
    if row is None:
        raise click.ClickException(f"No synced ActionKit page is named (or has the id) {page!r}; sync it first.")
    return {"trigger": "page_action", "page_id": row.id}


@automations_cli.command("create")
@click.option("--name", required=True, help="The automation's name.")
@click.option("--page", help="A synced ActionKit page (name or id): its new actions start the flow.")
@click.option("--keyword", help="A word texted in that starts the flow.")
@click.option("--flow", "flow_name", help="The flow it starts.")
@click.option("--message", help="Make a one-message flow (named like the automation) and start that.")
@click.option("--audience", default="any", show_default=True, help="new, existing or any member.")
@click.option("--field", help="Page trigger only: only when this actionfield has a value.")
@click.option("--value", help="With --field: only when the actionfield contains this text.")
def create_automation(name, page, keyword, flow_name, message, audience, field, value):
    """Create an enabled automation."""
    _refuse_control_chars(name=name, page=page, keyword=keyword, flow=flow_name, field=field, value=value,
                          audience=audience)
    if audience not in automation_store.AUDIENCE_LABELS:
        raise click.ClickException(f"--audience must be new, existing or any, not {audience!r}.")
    values = _trigger(page, keyword)
    if (field or value) and values["trigger"] != "page_action":
        raise click.ClickException("--field and --value only apply to --page automations.")
    if value and not field:
        raise click.ClickException("--value needs --field (the actionfield it looks in).")
    error = automation_store.name_error(name)
    if error:
        raise click.ClickException(error)
    flow = _flow_for(name, flow_name, message)
    automation = automation_store.save_automation(Automation(), name=name.strip(), audience=audience,
                                                  flow_id=flow.id, field=field or None, value=value or None,
                                                  enabled=True, **values)
    db.session.commit()
    click.echo(f"Created the automation “{automation.name}” starting “{flow.name}”.")


def _automation_row(automation):
    """One automation as the JSON list prints it."""
    return {"id": automation.id, "name": automation.name, "trigger": automation.trigger,
            "page": automation.page.name if automation.page else None, "keyword": automation.keyword,
            "field": automation.field, "value": automation.value, "audience": automation.audience,
            "flow": automation.flow.name, "enabled": automation.enabled, "runs": automation.run_count,
            "last_run": automation.last_run_at.isoformat() + "Z" if automation.last_run_at else None}


@automations_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_automations(as_json):
    """List automations with their trigger, flow, runs and last run."""
    rows = [_automation_row(automation) for automation in automation_store.list_automations()]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        trigger = row["keyword"] or row["page"] or row["trigger"]
        state = "enabled" if row["enabled"] else "disabled"
        click.echo(f"{row['id']}\t{row['name']}\t{trigger}\t{row['flow']}\t{state}\t{row['runs']} run(s)")


@automations_cli.command("disable")
@click.argument("name")
def disable_automation(name):
    """Disable the automation with this name."""
    _refuse_control_chars(name=name)
    automation = automation_store.automation_by_name(name)
    if automation is None:
        raise click.ClickException(f"No automation is named {name!r}.")
    automation.enabled = False
    db.session.commit()
    click.echo(f"Disabled the automation “{automation.name}”.")


def register(app):
    """Add the flows and automations command groups to the app CLI."""
    app.cli.add_command(flows_cli)
    app.cli.add_command(automations_cli)
