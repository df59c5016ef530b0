"""Small builders for test data. Each returns saved rows made through the
services, so tests exercise the same path as real input."""

import copy
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from incidents.models import Actor, Place
from incidents.services import actor_save, incident_save, place_save
from sources.models import Report, Source
from sources.services import report_save, source_save

SEED_SENTENCE = (
    "وفي 14 مارس/ آذار الماضي، استهدفت الطائرات الأميركية بعدة غارات جوية مواقع للمليشيات "
    "الإيرانية في باديتي الميادين والبوكمال شرقي محافظة دير الزور، ما أسفر عن مقتل 19 عنصراً "
    "(11 من السوريين العاملين ضمن المليشيات الموالية لإيران، بالإضافة إلى 3 عناصر من قوات "
    "النظام، و5 من المليشيات الموالية لإيران من جنسيات غير سورية) وفق المرصد السوري لحقوق "
    "الإنسان."
)
NINETEEN_KILLED_QUOTE = "ما أسفر عن مقتل 19 عنصراً"


def make_user(username="editor", *, group="editor", **extra):
    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery staple", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_source(name="Syrian Observatory for Human Rights", **fields) -> Source:
    data = {"name": name, "kind": "monitoring_group", **fields}
    return source_save(user=None, data=data)


def make_report(source=None, *, text=SEED_SENTENCE, **fields) -> Report:
    source = source or make_source("Al-Araby Al-Jadeed", kind="news_outlet")
    data = {"source": source, "title": "Deir ez-Zor report", "language": "ar", "text": text}
    data.update(fields)
    return report_save(user=None, data=data)


def make_actor(name="Iran-backed militias", **fields) -> Actor:
    return actor_save(user=None, data={"name": name, "kind": "militia", **fields})


def make_place(name="Desert of Mayadin and Albukamal", **fields) -> Place:
    data = {"name": name, "country": "SY", "admin1": "Deir ez Zor Governorate", **fields}
    return place_save(user=None, data=data)


class SeedWorld:
    """The rows the 14 March incident refers to."""

    def __init__(self):
        self.alaraby = make_source("Al-Araby Al-Jadeed", kind="news_outlet")
        self.sohr = make_source("Syrian Observatory for Human Rights")
        self.report = make_report(self.alaraby)
        self.militias = make_actor("Iran-backed militias")
        self.regime = make_actor("Syrian regime forces", kind="state_forces", country="SY")
        self.us = make_actor("United States Armed Forces", kind="foreign_state_forces")
        self.place = make_place()

    def lines(self, last_line_count=5):
        return [
            {
                "count_min": 11,
                "count_max": 11,
                "nationalities": ["SY"],
                "nationality_basis": "stated",
                "affiliation": self.militias,
                "combatant_status": "combatant",
            },
            {
                "count_min": 3,
                "count_max": 3,
                "nationalities": ["SY"],
                "nationality_basis": "inferred",
                "affiliation": self.regime,
                "combatant_status": "combatant",
            },
            {
                "count_min": last_line_count,
                "count_max": last_line_count,
                "nationalities": [],
                "nationality_basis": "stated",
                "excluded_nationality": "SY",
                "affiliation": self.militias,
                "combatant_status": "combatant",
            },
        ]

    def payload(self, **overrides):
        data = {
            "title": "US airstrikes in the desert of Mayadin and Albukamal",
            "incident_type": "airstrike",
            "date_start": date(2023, 3, 14),
            "date_end": date(2023, 3, 14),
            "date_precision": "day",
            "date_note": "14 March, no year",
            "year_inferred": True,
            "place": self.place,
            "geo_precision": "admin1",
            "status": "draft",
            "actors": [
                {"actor": self.us, "role": "perpetrator"},
                {"actor": self.militias, "role": "target"},
            ],
            "citations": [
                {
                    "report": self.report,
                    "attributed_to": self.sohr,
                    "quote": "استهدفت الطائرات الأميركية بعدة غارات جوية",
                }
            ],
            "casualty_figures": [
                {
                    "report": self.report,
                    "attributed_to": self.sohr,
                    "outcome": "killed",
                    "count_min": 19,
                    "count_best": 19,
                    "count_max": 19,
                    "breakdown_complete": True,
                    "quote": NINETEEN_KILLED_QUOTE,
                    "breakdown": self.lines(),
                },
            ],
        }
        data.update(overrides)
        return copy.copy(data)

    def save(self, user=None, **overrides):
        return incident_save(user=user, data=self.payload(**overrides), allow_status=True)
