#!/usr/bin/env bash
# Differential endpoint test: botocore's answers (tests/oracles/endpoints_oracle.py) for every
# service x region of aws, aws-cn and aws-us-gov, compared with awscrape's resolver by the
# EndpointOracle GoogleTest. Fails on any mismatch; prints each one.
set -euo pipefail

source_dir="${AWSCRAPE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
build_dir="${AWSCRAPE_BUILD_DIR:?AWSCRAPE_BUILD_DIR must point at the build directory}"
python=/usr/bin/python3
tests_binary="$build_dir/tests/awscrape_tests"

if ! "$python" -c 'import botocore' 2>/dev/null; then
  echo "SKIP: $python has no botocore (install python3-botocore to run the endpoint oracle)"
  exit 0
fi
if [[ ! -x "$tests_binary" ]]; then
  echo "FAIL: $tests_binary not built" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
oracle_args=(--output "$work/oracle.json" --verify 20)
if [[ -n "${AWSCRAPE_MODELS_DIR:-}" ]]; then
  oracle_args+=(--data-dir "$AWSCRAPE_MODELS_DIR")
fi

# The oracle first checks its fast path against real botocore clients on a sample.
"$python" "$source_dir/tests/oracles/endpoints_oracle.py" "${oracle_args[@]}"

set +e
AWSCRAPE_ENDPOINTS_ORACLE="$work/oracle.json" "$tests_binary" \
  --gtest_filter='EndpointOracle.*' --gtest_also_run_disabled_tests --gtest_color=no 2>&1 | tee "$work/gtest.log"
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]]; then
  echo "FAIL: endpoint resolution differs from botocore (see MISMATCH lines above)" >&2
  exit 1
fi
if ! grep -q ' 0 mismatches' "$work/gtest.log" || grep -q 'SKIPPED' "$work/gtest.log"; then
  echo "FAIL: the oracle comparison did not run" >&2
  exit 1
fi
echo "PASS: $(grep -o 'compared [0-9]* cases.*' "$work/gtest.log")"
