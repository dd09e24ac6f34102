"""What the accessibility checks share: axe-core added to each page, logging in, waiting
for a page to settle, and axe's findings as readable lines (the fixtures `axe_page` and
`users`, the seeded users, are in conftest.py).

axe-core (tests/browser/vendor/axe-core, see VENDORED.md there) is added to each page as
a Playwright init script. Init scripts run through the browser's debugging protocol, so
the Content-Security-Policy stays on for the pages themselves: an inline style or script
the CSP blocks shows up here as it would for a user.
"""

import json
from pathlib import Path

from tests.browser.conftest import ARTIFACTS

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS = ARTIFACTS / "accessibility"
# 1280 CSS px at 400% zoom, the width WCAG 1.4.10 (reflow) asks content to fit.
ZOOM_400 = {"width": 320, "height": 256}
ZOOM_200 = {"width": 640, "height": 450}


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(f"pw-{username}")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def settle(page):
    """Waits until the page's widgets, fonts and map have started."""
    page.wait_for_load_state("load")
    if page.locator("[data-partner-map]").count():
        page.wait_for_load_state("networkidle")  # the map fetches its countries
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(100)


# What the Content-Security-Policy blocked on the page (an inline style, say).
CSP_LISTENER = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__blocked.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || "?"}:${event.lineNumber}`);
});
"""

# axe only asks for a review when aria-describedby or aria-labelledby points nowhere.
DANGLING_REFERENCES = """() => {
  const found = [];
  for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      const ids = element.getAttribute(attribute).split(/\\s+/).filter(Boolean);
      if (ids.some(id => !document.getElementById(id))) {
        found.push([attribute, element.outerHTML.slice(0, 200)]);
      }
    }
  }
  return found;
}"""


def audit(page, name: str) -> list[str]:
    """Runs axe on the page as it is now; returns one readable line per violation."""
    settle(page)
    page.screenshot(path=SHOTS / f"{name}.png")
    # Read before axe runs: axe's own attempt to load the page's styles trips the CSP too.
    blocked = page.evaluate("window.__blocked")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes:"
        " ['violations']})",
        TAGS,
    )
    problems = [f"{name} ({page.url}): CSP {text}" for text in blocked]
    problems += [
        f"{name} ({page.url}): {attribute} points at a missing id: {html}"
        for attribute, html in page.evaluate(DANGLING_REFERENCES)
    ]
    for violation in result["violations"]:
        nodes = violation["nodes"]
        lines = [
            f"{name} ({page.url}): {violation['id']} [{violation['impact']}] "
            f"{violation['help']}, {len(nodes)} node(s)"
        ]
        for node in nodes[:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {json.dumps(node['target'])}: {summary[:300]}")
            lines.append(f"      {node['html'][:200]}")
        problems.append("\n".join(lines))
    return problems


def check(page, url: str, name: str, problems: list[str]) -> None:
    page.goto(url)
    problems.extend(audit(page, name))


def assert_none(problems):
    assert not problems, "axe found WCAG 2.1 AA violations:\n" + "\n".join(problems)


def first_pk(model) -> int:
    return model.objects.order_by("pk").values_list("pk", flat=True).first()
