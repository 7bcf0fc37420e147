"""The review page in a real browser (Debian's headless Chromium via Playwright): one volunteer finds
the indicator by name, previews the impact and approves; because the change moves a development-set
figure, a second volunteer, logged in separately, approves it; then it is reverted and the history
shows each step. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import threading
import time

import pytest
from test_web_browser import ARGS, ARTIFACTS, CHROMIUM, _free_port

from bot.app import App, Settings
from bot.channels.web.server import WebConfig, create_app
from bot.services.impact import ImpactPreview
from bot.services.roles import Roles
from bot.store.operators import Operators

PASSWORD = "correct horse battery"
PHRASE = "紫罗兰充值卡"  # made up
SLOW = 90_000  # ms: a preview or an approval analyses the sets again (seconds on a busy machine)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: install Debian's chromium package to run the browser tests"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    base = tmp_path_factory.mktemp("review-browser")
    corpus = base / "corpus"
    corpus.mkdir()
    rows = [{"text": f"对方让我准备{PHRASE}", "label": "scam"}] * 4  # (no flag reads it yet)
    rows += [{"text": f"第{k}条：周五下午大扫除", "label": "benign"} for k in range(100)]
    (corpus / "mine.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    db = base / "review.db"
    setup = App(Settings(db_path=db, admins=("cli:admin",)))
    roles = Roles(setup.store, ("cli:admin",))
    for login in ("alice", "bob"):
        Operators(setup.store).add(login, PASSWORD)
        roles.grant("cli:admin", f"op:{login}", "volunteer")
    setup.review.suggest("tg:9", f"他让我去买{PHRASE}", "phrase")
    setup.review.suggest("tg:8", "您好", "phrase")  # a greeting as a scam phrase: refused with its impact
    setup.close()

    app = App(Settings(db_path=db))
    port = _free_port()
    web = create_app(app, WebConfig())
    srv = uvicorn.Server(
        uvicorn.Config(web, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="off")
    )

    def run() -> None:
        _ = app.store  # opened on the serving thread
        app.review._impact = ImpactPreview(app.keeper.root, corpus=corpus)
        srv.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://localhost:{port}", app
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def volunteer(browser, base: str, login: str):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(SLOW)  # an approval analyses the sets again: seconds, more on a busy machine
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/console/review")
    assert page.url.endswith("/console/login")
    page.locator("#login").fill(login)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(f"{base}/console/review")
    return context, page, errors


def test_approve_with_a_second_volunteer_then_revert(server, browser):
    from playwright.sync_api import expect

    base, app = server
    ARTIFACTS.mkdir(exist_ok=True)
    ctx_a, alice, errors_a = volunteer(browser, base, "alice")
    item = alice.locator("article.item").first
    expect(item).to_contain_text(PHRASE)

    # Find the indicator by its Chinese name and use it for the suggestion.
    item.locator("input.target").focus()
    alice.locator("#indicator-search").fill("转账")
    expect(alice.locator("#indicator-results code").first).to_be_visible(timeout=SLOW)
    first = alice.locator("#indicator-results .use-indicator").first
    chosen = first.get_attribute("data-id")
    first.click()
    expect(item.locator("input.target")).to_have_value(chosen)
    item.locator("input[name=text]").fill(PHRASE)
    item.locator(".preview-btn").click()
    expect(item.locator(".impact table")).to_contain_text("mine.jsonl", timeout=SLOW)
    expect(item.locator(".impact .second").first).to_be_visible(timeout=SLOW)  # moves the dev-set recall: two people
    alice.screenshot(path=str(ARTIFACTS / "review-impact.png"), full_page=True)
    item.locator("input[name=reason]").fill("gift-card ask seen in three accounts")
    item.locator("button[value=approve]").click()
    expect(alice.locator("#message")).to_contain_text("second volunteer", timeout=SLOW)
    ctx_b, bob, errors_b = volunteer(browser, base, "bob")
    card = bob.locator("#h-second + article.item")
    waiting_id = int(card.get_attribute("id")[1:])
    expect(card).to_contain_text(PHRASE, timeout=SLOW)
    card.locator("input[name=reason]").fill("the examples are scams")
    card.locator("button[value=approve]").click()
    expect(bob.locator("#message")).to_contain_text("approved by a second volunteer", timeout=SLOW)
    row = bob.locator(f"#live-a{waiting_id}")
    expect(row).to_contain_text("bob")
    expect(row).to_contain_text("alice")
    served = lambda: [p for i in app.kb.indicators() if i.id == chosen for p in i.phrases]  # noqa: E731
    assert PHRASE in served()
    bob.screenshot(path=str(ARTIFACTS / "review-second-approval.png"), full_page=True)

    row.locator("input[name=reason]").fill("too many false alarms at the school fair")
    row.locator("button[value=revert]").click()
    expect(bob.locator("#message")).to_contain_text("reverted", timeout=SLOW)
    expect(bob.locator(f"#live-a{waiting_id}")).to_have_count(0)
    assert PHRASE not in served()

    bob.goto(f"{base}/console/review/history/a{waiting_id}")
    actions = bob.locator("td.action").all_inner_texts()
    assert actions == ["propose", "approve", "approve", "revert"], actions
    expect(bob.locator("table.history")).to_contain_text("too many false alarms")
    bob.screenshot(path=str(ARTIFACTS / "review-history.png"), full_page=True)
    # The greeting: refused, and the page shows why and what it would have changed.
    alice.goto(f"{base}/console/review")
    greeting = alice.locator("article.item").filter(has_text="您好").first
    greeting.locator("input.target").fill("refund_compensation.parcel_lost")
    greeting.locator("input[name=reason]").fill("customers say it")
    greeting.locator("button[value=approve]").click()
    expect(alice.locator("#error")).to_contain_text("refused", timeout=SLOW)
    expect(alice.locator("#refused-impact")).to_contain_text("everyday.yml")
    expect(alice.locator("#refused-impact .refusal").first).to_be_visible()
    alice.screenshot(path=str(ARTIFACTS / "review-refused.png"), full_page=True)
    assert errors_a == [] and errors_b == []
    ctx_a.close()
    ctx_b.close()
