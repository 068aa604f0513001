#include "awscrape/store/store.h"

#include <vector>

#include "awscrape/store/response_body.h"

namespace awscrape::store {

Result<SaveResult> Store::SaveSplitResponses(std::span<const ResponseDocument> documents,
                                             std::span<const SplitResponseBody> splits) {
  if (documents.size() != splits.size()) {
    return InvalidArgument("SaveSplitResponses: one split per document");
  }
  std::vector<ResponseDocument> joined(documents.begin(), documents.end());
  for (size_t i = 0; i < joined.size(); ++i) {
    AWSCRAPE_ASSIGN_OR_RETURN(joined[i].response, JoinResponse(splits[i].body, splits[i].metadata,
                                                               splits[i].metadata_position));
  }
  return SaveResponses(joined);
}

}  // namespace awscrape::store
