"""The real app in a real browser: ``streamlit run app.py`` on loopback over the tiny index, driven
by Playwright with Debian's Chromium (never a downloaded browser; no outside network).

Saves the screenshots in ``docs/screenshots/`` that the README shows.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.settings import ENV_PREFIX, REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
SHOTS = REPO_ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1400, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ANSWER_TIMEOUT_MS = 240_000  # the server's first question also loads the embedding model

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]
playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def app_url(tiny_index, tmp_path_factory):
    """The app served by ``streamlit run`` over the tiny index; stopped at the end of the module."""
    settings, _ = tiny_index
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env[ENV_PREFIX + "CORPUS_DIR"] = str(settings.corpus_dir)
    env[ENV_PREFIX + "INDEX_DIR"] = str(settings.index_dir)
    env["HOME"] = str(tmp_path_factory.mktemp("home"))  # no ~/.streamlit credentials prompt or config
    port = free_port()
    log = (tmp_path_factory.mktemp("server") / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"),
            "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
            "--server.fileWatcherType", "none", "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with playwright_sync.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
        )
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser):
    p = browser.new_page()
    yield p
    p.close()


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stChatInput] textarea", timeout=ANSWER_TIMEOUT_MS)


def ask(page, question: str) -> None:
    box = page.locator("[data-testid=stChatInput] textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_selector(".iqa-card, .iqa-timeline, [data-testid=stAlert]", timeout=ANSWER_TIMEOUT_MS)
    settle(page)


def follow_up(page, question: str):
    """Ask ``question`` in the chat already open, wait for its answer, and return (the reader's message,
    the answer's message)."""
    messages = page.locator("[data-testid=stChatMessage]")
    before = messages.count()
    box = page.locator("[data-testid=stChatInput] textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=stChatMessage]').length >= {before + 2}", timeout=ANSWER_TIMEOUT_MS)
    answered = messages.nth(before + 1).locator(".iqa-timeline, .iqa-answer, [data-testid=stAlert]").first
    answered.wait_for(timeout=ANSWER_TIMEOUT_MS)
    settle(page)
    # A rerun on a loaded machine may redraw the message after it first showed: wait for it again.
    answered.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return messages.nth(before), messages.nth(before + 1)


def settle(page, timeout: float = 60.0) -> None:
    """Wait until the script run is over (Streamlit's running indicator gone), then a moment for layout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator("[data-testid=stStatusWidget]").count() == 0:
            break
        time.sleep(0.3)
    time.sleep(0.8)


def show_message(page, index: int) -> None:
    """Scroll chat message ``index`` to the top of the view (Streamlit keeps the chat scrolled to the end)."""
    page.evaluate(
        "i => document.querySelectorAll('[data-testid=stChatMessage]')[i].scrollIntoView({block: 'start'})", index
    )
    time.sleep(0.5)


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= 0 && r.top < window.innerHeight; }""",
        selector,
    )


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def test_ask_see_cited_answer_and_open_a_citation(app_url, page):
    open_app(page, app_url)
    ask(page, "What did Ofsted say about care leavers in BCP in December 2024?")

    answer = page.locator(".iqa-answer").last
    assert len(answer.inner_text().strip()) > 40
    links = answer.locator("a.iqa-cite")
    assert links.count() >= 1
    cards = page.locator(".iqa-card")
    assert cards.count() >= 1
    for i in range(links.count()):  # every badge points at a card that is on the page
        target = links.nth(i).get_attribute("href")
        assert target.startswith("#iqa-")
        assert page.locator(target).count() == 1
    assert page.locator(".iqa-card mark").count() >= 1
    assert page.locator(".iqa-kind-primary").count() + page.locator(".iqa-kind-secondary").count() >= cards.count()

    show_message(page, 0)
    screenshot(page, "chat-answer.png")

    # A badge opens its passage: the page scrolls to the card and marks it.
    first = links.first
    target = first.get_attribute("href")
    page.locator(target).evaluate("e => e.closest('[data-testid=stMain]')?.scrollTo(0, 0)")
    show_message(page, 0)
    first.click()
    time.sleep(0.8)
    assert page.url.endswith(target)
    assert page.locator(target).evaluate("e => e.matches(':target')")
    assert in_view(page, target)

    # The card's button shows the whole page (or, for a text file, the text around the passage).
    card = page.locator(".st-key-card-" + target.removeprefix("#iqa-"))  # the card's container
    assert card.locator(target).count() == 1
    card.get_by_role("button", name="Open the whole").click()
    dialog = page.locator("[role=dialog]")
    dialog.locator(".iqa-page").wait_for(timeout=60_000)
    assert dialog.locator(".iqa-chunk").count() == 1
    assert len(dialog.locator(".iqa-page").inner_text()) > len(dialog.locator(".iqa-chunk").inner_text())
    settle(page)
    screenshot(page, "source-page.png")
    page.keyboard.press("Escape")


