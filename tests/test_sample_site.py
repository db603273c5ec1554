"""The sample site builds strictly and shows the seed note's situation as a reader should see it."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO, SHARED, build_config

SOURCE = "Learning Ecosystems Dont Just Happen Organically Here Are 3 Steps to Build One"
SEED_EMBEDS = ("86aa5c", "c8d046", "1813b0", "5b4824", "0698ca", "b61e38", "1c2e6d", "3000bb")


def test_sample_site_builds_strict_and_shows_every_quote(tmp_path):
    site = build_config(tmp_path, REPO / "sample_site" / "mkdocs.yml", strict=True)
    assert site.aborted is None, site.warnings
    assert site.warnings == []
    html = site.note_content("Learning in the flow of work")
    for block in SEED_EMBEDS:
        assert re.search(rf'<div class="obsidian-embed__source"><a href="[^"]*#\^{block}">', html), block
    assert html.count('class="obsidian-embed obsidian-embed--block"') == len(SEED_EMBEDS)
    assert '<cite class="obsidian-citation"><a href="../sources/' in html
    assert "#^6e663d" in html.split('class="footnote"')[1]
    assert "<mark>" in html
    assert "#^22efe3" in html
    assert "SECRET" not in site.all_output()
    assert "last-reviewed--stale-sources" in html  # it quotes a stale source
    assert "last-reviewed--changed-sources" in html  # and a source edited since its review (git)
    assert 'class="obsidian-embed__reviewed obsidian-embed__reviewed--stale"' in html
    assert "last-reviewed--overdue" in site.content("features/Stale page")
    assert "last-reviewed--fresh" in site.content("features/Freshness") and "Owner: Dana Reyes" in site.content("features/Freshness")
    assert "last-reviewed--due-soon" in site.content("features/Due soon")
    assert "Owners: Dana Reyes and Sam Okafor" in site.content("features/Due soon")
    assert "last-reviewed--evergreen" in site.content("notes/Glossary")
    report = site.content("review-report")
    assert "Stale page" in report and report.count('<svg role="img"') == 2
    assert re.findall(r'<h2 id="[^"]*">([^<]*)</h2>', report) == ["Dana Reyes", "Knowledge team", "Sam Okafor", "No owner"]
    assert '<a href="../">Obsidian embeds sample</a>' in report  # the home page by its title
    pages = {page["path"]: page for page in json.loads((site.site_dir / "review.json").read_text(encoding="utf-8"))["pages"]}
    assert pages["features/Due soon.md"]["state"] == "due-soon" and pages["notes/Glossary.md"]["state"] == "evergreen"
    assert pages["notes/Principles.md"]["owners"] == ["Knowledge team"]


def test_seed_note_references_are_the_ones_the_sample_reproduces():
    seed = next((SHARED / "seed").glob("000_*.txt"), None)
    if seed is None:
        pytest.skip("../shared/seed is absent")
    ids = re.findall(r"#\^([0-9a-f]{6})\]\]", seed.read_text(encoding="utf-8"))
    assert set(SEED_EMBEDS) <= set(ids)
    source = (REPO / "sample_site" / "docs" / "sources" / f"{SOURCE}.md").read_text(encoding="utf-8")
    for block in ids:
        assert f"^{block}" in source
