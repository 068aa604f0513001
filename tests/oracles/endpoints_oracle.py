#!/usr/bin/python3
"""Endpoint-resolution oracle: what botocore resolves for every service and region.

Prints (or writes with --output) a JSON document listing, for every service of the botocore
data directory and every region of the aws, aws-cn and aws-us-gov partitions, the URL, signing
region and signing name botocore would use for a call, or the error it raises. Regions are the
"regions" of those partitions in endpoints.json (the real regions; pseudo-regions such as
aws-global are left out because no client is configured with them).

Cases ("mode"):
  client   - client creation + EndpointRulesetResolver.construct_endpoint + the signer's choice
             of region/name, computed with botocore's own ClientArgsCreator and
             ClientEndpointBridge (what session.create_client() runs) without building a full
             client per pair, which would be far too slow for CI. Configs: default; FIPS;
             dual-stack; FIPS + dual-stack; a custom endpoint URL.
  ruleset  - the rule set alone (EndpointProvider) with botocore's default built-ins but
             UseFIPS / UseDualStack forced, so the FIPS and dual-stack rules are exercised even
             where botocore's legacy resolver refuses the variant at client creation.
  params   - the rule set alone with explicit parameters (a seeded random sample of bucket
             names, ARNs, account ids, custom endpoints and flags for s3, s3control, events and
             a few others), which reaches the error rules, ARN parsing, bucket-name checks,
             parseURL and substring paths that region-only calls never touch.

--verify N checks the fast path against real clients (session.create_client) on N sampled
pairs plus the global services (iam, route53, cloudfront, organizations, sts, s3 in
us-east-1), capturing the signed request's URL and credential scope; it exits non-zero on any
difference. Run with /usr/bin/python3 (Debian's python3-botocore).
"""

import argparse
import json
import os
import random
import sys
import time

# A clean botocore configuration: no config files, no AWS_* environment.
for _key in list(os.environ):
    if _key.startswith("AWS_"):
        del os.environ[_key]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import botocore  # noqa: E402
import botocore.session  # noqa: E402
from botocore.args import ClientArgsCreator  # noqa: E402
from botocore.client import ClientCreator, ClientEndpointBridge  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import EndpointProviderError  # noqa: E402
from botocore.regions import EndpointResolverBuiltins  # noqa: E402

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
CUSTOM_URL = "https://custom.example.test:8443/base"
CUSTOM_URL_REGIONS = ("us-east-1", "us-west-2", "cn-north-1")
CONFIGS = [
    {"use_fips": False, "use_dualstack": False, "endpoint_url": None},
    {"use_fips": True, "use_dualstack": False, "endpoint_url": None},
    {"use_fips": False, "use_dualstack": True, "endpoint_url": None},
    {"use_fips": True, "use_dualstack": True, "endpoint_url": None},
]


def error_of(exc):
    """The message the rule set produced, even when botocore re-raised it as another type."""
    cause = exc
    while cause is not None:
        if isinstance(cause, EndpointProviderError):
            return type(cause).__name__, str(cause)
        cause = cause.__cause__
    return type(exc).__name__, str(exc)


def pick_operation(service_model):
    """The first operation (by name) without static context parameters, else the first one."""
    names = sorted(service_model.operation_names)
    for name in names:
        if not service_model.operation_model(name).static_context_parameters:
            return name
    return names[0]


