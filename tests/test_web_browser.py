"""The operator console in a real browser: Debian's headless Chromium driven by Playwright.

Needs /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it) and the `playwright`
Python package (the `test` extra). Playwright's own browser download is never used. Skips, with
the reason, only when Chromium is absent. The screenshot is written to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from bot.app import App, Settings
from bot.channels.web.server import WebConfig, create_app
from bot.services.roles import Roles
from bot.store.operators import Operators

CHROMIUM = Path(os.environ.get("CALLCHECK_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PASSWORD = "correct horse battery"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: install Debian's chromium package to run the browser tests"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, kb):
    """`callcheck serve`'s application on 127.0.0.1 in a thread, with one operator account; stops by itself."""
    import uvicorn

    db = tmp_path_factory.mktemp("browser") / "console.db"
    setup = App(Settings(db_path=db, admins=("cli:admin",)))
    for login, role in (("alice", "operator"), ("bob", "operator"), ("carol", "supervisor")):
        Operators(setup.store).add(login, PASSWORD, role)
        Roles(setup.store, ("cli:admin",)).grant("cli:admin", f"op:{login}", "operator")
    setup.close()

    app = App(Settings(db_path=db))
    app._kb = kb
    port = _free_port()
    web = create_app(app, WebConfig())
    config = uvicorn.Config(web, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="off")
    srv = uvicorn.Server(config)

    def run() -> None:
        _ = app.store  # opened now, on the serving thread, with the same salt the setup used
        srv.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://localhost:{port}"  # a secure context for Chromium, so the Secure cookies are kept
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def log_in_with_the_keyboard(page, base: str, login: str = "alice") -> None:
    page.goto(f"{base}/console")
    assert page.url.endswith("/console/login")
    page.locator("#login").focus()  # where autofocus puts it
    page.keyboard.type(login)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/console")


