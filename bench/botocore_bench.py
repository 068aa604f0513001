#!/usr/bin/python3
"""The peer: botocore doing the work of awscrape's benchmarks on the same bytes.

Usage: botocore_bench.py DATA_DIR [--repetitions N] [--min-time SECONDS] [--filter SUBSTRING]

DATA_DIR is what bench/gen_responses.py wrote (the C++ benchmarks read the same files). Prints
one JSON document: for each benchmark the CPU time per iteration (time.process_time, so every
thread of this process counts) of each repetition and their median. Names match the C++ ones:

  parse/<case>           create_parser(protocol).parse(response_dict, output_shape)
  parse_to_json/<case>   the same, then json.dumps with datetimes as isoformat() and bytes as
                         base64 (what a scraper storing botocore's output has to do)
  call/<case>            serialise (with parameter validation, as clients do) + request object +
                         SigV4Auth/S3SigV4Auth + prepare() + parse: no network
  serialize/<case>, sign/<case>, parse/<case>   the steps of call/ alone
  client_call/<case>     a real botocore client call, answered from memory by a before-send
                         handler: endpoint rules, validation, handlers, signing, parsing
  startup/create_client/<service>  a fresh session and create_client(): what a CLI call pays
                                   before its request (module imports excluded)
  startup/load_all_services        a fresh session and get_service_model() for every service
                                   (botocore resolves shapes lazily: this is the JSON loading)

Run with /usr/bin/python3 (Debian's python3-botocore).
"""

import argparse
import base64
import datetime
import json
import os
import platform
import statistics
import sys
import time

import botocore
import botocore.auth
import botocore.serialize
import botocore.session
from botocore.awsrequest import AWSResponse, HeadersDict, create_request_object, \
    prepare_request_dict
from botocore.credentials import Credentials
from botocore.parsers import create_parser

ACCESS_KEY = "ASIAQEXAMPLEBENCH123"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIFAKE+TOKEN/with+slash=="


def timed(fn, repetitions, min_time):
    """CPU seconds per call of fn: per repetition, and their median."""
    fn()  # warm-up: caches, lazy imports, lazily resolved shapes
    runs = []
    for _ in range(repetitions):
        iterations = 0
        start = time.process_time()
        while True:
            fn()
            iterations += 1
            elapsed = time.process_time() - start
            if elapsed >= min_time:
                break
        runs.append(elapsed / iterations)
    return runs


def to_json_default(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    raise TypeError(type(value).__name__)


class MemoryRaw:
    """Stands in for urllib3's response: AWSResponse.content reads it through stream()."""

    def __init__(self, body):
        self.body = body

    def stream(self, *args, **kwargs):
        yield self.body


def load_cases(data_dir):
    with open(os.path.join(data_dir, "cases.json")) as f:
        names = json.load(f)
    cases = []
    for name in names:
        with open(os.path.join(data_dir, name + ".json")) as f:
            meta = json.load(f)
        with open(os.path.join(data_dir, name + ".body"), "rb") as f:
            meta["body"] = f.read()
        meta["name"] = name
        cases.append(meta)
    return cases


def parse_benchmarks(session, case):
    model = session.get_service_model(case["service"])
    operation = model.operation_model(case["operation"])
    parser = create_parser(model.protocol)
    response = {"body": case["body"], "headers": HeadersDict(case["headers"]),
                "status_code": case["status"]}
    shape = operation.output_shape

    def parse():
        return parser.parse(response, shape)

    def parse_to_json():
        return json.dumps(parser.parse(response, shape), default=to_json_default)

    return parse, parse_to_json


def call_benchmarks(session, case):
    model = session.get_service_model(case["service"])
    operation = model.operation_model(case["operation"])
    serializer = botocore.serialize.create_serializer(model.protocol, include_validation=True)
    parser = create_parser(model.protocol)
    response = {"body": case["body"], "headers": HeadersDict(case["headers"]),
                "status_code": case["status"]}
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, TOKEN)
    signing_name = model.signing_name
    auth_cls = botocore.auth.S3SigV4Auth if model.signature_version in ("s3", "s3v4") \
        else botocore.auth.SigV4Auth
    signer = auth_cls(credentials, signing_name, case["region"])
    endpoint_url = "https://" + case["host"]
    params = case["params"]

    def serialize():
        request_dict = serializer.serialize_to_request(params, operation)
        prepare_request_dict(request_dict, endpoint_url=endpoint_url)
        return create_request_object(request_dict)

    unsigned = serialize()

    def sign():
        signer.add_auth(unsigned)
        return unsigned

    def parse():
        return parser.parse(response, operation.output_shape)

    def call():
        request = serialize()
        signer.add_auth(request)
        prepared = request.prepare()
        parsed = parser.parse(response, operation.output_shape)
        return prepared, parsed

    client = session.create_client(
        case["service"], region_name=case["region"], aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY, aws_session_token=TOKEN)

    def answer(request, **kwargs):
        return AWSResponse(request.url, case["status"], HeadersDict(case["headers"]),
                           MemoryRaw(case["body"]))

    client.meta.events.register("before-send", answer)
    method = getattr(client, botocore.xform_name(case["operation"]))

    def client_call():
        return method(**params)

    return dict(call=call, serialize=serialize, sign=sign, parse=parse, client_call=client_call)


def startup_benchmarks():
    def create_client(service):
        def run():
            session = botocore.session.get_session()
            return session.create_client(service, region_name="us-east-1",
                                         aws_access_key_id=ACCESS_KEY,
                                         aws_secret_access_key=SECRET_KEY)
        return run

    def load_all():
        session = botocore.session.get_session()
        names = session.get_available_services()
        for name in names:
            session.get_service_model(name)
        return len(names)

    benchmarks = {f"startup/create_client/{s}": create_client(s) for s in ("sts", "s3", "ec2")}
    benchmarks["startup/load_all_services"] = load_all
    return benchmarks


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("data_dir")
    args.add_argument("--repetitions", type=int, default=3)
    args.add_argument("--min-time", type=float, default=0.5)
    args.add_argument("--filter", default="", help="only benchmarks whose name contains this")
    opts = args.parse_args()

    session = botocore.session.get_session()
    benchmarks = []  # (name, fn, body bytes or None)
    for case in load_cases(opts.data_dir):
        if case["kind"] == "parse":
            parse, parse_to_json = parse_benchmarks(session, case)
            benchmarks.append((f"parse/{case['name']}", parse, len(case["body"])))
            benchmarks.append((f"parse_to_json/{case['name']}", parse_to_json, len(case["body"])))
        else:
            for step, fn in call_benchmarks(session, case).items():
                benchmarks.append((f"{step}/{case['name']}", fn, len(case["body"])))
    for name, fn in startup_benchmarks().items():
        benchmarks.append((name, fn, None))

    results = []
    for name, fn, body_bytes in benchmarks:
        if opts.filter not in name:
            continue
        runs = timed(fn, opts.repetitions, opts.min_time)
        result = dict(name=name, cpu_seconds=statistics.median(runs), runs=runs)
        if body_bytes is not None:
            result["body_bytes"] = body_bytes
        results.append(result)
        print(f"{name}: {result['cpu_seconds'] * 1e3:.3f} ms", file=sys.stderr)
    json.dump(dict(peer="botocore", botocore_version=botocore.__version__,
                   python=platform.python_version(), repetitions=opts.repetitions,
                   min_time=opts.min_time, results=results), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