class Oracle:
    def __init__(self, data_dir):
        self.session = botocore.session.get_session()
        if data_dir:
            self.session.set_config_variable("data_path", data_dir)
        self.loader = self.session.get_component("data_loader")
        self.emitter = self.session.get_component("event_emitter")
        self.config_store = self.session.get_component("config_store")
        self.legacy_resolver = self.session._get_internal_component("endpoint_resolver")
        self.partitions = self.loader.load_data("partitions")
        endpoints = self.loader.load_data("endpoints")
        self.regions = [
            region
            for p in endpoints["partitions"]
            if p["partition"] in PARTITIONS
            for region in p["regions"]
        ]
        self.services = sorted(self.loader.list_available_services("service-2"))
        self._models = {}

    def model(self, service):
        if service not in self._models:
            sm = self.session.get_service_model(service)
            rs = self.loader.load_service_model(service, "endpoint-rule-set-1")
            op = pick_operation(sm)
            self._models[service] = (sm, rs, op)
        return self._models[service]

    def client_config(self, config):
        kwargs = {}
        if config["use_fips"]:
            kwargs["use_fips_endpoint"] = True
        if config["use_dualstack"]:
            kwargs["use_dualstack_endpoint"] = True
        return Config(**kwargs) if kwargs else None

    def resolver_for(self, service, region, config):
        """What ClientCreator.create_client + ClientArgsCreator.get_client_args build."""
        sm, rs, _ = self.model(service)
        client_config = self.client_config(config)
        creator = ClientCreator(
            self.loader, self.legacy_resolver, "ua", self.emitter, None, None,
            config_store=self.config_store)
        region, client_config = creator._normalize_fips_region(region, client_config)
        bridge = ClientEndpointBridge(
            self.legacy_resolver, None, client_config,
            service_signing_name=sm.metadata.get("signingName"),
            config_store=self.config_store,
            service_signature_version=sm.metadata.get("signatureVersion"))
        args = ClientArgsCreator(self.emitter, "ua", None, self.loader, None, self.config_store)
        final = args.compute_client_args(
            sm, client_config, bridge, region, config["endpoint_url"], True, None)
        endpoint_config = final["endpoint_config"]

        class LegacyEndpoint:
            host = endpoint_config["endpoint_url"]

        resolver = args._build_endpoint_resolver(
            rs, self.partitions, client_config, sm, endpoint_config["region_name"], region,
            config["endpoint_url"], LegacyEndpoint, True, bridge, self.emitter)
        return resolver, endpoint_config

    def client_case(self, service, region, config):
        sm, _, op = self.model(service)
        case = self.case_header(service, region, "client", config)
        try:
            resolver, endpoint_config = self.resolver_for(service, region, config)
            endpoint = resolver.construct_endpoint(sm.operation_model(op), {}, {})
            signing = {}
            schemes = endpoint.properties.get("authSchemes")
            if schemes is not None:
                _, signing = resolver.auth_schemes_to_signing_ctx(schemes)
            case["url"] = endpoint.url
            case["signing_region"] = signing.get("region") or endpoint_config["signing_region"]
            case["signing_name"] = signing.get("signing_name") or endpoint_config["signing_name"]
            case["headers"] = endpoint.headers
        except Exception as exc:  # every botocore failure is an expected answer here
            case["error_type"], case["error"] = error_of(exc)
        return case

    def ruleset_case(self, service, region, config):
        sm, _, op = self.model(service)
        case = self.case_header(service, region, "ruleset", config)
        default = dict(CONFIGS[0])
        try:
            resolver, _ = self.resolver_for(service, region, default)
            builtins = dict(resolver._builtins)
            builtins[EndpointResolverBuiltins.AWS_USE_FIPS] = config["use_fips"]
            builtins[EndpointResolverBuiltins.AWS_USE_DUALSTACK] = config["use_dualstack"]
            resolver._builtins = builtins
            params = resolver._get_provider_params(sm.operation_model(op), {}, {})
            endpoint = resolver._provider.ruleset.evaluate(dict(params))
            if endpoint is None:
                raise ValueError("no endpoint")  # reported by EndpointProvider, not reached
            case["url"] = endpoint.url
            case["properties"] = endpoint.properties
            case["headers"] = {k: v for k, v in endpoint.headers.items()}
        except Exception as exc:
            case["error_type"], case["error"] = error_of(exc)
        return case

    def case_header(self, service, region, mode, config):
        sm, _, op = self.model(service)
        static = {p.name: p.value for p in sm.operation_model(op).static_context_parameters}
        return {
            "service": service,
            "api_version": sm.api_version,
            "region": region,
            "mode": mode,
            "operation": op,
            "context_params": static,
            "config": config,
        }

    def all_cases(self):
        cases = []
        for service in self.services:
            for region in self.regions:
                for config in CONFIGS:
                    cases.append(self.client_case(service, region, config))
                for config in CONFIGS[1:]:
                    cases.append(self.ruleset_case(service, region, config))
            for region in CUSTOM_URL_REGIONS:
                config = {"use_fips": False, "use_dualstack": False, "endpoint_url": CUSTOM_URL}
                cases.append(self.client_case(service, region, config))
        return cases


