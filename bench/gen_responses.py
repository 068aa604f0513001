#!/usr/bin/python3
"""Writes the benchmark inputs: AWS responses generated from botocore's own models.

Usage: gen_responses.py OUT_DIR

For each case below this writes, into OUT_DIR:
  <case>.body           the HTTP response body, exactly as both benchmark sides parse it
  <case>.json           service, operation, protocol, status, headers ([name, value] pairs in
                        order) and, for per-call cases, the request (params, host, region)
  <case>.expected.json  botocore's parse of those bytes in awscrape's product form (isoformat
                        timestamps, base64 blobs, ResponseMetadata with RetryAttempts 0), so the
                        C++ side can check that it parses the same bytes into the same thing
  cases.json            the case names, in order

Bodies are deterministic (a seeded RNG per case; no wall clock) and realistic: ids with the
right prefixes, ARNs, IPs, S3 keys, ISO/epoch timestamps, enums from the model, most optional
members present, nested lists of one to three items. The walk is driven by the output shape of
the real model (Debian's python3-botocore data, the directory awscrape loads by default).

Run with /usr/bin/python3 (Debian's interpreter has python3-botocore).
"""

import base64
import datetime
import json
import os
import random
import sys
import uuid
import zlib
from xml.sax.saxutils import escape

import botocore.session
from botocore.awsrequest import HeadersDict
from botocore.parsers import create_parser

ACCOUNT = "123456789012"
REGION = "us-east-1"
EPOCH_BASE = 1704067200  # 2024-01-01T00:00:00Z: generated times fall in 2024

# S3 always sends these for each object (botocore's key-decoding handler relies on Key).
S3_OBJECT_MEMBERS = {"Contents.Key", "Contents.LastModified", "Contents.ETag", "Contents.Size",
                     "Contents.StorageClass"}

# name, service, operation, kind ("parse": throughput on a large body; "call": sign + serialise +
# parse of a small paginated list call), list sizes by member path (list items add no path
# component; unnamed lists get 1-3 items), member paths always present besides the required
# ones, and for calls the request.
CASES = [
    dict(name="ec2_describe_instances", service="ec2", operation="DescribeInstances",
         kind="parse", lists={"Reservations": 2000, "Reservations.Instances": 1}),
    dict(name="iam_list_roles", service="iam", operation="ListRoles", kind="parse",
         lists={"Roles": 1000}),
    dict(name="s3_list_objects_v2", service="s3", operation="ListObjectsV2", kind="parse",
         lists={"Contents": 1000, "CommonPrefixes": 0}, xml_root="ListBucketResult",
         always=S3_OBJECT_MEMBERS),
    dict(name="lambda_list_functions", service="lambda", operation="ListFunctions",
         kind="parse", lists={"Functions": 1000}),
    dict(name="ecs_describe_tasks", service="ecs", operation="DescribeTasks", kind="parse",
         lists={"tasks": 1000, "failures": 0}),
    # Blobs (random bytes: base64 in the body, base64 again in the product form), epoch timestamps.
    dict(name="kinesis_get_records", service="kinesis", operation="GetRecords", kind="parse",
         lists={"Records": 1000, "ChildShards": 0}, blob_bytes=(200, 1200)),
    # Per-call cost: the second page of a typical paginated list call of each protocol.
    dict(name="call_ec2_describe_vpcs", service="ec2", operation="DescribeVpcs", kind="call",
         lists={"Vpcs": 5}, host="ec2.us-east-1.amazonaws.com",
         params={"MaxResults": 5, "NextToken": "eyJ2IjoyLCJjIjoiVlBDLVBBR0UtMiJ9"}),
    dict(name="call_iam_list_users", service="iam", operation="ListUsers", kind="call",
         lists={"Users": 5}, host="iam.amazonaws.com",
         params={"MaxItems": 100, "Marker": "AAEAAWF3c2NyYXBlLXVzZXItcGFnZS0y"}),
    dict(name="call_dynamodb_list_tables", service="dynamodb", operation="ListTables",
         kind="call", lists={"TableNames": 10}, host="dynamodb.us-east-1.amazonaws.com",
         params={"Limit": 100, "ExclusiveStartTableName": "orders-0099"}),
    dict(name="call_lambda_list_functions", service="lambda", operation="ListFunctions",
         kind="call", lists={"Functions": 5}, host="lambda.us-east-1.amazonaws.com",
         params={"MaxItems": 50, "Marker": "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZSI6IDV9"}),
    dict(name="call_s3_list_objects_v2", service="s3", operation="ListObjectsV2", kind="call",
         lists={"Contents": 10, "CommonPrefixes": 0}, xml_root="ListBucketResult",
         always=S3_OBJECT_MEMBERS,
         host="s3.us-east-1.amazonaws.com",
         params={"Bucket": "awscrape-bench-logs", "Prefix": "logs/2024/", "MaxKeys": 1000,
                 "ContinuationToken": "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="}),
]

