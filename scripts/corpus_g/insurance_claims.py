"""insurance_claims: a claims-processing agent reading claim documents, looking up policies
and asking for missing information. Hand-written by writer-g."""

import json

STYLE = "insurance_claims"

POLICY_BOILERPLATE = """NORTHGATE MUTUAL INSURANCE COMPANY — PERSONAL AUTO POLICY
DECLARATIONS PAGE (FORM NM-PA-DEC 07/22)

Named Insured: Delia R. Okonkwo and Marcus T. Okonkwo
Mailing Address: 1184 Larkspur Lane, Westbrook, OH 43081
Policy Number: PA-7731-04482            Policy Period: 03/14/2024 12:01 AM to 09/14/2024 12:01 AM
Producer: Bellamy & Frost Insurance Agency, Agent Code 22-4410

COVERAGES AND LIMITS OF LIABILITY
  Part A  Liability — Bodily Injury            $100,000 each person / $300,000 each accident
  Part A  Liability — Property Damage          $100,000 each accident
  Part B  Medical Payments                     $5,000 each person
  Part C  Uninsured Motorists BI               $100,000 each person / $300,000 each accident
  Part D  Coverage for Damage to Your Auto
          Collision                            Actual cash value less $500 deductible
          Other Than Collision                 Actual cash value less $250 deductible
  Transportation Expenses                      $40 per day / $1,200 maximum
  Towing and Labor                             $75 per disablement

INSURED VEHICLES
  Veh 1  2021 Subaru Outback Premium   VIN 4S4BTACC1M3150772   Garaging ZIP 43081
  Veh 2  2017 Honda Civic LX           VIN 19XFC2F53HE208841   Garaging ZIP 43081

ENDORSEMENTS ATTACHED: NM-PA-101 (Amendment of Policy Provisions — Ohio), NM-PA-214 (Rental
Reimbursement), NM-PA-230 (Loss Payable Clause — Westbrook Community Credit Union), NM-PA-305
(Named Driver Exclusion — none scheduled).

PART D — COVERAGE FOR DAMAGE TO YOUR AUTO (excerpt)
We will pay for direct and accidental loss to "your covered auto" or any "non-owned auto",
including their equipment, minus any applicable deductible shown in the Declarations. If loss
to more than one "your covered auto" or "non-owned auto" results from the same "collision",
only the highest applicable deductible will apply. We will pay for loss to "your covered auto"
caused by "collision" only if the Declarations indicate that Collision Coverage is provided for
that auto.

LIMIT OF LIABILITY. Our limit of liability for loss will be the lesser of the actual cash value
of the stolen or damaged property, or the amount necessary to repair or replace the property
with other property of like kind and quality. An adjustment for depreciation and physical
condition will be made in determining actual cash value in the event of a total loss.

DUTIES AFTER AN ACCIDENT OR LOSS. We have no duty to provide coverage under this policy unless
there has been full compliance with the following duties: (1) We must be notified promptly of
how, when and where the accident or loss happened. Notice should also include the names and
addresses of any injured persons and of any witnesses. (2) A person seeking any coverage must
cooperate with us in the investigation, settlement or defense of any claim or suit; promptly
send us copies of any notices or legal papers received in connection with the accident or
loss; submit, as often as we reasonably require, to physical exams by physicians we select;
and authorize us to obtain medical reports and other pertinent records. (3) A person seeking
Coverage for Damage to Your Auto must also take reasonable steps after loss to protect "your
covered auto" or "non-owned auto" and their equipment from further loss; promptly notify the
police if "your covered auto" or "non-owned auto" is stolen; and permit us to inspect and
appraise the damaged property before its repair or disposal.

This document is part of your policy. Please keep it with your policy jacket. Questions about
this claim may be directed to Northgate Claims Service Center, 1-800-555-0142, Monday–Friday
8:00 AM – 8:00 PM ET. Fraud warning: Any person who, with intent to defraud or knowing that he
is facilitating a fraud against an insurer, submits an application or files a claim containing
a false or deceptive statement is guilty of insurance fraud (Ohio Rev. Code 3999.21).
"""


