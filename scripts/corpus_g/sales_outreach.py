"""sales_outreach: an SDR agent drafting personalised emails lead after lead from a CRM tool.
Hand-written by writer-g."""

import json

STYLE = "sales_outreach"

LEADS = [
    {"lead_id": "00Q8c00001Kx3aQ", "name": "Renata Szabo", "title": "VP Finance Operations", "company": "Castellan Freight", "employees": 840, "industry": "Logistics", "city": "Rotterdam",
     "signal": "Posted on LinkedIn about closing the books 6 days late in Q2 because of intercompany reconciliations", "stack": "NetSuite, Coupa"},
    {"lead_id": "00Q8c00001Kx3bR", "name": "Owen Achterberg", "title": "Controller", "company": "Brightwell Dental Group", "employees": 1200, "industry": "Healthcare (DSO)", "city": "Denver",
     "signal": "Acquired 14 practices in the last 12 months (press release 04/18)", "stack": "Sage Intacct, Bill.com"},
    {"lead_id": "00Q8c00001Kx3cS", "name": "Mei-Lin Okafor", "title": "Director of Accounting", "company": "Tessellate Games", "employees": 310, "industry": "Gaming", "city": "Montreal",
     "signal": "Hiring two revenue accountants; job post mentions 'manual ASC 606 schedules in Excel'", "stack": "QuickBooks Online, Stripe"},
    {"lead_id": "00Q8c00001Kx3dT", "name": "Patrick Lund", "title": "CFO", "company": "Northmoor Outdoor", "employees": 450, "industry": "Retail / e-commerce", "city": "Minneapolis",
     "signal": "Spoke at the Midwest CFO Summit on 'inventory accounting across 3 warehouses'", "stack": "Microsoft Dynamics 365 BC, Shopify Plus"},
    {"lead_id": "00Q8c00001Kx3eU", "name": "Ifeoma Nwosu", "title": "Head of FP&A", "company": "Larchmont Biosciences", "employees": 260, "industry": "Biotech", "city": "Cambridge MA",
     "signal": "Series C of $95M announced 05/02; investor letter mentions 'audit readiness for a 2026 IPO'", "stack": "NetSuite, Carta"},
    {"lead_id": "00Q8c00001Kx3fV", "name": "Tomasz Wierzbicki", "title": "Finance Systems Manager", "company": "Aurelia Hotels", "employees": 2900, "industry": "Hospitality", "city": "Warsaw",
     "signal": "Migrating 22 properties from Opera to a new PMS this year (trade press)", "stack": "Oracle Fusion, Opera PMS"},
    {"lead_id": "00Q8c00001Kx3gW", "name": "Danielle Ferreira", "title": "Assistant Controller", "company": "Quarry Lane Builders", "employees": 530, "industry": "Construction", "city": "Austin",
     "signal": "Commented that WIP schedules take her team 3 days every month", "stack": "Viewpoint Vista, Procore"},
    {"lead_id": "00Q8c00001Kx3hX", "name": "Graham Oyelaran", "title": "VP Finance", "company": "Sundial Pet Health", "employees": 700, "industry": "Veterinary clinics", "city": "Charlotte",
     "signal": "Opened 9 new clinics this year; podcast interview on 'scaling month-end with a tiny team'", "stack": "Sage Intacct, Expensify"},
]

