#!/usr/bin/env python3
"""Generate the bundled sample leads (deterministic; rerun to regenerate).

    python3 data/generate_sample.py > data/sample/leads.json
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
    return rec


if __name__ == "__main__":
    print(json.dumps([lead(i) for i in range(1, 241)], indent=1))
