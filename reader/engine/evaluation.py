"""Scoring the reader against hand-read sentences (the format of dev-ar.jsonl).

Per item, predicted figures are matched to gold figures one to one on
(outcome, count_min, count_max), exactly. For matched figures, breakdown lines
are matched one to one on (count_min, count_max, sorted nationalities,
excluded nationality). A matched figure's quote is right when it equals the
gold quote, or overlaps it by at least half of the gold's characters. An
"invented nationality" is a predicted code, in a line, that no gold line of the
item names: the one error the project cannot afford.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from .reading import Figure, Reading


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, true_positives: int, predicted: int, gold: int) -> None:
        self.true_positives += true_positives
        self.predicted += predicted
        self.gold += gold


@dataclass
class Report:
    figures: Score = field(default_factory=Score)
    lines: Score = field(default_factory=Score)
    quotes_matched: int = 0
    quotes_exact: int = 0
    quotes_overlap: int = 0
    invented_nationalities: int = 0
    by_language: dict[str, Score] = field(default_factory=dict)
    clear_items: Score = field(default_factory=Score)  # no aggregate or ambiguous figure
    items: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def quote_exact_rate(self) -> float:
        return self.quotes_exact / self.quotes_matched if self.quotes_matched else 1.0

    @property
    def quote_overlap_rate(self) -> float:
        return self.quotes_overlap / self.quotes_matched if self.quotes_matched else 1.0

    def format(self) -> str:
        rows = [("figures", self.figures), ("breakdown lines", self.lines)]
        rows += [(f"figures, {lang}", score) for lang, score in sorted(self.by_language.items())]
        rows.append(("figures, no aggregate/ambiguous", self.clear_items))
        width = max(len(name) for name, _ in rows)
        out = [f"{'':{width}}  {'P':>6} {'R':>6} {'F1':>6}  {'tp':>4} {'pred':>4} {'gold':>4}"]
        for name, s in rows:
            out.append(
                f"{name:{width}}  {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  "
                f"{s.true_positives:4d} {s.predicted:4d} {s.gold:4d}"
            )
        out.append(
            f"quotes of matched figures: exact {self.quote_exact_rate:.3f}, "
            f"exact or overlapping >= 50% {self.quote_overlap_rate:.3f} "
            f"({self.quotes_matched} matched)"
        )
        out.append(f"invented nationalities: {self.invented_nationalities}")
        out.append(f"items: {self.items}")
        return "\n".join(out)


def _figure_key(figure) -> tuple:
    return (figure["outcome"], figure["count_min"], figure["count_max"])


def _line_key(line) -> tuple:
    return (
        line["count_min"],
        line["count_max"],
        tuple(sorted(line["nationalities"] or [])),
        line["excluded_nationality"] or "",
    )


def _match(predicted: list, gold: list, key) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) with equal keys, in order."""
    pairs = []
    used: set[int] = set()
    for p_index, item in enumerate(predicted):
        for g_index, other in enumerate(gold):
            if g_index not in used and key(item) == key(other):
                pairs.append((p_index, g_index))
                used.add(g_index)
                break
    return pairs


def quote_overlaps(predicted: dict, gold: dict, text: str) -> bool:
    """Equal, or sharing at least half of the gold quote's characters in ``text``."""
    if predicted["quote"] == gold["quote"]:
        return True
    gold_start = text.find(gold["quote"])
    if gold_start < 0:
        return False
    gold_end = gold_start + len(gold["quote"])
    start, end = predicted.get("start"), predicted.get("end")
    if start is None:
        start = text.find(predicted["quote"])
        end = start + len(predicted["quote"])
    shared = max(0, min(end, gold_end) - max(start, gold_start))
    return shared * 2 >= len(gold["quote"])


def evaluate(items: Iterable[dict], reader: Callable[..., Reading] | None = None) -> Report:
    """Score ``reader`` (by default ``read``) over corpus items."""
    if reader is None:
        from . import read as reader
    report = Report()
    for item in items:
        report.items += 1
        published = item.get("published_on")
        reading = reader(
            item["text"],
            published_on=date.fromisoformat(published) if published else None,
            language=item.get("language"),
        )
        predicted = [_as_gold(figure) for figure in reading.figures]
        gold = item["figures"]
        pairs = _match(predicted, gold, _figure_key)
        report.figures.add(len(pairs), len(predicted), len(gold))
        language = item.get("language") or reading.language
        report.by_language.setdefault(language, Score()).add(len(pairs), len(predicted), len(gold))
        if not any(figure.get("aggregate") or figure.get("ambiguous") for figure in gold):
            report.clear_items.add(len(pairs), len(predicted), len(gold))
        for p_index, g_index in pairs:
            p, g = predicted[p_index], gold[g_index]
            report.quotes_matched += 1
            report.quotes_exact += p["quote"] == g["quote"]
            report.quotes_overlap += quote_overlaps(p, g, item["text"])
            line_pairs = _match(p["breakdown"], g["breakdown"], _line_key)
            report.lines.add(len(line_pairs), len(p["breakdown"]), len(g["breakdown"]))
        gold_codes = Counter(
            code
            for figure in gold
            for line in figure["breakdown"]
            for code in line["nationalities"]
        )
        for figure in predicted:
            for line in figure["breakdown"]:
                report.invented_nationalities += sum(
                    1 for code in line["nationalities"] if code not in gold_codes
                )
        if len(pairs) < max(len(predicted), len(gold)):
            report.misses.append(
                {
                    "id": item.get("id"),
                    "predicted": [_figure_key(p) for p in predicted],
                    "gold": [_figure_key(g) for g in gold],
                }
            )
    return report


def _as_gold(figure: Figure) -> dict:
    data = figure.to_dict()
    for line in data["breakdown"]:
        line["excluded_nationality"] = line["excluded_nationality"] or ""
    return data
