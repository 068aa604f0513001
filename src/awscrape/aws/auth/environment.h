// Environment variables behind a seam, so credential resolution can be tested without touching
// the process environment and so a server can resolve credentials for a configured environment.
//
// An EnvLookup returns the variable's value, or nullopt when it is unset. Lookups are called from
// whichever thread resolves credentials: implementations must be thread-safe (the process
// environment is, as long as nobody calls setenv concurrently).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace awscrape::aws {

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Reads the process environment (getenv).
EnvLookup ProcessEnvironment();
// Answers from a fixed map; anything absent is unset.
EnvLookup MapEnvironment(std::map<std::string, std::string, std::less<>> variables);

// The value, or "" when unset. Most AWS variables treat empty as unset.
std::string GetEnvOrEmpty(const EnvLookup& env, std::string_view name);

}  // namespace awscrape::aws
