"""The API and the operator console read numbers where the person is, like `callcheck check --region`.

`/v1/check` takes an optional `region` (a code, a name or an alias the knowledge knows) and gives
the same analysis as `Analyzer.analyze(text, region=...)`; an unknown region is a clear 422 naming
the field. The console's sheet takes the same from its region menu.
"""

from __future__ import annotations

import json

import pytest
from test_web_console import PASSWORD, login
from web_support import Web

from bot.channels.web.analysis import check_text
from bot.services.roles import Roles
from bot.store.operators import Operators

# Local numbers, written without a country code: only the region says whose they are.
LOCAL = {"SG": "6123 4567", "HK": "6123 4567", "GB": "07911 123456", "AU": "0412 345 678", "IN": "98765 43210"}
STORIES = [
    "A man said he was from the courier and asked me to call him back on {n} to pay the fee",
    "The bank's fraud team texted from {n} and wanted my one-time code",
]
NAMES = {"SG": ["SG", "singapore"], "HK": ["hk", "Hong Kong"], "GB": ["UK", "GB"], "AU": ["AU"], "IN": ["india"]}


@pytest.fixture
def w(tmp_path, kb):
    web = Web(tmp_path, kb)
    Operators(web.app.store).add("alice", PASSWORD)
    Roles(web.app.store, ("cli:admin",)).grant("cli:admin", "op:alice", "operator")
    yield web
    web.close()


def _api(w, body: dict):
    return w.client.post("/v1/check", json=body, headers={"Authorization": f"Bearer {w.key()}"})


@pytest.mark.parametrize("story", STORIES)
def test_the_api_reads_numbers_in_the_region_given(w, story):
    for region, number in LOCAL.items():
        text = story.format(n=number)
        want = json.loads(json.dumps(check_text(w.app, text, region).to_dict()))  # analysis + situation
        for name in NAMES[region]:
            r = _api(w, {"text": text, "region": name})
            assert r.status_code == 200, r.text
            assert r.json() == want, (region, name)
        phones = [p["id"] for p in r.json()["entities"]["phones"]]
        assert phones and all(p.startswith("+") for p in phones), (region, phones)


def test_the_region_changes_the_reading_and_is_optional(w):
    text = STORIES[0].format(n=LOCAL["SG"])
    sg, hk, none = (_api(w, {"text": text, **extra}).json() for extra in ({"region": "SG"}, {"region": "HK"}, {}))
    ids = [{p["id"] for p in x["entities"]["phones"]} for x in (sg, hk)]
    assert ids[0] and ids[1] and ids[0] != ids[1]
    assert none == json.loads(json.dumps(check_text(w.app, text).to_dict()))


@pytest.mark.parametrize("bad", ["Atlantis", "XX", "zz-top", "1"])
def test_an_unknown_region_is_a_clear_422(w, bad):
    r = _api(w, {"text": "call me back on 6123 4567", "region": bad})
    assert r.status_code == 422
    problem = r.json()["problems"][0]
    assert problem["field"] == "region" and "unknown region" in json.dumps(r.json())
    assert all(code in json.dumps(r.json()) for code in ("HK", "SG", "GB"))


def test_the_schema_declares_the_region(w):
    schema = w.client.get("/v1/openapi.json").json()
    body = schema["paths"]["/v1/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "region" in body["properties"] and body["required"] == ["text"]


def test_the_console_sheet_reads_numbers_in_the_region_chosen(w, kb):
    csrf = login(w)
    assert csrf
    page = w.client.get("/console").text
    assert all(f'value="{r}"' in page for r in kb.regions)  # the region menu
    text = STORIES[0].format(n=LOCAL["SG"])
    shown = {}
    for region in ("SG", "HK"):
        r = w.client.post("/console/analyze", data={"text": text, "region": region}, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 200
        shown[region] = r.text
        want = w.app.analyzer.analyze(text, region=region).entities["phones"][0].id
        assert want in r.text, region
    assert "+6561234567" not in shown["HK"] and "+85261234567" not in shown["SG"]
    r = w.client.post("/console/analyze", data={"text": text, "region": "Narnia"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and "unknown region" in r.json()["error"]


def test_the_console_checklist_follows_the_region_chosen(w, kb):
    csrf = login(w)
    hk = kb.regions["HK"]
    r = w.client.post(
        "/console/checklist",
        data={"given": ["money", "loan"], "lang": "en", "region": "HK"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 200
    assert "18222" in r.text and "96110" not in r.text and any(c.number in r.text for c in hk.contacts if c.number)
    mainland = w.client.post(
        "/console/checklist", data={"given": ["money"], "lang": "en"}, headers={"X-CSRF-Token": csrf}
    )
    assert "96110" in mainland.text  # no region chosen: the checklist as written
    bad = w.client.post(
        "/console/checklist", data={"given": ["money"], "region": "Mordor"}, headers={"X-CSRF-Token": csrf}
    )
    assert bad.status_code == 422