EMAILS = [
    ("Intercompany recs and a 6-day-late close",
     "Hi Renata,\n\nYour post about Q2 closing six days late because of intercompany reconciliations hit home — with entities in NL, DE and the UK on NetSuite, the matching usually ends up in spreadsheets.\n\nLedgerline auto-matches intercompany balances across NetSuite subsidiaries and flags the FX differences before they reach consolidation. Kessel Shipping (similar size) cut their close from 11 to 5 days in two quarters.\n\nWorth a 20-minute look at how the matching would work on your entities?\n\nBest,\nJonas"),
    ("14 practices in a year — and 14 new bank feeds",
     "Hi Owen,\n\nCongrats on the 14 acquisitions this year. Every new practice usually means a new bank account, new payroll provider and another week of onboarding it into Intacct.\n\nLedgerline gives each acquired practice a template close checklist and maps its bank feeds on day one; Pinecrest Dental used it to bring new locations into consolidation in their first month.\n\nWould it be useful to see the acquisition onboarding playbook we built with them?\n\nBest,\nJonas"),
    ("ASC 606 schedules outside of Excel",
     "Hi Mei-Lin,\n\nSaw the revenue accountant postings — the line about manual ASC 606 schedules in Excel stood out. With Stripe subscriptions plus in-game purchases, deferral schedules get large quickly.\n\nLedgerline builds the revenue waterfalls straight from Stripe and posts the journal entries to QuickBooks, so the new hires can review instead of rebuild. Happy to show a 15-minute demo on a sample of your plans.\n\nCheers,\nJonas"),
    ("Inventory across three warehouses",
     "Hi Patrick,\n\nI caught your Midwest CFO Summit talk on inventory accounting across three warehouses — especially the point about in-transit stock between Shopify and Business Central.\n\nLedgerline reconciles Shopify Plus payouts and inventory movements against BC every night, so in-transit variances show up the next morning instead of at month-end.\n\nOpen to comparing notes for 20 minutes next week?\n\nBest,\nJonas"),
]


def r1_renamed_send_failure(Session):
    s = Session(
        "sales_outreach_runaway_send_forbidden_responses",
        STYLE,
        "responses",
        "gpt-4o",
        "You are an SDR assistant for Ledgerline (close-automation software for mid-market finance teams). Work "
        "through the 'EMEA-NA finance leaders, June' sequence: fetch the next lead with crm_next_lead, write a short "
        "personalised first-touch email (under 120 words, one concrete signal, one customer proof point, soft CTA) "
        "and send it with send_email from jonas.brandt@ledgerline.io.",
        tools=[
            ("crm_next_lead", "Return the next unworked lead of a sequence.", {"sequence": {"type": "string"}}),
            ("send_email", "Send an email from the rep's mailbox.", {"to_lead_id": {"type": "string"}, "subject": {"type": "string"}, "body": {"type": "string"}}),
        ],
        max_out=900,
        notes="Every send fails with the same 403 (sender domain not verified); the agent takes the next lead each "
        "time, so the failing call's lead id, name and body change while the failure never does.",
    )
    s.u(0, "Please work the June sequence this morning. Start now, I'm in meetings until 1.")
    at = 0
    for i in range(8):
        lead = LEADS[i]
        s.a("Fetching the next lead." if i == 0 else "That send failed with a 403 from the mail gateway. Moving on to the next lead and I'll send again.",
            [("crm_next_lead", {"sequence": "EMEA-NA finance leaders, June"})])
        at += 3
        s.t(at, json.dumps({**lead, "sequence_step": 1, "owner": "jonas.brandt"}))
        subj, body = EMAILS[i % 4]
        if i >= 4:
            first = lead["name"].split()[0]
            subj = f"{lead['company']}: {lead['signal'].split(';')[0][:48].lower()}"
            body = (f"Hi {first},\n\nNoticed that {lead['company']} — {lead['signal'][0].lower()}{lead['signal'][1:]}. Teams on {lead['stack']} often "
                    "hit the same month-end crunch when they grow that fast.\n\nLedgerline automates reconciliations and close checklists on top of your "
                    "existing ERP; customers like Kessel Shipping closed 6 days faster within two quarters.\n\nWould a short call next week be useful?\n\nBest,\nJonas")
        else:
            first = lead["name"].split()[0]
        s.a(f"Draft for {lead['name']} ({lead['title']}, {lead['company']}):\n\nSubject: {subj}\n\n{body}\n\nSending now.",
            [("send_email", {"to_lead_id": lead["lead_id"], "subject": subj, "body": body})])
        at += 11 + (i % 3) * 4
        s.t(at, json.dumps({
            "error": {"code": 403, "type": "SENDER_NOT_AUTHORIZED",
                      "message": "Domain ledgerline.io has not completed DKIM/SPF verification for the outbound relay. Contact your workspace admin.",
                      "lead_id": lead["lead_id"], "trace": f"mx-relay-{7781 + 13 * i}"}}))
    # turn 3: first 403; turn 5: the second lead fails the same way
    s.runaway(5, 11)
    return s


