#include "awscrape/aws/auth/shared_config.h"

#include <system_error>
#include <utility>

#include "awscrape/core/file.h"

namespace awscrape::aws {
namespace {

bool IsVarChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Python's os.path.expandvars then expanduser: "$VAR" and "${VAR}" are replaced when set and
// left as written otherwise; a leading "~" becomes HOME.
std::string ExpandPath(std::string_view path, const EnvLookup& env) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '$') {
      out += path[i];
      continue;
    }
    size_t name_begin = i + 1;
    size_t name_end = name_begin;
    bool braced = name_begin < path.size() && path[name_begin] == '{';
    if (braced) {
      name_end = path.find('}', name_begin);
      if (name_end == std::string_view::npos) {
        out += path[i];
        continue;
      }
      ++name_begin;
    } else {
      while (name_end < path.size() && IsVarChar(path[name_end])) ++name_end;
    }
    std::string name(path.substr(name_begin, name_end - name_begin));
    std::optional<std::string> value = name.empty() || !env ? std::nullopt : env(name);
    size_t consumed_to = braced ? name_end + 1 : name_end;
    if (value) {
      out += *value;
    } else {
      out += path.substr(i, consumed_to - i);
    }
    i = consumed_to - 1;
  }
  if (!out.empty() && out[0] == '~' && (out.size() == 1 || out[1] == '/')) {
    std::string home = GetEnvOrEmpty(env, "HOME");
    if (!home.empty()) out = home + out.substr(1);
  }
  return out;
}

Result<std::string> ReadIfExists(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) return std::string();
  return ReadFile(path);
}

void Overlay(ConfigSection& base, const ConfigSection& top) {
  for (const auto& [key, value] : top.values) {
    base.nested.erase(key);
    base.values[key] = value;
  }
  for (const auto& [key, nested] : top.nested) {
    base.values.erase(key);
    base.nested[key] = nested;
  }
}

}  // namespace

SharedConfigPaths DefaultSharedConfigPaths(const EnvLookup& env) {
  std::string config = GetEnvOrEmpty(env, "AWS_CONFIG_FILE");
  std::string credentials = GetEnvOrEmpty(env, "AWS_SHARED_CREDENTIALS_FILE");
  if (config.empty()) config = "~/.aws/config";
  if (credentials.empty()) credentials = "~/.aws/credentials";
  return {ExpandPath(config, env), ExpandPath(credentials, env)};
}

std::vector<std::string> ShlexSplit(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) return {};
  if (in_word) words.push_back(std::move(word));
  return words;
}

Status SharedConfig::AddConfigFile(std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<IniSection> sections, ParseIni(text));
  // Later sections win, as in botocore's build_profile_map ("[default]" and
  // "[profile default]" both name the default profile).
  for (IniSection& section : sections) {
    if (section.name.starts_with("profile")) {
      std::vector<std::string> parts = ShlexSplit(section.name);
      if (parts.size() == 2) config_profiles_[parts[1]] = std::move(section.content);
    } else if (section.name.starts_with("sso-session")) {
      std::vector<std::string> parts = ShlexSplit(section.name);
      if (parts.size() == 2) sso_sessions_[parts[1]] = std::move(section.content);
    } else if (section.name == "default") {
      config_profiles_["default"] = std::move(section.content);
    }
    // Other sections ("[preview]") are neither profiles nor SSO sessions.
  }
  return Status::Ok();
}

Status SharedConfig::AddCredentialsFile(std::string_view text) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::vector<IniSection> sections, ParseIni(text));
  for (IniSection& section : sections) {
    credentials_profiles_[section.name] = std::move(section.content);
  }
  return Status::Ok();
}

void SharedConfig::Merge() {
  merged_profiles_ = config_profiles_;
  for (const auto& [name, section] : credentials_profiles_) {
    Overlay(merged_profiles_[name], section);
  }
}

Result<SharedConfig> SharedConfig::Load(const SharedConfigPaths& paths) {
  SharedConfig config;
  AWSCRAPE_ASSIGN_OR_RETURN(std::string config_text, ReadIfExists(paths.config_file));
  AWSCRAPE_RETURN_IF_ERROR(
      config.AddConfigFile(config_text)
          .WithContext("unable to parse config file " + paths.config_file.string()));
  AWSCRAPE_ASSIGN_OR_RETURN(std::string credentials_text, ReadIfExists(paths.credentials_file));
  AWSCRAPE_RETURN_IF_ERROR(
      config.AddCredentialsFile(credentials_text)
          .WithContext("unable to parse credentials file " + paths.credentials_file.string()));
  config.Merge();
  return config;
}

Result<SharedConfig> SharedConfig::FromText(std::string_view config_text,
                                            std::string_view credentials_text) {
  SharedConfig config;
  AWSCRAPE_RETURN_IF_ERROR(
      config.AddConfigFile(config_text).WithContext("unable to parse config file"));
  AWSCRAPE_RETURN_IF_ERROR(
      config.AddCredentialsFile(credentials_text).WithContext("unable to parse credentials file"));
  config.Merge();
  return config;
}

const ConfigSection* SharedConfig::FindProfile(std::string_view name) const {
  auto it = merged_profiles_.find(name);
  return it == merged_profiles_.end() ? nullptr : &it->second;
}

const ConfigSection* SharedConfig::FindSsoSession(std::string_view name) const {
  auto it = sso_sessions_.find(name);
  return it == sso_sessions_.end() ? nullptr : &it->second;
}

const std::string* SharedConfig::FindValue(std::string_view profile, std::string_view key) const {
  const ConfigSection* section = FindProfile(profile);
  return section == nullptr ? nullptr : section->Find(key);
}

ProfileSelection SelectProfile(std::string_view explicit_profile, const EnvLookup& env) {
  if (!explicit_profile.empty()) return {std::string(explicit_profile), true, true};
  for (std::string_view variable : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    std::string value = GetEnvOrEmpty(env, variable);
    if (!value.empty()) return {value, true, false};
  }
  return {"default", false, false};
}

Status CheckProfileExists(const SharedConfig& config, const ProfileSelection& profile) {
  if (!profile.explicitly_chosen || config.FindProfile(profile.name) != nullptr) {
    return Status::Ok();
  }
  return NotFound("The config profile (" + profile.name + ") could not be found");
}

std::string ResolveRegion(std::string_view explicit_region, const EnvLookup& env,
                          const SharedConfig& config, std::string_view profile) {
  if (!explicit_region.empty()) return std::string(explicit_region);
  for (std::string_view variable : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    std::string value = GetEnvOrEmpty(env, variable);
    if (!value.empty()) return value;
  }
  const std::string* region = config.FindValue(profile, "region");
  return region == nullptr ? std::string() : *region;
}

}  // namespace awscrape::aws
