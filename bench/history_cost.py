"""What the audit history costs on writes.

    python bench/history_cost.py [--saves 200] [--rows 10000]

In the database ``<name>_bench`` (see export_casualties.py), in one run:

- per save: ``incident_save`` of the seed's 14 March incident (19 killed, three
  breakdown lines, actors, citation), with the history triggers on and with
  them disabled, alternating, best of three batches each;
- bulk: 10,000 breakdown lines written with one ``bulk_create``, triggers on
  and off.

Only the history triggers are switched off for the baseline; the constraint
triggers (breakdown sums) stay on in both, so the difference is the history.
Each measurement runs in a transaction that is rolled back.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


HISTORY_TRIGGERS = (
    "pgtrigger_insert_insert_",
    "pgtrigger_update_update_",
    "pgtrigger_delete_delete_",
)


def disable_history_triggers() -> None:
    """Switch off pghistory's triggers for the current transaction only: ALTER
    TABLE is transactional, so the rollback that ends each measurement turns
    them back on. (pgtrigger.ignore() would prefix every statement and so slow
    the baseline down instead.)"""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table, trigger_name FROM information_schema.triggers"
        )
        for table, trigger in cursor.fetchall():
            if trigger.startswith(HISTORY_TRIGGERS):
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{trigger}"')


class Rollback(Exception):
    pass


def timed(function, *, history: bool, setup=lambda: None) -> float:
    """Seconds that ``function(setup())`` takes in a transaction of its own,
    rolled back afterwards."""
    from django.db import transaction

    started = 0.0
    elapsed = 0.0
    try:
        with transaction.atomic():
            if not history:
                disable_history_triggers()
            prepared = setup()
            started = time.perf_counter()
            function(prepared)
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rows", type=int, default=10_000)
    arguments = parser.parse_args()

    from export_casualties import bench_database_url

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    from incidents.models import CasualtyGroup
    from incidents.services import incident_save
    from tests.factories import SeedWorld

    call_command("migrate", verbosity=0)

    # Reference rows are committed first: no deferred trigger event may be
    # pending when a measurement alters the tables.
    world = SeedWorld.__new__(SeedWorld)
    _make_world(world)

    def saves(_prepared):
        for _ in range(arguments.saves):
            incident_save(user=None, data=world.payload(), allow_status=True)

    def open_figure():
        """A figure of "at least 19" killed, so that any number of lines fits."""
        incident = incident_save(user=None, data=world.payload(), allow_status=True)
        figure = incident.casualty_figures.get()
        figure.breakdown_complete = False
        figure.count_max = None
        figure.save()
        return figure

    def bulk(figure):
        CasualtyGroup.objects.bulk_create(
            CasualtyGroup(
                figure=figure,
                count_min=0,
                count_max=0,
                nationalities=["SY"],
                nationality_basis="stated",
            )
            for _ in range(arguments.rows)
        )

    results = {}
    for label, function, setup in (("save", saves, lambda: None), ("bulk", bulk, open_figure)):
        on, off = [], []
        timed(function, history=True, setup=setup)  # warm-up: caches, plans
        for _ in range(3):
            off.append(timed(function, history=False, setup=setup))
            on.append(timed(function, history=True, setup=setup))
        results[label] = (min(on), min(off))

    save_on, save_off = results["save"]
    bulk_on, bulk_off = results["bulk"]
    per = arguments.saves
    print(f"\n{'':44} {'history on':>12} {'history off':>12} {'cost':>8}")
    print(
        f"{'one audited incident save (19 killed, 3 lines)':44} "
        f"{save_on / per * 1000:>9.2f} ms {save_off / per * 1000:>9.2f} ms "
        f"{(save_on / save_off - 1):>8.0%}"
    )
    print(
        f"{f'bulk insert of {arguments.rows:,} breakdown lines':44} "
        f"{bulk_on:>10.2f} s {bulk_off:>10.2f} s {(bulk_on / bulk_off - 1):>8.0%}"
    )
    print(f"\n({per} saves per batch, best of 3 batches each, alternating on and off)")


def _make_world(world) -> None:
    """The seed's reference rows, made once and kept in the bench database."""
    from incidents.models import Actor, Place
    from sources.models import Report, Source
    from tests.factories import make_actor, make_place, make_report, make_source

    def once(model, make, **lookup):
        return model.objects.filter(**lookup).first() or make()

    world.alaraby = once(
        Source, lambda: make_source("Al-Araby (bench)", kind="news_outlet"), name="Al-Araby (bench)"
    )
    world.sohr = once(Source, lambda: make_source("SOHR (bench)"), name="SOHR (bench)")
    world.report = once(
        Report, lambda: make_report(world.alaraby, title="Report (bench)"), title="Report (bench)"
    )
    world.militias = once(Actor, lambda: make_actor("Militias (bench)"), name="Militias (bench)")
    world.regime = once(
        Actor, lambda: make_actor("Regime (bench)", kind="state_forces"), name="Regime (bench)"
    )
    world.us = once(
        Actor, lambda: make_actor("US (bench)", kind="foreign_state_forces"), name="US (bench)"
    )
    world.place = once(
        Place, lambda: make_place("Mayadin desert (bench)"), name="Mayadin desert (bench)"
    )


if __name__ == "__main__":
    main()
