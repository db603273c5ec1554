"""The worst pages a note can make, read in headless Chromium with a trap on every way script
announces itself: nothing a note wrote runs (a raw ``<img onerror>`` the author typed proves
that the trap works)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import make_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")

TRAP = """
window.pwned = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (...args) => { window.pwned.push(name + ':' + args.join(',')); };
}
"""

PAYLOADS = (
    "[details](<x tabindex=0 autofocus onfocus=alert(1) a>)",
    "<img src=x onerror=alert(2)>",
    'a" autofocus onfocus="alert(3)',
    "\"><script>alert(4)</script>",
    "<svg onload=alert(5)>",
    "[x](javascript:alert(6))",
)


def _vault() -> dict[str, str | bytes]:
    lines = ["# Home", ""]
    for text in PAYLOADS:
        lines += [f"[[Missing|{text}]] [[Source#^nope|{text}]] ![[Nope|{text}]] [[Source|{text}]] ![[Source#^b|{text}]]", ""]
    lines += ["<details open>", "<summary>raw</summary>", "", "![[Source#^b]]", "", "</details>", "", "Claim.[^1]", "",
              "[^1]: [[Source#^b|<img src=x onerror=alert(7)>]]", ""]
    return {
        "index.md": "\n".join(lines),
        "Source.md": "---\ntitle: \"<img src=x onerror=alert(8)>\"\nreviewed: 2026-01-01\n---\n"
        "quoted `<img src=x onerror=alert(9)>` text ^b\n",
        "javascript:alert(10).md": "# J\n\n[[index]]\n",
        "Links.md": "[[javascript:alert(10)]] ![[javascript:alert(10)]]\n",
        "control.md": "<img src=x onerror=alert(11)>\n",
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    built = make_site(root, _vault(), {"plugins": [{"obsidian-embeds": {"review_report": "report.md", "review_git": False}}]},
                      theme="material")
    assert built.aborted is None
    return built.site_dir


@pytest.fixture(scope="module")
def page():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context()
        context.add_init_script(TRAP)
        yield context.new_page()
        browser.close()


def _pwned(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_timeout(300)
    for link in page.locator("article a").all()[:40]:
        link.focus()
        link.hover()
    page.keyboard.press("Tab")
    return page.evaluate("window.pwned")


def test_the_trap_catches_script_the_author_wrote(site, page):
    assert _pwned(page, (site / "control" / "index.html").as_uri()) == ["alert:11"]


@pytest.mark.parametrize("name", ["index", "Links", "report", "javascript:alert(10)"])
def test_nothing_a_note_wrote_runs(site, page, name):
    path = site / "index.html" if name == "index" else site / name / "index.html"
    assert _pwned(page, path.as_uri()) == []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        assert not href.lower().startswith("javascript:"), href
