#!/usr/bin/python3
"""Signs a fixed set of requests with botocore's own SigV4 signers and prints them as JSON.

Run with Debian's interpreter (/usr/bin/python3), which has python3-botocore. The output is the
input of `sigv4_conformance --oracle FILE`, which signs the same requests with awscrape's signer
and compares every step: canonical request, string to sign, signature, the signed headers and
the (presigned) URL.

The signing time is pinned by replacing the datetime module botocore.auth sees, so the output is
deterministic. Each case names the botocore signer class it exercises; the C++ side maps that
class to SigningOptions the way the client layer does.
"""

import datetime
import json
import sys
import types

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIFAKE+TOKEN/with+slash=="
DEFAULT_TIME = "2024-02-29T23:59:59Z"  # a leap day, one second before the date changes

SIGNERS = {
    "SigV4Auth": botocore.auth.SigV4Auth,
    "S3SigV4Auth": botocore.auth.S3SigV4Auth,
    "SigV4QueryAuth": botocore.auth.SigV4QueryAuth,
    "S3SigV4QueryAuth": botocore.auth.S3SigV4QueryAuth,
}

FORM = "application/x-www-form-urlencoded; charset=utf-8"

# name, signer, service, region, method, url, headers ([name, value] in order), body, and
# optional: token (bool), payload_signing_enabled, expires, timestamp.
CASES = [
    # Header signing, the four wire protocols' shapes.
    dict(name="ec2-query-get", signer="SigV4Auth", service="ec2", region="us-east-1",
         method="GET",
         url="https://ec2.us-east-1.amazonaws.com/?Action=DescribeRegions&Version=2016-11-15"),
    dict(name="query-post-form-token", signer="SigV4Auth", service="iam", region="us-east-1",
         method="POST", url="https://iam.amazonaws.com/",
         headers=[["Content-Type", FORM]],
         body="Action=ListUsers&Version=2010-05-08&Marker=a%2Bb%2Fc", token=True),
    dict(name="json-1.1-with-user-agent", signer="SigV4Auth", service="logs", region="eu-west-3",
         method="POST", url="https://logs.eu-west-3.amazonaws.com/",
         headers=[["Content-Type", "application/x-amz-json-1.1"],
                  ["X-Amz-Target", "Logs_20140328.DescribeLogGroups"],
                  ["User-Agent", "awscrape/0.1 botocore-oracle"],
                  ["X-Amzn-Trace-Id", "Root=1-abc"], ["Expect", "100-continue"]],
         body='{"limit":50}', token=True),
    dict(name="rest-json-double-encoding", signer="SigV4Auth", service="lambda",
         region="ap-southeast-2", method="GET",
         url="https://lambda.ap-southeast-2.amazonaws.com"
             "/2015-03-31/functions/my%20fn%3Aalias/policy?Marker=a%2Fb&MaxItems=50"),
    dict(name="loopback-port-http", signer="SigV4Auth", service="sqs", region="us-east-1",
         method="POST", url="http://127.0.0.1:4566/", headers=[["Content-Type", FORM]],
         body="Action=ListQueues&Version=2012-11-05"),
    dict(name="default-port-dropped-and-lowercased", signer="SigV4Auth", service="sts",
         region="us-east-1", method="GET",
         url="https://STS.Amazonaws.com:443/?Action=GetCallerIdentity&Version=2011-06-15"),
    dict(name="host-header-given", signer="SigV4Auth", service="execute-api", region="us-east-1",
         method="GET", url="https://abc.execute-api.us-east-1.amazonaws.com/prod/items",
         headers=[["Host", "abc.execute-api.us-east-1.amazonaws.com"]]),
    # Header values: trimming, collapsing, repeated names, folded lines.
    dict(name="header-trim-collapse-duplicates", signer="SigV4Auth", service="service",
         region="us-east-1", method="GET", url="https://example.amazonaws.com/",
         headers=[["My-Header1", "  a   b \t c  "], ["my-header2", "\"x   y\""],
                  ["My-Header1", " second "], ["X-Folded", "line1\n   line2"]]),
    # Paths: dot segments, repeated slashes, unicode (encoded on the wire).
    dict(name="path-dot-segments", signer="SigV4Auth", service="service", region="us-east-1",
         method="GET", url="https://example.amazonaws.com/a/./b/../c//d/"),
    dict(name="path-unicode", signer="SigV4Auth", service="service", region="us-east-1",
         method="GET", url="https://example.amazonaws.com/caf%C3%A9/%E2%9C%93/~user"),
    # Query strings: repeated keys, empty values, encoded keys.
    dict(name="query-repeated-keys-and-empty-values", signer="SigV4Auth", service="service",
         region="us-east-1", method="GET",
         url="https://example.amazonaws.com/?k=b&k=a&empty=&flag&%E1%88%B4=v&A=1"),
    # Re-signing (a retry): the previous signature, date and token are replaced.
    dict(name="resign-replaces-previous", signer="SigV4Auth", service="service",
         region="us-east-1", method="GET", url="https://example.amazonaws.com/",
         headers=[["Authorization", "AWS4-HMAC-SHA256 Credential=OLD"],
                  ["X-Amz-Date", "20000101T000000Z"],
                  ["X-Amz-Security-Token", "old-token"]], token=True),
    # Payload: an unsigned payload (payload_signing_enabled=False over https) and a given hash.
    dict(name="unsigned-payload-non-s3", signer="SigV4Auth", service="service",
         region="us-east-1", method="PUT", url="https://example.amazonaws.com/upload",
         body="data", payload_signing_enabled=False),
    dict(name="given-content-sha256", signer="SigV4Auth", service="service",
         region="us-east-1", method="PUT", url="https://example.amazonaws.com/upload",
         headers=[["X-Amz-Content-SHA256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"]], body="x"),
    dict(name="empty-body-post", signer="SigV4Auth", service="service", region="us-east-1",
         method="POST", url="https://example.amazonaws.com/", body=""),
    dict(name="date-rollover", signer="SigV4Auth", service="service", region="us-east-1",
         method="GET", url="https://example.amazonaws.com/", timestamp="2024-03-01T00:00:00Z"),
    # S3: no normalisation, no double encoding, X-Amz-Content-SHA256.
    dict(name="s3-list-objects", signer="S3SigV4Auth", service="s3", region="us-east-1",
         method="GET",
         url="https://bucket.s3.us-east-1.amazonaws.com/?list-type=2&prefix=a%2Fb&max-keys=1000",
         token=True),
    dict(name="s3-put-object-path-as-sent", signer="S3SigV4Auth", service="s3",
         region="eu-central-1", method="PUT",
         url="https://s3.eu-central-1.amazonaws.com/bucket/dir//./key%20name%2B1",
         headers=[["Content-Type", "text/plain"]], body="hello world\n"),
    dict(name="s3-unsigned-payload", signer="S3SigV4Auth", service="s3", region="us-east-1",
         method="PUT", url="https://bucket.s3.amazonaws.com/key", body="payload",
         payload_signing_enabled=False),
    # Presigning.
    dict(name="presign-get-with-token", signer="SigV4QueryAuth", service="rds",
         region="us-west-2", method="GET",
         url="https://rds.us-west-2.amazonaws.com/?Action=DescribeDBInstances&Version=2014-10-31",
         token=True, expires=900),
    dict(name="presign-extra-header", signer="SigV4QueryAuth", service="service",
         region="us-east-1", method="GET", url="https://example.amazonaws.com/a/../b",
         headers=[["My-Header1", "  v  1 "]]),
    dict(name="s3-presign-get-object", signer="S3SigV4QueryAuth", service="s3",
         region="us-east-1", method="GET",
         url="https://bucket.s3.us-east-1.amazonaws.com/photos//2024/a%20b.jpg?versionId=3",
         token=True, expires=604800),
    dict(name="s3-presign-no-token", signer="S3SigV4QueryAuth", service="s3",
         region="ap-northeast-1", method="PUT",
         url="https://s3.ap-northeast-1.amazonaws.com/bucket/key", expires=60),
]


