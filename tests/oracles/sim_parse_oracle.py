#!/usr/bin/python3
"""Differential oracle for the simulator: botocore's parse of each raw response must equal ours.

Input: the JSON lines `awscrape simulate --oracle-dump FILE` writes (one per candidate operation:
the simulator's raw status, headers and body, and awscrape's parse of them through AwsClient).
Each response is parsed again with Debian's botocore 1.29.27
(botocore.parsers.create_parser(protocol).parse(...)) and written the way SPEC §1 says
(timestamps as isoformat(), blobs base64, ResponseMetadata with lower-cased HTTPHeaders and
RetryAttempts 0); the two must be equal.

Prints "N passed, M failed" and the first differences; exits 1 when any call failed or differed.
Run with /usr/bin/python3 (the interpreter that has botocore).
"""
import base64
import datetime
import json
import sys

import botocore.parsers
import botocore.session
from botocore.response import StreamingBody


def to_product_form(value):
    if isinstance(value, dict):
        return {k: to_product_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_product_form(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, StreamingBody):
        return base64.b64encode(value.read()).decode()
    return value


def first_difference(a, b, path="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a:
                return f"{path}.{key}: only in botocore ({json.dumps(b[key])[:120]})"
            if key not in b:
                return f"{path}.{key}: only in awscrape ({json.dumps(a[key])[:120]})"
            diff = first_difference(a[key], b[key], f"{path}.{key}")
            if diff:
                return diff
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items in awscrape, {len(b)} in botocore"
        for i, (x, y) in enumerate(zip(a, b)):
            diff = first_difference(x, y, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if a != b or isinstance(a, bool) != isinstance(b, bool):
        return f"{path}: awscrape {json.dumps(a)[:120]} != botocore {json.dumps(b)[:120]}"
    return None


def main(argv):
    if len(argv) != 2:
        print("usage: sim_parse_oracle.py DUMP.jsonl", file=sys.stderr)
        return 2
    session = botocore.session.get_session()
    models = {}
    passed, failed, shown = 0, 0, 0
    failures_by_protocol = {}
    with open(argv[1]) as lines:
        for line in lines:
            record = json.loads(line)
            service, operation = record["service"], record["operation"]
            name = f"{service}:{operation}"
            problem = None
            if record.get("ours") is None:
                problem = f"awscrape failed: {record.get('error')}"
            elif not (200 <= record["status"] < 300):
                problem = f"simulator answered HTTP {record['status']}"
            else:
                if service not in models:
                    models[service] = session.get_service_model(service)
                model = models[service]
                op = model.operation_model(operation)
                headers = {k.lower(): v for k, v in record["headers"]}
                response = {
                    "status_code": record["status"],
                    "headers": headers,
                    "body": base64.b64decode(record["body_b64"]),
                }
                if op.has_streaming_output:
                    import io
                    response["body"] = StreamingBody(io.BytesIO(response["body"]),
                                                     len(response["body"]))
                parser = botocore.parsers.create_parser(model.metadata["protocol"])
                try:
                    parsed = parser.parse(response, op.output_shape)
                except Exception as e:  # noqa: BLE001 - a botocore failure is a finding
                    problem = f"botocore failed: {type(e).__name__}: {e}"
                else:
                    if "ResponseMetadata" in parsed:
                        parsed["ResponseMetadata"]["RetryAttempts"] = 0
                    theirs = to_product_form(parsed)
                    problem = first_difference(record["ours"], theirs)
            if problem:
                failed += 1
                proto = record.get("protocol", "?")
                failures_by_protocol[proto] = failures_by_protocol.get(proto, 0) + 1
                if shown < 40:
                    print(f"FAIL {name} ({record.get('protocol')}): {problem}")
                    shown += 1
            else:
                passed += 1
    for proto, count in sorted(failures_by_protocol.items()):
        print(f"  {proto}: {count} failed")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
