"""What a source must be for an official number to be "high" confidence.

"High" (shown to people as "on its own site or a government page") means the number was read on a
page of the organisation itself — one of its own domains (`domains`, `regional_domains`), or a
subdomain of one — or on a government or regulator page: a host under a government label
(gov.cn, gov.hk, gov.uk, .gov, gov.tw, govt.nz, gc.ca…), a police host (police.uk), or the
site of an official help line of a region (regions.yml: Action Fraud, ADCC, ScamShield, the CAFC…).

Blogs, news reposts, scraped phone lists, code on GitHub and decompiled apps can agree with each
other and still be wrong, or copied from one another: they make a number "medium" at most, and the
loader refuses "high" without one official source (`callcheck kb validate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

_URL = re.compile(r"https?://[^\s)）,，;；'\"]+", re.I)
# Labels that make a host a government's or a regulator's.
_GOV_LABELS = frozenset({"gov", "govt", "gouv", "go", "gob", "mil", "police", "europa"})
_GOV_SUFFIXES = (".gc.ca", ".canada.ca", ".gov", ".mil")


def source_hosts(source: str) -> list[str]:
    """The hosts of every link in a source line ("pages: https://… (note)" holds one)."""
    out = []
    for m in _URL.finditer(source or ""):
        try:
            host = (urlsplit(m.group(0)).hostname or "").lower().strip(".")
        except ValueError:
            continue
        if host:
            out.append(host.removeprefix("www."))
    return out


def _under(host: str, domain: str) -> bool:
    domain = domain.lower().strip(".").removeprefix("www.")
    return host == domain or host.endswith("." + domain)


def is_government(host: str, official_hosts: Iterable[str] = ()) -> bool:
    """A government or regulator host, or the site of a region's official help line."""
    labels = host.split(".")
    # the label right before the country's ending (mps.gov.cn, actionfraud.police.uk, police.govt.nz),
    # or the ending itself (ftc.gov); never a label further left (gov.example.com is example.com's)
    if (len(labels) >= 2 and labels[-2] in _GOV_LABELS) or host.endswith(_GOV_SUFFIXES):
        return True
    return any(_under(host, h) for h in official_hosts)


def official_source(source: str, domains: Iterable[str], official_hosts: Iterable[str] = ()) -> bool:
    """Whether a source line is a page of the organisation itself (`domains`) or a government's."""
    domains = tuple(domains)
    official_hosts = tuple(official_hosts)
    return any(
        any(_under(host, d) for d in domains) or is_government(host, official_hosts) for host in source_hosts(source)
    )


def help_line_hosts(regions) -> tuple[str, ...]:
    """The hosts of every region's official help lines (regions.yml contacts' `url`)."""
    hosts = []
    for r in regions.values() if isinstance(regions, dict) else regions:
        for c in r.contacts:
            hosts += source_hosts(c.url if "://" in (c.url or "") else f"https://{c.url}" if c.url else "")
    return tuple(dict.fromkeys(hosts))


HIGH_RULE = {
    "en": "high: read on the organisation's own site or a government or regulator page; "
    "medium: from lists, articles or apps that are not the organisation's own word",
    "zh": "高：见于该机构自己的网站或政府、监管部门的网页；中：来自网上列表、文章或App，并非该机构自己的说法",
}
