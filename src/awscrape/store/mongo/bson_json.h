// JSON <-> BSON for AWS responses, exact to the byte.
//
// MongoDB documents are BSON, AWS responses are JSON; a response stored in MongoDB must read back
// as exactly the compact JSON text it was given (store.h). Most responses map one to one: objects
// to embedded documents (member order kept), arrays to arrays, integers to int32/int64, other
// numbers to doubles. What BSON cannot hold as such — integers above 2^63, keys with NUL, '.',
// a leading '$' or no characters, strings that are not UTF-8 — and anything whose round trip is
// not byte-exact is stored as binary (subtype 0) holding the JSON text instead. Readers accept
// both forms. The conversion never interprets extended JSON: a key "$date" or "$where" in a
// response is data (and, being unstorable as a key, goes to the binary form).
#pragma once

#include <bson/bson.h>

#include <string>
#include <string_view>

#include "awscrape/core/json.h"
#include "awscrape/core/result.h"

namespace awscrape::store::mongo {

// Appends `json_text` (compact JSON, as core/json.h's ToJson writes it) under `key`: an embedded
// document when `json_text` is an object that reads back byte-exact, else binary holding the text.
// kParseError when `json_text` is not JSON.
Status AppendExactJson(bson_t* doc, std::string_view key, std::string_view json_text);

// The JSON text AppendExactJson stored at `iter` (an embedded document or binary).
Result<std::string> ReadExactJson(const bson_iter_t& iter);

// `object` (a JSON object) as a BSON document; false when BSON cannot hold it as such (see above;
// UTF-8 and key rules are checked by the caller with bson_validate).
bool JsonObjectToBson(const JsonValue& object, bson_t* out);

// A BSON document of the types JsonObjectToBson writes, as a JSON object; kParseError for other
// BSON types (dates, ObjectIds, ...).
Result<JsonDocument> BsonToJsonObject(const bson_t& doc);

}  // namespace awscrape::store::mongo