ID_PREFIXES = {
    "instanceid": "i-", "vpcid": "vpc-", "subnetid": "subnet-", "imageid": "ami-",
    "groupid": "sg-", "volumeid": "vol-", "networkinterfaceid": "eni-", "snapshotid": "snap-",
    "reservationid": "r-", "attachmentid": "eni-attach-", "allocationid": "eipalloc-",
    "associationid": "eipassoc-", "dhcpoptionsid": "dopt-", "routetableid": "rtb-",
    "kernelid": "aki-", "ramdiskid": "ari-", "capacityreservationid": "cr-",
    "ipv6poolid": "ipv6pool-ec2-", "prefixlistid": "pl-", "networkaclid": "acl-",
}
WORDS = ["web", "api", "worker", "batch", "etl", "auth", "billing", "orders", "search",
         "cache", "ingest", "report", "frontend", "backend", "metrics", "gateway"]
ENVS = ["prod", "staging", "dev", "qa"]
DESCRIPTIONS = [
    "Managed by Terraform",
    "Allows access to the orders & billing APIs",
    "Service role for the nightly ETL <batch> jobs",
    "Créé par l'équipe plateforme",
    "Lambda execution role with CloudWatch Logs access",
]


class Generator:
    """Walks an output shape and produces a Python value tree (before wire encoding)."""

    def __init__(self, case, service_model):
        self.case = case
        self.service = case["service"]
        self.protocol = service_model.protocol
        self.rng = random.Random(zlib.crc32(case["name"].encode()))
        self.counter = 0

    def hexid(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def upper_id(self, n):
        return "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(n))

    def timestamp(self):
        return EPOCH_BASE + self.rng.randrange(0, 300 * 86400) + self.rng.choice(
            [0, 0, 0, 0.125, 0.5, 0.731])

    def string(self, name, shape, parent):
        self.counter += 1
        rng = self.rng
        if shape.enum:
            return rng.choice(shape.enum)
        n = name.lower()
        word = rng.choice(WORDS)
        env = rng.choice(ENVS)
        if n in ID_PREFIXES:
            value = ID_PREFIXES[n] + self.hexid(17 if n != "reservationid" else 17)
        elif n.endswith("arn") or n == "role":
            label = f"{word}-{env}-{self.counter:05d}"
            if self.service == "iam" or n == "role":
                value = f"arn:aws:iam::{ACCOUNT}:role/{label}"
            elif self.service == "s3":
                value = f"arn:aws:s3:::{label}"
            elif self.service == "lambda":
                value = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{label}"
            else:
                value = f"arn:aws:{self.service}:{REGION}:{ACCOUNT}:{n[:-3] or 'resource'}/{label}"
        elif n in ("ownerid", "accountid", "requesterid", "registryid"):
            value = ACCOUNT
        elif n in ("roleid", "userid"):
            value = ("AROA" if n == "roleid" else "AIDA") + self.upper_id(17)
        elif "ipaddress" in n or n in ("privateip", "publicip", "ip"):
            value = f"10.{rng.randrange(0, 255)}.{rng.randrange(0, 255)}.{rng.randrange(1, 255)}"
        elif "ipv6" in n and "cidr" not in n:
            value = f"2600:1f18:{self.hexid(4)}:{self.hexid(4)}::{self.hexid(3)}"
        elif "dnsname" in n:
            value = f"ip-10-0-{rng.randrange(0, 255)}-{rng.randrange(1, 255)}.ec2.internal"
        elif "cidr" in n:
            value = f"10.{rng.randrange(0, 255)}.0.0/16"
        elif n == "key" and self.service == "s3":
            value = f"logs/2024/{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/" \
                    f"{word}-{self.counter:06d}.json.gz"
        elif n == "key":
            value = rng.choice(["Name", "Environment", "Team", "CostCenter", "Owner"])
        elif n == "value":
            value = rng.choice([f"{word}-{env}", env, "platform", f"cc-{rng.randrange(1000)}"])
        elif n == "etag":
            value = f'"{self.hexid(32)}"'
        elif "token" in n or n in ("marker", "nextmarker"):
            value = base64.b64encode(rng.randbytes(48)).decode()
        elif "availabilityzone" in n:
            value = REGION + rng.choice("abcdef")
        elif "region" in n:
            value = REGION
        elif n.endswith("id"):
            value = self.hexid(16)
        elif "policydocument" in n:
            value = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect" \
                    "%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda." \
                    "amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"
        elif "description" in n or n == "message" or n == "reason":
            value = rng.choice(DESCRIPTIONS)
        elif n == "path":
            value = rng.choice(["/", "/service-role/", "/application/"])
        elif "lastmodified" in n or n.endswith("date") or n.endswith("time"):
            t = datetime.datetime.fromtimestamp(int(self.timestamp()), datetime.timezone.utc)
            value = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}+0000"
        elif "version" in n:
            value = rng.choice(["$LATEST", "1", "7", "2024-03-01"])
        elif n == "sequencenumber":
            value = "".join(rng.choice("0123456789") for _ in range(56))
        elif n == "partitionkey":
            value = f"{word}-{rng.randrange(10000):04d}"
        elif n == "devicename":
            value = "/dev/" + rng.choice(["xvda", "sdb", "sdf", "nvme1n1"])
        elif n == "handler":
            value = "index.handler"
        elif n.endswith("name") or n == "name":
            value = f"{word}-{env}-{self.counter:05d}"
        else:
            value = f"{name[0].lower()}{name[1:]}-{word}-{self.hexid(8)}"
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if hi is not None and len(value) > hi:
            value = value[:hi]
        if lo is not None and len(value) < lo:
            value = value + "x" * (lo - len(value))
        return value

    def number(self, name, shape):
        lo, hi = shape.metadata.get("min", 0), shape.metadata.get("max")
        n = name.lower()
        if "size" in n or "bytes" in n:
            top = 10 ** 9 if shape.type_name == "long" else 500
        elif "port" in n:
            top = 65535
        else:
            top = 1000
        if hi is not None:
            top = min(top, hi)
        lo = max(lo, 0) if lo is not None else 0
        if top <= lo:
            top = lo + 1
        return self.rng.randrange(int(lo), int(top) + 1)

    def value(self, name, shape, path, depth, stack, parent=None):
        t = shape.type_name
        if t == "structure":
            return self.structure(shape, path, depth, stack)
        if t == "list":
            count = self.case["lists"].get(path)
            if count is None:
                count = self.rng.randrange(1, 4)
            if depth > 6 or shape.member.name in stack:
                count = 0 if depth > 6 else min(count, 1)
            return [self.value(name, shape.member, path, depth + 1, stack) for _ in range(count)]
        if t == "map":
            return {self.string(name + "Key", shape.key, shape): self.value(
                name, shape.value, path, depth + 1, stack) for _ in range(self.rng.randrange(1, 4))}
        if t == "string":
            return self.string(name, shape, parent)
        if t in ("integer", "long", "short", "byte"):
            return self.number(name, shape)
        if t in ("float", "double"):
            return round(self.rng.uniform(0, 100), 2)
        if t == "boolean":
            return self.rng.choice([True, False])
        if t == "timestamp":
            return ("ts", self.timestamp())
        if t == "blob":
            lo, hi = self.case.get("blob_bytes", (16, 64))
            return ("blob", self.rng.randbytes(self.rng.randrange(lo, hi)))
        raise ValueError(f"unhandled type {t} at {path}")

    def structure(self, shape, path, depth, stack):
        out = {}
        members = list(shape.members.items())
        if shape.is_tagged_union:
            members = [self.rng.choice(members)]
        required = set(shape.required_members)
        for name, member in members:
            if member.serialization.get("location") in ("headers", "statusCode"):
                continue
            if member.serialization.get("xmlAttribute") or member.serialization.get("eventstream"):
                continue
            if member.type_name == "structure" and member.name in stack and name not in required:
                continue  # recursive shapes: stop at the first repeat
            member_path = f"{path}.{name}" if path else name
            keep = name in required or member_path in self.case.get("always", ()) or \
                self.rng.random() < (0.92 if depth <= 2 else 0.75)
            if member_path in self.case["lists"] and self.case["lists"][member_path] == 0:
                continue
            if not keep or depth > 8:
                continue
            out[name] = self.value(name, member, member_path, depth + 1, stack | {shape.name})
        return out


