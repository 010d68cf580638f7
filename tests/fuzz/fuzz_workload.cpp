// Workload readers: YAML and SCALE-Sim topology .csv (the first byte picks
// which). Every layer read is within the documented limits.
#include "models/limits.hpp"
#include "sim/config/golden_table_config.hpp"
#include "sim/config/workload_config.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool csv = data[0] & 1;
  try {
    const auto layers = qmac::config::load_workload(qmac::fuzz::input_file(data + 1, size - 1, csv ? ".csv" : ".yaml")).layers;
    if (layers.empty() || layers.size() > qmac::models::kMaxLayers) __builtin_trap();
    for (const auto& L : layers)
      if (L.m < 1 || L.k < 1 || L.n < 1 || L.m > qmac::models::kMaxGemmDim || L.k > qmac::models::kMaxGemmDim ||
          L.n > qmac::models::kMaxGemmDim || L.repeat < 1 || L.repeat > qmac::models::kMaxRepeat)
        __builtin_trap();
  } catch (const qmac::config::ConfigError&) {
  }
  return 0;
}
