// Reads NumPy .npy files (format versions 1.0, 2.0, 3.0): float16, float32,
// float64, little or big endian, C or Fortran order (Fortran is transposed to
// C order). Anything else is a TensorFileError naming the file and the problem.
#pragma once

#include <string>

#include "sim/tensors/tensor.hpp"

namespace qmac::tensors {

Tensor read_npy(const std::string& path);

}  // namespace qmac::tensors
