"""Every string the project shows an editor exists in Arabic."""

import gettext
import re

import pghistory.models
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

PO_FILE = settings.BASE_DIR / "locale" / "ar" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def catalog_entries():
    text = PO_FILE.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        msgid = "".join(
            re.findall(
                r'^(?:msgid)? ?"(.*)"$', block.split("msgid_plural")[0].split("\nmsgstr")[0], re.M
            )
        )
        # A long translation is wrapped: msgstr "" then one "..." line per part.
        msgstrs = [
            "".join(re.findall(r'"(.*)"', entry))
            for entry in re.findall(r'^msgstr(?:\[\d\])? ".*"(?:\n".*")*', block, re.M)
        ]
        if msgid:
            yield msgid, msgstrs, "#, fuzzy" in block


def test_every_catalog_entry_is_translated_and_none_is_fuzzy():
    untranslated = [
        msgid
        for msgid, msgstrs, fuzzy in catalog_entries()
        if fuzzy or not msgstrs or not all(msgstrs)
    ]
    assert untranslated == []


def test_the_compiled_catalog_matches_the_source_catalog():
    with MO_FILE.open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, msgstrs, _ in catalog_entries()
        if "\\" not in msgid and translations.gettext(msgid) != msgstrs[0].replace('\\"', '"')
    ]
    assert stale == []


def project_labels():
    for app_label in ("sources", "incidents"):
        config = apps.get_app_config(app_label)
        yield f"{app_label} app", config.verbose_name
        for model in config.get_models():
            if not model._meta.managed or issubclass(model, pghistory.models.Event):
                continue  # read-only views and history tables, not edited by anyone
            yield f"{model.__name__}", model._meta.verbose_name
            yield f"{model.__name__} (plural)", model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if not hasattr(field, "verbose_name") or field.auto_created:
                    continue
                yield f"{model.__name__}.{field.name}", field.verbose_name
                if field.help_text:
                    yield f"{model.__name__}.{field.name} help", field.help_text
                if field.choices and field.name not in ("country", "excluded_nationality"):
                    for value, label in field.choices:
                        yield f"{model.__name__}.{field.name}={value}", label


@pytest.mark.parametrize(("where", "label"), list(project_labels()), ids=lambda v: str(v))
def test_every_model_label_has_an_arabic_translation(where, label):
    with translation.override("en"):
        english = str(label)
    with translation.override("ar"):
        arabic = str(label)
    assert arabic != english, f"{where}: {english!r} is not translated"