PARAM_SAMPLES = {
    "Region": ["us-east-1", "us-west-2", "cn-north-1", "us-gov-west-1", "aws-global",
               "eu-central-1", "us-iso-east-1", "mars-east-1", "us-we$t-2", "snow"],
    "Bucket": ["my-bucket", "my.bucket.name", "Bucket_Bad", "ab", "192.168.1.1", "a--b", "xn--abc",
               "my-bucket-" + "x" * 60,
               "arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint",
               "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint",
               "arn:aws:s3:us-east-1:123456789012:accesspoint:my.endpoint",
               "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap",
               "arn:aws:s3-outposts:us-west-2:123456789012:outpost:op-01234567890123456:"
               "accesspoint:reports",
               "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/"
               "bucket/mybucket",
               "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/mybanner",
               "arn:aws-cn:s3:cn-north-1:123456789012:accesspoint:x",
               "arn:aws:sqs:us-west-2:123456789012:someresource",
               "arn:aws:s3:us-west-2:123456789012:accesspoint",
               "arn:aws:s3:us-we$t-2:123456789012:accesspoint:x",
               "arn:aws:s3:us-west-2::accesspoint:x", "arn:aws", "arn:::::"],
    "Endpoint": [None, None, None, "https://example.com", "http://10.0.0.1:9000",
                 "https://example.com/path/../a//b/", "https://example.com?q=1",
                 "ftp://example.com", "https://[::1]:8443", "http://example.com:notaport",
                 "https://beta.example.com:443/prefix", "https://example.com/%20x"],
    "AccountId": [None, "123456789012", "bad_account", "12345678901a", ""],
    "OutpostId": [None, "op-01234567890123456", "bad.outpost"],
    "AccessPointName": [None, "myaccesspoint",
                        "arn:aws:s3-outposts:us-west-2:123456789012:outpost:"
                        "op-01234567890123456:accesspoint:myaccesspoint"],
    "EndpointId": [None, "abc123.456def", "bad_id", "abc"],
}


def params_cases(oracle, per_service=400):
    rng = random.Random(20221213)
    cases = []
    for service in ("s3", "s3control", "events", "ec2", "iam", "sts", "cloudfront"):
        sm, rs, _ = oracle.model(service)
        from botocore.endpoint_provider import EndpointProvider
        provider = EndpointProvider(rs, oracle.partitions)
        for _ in range(per_service):
            params = {}
            for name, spec in rs["parameters"].items():
                if name in PARAM_SAMPLES:
                    value = rng.choice(PARAM_SAMPLES[name])
                elif spec["type"].lower() == "boolean":
                    value = rng.choice([None, False, True, False])
                else:
                    value = rng.choice([None, "value", "us-east-1"])
                if value is not None:
                    params[name] = value
            case = {"service": service, "api_version": sm.api_version, "mode": "params",
                    "params": params}
            try:
                endpoint = provider.resolve_endpoint(**params)
                case["url"] = endpoint.url
                case["properties"] = endpoint.properties
                case["headers"] = endpoint.headers
            except Exception as exc:
                case["error_type"], case["error"] = error_of(exc)
            cases.append(case)
    return cases


