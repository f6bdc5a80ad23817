"""mobile_app_qa: an agent running UI test flows on an Android emulator tool and reading
screens as accessibility trees. Hand-written by writer-g."""

import json

STYLE = "mobile_app_qa"
PKG = "com.parcelpal.app"

EMU_TOOLS = [
    ("launch_app", "Launch an app on the emulator and return the first screen's accessibility tree.", {"package": {"type": "string"}}),
    ("tap", "Tap a view by resource id or visible text.", {"target": {"type": "string"}}),
    ("type_text", "Type text into a focused or identified field.", {"target": {"type": "string"}, "text": {"type": "string"}}),
    ("read_screen", "Dump the current screen's accessibility tree.", {"window": {"type": "string"}}),
]


def node(cls, rid=None, text=None, desc=None, enabled=True, checked=None, bounds="[0,0][1080,2400]", children=()):
    n = f'<node class="{cls}"'
    if rid:
        n += f' resource-id="{PKG}:id/{rid}"'
    if text is not None:
        n += f' text="{text}"'
    if desc:
        n += f' content-desc="{desc}"'
    n += f' enabled="{str(enabled).lower()}"'
    if checked is not None:
        n += f' checkable="true" checked="{str(checked).lower()}"'
    n += f' bounds="{bounds}"'
    if not children:
        return n + "/>"
    return n + ">\n" + "\n".join("  " + c.replace("\n", "\n  ") for c in children) + "\n</node>"


def window(title, body, activity):
    status = node("android.widget.FrameLayout", "status_bar", desc="Status bar: 9:41, Wi-Fi, battery 87%", bounds="[0,0][1080,63]")
    bar = node("androidx.appcompat.widget.Toolbar", "toolbar", bounds="[0,63][1080,210]", children=[node("android.widget.TextView", "toolbar_title", text=title, bounds="[48,100][700,170]")])
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- activity: {PKG}/{activity} -->\n<hierarchy rotation="0">\n'
            + node("android.widget.FrameLayout", bounds="[0,0][1080,2400]", children=[status, bar] + list(body)) + "\n</hierarchy>")


def r1_cycle5(Session):
    s = Session(
        "mobile_app_qa_runaway_signin_cycle5_responses",
        STYLE,
        "responses",
        "gpt-4.1",
        "You are a mobile QA agent. Run the requested flow on the Pixel 7 API 34 emulator with the tools, verify each "
        "screen via its accessibility tree, and report pass/fail with evidence. Test account: qa+smoke@parcelpal.dev / "
        "the password stored in the tool.",
        tools=list(EMU_TOOLS) + [("clear_app_data", "Clear the app's storage (like a fresh install).", {"package": {"type": "string"}}),
                                 ("logcat", "Return the last lines of logcat filtered to the app.", {"lines": {"type": "integer"}})],
        max_out=800,
        notes="A period-5 cycle: clear data, launch, tap Sign in, read the screen (stuck on 'Signing in…'), read logcat "
        "(HTTP 502 from the staging API) — then start over from clearing data, unchanged every lap.",
    )
    login = window("Sign in", [
        node("android.widget.EditText", "input_email", text="qa+smoke@parcelpal.dev", bounds="[64,520][1016,660]"),
        node("android.widget.EditText", "input_password", text="••••••••••", bounds="[64,700][1016,840]"),
        node("android.widget.Button", "btn_sign_in", text="Sign in", bounds="[64,900][1016,1040]"),
        node("android.widget.TextView", "link_forgot", text="Forgot password?", bounds="[380,1080][700,1140]"),
    ], ".auth.SignInActivity")
    spinning = window("Sign in", [
        node("android.widget.EditText", "input_email", text="qa+smoke@parcelpal.dev", enabled=False, bounds="[64,520][1016,660]"),
        node("android.widget.EditText", "input_password", text="••••••••••", enabled=False, bounds="[64,700][1016,840]"),
        node("android.widget.ProgressBar", "progress_sign_in", desc="Signing in…", bounds="[476,900][604,1028]"),
        node("android.widget.TextView", "txt_status", text="Signing in…", bounds="[380,1050][700,1110]"),
    ], ".auth.SignInActivity")
    logc = ("06-14 10:22:{s:02d}.114  4410  4472 D OkHttp  : --> POST https://staging-api.parcelpal.dev/v2/auth/token (182-byte body)\n"
            "06-14 10:22:{s:02d}.871  4410  4472 D OkHttp  : <-- 502 Bad Gateway https://staging-api.parcelpal.dev/v2/auth/token (757ms)\n"
            "06-14 10:22:{s:02d}.872  4410  4472 D OkHttp  : server: awselb/2.0\n"
            "06-14 10:22:{s:02d}.874  4410  4472 W AuthRepository: token request failed: HttpException 502; retry policy=none\n"
            "06-14 10:22:{s:02d}.875  4410  4410 I SignInViewModel: state=Loading (no terminal state emitted)")
    steps = [
        ("clear_app_data", {"package": PKG}, lambda k: json.dumps({"ok": True, "package": PKG, "cleared": ["shared_prefs", "databases", "cache"]}), "Starting from a clean install state."),
        ("launch_app", {"package": PKG}, lambda k: login, "Launching the app."),
        ("tap", {"target": "btn_sign_in"}, lambda k: json.dumps({"ok": True, "tapped": f"{PKG}:id/btn_sign_in"}), "Sign-in screen is shown with the test credentials prefilled. Tapping Sign in."),
        ("read_screen", {"window": "current"}, lambda k: spinning, "Checking where sign-in landed."),
        ("logcat", {"lines": 5}, lambda k: logc.format(s=(k * 7) % 60), "The screen is still on 'Signing in…'. Checking the app logs."),
    ]
    s.u(0, "Run the sign-in smoke test on build 4.12.0 (staging) please, it's blocking the release checklist.")
    at = 0
    for k in range(18):
        name, args, out, txt = steps[k % 5]
        if k % 5 == 0 and k:
            txt = "Sign-in hung on the loading state again. Resetting the app and repeating the flow from a clean state to rule out stale session data."
        s.a(txt, [(name, args)])
        at += [3, 4, 2, 8, 2][k % 5]
        s.t(at, out(k))
    # turn 7 clears data again: the second lap of the five-step cycle
    s.runaway(7, 13)
    return s


