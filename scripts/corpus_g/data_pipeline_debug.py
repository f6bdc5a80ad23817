"""data_pipeline_debug: an agent debugging a failing Airflow / dbt pipeline with log and SQL tools.
Hand-written by writer-g."""

import json

STYLE = "data_pipeline_debug"

FCT_SQL = """{{ config(materialized='incremental', unique_key='order_id', on_schema_change='fail') }}

with orders as (
    select * from {{ ref('stg_shop__orders') }}
    {% if is_incremental() %}
    where updated_at > (select max(updated_at) from {{ this }})
    {% endif %}
),

fx as (
    select * from {{ ref('int_fx_rates_daily') }}
)

select
    o.order_id,
    o.customer_id,
    o.ordered_at::date                                   as order_date,
    o.currency,
    o.gross_amount * fx.rate_to_usd                      as gross_amount_usd,
    o.discount_amount_usd                                as discount_amount_usd,
    (o.gross_amount * fx.rate_to_usd) - o.discount_amount_usd as net_revenue_usd,
    o.updated_at
from orders o
left join fx
  on fx.currency = o.currency
 and fx.rate_date = o.ordered_at::date
"""


def dbt_fail(run_no, secs):
    return f"""16:{run_no * 3 + 2:02d}:11  Running with dbt=1.7.14
16:{run_no * 3 + 2:02d}:12  Registered adapter: snowflake=1.7.5
16:{run_no * 3 + 2:02d}:14  Found 184 models, 612 tests, 41 sources, 0 exposures, 0 metrics, 703 macros, 0 groups, 0 semantic models
16:{run_no * 3 + 2:02d}:14
16:{run_no * 3 + 2:02d}:16  Concurrency: 8 threads (target='prod')
16:{run_no * 3 + 2:02d}:16
16:{run_no * 3 + 2:02d}:16  1 of 1 START sql incremental model analytics.fct_order_revenue ......... [RUN]
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}  1 of 1 ERROR creating sql incremental model analytics.fct_order_revenue  [ERROR in {secs:.2f}s]
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}  Finished running 1 incremental model in 0 hours 0 minutes and {secs + 4.1:.2f} seconds ({secs + 4.1:.2f}s).
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}  Completed with 1 error and 0 warnings:
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}    Database Error in model fct_order_revenue (models/marts/finance/fct_order_revenue.sql)
  000904 (42000): SQL compilation error: error line 22 at position 4
  invalid identifier 'O.DISCOUNT_AMOUNT_USD'
  compiled Code at target/run/shop_analytics/models/marts/finance/fct_order_revenue.sql
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}
16:{run_no * 3 + 2:02d}:{19 + run_no:02d}  Done. PASS=0 WARN=0 ERROR=1 SKIP=0 TOTAL=1"""