# ---- wire encoding ---------------------------------------------------------------------------

def iso_z(ts, millis):
    t = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    if millis:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(ts):
    t = datetime.datetime.fromtimestamp(int(ts), datetime.timezone.utc)
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def xml_scalar(shape, value, millis):
    if isinstance(value, tuple) and value[0] == "ts":
        fmt = shape.serialization.get("timestampFormat", "iso8601")
        if fmt == "unixTimestamp":
            return repr(value[1])
        if fmt == "rfc822":
            return http_date(value[1])
        return iso_z(value[1], millis)
    if isinstance(value, tuple) and value[0] == "blob":
        return base64.b64encode(value[1]).decode()
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def xml_list_item_name(shape, protocol):
    return shape.member.serialization.get("name", "item" if protocol == "ec2" else "member")


def xml_members(shape, value, protocol, millis, out):
    for name, member in shape.members.items():
        if name not in value or "location" in member.serialization:
            continue
        v = value[name]
        if member.type_name == "list" and member.serialization.get("flattened"):
            tag = member.member.serialization.get("name") or member.serialization.get("name", name)
            for item in v:
                xml_element(tag, member.member, item, protocol, millis, out)
        else:
            xml_element(member.serialization.get("name", name), member, v, protocol, millis, out)


def xml_element(tag, shape, value, protocol, millis, out):
    t = shape.type_name
    out.append(f"<{tag}>")
    if t == "structure":
        xml_members(shape, value, protocol, millis, out)
    elif t == "list":
        item = xml_list_item_name(shape, protocol)
        for v in value:
            xml_element(item, shape.member, v, protocol, millis, out)
    elif t == "map":
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        for k, v in value.items():
            out.append("<entry>")
            xml_element(key_name, shape.key, k, protocol, millis, out)
            xml_element(value_name, shape.value, v, protocol, millis, out)
            out.append("</entry>")
    else:
        out.append(xml_scalar(shape, value, millis))
    out.append(f"</{tag}>")