def r2_exact(Session):
    s = Session(
        "mobile_app_qa_runaway_disabled_button_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        "You are a mobile QA agent driving an Android emulator. Complete the requested flow, verify screens through the "
        "accessibility tree and report results.",
        tools=list(EMU_TOOLS),
        max_out=1000,
        notes="Onboarding page 3 has a disabled Continue button until the terms checkbox is ticked; the agent taps "
        "Continue and re-reads the identical screen with identical words again and again.",
    )
    def page(n, title, text, extra=()):
        return window("Welcome", [
            node("android.widget.ImageView", "img_onboarding", desc=f"Illustration {n} of 3", bounds="[140,300][940,1100]"),
            node("android.widget.TextView", "txt_title", text=title, bounds="[64,1160][1016,1260]"),
            node("android.widget.TextView", "txt_body", text=text, bounds="[64,1280][1016,1480]"),
        ] + list(extra) + [
            node("android.widget.LinearLayout", "dots", desc=f"Page {n} of 3", bounds="[440,2040][640,2080]"),
            node("android.widget.Button", "btn_continue", text="Continue", enabled=(n < 3), bounds="[64,2120][1016,2260]"),
        ], ".onboarding.OnboardingActivity")
    p1 = page(1, "Track every parcel", "Add tracking numbers from 900+ carriers and get live updates.")
    p2 = page(2, "Never miss a delivery", "Get notified when your parcel is out for delivery or needs a signature.")
    p3 = page(3, "Almost there", "Review and accept our Terms to continue.", [node("android.widget.CheckBox", "chk_terms", text="I agree to the Terms of Service and Privacy Policy", checked=False, bounds="[64,1560][1016,1660]")])
    s.u(0, "Run the onboarding flow on a fresh install (build 4.12.0) and confirm we land on the Home tab.")
    s.a("Launching the app.", [("launch_app", {"package": PKG})])
    s.t(5, p1)
    s.a("Onboarding page 1 of 3. Tapping Continue.", [("tap", {"target": "btn_continue"})])
    s.t(7, json.dumps({"ok": True}))
    s.a("Reading the screen.", [("read_screen", {"window": "current"})])
    s.t(9, p2)
    s.a("Page 2 of 3. Tapping Continue.", [("tap", {"target": "btn_continue"})])
    s.t(11, json.dumps({"ok": True}))
    s.a("Reading the screen.", [("read_screen", {"window": "current"})])
    s.t(13, p3)
    at = 13
    for k in range(12):
        if k % 2 == 0:
            s.a("Page 3 of 3. Tapping Continue to finish onboarding." if k == 0 else "The screen did not advance. Tapping Continue again.", [("tap", {"target": "btn_continue"})])
            at += 2
            s.t(at, json.dumps({"ok": True}))
        else:
            s.a("Reading the screen.", [("read_screen", {"window": "current"})])
            at += 3
            s.t(at, p3)
    # turn 8 shows page 3 still there after the first tap; turn 9 is the same tap again
    s.runaway(9, 15)
    return s


