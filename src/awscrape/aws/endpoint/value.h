// EndpointValue: the dynamic value endpoint rule sets compute with.
//
// botocore evaluates rule sets on Python values (None, bool, str, int, list, dict); this type is
// their native stand-in. Objects keep insertion order (Python dicts do, and error messages list
// parameters in that order). Values are plain copyable data with no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "awscrape/core/json.h"

namespace awscrape::aws::endpoint {

class EndpointValue {
 public:
  using Array = std::vector<EndpointValue>;
  using Object = std::vector<std::pair<std::string, EndpointValue>>;
  enum class Kind { kNone, kBool, kInt, kDouble, kString, kArray, kObject };

  EndpointValue() = default;  // None
  static EndpointValue Bool(bool b) { return EndpointValue(Storage(b)); }
  static EndpointValue Int(int64_t i) { return EndpointValue(Storage(i)); }
  static EndpointValue Double(double d) { return EndpointValue(Storage(d)); }
  static EndpointValue String(std::string s) { return EndpointValue(Storage(std::move(s))); }
  static EndpointValue MakeArray(Array a = {}) { return EndpointValue(Storage(std::move(a))); }
  static EndpointValue MakeObject(Object o = {}) { return EndpointValue(Storage(std::move(o))); }
  // Numbers become kInt when integral, else kDouble.
  static EndpointValue FromJson(const JsonValue& json);

  Kind kind() const { return static_cast<Kind>(storage_.index()); }
  bool is_none() const { return kind() == Kind::kNone; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }

  // Accessors abort when the kind differs; check kind() first.
  bool boolean() const { return std::get<bool>(storage_); }
  int64_t integer() const { return std::get<int64_t>(storage_); }
  double number() const { return std::get<double>(storage_); }
  const std::string& string() const { return std::get<std::string>(storage_); }
  const Array& array() const { return std::get<Array>(storage_); }
  const Object& object() const { return std::get<Object>(storage_); }
  Object& mutable_object() { return std::get<Object>(storage_); }

  // The member named `key` of an object; nullptr when absent or not an object.
  const EndpointValue* Find(std::string_view key) const;
  // Replaces the member `key` in place, or appends it (Python dict assignment).
  void Set(std::string key, EndpointValue value);

  // Python truthiness: None, False, 0, "", [] and {} are false.
  bool Truthy() const;
  // What Python's str() prints for the value (f-string interpolation): True/False/None, strings
  // raw, containers as repr.
  std::string PythonStr() const;
  // "<class 'str'>" etc., as botocore's type-mismatch messages print type(value).
  std::string PythonTypeName() const;

  JsonValue ToJson(JsonAllocator& alloc) const;

  friend bool operator==(const EndpointValue& a, const EndpointValue& b) {
    return a.storage_ == b.storage_;
  }

 private:
  using Storage = std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object>;
  explicit EndpointValue(Storage s) : storage_(std::move(s)) {}
  std::string PythonRepr() const;

  Storage storage_;
};

}  // namespace awscrape::aws::endpoint
