"""The query page in a real browser (headless Chromium from Debian): it loads, runs a stored query,
shows its rows with labels, and never requests anything from a host other than the server.
With JavaScript off, the plain form still answers."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from httpserver import Served, serve, spacekg_serve

from spacekg.sources.project import Project

pytestmark = pytest.mark.slow
webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server(project: Project) -> Iterator[Served]:
    with serve(spacekg_serve(project.root)) as served:
        yield served


def browser(profile: Path, *, javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    # Without the network, Chromium's own background services would fail or wait: turn them off.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1400,1000"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    from selenium.webdriver.chrome.service import Service

    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Every URL the page asked for, from the DevTools performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def network(urls: list[str]) -> list[str]:
    """The requests that go over the network (the browser's own pages, chrome:// and the new tab
    page's chrome-untrusted://, do not)."""
    return [u for u in urls if urlsplit(u).scheme not in ("chrome", "chrome-untrusted", "chrome-extension", "devtools",
                                                         "data", "blob", "about")]


def wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_the_page_runs_a_stored_query_and_asks_only_its_server(server: Served, tmp_path: Path):
    from selenium.webdriver.common.by import By

    driver = browser(tmp_path / "profile")
    try:
        requested_urls(driver)  # drop what the browser's own start page asked for
        driver.get(server.url)
        wait_for(lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        example = driver.find_element(By.CSS_SELECTOR, '#example-list li[data-query="ordinals"] button')
        assert example.text == "Ordinal achievements, derived"
        example.click()
        wait_for(lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-answered"))
        rows = driver.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
        assert len(rows) == 16
        text = " ".join(r.get_attribute("textContent") for r in rows)
        # each IRI shows its label, with the prefixed IRI beside it
        assert "lunar far-side soft landing skg:LunarFarSideSoftLanding" in text
        assert "China d:china" in text
        downloads = driver.find_elements(By.CSS_SELECTOR, "#downloads a")
        assert {a.text for a in downloads} >= {"json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"}
        urls = requested_urls(driver)
        host = urlsplit(server.url).netloc
        assert urls and all(urlsplit(u).netloc == host for u in network(urls)), network(urls)
        assert any("/queries/ordinals" in u for u in urls)
    finally:
        driver.quit()


def test_the_plain_form_works_without_javascript(server: Served, tmp_path: Path):
    from selenium.webdriver.common.by import By

    driver = browser(tmp_path / "profile", javascript=False)
    try:
        requested_urls(driver)
        driver.get(server.url)
        area = driver.find_element(By.CSS_SELECTOR, "form.plain textarea")
        area.clear()
        area.send_keys("SELECT ?c WHERE { ?c a skg:Country } ORDER BY ?c")
        driver.find_element(By.CSS_SELECTOR, "form.plain button").click()
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "table.results tbody tr"))
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.results tbody td")]
        assert "China d:china" in cells
        host = urlsplit(server.url).netloc
        assert all(urlsplit(u).netloc == host for u in network(requested_urls(driver)))
    finally:
        driver.quit()