def flow_report(device, build, results, elapsed):
    steps = ["launch", "dismiss onboarding", "sign in (qa+checkout@parcelpal.dev)", "open Shop tab", "search 'bubble mailer A4'",
             "add 'Bubble mailers A4 x50' to cart", "open cart", "apply promo SUMMER10", "tap 'Checkout'", "select address 'QA Office'",
             "select 'Standard (2–3 days)'", "pay with test card 4242", "tap 'Place order'", "assert order confirmation screen"]
    lines = [f"=== ParcelPal UI flow: checkout_v2 ===", f"device: {device}", f"app: {PKG} {build} (staging)", "runner: espresso-bridge 2.3.1, animations disabled",
             "-" * 60]
    for i, st in enumerate(steps):
        r = results.get(i, "PASS")
        lines.append(f"[{i + 1:02d}] {st:<45} {r.split(':')[0]}")
        if ":" in r:
            lines.append("      " + r.split(":", 1)[1].strip())
        if r.startswith("FAIL"):
            for j in range(i + 1, len(steps)):
                lines.append(f"[{j + 1:02d}] {steps[j]:<45} SKIPPED")
            break
    lines.append("-" * 60)
    lines.append(f"result: {'FAILED' if any(v.startswith('FAIL') for v in results.values()) else 'PASSED'}   elapsed: {elapsed:.1f}s")
    return "\n".join(lines)