def json_value(shape, value):
    t = shape.type_name
    if t == "structure":
        return {m.serialization.get("name", name): json_value(m, value[name])
                for name, m in shape.members.items()
                if name in value and "location" not in m.serialization}
    if t == "list":
        return [json_value(shape.member, v) for v in value]
    if t == "map":
        return {k: json_value(shape.value, v) for k, v in value.items()}
    if isinstance(value, tuple) and value[0] == "ts":
        fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
        if fmt == "iso8601":
            return iso_z(value[1], True)
        if fmt == "rfc822":
            return http_date(value[1])
        return value[1]
    if isinstance(value, tuple) and value[0] == "blob":
        return base64.b64encode(value[1]).decode()
    return value


def header_value(shape, value):
    if isinstance(value, tuple) and value[0] == "ts":
        return http_date(value[1])
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def encode(case, service_model, operation_model, value, gen):
    """Returns (body bytes, headers as [name, value] pairs)."""
    protocol = service_model.protocol
    shape = operation_model.output_shape
    request_id = str(uuid.UUID(int=gen.rng.getrandbits(128), version=4))
    date = http_date(EPOCH_BASE + 200 * 86400)
    header_members = [(name, m) for name, m in shape.members.items()
                      if m.serialization.get("location") == "header" and name in value]
    if protocol in ("ec2", "query"):
        ns = service_model.metadata.get("xmlNamespace", "")
        if protocol == "ec2" and not ns.endswith("/"):
            ns += "/"
        out = [f'<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<{operation_model.name}Response xmlns="{ns}">']
        if protocol == "ec2":
            out.append(f"<requestId>{request_id}</requestId>")
            xml_members(shape, value, protocol, True, out)
        else:
            wrapper = shape.serialization["resultWrapper"]
            out.append(f"<{wrapper}>")
            xml_members(shape, value, protocol, False, out)
            out.append(f"</{wrapper}><ResponseMetadata><RequestId>{request_id}</RequestId>"
                       f"</ResponseMetadata>")
        out.append(f"</{operation_model.name}Response>")
        body = "".join(out).encode()
        headers = [["x-amzn-RequestId", request_id],
                   ["Content-Type", "text/xml;charset=UTF-8"],
                   ["Content-Length", str(len(body))], ["Date", date],
                   ["Server", "AmazonEC2" if protocol == "ec2" else "AmazonIAM"]]
        if protocol == "ec2":
            headers = headers[1:] + [["Cache-Control", "no-cache, no-store"],
                                     ["Strict-Transport-Security", "max-age=31536000"],
                                     ["Vary", "accept-encoding"]]
    elif protocol == "rest-xml":
        root = case.get("xml_root", operation_model.name + "Result")
        ns = service_model.metadata.get("xmlNamespace", {}).get("uri") or \
            "http://s3.amazonaws.com/doc/2006-03-01/"
        out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{ns}">']
        xml_members(shape, value, protocol, True, out)
        out.append(f"</{root}>")
        body = "".join(out).encode()
        host_id = base64.b64encode(gen.rng.randbytes(57)).decode()
        headers = [["x-amz-id-2", host_id], ["x-amz-request-id", gen.upper_id(16)],
                   ["Date", date], ["x-amz-bucket-region", REGION],
                   ["Content-Type", "application/xml"], ["Transfer-Encoding", "chunked"],
                   ["Server", "AmazonS3"]]
    else:
        body = json.dumps(json_value(shape, value), separators=(",", ":"),
                          ensure_ascii=False).encode()
        content_type = "application/json" if protocol == "rest-json" else \
            f"application/x-amz-json-{service_model.metadata.get('jsonVersion', '1.0')}"
        headers = [["Date", date], ["Content-Type", content_type],
                   ["Content-Length", str(len(body))], ["Connection", "keep-alive"],
                   ["x-amzn-RequestId", request_id]]
    for name, m in header_members:
        headers.append([m.serialization.get("name", name), header_value(m, value[name])])
    return body, headers


