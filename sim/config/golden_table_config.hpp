// configs/golden/*.yaml: which formats `qmac golden table` shows.
//
//   formats: [e4m3, e5m2, ...]     # registry names, in display order
//
// Validated once: unknown keys, a non-sequence, an unknown format name give a
// ConfigError naming the file and line.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace qmac::config {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct GoldenTableConfig {
  std::vector<std::string> formats;
};

GoldenTableConfig load_golden_table_config(const std::string& path);

}  // namespace qmac::config
