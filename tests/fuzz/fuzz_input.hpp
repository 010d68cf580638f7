// What the fuzz harnesses share: the input as a file with the extension its
// reader dispatches on (the readers take paths, as the CLI does), and the rule
// that a reader may refuse input only with its own error type: any other
// exception escapes and the fuzzer reports it as a crash.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

namespace qmac::fuzz {

inline std::string input_file(const std::uint8_t* data, std::size_t size, const std::string& ext) {
  static const std::string path = "/tmp/qmac_fuzz_" + std::to_string(::getpid()) + ext;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace qmac::fuzz