def test_change_over_time_question_shows_a_timeline(app_url, page):
    open_app(page, app_url)
    ask(page, "How have BCP's children's services changed since 2019?")
    timeline = page.locator(".iqa-timeline")
    timeline.wait_for(timeout=ANSWER_TIMEOUT_MS)
    rows = timeline.locator(".iqa-tl-item")
    assert rows.count() >= 2
    dates = [rows.nth(i).locator(".iqa-tl-date").inner_text() for i in range(rows.count())]
    assert all(d for d in dates)
    assert rows.locator(".iqa-kind").count() == rows.count()  # every row says which kind of source it is
    assert timeline.locator("a.iqa-cite").count() >= rows.count()
    assert page.get_by_text("named in the question").count() >= 1  # the scope the question set is shown
    show_message(page, 0)
    screenshot(page, "timeline.png")


def test_a_follow_up_is_read_against_the_question_before_it(app_url, page):
    open_app(page, app_url)
    ask(page, "How have BCP's children's services changed since 2019?")
    asked, answer = follow_up(page, "What about Dorset?")
    assert "What about Dorset?" in asked.inner_text()
    assert "Read as: How have Dorset's children's services changed since 2019?" in asked.inner_text()
    said = answer.inner_text()
    assert "Searched: Dorset Council" in said and "since 2019" in said, said
    assert answer.locator(".iqa-card").count() >= 1 and "BCP Council" not in said, said
    # A question naming no authority that points back is asked of the one asked about before.
    pointing, answer = follow_up(page, "How did they do in 2021?")
    assert "Read as: How did Dorset do in 2021?" in pointing.inner_text()
    said = answer.inner_text()
    assert "Searched: Dorset Council" in said and "BCP Council" not in said, said
    # A mistyped word is read as the word meant, before the question is read against the one before it.
    mistyped, answer = follow_up(page, "Waht about BCP?")
    assert "Read as: How did BCP do in 2021?" in mistyped.inner_text()


def test_they_after_which_councils_are_the_councils_the_answer_listed(app_url, page):
    open_app(page, app_url)
    ask(page, "Which councils were judged inadequate in 2021?")  # of BCP and Dorset, BCP
    pointing, answer = follow_up(page, "When were they last inspected?")
    assert "Read as: When were BCP last inspected?" in pointing.inner_text()
    said = answer.inner_text()
    assert "Searched: BCP Council" in said and "Dorset" not in said, said


def test_corpus_page_lists_the_indexed_documents(app_url, page, tiny_index):
    settings, store = tiny_index
    page.goto(f"{app_url}/corpus")
    page.get_by_role("heading", name="Corpus").wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.locator("[data-testid=stDataFrame]").wait_for(timeout=60_000)
    settle(page)
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Documents")
    assert metric.locator("[data-testid=stMetricValue]").inner_text().strip() == str(len(store.documents))
    assert page.get_by_role("button", name="Update index").is_enabled()
    assert page.locator("[data-testid=stFileUploader]").count() == 1
    screenshot(page, "corpus.png")