def r1_paraphrase_policy_404(Session):
    s = Session(
        "insurance_claims_runaway_policy_lookup_chat",
        STYLE,
        "chat",
        "gpt-4o",
        "You are ClaimDesk, an auto-claims intake assistant for Northgate Mutual. Read the claim file, "
        "verify the policy with lookup_policy, check coverage and prepare a first-notice-of-loss summary "
        "for the adjuster. Ask the adjuster for anything missing. Never invent policy data.",
        tools=[
            ("get_claim_file", "Fetch the FNOL file of a claim.", {"claim_id": {"type": "string"}}),
            ("lookup_policy", "Look up a policy in the policy administration system.", {"policy_number": {"type": "string"}}),
        ],
        notes="The policy number on the FNOL does not exist in the policy system (permanent 404); the agent keeps "
        "re-querying reworded/reformatted variants and re-explaining the same plan.",
    )
    s.u(0, "New FNOL came in overnight, claim CLM-24-0318776. Can you get it ready for Priya (adjuster) by 10?")
    s.a("I'll pull the claim file first.", [("get_claim_file", {"claim_id": "CLM-24-0318776"})])
    fnol = {
        "claim_id": "CLM-24-0318776",
        "reported": "2024-06-02T23:41:07-04:00",
        "channel": "mobile_app",
        "policy_number_as_reported": "PA 7713-04482",
        "insured": "Delia Okonkwo",
        "loss_date": "2024-06-02",
        "loss_location": "SR-161 eastbound near Sawmill Rd exit, Dublin OH",
        "description": "I was stopped in traffic and got rear-ended by a pickup. Other driver gave me his info "
        "(Travis Kemper, Buckeye State Ins, pol BSI-55-200931). Back bumper pushed in and trunk won't latch. "
        "No one hurt I think, my neck is a little stiff. Car is drivable but the backup camera doesn't work.",
        "vehicle": "2021 Subaru Outback",
        "photos": ["IMG_5521.HEIC", "IMG_5522.HEIC", "IMG_5524.HEIC"],
        "police_report": None,
    }
    s.t(14, fnol)
    s.a(
        "The FNOL gives policy PA 7713-04482. Let me verify it in the policy system.",
        [("lookup_policy", {"policy_number": "PA 7713-04482"})],
    )
    reqid = ["7f3a1c", "90b2e4", "1d44a0", "c3e819", "5a07fd", "e2b6c1", "48d9a3", "b71e02", "0c5f6e", "9ad3b4", "63e0c7", "f1a825"]

    def nf(i, pn):
        return json.dumps(
            {
                "status": 404,
                "error": "POLICY_NOT_FOUND",
                "message": f"No policy matches '{pn}' in PAS (lines: PA, HO, UMB).",
                "request_id": f"pas-{reqid[i]}-{4100 + 37 * i}",
            }
        )

    s.t(19, nf(0, "PA 7713-04482"))
    attempts = [
        ("PA-7713-04482", "The lookup returned not found. The number was probably typed with a space; I'll retry in the canonical PA-XXXX-XXXXX format."),
        ("PA771304482", "Still not found. The system may store the number without separators, so I'll try the compact form."),
        ("pa-7713-04482", "No match again. Perhaps the lookup is case-sensitive; retrying with the number in lower case."),
        ("PA-7713-04482-01", "Not found. Policies sometimes carry a term suffix, so I'll retry the same number with -01 appended."),
        ("PA-7713-04482", "The policy still can't be found. I'll try the canonical PA-XXXX-XXXXX format once more in case the earlier call failed transiently."),
        ("PA 7713-04482", "Still no match. Let me re-run the lookup with the number exactly as the insured reported it."),
        ("PA771304482", "Not found. The policy system may expect the compact form without dashes; retrying that way."),
        ("PA-7713-04482-01", "Again no policy. I'll append the term suffix -01 and look it up again."),
        ("pa-7713-04482", "Still nothing. Retrying in lower case in case the index is case-sensitive."),
        ("PA-7713-04482", "The number isn't being found. I'll retry with the standard format to rule out a transient error."),
        ("PA 7713-04482", "No result yet. Trying the exact string from the FNOL once again."),
    ]
    at = 19
    for i, (pn, txt) in enumerate(attempts):
        s.a(txt, [("lookup_policy", {"policy_number": pn})])
        at += 6 + (i % 3) * 2
        s.t(at, nf(i + 1, pn))
    # turn 3 is the first 404; turn 4 the first retry failing the same way
    s.runaway(4, 9)
    return s


