#include "awscrape/store/store.h"

#include <vector>

#include "awscrape/store/response_body.h"

namespace awscrape::store {

Result<SaveResult> Store::SaveResponses(std::span<const ResponseDocument> documents) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<SplitResponseBody> splits, SplitResponses(documents));
  return SaveSplit(documents, splits);
}

Result<SaveResult> Store::SaveSplitResponses(std::span<const ResponseDocument> documents,
                                             std::span<const SplitResponseBody> splits) {
  if (documents.size() != splits.size()) {
    return InvalidArgument("SaveSplitResponses: one split per document");
  }
  return SaveSplit(documents, splits);
}

}  // namespace awscrape::store
