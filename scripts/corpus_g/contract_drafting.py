"""contract_drafting: tool-less legal drafting with iterative client feedback. Hand-written by
writer-g."""

STYLE = "contract_drafting"

SYSTEM = ("You are a commercial contracts drafting assistant working for in-house counsel at Fernhill Analytics Ltd "
          "(a UK SaaS company). Draft in plain modern English, UK spelling, numbered clauses, defined terms capitalised. "
          "Flag assumptions in square brackets. You do not give final legal advice; counsel reviews everything.")

SEC_1_4 = """MASTER SUBSCRIPTION AGREEMENT

This Agreement is made on [date] between:
(1) FERNHILL ANALYTICS LTD, a company incorporated in England and Wales (company number 09876543) whose registered office is at 4th Floor, 21 Clerkenwell Green, London EC1R 0DP ("Fernhill"); and
(2) [CUSTOMER NAME], a company incorporated in [jurisdiction] (company number [●]) whose registered office is at [●] (the "Customer").

1. DEFINITIONS AND INTERPRETATION
1.1 In this Agreement: "Authorised Users" means employees and contractors of the Customer permitted to use the Services under clause 3; "Customer Data" means data uploaded to or processed by the Services on behalf of the Customer; "Fees" means the subscription fees set out in the Order Form; "Order Form" means an ordering document signed by both parties referencing this Agreement; "Services" means the Fernhill hosted analytics platform and associated support described in the Order Form; "Subscription Term" means the period stated in the Order Form, as renewed under clause 12.2.
1.2 Clause headings do not affect interpretation. "Including" means including without limitation. A reference to a statute includes it as amended or re-enacted.
1.3 If there is a conflict between this Agreement and an Order Form, the Order Form prevails only for the commercial terms it expressly varies.

2. THE SERVICES
2.1 Fernhill shall provide the Services during the Subscription Term with reasonable skill and care and substantially in accordance with the Documentation.
2.2 Fernhill shall use commercially reasonable endeavours to make the Services available 99.5% of each calendar month, excluding planned maintenance notified at least 48 hours in advance and carried out between 22:00 and 04:00 UK time.
2.3 Fernhill may update the Services from time to time provided that no update materially reduces the functionality of the Services during the current Subscription Term.

3. AUTHORISED USERS AND RESTRICTIONS
3.1 The Customer may permit up to the number of Authorised Users stated in the Order Form to access the Services solely for the Customer's internal business purposes.
3.2 The Customer shall not (a) sublicense, resell or make the Services available to third parties; (b) attempt to reverse engineer the Services except to the extent permitted by law; (c) use the Services to build a competing product; or (d) upload any material that is unlawful, infringing or contains malicious code.
3.3 The Customer is responsible for its Authorised Users' acts and omissions as if they were its own.

4. CUSTOMER DATA
4.1 The Customer owns all rights in the Customer Data. The Customer grants Fernhill a non-exclusive licence to host, copy and process the Customer Data solely to provide the Services.
4.2 Each party shall comply with the Data Protection Legislation. The Data Processing Addendum in Schedule 2 forms part of this Agreement.
4.3 Fernhill shall maintain the technical and organisational measures described in Schedule 3 and shall notify the Customer without undue delay, and in any event within 48 hours, after becoming aware of a Personal Data Breach affecting Customer Data."""

