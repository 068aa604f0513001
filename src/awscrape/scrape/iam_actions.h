// IamActionNames: the IAM action that allows a planned call (data/iam_actions.json).
//
// The action is PREFIX:Operation where PREFIX is the model's signingName, else its
// endpointPrefix, lower-cased — except for the services and operations the data file lists
// (cloudwatch signs as "monitoring", s3 ListBuckets is s3:ListAllMyBuckets, API Gateway is
// authorised by HTTP method). Immutable after parsing; safe to share between threads.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "awscrape/aws/model/operation.h"
#include "awscrape/aws/model/service_model.h"
#include "awscrape/core/result.h"

namespace awscrape::scrape {

class IamActionNames {
 public:
  IamActionNames() = default;
  static Result<IamActionNames> Parse(std::string_view file, std::string_view text);

  // The IAM namespace of a service: "ec2", "cloudwatch", "tag".
  std::string Prefix(std::string_view service, const aws::model::ServiceMetadata& metadata) const;
  // "ec2:DescribeInstances", "s3:ListAllMyBuckets", "apigateway:GET".
  std::string Action(std::string_view service, const aws::model::ServiceMetadata& metadata,
                     const aws::model::Operation& operation) const;

 private:
  std::map<std::string, std::string, std::less<>> prefixes_;  // service -> prefix
  std::set<std::string, std::less<>> http_method_services_;
  std::map<std::string, std::string, std::less<>> actions_;  // "svc:Op" -> action
};

}  // namespace awscrape::scrape
