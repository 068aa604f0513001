#!/usr/bin/python3
"""Prints the benchmark comparison (awscrape vs botocore) from the results bench/run.sh wrote.

Usage: report.py RESULTS_DIR

Reads the Google Benchmark JSON of parse_throughput_bench, call_cost_bench and
catalogue_startup_bench, botocore_bench.py's JSON and hyperfine's JSON, and prints Markdown
tables. Every figure is the median over the repetitions (CPU time unless said otherwise); the
spread column shows the slowest repetition's distance from the median, as a hint of noise.
Ratios are botocore's time over awscrape's: "12x" means awscrape does the work in 1/12 of the CPU.
"""

import json
import os
import statistics
import sys

UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
CASE_LABELS = {
    "ec2_describe_instances": "ec2 DescribeInstances (ec2)",
    "iam_list_roles": "iam ListRoles (query)",
    "s3_list_objects_v2": "s3 ListObjectsV2 (rest-xml)",
    "lambda_list_functions": "lambda ListFunctions (rest-json)",
    "ecs_describe_tasks": "ecs DescribeTasks (json 1.1)",
    "kinesis_get_records": "kinesis GetRecords (json 1.1, blobs)",
    "call_ec2_describe_vpcs": "ec2 DescribeVpcs (ec2)",
    "call_iam_list_users": "iam ListUsers (query)",
    "call_dynamodb_list_tables": "dynamodb ListTables (json 1.0)",
    "call_lambda_list_functions": "lambda ListFunctions (rest-json)",
    "call_s3_list_objects_v2": "s3 ListObjectsV2 (rest-xml)",
}


class Runs:
    def __init__(self, seconds, error=None, extra=None):
        self.seconds = seconds  # one per repetition
        self.error = error
        self.extra = extra or {}

    @property
    def median(self):
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def spread(self):
        if len(self.seconds) < 2:
            return ""
        return f"+{(max(self.seconds) / self.median - 1) * 100:.0f}%"


