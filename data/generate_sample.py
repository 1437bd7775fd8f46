#!/usr/bin/env python3
"""Generate the bundled sample (deterministic; rerun to regenerate).

    python3 data/generate_sample.py

writes data/sample/{leads,sql,opportunities,costs,traffic}.json. Lead fields
come from one random stream and everything the report adds (extra touches,
sales acceptance, opportunities, costs, traffic) from a second, so the leads'
qualification inputs do not move when the report data changes.
"""
import json
import random
from datetime import datetime, timedelta, timezone

rng = random.Random(20261116)
AS_OF = datetime(2026, 11, 16, 12, 0, tzinfo=timezone.utc)

PARTNERS = [
    ("P-1", "Northwind Consulting", "implementation_partner", "gold"),
    ("P-2", "Fabrikam Apps", "technology_partner", "silver"),
    ("P-3", "Contoso Marketplace", "integration_marketplace", "platinum"),
    ("P-4", "Tailspin Media", "co_marketing", "silver"),
    ("P-5", "Adatum Referrals", "referral_program", "bronze"),
    ("P-6", "Litware Reseller", "reseller", "gold"),
]
# (label, weight): partner-sourced and not.
SOURCES = [("partner", 55), ("website", 25), ("purchased_list", 10), ("tradeshow", 10)]
INDUSTRIES = ["fintech", "saas", "insurance", "retail", "healthcare", "manufacturing"]
REGIONS = ["EMEA", "NA", "APAC", "LATAM"]
STACKS = ["salesforce", "hubspot", "slack", "zendesk", "jira", "snowflake"]
WORDS = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "wonka",
         "tyrell", "cyberdyne", "soylent", "gringotts", "oscorp", "aperture", "massive", "dunder"]
TLDS = ["com", "io", "co.uk", "de", "fr", "com.au"]


def at(days_ago, hour=10):
    t = AS_OF - timedelta(days=days_ago, hours=rng.randint(0, 8)) + timedelta(hours=hour - 10)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def pick_source():
    r = rng.uniform(0, 100)
    for label, w in SOURCES:
        if r < w:
            return label
        r -= w
    return SOURCES[-1][0]


def lead(i):
    source = pick_source()
    name = f"{rng.choice(WORDS).title()} {rng.choice(['Bank', 'Pay', 'Cloud', 'Labs', 'Group', 'Health'])}"
    domain = f"{name.split()[0].lower()}{i}.{rng.choice(TLDS)}"
    created = rng.randint(1, 45)
    company = {"name": name, "domain": domain, "employees": rng.choice([8, 45, 150, 250, 420, 900, 1800, 4000, 12000]),
               "industry": rng.choice(INDUSTRIES), "region": rng.choice(REGIONS)}
    if rng.random() < 0.8:
        company["tech_stack"] = rng.sample(STACKS, rng.randint(1, 3))
    if rng.random() < 0.6:
        company["annual_revenue"] = str(rng.choice([800_000, 3_000_000, 12_000_000, 60_000_000]))
    rec = {"id": f"L-{i:04d}", "email": f"contact{i}@{domain}", "created_at": at(created),
           "updated_at": at(max(0, created - rng.randint(0, 10))), "company": company,
           "touchpoints": [], "events": [], "custom": {"lead_source": source}}
    p = None
    if source == "partner":
        p = rng.choice(PARTNERS)
        rec["partner"] = {"id": p[0], "source": p[2], "program_tier": p[3],
                          "referral_date": at(created)[:10], "confirmed": rng.random() < 0.7}
        rec["touchpoints"].append({"id": f"T-{i}-1", "at": at(created + 2), "url": f"https://vendor.example/integrations/{p[0].lower()}?utm_source={p[0].lower()}&utm_medium=referral",
                                   "referrer": f"https://{p[1].split()[0].lower()}.example/blog", "partner_id": p[0], "asset": f"/integrations/{p[0].lower()}"})
    elif source == "website":
        rec["touchpoints"].append({"id": f"T-{i}-1", "at": at(created + 1), "url": "https://vendor.example/pricing", "referrer": "https://www.google.com/"})
    else:
        rec["custom"]["list_source"] = source
    if rng.random() < 0.25:
        rec["custom"]["segment"] = "enterprise"
    if rng.random() < 0.03:
        rec["custom"]["is_competitor"] = True
    if rng.random() < 0.03:
        rec["custom"]["persona"] = "student"
    engaged = {"partner": 0.75, "website": 0.7, "purchased_list": 0.1, "tradeshow": 0.3}[source]
    for kind, prob, window in [("demo_request", 0.55, 40), ("pricing_page_view", 0.6, 40), ("integration_install", 0.35, 100),
                               ("trial_start", 0.3, 40), ("budget_confirmed", 0.2, 100), ("content_download", 0.5, 70),
                               ("content_download", 0.3, 70), ("webinar_attended", 0.25, 60), ("account_overlap", 0.2, 30)]:
        if rng.random() < prob * engaged:
            e = {"type": kind, "at": at(rng.randint(0, window))}
            if kind in ("webinar_attended", "account_overlap") and p and rng.random() < 0.6:
                e["partner_id"] = p[0]
            rec["events"].append(e)
    if p and p[2] == "technology_partner" and rng.random() < 0.6:
        rec["events"].append({"type": "integration_usage", "at": at(rng.randint(0, 20)), "active": True, "partner_id": p[0]})
    rec["events"].sort(key=lambda e: e["at"])
    add_touches(rec, i, created, p)
    return rec