PRESS = """Castellan Freight Selects Ledgerline Competitor? No — Castellan Freight Announces Finance Transformation Program

ROTTERDAM, May 21, 2024 — Castellan Freight B.V., a European mid-market freight forwarder with 840 employees and operations in the Netherlands, Germany and the United Kingdom, today announced "Project Keel", a 24-month finance transformation program. The program will consolidate the company's three legal-entity ledgers onto a single NetSuite OneWorld instance, introduce a shared-services center in Rotterdam and standardize the procure-to-pay process on Coupa.

"Our growth has outpaced our back office," said Renata Szabo, VP Finance Operations. "Today, intercompany reconciliation alone takes the team four to five days each month. Project Keel is about closing faster and giving our commercial teams numbers they can act on."

The program is led by the CFO office with support from an external implementation partner. Phase one, covering the Dutch and German entities, is scheduled to go live in Q4 2024; the UK entity will follow in 2025.

About Castellan Freight: Founded in 1987, Castellan Freight provides ocean, air and road forwarding services to more than 3,000 shippers across Europe. Media contact: press@castellanfreight.example"""


def r2_same_content_urls(Session):
    s = Session(
        "sales_outreach_runaway_same_press_release_chat",
        STYLE,
        "chat",
        "gpt-4o",
        "You research accounts before the rep writes to them. Use web_fetch to read public sources and build a short "
        "account brief: initiatives, pains, people, timing. Prefer primary sources; look for at least three distinct facts.",
        tools=[("web_fetch", "Fetch a web page and return its readable text.", {"url": {"type": "string"}})],
        max_out=1200,
        notes="Every source the agent opens (company site, newswire, three trade sites, a LinkedIn repost, an aggregator) "
        "serves the same press release under a different title and URL; the agent keeps looking for 'another source'.",
    )
    s.u(0, "Build me a brief on Castellan Freight before I email Renata Szabo. I want more than the press release this time.")
    pages = [
        ("https://www.castellanfreight.example/news/project-keel", "News | Castellan Freight"),
        ("https://www.globenewswire.example/news-release/2024/05/21/castellan-freight-finance-transformation", "Castellan Freight Announces Finance Transformation Program | GlobeNewswire"),
        ("https://www.logisticsmanager.example/castellan-freight-project-keel-netsuite", "Castellan Freight kicks off Project Keel — Logistics Manager"),
        ("https://www.linkedin.example/posts/castellan-freight_projectkeel-activity-7198812", "Castellan Freight on LinkedIn: #ProjectKeel"),
        ("https://finance.yahoo.example/news/castellan-freight-announces-finance-090000312.html", "Castellan Freight Announces Finance Transformation Program - Yahoo Finance"),
        ("https://www.freightwaves.example/news/dutch-forwarder-castellan-overhauls-finance", "Dutch forwarder Castellan overhauls finance stack | FreightWaves"),
        ("https://www.cfo-dive.example/news/castellan-freight-finance-shared-services/716220", "Forwarder centralises finance in Rotterdam | CFO Dive"),
        ("https://www.marketscreener.example/quote/castellan/news/Castellan-Freight-Announces-46613022", "Castellan Freight : Announces Finance Transformation Program | MarketScreener"),
        ("https://www.supplychaindigital.example/procurement/castellan-freight-coupa", "Castellan Freight standardises P2P on Coupa | Supply Chain Digital"),
        ("https://www.castellanfreight.example/en/about/press/2024-05-21", "Press releases 2024 | Castellan Freight"),
        ("https://www.nieuwsbrief-logistiek.example/castellan-project-keel", "Castellan Freight start Project Keel (EN) | Nieuwsbrief Logistiek"),
        ("https://www.globenewswire.example/en/search/organization/Castellan%20Freight", "Castellan Freight - Press releases | GlobeNewswire"),
        ("https://www.zoominfo.example/c/castellan-freight-bv/441902117", "Castellan Freight B.V. — Company profile and news"),
        ("https://www.logisticsmanager.example/tag/castellan-freight", "Castellan Freight — Logistics Manager"),
    ]
    texts = [
        "Starting with the company's own newsroom.",
        "That is the Project Keel press release. Let me look for independent coverage on the newswire with more detail.",
        "The newswire carries the same release. Trade press may have interviewed someone — trying Logistics Manager.",
        "Logistics Manager reprinted the release verbatim. Their LinkedIn post might have comments from employees with more context.",
        "The LinkedIn post just repeats the press release. Trying Yahoo Finance, which sometimes has a longer version.",
        "Same text again. FreightWaves usually writes its own stories; checking there.",
        "FreightWaves also ran the release text. CFO Dive covers finance transformations — trying them for more detail.",
        "Again the same announcement. MarketScreener may list other company news.",
        "Identical release. Supply Chain Digital might have a Coupa angle with new facts.",
        "Still the same press release. Let me check the company's press archive for other 2024 releases.",
        "Only the same release there. A Dutch logistics newsletter might have local detail.",
        "Same content, translated header only. Searching the newswire for other Castellan releases.",
        "Only this one release is listed. Trying a company-profile site for other news items.",
        "The profile shows the same release as the only news. Trying the Logistics Manager tag page for older articles.",
    ]
    at = 0
    for i, (url, title) in enumerate(pages):
        s.a(texts[i], [("web_fetch", {"url": url})])
        at += 5 + (i * 7) % 9
        s.t(at, f"Title: {title}\nURL: {url}\n\n{PRESS}")
        if s.last_turn() == 15:
            break
    # turn 2 reads the release; turn 3 the first copy; turn 4 a second copy under yet another title
    s.runaway(4, 10)
    return s


