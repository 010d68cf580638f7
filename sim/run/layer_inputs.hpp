// `qmac run --inputs LAYER=A,B`: real operands for a layer in cycle mode.
// A and B are .npy files or NAME inside a .safetensors file
// (`file.safetensors:NAME`), FP16/BF16/FP32, 2-D: A is M x K and B is K x N
// of the layer as the workload gives it. Errors name the file and what was
// expected (config::ConfigError).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/arch_spec.hpp"

namespace qmac::sim {

struct LayerInput {
  std::vector<std::uint32_t> a, b;  // FP32 bit patterns, row-major
  std::string a_file, b_file;       // the files they came from (for the report's hashes)
};

// Keyed by layer name; every spec names a layer of `layers`.
std::map<std::string, LayerInput> load_layer_inputs(const std::vector<std::string>& specs, const std::vector<models::GemmLayer>& layers);

}  // namespace qmac::sim
