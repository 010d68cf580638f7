// Seeded synthetic tensors that look like LLM data (issue 4 §3):
//   gaussian   N(0, sigma^2) weights                        (sigma = 0.02)
//   laplace    Laplace(0, b) weights, b = sigma / sqrt(2)   (sigma = 0.02)
//   student    Student-t with `dof` degrees of freedom, heavy tails, scaled
//              by sigma                                     (dof = 3, sigma = 0.02)
//   outliers   activations N(0, 1) with a few outlier channels (columns, the
//              LLM.int8()/SmoothQuant pattern) scaled by a gain in
//              [gain_min, gain_max]                         (1% of channels, 20..100x)
//   softmax    rows of softmax(N(0, temp^2) logits): non-negative, rows sum to 1
// Every draw comes from std::mt19937_64 (fully specified by the C++ standard)
// through our own transforms, so the same seed gives the same tensor with any
// standard library; values are computed in double and rounded to FP32 (RNE).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/tensors/tensor.hpp"

namespace qmac::tensors {

// At most 2^26 elements per generated tensor (8192 x 8192): explore holds
// several copies of each, and this keeps one within a few GB.
inline constexpr std::int64_t kMaxSyntheticElements = std::int64_t{1} << 26;

struct SyntheticSpec {
  std::string kind;  // gaussian, laplace, student, outliers, softmax
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::uint64_t seed = 1;
  double sigma = 0.02;
  double dof = 3;
  double outlier_fraction = 0.01;
  double gain_min = 20;
  double gain_max = 100;
  double temp = 2.0;
};

// "KIND:ROWSxCOLS[:key=value...]" (keys: seed sigma dof fraction gain_min
// gain_max temp). Throws std::invalid_argument naming what was expected.
SyntheticSpec parse_synthetic(const std::string& spec, std::uint64_t default_seed);
Tensor generate(const SyntheticSpec& spec);
const std::vector<std::string>& synthetic_kinds();

}  // namespace qmac::tensors
