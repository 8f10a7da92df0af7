"""Headless Chromium (Debian's chromium and chromium-driver packages) through Selenium, and the
few moves the tests make in the Dagster UI."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

# Where Debian's packages put them. Naming both keeps Selenium Manager, which would download a
# browser and a driver, out of the picture.
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "install the chromium and chromium-driver packages (scripts/bootstrap.sh does)"
# The closed network refuses the browser's own background connections; these flags stop it trying.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH, HEIGHT = 1400, 900
Locator = tuple[str, str]
WAIT_S = 30
# A run starts in a process of its own: on a busy machine that alone can take half a minute.
RUN_WAIT_S = 120


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a new, empty profile and a WIDTHxHEIGHT viewport; quit afterwards."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    assert not missing, f"{' and '.join(missing)} not found; {INSTALL_HINT}"
    profile = tempfile.mkdtemp(prefix="exlib-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        # The window size includes the browser's frame; the screenshots want the page itself at this size.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class DagsterUI:
    """The Dagster UI at `url`, driven as a person would: by the links and buttons they click."""

    def __init__(self, driver: webdriver.Chrome, url: str, screenshots: "Screenshots"):
        self.driver = driver
        self.url = url
        self.screenshots = screenshots
        self.wait = self._wait(WAIT_S)

    def open(self, path: str) -> None:
        self.driver.get(self.url + path)

    def visible(self, locator: Locator, timeout: float = WAIT_S) -> WebElement:
        """The first element matching `locator` that is shown (the page also holds hidden copies of
        some texts, in <title> or in the measuring box behind a truncated label)."""
        return self._wait(timeout).until(
            lambda driver: _shown(driver, locator), f"{locator} not visible in {timeout} s"
        )

    def attribute(self, locator: Locator, name: str) -> str:
        return self.wait.until(lambda driver: self.visible(locator).get_attribute(name), f"{locator} has no {name}")

    def click(self, locator: Locator) -> None:
        """Click the shown element matching `locator` once it is enabled. React redraws the page as
        data arrives: an element replaced (or covered) just then is looked up and clicked again."""

        def clicked(driver) -> bool:
            element = _shown(driver, locator)
            if not element or not element.is_enabled():
                return False
            element.click()
            return True

        self._wait(WAIT_S, ElementClickInterceptedException).until(clicked, f"{locator} not clickable in {WAIT_S} s")

    def text(self, text: str, timeout: float = WAIT_S) -> WebElement:
        """The element whose own text is `text`, once it is visible."""
        return self.visible(self.text_locator(text), timeout)

    def text_locator(self, text: str) -> Locator:
        return (By.XPATH, f"//*[normalize-space(text())={_xpath_literal(text)}]")

    def button(self, label: str) -> Locator:
        return (By.XPATH, f"//button[normalize-space()={_xpath_literal(label)}]")

    def icon_button(self, icon: str) -> Locator:
        """A button showing only the icon named `icon` (Dagster names its icons in aria-label)."""
        return (By.XPATH, f"//button[not(normalize-space())][.//*[@role='img' and @aria-label='{icon}']]")

    def screenshot(self, name: str) -> Path:
        # The pointer rests where nothing reacts to it, so no hover highlight or tooltip shows.
        self.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": WIDTH // 2, "y": 4})
        return self.screenshots.save(self.driver, name)

    def _wait(self, timeout: float, *also_ignored: type[Exception]) -> WebDriverWait:
        ignored = (NoSuchElementException, StaleElementReferenceException, *also_ignored)
        return WebDriverWait(self.driver, timeout, ignored_exceptions=ignored)


class Screenshots:
    """PNGs of the steps, in `folder`; with `publish_to`, copied there too (docs/screenshots)."""

    def __init__(self, folder: Path, publish_to: Path | None = None):
        self.folder = folder
        self.publish_to = publish_to
        folder.mkdir(parents=True, exist_ok=True)

    def save(self, driver: webdriver.Chrome, name: str) -> Path:
        path = self.folder / f"{name}.png"
        assert driver.save_screenshot(str(path)), f"no screenshot written to {path}"
        if self.publish_to is not None:
            self.publish_to.mkdir(parents=True, exist_ok=True)
            # A UI needs few colours: a 256-colour palette keeps it sharp at a third of the size.
            palette = Image.open(path).convert("RGB").quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            palette.save(self.publish_to / path.name, optimize=True)
        return path


def _shown(driver: webdriver.Chrome, locator: Locator) -> WebElement | Literal[False]:
    return next((element for element in driver.find_elements(*locator) if element.is_displayed()), False)


def _xpath_literal(text: str) -> str:
    assert "'" not in text, f"{text!r}: quote it differently"
    return f"'{text}'"
