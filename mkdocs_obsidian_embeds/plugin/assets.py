"""The plugin's stylesheets and script: listed in the site's config and published with the site."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from .config import ASSET_URI

ASSETS = Path(__file__).parent.parent / "assets"
STYLESHEETS = ("obsidian-embeds.css", "review.css")
SCRIPT = "obsidian-embeds.js"


def link_assets(config: MkDocsConfig) -> None:
    """List the stylesheets and the script in ``extra_css`` and ``extra_javascript``, once."""
    for sheet in STYLESHEETS:
        if f"{ASSET_URI}/{sheet}" not in config.extra_css:
            config.extra_css.append(f"{ASSET_URI}/{sheet}")
    if f"{ASSET_URI}/{SCRIPT}" not in config.extra_javascript:
        config.extra_javascript.append(f"{ASSET_URI}/{SCRIPT}")


def asset_files(config: MkDocsConfig) -> list[File]:
    """The site's files of the stylesheets and the script."""
    return [
        File.generated(config, f"{ASSET_URI}/{asset}", abs_src_path=str(ASSETS / asset)) for asset in (*STYLESHEETS, SCRIPT)
    ]
