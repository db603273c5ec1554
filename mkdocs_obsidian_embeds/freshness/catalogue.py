"""The words of the review badge and the review report, in the site's language.

Each language has a catalogue in ``locales/`` (``de.yml``, ``zh.yml``, ``pt_BR.yml``...): a
YAML mapping from a message's key to its text, or, for a message about a number, to one text
per CLDR plural category of the language (``one``, ``few``, ``many``, ``other``). Babel gives
the dates, the numbers, the lists of names, the plural category of a number and the words of
a duration ("3 months ago", "in 12 days"), so a catalogue holds only the plugin's own words.

Durations are counted in whole units and never rounded up (``review.elapsed``): 2 years and
10 months read "2 years ago", where Babel alone would round to "3 years ago".

A site language without a catalogue gets English words and English dates, so that a sentence
never mixes two languages. This module imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_timedelta
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from .review import Unit, elapsed

__all__ = ["LOCALES", "Words", "catalogue_names", "words_for"]

LOCALES = Path(__file__).parent / "locales"
FALLBACK = "en"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Babel's lengths of the units (``babel.dates.TIMEDELTA_UNITS``): a whole number of one of them
#: is formatted as exactly that number with ``threshold=1``, since it is below one of the next.
_UNIT_DAYS: dict[Unit, int] = {"y": 365, "m": 30, "w": 7, "d": 1}
_UNIT_NAMES: dict[Unit, str] = {"y": "year", "m": "month", "w": "week", "d": "day"}

Message = str | Mapping[str, str]


def catalogue_names() -> list[str]:
    """The languages the package has a catalogue for (file names without ``.yml``)."""
    return sorted(path.stem for path in LOCALES.glob("*.yml"))


@lru_cache(maxsize=None)
def _catalogue(name: str) -> Mapping[str, Message]:
    with (LOCALES / f"{name}.yml").open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _parse(language: str) -> Locale | None:
    try:
        return Locale.parse(language.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return None


def _default_script(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language)
    return Locale.parse(likely).script if likely else None


def _candidates(locale: Locale) -> list[str]:
    """Catalogue names for ``locale``, most specific first: ``zh_Hant_TW``, ``zh_Hant``,
    ``zh_TW``, then the bare language unless the locale writes another script than the
    language's usual one (Traditional Chinese never falls back to ``zh``, Simplified)."""
    lang, script, territory = locale.language, locale.script, locale.territory
    names = []
    if script and territory:
        names.append(f"{lang}_{script}_{territory}")
    if script:
        names.append(f"{lang}_{script}")
    if territory:
        names.append(f"{lang}_{territory}")
    if not script or script == _default_script(lang):
        names.append(lang)
    return names


@lru_cache(maxsize=64)
def words_for(language: str) -> Words:
    """The words for a theme language ("de", "pt-BR", "zh_TW"); English when the package has no
    catalogue for it (``Words.exact`` is False then)."""
    locale = _parse(language) if isinstance(language, str) else None
    available = set(catalogue_names())
    if locale is not None:
        for name in _candidates(locale):
            if name in available:
                return Words(locale, name, _catalogue(name), exact=True)
    return Words(Locale.parse(FALLBACK), FALLBACK, _catalogue(FALLBACK), exact=locale is not None and locale.language == FALLBACK)


@dataclass(frozen=True)
class Words:
    """One language's words, dates, numbers and durations."""

    locale: Locale
    catalogue: str
    messages: Mapping[str, Message]
    exact: bool = True
    """False when the site's language has no catalogue and these are the English words."""

    def _template(self, key: str, count: int | None) -> str:
        message = self.messages.get(key)
        if message is None:
            message = _catalogue(FALLBACK)[key]
        if isinstance(message, str):
            return message
        category = self.locale.plural_form(count if count is not None else 0)
        return message.get(category) or message["other"]

    def text(self, key: str, count: int | None = None, **values: str) -> str:
        """A message as plain text; ``count`` picks its plural form and fills ``{count}``."""
        if count is not None:
            values = {"count": self.number(count), **values}
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self._template(key, count))

    def html(self, key: str, count: int | None = None, **values: str) -> str:
        """A message as HTML: its own text escaped, ``values`` inserted as the HTML they are."""
        if count is not None:
            values = {"count": html.escape(self.number(count)), **values}
        parts = _PLACEHOLDER.split(self._template(key, count))
        # split() alternates literal text and placeholder names.
        return "".join(values[part] if odd else html.escape(part, quote=False) for odd, part in _alternate(parts))

    def placeholders(self, key: str) -> set[str]:
        """The placeholders of a message (of each of its plural forms)."""
        message = self.messages.get(key, _catalogue(FALLBACK)[key])
        texts = [message] if isinstance(message, str) else list(message.values())
        return {name for text in texts for name in _PLACEHOLDER.findall(text)}

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def date(self, date: datetime.date, form: str = "long") -> str:
        return _format_date(date, form, self.locale)

    def names(self, items: Sequence[str]) -> str:
        """``Ana, Ben, and Cy`` in the language's way of listing."""
        return format_list(list(items), locale=self.locale) if items else ""

    def ago(self, date: datetime.date, today: datetime.date) -> str | None:
        """"8 months ago"; None for today or a later date (nothing useful to say)."""
        if date >= today:
            return None
        return self._delta(elapsed(date, today), past=True, direction=True)

    def within(self, today: datetime.date, due: datetime.date) -> str:
        """"in 12 days" (``due`` after ``today``)."""
        return self._delta(elapsed(today, due), past=False, direction=True)

    def duration(self, start: datetime.date, end: datetime.date) -> str:
        """"3 months", without a direction."""
        return self._delta(elapsed(start, end), past=False, direction=False)

    def unit(self, amount: int, unit: Unit) -> str:
        """"14 days", "3 months": an amount of a unit, for any amount (0 included)."""
        return format_unit(amount, f"duration-{_UNIT_NAMES[unit]}", length="long", locale=self.locale)

    def _delta(self, amount_unit: tuple[int, Unit], *, past: bool, direction: bool) -> str:
        amount, unit = amount_unit
        if amount == 0:
            return self.unit(0, "d")
        delta = datetime.timedelta(days=amount * _UNIT_DAYS[unit])
        return format_timedelta(
            -delta if past else delta, threshold=1, add_direction=direction, locale=self.locale
        )


@lru_cache(maxsize=4096)
def _format_date(date: datetime.date, form: str, locale: Locale) -> str:
    return format_date(date, format=form, locale=locale)


def _alternate(parts: list[str]) -> list[tuple[bool, str]]:
    return [(index % 2 == 1, part) for index, part in enumerate(parts)]
