// ServiceIndex: every service of the catalogue, loaded once and indexed the ways a request names
// a service: by SigV4 signing name (and endpoint prefix), by JSON target prefix, and by REST
// route (method + request URI template of each operation).
//
// Built once at start-up (it loads every service model) and immutable afterwards; thread-safe
// for reads. The catalogue must outlive the index.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/result.h"

namespace awscrape::sim {

// One operation's REST request URI template, split for matching.
struct RestRoute {
  struct Segment {
    std::string prefix;  // literal text before the label (the whole segment when no label)
    std::string label;   // label name, empty for a literal segment
    std::string suffix;  // literal text after the label
    bool greedy = false;
  };
  const aws::model::Operation* operation = nullptr;
  std::string method;
  std::vector<Segment> segments;
  // The template's fixed query: "list-type=2" → {"list-type", "2"}; "uploads" → {"uploads", ""}.
  std::vector<std::pair<std::string, std::optional<std::string>>> query;
  int specificity = 0;  // literal characters: the most specific matching template wins
};

struct IndexedService {
  std::shared_ptr<const aws::model::ServiceEntry> entry;
  std::vector<RestRoute> routes;  // REST protocols only
};

class ServiceIndex {
 public:
  // Loads every service (or only `only`, when not empty).
  static Result<std::unique_ptr<ServiceIndex>> Build(const aws::model::ModelCatalogue& catalogue,
                                                     const std::vector<std::string>& only = {});

  const aws::model::ModelCatalogue& catalogue() const { return catalogue_; }
  const std::vector<IndexedService>& services() const { return services_; }
  const IndexedService* FindService(std::string_view name) const;
  // Services signed with this name (signingName, else endpointPrefix); empty when none.
  std::vector<const IndexedService*> BySigningName(std::string_view signing_name) const;

 private:
  explicit ServiceIndex(const aws::model::ModelCatalogue& catalogue) : catalogue_(catalogue) {}

  const aws::model::ModelCatalogue& catalogue_;
  std::vector<IndexedService> services_;
  std::map<std::string, std::vector<size_t>, std::less<>> by_signing_name_;
  std::map<std::string, size_t, std::less<>> by_name_;
};

// Splits a request URI template ("/{Bucket}/{Key+}?uploads") into a route.
RestRoute ParseRestRoute(const aws::model::Operation& operation);

}  // namespace awscrape::sim
