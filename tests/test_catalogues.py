"""The catalogues of the badge's and the report's words: complete, consistent, and found by the
language names MkDocs themes use."""

from __future__ import annotations

import datetime
import re

import pytest
import yaml
from babel import Locale

from mkdocs_obsidian_embeds.freshness.catalogue import FALLBACK, LOCALES, catalogue_names, words_for

REQUIRED = {"en", "de", "fr", "es", "pt", "it", "nl", "ja", "zh", "ru"}
ENGLISH = yaml.safe_load((LOCALES / f"{FALLBACK}.yml").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _texts(message) -> list[str]:
    return [message] if isinstance(message, str) else list(message.values())


def _integer_categories(name: str) -> set[str]:
    """The plural categories a language uses for whole numbers, and always ``other``."""
    locale = Locale.parse(name)
    return {locale.plural_form(n) for n in range(0, 1001)} | {"other"}


def test_the_required_languages_have_catalogues():
    assert REQUIRED <= set(catalogue_names())


@pytest.mark.parametrize("name", catalogue_names())
def test_a_catalogue_has_every_message_with_the_same_placeholders(name):
    catalogue = yaml.safe_load((LOCALES / f"{name}.yml").read_text(encoding="utf-8"))
    assert set(catalogue) == set(ENGLISH), set(catalogue) ^ set(ENGLISH)
    for key, english in ENGLISH.items():
        message = catalogue[key]
        assert isinstance(message, str) == isinstance(english, str), key
        wanted = {n for text in _texts(english) for n in PLACEHOLDER.findall(text)} - {"count"}
        for text in _texts(message):
            assert isinstance(text, str) and text.strip(), (key, text)
            found = set(PLACEHOLDER.findall(text))
            if key == "review_overdue":  # {duration} or {ago}, as the language needs
                assert len(found & {"duration", "ago"}) == 1 and found <= {"duration", "ago"}, text
            else:
                assert found - {"count"} == wanted, (key, text)
            assert "<" not in text and "{{" not in text, (key, text)
        if not isinstance(message, str):
            assert set(message) >= _integer_categories(name), (key, sorted(message))
            assert set(message) <= set(Locale.parse(name).plural_form.tags) | {"other"}, (key, sorted(message))


@pytest.mark.parametrize("name", sorted(REQUIRED - {"en"}))
def test_a_translation_differs_from_english(name):
    words = words_for(name)
    assert words.catalogue == name
    assert words.text("last_reviewed") != ENGLISH["last_reviewed"]
    assert words.text("report_title") != ENGLISH["report_title"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 страница"), (3, "3 страницы"), (5, "5 страниц"), (21, "21 страница"), (112, "112 страниц")],
)
def test_russian_plurals_follow_babel(count, expected):
    assert words_for("ru").text("pages", count=count) == expected


@pytest.mark.parametrize(
    ("language", "name"),
    # The names Material for MkDocs gives theme.language, and the mkdocs theme's locale names.
    [("en", "en"), ("de", "de"), ("fr", "fr"), ("es", "es"), ("pt", "pt"), ("pt-BR", "pt"), ("it", "it"),
     ("nl", "nl"), ("ja", "ja"), ("zh", "zh"), ("ru", "ru"), ("de_CH", "de"), ("zh_CN", "zh"), ("pl", "pl"),
     ("uk", "uk"), ("cs", "cs"), ("sv", "sv"), ("da", "da"), ("nb", "nb"), ("ko", "ko"), ("tr", "tr"),
     ("zh-TW", "zh_Hant")],
)
def test_theme_language_names_find_their_catalogue(language, name):
    assert words_for(language).catalogue == name and words_for(language).exact


def test_traditional_chinese_never_falls_back_to_simplified():
    for language in ("zh-Hant", "zh-TW", "zh_HK"):
        assert words_for(language).catalogue == "zh_Hant"
    assert words_for("zh-Hant").text("report_title") == "審核報告" != words_for("zh").text("report_title")


def test_dates_are_the_languages_own():
    day = datetime.date(2026, 3, 1)
    assert words_for("de").date(day) == "1. März 2026"
    assert words_for("ja").date(day) == "2026年3月1日"
    assert words_for("zh").date(day) == "2026年3月1日"
    assert words_for("ru").date(day, "medium") == "1 мар. 2026\u202fг."