def r2_handoff(Session):
    s = Session(
        "insurance_claims_runaway_handoff_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        "You are the routing coordinator of the property-claims desk. Specialist agents (intake, coverage_review, "
        "estimating, siu) work a claim and return it with a note. Read each note and route the claim with "
        "route_claim to the queue that can make progress. Escalate to a human supervisor with escalate when no "
        "queue can progress the claim.",
        tools=[
            (
                "route_claim",
                "Send the claim to a specialist queue with a note; returns the queue's response note.",
                {"claim_id": {"type": "string"}, "queue": {"type": "string"}, "note": {"type": "string"}},
            ),
            ("escalate", "Escalate the claim to a human supervisor.", {"claim_id": {"type": "string"}, "reason": {"type": "string"}}),
        ],
        max_out=1500,
        notes="Coverage review and intake hand the same claim back and forth: coverage says the mitigation invoice "
        "is missing, intake says it is attached as doc 3; the coordinator keeps routing instead of escalating.",
    )
    s.u(
        0,
        "New homeowners claim HO-CLM-558210. Insured: Gareth Pruitt, 22 Oakmere Ct, Lakewood CO. Loss 05/28: "
        "supply line to upstairs toilet failed while insured was at work; water came through kitchen ceiling. "
        "Mitigation by DryRight Restoration (3 days drying, 6 air movers, 2 dehumidifiers). Docs uploaded: "
        "1) FNOL form, 2) 14 photos, 3) DryRight_invoice_88213.pdf ($4,860.50), 4) plumber receipt ($285). "
        "Policy HO-3 HO-2231-99017, dwelling limit $412,000, deductible $1,000. Please route.",
    )
    s.a(
        "Water damage from a sudden supply-line failure is typically covered under an HO-3; coverage_review should "
        "confirm before estimating.",
        [("route_claim", {"claim_id": "HO-CLM-558210", "queue": "coverage_review", "note": "Sudden supply line failure 05/28, mitigation done by DryRight. Please confirm coverage."})],
    )
    cov = (
        "coverage_review: Cannot complete coverage determination for HO-CLM-558210. Sudden/accidental discharge is "
        "covered in principle, but the mitigation invoice is not in the file, so I cannot verify the date mitigation "
        "started (needed for the 'reasonable repairs' condition). Returning to intake to obtain the DryRight invoice."
    )
    intake = (
        "intake: The DryRight invoice is already in the file as document 3 (DryRight_invoice_88213.pdf, uploaded "
        "05/30, 2 pages, $4,860.50, mitigation start 05/28 19:10). Nothing else is outstanding from the insured. "
        "Returning to coverage_review for determination."
    )
    routes = [
        ("intake", "Coverage review needs the DryRight mitigation invoice to verify when mitigation started. Please obtain it from the insured or the vendor.", "intake needs to supply the mitigation invoice"),
        ("coverage_review", "Intake confirms the DryRight invoice is document 3 in the file (mitigation started 05/28 19:10). Please complete the coverage determination.", "coverage_review can now complete"),
    ]
    at = 0
    for i in range(15):
        at += [95, 140, 120, 88, 160][i % 5]
        resp = cov if i % 2 == 0 else intake
        stamp = f"[{'06/03' if i < 6 else '06/04'} {9 + i // 2:02d}:{(i * 17) % 60:02d}]"
        s.t(at, json.dumps({"claim_id": "HO-CLM-558210", "status": "returned", "note": f"{stamp} {resp}"}))
        if s.last_turn() == 15:
            break
        q, note, why = routes[i % 2]
        s.a(f"The claim came back: {why}. Routing to {q}.", [("route_claim", {"claim_id": "HO-CLM-558210", "queue": q, "note": note})])
    # turn 2: coverage returns; turn 3: intake returns; turn 4: coverage returns the same note again
    s.runaway(4, 9)
    return s


TRIAGE_INSTRUCTIONS = """TRIAGE INSTRUCTIONS — AUTO PHYSICAL DAMAGE, FAST TRACK (rev. 2024-04)
You will receive one claim summary at a time. For each, output exactly these fields:
  SEGMENT: one of FT-GLASS, FT-PD-LOW, STANDARD-PD, TOTAL-LOSS-REVIEW, BI-REFERRAL, SIU-REFERRAL
  RESERVE: initial reserve in whole dollars
  MISSING: comma-separated list of documents still needed, or "none"
  NEXT ACTION: one sentence, addressed to the assigned desk
Rules:
 1. Glass-only damage with no other panel damage -> FT-GLASS, reserve $450 (windshield) or $250 (side/rear glass).
 2. Estimated damage under $3,000, single vehicle or clear liability against the other party, no injury
    mentioned -> FT-PD-LOW, reserve = estimate rounded up to the next $100, or $1,800 if no estimate.
 3. Any mention of injury, pain, ambulance, ER, chiropractor, or "stiff"/"sore" -> BI-REFERRAL (even if minor),
    reserve $2,500 BI plus PD as per rules 2/4.
 4. Estimate $3,000 or more, airbag deployment, frame damage, or vehicle not drivable -> STANDARD-PD; if the
    estimate exceeds 70% of the listed ACV -> TOTAL-LOSS-REVIEW.
 5. SIU-REFERRAL if: loss reported more than 30 days after the loss date, policy incepted less than 15 days
    before the loss, prior total loss on the same VIN, or inconsistent statements between the FNOL and photos.
 6. Always require: photos of all damaged areas, a repair estimate (unless glass-only), the other party's
    insurer and policy number when another vehicle was involved, and a police report number when the loss
    occurred on a public road with another vehicle and damage exceeds $1,500.
 7. Do not guess ACV; if needed and absent, list "ACV valuation" under MISSING.
Be terse. No pleasantries."""


def h1_batch_shared_instruction(Session):
    s = Session(
        "insurance_claims_healthy_triage_batch_responses",
        STYLE,
        "responses",
        "gpt-4.1-mini",
        "You triage auto physical damage claims for Northgate Mutual's fast-track unit.",
        max_out=400,
        notes="A batch job sends the same long triage instruction with one short claim summary each turn; every "
        "answer follows the same four-field template with different content.",
    )
    claims = [
        ("APD-77120", "2019 Toyota RAV4, ACV $21,400. Windshield cracked by rock on I-70, no other damage. Photos: 2. Reported same day.",
         "SEGMENT: FT-GLASS\nRESERVE: $450\nMISSING: none\nNEXT ACTION: Glass desk — dispatch Safelite mobile repair to the insured's ZIP."),
        ("APD-77121", "2015 Ford F-150, ACV $17,900. Backed into a bollard at Kroger lot, rear bumper dented. Estimate $1,240 from Midway Collision. Photos: 4.",
         "SEGMENT: FT-PD-LOW\nRESERVE: $1,300\nMISSING: none\nNEXT ACTION: Fast-track desk — approve Midway Collision estimate after photo review."),
        ("APD-77122", "2022 Kia Telluride, ACV $38,200. T-boned at intersection, airbags deployed, towed to Caliber. Other driver ran red light (Progressive pol 9021-448). No estimate yet. Photos: 9.",
         "SEGMENT: STANDARD-PD\nRESERVE: $9,500\nMISSING: repair estimate, police report number\nNEXT ACTION: PD desk — assign field appraiser to Caliber and open subrogation against Progressive 9021-448."),
        ("APD-77123", "2018 Honda Accord, ACV $16,300. Rear-ended at light, bumper and trunk lid damage, estimate $2,150. Insured says 'back is a little sore'. Other party: GEICO 4410-22-981.",
         "SEGMENT: BI-REFERRAL\nRESERVE: $2,500 BI + $2,200 PD\nMISSING: police report number\nNEXT ACTION: BI desk — contact insured within 24h about the soreness and get the treating provider."),
        ("APD-77124", "2012 Nissan Altima, ACV $5,100. Hail damage to hood and roof, estimate $4,020. Policy incepted 04/29, loss 05/06.",
         "SEGMENT: SIU-REFERRAL\nRESERVE: $4,100\nMISSING: ACV valuation\nNEXT ACTION: SIU — review: loss 7 days after inception, estimate near 79% of ACV."),
        ("APD-77125", "2020 Tesla Model 3, ACV $27,800. Rear quarter glass shattered in attempted break-in, nothing else damaged. Police report 24-118830.",
         "SEGMENT: FT-GLASS\nRESERVE: $250\nMISSING: none\nNEXT ACTION: Glass desk — schedule Tesla-approved glass shop; note police report 24-118830."),
        ("APD-77126", "2016 Chevrolet Malibu, ACV $9,700. Slid into ditch on icy road, front suspension damage, not drivable, towed. No estimate.",
         "SEGMENT: STANDARD-PD\nRESERVE: $5,000\nMISSING: repair estimate, photos of undercarriage\nNEXT ACTION: PD desk — assign appraiser at the tow yard; review for total loss once estimate is in."),
        ("APD-77127", "2021 Mazda CX-5, ACV $24,600. Sideswiped while parked; other driver left note (State Farm 77-B1-2294). Estimate $2,880. Photos: 6. Damage $2,880 on a public street.",
         "SEGMENT: FT-PD-LOW\nRESERVE: $2,900\nMISSING: police report number\nNEXT ACTION: Fast-track desk — approve estimate and tender subrogation to State Farm 77-B1-2294."),
        ("APD-77128", "2014 Jeep Wrangler, ACV $14,200. Reported 06/01 for a loss on 04/12: flood damage at campsite. Same VIN had total loss in 2021 with another carrier.",
         "SEGMENT: SIU-REFERRAL\nRESERVE: $7,000\nMISSING: repair estimate, photos, ACV valuation\nNEXT ACTION: SIU — late report (50 days) and prior total loss on this VIN; hold payment."),
        ("APD-77129", "2023 Hyundai Ioniq 5, ACV $41,000. Front-end collision with deer, estimate $31,600 (battery cooling components). Drivable: no.",
         "SEGMENT: TOTAL-LOSS-REVIEW\nRESERVE: $31,600\nMISSING: ACV valuation\nNEXT ACTION: Total loss desk — estimate is 77% of ACV; order CCC valuation before repair authorisation."),
        ("APD-77130", "2017 Subaru Forester, ACV $13,500. Mirror knocked off in car wash. Estimate $390.",
         "SEGMENT: FT-PD-LOW\nRESERVE: $400\nMISSING: photos\nNEXT ACTION: Fast-track desk — request one photo of the mirror, then pay less deductible."),
        ("APD-77131", "2019 BMW X3, ACV $26,900. Multi-car pileup on I-270, insured taken to Riverside ER by ambulance, vehicle towed, no estimate.",
         "SEGMENT: BI-REFERRAL\nRESERVE: $2,500 BI + $9,500 PD\nMISSING: repair estimate, police report number, other parties' insurers\nNEXT ACTION: BI desk — urgent contact; PD desk — assign appraiser at tow yard."),
    ]
    at = 0
    for i, (cid, summ, ans) in enumerate(claims):
        if i:
            s.a(ans_prev)
        s.u(at, f"{TRIAGE_INSTRUCTIONS}\n\nCLAIM {cid}:\n{summ}")
        ans_prev = ans
        at += 4 + (i * 3) % 7
    return s


def h2_boilerplate_documents(Session):
    s = Session(
        "insurance_claims_healthy_document_review_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        "You are an auto-claims document reviewer. For claim CLM-24-0318902 read each document in the file with "
        "get_document, note what it establishes, request anything missing from the insured with request_info, "
        "and finish with a coverage recommendation.",
        tools=[
            ("get_document", "Return the text of a claim document (every document is rendered on the policy's letterhead).", {"claim_id": {"type": "string"}, "doc_no": {"type": "integer"}}),
            ("request_info", "Send a request for missing information to the insured.", {"claim_id": {"type": "string"}, "items": {"type": "array", "items": {"type": "string"}}}),
        ],
        max_out=2000,
        notes="Every document is rendered after the same ~5 KB declarations page; the real content differs per "
        "document and the reviewer moves through them, asks for one missing item, gets it and concludes.",
    )
    docs = [
        ("FIRST NOTICE OF LOSS", "Reported 06/04/2024 08:12 by Marcus Okonkwo via phone. Loss 06/03/2024 approx 17:40, Polaris Pkwy & Orion Pl, Columbus OH. Veh 2 (2017 Honda Civic) struck by a 2020 Dodge Ram making an unprotected left turn. Other driver: Shane Loudermilk, Erie Insurance policy Q04-1187723. Columbus PD responded."),
        ("REPAIR ESTIMATE — CROSSROADS COLLISION", "Estimate #CC-24-3381, written 06/05/2024. Front bumper cover R&R $612.00; RT headlamp assy $418.40; RT fender repair 3.5h $227.50; hood refinish 2.8h $182.00; radiator support pull 1.5h $97.50; paint materials $311.00; sublet alignment $129.99. Parts $1,030.40, labor $1,214.50, tax $160.98. TOTAL $2,716.87. Frame: none. Airbags: not deployed."),
        ("PHOTOGRAPHS (INDEX)", "14 photographs received 06/04/2024 18:22 via mobile app. P1–P4 front right corner, headlamp broken, fender creased; P5–P6 hood edge paint cracked; P7 odometer 84,112; P8 VIN plate 19XFC2F53HE208841 (matches Veh 2); P9–P12 other vehicle, front bumper scuff; P13 intersection; P14 debris."),
        ("RENTAL AGREEMENT — ENTERPRISE", "RA #7QK2219. Opened 06/05/2024 10:03, Columbus North branch. Class: compact. Rate $38.99/day plus tax. Expected return 06/12/2024. Renter: Marcus Okonkwo. Direct bill requested to Northgate Mutual claim CLM-24-0318902."),
        ("RECORDED STATEMENT — NAMED INSURED", "Taken 06/06/2024 14:30 by adjuster P. Raman. Insured states he had a green light proceeding straight on Polaris Pkwy at about 30 mph; the Ram turned left in front of him from the opposite direction. No injuries to insured or his passenger (daughter, 16). Officer issued the other driver a citation, insured believes for failure to yield. Insured has dashcam footage and will upload it."),
        ("POLICE REPORT", "Columbus Division of Police, Traffic Crash Report OH-1 #2024-0603-1177. Unit 1 (Dodge Ram) cited ORC 4511.42 failure to yield right of way turning left. Unit 2 (Honda Civic) no violation. Weather clear, dry road, daylight. No injuries reported."),
    ]
    s.u(0, "File CLM-24-0318902 is complete enough to review, 6 docs so far. Go through them and tell me where we stand.")
    at = 0
    notes = [
        "FNOL: other party turning left against insured; Erie insurer identified; police responded. Next, the estimate.",
        "Estimate $2,716.87, no frame or airbag involvement — well below ACV. Now the photos.",
        "Photos match the estimate's damage areas and the VIN matches Veh 2. Next, the rental agreement.",
        "Rental at $38.99/day is within the $40/day transportation limit. Next, the recorded statement.",
        "Statement is consistent with the FNOL; insured mentions dashcam footage not yet in the file. Next, the police report.",
        "Police report cites the other driver for failure to yield, supporting subrogation against Erie.",
    ]
    for i, (title, body) in enumerate(docs):
        s.a(notes[i - 1] if i else "Starting with document 1.", [("get_document", {"claim_id": "CLM-24-0318902", "doc_no": i + 1})])
        at += [9, 21, 14, 30, 17, 25][i]
        s.t(at, f"{POLICY_BOILERPLATE}\n\n=== CLAIM CLM-24-0318902 — DOCUMENT {i + 1} of {len(docs)}: {title} ===\n{body}\n=== END OF DOCUMENT {i + 1} ===")
    s.a(
        notes[-1] + " The only item missing is the dashcam footage the insured mentioned; I'll request it.",
        [("request_info", {"claim_id": "CLM-24-0318902", "items": ["dashcam footage of the 06/03 collision (the insured offered it in the recorded statement)"]})],
    )
    at += 40
    s.t(at, json.dumps({"request_id": "RI-66120", "sent_to": "marcus.okonkwo@example.net", "status": "sent"}))
    s.a("Request sent. While we wait: liability appears 100% on the Erie insured; collision less $500 deductible applies under Part D with subrogation for the deductible.")
    at += 3600 * 5
    s.u(at, "Insured uploaded the dashcam clip as document 7 this afternoon. Have a look and finish up.")
    s.a("Reading document 7.", [("get_document", {"claim_id": "CLM-24-0318902", "doc_no": 7})])
    at += 12
    s.t(at, f"{POLICY_BOILERPLATE}\n\n=== CLAIM CLM-24-0318902 — DOCUMENT 7 of 7: DASHCAM TRANSCRIPT (AUTO-GENERATED) ===\n"
        "00:00:03 Vehicle proceeding northbound Polaris Pkwy, speed overlay 31 mph. 00:00:07 Signal for northbound traffic green. "
        "00:00:09 Oncoming pickup begins left turn. 00:00:10 Horn. 00:00:11 Impact, front right. 00:00:19 Vehicle stopped.\n=== END OF DOCUMENT 7 ===")
    s.a(
        "Recommendation for CLM-24-0318902:\n- Coverage: Collision under Part D applies to Veh 2; estimate $2,716.87 less $500 deductible = $2,216.87 payable to Crossroads Collision.\n"
        "- Rental: direct bill Enterprise RA 7QK2219 at $38.99/day, cap 7 days pending repair.\n- Liability: dashcam and police report both show the Ram failed to yield; tender subrogation to Erie Q04-1187723 for paid amount plus deductible.\n- No injury, no SIU indicators. Ready to close after payment."
    )
    at += 300
    s.u(at, "Priya asks: do we also owe the towing? There was a $95 tow invoice mentioned on the phone.")
    s.a("Towing and Labor is limited to $75 per disablement on this policy, but towing after a covered collision is part of the collision loss itself. We'd pay the $95 under collision; it's recoverable from Erie too. We need the invoice though.",
        [("request_info", {"claim_id": "CLM-24-0318902", "items": ["towing invoice ($95) from 06/03"]})])
    at += 20
    s.t(at, json.dumps({"request_id": "RI-66187", "sent_to": "marcus.okonkwo@example.net", "status": "sent"}))
    return s


def sessions(Session):
    return [r1_paraphrase_policy_404(Session), r2_handoff(Session), h1_batch_shared_instruction(Session), h2_boilerplate_documents(Session)]
