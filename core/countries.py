"""Countries as every dataset merges on them: ISO 3166 alpha-2 codes."""

from functools import lru_cache

from django.db import models
from django.utils.translation import get_language
from django_countries import countries

COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"


def country_choices():
    """ISO 3166 countries, named in the language of the page being shown."""
    return _country_choices(get_language())


@lru_cache(maxsize=8)
def _country_choices(language: str | None) -> list:
    # Field validation reads the choices for every row checked: an import
    # checks hundreds of thousands, and translating 250 names each time costs.
    return list(countries)


def country_field(verbose_name, **options) -> models.CharField:
    """A two-letter ISO 3166 code: the form every other dataset merges on."""
    return models.CharField(verbose_name, max_length=2, choices=country_choices, **options)
