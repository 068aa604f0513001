#include "awscrape/store/mongo/bson_ptr.h"

namespace awscrape::store::mongo {

std::string CanonicalJson(const bson_t& doc) {
  size_t length = 0;
  char* text = bson_as_canonical_extended_json(&doc, &length);
  if (!text) return "<invalid BSON>";
  std::string out(text, length);
  bson_free(text);
  return out;
}

}  // namespace awscrape::store::mongo