def test_a_call_from_login_to_reopened_case(server, browser, kb):
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in_with_the_keyboard(page, server)

    script = kb.scripts["refund_compensation"]
    account = page.locator("#account")
    account.focus()
    # The account arrives in pieces, as the caller speaks; the sheet follows each piece.
    page.keyboard.type("我叫王小明。有人打电话说我是淘宝客服，")
    expect(page.locator("#script-name")).to_have_text(script.names.zh)
    expect(page.locator("#stage")).to_contain_text(script.stages[0].name.zh)
    expect(page.locator("#ask")).to_contain_text(script.guide_for("impersonation").ask[0].zh)

    page.keyboard.type("说你买的面膜有质量问题，给你三倍赔偿，")
    expect(page.locator("#stage")).to_contain_text(script.stages[1].name.zh)
    expect(page.locator("#ask")).to_contain_text(script.guide_for("pretext").ask[0].zh)

    page.keyboard.type("理赔要开通备用金，还让我把验证码告诉他，他的号码是13800138000")
    expect(page.locator("#stage")).to_contain_text(f"{script.stages[2].name.zh} (3/3)")
    expect(page.locator("#ask")).to_contain_text(script.guide_for("claim_process").ask[0].zh)
    expect(page.locator("#say")).to_contain_text(script.guide_for("claim_process").say[0].zh)
    expect(page.locator("#verdict")).to_contain_text("诈骗")
    expect(page.locator("#evidence mark").first).to_be_visible()
    assert "验证码" in " ".join(page.locator("#evidence mark").all_inner_texts())

    # "Already paid", reached with the keyboard: the checklist for what was given.
    page.keyboard.press("Tab")  # -> language
    page.keyboard.press("Tab")  # -> the caller's region
    assert page.evaluate("document.activeElement.id") == "region"
    page.keyboard.press("Tab")  # -> already paid
    assert page.evaluate("document.activeElement.id") == "paid"
    page.keyboard.press("Enter")
    checklist = kb.paid_checklist
    expect(page.locator("#steps")).to_contain_text(checklist.first[0].zh)
    expect(page.locator("#checklist-title")).to_be_focused()
    loan = next(g for g in checklist.given if g.id == "loan")
    page.locator('#checklist input[value="loan"]').check()
    expect(page.locator("#steps")).to_contain_text(loan.steps[0].zh)

    # Inline number look-ups: the official line, then the caller's number, reported for them.
    page.locator("#number").fill("95188")
    page.locator("#number").press("Enter")
    expect(page.locator("#number-facts")).to_contain_text("支付宝")
    page.locator("#numbers .lookup-this").first.click()
    expect(page.locator("#number-facts")).to_contain_text("+8613800138000")
    expect(page.locator("#report-script")).to_have_value("refund_compensation")
    page.locator("#report-button").click()
    expect(page.locator("#reported")).to_contain_text("+8613800138000")

    # Save with consent, names removed; the screenshot is the artefact.
    page.locator("#names").fill("王小明")
    page.locator("#consent").check()
    page.locator("#save").click()
    link = page.locator("#saved-link")
    expect(link).to_contain_text("#")
    expect(page.locator("#case-summary")).to_contain_text(script.names.zh)
    assert "13800138000" not in page.locator("#case-summary").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-1366x768.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # no sideways scrolling
    case_url = page.url
    assert "/console/cases/" in case_url
    page.locator("#copy-summary").click()
    expect(page.locator("#copy-summary")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#case-summary").inner_text()

    # Reopen in a fresh page: the stored account is redacted, the analysis and checklist come back.
    page.goto(f"{server}/console")
    page.goto(case_url)
    stored = page.locator("#account").input_value()
    assert "13800138000" not in stored and "王小明" not in stored and "[number]" in stored and "[name]" in stored
    expect(page.locator("#script-name")).to_have_text(script.names.zh)
    expect(page.locator('#checklist input[value="loan"]')).to_be_checked()
    expect(page.locator("#case-summary")).to_contain_text(script.names.zh)
    assert "13800138000" not in page.locator("#case-summary").inner_text()
    assert errors == []
    context.close()


def test_the_console_fits_a_tablet(server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True)
    page = context.new_page()
    log_in_with_the_keyboard(page, server)
    page.locator("#account").fill("Amazon support says my Prime renews today unless I install AnyDesk")
    expect(page.locator("#script-name")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    page.screenshot(path=str(ARTIFACTS / "console-tablet-768x1024.png"), full_page=True)
    context.close()


def test_wrong_password_and_no_session(server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/console/login")
    page.locator("#login").fill("alice")
    page.locator("#password").fill("wrong password!")
    page.locator("#login-button").click()
    assert "Wrong login or password" in page.locator("#login-error").inner_text()
    page.goto(f"{server}/console/cases/1")
    assert page.url.endswith("/console/login")
    context.close()


def test_a_call_saved_found_handed_over_and_exported(server, browser, kb):
    """Operator: the call, the emergency panel from her words, Alt+S; search; hand-over. Supervisor: queue, export."""
    from playwright.sync_api import expect

    number, bank_account = "17098765432", "6217001234567890123"
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in_with_the_keyboard(page, server)
    page.locator("#account").focus()
    page.keyboard.type("有人自称京东客服，说我的白条要注销，")
    expect(page.locator("#script-name")).to_be_visible()
    expect(page.locator("#checklist input:checked")).to_have_count(0)  # nothing given yet: no panel ticks
    page.keyboard.type(f"我已经把验证码告诉他了，还把8000元转到了对方账户{bank_account}，他的号码{number}")
    # The emergency panel opened by itself, ticking exactly what she said (a code, money): no more.
    expect(page.locator('#checklist input[value="code"]')).to_be_checked()
    expect(page.locator('#checklist input[value="money"]')).to_be_checked()
    expect(page.locator("#checklist input:checked")).to_have_count(2)
    idents = page.locator("#found-idents")
    expect(idents).to_contain_text("+86" + number)
    expect(idents).to_contain_text(bank_account)
    # The operator unticks one suggestion (the amount, say); it stays unticked as the sheet follows her typing.
    amount = idents.locator('input.ident[value^="amount"]')
    amount.uncheck()
    before = page.locator("#sheet .sheet").element_handle()
    page.locator("#account").focus()
    page.keyboard.type("。")
    page.wait_for_function("el => !el.isConnected", arg=before)  # the sheet was re-rendered
    expect(idents.locator('input.ident[value^="amount"]')).not_to_be_checked()
    page.keyboard.press("Alt+KeyS")  # save, from the keyboard, without leaving the text
    expect(page.locator("#saved-link")).to_contain_text("#")
    case_url = page.url
    case_id = case_url.rsplit("/", 1)[1]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case-saved-1366x768.png"), full_page=True)

    # Found by the number, written another way.
    page.goto(f"{server}/console/cases")
    page.locator("#q").fill(f"{number[:3]} {number[3:7]} {number[7:]}")
    page.locator("#q").press("Enter")
    row = page.locator(f'#results a[href="/console/cases/{case_id}"]')
    expect(row).to_be_visible()
    row.click()
    expect(page.locator("#case-idents")).to_contain_text("+86" + number)
    expect(page.locator("#case-idents")).to_contain_text(bank_account)  # unmasked
    assert "8000" not in page.locator("#case-idents").inner_text()  # unticked: not kept
    page.locator(".report-ident").first.click()
    expect(page.locator("#case-idents")).to_contain_text("reported")
    expect(page.locator(".report-ident")).to_have_count(0)  # once per case

    page.locator("#handover-to").select_option("bob")
    page.locator("#handover-note").fill("银行回电后请联系来电者")
    page.locator("#handover-button").click()
    expect(page.locator("#case-holder")).to_have_text("bob")
    expect(page.locator("#case-history")).to_contain_text("银行回电后请联系来电者")
    page.screenshot(path=str(ARTIFACTS / "case-handed-over.png"), full_page=True)
    context.close()

    # The supervisor: the queue of open cases by age, then the export for the police.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    log_in_with_the_keyboard(page, server, "carol")
    page.locator("#queue-link").click()
    expect(page.locator(f'#queue a[href="/console/cases/{case_id}"]')).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "supervisor-queue.png"), full_page=True)
    page.locator(f'#queue a[href="/console/cases/{case_id}"]').click()
    expect(page.locator("#handover-to")).to_be_visible()  # a supervisor reassigns any case
    page.locator("#case-record").screenshot(path=str(ARTIFACTS / "case-supervisor.png"))
    page.goto(f"{server}/console/cases")
    with page.expect_download() as info:
        page.locator("#export-csv").click()
    exported = Path(info.value.path()).read_text(encoding="utf-8-sig")
    line = next(x for x in exported.splitlines() if x.startswith(f"{case_id},"))
    assert "+86" + number in line and bank_account in line and "bob" not in line.split(",")[4]
    assert errors == []
    context.close()


def test_keyboard_shortcuts_open_the_checklist_and_save(server, browser, kb):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in_with_the_keyboard(page, server)
    page.locator("#account").focus()
    page.keyboard.type("A man from the bank's fraud team called; I have not paid anything")
    expect(page.locator("#script-name")).to_be_visible()
    page.keyboard.press("Alt+KeyP")
    expect(page.locator("#checklist-title")).to_be_focused()
    expect(page.locator("#steps")).to_contain_text(kb.paid_checklist.first[0].en[:20])
    expect(page.locator("#checklist input:checked")).to_have_count(0)  # "already paid" guesses nothing
    assert page.locator("#paid-flag").input_value() == "1"
    page.keyboard.press("Alt+KeyS")
    expect(page.locator("#saved-link")).to_contain_text("#")
    page.screenshot(path=str(ARTIFACTS / "shortcuts-alt-p.png"))
    context.close()


def test_the_api_docs_render_offline(server, browser):
    """Swagger UI from the installed package: every request stays on the server, and it renders."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.goto(f"{server}/v1/docs")
    expect(page.locator(".opblock-summary-path").filter(has_text="/v1/check")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    assert outside == []
    context.close()


def test_no_browser_download_is_used():
    assert shutil.which("chromium") or CHROMIUM.exists()


def test_auto_region_gives_the_callers_own_lines(server, browser, kb):
    """Region left on "auto": the sheet, and the emergency panel it opens, give the region the account
    tells (a Hong Kong account: 18222 / 999, in Hong Kong's writing), never the mainland's 96110; a
    region chosen in the menu then changes the whole sheet."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-HK")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in_with_the_keyboard(page, server, "bob")
    hk = kb.regions["HK"]
    page.locator("#account").fill("來電者話佢阿爺收到自稱順豐職員嘅電話，叫佢用轉數快過咗$4,800做清關費，已經過咗數")
    expect(page.locator("#region-for")).to_contain_text(hk.names.zh)
    expect(page.locator("#official")).to_contain_text(hk.by_role("anti_fraud")[0].number)
    assert "96110" not in page.locator("#sheet").inner_text()
    page.locator("#paid").click()  # the emergency panel: the detected region's line, Hong Kong's writing
    expect(page.locator("#steps")).to_contain_text(hk.by_role("anti_fraud")[0].number)
    steps = page.locator("#steps").inner_text()
    assert "96110" not in steps and "转账" not in steps and "轉賬" in steps

    page.locator("#region").select_option("GB")  # the operator's choice wins, everywhere
    uk = kb.regions["GB"].by_role("report")[0].number
    expect(page.locator("#region-for")).to_contain_text(kb.regions["GB"].names.zh)
    expect(page.locator("#steps")).to_contain_text(uk)
    expect(page.locator("#official")).to_contain_text(uk)
    assert "96110" not in page.locator("#sheet").inner_text() + page.locator("#steps").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-region-auto.png"), full_page=True)
    assert errors == []
    context.close()
