"""Each deletion refusal names the ActionKit tab that lifts it, that tab is in the tab bar, and the answer links it."""
import re

import pytest

from tests.groups.conftest import HX, text
from tests.groups.test_group_deletion import REFUSED
from webapp.extensions import db
from webapp.store import groups as store


def _actionkit_tabs(client):
    """{label: href} of the connected ActionKit area's tab bar."""
    body = text(client.get("/actionkit/settings"))
    nav = re.search(r'<nav aria-label="ActionKit sections">(.*?)</nav>', body, re.S).group(1)
    return {label.strip(): href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.mark.parametrize("build, reason", REFUSED)
def test_each_refusal_names_and_links_an_existing_tab(auth_client, make_group, integration, build, reason):
    group = build(make_group, integration)
    db.session.commit()
    label, _ = store.refusal_tab(group)
    tabs = _actionkit_tabs(auth_client)
    assert label in tabs, (label, sorted(tabs))
    assert f"ActionKit {label} tab" in store.deletion_refusal(group)
    answer = text(auth_client.post(f"/groups/{group.id}/delete", headers=HX))
    assert f'<a href="{tabs[label]}">Go to the {label} tab</a>' in answer
    detail = text(auth_client.get(f"/groups/{group.id}"))
    assert f'href="{tabs[label]}"' in detail


def test_a_plain_post_keeps_the_link_through_the_redirect(auth_client, make_group, integration):
    group = make_group("ActionKit Integration", "actionkit_primary")
    response = auth_client.post(f"/groups/{group.id}/delete")
    page = text(auth_client.get(response.headers["Location"]))
    assert '<a href="/actionkit/settings">Go to the Settings tab</a>' in page
