"""Checks on a proposed official channel (a hotline or a domain), before two volunteers make it official.

An official channel is what callcheck tells people to trust, and what it protects (reports against
an official line are held, its confirmed status withdrawn): a poisoned one turns a scam channel into
a "well sourced" official one. So every proposal is checked against what callcheck itself knows,
and the checks are shown in the preview (`callcheck review preview`, the review page, `/queue`)
and on approval. Each check either refuses the change with the reason, or is a warning the second,
different volunteer must see before approving (official channels always wait for one):

refused
- a hotline the number database holds as a confirmed scam number (clear it first, with a reason,
  if it really is the organisation's line);
- a domain the link checker reads as a look-alike of any organisation's domain, one carrying
  another organisation's name, a raw IP address, a link shortener or a free host (github.io,
  wixsite.com…: anyone can make a site there), or already another organisation's;
- a domain carrying the organisation's own name that is not theirs yet (sf-express-refund.com for
  SF Express), unless the source is a page on one of the organisation's own domains;
- a domain whose only source is a page on that same domain (a site cannot vouch for itself);
- a source page on a look-alike, brand-carrying, shortener or free-host address.

warnings (the second volunteer decides)
- a hotline someone reported (reports against a real line are often spoofed caller ID; approving
  it holds those reports and takes a confirmation away);
- a mobile number, a number the phone library does not know as valid, one from another country
  than the organisation's own, or one that cannot be read at all;
- a source that is not a page on one of the organisation's own domains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nlu.cues import link_words
from nlu.links import LinkChecker, registered_domain
from nlu.phones import NumberParseError, _same_country, parse_number

FREE_HOSTS = link_words("free_hosts")
_BAD_HOST = {
    "lookalike": "a look-alike of {org}'s domain",
    "brand_in_domain": "an address carrying {org}'s name",
    "shortener": "a link shortener",
    "raw_ip": "a raw IP address",
}


@dataclass
class Checks:
    """What the checks found: `refusals` stop the change, `warnings` go to the second volunteer."""

    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _name(kb, org_id: str) -> str:
    org = kb.organisations.get(org_id)
    return org.names.en if org is not None and org.names.en else org_id


def _host(source: str) -> str:
    """The host of a source link ("" for a named document)."""
    text = (source or "").strip()
    if not text.lower().startswith(("http://", "https://")):
        return ""
    try:
        return (urlsplit(text.split()[0]).hostname or "").lower().strip(".")
    except ValueError:
        return ""


def _own(host: str, org) -> bool:
    reg = registered_domain(host)
    return any(reg == registered_domain(d) for d in org.all_domains)


def check_source(kb, links: LinkChecker, org, source: str, out: Checks) -> str:
    """The source's host ("" for a document): refused on a bad address, a warning when not the organisation's."""
    host = _host(source)
    own = ", ".join(org.all_domains[:3]) or "none listed yet"
    if host and registered_domain(host) in FREE_HOSTS:
        out.refusals.append(f"the source {host} is on a free host (anyone can make a site there)")
    elif host and not _own(host, org):
        verdict = links.check(host)
        if verdict.status in _BAD_HOST:
            what = _BAD_HOST[verdict.status].format(org=_name(kb, verdict.org))
            out.refusals.append(f"the source {host} is {what}, as callcheck itself reads it")
    if not host or not _own(host, org):
        where = f"{host} is" if host else "a named document is"
        out.warnings.append(
            f"the source is not a page on one of {_name(kb, org.id)}'s own domains ({own}): {where} what "
            "vouches for it; open it and check it is the organisation's own word"
        )
    return host


def check_hotline(kb, org, number: str, status_of, out: Checks) -> str | None:
    """Checks on a proposed hotline number; returns its canonical form when it can be read."""
    country = org.country or "CN"
    try:
        p = parse_number(number, country)
    except NumberParseError as exc:
        out.warnings.append(f"{number} cannot be read as a number of {country} ({exc}): it would never be recognised")
        return None
    row = status_of(p.canonical)
    if row is not None:
        status, reporters, reports = row
        if status == "confirmed":
            out.refusals.append(
                f"{p.canonical} is a confirmed scam number in the number database ({reports} report(s)); "
                "if it really is the organisation's line, clear it first with a reason "
                f"(callcheck review reject {p.canonical} --reason …), then propose it again"
            )
        elif reports and status != "cleared":
            out.warnings.append(
                f"{p.canonical} was reported as a scam number {reports} time(s) by {reporters} reporter(s): "
                "approving it holds those reports (spoofed caller ID is the usual reason a real line is "
                "reported); check the number on the organisation's own site"
            )
    if p.type == "mobile":
        out.warnings.append(f"{p.canonical} is a mobile number: companies' hotlines rarely are")
    elif not p.valid:
        out.warnings.append(
            f"{p.canonical} is not a valid number of {p.region or country} for the phone library "
            "(an unassigned or reserved range, or a typo)"
        )
    if p.region and not _same_country(p, country):
        out.warnings.append(
            f"{p.canonical} is a number of {p.region}, not of {country} where {_name(kb, org.id)}'s lines are"
        )
    return p.canonical


def check_domain(kb, links: LinkChecker, org, domain: str, source_host: str, out: Checks) -> None:
    """Checks on a proposed official domain, read by the link checker of the knowledge without it."""
    reg = registered_domain(domain)
    name = _name(kb, org.id)
    if reg in FREE_HOSTS or domain in FREE_HOSTS:
        out.refusals.append(f"{domain} is on a free host ({reg}): anyone can make a site there")
        return
    verdict = links.check(domain)
    if verdict.status == "official":
        if verdict.org != org.id:
            out.refusals.append(f"{domain} is already an official domain of {_name(kb, verdict.org)}")
        return
    if verdict.status in ("lookalike", "shortener", "raw_ip") or (
        verdict.status == "brand_in_domain" and verdict.org != org.id
    ):
        what = _BAD_HOST[verdict.status].format(org=_name(kb, verdict.org))
        out.refusals.append(f"{domain} is {what}: callcheck warns people about such links")
        return
    if source_host and registered_domain(source_host) == reg:
        out.refusals.append(
            f"the only source for {domain} is a page on {domain} itself: a site cannot vouch for itself; "
            f"give a page on one of {name}'s own domains or a named document"
        )
    if verdict.status == "brand_in_domain":  # carries this organisation's name
        plain = re.sub(r"[^a-z0-9]", "", domain)
        if not any(token in plain for token, owner in links.brands if owner == org.id):
            out.refusals.append(f"{domain} spells {name}'s name with look-alike characters (1 for l, 0 for o…)")
        elif source_host and _own(source_host, org):
            out.warnings.append(
                f"{domain} carries {name}'s name and is not one of its domains yet: scam sites look like this; "
                f"check that the page on {source_host} names it"
            )
        else:
            out.refusals.append(
                f"{domain} carries {name}'s name but is not one of its domains, which is how look-alike scam "
                f"sites are made; it can be added only with a source page on {name}'s own domain "
                f"({', '.join(org.all_domains[:3]) or 'none listed yet'}) that names it"
            )


def check_change(kb, kind: str, target: str, value: dict, status_of) -> Checks:
    """The checks on one proposed official change against `kb` (the knowledge without it).

    `status_of(canonical)` -> (status, reporters, reports) or None: the number database's record."""
    out = Checks()
    org = kb.organisations.get(target)
    if org is None or kind not in ("hotline", "domain"):
        return out
    links = LinkChecker(kb)
    source = value.get("source") or next(iter(value.get("sources") or ()), "")
    host = check_source(kb, links, org, str(source), out)
    if kind == "hotline":
        check_hotline(kb, org, str(value.get("number", "")), status_of, out)
    else:
        check_domain(kb, links, org, str(value.get("domain", "")).lower(), host, out)
    return out