def h1_template_emails_paginated(Session):
    s = Session(
        "sales_outreach_healthy_paginated_drafts_chat",
        STYLE,
        "chat",
        "gpt-4.1-mini",
        "You are an SDR assistant for Ledgerline. For each lead in the requested CRM view, write a first-touch email "
        "with this exact structure: 'Subject:' line; greeting; one sentence on the lead's specific signal; one sentence "
        "on how Ledgerline helps with it; one customer proof point; a soft CTA; sign-off 'Best, Jonas'. Save each "
        "draft with save_draft. Page through the view with list_leads until next_cursor is null.",
        tools=[
            ("list_leads", "List leads of a CRM view, 4 per page.", {"view": {"type": "string"}, "cursor": {"type": "string"}}),
            ("save_draft", "Save an email draft on the lead's activity timeline.", {"lead_id": {"type": "string"}, "subject": {"type": "string"}, "body": {"type": "string"}}),
        ],
        max_out=900,
        notes="Pagination (same tool, next cursor) and eight drafts with one fixed template and different content; "
        "save_draft outputs are near-identical acknowledgements.",
    )
    s.u(0, "Draft first touches for everyone in the 'June finance leaders' view please.")
    s.a("Listing the first page.", [("list_leads", {"view": "June finance leaders", "cursor": ""})])
    at = 4
    s.t(at, json.dumps({"view": "June finance leaders", "leads": LEADS[:4], "next_cursor": "eyJvZmZzZXQiOjR9"}))
    bodies = list(EMAILS) + [
        ("Audit readiness before the IPO",
         "Hi Ifeoma,\n\nCongratulations on the Series C — the investor letter's line about audit readiness for a 2026 IPO caught my eye.\n\nLedgerline gives auditors a documented, reviewer-signed close on top of NetSuite, which is usually the first thing the Big Four ask for in a readiness review. Corvane Therapeutics went through SOX readiness with it last year.\n\nWould it help to see their control matrix?\n\nBest,\nJonas"),
        ("22 hotels, one new PMS",
         "Hi Tomasz,\n\nI read that Aurelia is moving 22 properties off Opera this year. The revenue and AR mappings into Oracle Fusion are usually where those migrations hurt finance.\n\nLedgerline reconciles PMS revenue against Fusion per property each night, so mapping gaps surface during cutover instead of at close. Corvina Resorts used it across 15 hotels.\n\nOpen to a 20-minute call on cutover reconciliations?\n\nBest,\nJonas"),
        ("Three days of WIP every month",
         "Hi Danielle,\n\nYour comment that WIP schedules take the team three days each month is one I hear from a lot of builders on Vista.\n\nLedgerline pulls job cost and billing from Vista and Procore and prepares the over/under billing schedule for review. Harlan Civil cut their WIP prep to half a day.\n\nWorth a quick look at a sample schedule?\n\nBest,\nJonas"),
        ("Month-end with a tiny team, nine new clinics",
         "Hi Graham,\n\nI enjoyed your podcast episode on scaling month-end with a small team — nine new clinics in a year is a lot of new cost centers for Intacct.\n\nLedgerline templatises each clinic's close checklist and accruals, so a new location is in the close from its first month. Brightpaw Vets runs 40 clinics with a team of four.\n\nWould a short demo be useful?\n\nBest,\nJonas"),
    ]
    for i, lead in enumerate(LEADS):
        subj, body = bodies[i]
        s.a(f"Subject: {subj}\n\n{body}", [("save_draft", {"lead_id": lead["lead_id"], "subject": subj, "body": body})])
        at += 9 + (i % 4) * 3
        s.t(at, json.dumps({"ok": True, "lead_id": lead["lead_id"], "draft_id": f"DRF-{40211 + i * 7}", "timeline": "Activity > Email drafts", "owner": "jonas.brandt"}))
        if i == 3:
            s.a("Four drafts saved. Fetching the next page.", [("list_leads", {"view": "June finance leaders", "cursor": "eyJvZmZzZXQiOjR9"})])
            at += 4
            s.t(at, json.dumps({"view": "June finance leaders", "leads": LEADS[4:], "next_cursor": "eyJvZmZzZXQiOjh9"}))
    s.a("Eight drafts saved. Checking for a further page.", [("list_leads", {"view": "June finance leaders", "cursor": "eyJvZmZzZXQiOjh9"})])
    at += 4
    s.t(at, json.dumps({"view": "June finance leaders", "leads": [], "next_cursor": None}))
    s.a("All 8 leads in 'June finance leaders' have a saved first-touch draft (DRF-40211 … DRF-40260). Want me to schedule them for Tuesday 9:00 local time?")
    at += 120
    s.u(at, "Yes, Tuesday 9am their time. Skip Tomasz, his team is mid-migration — I'll call him instead.")
    return s