def load_gbench(path):
    """run name -> Runs (CPU seconds per iteration of each repetition)."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        doc = json.load(f)
    for b in doc.get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            continue
        name = b["run_name"].split("/process_time")[0].split("/iterations:")[0]
        runs = out.setdefault(name, Runs([], extra={}))
        if b.get("error_occurred"):
            runs.error = b.get("error_message", "error")
            continue
        runs.seconds.append(b["cpu_time"] * UNIT_SECONDS[b.get("time_unit", "ns")])
        for key in ("body_bytes", "services"):
            if key in b:
                runs.extra[key] = b[key]
    return out


def load_peer(path):
    out = {}
    if not os.path.exists(path):
        return out, {}
    with open(path) as f:
        doc = json.load(f)
    for r in doc["results"]:
        out[r["name"]] = Runs(r["runs"], extra={"body_bytes": r.get("body_bytes")})
    return out, doc


def load_wall(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        doc = json.load(f)
    return Runs(doc["results"][0]["times"])


def ms(seconds):
    if seconds is None:
        return "n/a"
    return f"{seconds * 1e3:.2f}" if seconds < 10 else f"{seconds * 1e3:.0f}"


def us(seconds):
    if seconds is None:
        return "n/a"
    return f"{seconds * 1e6:.1f}" if seconds < 1e-3 else f"{seconds * 1e6:.0f}"


def ratio(theirs, ours):
    if theirs is None or ours is None or not ours.median or not theirs.median:
        return "n/a"
    r = theirs.median / ours.median
    return f"{r:.1f}x" if r < 100 else f"{r:.0f}x"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def cell(runs, fmt):
    if runs is None:
        return "n/a"
    if runs.error:
        return "ERROR: " + runs.error
    return fmt(runs.median)


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else "build/bench/results"
    ours = {}
    for name in ("parse_throughput_bench", "call_cost_bench", "catalogue_startup_bench"):
        ours.update({f"{name}:{k}": v for k, v in
                     load_gbench(os.path.join(results, name + ".json")).items()})
    peer, peer_doc = load_peer(os.path.join(results, "botocore.json"))
    out = []

    # Parse throughput.
    for prefix, title in (("parse", "Parse throughput: ParseResponse vs botocore's parser"),
                          ("parse_to_json", "Parse and write JSON text")):
        rows = []
        for key, runs in ours.items():
            bench, name = key.split(":", 1)
            if bench != "parse_throughput_bench" or not name.startswith(prefix + "/"):
                continue
            case = name.split("/", 1)[1]
            body = runs.extra.get("body_bytes") or peer.get(name, Runs([])).extra.get("body_bytes")
            theirs = peer.get(name)
            mbps = (lambda s, b=body: f"{b / s / 1e6:.1f}") if body else (lambda s: "n/a")
            rows.append([CASE_LABELS.get(case, case),
                         f"{body / 1e6:.2f} MB" if body else "n/a",
                         cell(runs, mbps), cell(theirs, mbps),
                         cell(runs, ms), cell(theirs, ms), ratio(theirs, runs), runs.spread])
        out.append(f"### {title} (MB/s of body, CPU time, median of repetitions)\n")
        out.append(table(["response", "body", "awscrape MB/s", "botocore MB/s", "awscrape ms",
                          "botocore ms", "ratio", "awscrape spread"], rows))
        out.append("")

    # CPU per call.
    rows = []
    cases = [k.split("/", 1)[1] for k in ours if k.startswith("call_cost_bench:call/")]
    for case in cases:
        row = [CASE_LABELS.get(case, case)]
        for step in ("call", "serialize", "sign", "parse", "client_call"):
            mine = ours.get(f"call_cost_bench:{step}/{case}")
            theirs = peer.get(f"{step}/{case}")
            row.append(f"{cell(mine, us)} / {cell(theirs, us)} ({ratio(theirs, mine)})")
        rows.append(row)
    out.append("### CPU per call, µs: awscrape / botocore (ratio)\n")
    out.append(table(["call", "sign+serialise+parse", "serialise", "sign", "parse",
                      "whole client call"], rows))
    out.append("")

    # Start-up.
    rows = []
    startup = [
        ("open the catalogue (list the data directory)", "open", None),
        ("open + load sts", "open_and_load/sts", "startup/create_client/sts"),
        ("open + load s3", "open_and_load/s3", "startup/create_client/s3"),
        ("open + load ec2", "open_and_load/ec2", "startup/create_client/ec2"),
        ("open + load ec2 + partitions + endpoints", "open_and_load_endpoints/ec2", None),
        ("load all services", "load_all_services", "startup/load_all_services"),
    ]
    for label, mine_name, peer_name in startup:
        mine = ours.get(f"catalogue_startup_bench:{mine_name}")
        theirs = peer.get(peer_name) if peer_name else None
        rows.append([label, cell(mine, ms), cell(theirs, ms) if peer_name else "-",
                     ratio(theirs, mine) if peer_name else "-"])
    out.append("### Start-up, CPU ms (botocore: fresh session + create_client / "
               "get_service_model for all)\n")
    out.append(table(["what", "awscrape ms", "botocore ms", "ratio"], rows))
    out.append("")

    rows = []
    for slug in sorted({f[len("wall_ours_"):-5] for f in os.listdir(results)
                        if f.startswith("wall_ours_")}):
        mine = load_wall(os.path.join(results, f"wall_ours_{slug}.json"))
        theirs = load_wall(os.path.join(results, f"wall_aws_{slug}.json"))
        rows.append([slug.replace("_", " "), cell(mine, ms), cell(theirs, ms),
                     ratio(theirs, mine)])
    if rows:
        out.append("### Process wall time to the first request (connection refused), ms, "
                   "median: `awscrape call` vs `aws`\n")
        out.append(table(["call", "awscrape call", "aws (awscli)", "ratio"], rows))
        out.append("")

    if peer_doc:
        out.append(f"Peer: botocore {peer_doc['botocore_version']} on Python "
                   f"{peer_doc['python']}; {peer_doc['repetitions']} repetitions.")
    aws_version = os.path.join(results, "aws_version.txt")
    if os.path.exists(aws_version):
        with open(aws_version) as f:
            out.append(f"aws: {f.read().strip()}")
    load = os.path.join(results, "load.txt")
    if os.path.exists(load):
        with open(load) as f:
            out.append("; ".join(line.strip() for line in f))
    print("\n".join(out))


if __name__ == "__main__":
    main()
