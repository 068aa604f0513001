// Reading the small secret files credential sources point at: a web identity token
// (web_identity_token_file, AWS_WEB_IDENTITY_TOKEN_FILE), a container authorization token
// (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) and IAM Identity Center's cached access tokens.
//
// The file is read whole and verbatim, as botocore's `open(path).read()` does (a trailing
// newline is kept), following symbolic links: Kubernetes mounts projected service-account
// tokens through a "..data" link that it swaps on rotation. The file is read anew on every
// call, so a rotated token is picked up at the next refresh.
//
// Errors never quote the contents. A missing or unreadable file is kUnauthenticated, never
// kNotFound: the source is configured, so a chain must stop rather than fall through to a
// different identity. A directory, or a file larger than 1 MiB, is kInvalidArgument.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "awscrape/core/result.h"

namespace awscrape::aws {

// `what` names the file in messages: "web identity token file".
Result<std::string> ReadTokenFile(const std::filesystem::path& path, std::string_view what);

}  // namespace awscrape::aws
