"""The incident form: its own fields, the review move and the version read."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from incidents.history import (
    changes_after_version,
    summarise,
)
from incidents.models import (
    Incident,
)
from incidents.services import (
    INCIDENT_FIELDS,
)
from incidents.services.workflow import check_transition


class IncidentForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "class": "vLargeTextField"}),
        help_text=_("Required to change a published incident; kept in its history."),
    )

    transition = forms.ChoiceField(
        label=_("Move to"),
        required=False,
        choices=[
            ("", "—"),
            (Incident.Status.IN_REVIEW, _("submit for review")),
            (Incident.Status.DRAFT, _("return to draft")),
            (Incident.Status.PUBLISHED, _("publish")),
            (Incident.Status.RETRACTED, _("retract")),
        ],
        help_text=_("Publishing takes a reviewer who neither created nor last edited it."),
    )

    version_read = forms.IntegerField(widget=forms.HiddenInput, required=False)

    acting_user = request = None  # set by IncidentAdmin.get_form()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_read"].initial = self.instance.version
        if self.request is not None:
            self.request.incident_form = self  # for IncidentWrite

    class Meta:
        model = Incident
        fields = tuple(name for name in INCIDENT_FIELDS if name != "status")

    def clean(self):
        # The version read and the reason a published incident's change needs
        # are checked by incident_save() under the row's lock (IncidentWrite);
        # here only what the form alone can tell.
        cleaned = super().clean()
        stored = Incident.objects.filter(pk=self.instance.pk).first()
        reason = cleaned.get("change_reason", "").strip()
        edited = set(self.changed_data) - {"transition", "change_reason", "version_read"}
        if cleaned.get("transition") == Incident.Status.PUBLISHED and stored and edited:
            self.add_error(
                "transition",
                _(
                    "Publishing with edits would make you its last editor: save the edits, "
                    "then let another reviewer publish."
                ),
            )
        elif cleaned.get("transition"):
            try:
                check_transition(
                    user=self.acting_user,
                    incident=stored or Incident(),
                    to_status=cleaned["transition"],
                    note=reason,
                )
            except ValidationError as error:
                self.add_service_errors(error)
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            target = {"note": "change_reason", "status": "transition"}.get(field, field)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)

    def refuse_stale_page(self, read: int, current: int) -> None:
        """Another editor saved since this page was opened: refuse, say what
        they changed, keep what this editor typed, and let the next save
        (made knowingly) go through."""
        meanwhile = summarise(changes_after_version(self.instance.pk, read))
        self.add_error(
            None,
            _(
                "Someone saved this incident while you were editing it (you opened version "
                "%(read)s; it is now at %(current)s). Changed meanwhile: %(meanwhile)s. Your "
                "input is kept below: check it against theirs, then save again."
            )
            % {"read": read, "current": current, "meanwhile": meanwhile or "—"},
        )
        self.data = self.data.copy()
        self.data[self.add_prefix("version_read")] = str(current)
