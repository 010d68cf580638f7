// `qmac golden`'s hex reader through the command itself: the first byte picks
// a command and format, the rest is stdin. Exit 0 or 2, never an escape.
#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/golden_command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::vector<std::vector<const char*>> commands = {
      {"golden", "encode", "--format", "e4m3"},         {"golden", "encode", "--format", "bf16", "--from", "fp64"},
      {"golden", "decode", "--format", "e5m2"},         {"golden", "decode", "--format", "posit16", "--to", "fp64"},
      {"golden", "mul", "--format", "e4m3"},            {"golden", "posit", "--format", "posit8", "--op", "add"},
      {"golden", "dot", "--format", "posit16"},         {"golden", "quantize", "--format", "mxfp4", "--emit-scales"},
      {"golden", "quantize", "--format", "dialectfp4"}, {"golden", "quantize", "--format", "nf4"},
      {"golden", "quantize", "--format", "int8", "--block", "8"},
  };
  const auto& cmd = commands[data[0] % commands.size()];
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  std::ostringstream out, err;
  const int code = qmac::cli::golden_command(static_cast<int>(cmd.size()), cmd.data(), in, out, err);
  if (code != 0 && code != 2) __builtin_trap();
  return 0;
}
