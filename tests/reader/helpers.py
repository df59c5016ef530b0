import json
from pathlib import Path

SHARED = Path("/work/shared")
DEV = SHARED / "data" / "reader" / "dev-ar.jsonl"
SEED = SHARED / "seed" / "deir-ez-zor-article.ar.txt"


def dev_items() -> list[dict]:
    with DEV.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def dev_text(item_id: str) -> str:
    return next(item["text"] for item in dev_items() if str(item["id"]) == item_id)


def counts(reading) -> list[tuple]:
    """(outcome, count_min, count_max, quote) of each figure, in order."""
    return [(f.outcome, f.count_min, f.count_max, f.quote) for f in reading.figures]


def lines(figure) -> list[tuple]:
    return [
        (line.count_min, line.count_max, list(line.nationalities), line.excluded_nationality)
        for line in figure.breakdown
    ]
