// Helpers for the simulator's unit tests: one catalogue and simulator per options, and signed
// requests built with the product's own serialiser and signer (as AwsClient would send them to
// --endpoint-url http://127.0.0.1:4566).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "awscrape/aws/auth/sigv4.h"
#include "awscrape/aws/model/catalogue.h"
#include "awscrape/aws/protocol/protocol.h"
#include "awscrape/sim/simulator.h"

namespace awscrape::sim::testing {

inline const aws::model::ModelCatalogue& Catalogue() {
  static const aws::model::ModelCatalogue* catalogue = [] {
    auto opened = aws::model::ModelCatalogue::Open(aws::model::ModelCatalogue::DefaultDataDir());
    if (!opened.ok()) std::abort();
    return opened->release();
  }();
  return *catalogue;
}

// The services the unit tests exercise: one or more per protocol, plus siblings sharing a
// signing name.
inline std::vector<std::string> TestServices() {
  return {"ec2", "iam", "sts",        "dynamodb",     "lambda",     "s3",      "elb",  "elbv2",
          "rds", "kms", "lex-models", "lexv2-models", "cloudfront", "route53", "logs", "sqs"};
}

inline std::unique_ptr<Simulator> MakeSimulator(SimOptions options = {},
                                                const Clock& clock = Clock::Real()) {
  auto sim = Simulator::Create(Catalogue(), std::move(options), TestServices(), clock);
  EXPECT_TRUE(sim.ok()) << sim.status().ToString();
  return std::move(sim).value();
}

struct SignedCall {
  aws::HttpRequest request;
  std::shared_ptr<const aws::model::ServiceEntry> service;
  const aws::model::Operation* operation = nullptr;
};

inline SignedCall MakeCall(const std::string& service_name, const std::string& operation,
                           const std::string& params_json = "{}",
                           const std::string& region = "us-east-1",
                           const std::string& secret = SimOptions{}.secret_access_key,
                           const std::string& access_key = SimOptions{}.access_key_id) {
  SignedCall call;
  auto service = Catalogue().GetService(service_name);
  EXPECT_TRUE(service.ok());
  call.service = *service;
  call.operation = call.service->model->FindOperation(operation);
  EXPECT_NE(call.operation, nullptr) << operation;
  auto params = ParseJson(params_json);
  EXPECT_TRUE(params.ok());
  aws::SerializeOptions options;
  options.host = "127.0.0.1:4566";
  options.scheme = "http";
  auto request = aws::SerializeRequest(*call.service->model, *call.operation, *params, options);
  EXPECT_TRUE(request.ok()) << request.status().ToString();
  call.request = std::move(request).value();
  const auto& metadata = call.service->model->metadata();
  aws::SigningOptions signing;
  signing.region = region;
  signing.service =
      metadata.signing_name.empty() ? metadata.endpoint_prefix : metadata.signing_name;
  signing.time = Timestamp{1700000000, 0};
  if (service_name == "s3") aws::ApplyS3Rules(signing);
  aws::Credentials credentials;
  credentials.access_key_id = access_key;
  credentials.secret_access_key = secret;
  aws::SignRequest(call.request, credentials, signing);
  return call;
}

inline Result<JsonDocument> Parse(const SignedCall& call, const aws::HttpResponse& response) {
  return aws::ParseResponse(*call.service->model, *call.operation, response, aws::ParseOptions{});
}

inline aws::AwsError ParseError(const SignedCall& call, const aws::HttpResponse& response) {
  return aws::ParseErrorResponse(*call.service->model, *call.operation, response,
                                 aws::ParseOptions{});
}

}  // namespace awscrape::sim::testing