# The report's data: a second stream so the leads above stay put.
rng2 = random.Random(20261123)
CHANNELS = [("organic_search", "https://www.google.com/", None), ("paid_search", None, "utm_source=google&utm_medium=cpc"),
            ("email", None, "utm_source=newsletter&utm_medium=email"), ("paid_social", None, "utm_source=linkedin&utm_medium=paid_social")]


def at2(days_ago, hour=10):
    t = AS_OF - timedelta(days=days_ago, hours=rng2.randint(0, 8)) + timedelta(hours=hour - 10)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def add_touches(rec, i, created, p):
    """Non-partner touches around the lead, and partner backlinks (co-marketing
    pages on partner sites) that influenced some non-partner leads."""
    n = 1
    for _ in range(rng2.choice([0, 1, 1, 2, 3])):
        n += 1
        channel, referrer, query = rng2.choice(CHANNELS)
        t = {"id": f"T-{i}-{n}", "at": at2(max(0, created + rng2.randint(-6, 8))), "channel": channel,
             "url": "https://vendor.example/" + rng2.choice(["pricing", "product", "blog/eql-guide"]) + (f"?{query}" if query else "")}
        if referrer:
            t["referrer"] = referrer
        rec["touchpoints"].append(t)
    if p is None and rng2.random() < 0.2:
        q = rng2.choice(PARTNERS)
        n += 1
        rec["touchpoints"].append({"id": f"T-{i}-{n}", "at": at2(created + rng2.randint(1, 10)), "channel": "partner_referral",
                                   "url": f"https://vendor.example/guides/{q[0].lower()}-integration?utm_source={q[0].lower()}&utm_medium=co_marketing",
                                   "referrer": f"https://{q[1].split()[0].lower()}.example/resources", "partner_id": q[0],
                                   "asset": f"{q[1].split()[0].lower()}.example/resources"})
    rec["touchpoints"].sort(key=lambda t: t["at"])


def parse(ts):
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def sales(leads):
    """Sales acceptance and opportunities; engaged leads convert more often."""
    sql, opps = {}, []
    for rec in leads:
        engaged = len(rec["events"]) + (2 if "partner" in rec else 0)
        if rec["custom"].get("is_competitor") or rec["custom"].get("persona") == "student":
            continue
        if rng2.random() > min(0.85, 0.06 + 0.1 * engaged):
            continue
        created = parse(rec["created_at"])
        at_sql = created + timedelta(days=rng2.randint(1, 9), hours=rng2.randint(0, 6))
        if at_sql > AS_OF:
            continue
        sql[rec["id"]] = fmt(at_sql)
        if rng2.random() > 0.7:
            continue
        opened = at_sql + timedelta(days=rng2.randint(1, 6))
        if opened > AS_OF:
            continue
        size = rec["company"]["employees"]
        arr = max(6000, min(180000, size * rng2.choice([12, 18, 25, 40]))) // 100 * 100
        eu = rec["company"]["region"] == "EMEA" and rng2.random() < 0.5
        o = {"id": f"O-{len(opps) + 1:04d}", "lead_id": rec["id"], "created_at": fmt(opened),
             "amount": f"{arr}.00", "currency": "EUR" if eu else "USD", "status": "open"}
        closed = opened + timedelta(days=rng2.randint(5, 30))
        if closed <= AS_OF and rng2.random() < 0.8:
            o["status"] = "won" if rng2.random() < (0.55 if "partner" in rec else 0.35) else "lost"
            o["closed_at"] = fmt(closed)
        opps.append(o)
    return sql, opps


def costs():
    spend = {"P-1": 30000, "P-2": 8000, "P-3": 12000, "P-4": 36000, "P-5": 45000, "P-6": 10000}
    return [{"partner_id": pid, "period": q, "amount": f"{round(spend[pid] * share)}.00", "currency": "USD"}
            for pid, *_ in PARTNERS for q, share in [("2026-Q3", 0.25), ("2026-Q4", 1.0)]]


def traffic():
    rows = []
    monday = datetime(2026, 9, 28, tzinfo=timezone.utc)
    while monday <= AS_OF:
        for pid, name, *_ in PARTNERS:
            rows.append({"partner_id": pid, "asset": f"/integrations/{pid.lower()}", "week": monday.strftime("%Y-%m-%d"),
                         "sessions": rng2.randint(40, 400)})
        monday += timedelta(days=7)
    return rows


def write(name, value):
    import os
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample", name)
    with open(path, "w") as f:
        f.write(json.dumps(value, indent=1) + "\n")


if __name__ == "__main__":
    leads = [lead(i) for i in range(1, 241)]
    sql, opps = sales(leads)
    write("leads.json", leads)
    write("sql.json", sql)
    write("opportunities.json", opps)
    write("costs.json", costs())
    write("traffic.json", traffic())
