"""Browser tests: the real app on a free port, driven in the system's Chromium.

pytest-playwright cannot find Debian's Chromium by itself, and no browser download works
here, so the launch arguments name it (env CHROMIUM_PATH, else `chromium` on PATH).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError, expect
from werkzeug.serving import make_server


SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]

# A condition waited for may take longer than Playwright's 5 s when the suite's workers share
# two cores (a cold server draws the zone shapes in seconds): as long as an action may (30 s).
# A wrong page still fails, later.
expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("No Chromium found: install Debian's `chromium` (`.ci/run` does) or set CHROMIUM_PATH")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """No service worker unless a test asks for one (tests/browser/test_offline.py does):
    each fresh context would otherwise precache the whole content while the test runs."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def live_server(app):
    """The session's app (tests/conftest.py) on a free port: a port of its own in each worker."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(scope="session")
def precached(app, live_server) -> str:
    """The live server with every URL its service worker precaches rendered once into the app's
    response cache (brotli too): a worker's install then waits on the browser, not on a cold
    server building the offline bundles while another test worker shares the cores."""
    client = app.test_client()
    script = client.get("/sw.js").get_data(as_text=True)
    for url in json.loads(re.search(r"^const PRECACHE = (.*);$", script, re.M).group(1)):
        assert client.get(url, headers={"Accept-Encoding": "br"}).status_code == 200, url
    return live_server


@pytest.fixture()
def console_errors(page):
    """Console errors and uncaught exceptions of the page; a test asserts it stays empty."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def capture(page, path: Path, full_page: bool = False) -> Path:
    """A screenshot of the page at ``path``. Chromium now and then refuses a capture outright and
    takes the same one when asked again (robotframework-browser#5237): asked once more, then."""
    try:
        page.screenshot(path=str(path), full_page=full_page)
    except PlaywrightError as error:
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(250)
        page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture()
def shoot(page):
    """Save a screenshot to tests/browser/screenshots/<name>.png (look at them)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(name: str, full_page: bool = False) -> Path:
        return capture(page, SCREENSHOTS / f"{name}.png", full_page)

    return save


REGION_PATH_DATA = """async (regionId) => {
    // a region's path data as the page's scripts read it (static/js/region-path.js)
    const entry = document.querySelector('script[type=module]').src;
    const { regionPathData } = await import(entry.replace(/app\\.js.*/, 'region-path.js'));
    return regionPathData(document.querySelector(`svg.body-map [data-region="${regionId}"]`));
}"""

FIND_OPEN_POINT = """(regionId) => {
    // a point of the region that no marker covers, scanning its bounding box
    const region = document.querySelector(`svg.body-map [data-region="${regionId}"]`);
    const box = region.querySelector('path, use').getBoundingClientRect();
    for (let fy = 0.5, i = 0; i < 9; i++, fy = 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.1) {
        for (let fx = 0.5, j = 0; j < 9; j++, fx = 0.5 + (j % 2 ? 1 : -1) * Math.ceil(j / 2) * 0.1) {
            const x = box.left + box.width * fx, y = box.top + box.height * fy;
            if (document.elementFromPoint(x, y)?.closest('[data-region]') === region) return [x, y];
        }
    }
    return null;
}"""


def click_region(page, region_id: str) -> None:
    """Click a region where it is itself under the pointer (not a marker on top of it)."""
    point = page.evaluate(FIND_OPEN_POINT, region_id)
    assert point, f"no uncovered point of {region_id} on screen"
    page.mouse.click(*point)


def open_more(page) -> None:
    """Open the map's "More" tools (zoom, full screen, downloads) when they are closed."""
    toggle = page.locator("#more-toggle")
    toggle.wait_for(state="visible")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
