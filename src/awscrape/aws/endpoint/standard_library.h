// The endpoint rule-set standard library: the functions conditions and expressions call.
//
// Each function mirrors botocore 1.29.27's RuleSetStandardLibrary method of the same name,
// including its Python semantics: missing values are None (EndpointValue kNone), type
// mismatches that botocore reports as EndpointResolutionError return an error Status with
// botocore's message, and inputs botocore answers with None (invalid ARN, URL with a query,
// substring out of range) return None. Stateless and thread-safe.
#pragma once

#include "awscrape/aws/endpoint/partitions.h"
#include "awscrape/aws/endpoint/rule_set.h"
#include "awscrape/aws/endpoint/value.h"
#include "awscrape/core/result.h"

namespace awscrape::aws::endpoint {

EndpointValue IsSet(const EndpointValue& value);
EndpointValue Not(const EndpointValue& value);
// Path "a.b[2]": dotted attributes, an index ends the walk (as in botocore).
Result<EndpointValue> GetAttr(const EndpointValue& value, const EndpointValue& path);
Result<EndpointValue> StringEquals(const EndpointValue& a, const EndpointValue& b);
Result<EndpointValue> BooleanEquals(const EndpointValue& a, const EndpointValue& b);
Result<EndpointValue> Substring(const EndpointValue& value, const EndpointValue& start,
                                const EndpointValue& stop, const EndpointValue& reverse);
EndpointValue UriEncodeValue(const EndpointValue& value);
// {scheme, authority, path, normalizedPath, isIp}, or None for unsupported URLs.
Result<EndpointValue> ParseUrlValue(const EndpointValue& value);
EndpointValue IsValidHostLabel(const EndpointValue& value, const EndpointValue& allow_subdomains);
EndpointValue AwsPartition(const EndpointValue& region, const Partitions& partitions);
// {partition, service, region, accountId, resourceId: [...]}, or None.
EndpointValue AwsParseArn(const EndpointValue& value);
EndpointValue AwsIsVirtualHostableS3Bucket(const EndpointValue& value,
                                           const EndpointValue& allow_subdomains);

// Calls `function` on already evaluated arguments (arity checked when the rule set was parsed).
Result<EndpointValue> CallFunction(Function function, const std::vector<EndpointValue>& args,
                                   const Partitions& partitions);

}  // namespace awscrape::aws::endpoint
