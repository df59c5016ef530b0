"""Casualty figures as reports give them: "19 killed", "at least 5 injured",
"between 18 and 23 killed", or "dead and wounded" with no number."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.history import record_history
from core.stamped import Stamped
from incidents.models.choices import CasualtyFigureOutcome
from incidents.models.incidents import Incident
from sources.models import Report, Source


@dataclass(frozen=True)
class BreakdownTotals:
    """What the lines of a breakdown add up to: ``high`` is None when any line is
    open-ended ("at least three")."""

    low: int
    high: int | None
    lines: int

    @classmethod
    def of(cls, lines) -> "BreakdownTotals":
        lines = list(lines)
        low = sum(line.count_min or 0 for line in lines)
        highs = [line.count_max for line in lines]
        high = None if any(h is None for h in highs) else sum(highs)
        return cls(low=low, high=high, lines=len(lines))

    def describe(self) -> str:
        if self.high == self.low:
            return str(self.low)
        if self.high is None:
            return _("at least %(low)s") % {"low": self.low}
        return _("between %(low)s and %(high)s") % {"low": self.low, "high": self.high}


@record_history
class CasualtyFigure(Stamped):
    """One figure as a report gives it: "19 killed", "at least 5 injured",
    "between 18 and 23 killed", or "dead and wounded" with no number at all."""

    Outcome = CasualtyFigureOutcome

    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="casualty_figures",
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="casualty_figures",
        help_text=_("The document in which this figure appears."),
    )
    attributed_to = models.ForeignKey(
        Source,
        verbose_name=_("attributed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_figures",
        help_text=_(
            "The source the report credits for the figure (e.g. SOHR in a newspaper "
            "article). Leave empty when the report speaks for itself."
        ),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=CasualtyFigureOutcome.choices)
    count_min = models.IntegerField(
        _("lowest count"),
        null=True,
        blank=True,
        help_text=_("For one number, enter it here and as the highest count."),
    )
    count_best = models.IntegerField(
        _("best estimate"),
        null=True,
        blank=True,
        help_text=_("Only when the source gives one inside a range."),
    )
    count_max = models.IntegerField(
        _("highest count"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for “at least”. Leave all counts empty for a "
            "casualty reported without a number."
        ),
    )
    breakdown_complete = models.BooleanField(
        _("breakdown complete"),
        default=False,
        help_text=_("Tick when the lines below account for every person in the figure."),
    )
    quote = models.TextField(
        _("quote"), help_text=_("The words of the report that give the figure.")
    )
    preferred = models.BooleanField(
        _("preferred"),
        default=False,
        db_default=False,
        help_text=_(
            "The figure that totals count for this outcome, when several reports give "
            "one. By default the most recent report's."
        ),
    )

    class Meta:
        verbose_name = _("casualty figure")
        verbose_name_plural = _("casualty figures")
        ordering = ["incident_id", "outcome", "id"]  # no join, see CasualtyGroup
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=CasualtyFigureOutcome.values),
                name="incidents_figure_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(count_min__gte=0) & Q(count_best__gte=0) & Q(count_max__gte=0),
                name="incidents_figure_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(count_min__lte=F("count_best"))
                & Q(count_best__lte=F("count_max"))
                & Q(count_min__lte=F("count_max")),
                name="incidents_figure_counts_ordered",
            ),
            # "up to 20" without a lower bound is not a figure we can sum: a count
            # always starts from its lowest value.
            models.CheckConstraint(
                condition=Q(count_min__isnull=False)
                | Q(count_best__isnull=True, count_max__isnull=True),
                name="incidents_figure_min_when_counted",
            ),
            models.CheckConstraint(
                condition=Q(breakdown_complete=False) | Q(count_min__isnull=False),
                name="incidents_figure_complete_breakdown_counted",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="incidents_figure_quote_not_empty"),
            # Totals sum the preferred figure of each outcome, so that the dead
            # of one incident are never counted once per report.
            models.UniqueConstraint(
                fields=["incident", "outcome"],
                condition=Q(preferred=True),
                name="incidents_figure_one_preferred_per_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.count_display()} {self.get_outcome_display()}"

    @property
    def target(self) -> int | None:
        """The number a complete breakdown must add up to."""
        return self.count_best if self.count_best is not None else self.count_min

    @property
    def ceiling(self) -> int | None:
        """The most people this figure says there are, or None when open-ended."""
        for value in (self.count_best, self.count_max, self.count_min):
            if value is not None:
                return value
        return None

    def count_display(self) -> str:
        return format_count(self.count_min, self.count_max, self.count_best)

    def clean(self):
        if (
            self.count_min is not None
            and self.count_min == self.count_max
            and self.count_best is None
        ):
            self.count_best = self.count_min
        errors = {}
        for field in ("count_min", "count_best", "count_max"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("A count cannot be negative (%(value)s).") % {"value": value}
        if errors:
            raise ValidationError(errors)
        if self.count_min is None and (self.count_best is not None or self.count_max is not None):
            errors["count_min"] = _(
                "Give the lowest count as well; for “up to N” enter 0 as the lowest."
            )
        if (
            self.count_min is not None
            and self.count_best is not None
            and (self.count_best < self.count_min)
        ):
            errors["count_best"] = _(
                "The best estimate (%(best)s) is below the lowest count (%(min)s)."
            ) % {"best": self.count_best, "min": self.count_min}
        if self.count_max is not None:
            for field, value, label in (
                ("count_min", self.count_min, _("lowest count")),
                ("count_best", self.count_best, _("best estimate")),
            ):
                if value is not None and value > self.count_max:
                    errors.setdefault(
                        field,
                        _("The %(label)s (%(value)s) is above the highest count (%(max)s).")
                        % {"label": label, "value": value, "max": self.count_max},
                    )
        if self.breakdown_complete and self.count_min is None:
            errors["breakdown_complete"] = _(
                "A figure without a number cannot have a complete breakdown."
            )
        if self.report_id:
            try:
                self.report.check_quote(self.quote)
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def check_breakdown(self, lines) -> None:
        """Refuse a breakdown that does not fit this figure.

        A complete breakdown must add up exactly to the figure (its best count
        when it has one); an incomplete one may not count more people than the
        figure does. The same rule is enforced at commit by the database trigger
        ``incidents_check_breakdown``.
        """
        totals = BreakdownTotals.of(lines)
        if self.breakdown_complete:
            target = self.target
            if target is None:
                return  # clean() refuses a complete breakdown of an uncounted figure
            if totals.lines == 0:
                raise ValidationError(
                    _("The breakdown is marked complete but has no lines."), code="breakdown_empty"
                )
            fits = totals.low <= target and (totals.high is None or totals.high >= target)
            if not fits:
                raise ValidationError(
                    _("The breakdown adds up to %(sum)s but the figure says %(target)s.")
                    % {"sum": totals.describe(), "target": target},
                    code="breakdown_sum",
                )
        else:
            ceiling = self.ceiling
            if ceiling is not None and totals.low > ceiling:
                raise ValidationError(
                    ngettext(
                        "The breakdown already counts %(sum)s people but the figure says "
                        "%(ceiling)s person.",
                        "The breakdown already counts %(sum)s people but the figure says "
                        "%(ceiling)s people.",
                        ceiling,
                    )
                    % {"sum": totals.low, "ceiling": ceiling},
                    code="breakdown_exceeds",
                )


def casualty_totals(figures) -> dict[str, dict]:
    """Per outcome, from an incident's figures: the preferred figure and its
    counts, the low–high range that all reports together give (no top when any
    says "at least"), and how many reports give a figure. The API shows it as
    it is; the admin's list shows the range."""
    totals: dict[str, dict] = {}
    open_ended: set[str] = set()
    for figure in figures:
        entry = totals.setdefault(
            figure.outcome,
            {
                "preferred_figure": None,
                "count_min": None,
                "count_best": None,
                "count_max": None,
                "range_low": None,
                "range_high": None,
                "reports": 0,
            },
        )
        entry["reports"] += 1
        if figure.preferred:
            entry.update(
                preferred_figure=figure.pk,
                count_min=figure.count_min,
                count_best=figure.count_best,
                count_max=figure.count_max,
            )
        if figure.count_min is not None:
            low = entry["range_low"]
            entry["range_low"] = figure.count_min if low is None else min(low, figure.count_min)
            if figure.count_max is None:
                open_ended.add(figure.outcome)
        if figure.count_max is not None:
            high = entry["range_high"]
            entry["range_high"] = figure.count_max if high is None else max(high, figure.count_max)
    for outcome in open_ended:
        totals[outcome]["range_high"] = None
    return totals


def format_count(low: int | None, high: int | None, best: int | None = None) -> str:
    """Render a count the way an editor reads it: 19, 18–23, 18–23 (best 20),
    ≥5, or "no number"."""
    if low is None:
        return str(_("no number"))
    if high is None:
        return f"≥{low}"
    if low == high:
        return str(low)
    if best is not None and best not in (low, high):
        return _("%(low)s–%(high)s (best %(best)s)") % {"low": low, "high": high, "best": best}
    return f"{low}–{high}"
