// What every config reader shares: opening a YAML file with file:line errors,
// reading keys and values with the place of the error in the message, and the
// text helpers of the INI/CSV readers.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include <yaml-cpp/yaml.h>

#include "sim/config/golden_table_config.hpp"
#include "sim/io/text_number.hpp"

namespace qmac::config {

// The parsed file; ConfigError "path: no such file", "path: is a directory ...",
// "path:line: malformed YAML: ...".
YAML::Node load_yaml_file(const std::string& path);
// Checks that `path` can be opened as a file (ConfigError "path: reason").
void require_readable(const std::string& path);
// "path:line" of a node (1-based).
std::string node_where(const std::string& path, const YAML::Node& n);
// A mapping's key as text: a key that is not a scalar is an error.
std::string key_text(const std::string& path, const YAML::Node& key);
// `map` must be a mapping with no key outside `keys` and no key twice.
void only_keys(const std::string& path, const YAML::Node& map, const std::set<std::string>& keys, const std::string& what);

template <class T>
T get(const std::string& path, const YAML::Node& n, const char* expected) {
  if (!n.IsScalar()) throw ConfigError(node_where(path, n) + ": expected " + expected);
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    throw ConfigError(node_where(path, n) + ": expected " + expected + ", not '" + n.Scalar() + "'");
  }
}
// An integer in [lo, hi]; the message names `what` and the range.
std::int64_t int_in(const std::string& path, const YAML::Node& n, const std::string& what, std::int64_t lo, std::int64_t hi);
// A finite number in [lo, hi].
double number_in(const std::string& path, const YAML::Node& n, const std::string& what, double lo, double hi);
using io::parse_int;
using io::parse_number;
using io::trim;

std::string lower(std::string s);

}  // namespace qmac::config