def h1_devices(Session):
    s = Session(
        "mobile_app_qa_healthy_checkout_matrix_chat",
        STYLE,
        "chat",
        "gpt-4o",
        "You are a mobile QA agent. Run UI flows on emulator profiles with run_flow, inspect screens with read_screen "
        "when a step fails, file bugs with file_bug, and summarise the matrix.",
        tools=[("run_flow", "Run a scripted UI flow on an emulator profile and return the step report.", {"flow": {"type": "string"}, "device": {"type": "string"}, "build": {"type": "string"}}),
               ("read_screen", "Accessibility tree of the last screen of the previous run.", {"device": {"type": "string"}}),
               ("file_bug", "File a bug in the tracker.", {"title": {"type": "string"}, "body": {"type": "string"}})],
        max_out=1200,
        notes="The same checkout flow on five emulator profiles: the step reports share a long template, two devices "
        "fail at different steps, bugs are filed, a fixed build passes on the failing devices.",
    )
    s.u(0, "Run checkout_v2 on the release matrix for 4.12.0-rc2: Pixel 7 (API 34), Pixel 4a (API 30), Galaxy A14 (API 33), Pixel Tablet (API 34), Pixel 3a (API 29).")
    devs = [("Pixel 7 API 34", {}, 41.2), ("Pixel 4a API 30", {12: "FAIL: view 'btn_place_order' not displayed (off-screen: bounds [64,2488][1016,2620], screen 2340px); no scroll container"}, 37.9),
            ("Galaxy A14 API 33", {}, 52.4), ("Pixel Tablet API 34", {7: "FAIL: promo field rejected 'SUMMER10': expected 'Promo applied', got toast 'Code not valid for this region'"}, 30.3),
            ("Pixel 3a API 29", {12: "FAIL: view 'btn_place_order' not displayed (off-screen: bounds [64,2240][1016,2372], screen 2220px); no scroll container"}, 44.0)]
    at = 0
    comments = {0: "Pixel 7 passed all 14 steps. Next, Pixel 4a.", 1: "Pixel 4a failed at step 13: the Place order button is below the fold and the screen doesn't scroll. Reading the screen.",
                2: "Galaxy A14 passed. Next, the tablet.", 3: "Pixel Tablet failed earlier, at step 8: the promo code is rejected for the region — different cause. Next, Pixel 3a.",
                4: "Pixel 3a fails at step 13 like the 4a (button off-screen, 2220px screen)."}
    s.a("Starting with Pixel 7.", [("run_flow", {"flow": "checkout_v2", "device": devs[0][0], "build": "4.12.0-rc2"})])
    for i, (dev, res, el) in enumerate(devs):
        at += int(el) + 8
        s.t(at, flow_report(dev, "4.12.0-rc2", res, el))
        if i == 1:
            s.a(comments[1], [("read_screen", {"device": dev})])
            at += 3
            s.t(at, window("Checkout", [
                node("android.widget.TextView", "txt_summary", text="Subtotal £18.40 · Promo −£1.84 · Shipping £2.99 · Total £19.55", bounds="[64,1900][1016,1980]"),
                node("android.widget.TextView", "txt_card", text="Visa •••• 4242", bounds="[64,2040][1016,2120]"),
                node("android.widget.Button", "btn_place_order", text="Place order", bounds="[64,2488][1016,2620]"),
            ], ".checkout.CheckoutActivity"))
            s.a("Confirmed: btn_place_order at y=2488 on a 2340px screen inside a non-scrolling LinearLayout. Filing a bug, then continuing.",
                [("file_bug", {"title": "Checkout: 'Place order' off-screen on small displays (no scroll container)", "body": "checkout_v2 step 13 on Pixel 4a API 30, 4.12.0-rc2. Button bounds [64,2488][1016,2620], screen height 2340. CheckoutActivity root is a LinearLayout; wrap content in NestedScrollView or pin the button."})])
            at += 2
            s.t(at, json.dumps({"id": "PP-3141", "url": "https://tracker.parcelpal.dev/browse/PP-3141", "status": "Open"}))
        if i == 3:
            s.a(comments[3] + " Filing that separately first.",
                [("file_bug", {"title": "Promo SUMMER10 rejected on Pixel Tablet profile (region)", "body": "checkout_v2 step 8, Pixel Tablet API 34 (locale en_US), 4.12.0-rc2: toast 'Code not valid for this region'. Other profiles use en_GB; likely the promo is GB-only and the tablet profile has the wrong locale — check before treating as app bug."})])
            at += 2
            s.t(at, json.dumps({"id": "PP-3142", "url": "https://tracker.parcelpal.dev/browse/PP-3142", "status": "Open"}))
        if i < 4:
            s.a(comments[i] if i not in (1, 3) else f"Next, {devs[i + 1][0]}.", [("run_flow", {"flow": "checkout_v2", "device": devs[i + 1][0], "build": "4.12.0-rc2"})])
    s.a("Matrix for 4.12.0-rc2: PASS Pixel 7, Galaxy A14; FAIL Pixel 4a and Pixel 3a (PP-3141, button off-screen); FAIL Pixel Tablet (PP-3142, promo region, probably test-profile locale).")
    at += 5400
    s.u(at, "rc3 is up with the NestedScrollView fix, and I switched the tablet profile to en_GB. Rerun the three that failed.")
    for j, dev in enumerate(["Pixel 4a API 30", "Pixel Tablet API 34", "Pixel 3a API 29"]):
        s.a(f"Rerunning on {dev}." if j == 0 else f"{['Pixel 4a', 'Pixel Tablet'][j - 1]} passes on rc3. Next, {dev}.", [("run_flow", {"flow": "checkout_v2", "device": dev, "build": "4.12.0-rc3"})])
        at += 50
        s.t(at, flow_report(dev, "4.12.0-rc3", {}, [39.4, 31.0, 45.8][j]))
    return s


