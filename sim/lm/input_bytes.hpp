// A user's file read whole for qmac eval's readers, whose refusals are all
// std::invalid_argument (exit 2): io::read_bytes with its error retyped.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/io/input_file.hpp"

namespace qmac::lm {

inline std::vector<unsigned char> input_bytes(const std::string& path, std::uint64_t max_bytes) {
  try {
    return io::read_bytes(path, max_bytes);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
}

}  // namespace qmac::lm