def _fixed_datetime(iso):
    fixed = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")

    class FixedDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return fixed

    return types.SimpleNamespace(datetime=FixedDatetime, timedelta=datetime.timedelta)


class _Capture:
    """Wraps a signer class to record the steps botocore computes while signing."""

    def __init__(self, cls):
        captured = self.captured = {}

        class Capturing(cls):
            def canonical_request(self, request):
                captured["canonical_request"] = super().canonical_request(request)
                return captured["canonical_request"]

            def string_to_sign(self, request, canonical_request):
                captured["string_to_sign"] = super().string_to_sign(request, canonical_request)
                return captured["string_to_sign"]

            def signature(self, string_to_sign, request):
                captured["signature"] = super().signature(string_to_sign, request)
                return captured["signature"]

        self.cls = Capturing


def sign(case):
    timestamp = case.get("timestamp", DEFAULT_TIME)
    botocore.auth.datetime = _fixed_datetime(timestamp)
    token = TOKEN if case.get("token") else None
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, token)
    capture = _Capture(SIGNERS[case["signer"]])
    if case["signer"].endswith("QueryAuth"):
        signer = capture.cls(credentials, case["service"], case["region"],
                             expires=case.get("expires", 3600))
    else:
        signer = capture.cls(credentials, case["service"], case["region"])

    request = AWSRequest(method=case["method"], url=case["url"], data=case.get("body", ""))
    for name, value in case.get("headers", []):
        request.headers[name] = value  # HTTPHeaders appends: repeated names are kept
    enabled = case.get("payload_signing_enabled")
    if enabled is not None:
        if case["signer"].startswith("S3"):
            request.context["client_config"] = Config(s3={"payload_signing_enabled": enabled})
        else:
            request.context["payload_signing_enabled"] = enabled
    signer.add_auth(request)

    out = {
        "name": case["name"],
        "signer": case["signer"],
        "service": case["service"],
        "region": case["region"],
        "timestamp": timestamp,
        "credentials": {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "token": token},
        "request": {
            "method": case["method"],
            "url": case["url"],
            "headers": [[n, v] for n, v in case.get("headers", [])],
            "body": case.get("body", ""),
        },
        "expected": dict(capture.captured,
                         headers=[[n, v] for n, v in request.headers.items()],
                         url=request.url),
    }
    if enabled is not None:
        out["payload_signing_enabled"] = enabled
    if "expires" in case:
        out["expires"] = case["expires"]
    return out


def main():
    cases = [sign(c) for c in CASES]
    json.dump({"generator": "botocore " + botocore.__version__, "cases": cases}, sys.stdout,
              indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