SEC_5_8 = """5. FEES AND PAYMENT
5.1 The Customer shall pay the Fees annually in advance within 30 days of the date of Fernhill's invoice.
5.2 Fees are exclusive of VAT, which the Customer shall pay in addition at the prevailing rate.
5.3 If an undisputed invoice is unpaid 14 days after its due date, Fernhill may, on 7 days' written notice, suspend access to the Services until payment is made, and may charge interest at 4% a year above the Bank of England base rate.
5.4 Fernhill may increase the Fees on renewal by giving at least 60 days' notice before the end of the current Subscription Term, by no more than the greater of 5% and the UK CPI increase over the preceding 12 months.

6. INTELLECTUAL PROPERTY
6.1 Fernhill and its licensors own all intellectual property rights in the Services and the Documentation. Except as expressly stated, this Agreement grants the Customer no rights in them.
6.2 The Customer grants Fernhill a perpetual, royalty-free licence to use any feedback it provides about the Services.

7. CONFIDENTIALITY
7.1 Each party shall keep the other's Confidential Information confidential, use it only to perform or receive the benefit of this Agreement, and disclose it only to its employees, advisers and subcontractors who need to know it and are bound by equivalent obligations.
7.2 Clause 7.1 does not apply to information that is or becomes public other than through breach, was lawfully held before disclosure, is independently developed, or must be disclosed by law (in which case the disclosing party shall, where lawful, give prompt notice).
7.3 This clause 7 survives for five years after termination.

8. WARRANTIES
8.1 Each party warrants that it has full power and authority to enter into this Agreement.
8.2 If the Services do not conform with clause 2.1, Fernhill shall, at its expense, use reasonable endeavours to correct the non-conformance promptly or provide an alternative means of achieving the desired performance. This is the Customer's sole remedy for breach of clause 2.1.
8.3 Except as expressly stated, all warranties, conditions and terms implied by statute or common law are excluded to the fullest extent permitted by law."""

SEC_9 = """9. LIMITATION OF LIABILITY
9.1 Nothing in this Agreement limits or excludes either party's liability for (a) death or personal injury caused by negligence; (b) fraud or fraudulent misrepresentation; (c) breach of clause 7 (Confidentiality); (d) the Customer's obligation to pay the Fees; or (e) any liability that cannot be limited or excluded by law.
9.2 Subject to clause 9.1, neither party shall be liable, whether in contract, tort (including negligence), breach of statutory duty or otherwise, for any (a) loss of profits; (b) loss of sales or business; (c) loss of anticipated savings; (d) loss of or damage to goodwill; or (e) indirect or consequential loss.
9.3 Subject to clause 9.1, each party's total aggregate liability arising under or in connection with this Agreement in each Contract Year shall not exceed the Fees paid and payable in the twelve months preceding the event giving rise to the claim.
9.4 Subject to clause 9.1, Fernhill's total liability for loss of or damage to Customer Data shall be limited to using commercially reasonable endeavours to restore the lost or damaged Customer Data from the latest back-up maintained in accordance with Schedule 3.
9.5 [Assumption: no super-cap for data-protection claims. Counsel to confirm whether the Customer will require a separate cap (commonly 2–3x annual Fees) for breaches of Schedule 2.]"""


def r1_continue_repeats(Session):
    s = Session(
        "contract_drafting_runaway_continue_repeats_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        SYSTEM,
        max_out=4096,
        notes="Drafting an MSA section by section with 'continue'; from the fourth answer on the assistant returns the "
        "same clause 9 verbatim every time, even when the user names the next clause.",
    )
    s.u(0, "Draft our standard MSA for mid-market customers. English law, annual subscription, UK GDPR. Start from the top and I'll say continue.")
    s.a(SEC_1_4 + "\n\n[Continued in next message: clauses 5–8.]")
    s.u(95, "continue")
    s.a(SEC_5_8 + "\n\n[Next: clause 9 Limitation of Liability.]")
    s.u(160, "continue")
    s.a(SEC_9 + "\n\n[Next: clause 10 Indemnities.]")
    users = ["continue", "continue — clause 10 indemnities next please", "you've repeated clause 9. Please write clause 10 (Indemnities), then 11 (Term and Termination).",
             "continue", "Clause 10 please. IP indemnity from Fernhill, data indemnity from the customer.", "continue", "again clause 9. Next clause is 10.", "continue",
             "Please stop repeating clause 9. Write clause 10.", "continue", "continue"]
    at = 160
    for i, u in enumerate(users):
        at += 40 + (i * 13) % 50
        s.u(at, u)
        if s.last_turn() == 14:
            break
        s.a(SEC_9 + "\n\n[Next: clause 10 Indemnities.]")
    # turn 4's answer repeats turn 3's verbatim; it is first seen in turn 5's request
    s.runaway(5, 10)
    return s


