// Writes a stored response document as the seed's JSON text without building a DOM.
//
// The resources routes answer up to thousands of documents per second; parsing each stored
// response into a RapidJSON document, copying it into the envelope, walking it for secrets and
// serialising it again cost more than the database read. AppendResourceJson writes the envelope
// member by member (same order and escaping as store::ResponseDocumentToJson) and splices the
// stored response text in verbatim: the store keeps it as compact JSON that RapidJSON wrote, so
// the bytes are those the DOM path would produce. When the text may hold a secret that
// RedactSecrets would mask (a member is named SecretAccessKey, Password, ..., or a member name
// holds an escape that could spell one) or is not an object, it falls back to
// ToJson(ResourceJson(doc)), so the redaction guarantee of query_layer.h holds on both paths. Pure
// function, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "awscrape/store/records.h"

namespace awscrape::api {

// Appends `document` as the seed's JSON (secrets redacted) to `out`.
void AppendResourceJson(const store::ResponseDocument& document, std::string& out);

// Whether the text of a stored response might carry a member RedactSecrets masks: a member name
// that is one of IsSecretMemberName's or contains a backslash. False positives only cost the
// slower path; text that is not well-formed counts as holding secrets.
bool MayHoldSecrets(std::string_view response_json);

}  // namespace awscrape::api