def h2_rate_limited_enrichment(Session):
    s = Session(
        "sales_outreach_healthy_rate_limit_backoff_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        "You help an SDR prepare outreach. Enrich contacts with enrich_contact before writing (job changes, direct "
        "phone, tenure). The enrichment API is rate limited: on HTTP 429 wait for retry_after seconds and retry the "
        "same call; do not skip a contact.",
        tools=[("enrich_contact", "Enrich a contact by email from the data provider.", {"email": {"type": "string"}})],
        max_out=1200,
        notes="The enrichment provider answers 429 with growing retry_after (2, 4, 8 s) before succeeding; a second "
        "contact is throttled once; then the emails are written. Retries with backoff that succeed.",
    )
    s.u(0, "Enrich these three then write openers: owen.achterberg@brightwelldental.example, mei-lin.okafor@tessellategames.example, patrick.lund@northmooroutdoor.example")
    at = 0

    def throttled(after, used):
        return json.dumps({"status": 429, "error": "rate_limited", "message": "Too many requests for plan 'Growth' (60/min).", "retry_after": after, "quota_used": used})

    s.a("Enriching Owen first.", [("enrich_contact", {"email": "owen.achterberg@brightwelldental.example"})])
    at += 2
    s.t(at, throttled(2, 60))
    for wait, used in [(2, 60), (4, 60), (8, 60)]:
        s.a(f"Rate limited; waiting {wait} s as instructed, then retrying Owen.", [("enrich_contact", {"email": "owen.achterberg@brightwelldental.example"})])
        at += wait + 1
        if wait == 8:
            s.t(at, json.dumps({"status": 200, "person": {"name": "Owen Achterberg", "title": "Controller", "company": "Brightwell Dental Group", "tenure_months": 19,
                                                          "previous": "Senior Manager, Assurance at Plante Moran", "phone_direct": "+1 303 555 0187", "linkedin_followers": 812}}))
        else:
            s.t(at, throttled(wait * 2, used))
    s.a("Got Owen (ex-Plante Moran, 19 months in role). Next, Mei-Lin.", [("enrich_contact", {"email": "mei-lin.okafor@tessellategames.example"})])
    at += 2
    s.t(at, throttled(3, 59))
    s.a("Throttled again; waiting 3 s and retrying Mei-Lin.", [("enrich_contact", {"email": "mei-lin.okafor@tessellategames.example"})])
    at += 4
    s.t(at, json.dumps({"status": 200, "person": {"name": "Mei-Lin Okafor", "title": "Director of Accounting", "company": "Tessellate Games", "tenure_months": 7,
                                                  "previous": "Revenue Accounting Manager at Ubisoft Montréal", "phone_direct": None, "job_change_alert": "joined 7 months ago"}}))
    s.a("Mei-Lin joined 7 months ago from Ubisoft's revenue team. Now Patrick.", [("enrich_contact", {"email": "patrick.lund@northmooroutdoor.example"})])
    at += 2
    s.t(at, json.dumps({"status": 200, "person": {"name": "Patrick Lund", "title": "CFO", "company": "Northmoor Outdoor", "tenure_months": 52,
                                                  "previous": "VP Finance at Target (Canada exit)", "phone_direct": "+1 612 555 0142", "board": "Minnesota Retailers Association"}}))
    s.a(
        "Openers:\n\n1. Owen — 'Owen, as a former Plante Moran auditor you've probably seen more acquisition closes than most: with 14 practices added this year, how are you bringing each one into Intacct?'\n\n"
        "2. Mei-Lin — 'Mei-Lin, seven months in and already hiring two revenue accountants — having built 606 schedules at Ubisoft, you know where Excel breaks.'\n\n"
        "3. Patrick — 'Patrick, your Summit talk on in-transit inventory between three warehouses was the clearest I've heard on Business Central and Shopify.'"
    )
    at += 200
    s.u(at, "Nice. Make Owen's less about him being an auditor, he hates that. And give me a subject line for each.")
    s.a(
        "Revised:\n\n1. Owen — Subject: 'Practice #15 into Intacct' — 'Owen, 14 acquisitions in a year means 14 new bank feeds and payroll setups; how long does each new practice take to show up in your consolidation?'\n\n"
        "2. Mei-Lin — Subject: 'Two new revenue accountants, or fewer spreadsheets?'\n\n3. Patrick — Subject: 'In-transit inventory, BC and Shopify'"
    )
    at += 95
    s.u(at, "Perfect. Last thing — enrich graham.oyelaran@sundialpet.example too.")
    s.a("Enriching Graham.", [("enrich_contact", {"email": "graham.oyelaran@sundialpet.example"})])
    at += 2
    s.t(at, json.dumps({"status": 200, "person": {"name": "Graham Oyelaran", "title": "VP Finance", "company": "Sundial Pet Health", "tenure_months": 30, "previous": "Controller at VCA regional", "phone_direct": None}}))
    return s


def sessions(Session):
    return [r1_renamed_send_failure(Session), r2_same_content_urls(Session), h1_template_emails_paginated(Session), h2_rate_limited_enrichment(Session)]
