#include "sim/config/golden_table_config.hpp"

#include <yaml-cpp/yaml.h>

#include "golden/formats/registry.hpp"

namespace qmac::config {
namespace {

std::string where(const std::string& path, const YAML::Node& n) {
  return path + ":" + std::to_string(n.Mark().line + 1);
}

}  // namespace

GoldenTableConfig load_golden_table_config(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigError(path + ": cannot open file");
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": malformed YAML: " + e.msg);
  }
  if (!root.IsMap()) throw ConfigError(path + ":1: expected a mapping with the key 'formats'");
  GoldenTableConfig cfg;
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    if (key != "formats")
      throw ConfigError(where(path, kv.first) + ": unknown key '" + key + "'; expected 'formats'");
    const YAML::Node& list = kv.second;
    if (!list.IsSequence()) throw ConfigError(where(path, list) + ": 'formats' must be a list of format names");
    for (const auto& item : list) {
      if (!item.IsScalar()) throw ConfigError(where(path, item) + ": expected a format name");
      const std::string name = item.as<std::string>();
      try {
        golden::find_format(name);
      } catch (const golden::UnknownFormat& e) {
        throw ConfigError(where(path, item) + ": " + e.what());
      }
      cfg.formats.push_back(name);
    }
  }
  if (cfg.formats.empty()) throw ConfigError(path + ":1: 'formats' is missing or empty");
  return cfg;
}

}  // namespace qmac::config