NC_V1 = """12. RESTRICTIVE COVENANTS (draft A)
12.1 For a period of 12 months after the Termination Date, the Executive shall not, without the Company's prior written consent, directly or indirectly be engaged, concerned or interested in any business anywhere in the world which supplies products or services competitive with the Restricted Products.
12.2 For a period of 12 months after the Termination Date, the Executive shall not solicit or deal with any Restricted Customer.
12.3 Each restriction is separate and distinct; if any is found unenforceable, the remainder shall continue in effect.
Drafting note: worldwide scope reflects the Company's global customer base. No payment is made during the restricted period."""

NC_V2 = """12. RESTRICTIVE COVENANTS (draft B)
12.1 For a period of 6 months after the Termination Date, the Executive shall not, without the Company's prior written consent, be employed or engaged in a Competing Business in the United Kingdom, the United States or Canada, in a role similar to any role the Executive held in the 12 months before the Termination Date.
12.2 For a period of 6 months after the Termination Date, the Executive shall not solicit any Restricted Customer with whom the Executive had material dealings in the 12 months before the Termination Date.
12.3 Each restriction is separate and distinct; if any is found unenforceable, the remainder shall continue in effect.
Drafting note: narrower scope and duration materially improve enforceability under English law."""

NC_V3 = """12. RESTRICTIVE COVENANTS (draft C)
12.1 For a period of 12 months after the Termination Date, less any period of Garden Leave under clause 11, the Executive shall not be employed or engaged in a Competing Business in the United Kingdom, the United States or Canada.
12.2 During any period of Garden Leave the Executive shall continue to receive salary and contractual benefits and shall remain an employee bound by all duties of fidelity.
12.3 For a period of 12 months after the Termination Date, the Executive shall not solicit any Restricted Customer with whom the Executive had material dealings in the 12 months before the Termination Date.
Drafting note: the 12-month period is offset by garden leave, which supports enforceability but requires paying salary during it."""

FEEDBACK = [
    ["Too broad. Her lawyer will never sign a worldwide 12-month non-compete with no pay. Narrow it.",
     "This won't fly with her counsel — a global 12-month restriction without compensation. Please narrow it down.",
     "Same issue as before, worldwide and a year is too much for her side. Narrow please."],
    ["The board says 6 months is too weak for a CRO. They want 12 months.",
     "Board feedback: 6 months doesn't protect us for someone at CRO level. Needs to be a year.",
     "Board is back: 12 months is the minimum for this role. 6 is not enough."],
    ["Garden leave means paying her a year's salary for nothing — finance won't approve. Go back to no payment and the wider scope.",
     "Finance rejects paying salary through garden leave. Drop it, no payment, and keep the global coverage.",
     "We can't fund garden leave. Remove the pay and use the broader territory again."],
]


