"""The reports in a real browser: a parallel run's ``index.html`` and its scenarios' own HTML reports, opened in
headless Chromium, show the verdicts, the sign-off headline and the embedded offer plots (decoded images with
their natural size, as drawn).

The run is the stand-ins' (tests/standins: no balanz), with the repository's ``pyproject.toml`` so that the
HTML formatter has the suite's own options. The browser is Debian's ``chromium`` driven through Debian's
``chromedriver`` by Selenium: the two come from one Debian source package, so the driver always matches the
browser, and nothing is downloaded at install or test time (Selenium Manager is not used when the driver's path
is given). Without them (or without the ``selenium`` package of the dev extra) the test is skipped with the
reason; ``.ci/run`` installs both.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from balanz_acceptance.core.settings import PROJECT_ROOT
from balanz_acceptance.reporting.results import RunResults
from tests.standin_run import Project, make_project
from tests.test_parallel import run_runner

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Chromium as root in a closed network: no sandbox, no GPU, and none of its own background connections.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)
SEEN = """Feature: Seen in a browser
  Rule: An idle charger is offered nothing
    Scenario: HQ-14 is offered nothing for a balancing tick
      Given HQ-14 is available
      Then the offer to HQ-14 stays at 0 A for 1 balancing tick

  Rule: A stand-in never offers 16 A
    Scenario: HQ-14 is never offered 16 A by the stand-in
      Given HQ-14 is available
      Then the offer to HQ-14 stays at 0 A for 1 balancing tick
      And the offer to HQ-14 stays at 16 A for 1 balancing tick
"""
PASSED = "HQ-14 is offered nothing for a balancing tick"
FAILED = "HQ-14 is never offered 16 A by the stand-in"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium (Debian's) through chromedriver, with a fresh profile; skipped where it is missing."""
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="the browser test needs selenium: pip install -e '.[dev]'"
    )
    from selenium.webdriver.chrome.service import Service

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.skip(
            f"no headless browser: {', '.join(missing)} missing (Debian: apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (*CHROMIUM_ARGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A parallel run of the stand-ins: one scenario passes, one fails; its reports directory."""
    project: Project = make_project(tmp_path_factory.mktemp("browser") / "project")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", project.root / "pyproject.toml")
    result = run_runner(project, "-j", "2", str(project.feature("seen", SEEN)))
    assert result.returncode == 1, result.stdout + result.stderr
    statuses = {r.name: r.status for r in RunResults.read(project.reports).scenarios}
    assert statuses == {PASSED: "passed", FAILED: "failed"}, statuses
    return project.reports


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (IHDR)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def open_page(browser: Any, path: Path) -> None:
    browser.get(path.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def rendered_images(browser: Any) -> list[dict[str, Any]]:
    """Every image of the page once decoded: natural size, shown size, and whether decoding succeeded."""
    return browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const images = Array.from(document.images);
        Promise.all(images.map(i => i.decode().then(() => true, () => false))).then(decoded => done(
            images.map((i, n) => ({decoded: decoded[n], complete: i.complete, naturalWidth: i.naturalWidth,
                                   naturalHeight: i.naturalHeight, shownWidth: i.getBoundingClientRect().width,
                                   shownHeight: i.getBoundingClientRect().height}))));
        """
    )


def test_the_index_shows_the_headline_and_every_verdict(browser, reports):
    from selenium.webdriver.common.by import By

    open_page(browser, reports / "index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "balanz acceptance: parallel run"
    headline = browser.find_element(By.CSS_SELECTOR, "p b")
    assert headline.is_displayed()
    assert headline.text.startswith(
        "Result: NOT SIGNED OFF: rules that did not hold: Seen in a browser: A stand-in never offers 16 A"
    ), headline.text
    rows = browser.find_elements(By.CSS_SELECTOR, "table tr")[1:]
    shown = {
        row.find_element(By.CSS_SELECTOR, "td:nth-child(3)").text: (
            row.find_element(By.CSS_SELECTOR, "td:first-child").text,
            row.find_element(By.CSS_SELECTOR, "td:first-child").value_of_css_property("color"),
        )
        for row in rows
    }
    assert shown == {FAILED: ("failed", "rgba(198, 40, 40, 1)"), PASSED: ("passed", "rgba(46, 125, 50, 1)")}


@pytest.mark.parametrize(
    ("name", "verdict", "headline"),
    [
        (PASSED, "passed", "Result: all rules hold - 1 scenario passed"),
        (FAILED, "failed", "Result: NOT SIGNED OFF: rules that did not hold: Seen in a browser: A stand-in never"),
    ],
    ids=["passed", "failed"],
)
def test_a_scenarios_report_shows_its_verdict_headline_and_plot(browser, reports, tmp_path, name, verdict, headline):
    from selenium.webdriver.common.by import By

    open_page(browser, reports / "index.html")
    browser.find_element(By.LINK_TEXT, name).click()
    assert browser.execute_script("return document.readyState") == "complete"
    page = Path(browser.current_url.removeprefix("file://"))
    assert page.name == "index.html" and page.parent.parent.parent == reports / "parallel"
    summary = browser.find_element(By.CSS_SELECTOR, ".global-summary h2")
    assert summary.is_displayed() and summary.text.startswith(headline), summary.text
    assert browser.title.startswith(headline)
    sections = browser.find_elements(By.CSS_SELECTOR, "section.scenario-filter-container")
    (scenario,) = [s for s in sections if name in s.text]  # the worker ran this one; the feature's others skipped
    assert verdict in scenario.get_attribute("class").split(), scenario.get_attribute("class")
    images = rendered_images(browser)
    (plot,) = list(page.parent.glob("runtime/*/*/offers-HQ.png"))
    width, height = png_size(plot.read_bytes())
    assert images == [
        {
            "decoded": True,
            "complete": True,
            "naturalWidth": width,
            "naturalHeight": height,
            "shownWidth": images[0]["shownWidth"],
            "shownHeight": images[0]["shownHeight"],
        }
    ], images
    assert images[0]["shownWidth"] > 0 and images[0]["shownHeight"] > 0, "the plot is shown, not collapsed"
    browser.save_screenshot(str(tmp_path / f"{verdict}.png"))  # for a person to look at when it fails
