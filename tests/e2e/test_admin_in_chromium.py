"""An editor enters the 14 March strikes in a real browser, as a person would."""

import os
import shutil

import pytest

from incidents.models import Incident
from tests.factories import NINETEEN_KILLED_QUOTE, SeedWorld, make_user

# Playwright's synchronous API keeps an event loop in this thread; the ORM calls
# made by the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_page():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; .ci/run installs Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI runs this test.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def choose(page, field_id: str, search: str, option: str) -> None:
    """Pick a value in one of the admin's autocomplete (select2) widgets."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{option}')")


def fill_line(
    page, index: int, count: int, nationalities: str, basis: str, excluded: str, affiliation: str
) -> None:
    prefix = f"id_casualty_figures-0-breakdown-{index}"
    page.fill(f"#{prefix}-count_min", str(count))
    page.fill(f"#{prefix}-count_max", str(count))
    page.fill(f"#{prefix}-nationalities", nationalities)
    page.select_option(f"#{prefix}-nationality_basis", basis)
    if excluded:
        page.select_option(f"#{prefix}-excluded_nationality", excluded)
    choose(page, f"{prefix}-affiliation", affiliation.split()[0], affiliation)
    page.select_option(f"#{prefix}-combatant_status", "combatant")


def test_an_editor_enters_the_19_killed_and_its_breakdown(
    live_server, browser_page, transactional_db
):
    world = SeedWorld()
    editor = make_user("editor")
    editor.set_password(PASSWORD)
    editor.save()
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")

    page.fill("#id_title", "US airstrikes in the desert of Mayadin and Albukamal")
    page.select_option("#id_incident_type", "airstrike")
    page.fill("#id_date_start", "2023-03-14")
    page.fill("#id_date_note", "14 March, no year")
    page.check("#id_year_inferred")
    choose(page, "id_place", "Mayadin", "Desert of Mayadin and Albukamal")
    page.select_option("#id_geo_precision", "admin1")

    page.click("text=Add another Casualty figure")
    page.select_option("#id_casualty_figures-0-outcome", "killed")
    page.fill("#id_casualty_figures-0-count_min", "19")
    page.fill("#id_casualty_figures-0-count_max", "19")
    page.check("#id_casualty_figures-0-breakdown_complete")
    choose(page, "id_casualty_figures-0-report", "Deir", "Deir ez-Zor report")
    choose(
        page,
        "id_casualty_figures-0-attributed_to",
        "Observatory",
        "Syrian Observatory for Human Rights",
    )
    page.fill("#id_casualty_figures-0-quote", NINETEEN_KILLED_QUOTE)

    for _ in range(3):
        page.click("text=Add another Breakdown line")
    fill_line(page, 0, 11, "SY", "stated", "", "Iran-backed militias")
    fill_line(page, 1, 3, "SY", "inferred", "", "Syrian regime forces")
    fill_line(page, 2, 4, "", "stated", "SY", "Iran-backed militias")  # a typo: 4, not 5

    page.click("input[name=_save]")

    page.wait_for_selector(".errorlist")
    assert "The breakdown adds up to 18 but the figure says 19." in page.inner_text("#content")
    assert not Incident.objects.exists()
    # Nothing the editor typed is lost: correct the line and save again.
    assert page.input_value("#id_casualty_figures-0-breakdown-0-count_min") == "11"
    page.fill("#id_casualty_figures-0-breakdown-2-count_min", "5")
    page.fill("#id_casualty_figures-0-breakdown-2-count_max", "5")
    page.click("input[name=_save]")

    page.wait_for_selector(".messagelist .success")
    incident = Incident.objects.get()
    figure = incident.casualty_figures.get()
    assert (figure.count_min, figure.count_best, figure.count_max) == (19, 19, 19)
    assert figure.attributed_to == world.sohr
    assert sorted(
        figure.breakdown.values_list("count_min", "nationality_basis", "excluded_nationality")
    ) == [(3, "inferred", ""), (5, "stated", "SY"), (11, "stated", "")]
    assert incident.created_by == editor
    assert "19" in page.inner_text("#result_list")