def r2_cycle3(Session):
    s = Session(
        "contract_drafting_runaway_noncompete_cycle3_chat",
        STYLE,
        "chat",
        "gpt-4o",
        SYSTEM,
        max_out=2000,
        notes="A period-3 cycle: the non-compete goes draft A (too broad) -> draft B (too weak for the board) -> draft C "
        "(garden leave too costly) -> draft A again; the feedback and the drafts repeat with rewording.",
    )
    s.u(0, "We need the restrictive covenants clause for our new Chief Revenue Officer's service agreement (clause 12). She'll have access to every key account worldwide. Draft it.")
    drafts = [NC_V1, NC_V2, NC_V3]
    s.a(NC_V1)
    at = 0
    for i in range(14):
        at += [600, 1400, 900, 2100, 700][i % 5]
        fb = FEEDBACK[i % 3][min(i // 3, 2)]
        s.u(at, fb)
        if s.last_turn() == 15:
            break
        prefix = ["Understood — here is a narrower version.", "Understood — restoring 12 months, balanced with garden leave to support enforceability.", "Understood — removing garden leave and returning to the broader scope."][i % 3]
        s.a(prefix + "\n\n" + drafts[(i + 1) % 3])
    # turn 4's answer brings draft A back (seen in turn 5's request) and turn 5 repeats the first objection
    s.runaway(5, 11)
    return s


def _msa_document():
    sched = ["SCHEDULE 1 — SERVICE LEVELS AND SERVICE CREDITS",
             "Monthly Availability | Service Credit (% of monthly Fees)",
             "99.5% or above | 0%", "99.0% to < 99.5% | 5%", "98.0% to < 99.0% | 10%", "95.0% to < 98.0% | 20%", "below 95.0% | 30%",
             "Service credits are the Customer's sole financial remedy for failure to meet the availability target, and are capped at 30% of the monthly Fees.",
             "", "Support priority | Definition | Response target | Resolution target"]
    for p, d, r, z in [("P1", "Services unavailable or Customer Data at risk for all users", "30 minutes (24x7)", "4 hours"),
                       ("P2", "Material feature unavailable, no workaround", "2 business hours", "1 business day"),
                       ("P3", "Feature impaired, workaround available", "1 business day", "5 business days"),
                       ("P4", "Question, cosmetic defect or feature request", "2 business days", "next scheduled release")]:
        sched.append(f"{p} | {d} | {r} | {z}")
    sched += ["", "SCHEDULE 2 — DATA PROCESSING ADDENDUM (SUMMARY OF PROCESSING)",
              "Subject matter: hosting and analysis of the Customer's sales, marketing and product-usage data.",
              "Duration: the Subscription Term plus up to 30 days for return and deletion.",
              "Categories of data subjects: Customer employees, Customer's customers and prospects (B2B contacts).",
              "Categories of personal data: names, business email addresses, job titles, IP addresses, product usage events, CRM notes.",
              "Special category data: none permitted.",
              "Sub-processors: Amazon Web Services EMEA SARL (hosting, eu-west-2 London and eu-west-1 Dublin); Snowflake Computing UK Ltd (data warehouse, London); Zendesk Inc. (support tickets, US — IDTA in place); Sentry (Functional Software Inc., error monitoring, US — IDTA in place).",
              "International transfers: only to sub-processors listed above under the UK International Data Transfer Agreement or Addendum.",
              "", "SCHEDULE 3 — SECURITY MEASURES",
              "Encryption of Customer Data at rest (AES-256) and in transit (TLS 1.2+). Single sign-on with SAML 2.0 and enforced MFA for Fernhill staff. Role-based access with quarterly access reviews. Production access via just-in-time bastion with session recording. Daily encrypted back-ups retained for 35 days, restore tested quarterly. Annual penetration test by a CREST-accredited provider, summary available under NDA. ISO/IEC 27001:2022 certification maintained (certificate IS 771204). Vulnerability scanning weekly; critical vulnerabilities patched within 7 days. Background checks for staff with production access. Incident response plan tested annually."]
    tail = """10. INDEMNITIES
10.1 Fernhill shall defend the Customer against any claim that the Customer's use of the Services in accordance with this Agreement infringes a third party's UK intellectual property rights, and shall indemnify the Customer for amounts finally awarded or agreed in settlement, provided that the Customer promptly notifies Fernhill, gives Fernhill sole conduct of the claim and provides reasonable cooperation at Fernhill's expense.
10.2 Clause 10.1 does not apply to the extent a claim arises from Customer Data, modification of the Services by anyone other than Fernhill, or use in combination with items not supplied by Fernhill.
10.3 If the Services become or are likely to become the subject of an infringement claim, Fernhill may procure the right for the Customer to continue using them, modify them so they are non-infringing, or terminate this Agreement and refund prepaid Fees for the remainder of the Subscription Term.
10.4 The Customer shall indemnify Fernhill against claims arising from Customer Data or the Customer's breach of clause 3.2.

11. SUSPENSION
11.1 Fernhill may suspend access to the Services immediately where reasonably necessary to prevent a security incident or to comply with law, and shall restore access as soon as the reason for suspension has ended.

12. TERM AND TERMINATION
12.1 This Agreement starts on the date of the first Order Form and continues until all Subscription Terms have ended.
12.2 Each Subscription Term renews automatically for successive 12-month periods unless either party gives at least 90 days' written notice of non-renewal before the end of the then-current term.
12.3 Either party may terminate this Agreement immediately by written notice if the other party (a) commits a material breach which is irremediable or, if remediable, is not remedied within 30 days of notice; or (b) becomes insolvent, enters administration or liquidation, or ceases to carry on business.
12.4 On termination Fernhill shall make Customer Data available for export for 30 days and then delete it, save as required by law.
12.5 Termination does not affect accrued rights or clauses intended to survive (including 4, 7, 9, 10 and 14).

13. FORCE MAJEURE
13.1 Neither party is liable for delay or failure caused by events beyond its reasonable control, including acts of government, war, pandemic, failure of public utilities or third-party hosting providers (other than sub-processors' failures that Fernhill could reasonably have mitigated), provided it promptly notifies the other party. If such an event continues for more than 60 days, either party may terminate on 30 days' notice.

14. GENERAL
14.1 Assignment: neither party may assign this Agreement without the other's consent, not to be unreasonably withheld, save that either party may assign to a successor of all or substantially all of its business.
14.2 Entire agreement: this Agreement and each Order Form constitute the entire agreement between the parties and supersede all prior discussions.
14.3 Variation: no variation is effective unless in writing and signed by both parties.
14.4 Notices: notices shall be in writing and sent to the addresses in the Order Form; email notices are effective for operational matters only, and notices of breach or termination must also be sent by recorded delivery.
14.5 Third party rights: no one other than a party has any right to enforce any term of this Agreement under the Contracts (Rights of Third Parties) Act 1999.
14.6 Governing law and jurisdiction: this Agreement and any dispute or claim (including non-contractual disputes) are governed by the law of England and Wales, and the courts of England have exclusive jurisdiction."""
    return "\n\n".join([SEC_1_4, SEC_5_8, SEC_9, tail, "\n".join(sched)])


def h1_stateless_questions(Session):
    s = Session(
        "contract_drafting_healthy_stateless_qa_responses",
        STYLE,
        "responses",
        "gpt-4.1",
        SYSTEM + " Answer questions about the attached agreement only from its text; quote clause numbers.",
        max_out=800,
        notes="A stateless review tool: every request resends the same ~20 KB MSA with a different reviewer question "
        "(no history kept), so consecutive requests are nearly identical but each asks something new.",
    )
    doc = _msa_document()
    qs = [
        "What is the notice period for non-renewal, and can the customer terminate for convenience?",
        "Is there a cap on service credits, and are they the sole remedy for downtime?",
        "Who bears the risk of a third-party IP claim caused by the customer's own data?",
        "List every period of days that appears in the agreement with the clause it belongs to.",
        "Does the data breach notification period meet a 24-hour requirement a bank customer asked for?",
        "Which clauses survive termination?",
        "Can Fernhill raise prices mid-term? By how much at renewal?",
        "Are any sub-processors outside the UK/EEA, and what transfer mechanism is used?",
        "Is liability for breach of the DPA capped, and at what amount?",
        "What happens to customer data after termination, and how long is it kept?",
        "Compare the P1 and P2 support targets and say whether P1 is 24x7.",
    ]
    at = 0
    for i, q in enumerate(qs):
        at += [0, 48, 130, 75, 300, 62, 41, 180, 95, 70, 150][i]
        s.u(at, f"AGREEMENT UNDER REVIEW (Fernhill MSA v3.2, customer: Halden Bank plc)\n\n{doc}\n\n---\nQUESTION {i + 1}: {q}", fresh=True)
    return s


CONF_V = [
    ("initial", """3. OBLIGATIONS OF CONFIDENTIALITY
3.1 The Recipient shall (a) keep the Confidential Information secret; (b) use it only for the Purpose; and (c) not disclose it to any person other than its Representatives who need to know it for the Purpose.
3.2 The Recipient shall ensure its Representatives comply with this clause 3 and is liable for their breach.
3.3 These obligations continue for 3 years from the date of this Agreement."""),
]


def h2_refinement(Session):
    s = Session(
        "contract_drafting_healthy_nda_revisions_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        SYSTEM,
        max_out=2000,
        notes="Iterative refinement of an NDA clause by clause: each answer is the same clause with a small requested "
        "change, then the next clause; the client approves and the draft moves on.",
    )
    base = CONF_V[0][1]
    steps = [
        ("Mutual NDA with Pellworth Robotics for the warehouse-picking pilot. Start with the core confidentiality obligations (clause 3).", base),
        ("Make the term 5 years, and trade secrets protected for as long as they remain trade secrets.",
         base.replace("3.3 These obligations continue for 3 years from the date of this Agreement.", "3.3 These obligations continue for 5 years from the date of this Agreement, save that in respect of any trade secret they continue for so long as the information remains a trade secret.")),
        ("Add that the recipient must protect it with at least the care it uses for its own confidential info, and no less than reasonable care.",
         None),
        ("Representatives — include professional advisers and funders explicitly.", None),
        ("Good. Now clause 4, exceptions. Standard four plus compelled disclosure.", None),
        ("In 4.2 add that they must only disclose the minimum required.", None),
        ("Fine. Clause 5, return and destruction, with a carve-out for automatic backups.", None),
        ("Backups should be overwritten in the ordinary course, not within a fixed period. Also certificate of destruction on request.", None),
        ("Perfect. Governing law: English law, courts of England. And add that damages may not be adequate so injunctions are available.", None),
        ("Thanks — send me the full clauses 3 to 6 in one block so I can paste them into the template.", None),
    ]
    c3 = steps[1][1]
    c3b = c3.replace("(a) keep the Confidential Information secret;", "(a) keep the Confidential Information secret and protect it with at least the degree of care it uses for its own confidential information, and in any event no less than reasonable care;")
    c3c = c3b.replace("3.1 The Recipient shall", "In this Agreement \"Representatives\" means a party's officers, employees, professional advisers, auditors, insurers and actual or prospective funders.\n3.1 The Recipient shall")
    c4 = """4. EXCEPTIONS
4.1 Clause 3 does not apply to information which (a) is or becomes generally available to the public other than through breach of this Agreement; (b) was lawfully in the Recipient's possession before disclosure; (c) is lawfully received from a third party free to disclose it; or (d) is independently developed without use of the Confidential Information.
4.2 The Recipient may disclose Confidential Information to the extent required by law, court order or any governmental or regulatory authority, provided that, where lawful, it gives the Discloser prompt notice."""
    c4b = c4.replace("provided that, where lawful,", "provided that it discloses only the minimum required and, where lawful,")
    c5 = """5. RETURN AND DESTRUCTION
5.1 On the Discloser's written request, the Recipient shall promptly return or destroy all documents and materials containing Confidential Information.
5.2 Clause 5.1 does not require the Recipient to delete electronic copies held in automatic back-up systems, provided they are deleted within 90 days and remain subject to clause 3 until deleted."""
    c5b = c5.replace("provided they are deleted within 90 days and remain subject to clause 3 until deleted.", "provided they are overwritten in the ordinary course of the back-up cycle and remain subject to clause 3 until overwritten.") + "\n5.3 On request, the Recipient shall certify in writing signed by an officer that it has complied with this clause 5."
    c6 = """6. REMEDIES AND GOVERNING LAW
6.1 Each party acknowledges that damages alone may not be an adequate remedy for breach of this Agreement and that the Discloser is entitled to seek injunctive relief or specific performance for any threatened or actual breach.
6.2 This Agreement and any dispute or claim (including non-contractual disputes) arising out of or in connection with it are governed by the law of England and Wales, and the courts of England have exclusive jurisdiction."""
    answers = [base, c3, c3b, c3c, c4, c4b, c5, c5b, c6, "\n\n".join([c3c, c4b, c5b, c6])]
    lead = ["Draft clause 3:", "Updated 3.3:", "Updated 3.1(a):", "Added the Representatives definition:", "Clause 4:", "Updated 4.2:", "Clause 5:", "Updated 5.2 and new 5.3:", "Clause 6:", "Clauses 3–6 as agreed:"]
    at = 0
    for i, (u, _) in enumerate(steps):
        s.u(at, u)
        if i == len(steps) - 1:
            break
        s.a(lead[i] + "\n\n" + answers[i])
        at += [240, 180, 120, 300, 150, 260, 200, 330, 400][i]
    return s


def sessions(Session):
    return [r1_continue_repeats(Session), r2_cycle3(Session), h1_stateless_questions(Session), h2_refinement(Session)]