def r1_alternating_edits(Session):
    s = Session(
        "data_pipeline_debug_runaway_alternating_edits_anthropic",
        STYLE,
        "anthropic",
        "claude-sonnet-4-20250514",
        "You are a data engineer on call for the shop_analytics dbt project (Snowflake). Diagnose and fix failing "
        "models. Tools: read_file and write_file on the repo, run_dbt to run a selection, query to run read-only SQL. "
        "Keep fixes minimal and explain each change.",
        tools=[
            ("read_file", "Read a file from the dbt repo.", {"path": {"type": "string"}}),
            ("write_file", "Overwrite a file in the dbt repo.", {"path": {"type": "string"}, "content": {"type": "string"}}),
            ("run_dbt", "Run `dbt build --select <selector>` against prod.", {"selector": {"type": "string"}}),
            ("query", "Run a read-only SQL query on Snowflake.", {"sql": {"type": "string"}}),
        ],
        max_out=4096,
        notes="The column was renamed upstream (stg_shop__orders now exposes discount_amount); the agent alternates "
        "between two edits of the same line (coalesce / cast) and every build fails with the same invalid identifier.",
    )
    path = "models/marts/finance/fct_order_revenue.sql"
    s.u(0, "Nightly job failed on fct_order_revenue, finance dashboards are stale. Can you fix it? Don't full-refresh, the table is 1.4B rows.")
    s.a("Let me reproduce the failure first.", [("run_dbt", {"selector": "fct_order_revenue"})])
    s.t(31, dbt_fail(0, 2.87))
    s.a("Snowflake can't resolve O.DISCOUNT_AMOUNT_USD at line 22. Reading the model.", [("read_file", {"path": path})])
    s.t(36, FCT_SQL)
    variants = [
        ("coalesce(o.discount_amount_usd, 0)", "The discount column is probably null for some orders, which breaks the subtraction; wrapping it in coalesce."),
        ("cast(o.discount_amount_usd as number(12,2))", "Still invalid. The type may not match after the last source sync; casting the column explicitly to number(12,2)."),
    ]
    at = 36
    run = 1
    for i in range(8):
        expr, why = variants[i % 2]
        if i >= 2:
            why = ["Same error. Going back to coalescing the discount, keeping the type as is.",
                   "Same invalid identifier. Switching to an explicit cast instead of coalesce."][i % 2]
        sql = FCT_SQL.replace("o.discount_amount_usd                                as discount_amount_usd",
                              f"{expr} as discount_amount_usd").replace(") - o.discount_amount_usd as", f") - {expr} as")
        s.a(why, [("write_file", {"path": path, "content": sql})])
        at += 20 + i
        s.t(at, json.dumps({"ok": True, "path": path, "bytes": len(sql)}))
        s.a("Rebuilding the model.", [("run_dbt", {"selector": "fct_order_revenue"})])
        at += 30 + (i * 5) % 11
        s.t(at, dbt_fail(run, 2.6 + (i % 4) * 0.13))
        run += 1
        if s.last_turn() >= 19:
            break
    # turn 5: first edit's build fails (normal debugging); turn 7: the second edit fails the same way
    s.runaway(7, 13)
    return s


