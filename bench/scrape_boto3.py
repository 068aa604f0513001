#!/usr/bin/python3
"""The calls of an awscrape plan, made by boto3 (Debian's python3-boto3) with a thread pool of
the same size, fully paged like `awscrape scrape` — the baseline of bench/scrape_bench.sh.

usage: scrape_boto3.py PLAN_JSON ENDPOINT_URL PARALLEL
PLAN_JSON is `awscrape plan --json` for the same services and regions as the scrape. Clients are
created before the timed section (boto3 clients are expensive to create and not meant to be
created concurrently); the JSON line printed at the end gives the timed section's wall and CPU
seconds (process_time: all threads), the requests (pages) made and the calls that failed, and
the CPU before it: `startup_cpu_seconds` is everything from process start to the first call
(interpreter, imports, plan, client creation), of which `import_cpu_seconds` up to the imports'
end and `client_setup_cpu_seconds` the clients. `total_cpu_seconds` is the whole run's, so
start-up can be compared with awscrape's own (its scrape summary's `startup_cpu_seconds`).
"""
import time  # first: process_time() counts from process start, so the imports are measured

import concurrent.futures
import ipaddress
import json
import sys
import threading
import urllib.parse

import boto3
import botocore
import botocore.config

IMPORT_CPU = time.process_time()


def is_ip_address(host):
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def main():
    plan = json.load(open(sys.argv[1]))
    url, parallel = sys.argv[2], int(sys.argv[3])
    # As `awscrape scrape` does for an address: no host prefix ("api.127.0.0.1" never resolves).
    host = urllib.parse.urlsplit(url).hostname or ""
    cfg = botocore.config.Config(max_pool_connections=parallel,
                                 retries={"max_attempts": 3, "mode": "standard"},
                                 inject_host_prefix=not is_ip_address(host))
    session = boto3.session.Session()
    clients = {}
    setup_started = time.process_time()
    for call in plan["calls"]:
        k = (call["service"], call["region"])
        if k not in clients:
            clients[k] = session.client(call["service"], region_name=call["region"],
                                        endpoint_url=url, config=cfg)
    setup_cpu = time.process_time() - setup_started

    lock = threading.Lock()
    totals = {"requests": 0, "items": 0, "failed": 0}

    def run(call):
        client = clients[(call["service"], call["region"])]
        method = botocore.xform_name(call["operation"])
        params = call["params"] or {}
        requests = items = 0
        try:
            if client.can_paginate(method):
                pages = client.get_paginator(method).paginate(**params)
            else:
                pages = [getattr(client, method)(**params)]
            for page in pages:
                requests += 1
                for key in (call["paginator"] or {}).get("result_key", []):
                    value = page
                    for part in key.split("."):
                        value = value.get(part, []) if isinstance(value, dict) else []
                    items += len(value) if isinstance(value, list) else 0
            failed = 0
        except Exception:  # an outcome, as in the scrape: counted, not fatal
            failed = 1
        with lock:
            totals["requests"] += requests
            totals["items"] += items
            totals["failed"] += failed

    wall_started, cpu_started = time.monotonic(), time.process_time()
    startup_cpu = cpu_started
    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(run, plan["calls"]))
    wall = time.monotonic() - wall_started
    cpu = time.process_time() - cpu_started
    print(json.dumps({"calls": len(plan["calls"]), "wall_seconds": round(wall, 3),
                      "cpu_seconds": round(cpu, 3), "client_setup_cpu_seconds": round(setup_cpu, 3),
                      "import_cpu_seconds": round(IMPORT_CPU, 3),
                      "startup_cpu_seconds": round(startup_cpu, 3),
                      "total_cpu_seconds": round(time.process_time(), 3),
                      "clients": len(clients), **totals}))


if __name__ == "__main__":
    main()
