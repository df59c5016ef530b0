"""The incident page's save: every form validated, then one write through
the service, with its refusals put back on the page."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from core.admin import (
    adopt_saved,
)
from incidents.models import (
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    Incident,
    IncidentActor,
    IncidentRelation,
)
from incidents.services import (
    ACTOR_LINK_FIELDS,
    CITATION_FIELDS,
    FIGURE_FIELDS,
    GROUP_FIELDS,
    INCIDENT_FIELDS,
    RELATION_FIELDS,
    StaleVersion,
    incident_save,
)
from incidents.services.workflow import incident_transition


class IncidentWrite:
    """The last formset the admin validates: it writes the incident with
    everything nested in it through ``incident_save`` (and moves it along the
    workflow when asked), in a savepoint, once the page's forms are valid.

    Writing while validating lets every rule of the service stand beside the
    field it concerns, as the page's own errors do: the breakdown sums, quotes,
    the reason a published incident's change needs (only when something
    changed), and the version the page was opened at, checked under the row's
    lock. A refused write leaves nothing behind and the page keeps the input.
    """

    is_nested = True  # not one of the incident's inlines

    def __init__(self, *, request, formsets):
        self.request = request
        self.formsets = formsets
        self._valid = None
        self._savepoint = None
        request.incident_write = self

    # What the admin and nested_admin read of a formset.
    errors: list = []
    forms: list = []

    def non_form_errors(self):
        return []

    def has_changed(self) -> bool:
        return False

    def undo(self) -> None:
        """Roll the write back: nested_admin validates the page a second time,
        and the page may yet be refused after this wrote (the admin renders
        it again, with its errors, instead of redirecting)."""
        if self._savepoint is not None:
            transaction.savepoint_rollback(self._savepoint)
            self._savepoint = None
            form = self.request.incident_form
            if form.instance._adding_before_write:
                form.instance.pk = None
                form.instance._state.adding = True

    def is_valid(self) -> bool:
        if self._valid is None:
            self._valid = self._write()
        return self._valid

    def _write(self) -> bool:
        form = self.request.incident_form
        if not form.is_valid() or not all(formset.is_valid() for formset in self.formsets):
            return False
        data = {
            name: form.cleaned_data[name] for name in INCIDENT_FIELDS if name in form.cleaned_data
        }
        places = {"": form}  # payload path -> the form or formset it came from
        for formset in self.formsets:
            if getattr(formset, "is_nested", False):
                continue
            key, fields = _FORMSET_PAYLOAD[formset.model]
            places[key] = formset
            data[key] = [
                _item(child, fields, f"{key}[{index}]", places)
                for index, child in enumerate(_kept_forms(formset))
            ]
        stored = Incident.objects.filter(pk=form.instance.pk).first()
        reason = form.cleaned_data.get("change_reason", "")
        transition = form.cleaned_data.get("transition")
        savepoint = transaction.savepoint()
        try:
            with transaction.atomic():
                saved = incident_save(
                    user=self.request.user,
                    data=data,
                    incident=stored,
                    reason=reason,
                    expected_version=form.cleaned_data.get("version_read") if stored else None,
                )
                if transition:
                    saved = incident_transition(
                        user=self.request.user,
                        incident=saved,
                        to_status=transition,
                        note=reason,
                        expected_version=saved.version,
                    )
        except StaleVersion as stale:
            transaction.savepoint_rollback(savepoint)
            form.refuse_stale_page(stale.expected, stale.current)
            return False
        except ValidationError as error:
            transaction.savepoint_rollback(savepoint)
            _place_errors(error, places)
            return False
        self._savepoint = savepoint
        form.instance._adding_before_write = form.instance._state.adding
        adopt_saved(form.instance, saved)
        return True


def _place_errors(error: ValidationError, places: dict) -> None:
    """Put each of the service's messages where it belongs on the page: the
    longest known prefix of its path (``casualty_figures[0].breakdown[2]``)
    names the form or formset, the rest the field."""
    for error_path, texts in error.message_dict.items():
        prefix, field = error_path, ""
        while prefix not in places:
            prefix, _, rest = prefix.rpartition(".")
            field = f"{rest}.{field}" if field else rest
        target = places[prefix]
        field = field.split("[")[0]
        for message in texts:
            if hasattr(target, "non_form_errors"):
                target.non_form_errors().append(message)
            elif prefix == "":
                target.add_service_errors(ValidationError({field or NON_FIELD_ERRORS: [message]}))
            else:
                target.add_error(field if field in target.fields else None, message)


_FORMSET_PAYLOAD = {
    IncidentActor: ("actors", ACTOR_LINK_FIELDS),
    Citation: ("citations", CITATION_FIELDS),
    IncidentRelation: ("relations", RELATION_FIELDS),
    CasualtyFigure: ("casualty_figures", FIGURE_FIELDS),
}


def _kept_forms(formset):
    initial = formset.initial_form_count()
    for index, form in enumerate(formset.forms):
        if not hasattr(form, "cleaned_data") or formset._should_delete_form(form):
            continue
        if index >= initial and not form.has_changed():
            continue
        yield form


def _item(form, fields, path: str, places: dict) -> dict:
    """One inline form as an item of the service's payload; ``places`` learns
    which form stands at ``path`` and which formset holds its nested lines,
    so that errors can be put back on the page."""
    places[path] = form
    item = {name: form.cleaned_data.get(name) for name in fields if name in form.cleaned_data}
    item["id"] = form.instance.pk if form.instance._state.adding is False else None
    for nested in getattr(form, "nested_formsets", []):
        if nested.model is CasualtyGroup:
            places[f"{path}.breakdown"] = nested
            item["breakdown"] = [
                _item(line, GROUP_FIELDS, f"{path}.breakdown[{index}]", places)
                for index, line in enumerate(_kept_forms(nested))
            ]
    return item
