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

// Limits on what one tensor file may describe (checked before anything is allocated).
inline constexpr std::int64_t kMaxTensorElements = std::int64_t{1} << 30;  // 4 GiB as FP32
inline constexpr std::uint64_t kMaxTensorFileBytes = std::uint64_t{16} << 30;
inline constexpr int kMaxTensorRank = 8;

// The number of elements of `shape`, checked: every dimension >= 0, at most
// kMaxTensorRank of them, and a product (without overflow) <= kMaxTensorElements.
// Throws TensorFileError("where: ...").
inline std::size_t checked_element_count(const std::vector<std::int64_t>& shape, const std::string& where) {
  if (shape.size() > static_cast<std::size_t>(kMaxTensorRank))
    throw TensorFileError(where + ": " + std::to_string(shape.size()) + " dimensions; at most " +
                          std::to_string(kMaxTensorRank) + " are read");
  std::int64_t count = 1;
  for (const std::int64_t d : shape) {
    if (d < 0) throw TensorFileError(where + ": negative dimension " + std::to_string(d));
    if (d != 0 && count > kMaxTensorElements / d)
      throw TensorFileError(where + ": the shape has more than " + std::to_string(kMaxTensorElements) + " elements");
    count *= d;
  }
  return static_cast<std::size_t>(count);
}

}  // namespace qmac::tensors