def real_client_answer(session, service, region, config, op):
    """URL and credential scope of a request a real client signs (the request is never sent)."""
    kwargs = {"region_name": region, "aws_access_key_id": "AKIDEXAMPLE",
              "aws_secret_access_key": "secret"}
    if config["endpoint_url"]:
        kwargs["endpoint_url"] = config["endpoint_url"]
    options = {}
    if config["use_fips"]:
        options["use_fips_endpoint"] = True
    if config["use_dualstack"]:
        options["use_dualstack_endpoint"] = True
    if options:
        kwargs["config"] = Config(**options)
    try:
        client = session.create_client(service, **kwargs)
    except Exception as exc:
        return {"error": error_of(exc)[1]}
    captured = {}

    class Captured(Exception):
        pass

    def before_send(request, **_):
        captured["url"] = request.url
        auth = request.headers.get("Authorization", b"")
        captured["auth"] = auth.decode() if isinstance(auth, bytes) else auth
        raise Captured()

    client.meta.events.register("before-send", before_send)
    operation_model = client.meta.service_model.operation_model(op)
    ctx = {}
    try:
        url, _ = client._resolve_endpoint_ruleset(operation_model, {}, ctx)
    except Exception as exc:
        return {"error": error_of(exc)[1]}
    signing = ctx.get("signing", {})
    answer = {
        "url": url,
        "signing_region": signing.get("region") or client._request_signer._region_name,
        "signing_name": signing.get("signing_name") or client._request_signer._signing_name,
    }
    # An operation without required input (and without context parameters, so it resolves to
    # the same endpoint) goes through the full call path, which shows the host and credential
    # scope the signer really used.
    call_op = None
    for name in sorted(client.meta.service_model.operation_names):
        model = client.meta.service_model.operation_model(name)
        needs_input = model.input_shape is not None and model.input_shape.required_members
        host_prefix = (model.endpoint or {}).get("hostPrefix")
        if not needs_input and not model.static_context_parameters and \
                not model.context_parameters and not model.endpoint_discovery and not host_prefix:
            call_op = name
            break
    if call_op is not None:
        try:
            getattr(client, botocore.xform_name(call_op))()
        except Captured:
            pass
        except Exception:
            pass
        if "auth" in captured and "Credential=" in captured["auth"]:
            scope = captured["auth"].split("Credential=")[1].split(",")[0].split("/")
            answer["scope"] = [scope[2], scope[3]]
            answer["sent_url"] = captured["url"]
    return answer


def verify(oracle, sample_size):
    rng = random.Random(1729)
    pairs = [(s, r) for s in oracle.services for r in oracle.regions]
    sample = rng.sample(pairs, min(sample_size, len(pairs)))
    sample += [(s, "us-east-1") for s in ("iam", "route53", "cloudfront", "organizations",
                                          "sts", "s3")]
    sample += [("sts", "ap-east-1"), ("s3", "us-west-2"), ("iam", "cn-north-1"),
               ("iam", "us-gov-west-1"), ("codecatalyst", "eu-west-1")]
    configs = CONFIGS + [{"use_fips": False, "use_dualstack": False, "endpoint_url": CUSTOM_URL}]
    failures = 0
    checked = 0
    scoped = 0
    for service, region in sample:
        for config in configs:
            fast = oracle.client_case(service, region, config)
            real = real_client_answer(oracle.session, service, region, config,
                                      oracle.model(service)[2])
            checked += 1
            if "error" in real or "error" in fast:
                same = real.get("error") == fast.get("error")
            else:
                same = all(real[k] == fast[k] for k in ("url", "signing_region", "signing_name"))
                if "scope" in real:
                    scoped += 1
                    same = same and real["scope"] == [fast["signing_region"], fast["signing_name"]]
                    same = same and real["sent_url"].startswith(fast["url"])
            if not same:
                failures += 1
                print(f"VERIFY MISMATCH {service} {region} {config}: fast={fast} real={real}",
                      file=sys.stderr)
    print(f"verified {checked} cases against real clients ({scoped} through a signed request), "
          f"{failures} differences",
          file=sys.stderr)
    return failures == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="botocore data directory (default: botocore's own)")
    parser.add_argument("--output", help="write the JSON here instead of stdout")
    parser.add_argument("--verify", type=int, metavar="N", default=0,
                        help="also check N sampled pairs against real clients")
    args = parser.parse_args()
    started = time.time()
    oracle = Oracle(args.data_dir)
    if args.verify and not verify(oracle, args.verify):
        return 1
    cases = oracle.all_cases() + params_cases(oracle)
    document = {
        "botocore_version": botocore.__version__,
        "partitions": list(PARTITIONS),
        "regions": oracle.regions,
        "services": oracle.services,
        "cases": cases,
    }
    text = json.dumps(document, indent=None, sort_keys=False)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(f"{len(cases)} cases for {len(oracle.services)} services x {len(oracle.regions)} "
          f"regions in {time.time() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
