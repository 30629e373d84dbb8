"""axe-core in the live page: serious and critical accessibility violations, described for a failure message;
plus every link and hx-get the audited pages offer, so a walk can prove none of them leads nowhere.

axe is loaded with a real <script src> from a same-origin test URL (served by Playwright from the npm
copy), so it runs under the product's unchanged Content-Security-Policy.
"""
from tests.browser.conftest import AXE_URL

BLOCKING_IMPACTS = ("serious", "critical")
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
}"""
LINKS = """() => Array.from(document.querySelectorAll("a[href]:not([href^='#']), [hx-get]"),
  e => new URL(e.getAttribute("hx-get") || e.getAttribute("href"), location.href))
  .filter(u => u.origin === location.origin).map(u => u.pathname + u.search)"""


def settle(page):
    """Let htmx requests and self-opening dialogs finish before the page is judged."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def violations(page):
    """The page's serious/critical axe violations as dicts (id, impact, help, targets)."""
    settle(page)
    if page.evaluate("typeof axe") == "undefined":
        page.add_script_tag(url=AXE_URL)
    found = page.evaluate(RUN_AXE)
    return [v for v in found if v["impact"] in BLOCKING_IMPACTS]


def describe(where, found):
    """One line per violation: where, rule id, impact, help and the first targets."""
    return [f"{where}: {v['id']} ({v['impact']}) {v['help']} -> {', '.join(v['targets'])}" for v in found]


class Audit:
    """Collects violations across a walk through the app, so one run reports every page at once."""

    def __init__(self, page):
        self.page = page
        self.lines = []
        self.links = {}

    def check(self, where):
        """Run axe on what the page shows now and remember anything serious."""
        self.lines.extend(describe(where, violations(self.page)))
        for link in self.page.evaluate(LINKS):
            self.links.setdefault(link, where)

    def visit(self, path, where=None):
        """Open a page by URL and check it."""
        self.page.goto(path)
        self.check(where or path)

    def assert_clean(self):
        """Fail listing every serious/critical violation found on the walk."""
        assert not self.lines, "axe found serious/critical violations:\n" + "\n".join(self.lines)

    def dead_links(self):
        """Links seen on the walk that answer 404 or an error (asked with the page's own session)."""
        dead = []
        for link, where in sorted(self.links.items()):
            status = self.page.request.get(link).status
            if status == 404 or status >= 500:
                dead.append(f"{where}: {link} answered {status}")
        return dead
