"""`flask actionkit preview` and the preview `activate` prints first: what turning sync on would do, from a sample.

The preview runs here, in-process: it reads from ActionKit (spending budget), links the sample
inside a transaction it rolls back, and writes nothing to the database or to ActionKit.
"""
import json

import click

from jobs import sync
from webapp.cli.actionkit import _integration, actionkit, one_line_errors
from webapp.rules import STATUS_LABELS

JSON_KEYS = ("sampled", "total_users", "would_sync", "skipped", "members_created", "members_linked", "rewrites",
             "warnings")


def preview_here(integration, sample=sync.SAMPLE_SIZE):
    """The preview in this process, or a one-line error (e.g. a sync run holds the lock)."""
    try:
        return sync.preview_when_idle(integration, sample)
    except sync.PreviewError as exc:
        raise click.ClickException(" ".join(str(exc).split())) from exc


def scope_line(result):
    """What the figures cover: the whole list, or a sample (stated as one), and what they cost."""
    cost = f"It wrote nothing and cost {result['records_spent']} ActionKit records."
    if result["whole_list"]:
        return (f"Preview of the whole list: all {result['sampled']} phone owners among "
                f"{result['total_users']} ActionKit users. {cost}")
    return (f"Preview from a SAMPLE of {result['sampled']} phone owners (the first met paging phones by id) "
            f"of {result['total_users']} ActionKit users; the whole list will differ. {cost}")


def rewrite_lines(result):
    """ActionKit values the sync would rewrite per field, with a few before -> after examples."""
    lines = [f"ActionKit values rewritten: {result['rewrites_total']}"]
    for field, count in result["rewrites"].items():
        examples = "; ".join(f"user {e['ak_user_id']}: {e['before']!r} -> {e['after']!r}"
                             for e in result["examples"].get(field, []))
        lines.append(f"  {field}: {count}" + (f"  (e.g. {examples})" if examples else ""))
    return lines


def preview_lines(result):
    """The preview as short lines for a terminal."""
    lines = [scope_line(result), f"Would sync: {result['would_sync']}",
             f"Skipped: {sum(result['skipped'].values())}"]
    lines += [f"  {STATUS_LABELS.get(status, status)}: {count}" for status, count in result["skipped"].items()]
    lines.append(f"Members: {result['members_created']} created, {result['members_linked']} linked to existing")
    lines += rewrite_lines(result)
    lines += [f"WARNING: {warning}" for warning in result["warnings"]]
    return lines


def confirm_activation(integration, yes):
    """Print the preview; when it would rewrite ActionKit values, ask (unless --yes) before turning sync on."""
    result = preview_here(integration)
    for line in preview_lines(result):
        click.echo(line)
    rewrites = result["rewrites_total"]
    if not rewrites or yes:
        return
    try:
        agreed = click.confirm(f"Turn on Sync Accounts? {rewrites} ActionKit values in this preview will be "
                               "rewritten.", default=False)
    except click.Abort:
        agreed = False
    if not agreed:
        raise click.ClickException("Sync Accounts was not turned on; nothing changed. "
                                   "Run again with --yes to turn it on without the question.")


@actionkit.command("preview")
@one_line_errors
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--sample", default=sync.SAMPLE_SIZE, show_default=True, type=click.IntRange(1, sync.SAMPLE_MAX),
              help="Phone owners to sample (a sample covering every owner is exactly what activation does).")
def preview_command(as_json, sample):
    """What turning on Sync Accounts would do, from a sample: syncs, skips, members, ActionKit rewrites."""
    result = preview_here(_integration(), sample)
    if as_json:
        click.echo(json.dumps(result, default=str, sort_keys=True))
        return
    for line in preview_lines(result):
        click.echo(line)
