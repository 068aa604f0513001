// Pagination as paginators-1.json describes it, from the server's side: which input member
// carries the token and the page size, which output members carry the next token, the "more
// results" flag and the paged lists. Tokens are opaque to clients (base64 of an offset bound to
// the endpoint and operation by a hash), so a token from elsewhere or a tampered one is
// rejected; they are padded to the token member's minimum length (and kept within its maximum
// where the model allows one that fits), since clients check it before sending — dynamodb's
// ExclusiveStartBackupArn wants 37 characters at least, devops-guru's NextToken exactly 36.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/json.h"

namespace awscrape::sim {

struct Paginator {
  std::vector<std::string> input_tokens;
  std::vector<std::string> output_tokens;  // the first alternative of each expression
  std::string limit_key;
  std::vector<std::string> result_keys;  // dotted member paths
  std::string more_results;
};

std::optional<Paginator> FindPaginator(const aws::model::ServiceEntry& service,
                                       std::string_view operation);

// The length constraints of the input token member (its shape's min and max), if any.
struct TokenLength {
  size_t min = 0;
  std::optional<size_t> max;
  static TokenLength Of(const aws::model::Shape* token_shape);
};

std::string EncodePageToken(uint64_t binding, uint64_t offset, TokenLength length = {});
// The offset, or nullopt when the token is not one this binding issued.
std::optional<uint64_t> DecodePageToken(std::string_view token, uint64_t binding);

// The shape at a dotted member path below `root`, or nullptr.
const aws::model::Shape* ShapeAtPath(const aws::model::Shape& root, std::string_view path);
// Sets `value` at a dotted member path, creating the objects on the way.
void SetAtPath(JsonValue& root, std::string_view path, JsonValue value, JsonAllocator& alloc);

}  // namespace awscrape::sim