def product_form(value):
    """botocore's parsed value written as awscrape writes it (SPEC §1)."""
    if isinstance(value, dict):
        return {k: product_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [product_form(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    return value


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    session = botocore.session.get_session()
    names = []
    for case in CASES:
        service_model = session.get_service_model(case["service"])
        operation_model = service_model.operation_model(case["operation"])
        gen = Generator(case, service_model)
        value = gen.structure(operation_model.output_shape, "", 0, frozenset())
        body, headers = encode(case, service_model, operation_model, value, gen)
        meta = dict(service=case["service"], operation=case["operation"], kind=case["kind"],
                    protocol=service_model.protocol, status=200, headers=headers)
        if case["kind"] == "call":
            meta.update(params=case["params"], host=case["host"], region=REGION)
        parsed = create_parser(service_model.protocol).parse(
            {"body": body, "headers": HeadersDict(headers), "status_code": 200},
            operation_model.output_shape)
        parsed["ResponseMetadata"]["RetryAttempts"] = 0  # botocore's endpoint adds it
        files = {".body": body,
                 ".json": json.dumps(meta, indent=1).encode(),
                 ".expected.json": json.dumps(product_form(parsed), ensure_ascii=False).encode()}
        for suffix, data in files.items():
            path = os.path.join(out_dir, case["name"] + suffix)
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)
        names.append(case["name"])
        print(f"{case['name']}: {len(body):,} bytes", file=sys.stderr)
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(names, f, indent=1)


if __name__ == "__main__":
    main()