def airflow_log(rng, try_no, pod, start_min):
    lines = []
    t = start_min * 60
    host = f"load-events-to-snowflake-{pod}"
    head = [
        f"*** Found local files:\n***   * /opt/airflow/logs/dag_id=events_daily/run_id=scheduled__2024-06-11T02:00:00+00:00/task_id=load_events_to_snowflake/attempt={try_no}.log",
        f"[2024-06-12, 0{2 + try_no // 3}:{start_min % 60:02d}:01 UTC] {{taskinstance.py:1979}} INFO - Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: events_daily.load_events_to_snowflake scheduled__2024-06-11T02:00:00+00:00 [queued]>",
        f"[2024-06-12, 0{2 + try_no // 3}:{start_min % 60:02d}:01 UTC] {{taskinstance.py:2193}} INFO - Starting attempt {try_no} of 4",
        f"[2024-06-12, 0{2 + try_no // 3}:{start_min % 60:02d}:02 UTC] {{pod_manager.py:410}} INFO - Pod {host} has phase Pending",
        f"[2024-06-12, 0{2 + try_no // 3}:{start_min % 60:02d}:09 UTC] {{pod_manager.py:410}} INFO - Pod {host} has phase Running",
    ]
    lines.extend(head)
    parts = 64 + rng.randrange(40)
    rows = 0
    for p in range(parts):
        t += rng.randrange(1, 4)
        n = rng.randrange(180_000, 260_000)
        rows += n
        hh, mm, ss = 2 + try_no // 3, (start_min + t // 60) % 60, t % 60
        if p % 17 == 5:
            lines.append(f"[2024-06-12, 0{hh}:{mm:02d}:{ss:02d} UTC] {{pod_manager.py:466}} INFO - [base] WARNING s3fs: retrying GET s3://acme-events-raw/dt=2024-06-11/part-{p:05d}.parquet (ConnectionResetError)")
        lines.append(f"[2024-06-12, 0{hh}:{mm:02d}:{ss:02d} UTC] {{pod_manager.py:466}} INFO - [base] staged part-{p:05d}.parquet rows={n} bytes={n * 61 + rng.randrange(9999)} cumulative_rows={rows}")
    hh, mm = 2 + try_no // 3, (start_min + t // 60 + 1) % 60
    tail = f"""[2024-06-12, 0{hh}:{mm:02d}:02 UTC] {{pod_manager.py:466}} INFO - [base] PUT complete: {parts} files, {rows} rows staged to @RAW.EVENTS.EVENTS_STAGE/dt=2024-06-11/
[2024-06-12, 0{hh}:{mm:02d}:03 UTC] {{pod_manager.py:466}} INFO - [base] executing COPY INTO RAW.EVENTS.STG_EVENTS_2024_06 FROM @RAW.EVENTS.EVENTS_STAGE/dt=2024-06-11/ FILE_FORMAT=(TYPE=PARQUET) MATCH_BY_COLUMN_NAME=CASE_INSENSITIVE
[2024-06-12, 0{hh}:{mm:02d}:04 UTC] {{pod_manager.py:466}} INFO - [base] Traceback (most recent call last):
  File "/app/load_events.py", line 212, in <module>
    main()
  File "/app/load_events.py", line 198, in main
    copy_into(conn, table=target_table(run_date), stage_path=stage_path)
  File "/app/load_events.py", line 141, in copy_into
    cur.execute(sql)
  File "/usr/local/lib/python3.11/site-packages/snowflake/connector/cursor.py", line 1080, in execute
    Error.errorhandler_wrapper(self.connection, self, error_class, errvalue)
  File "/usr/local/lib/python3.11/site-packages/snowflake/connector/errors.py", line 290, in errorhandler_wrapper
    handed_over = Error.hand_to_user_handler(connection, cursor, error_class, error_value)
snowflake.connector.errors.ProgrammingError: 002003 (42S02): SQL compilation error:
Table 'RAW.EVENTS.STG_EVENTS_2024_06' does not exist or not authorized.
[2024-06-12, 0{hh}:{mm:02d}:05 UTC] {{pod_manager.py:235}} INFO - Pod {host} has phase Failed
[2024-06-12, 0{hh}:{mm:02d}:06 UTC] {{taskinstance.py:2731}} ERROR - Task failed with exception
airflow.exceptions.AirflowException: Pod {host} returned a failure.
remote_pod: {{'metadata': {{'name': '{host}', 'namespace': 'airflow-jobs', 'uid': '{rng.randrange(16**8):08x}-{rng.randrange(16**4):04x}-4{rng.randrange(16**3):03x}-a{rng.randrange(16**3):03x}-{rng.randrange(16**12):012x}'}}, 'status': {{'phase': 'Failed', 'container_statuses': [{{'name': 'base', 'state': {{'terminated': {{'exit_code': 1, 'reason': 'Error'}}}}}}]}}}}
[2024-06-12, 0{hh}:{mm:02d}:06 UTC] {{taskinstance.py:1149}} INFO - Marking task as UP_FOR_RETRY. dag_id=events_daily, task_id=load_events_to_snowflake, run_id=scheduled__2024-06-11T02:00:00+00:00, execution_date=20240611T020000, start_date=20240612T0{2 + try_no // 3}{start_min % 60:02d}01, end_date=20240612T0{hh}{mm:02d}06
[2024-06-12, 0{hh}:{mm:02d}:06 UTC] {{local_task_job_runner.py:234}} INFO - Task exited with return code 1"""
    return "\n".join(lines) + "\n" + tail


def r2_buried_error(Session):
    s = Session(
        "data_pipeline_debug_runaway_buried_error_responses",
        STYLE,
        "responses",
        "gpt-4.1",
        "You are the on-call assistant for the Airflow deployment of the events platform. You can read task logs "
        "(task_log) and clear task instances so the scheduler retries them (clear_task). Get red DAG runs green; "
        "explain what you find.",
        tools=[
            ("task_log", "Return the log of a task instance attempt.", {"dag_id": {"type": "string"}, "task_id": {"type": "string"}, "run_id": {"type": "string"}}),
            ("clear_task", "Clear a task instance so the scheduler runs it again.", {"dag_id": {"type": "string"}, "task_id": {"type": "string"}, "run_id": {"type": "string"}}),
        ],
        max_out=1500,
        notes="Each retry runs in a new pod with a fresh, long, different staging log; the same COPY INTO error "
        "(target table does not exist) sits at the end every time, and the agent keeps clearing the task.",
    )
    key = {"dag_id": "events_daily", "task_id": "load_events_to_snowflake", "run_id": "scheduled__2024-06-11T02:00:00+00:00"}
    s.u(0, "events_daily is red again for yesterday's partition, can you take a look and get it through? Product analytics is waiting.")
    pods = ["x7k2pd9q", "m3bq8wz1", "c9r4tfa6", "p1n6yj3e", "w5h8ks0v", "g2d7uc4m", "t0a3qe8r", "z6f1lb5n"]
    at = 0
    s.a("Reading the latest attempt's log.", [("task_log", key)])
    at += 6
    s.t(at, airflow_log(s.rng, 1, pods[0], 4))
    texts = [
        "The staging step finished but the COPY failed at the end; the S3 connection resets earlier suggest a flaky run. Clearing the task to retry.",
        "Attempt {n} failed at the COPY again after staging everything. It could be a transient Snowflake metadata issue; clearing for another retry.",
        "Another failure at the load step. Staging is clean this time, so I'll retry once more.",
        "Attempt {n} also failed at COPY INTO. Retrying — the previous attempts may have been hit by a warehouse resume.",
    ]
    for i in range(7):
        s.a(texts[min(i, 3)].format(n=i + 1), [("clear_task", key)])
        at += 3
        s.t(at, json.dumps({"cleared": 1, "task_instances": [f"events_daily.load_events_to_snowflake [{key['run_id']}]"], "state": "none"}))
        s.a("Cleared. Waiting for the new attempt and reading its log.", [("task_log", key)])
        at += 150 + s.rng.randrange(90)
        s.t(at, airflow_log(s.rng, i + 2, pods[i + 1], 9 + i * 4))
    # turn 2: the error; turn 4: the retry shows it again; turn 5: clearing again — the loop
    s.runaway(5, 11)
    return s


