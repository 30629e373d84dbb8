"""The inbox: one conversation per member, "needs response" filter, search, staff replies, simulated replies."""
from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for

from webapp.extensions import db
from webapp.forms.inbox import ReplyForm, SimulateForm
from webapp.htmx import render
from webapp.messaging import queue_staff_reply
from webapp.messaging.conversations import conversation_for
from webapp.security.guards import query_args
from webapp.store.inbox import (cause_names, conversation_of_member, inbox_page, needs_response_count,
                                store_inbound, thread)
from webapp.store.members import get_member_or_404

bp = Blueprint("inbox", __name__)
LIST_ARGS = ("needs", "q", "after")
MAX_SEARCH = 100


@bp.get("/")
def index():
    """Conversations newest first; htmx filter, search and paging swap just the list."""
    needs = request.args.get("needs") == "1"
    search = (request.args.get("q") or "").strip()[:MAX_SEARCH]
    page = inbox_page(needs_response=needs, search=search, after=request.args.get("after"))
    base = {key: value for key, value in (("needs", "1" if needs else None), ("q", search or None)) if value}
    return render("inbox/index.html", "inbox/_list.html", page=page, needs=needs, search=search,
                  next_args=dict(base, after=page.next_cursor) if page.next_cursor else None,
                  first_args=base if request.args.get("after") else None,
                  waiting=needs_response_count(), self_url=url_for("inbox.index", **query_args(*LIST_ARGS)))


@bp.get("/<int:member_id>")
def conversation(member_id):
    """One member's thread with the reply form (and the simulate form in development)."""
    member = get_member_or_404(member_id)
    return _conversation_page(member, ReplyForm(), SimulateForm(prefix="simulate"))


def _conversation_page(member, reply_form, simulate_form, status=200):
    """Render the conversation with the given (possibly rejected) forms."""
    chat = conversation_of_member(member.id)
    messages = thread(chat) if chat is not None else []
    return render("inbox/conversation.html", "inbox/conversation.html", status=status, member=member,
                  chat=chat, messages=messages, causes=cause_names(messages), reply_form=reply_form,
                  simulate_form=simulate_form if current_app.config.get("INBOX_SIMULATE") else None)


@bp.post("/<int:member_id>/reply")
def reply(member_id):
    """Queue a staff reply (sent by a job); refused with a reason for an unsubscribed member."""
    member = get_member_or_404(member_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _conversation_page(member, form, SimulateForm(prefix="simulate"), status=400)
    if queue_staff_reply(member, form.body.data, g.staff.email) is None:
        form.body.errors.append("This member is unsubscribed (they texted STOP or were opted out), "
                                "so no text can be sent. Your reply was not queued.")
        return _conversation_page(member, form, SimulateForm(prefix="simulate"), status=400)
    conversation_for(member).needs_response = False
    db.session.commit()
    flash("Reply queued; it is sent in the background.", "success")
    return redirect(url_for("inbox.conversation", member_id=member.id), 303)


@bp.post("/<int:member_id>/handled")
def handled(member_id):
    """Take the conversation off the "needs response" list without replying."""
    member = get_member_or_404(member_id)
    chat = conversation_of_member(member.id)
    if chat is not None:
        chat.needs_response = False
        db.session.commit()
    flash("Marked as handled.", "success")
    return redirect(url_for("inbox.conversation", member_id=member.id), 303)


@bp.post("/<int:member_id>/simulate")
def simulate(member_id):
    """Development only: the member "texts back", routed through the same job as a real inbound text."""
    if not current_app.config.get("INBOX_SIMULATE"):
        abort(404)
    member = get_member_or_404(member_id)
    form = SimulateForm(prefix="simulate")
    if not form.validate_on_submit():
        return _conversation_page(member, ReplyForm(), form, status=400)
    from jobs.messaging.inbound import queue_routing
    message = store_inbound(member.phone, form.body.data, provider="simulated")
    queue_routing(message.id)
    db.session.commit()
    flash("Simulated reply received; it is routed in the background like a real text.", "success")
    return redirect(url_for("inbox.conversation", member_id=member.id), 303)
