// Owning handles for libbson documents, and their canonical extended JSON (for tests and error
// messages). A BsonPtr owns a heap bson_t (bson_new) and destroys it; it may be moved, never
// copied. Nothing here talks to a server.
#pragma once

#include <bson/bson.h>

#include <memory>
#include <string>
#include <string_view>

namespace awscrape::store::mongo {

// (Not a unique_ptr: bson_t carries an alignment attribute that template arguments drop.)
class BsonPtr {
 public:
  BsonPtr() = default;
  explicit BsonPtr(bson_t* doc) : doc_(doc) {}
  BsonPtr(BsonPtr&& other) noexcept : doc_(other.doc_) { other.doc_ = nullptr; }
  BsonPtr& operator=(BsonPtr&& other) noexcept {
    if (this != &other) {
      reset();
      doc_ = other.doc_;
      other.doc_ = nullptr;
    }
    return *this;
  }
  BsonPtr(const BsonPtr&) = delete;
  BsonPtr& operator=(const BsonPtr&) = delete;
  ~BsonPtr() { reset(); }

  bson_t* get() const { return doc_; }
  bson_t& operator*() const { return *doc_; }
  explicit operator bool() const { return doc_ != nullptr; }
  void reset() {
    if (doc_) bson_destroy(doc_);
    doc_ = nullptr;
  }

 private:
  bson_t* doc_ = nullptr;
};

inline BsonPtr NewBson() { return BsonPtr(bson_new()); }

// A copy of a document a cursor or reply lent us.
inline BsonPtr CopyBson(const bson_t& doc) { return BsonPtr(bson_copy(&doc)); }

// MongoDB's canonical extended JSON ({"$date":{"$numberLong":"..."}}, {"$numberLong":"..."}):
// every BSON type spelled out, so two documents compare equal exactly when their text does.
std::string CanonicalJson(const bson_t& doc);

// Appends with the length given, so keys and values may hold any byte (values may hold NUL).
inline void AppendUtf8(bson_t* doc, std::string_view key, std::string_view value) {
  bson_append_utf8(doc, key.data(), static_cast<int>(key.size()), value.data(),
                   static_cast<int>(value.size()));
}
inline void AppendInt64(bson_t* doc, std::string_view key, int64_t value) {
  bson_append_int64(doc, key.data(), static_cast<int>(key.size()), value);
}
inline void AppendBool(bson_t* doc, std::string_view key, bool value) {
  bson_append_bool(doc, key.data(), static_cast<int>(key.size()), value);
}
inline void AppendNull(bson_t* doc, std::string_view key) {
  bson_append_null(doc, key.data(), static_cast<int>(key.size()));
}
inline void AppendBinary(bson_t* doc, std::string_view key, std::string_view bytes) {
  bson_append_binary(doc, key.data(), static_cast<int>(key.size()), BSON_SUBTYPE_BINARY,
                     reinterpret_cast<const uint8_t*>(bytes.data()),
                     static_cast<uint32_t>(bytes.size()));
}
inline void AppendDocument(bson_t* doc, std::string_view key, const bson_t& value) {
  bson_append_document(doc, key.data(), static_cast<int>(key.size()), &value);
}

}  // namespace awscrape::store::mongo
