#include "awscrape/aws/auth/environment.h"

#include <cstdlib>
#include <utility>

namespace awscrape::aws {

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EnvLookup MapEnvironment(std::map<std::string, std::string, std::less<>> variables) {
  return [vars = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string GetEnvOrEmpty(const EnvLookup& env, std::string_view name) {
  if (!env) return {};
  return env(name).value_or(std::string());
}

}  // namespace awscrape::aws
