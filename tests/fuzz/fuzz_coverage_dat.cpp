// Verilator coverage files (qmac verify --coverage's merge): any byte string
// is a table of points or an std::invalid_argument naming the line; a table
// written back reads back the same.
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/io/coverage_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  qmac::io::CoverageCounts c;
  try {
    qmac::io::add_coverage_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.dat", c);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  for (const auto& [key, n] : c) {
    (void)qmac::io::coverage_field(key, "h");
    if (key.find('\n') != std::string::npos) __builtin_trap();  // a key is one line
  }
  return 0;
}
