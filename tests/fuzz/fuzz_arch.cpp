// Architecture readers: YAML and SCALE-Sim .cfg (the first byte picks which).
// A config either loads into a spec the model accepts or is a ConfigError.
#include "sim/config/arch_config.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool cfg = data[0] & 1;
  try {
    const auto a = qmac::config::load_arch(qmac::fuzz::input_file(data + 1, size - 1, cfg ? ".cfg" : ".yaml"));
    if (a.rows < 1 || a.cols < 1 || !(a.dram.bytes_per_cycle > 0)) __builtin_trap();
  } catch (const qmac::config::ConfigError&) {
  }
  return 0;
}
