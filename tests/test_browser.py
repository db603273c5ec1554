"""End to end: `mkdocs serve` the sample site and read it in headless Chromium, as a reader would.

Chromium comes from Debian (`/usr/bin/chromium`, installed by `.ci/run` when missing) and is
driven by Playwright for Python; Playwright's own browser download is never used.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")

HOST_PAGE = "Learning%20in%20the%20flow%20of%20work/"
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "")) if os.environ.get("SCREENSHOT_DIR") else None


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serving(REPO / "sample_site" / "mkdocs.yml", tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def _luminance(rgb: list[float]) -> float:
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in (c / 255 for c in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


_COLOURS = """sel => {
    const parse = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
    const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
    const el = document.querySelector(sel);
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
        const c = parse(getComputedStyle(node).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return [over(parse(getComputedStyle(el).color), bg), bg];
}"""


def _contrast(page, selector: str) -> float:
    """WCAG contrast ratio of an element's text over the backgrounds behind it (alpha composited)."""
    fg, bg = page.evaluate(_COLOURS, selector)
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_quotes_badge_and_citation_are_visible(served, page):
    page.goto(served + HOST_PAGE)
    embeds = page.locator(".obsidian-embed")
    assert embeds.count() == 8
    for i in range(8):
        assert embeds.nth(i).is_visible()
        assert embeds.nth(i).locator(".obsidian-embed__source a").first.is_visible()
    assert page.locator(".last-reviewed").count() == 1 and page.locator(".last-reviewed").is_visible()
    citation = page.locator("cite.obsidian-citation a")
    assert citation.is_visible() and citation.get_attribute("href").endswith("#^6e663d")
    _shot(page, "host-light")


def test_following_a_block_link_lands_on_the_highlighted_block(served, page):
    page.goto(served + HOST_PAGE)
    page.locator('a[href$="#^22efe3"]').last.click()
    page.wait_for_url(re.compile(r"#\^22efe3$"))
    block = page.locator('[id="^22efe3"]')
    block.wait_for()
    assert block.evaluate("el => el.matches(':target') || el.hasAttribute('data-obsidian-target')")
    page.evaluate("document.getAnimations().forEach(a => a.finish())")  # the highlight fades in
    assert block.evaluate("el => getComputedStyle(el).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    box, viewport = block.bounding_box(), page.viewport_size
    assert 0 <= box["y"] < viewport["height"]
    _shot(page, "block-target")


def test_instant_navigation_keeps_embeds_and_badge(served, page):
    page.goto(served)
    assert page.evaluate("() => typeof document$ !== 'undefined'")  # Material's instant loading is active
    page.locator(f'article a[href$="{HOST_PAGE}"]').first.click()
    page.wait_for_url(re.compile(re.escape(HOST_PAGE) + "$"))
    page.locator(".obsidian-embed").first.wait_for()
    assert page.locator(".obsidian-embed").count() == 8
    assert page.locator(".last-reviewed").is_visible()
    page.locator('a[href$="#^6e663d"]').first.click()
    page.wait_for_url(re.compile(r"#\^6e663d$"))
    target = page.locator('[id="^6e663d"]')
    target.wait_for()
    page.wait_for_function("() => document.getElementById('^6e663d').hasAttribute('data-obsidian-target')")
    page.evaluate("document.getAnimations().forEach(a => a.finish())")
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_light_and_dark_schemes_are_legible(served, page, scheme):
    page.goto(served + HOST_PAGE)
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.evaluate("document.getAnimations().forEach(a => a.finish())")  # Material animates colour changes
    page.wait_for_timeout(400)
    for selector in (".obsidian-embed__content p", ".obsidian-embed__source a", ".last-reviewed__label",
                     ".obsidian-embed__reviewed"):
        assert _contrast(page, selector) >= 4.5, (scheme, selector)
    _shot(page, f"host-{scheme}")


#: Computed styles a theme gives a block and its cells, which the highlight must leave alone.
THEME_LOOK = """el => {
  const pick = (node) => { const s = getComputedStyle(node);
    return [s.display, s.borderTopWidth, s.borderTopStyle, s.borderTopColor, s.paddingTop, s.paddingLeft, s.fontSize]; };
  return [pick(el), ...[...el.querySelectorAll('th, td, li, p')].slice(0, 4).map(pick)];
}"""


@pytest.mark.parametrize(
    ("path", "block"),
    [
        ("features/Block%20anchors/", "^table-example"),
        ("features/Block%20anchors/", "^para-example"),
        ("features/Block%20anchors/", "^item-example"),
        ("sources/Learning%20Ecosystems%20Dont%20Just%20Happen%20Organically%20Here%20Are%203%20Steps%20to%20Build%20One/", "^0698ca"),
    ],
)
def test_a_highlighted_block_keeps_the_themes_look(served, page, path, block):
    look = f"({THEME_LOOK})(document.getElementById('{block}'))"
    page.goto(served + path)
    page.wait_for_function(f"() => document.getElementById('{block}') !== null")
    before = page.evaluate(look)
    page.evaluate(f"window.location.hash = '#{block}'")
    page.wait_for_function(
        f"() => {{ const el = document.getElementById('{block}'); document.getAnimations().forEach(a => a.finish());"
        " return el.hasAttribute('data-obsidian-target') && getComputedStyle(el).boxShadow !== 'none'; }"
    )
    assert page.evaluate(look) == before
    _shot(page, f"highlight-{block[1:]}")


# -- freshness: every text the plugin draws is legible (4.5:1), light and dark, Material and mkdocs --

#: Each page of the sample site with the plugin's elements it shows.
FRESHNESS_TEXTS = {
    HOST_PAGE: [".last-reviewed__label", ".last-reviewed time", ".last-reviewed__age", ".last-reviewed__due",
                ".last-reviewed__sources--changed", ".last-reviewed__sources--changed a", ".last-reviewed__sources--overdue a",
                ".obsidian-embed__source a", ".obsidian-embed__reviewed--stale", ".obsidian-embed__reviewed time"],
    "features/Due%20soon/": [".last-reviewed__owners", ".last-reviewed__due-soon"],
    "features/Stale%20page/": [".last-reviewed__overdue", ".last-reviewed time"],
    "notes/Glossary/": [".last-reviewed__due"],
    "review-report/": [".review-report th", ".review-report td a", ".review-report__date", ".review-report__when",
                       ".review-report__state--overdue", ".review-report__state--due-soon", ".review-report__state--fresh",
                       ".review-report__state--evergreen", ".review-report__sources", ".review-report__sources a",
                       ".review-chart__title", ".review-chart__label", ".review-chart__value", ".review-chart__tick"],
}


def _settle(page, scheme: str | None = None) -> None:
    if scheme is not None:
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.evaluate("document.getAnimations().forEach(a => a.finish())")
    page.wait_for_timeout(300)


def _font_px(page, selector: str) -> float:
    return page.evaluate(f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", list(FRESHNESS_TEXTS))
def test_freshness_texts_meet_4_5_to_1_in_materials_schemes(served, page, path, scheme):
    page.goto(served + path)
    _settle(page, scheme)
    ratios = {selector: round(_contrast(page, selector), 2) for selector in FRESHNESS_TEXTS[path]}
    assert min(ratios.values()) >= 4.5, (scheme, ratios)
    if path == HOST_PAGE:
        assert _font_px(page, ".obsidian-embed__reviewed") >= 12 and _font_px(page, ".obsidian-embed__source") >= 12
    _shot(page, f"freshness-{path.split('/')[-2] or 'host'}-{scheme}")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_report_is_cards_at_390_px_and_its_dates_do_not_wrap_on_a_desktop(served, browser, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(served + "review-report/")
    _settle(phone, scheme)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing to scroll sideways
    assert phone.evaluate("getComputedStyle(document.querySelector('.review-report thead')).position") == "absolute"
    assert phone.locator(".review-report__label").first.is_visible()
    assert _contrast(phone, ".review-report__label") >= 4.5
    assert phone.evaluate("document.querySelector('.review-chart svg').getBoundingClientRect().width") <= 360
    _shot(phone, f"report-390-{scheme}")
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    desk.goto(served + "review-report/")
    _settle(desk, scheme)
    heights = desk.evaluate("[...document.querySelectorAll('.review-report__date time')].map(e => e.getClientRects().length)")
    assert heights and set(heights) == {1}  # every date on one line
    assert not desk.locator(".review-report__label").first.is_visible()
    context.close()


MKDOCS_THEME_SITE = {
    "index.md": "---\nreviewed: 2026-11-25\nowner: Ana\nreview_every: 1m\n---\n# Home\n\n![[Old#^o]]\n\nClaim.[^1]\n\n"
    "[^1]: [[Later#^l]]\n",
    "Old.md": "---\nreviewed: 2024-01-01\n---\n# Old\n\nQuoted text ^o\n",
    "Later.md": "---\nreviewed: 2026-11-28\nreview_every: never\n---\n# Later\n\nCited ^l\n",
    "Soon.md": "---\nreviewed: 2026-06-10\nowner: [Ana, Ben]\n---\n# Soon\n",
}


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_freshness_texts_meet_4_5_to_1_in_the_mkdocs_theme(tmp_path, page, mode):
    from conftest import make_site

    site = make_site(tmp_path, MKDOCS_THEME_SITE, {
        "theme": {"name": "mkdocs", "color_mode": mode},
        "plugins": [{"obsidian-embeds": {"review_today": "2026-12-01", "review_report": "report.md", "review_git": False}}],
    })
    assert site.aborted is None and site.plugin_warnings() == []
    checks = {
        "": [".last-reviewed__label", ".last-reviewed time", ".last-reviewed__owners", ".last-reviewed__due",
             ".last-reviewed__sources--changed a", ".last-reviewed__sources--overdue", ".obsidian-embed__source a",
             ".obsidian-embed__reviewed--stale"],
        "Soon/": [".last-reviewed__due-soon"],
        "report/": [".review-report td a", ".review-report__date", ".review-report__state--overdue",
                    ".review-report__state--due-soon", ".review-report__state--fresh", ".review-report__state--evergreen",
                    ".review-report__sources", ".review-chart__label", ".review-chart__tick"],
    }
    for path, selectors in checks.items():
        page.goto((site.site_dir / path / "index.html").as_uri())
        _settle(page)
        assert page.evaluate("document.documentElement.getAttribute('data-bs-theme')") == mode
        ratios = {selector: round(_contrast(page, selector), 2) for selector in selectors}
        assert min(ratios.values()) >= 4.5, (mode, path, ratios)
        if not path:
            assert _font_px(page, ".obsidian-embed__reviewed") >= 12
        _shot(page, f"mkdocs-{mode}-{path.strip('/') or 'home'}")


# -- hover previews and linked mentions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("href_end", "first_text"),
    [
        ("#^para-example", "This paragraph carries the id para-example"),  # a block: the block first
        ("#flow-of-work", "Flow of work"),  # a heading: the section, its heading first
    ],
)
def test_hovering_a_link_with_instant_navigation_previews_its_target(served, page, href_end, first_text):
    page.goto(served + "features/Wikilinks/")
    link = page.locator(f'a[data-preview][href$="{href_end}"]').first
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(timeout=10_000)
    first = tooltip.locator(":scope > *").first
    assert first.inner_text().startswith(first_text)
    _shot(page, f"preview-{href_end.strip('#^')}")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_linked_mentions_are_legible_and_lead_to_the_mention(served, page, scheme):
    page.goto(served + "notes/Glossary/")
    _settle(page, scheme)
    mentions = page.locator(".obsidian-mentions")
    mentions.scroll_into_view_if_needed()
    for selector in (".obsidian-mentions__title", ".obsidian-mentions__page", ".obsidian-mentions__context",
                     ".obsidian-mentions__times"):
        assert _contrast(page, selector) >= 4.5, (scheme, selector)
    _shot(page, f"mentions-{scheme}")
    entry = page.locator(".obsidian-mentions__page", has_text="Freshness")
    anchor = entry.get_attribute("href").split("#")[1]
    entry.click()
    page.wait_for_url(f"**/Freshness/#{anchor}")
    page.wait_for_function(f"() => document.getElementById('{anchor}') !== null")
    assert page.evaluate(f"document.getElementById('{anchor}').textContent") == "Glossary"


def test_linked_mentions_fit_a_390_px_screen(served, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(served + "Learning%20in%20the%20flow%20of%20work/")
    phone.locator(".obsidian-mentions").scroll_into_view_if_needed()
    widths = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1]
    _shot(phone, "mentions-390")
    context.close()
