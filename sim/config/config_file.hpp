// What every config reader shares: opening a YAML file with file:line errors,
// naming a node's place, and the text helpers of the INI/CSV readers.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace qmac::config {

// The parsed file; ConfigError "path: cannot open file" or "path:line: malformed YAML: ...".
YAML::Node load_yaml_file(const std::string& path);
// "path:line" of a node (1-based).
std::string node_where(const std::string& path, const YAML::Node& n);
std::string trim(const std::string& s);
std::string lower(std::string s);

}  // namespace qmac::config
