"""Browser tests: Playwright driving Debian's Chromium, and axe-core for accessibility.

Used by the tests of each app through the `browser` fixture (losen/conftest.py)."""

import json
import os
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent.parent / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def available() -> str | None:
    """None when browser tests can run, else the reason they cannot."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return "Debian's chromium is not installed (make test installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; return violations of the given impacts."""
    if not AXE.exists():
        raise RuntimeError(f"axe-core is missing at {AXE}: run `make browser`")
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def describe(violations) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)


def staff_sign_in(browser, base: str, username: str, code: str, *, password: str = "losen-demo-passord",
                  timeout: int = 20_000, viewport: dict | None = None):
    """A new browser context signed in as a staff user (password, then the one-time code).

    Returns the page once the sign-in has finished: the next navigation must not race the
    sign-in's own request (two requests at once on the test's shared SQLite connection fail)."""
    context = browser.new_context(bypass_csp=True, viewport=viewport or {"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.goto(base + "/staff/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Neste").click()
    page.wait_for_url("**/staff/logg-inn/kode/")
    page.get_by_label("Engangskode fra autentiseringsappen").fill(code)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda url: "/logg-inn/" not in url)
    page.wait_for_load_state()
    return page