def h2_scroll_list(Session):
    s = Session(
        "mobile_app_qa_healthy_scroll_orders_responses",
        STYLE,
        "responses",
        "gpt-4.1-mini",
        "You are a mobile QA agent. Find things on screen by reading accessibility trees and scrolling; verify the "
        "details asked for and report exact values.",
        tools=list(EMU_TOOLS) + [("swipe", "Swipe on the screen (direction up scrolls the list down).", {"direction": {"type": "string"}})],
        max_out=500,
        notes="Scrolling a long order history to find one old order: each screen dump repeats the same toolbar, "
        "filters and tab bar with the next five orders; the order is found and checked.",
    )
    carriers = ["Royal Mail", "DPD", "Evri", "DHL", "Parcelforce", "UPS", "Yodel"]
    rng = s.rng

    def orders_screen(start):
        items = []
        for k in range(start, start + 5):
            num = 88410 - k * 9
            day = 28 - k // 2
            st = "Delivered" if k > 1 else "In transit"
            items.append(node("android.view.ViewGroup", f"order_row_{k % 5}", bounds=f"[0,{420 + (k - start) * 330}][1080,{740 + (k - start) * 330}]", children=[
                node("android.widget.TextView", "txt_order_no", text=f"Order #{num}", bounds="[48,440][600,500]"),
                node("android.widget.TextView", "txt_order_meta", text=f"{day} May · {carriers[(k * 3) % 7]} · {rng.randrange(1, 4)} item(s) · £{rng.randrange(3, 60)}.{rng.randrange(10, 99)}", bounds="[48,510][1000,560]"),
                node("android.widget.TextView", "txt_status", text=st, bounds="[48,570][400,620]"),
            ]))
        tabs = node("com.google.android.material.bottomnavigation.BottomNavigationView", "bottom_nav", bounds="[0,2200][1080,2400]", children=[
            node("android.widget.FrameLayout", "tab_home", desc="Home", bounds="[0,2200][270,2400]"),
            node("android.widget.FrameLayout", "tab_track", desc="Track", bounds="[270,2200][540,2400]"),
            node("android.widget.FrameLayout", "tab_orders", desc="Orders, selected", bounds="[540,2200][810,2400]"),
            node("android.widget.FrameLayout", "tab_account", desc="Account", bounds="[810,2200][1080,2400]")])
        filt = node("com.google.android.material.chip.ChipGroup", "filters", bounds="[0,210][1080,330]", children=[
            node("com.google.android.material.chip.Chip", "chip_all", text="All", checked=True, bounds="[32,230][200,310]"),
            node("com.google.android.material.chip.Chip", "chip_transit", text="In transit", checked=False, bounds="[220,230][480,310]"),
            node("com.google.android.material.chip.Chip", "chip_delivered", text="Delivered", checked=False, bounds="[500,230][760,310]"),
            node("com.google.android.material.chip.Chip", "chip_returns", text="Returns", checked=False, bounds="[780,230][1040,310]")])
        lst = node("androidx.recyclerview.widget.RecyclerView", "list_orders", bounds="[0,400][1080,2200]", children=items)
        return window("Your orders", [filt, lst, tabs], ".orders.OrderListActivity")

    s.u(0, "On build 4.12.0, open Orders and find order #88212. Check that its status is Delivered and it shows the proof-of-delivery photo.")
    s.a("Opening the Orders tab.", [("tap", {"target": "tab_orders"})])
    at = 3
    s.t(at, orders_screen(0))
    for p in range(1, 6):
        s.a(f"Orders #{88410 - (p - 1) * 45} to #{88410 - (p - 1) * 45 - 36} visible; #88212 not yet. Scrolling.", [("swipe", {"direction": "up"})])
        at += 2
        s.t(at, json.dumps({"ok": True, "scrolled_px": 1650}))
        s.a("Reading the list.", [("read_screen", {"window": "current"})])
        at += 2
        s.t(at, orders_screen(p * 5))
        if 88212 in [88410 - k * 9 for k in range(p * 5, p * 5 + 5)]:
            break
    s.a("Order #88212 is on screen. Opening it.", [("tap", {"target": "Order #88212"})])
    at += 3
    s.t(at, window("Order #88212", [
        node("android.widget.TextView", "txt_status", text="Delivered 15 May, 11:42", bounds="[48,260][1000,330]"),
        node("android.widget.TextView", "txt_carrier", text="DPD · 15501234567890", bounds="[48,340][1000,400]"),
        node("android.widget.ImageView", "img_pod", desc="Proof of delivery photo: parcel at front door", bounds="[48,440][1032,1180]"),
        node("android.widget.Button", "btn_report_problem", text="Report a problem", bounds="[48,2040][1032,2160]"),
    ], ".orders.OrderDetailActivity"))
    s.a("Order #88212: status 'Delivered 15 May, 11:42', DPD 15501234567890, proof-of-delivery image present (content-desc 'Proof of delivery photo: parcel at front door'). PASS.")
    at += 60
    s.u(at, "Thanks. Does tapping the photo open it full screen?")
    s.a("Tapping the photo.", [("tap", {"target": "img_pod"})])
    at += 3
    s.t(at, window("Proof of delivery", [node("android.widget.ImageView", "img_fullscreen", desc="Proof of delivery photo, full screen, pinch to zoom", bounds="[0,210][1080,2400]")], ".orders.PhotoViewerActivity"))
    return s


def sessions(Session):
    return [r1_cycle5(Session), r2_exact(Session), h1_devices(Session), h2_scroll_list(Session)]
