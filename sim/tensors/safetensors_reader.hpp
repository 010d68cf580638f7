// Reads .safetensors files: an 8-byte little-endian header length, a JSON
// header {"name": {"dtype", "shape", "data_offsets"}, "__metadata__": ...},
// then the data. F16, BF16 and F32 tensors are read; other dtypes, a
// truncated file, a bad header or offsets past the end are TensorFileErrors.
#pragma once

#include <string>
#include <vector>

#include "sim/tensors/tensor.hpp"

namespace qmac::tensors {

// Every tensor, or only those named (an unknown name is an error).
std::vector<Tensor> read_safetensors(const std::string& path, const std::vector<std::string>& names = {});

}  // namespace qmac::tensors
