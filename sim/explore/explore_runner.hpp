// The `qmac explore` job: load (or generate) the tensors, quantize each in
// every format, measure tensor and GEMM error. Independent jobs run on
// `threads` threads; results do not depend on the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/explore/error_metrics.hpp"
#include "sim/explore/quant_scheme.hpp"
#include "sim/tensors/tensor.hpp"

namespace qmac::explore {

struct ExploreOptions {
  std::vector<std::string> formats;      // scheme names
  std::vector<std::string> weights;      // tensor specs (file, file.safetensors:name, generator)
  std::vector<std::string> activations;  // tensor specs
  SchemeOptions scheme;
  std::uint64_t seed = 1;
  int threads = 1;
};

struct TensorResult {
  std::string tensor, role, format;
  double bits_per_element = 0;
  TensorError error;
};

struct GemmResult {
  std::string activation, weight, format;
  std::int64_t m = 0, k = 0, n = 0;
  double bits_per_element = 0;  // mean of the two operands'
  GemmError error;
};

struct ExploreReport {
  ExploreOptions options;
  std::vector<tensors::Tensor> tensors;  // shapes and sources, for the report (values dropped)
  std::vector<std::string> roles;
  std::vector<TensorResult> tensor_results;
  std::vector<GemmResult> gemm_results;
};

// Default tensors when none are given: LLM-like weights and activations.
std::vector<std::string> default_weights();
std::vector<std::string> default_activations();

// Loads one spec: a .npy file, a .safetensors file (optionally ":name,name"),
// or a generator "KIND:ROWSxCOLS[:k=v...]". `index` varies the default seed.
std::vector<tensors::Tensor> load_tensors(const std::string& spec, std::uint64_t seed, std::size_t index);

// Throws std::invalid_argument (bad spec, unknown format, K that a format
// cannot block) before any work starts; `progress` gets "done/total" updates.
ExploreReport run_explore(const ExploreOptions& opt, const std::function<void(std::size_t, std::size_t)>& progress);

}  // namespace qmac::explore