def h1_tests_progress(Session):
    s = Session(
        "data_pipeline_debug_healthy_tests_progress_chat",
        STYLE,
        "chat",
        "gpt-4o",
        "You are a data engineer working on the shop_analytics dbt project. Use run_dbt, read_file, write_file and query.",
        tools=[
            ("read_file", "Read a file from the dbt repo.", {"path": {"type": "string"}}),
            ("write_file", "Overwrite a file in the dbt repo.", {"path": {"type": "string"}, "content": {"type": "string"}}),
            ("run_dbt", "Run `dbt build --select <selector>` (models and their tests) against dev.", {"selector": {"type": "string"}}),
            ("query", "Run a read-only SQL query.", {"sql": {"type": "string"}}),
        ],
        max_out=3000,
        notes="dim_customers' tests fail differently each run (unique, then not_null, then relationships) as each fix "
        "uncovers the next problem, then everything passes.",
    )
    path = "models/marts/core/dim_customers.sql"
    base = """with customers as (
    select * from {{ ref('stg_shop__customers') }}
),
first_orders as (
    select customer_id, min(ordered_at) as first_order_at, count(*) as lifetime_orders
    from {{ ref('stg_shop__orders') }}
    group by 1
)
select
    c.customer_id,
    c.email,
    c.country_code,
    c.created_at,
    f.first_order_at,
    coalesce(f.lifetime_orders, 0) as lifetime_orders
from customers c
left join first_orders f using (customer_id)
"""

    def build(fail, detail, passed, total):
        return (f"Running with dbt=1.7.14\nFound 184 models, 612 tests\nConcurrency: 4 threads (target='dev')\n"
                f"1 of {total} START sql table model dbt_jsmith.dim_customers ........ [RUN]\n1 of {total} OK created sql table model dbt_jsmith.dim_customers  [SUCCESS 1 in 6.21s]\n"
                + detail + f"\nDone. PASS={passed} WARN=0 ERROR={fail} SKIP=0 TOTAL={total}")

    s.u(0, "I added email to dim_customers for the CRM sync but CI is failing. Can you get dim_customers green on dev?")
    s.a("Running the model and its tests.", [("run_dbt", {"selector": "dim_customers"})])
    s.t(25, build(1, "2 of 6 FAIL 1834 unique_dim_customers_customer_id ........ [FAIL 1834 in 1.02s]\n3 of 6 PASS not_null_dim_customers_customer_id\n"
                  "Failure in test unique_dim_customers_customer_id (models/marts/core/schema.yml)\n  Got 1834 results, configured to fail if != 0", 5, 6))
    s.a("1,834 duplicated customer_ids. Checking where they come from.", [("query", {"sql": "select customer_id, count(*) from dev.dbt_jsmith.stg_shop__customers group by 1 having count(*) > 1 order by 2 desc limit 5"})])
    s.t(31, json.dumps({"columns": ["CUSTOMER_ID", "COUNT(*)"], "rows": [[88123, 3], [90211, 2], [90212, 2], [77410, 2], [65001, 2]], "note": "5 of 1834 rows"}))
    s.a("The staging model has one row per customer *version* (the CRM emits updates). Reading it.", [("read_file", {"path": "models/staging/shop/stg_shop__customers.sql"})])
    s.t(36, "select\n    id as customer_id,\n    lower(email) as email,\n    upper(country) as country_code,\n    created_at,\n    _loaded_at\nfrom {{ source('shop', 'customers') }}\n")
    v2 = base.replace("select * from {{ ref('stg_shop__customers') }}", "select * from {{ ref('stg_shop__customers') }}\n    qualify row_number() over (partition by customer_id order by _loaded_at desc) = 1")
    s.a("Keeping the latest version per customer in dim_customers.", [("write_file", {"path": path, "content": v2})])
    s.t(52, json.dumps({"ok": True, "path": path}))
    s.a("Rebuilding.", [("run_dbt", {"selector": "dim_customers"})])
    s.t(81, build(1, "2 of 6 PASS unique_dim_customers_customer_id\n4 of 6 FAIL 212 not_null_dim_customers_email ........ [FAIL 212 in 0.88s]\n"
                  "Failure in test not_null_dim_customers_email (models/marts/core/schema.yml)\n  Got 212 results, configured to fail if != 0", 5, 6))
    s.a("Unique passes now; a new failure: 212 customers without email. Checking who they are.", [("query", {"sql": "select created_at::date d, count(*) from dev.dbt_jsmith.dim_customers where email is null group by 1 order by 1"})])
    s.t(88, json.dumps({"columns": ["D", "COUNT(*)"], "rows": [["2019-03-02", 1], ["2019-11-20", 3], ["2020-05-14", 208]], "note": "all 208 from 2020-05-14 have country_code = 'XX'"}))
    s.a("208 of them are from the 2020-05-14 guest-checkout import (country 'XX'); guest customers have no email by design. The not_null test is too strict: the CRM sync needs email, so I'll filter in the sync model instead, and make the test conditional.",
        [("read_file", {"path": "models/marts/core/schema.yml"})])
    s.t(94, "version: 2\nmodels:\n  - name: dim_customers\n    columns:\n      - name: customer_id\n        tests: [unique, not_null]\n      - name: email\n        tests: [not_null]\n      - name: country_code\n        tests:\n          - relationships:\n              to: ref('dim_countries')\n              field: country_code\n")
    schema = "version: 2\nmodels:\n  - name: dim_customers\n    columns:\n      - name: customer_id\n        tests: [unique, not_null]\n      - name: email\n        tests:\n          - not_null:\n              config:\n                where: \"country_code != 'XX'\"\n      - name: country_code\n        tests:\n          - relationships:\n              to: ref('dim_countries')\n              field: country_code\n"
    s.a("Scoping the email test to non-guest customers.", [("write_file", {"path": "models/marts/core/schema.yml", "content": schema})])
    s.t(110, json.dumps({"ok": True, "path": "models/marts/core/schema.yml"}))
    s.a("Rebuilding.", [("run_dbt", {"selector": "dim_customers"})])
    s.t(139, build(1, "2 of 6 PASS unique_dim_customers_customer_id\n4 of 6 PASS not_null_dim_customers_email\n5 of 6 FAIL 4 relationships_dim_customers_country_code__country_code__ref_dim_countries_ [FAIL 4 in 1.40s]\n"
                   "Failure in test relationships_dim_customers_country_code (models/marts/core/schema.yml)\n  Got 4 results, configured to fail if != 0", 5, 6))
    s.a("Email passes. Now 4 rows whose country_code isn't in dim_countries — probably 'XX' and one or two legacy codes.",
        [("query", {"sql": "select country_code, count(*) from dev.dbt_jsmith.dim_customers c left join dev.dbt_jsmith.dim_countries d using (country_code) where d.country_code is null group by 1"})])
    s.t(146, json.dumps({"columns": ["COUNTRY_CODE", "COUNT(*)"], "rows": [["XX", 208], ["UK", 1893]], "note": "relationships test counts distinct failing values: XX, UK, plus 2 null"}))
    v3 = v2.replace("    c.country_code,", "    case c.country_code when 'UK' then 'GB' when 'XX' then null else c.country_code end as country_code,")
    s.a("'UK' should be ISO 'GB', and the 'XX' placeholder should be null (relationships ignores nulls). Mapping both in the model.", [("write_file", {"path": path, "content": v3})])
    s.t(160, json.dumps({"ok": True, "path": path}))
    s.a("Rebuilding.", [("run_dbt", {"selector": "dim_customers"})])
    s.t(190, build(0, "2 of 6 PASS unique_dim_customers_customer_id\n3 of 6 PASS not_null_dim_customers_customer_id\n4 of 6 PASS not_null_dim_customers_email\n5 of 6 PASS relationships_dim_customers_country_code\n6 of 6 PASS accepted_values_dim_customers_lifetime_orders", 6, 6))
    s.a("All 6 green on dev. Changes: dedupe to the latest customer version, email test scoped to non-guest customers, UK→GB and XX→null. Note the email where-clause now uses country_code before the mapping — I'll switch it to `email is not null or country_code is null` to be safe.")
    s.u(300, "Good catch, do that and open the PR. Title: 'dim_customers: dedupe versions, fix country codes'.")
    return s


