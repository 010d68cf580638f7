// Tensor: a named FP32 tensor as the explorer uses it (values as FP32 bit
// patterns; FP16/BF16 widen exactly, FP64 rounds to nearest even).
// The last dimension is the one blocks run along (K).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace qmac::tensors {

struct Tensor {
  std::string name;
  std::string source;   // file path or generator spec
  std::string dtype;    // as stored: float16, bfloat16, float32, float64
  std::vector<std::int64_t> shape;
  std::vector<std::uint32_t> fp32;

  std::int64_t cols() const { return shape.empty() ? 1 : shape.back(); }
  std::int64_t rows() const { return cols() ? static_cast<std::int64_t>(fp32.size()) / cols() : 0; }
};

// A bad file: the message names the file and what was expected.
class TensorFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace qmac::tensors
