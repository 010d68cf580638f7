#include "sim/unitcheck/unit_check.hpp"

#include <cstdio>

namespace qmac::unitcheck {

std::string hex(std::uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

}  // namespace qmac::unitcheck
