#include "sim/config/config_file.hpp"

#include <cctype>
#include <cmath>

#include "sim/io/input_file.hpp"

namespace qmac::config {

void require_readable(const std::string& path) {
  if (auto why = io::unreadable_reason(path)) throw ConfigError(path + ": " + *why);
}

YAML::Node load_yaml_file(const std::string& path) {
  require_readable(path);
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigError(path + ": cannot open file");
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": malformed YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": malformed YAML: " + e.msg);
  }
}

std::string node_where(const std::string& path, const YAML::Node& n) { return path + ":" + std::to_string(n.Mark().line + 1); }

std::string key_text(const std::string& path, const YAML::Node& key) {
  if (!key.IsScalar()) throw ConfigError(node_where(path, key) + ": expected a plain key (a name), not a " +
                                         (key.IsMap() ? "mapping" : key.IsSequence() ? "list" : "null"));
  return key.Scalar();
}

void only_keys(const std::string& path, const YAML::Node& map, const std::set<std::string>& keys, const std::string& what) {
  if (!map.IsMap()) throw ConfigError(node_where(path, map) + ": '" + what + "' must be a mapping");
  std::set<std::string> seen;
  for (const auto& kv : map) {
    const auto k = key_text(path, kv.first);
    if (!keys.count(k)) {
      std::string list;
      for (const auto& x : keys) list += (list.empty() ? "" : ", ") + x;
      throw ConfigError(node_where(path, kv.first) + ": unknown key '" + k + "' in " + what + "; expected one of " + list);
    }
    if (!seen.insert(k).second) throw ConfigError(node_where(path, kv.first) + ": key '" + k + "' given twice in " + what);
  }
}

std::int64_t int_in(const std::string& path, const YAML::Node& n, const std::string& what, std::int64_t lo, std::int64_t hi) {
  std::int64_t v = 0;
  if (!n.IsScalar() || !parse_int(n.Scalar(), v) || v < lo || v > hi)
    throw ConfigError(node_where(path, n) + ": " + what + " must be an integer between " + std::to_string(lo) + " and " +
                      std::to_string(hi) + (n.IsScalar() ? ", not '" + n.Scalar() + "'" : ""));
  return v;
}

double number_in(const std::string& path, const YAML::Node& n, const std::string& what, double lo, double hi) {
  double v = 0;
  if (!n.IsScalar() || !parse_number(n.Scalar(), v) || !(v >= lo && v <= hi)) {
    char range[96];
    std::snprintf(range, sizeof range, "%g and %g", lo, hi);
    throw ConfigError(node_where(path, n) + ": " + what + " must be a number between " + range +
                      (n.IsScalar() ? ", not '" + n.Scalar() + "'" : ""));
  }
  return v;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace qmac::config
