#include "sim/config/golden_table_config.hpp"

#include <yaml-cpp/yaml.h>

#include "golden/formats/registry.hpp"
#include "sim/config/config_file.hpp"

namespace qmac::config {
GoldenTableConfig load_golden_table_config(const std::string& path) {
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap()) throw ConfigError(path + ":1: expected a mapping with the key 'formats'");
  GoldenTableConfig cfg;
  only_keys(path, root, {"formats"}, "the table config");
  for (const auto& kv : root) {
    const YAML::Node& list = kv.second;
    if (!list.IsSequence()) throw ConfigError(node_where(path, list) + ": 'formats' must be a list of format names");
    for (const auto& item : list) {
      if (!item.IsScalar()) throw ConfigError(node_where(path, item) + ": expected a format name");
      const std::string name = item.as<std::string>();
      try {
        golden::find_format(name);
      } catch (const golden::UnknownFormat& e) {
        throw ConfigError(node_where(path, item) + ": " + e.what());
      }
      cfg.formats.push_back(name);
    }
  }
  if (cfg.formats.empty()) throw ConfigError(path + ":1: 'formats' is missing or empty");
  return cfg;
}

}  // namespace qmac::config