def h2_moving_poller(Session):
    s = Session(
        "data_pipeline_debug_healthy_backfill_poll_responses",
        STYLE,
        "responses",
        "gpt-4.1-mini",
        "You monitor a Snowflake backfill started from the data platform console. Poll job_status about once a minute "
        "(less often when progress is slow) and report to the user when the job finishes or fails. Then verify row counts.",
        tools=[
            ("job_status", "Status of a backfill job.", {"job_id": {"type": "string"}}),
            ("query", "Run a read-only SQL query.", {"sql": {"type": "string"}}),
        ],
        max_out=600,
        notes="Polling a backfill whose progress, row counts and ETA move every poll (one poll unchanged while a "
        "partition is large), then SUCCEEDED and a verification query.",
    )
    s.u(0, "I kicked off backfill bf-20240612-0931 for events 2024-01-01..2024-05-31 (152 partitions). Keep an eye on it and tell me when it's done.")
    at = 0
    prog = [(0, 0, "QUEUED"), (6, 9, "RUNNING"), (15, 23, "RUNNING"), (24, 37, "RUNNING"), (24, 37, "RUNNING"), (31, 47, "RUNNING"),
            (42, 64, "RUNNING"), (55, 84, "RUNNING"), (67, 102, "RUNNING"), (79, 120, "RUNNING"), (91, 139, "RUNNING"), (100, 152, "SUCCEEDED")]
    rows_per = 11_482_913
    for i, (pct, parts, state) in enumerate(prog):
        s.a("Checking the job." if i == 0 else ("Still running; polling again in a minute." if prog[i - 1][0] != pct or i < 2 else "No change this minute (large partition); polling again."),
            [("job_status", {"job_id": "bf-20240612-0931"})])
        at += 60 if i < 4 else 90
        s.t(at, json.dumps({
            "job_id": "bf-20240612-0931", "state": state, "progress_pct": pct, "partitions_done": parts, "partitions_total": 152,
            "rows_written": parts * rows_per + (i * 7919 if parts else 0), "current_partition": None if state != "RUNNING" else f"dt=2024-{1 + parts // 31:02d}-{1 + parts % 31:02d}",
            "warehouse": "TRANSFORM_XL", "credits_used": round(0.42 * parts, 2), "eta_minutes": None if state != "RUNNING" else max(1, (152 - parts) // 6),
            "started_at": "2024-06-12T09:31:07Z", "updated_at": f"2024-06-12T09:{31 + at // 60:02d}:{at % 60:02d}Z" if 31 + at // 60 < 60 else f"2024-06-12T10:{31 + at // 60 - 60:02d}:{at % 60:02d}Z",
        }))
    s.a("The backfill SUCCEEDED: 152/152 partitions. Verifying row counts per month.",
        [("query", {"sql": "select date_trunc('month', dt) m, count(*) from prod.events.fct_events where dt between '2024-01-01' and '2024-05-31' group by 1 order by 1"})])
    at += 20
    s.t(at, json.dumps({"columns": ["M", "COUNT(*)"], "rows": [["2024-01-01", 352911004], ["2024-02-01", 331872590], ["2024-03-01", 357004112], ["2024-04-01", 348220871], ["2024-05-01", 355349231]]}))
    return s


def sessions(Session):
    return [r1_alternating_edits(Session), r2_buried_error(Session), h1_tests_progress(Session), h2_moving_poller(Session)]
