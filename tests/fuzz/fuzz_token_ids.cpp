// Token id files (qmac eval --tokens): any byte string is a non-empty list of
// ids in 0..2^31-1, or an std::invalid_argument naming the line and column.
#include <stdexcept>
#include <string_view>

#include "sim/lm/token_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto ids = qmac::lm::parse_token_ids(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.txt");
    if (ids.empty()) __builtin_trap();
    for (int t : ids)
      if (t < 0) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
