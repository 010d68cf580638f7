// Reads NumPy .npy files (format versions 1.0, 2.0, 3.0): float16, float32,
// float64 (read_npy) or integers (read_npy_ints: int8..int64, uint8..uint32),
// little or big endian, C or Fortran order (Fortran is transposed to C
// order). Anything else is a TensorFileError naming the file and the problem.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/tensors/tensor.hpp"

namespace qmac::tensors {

Tensor read_npy(const std::string& path);

struct IntArray {
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> values;  // row-major
};
IntArray read_npy_ints(const std::string& path);

}  // namespace qmac::tensors
