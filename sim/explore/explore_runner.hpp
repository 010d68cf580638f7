// The `qmac explore` job: load (or generate) the tensors, quantize each in
// every format, measure tensor and GEMM error. Independent jobs run on
// `threads` threads; results do not depend on the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/explore/error_metrics.hpp"
#include "sim/explore/format_cost.hpp"
#include "sim/explore/quant_scheme.hpp"
#include "sim/tensors/tensor.hpp"

namespace qmac::explore {

// One row of the comparison: weights in one scheme and activations in
// another ("mxfp4:e4m3" is W:A, as W4A8 is written); a plain name is both.
struct SchemePair {
  std::string label, weight, activation;
};
// Throws std::invalid_argument for an empty side.
SchemePair parse_pair(const std::string& spec);
// Every weight format with every activation format, weight-major: "W:A", or "W" where they are the same.
std::vector<std::string> cross_pairs(const std::vector<std::string>& weights, const std::vector<std::string>& activations);

// An activation paired with its own layer's weight: "NAME=X.npy:W.npy".
struct GemmSpec {
  std::string name, activation, weight;
};
GemmSpec parse_gemm(const std::string& spec);

struct ExploreOptions {
  std::vector<std::string> formats;      // scheme names or W:A pairs
  std::vector<std::string> weights;      // tensor specs (file, file.safetensors:name, generator)
  std::vector<std::string> activations;  // tensor specs
  std::vector<std::string> gemms;        // NAME=X.npy:W.npy; when given, the only GEMMs measured
  SchemeOptions scheme;
  std::uint64_t seed = 1;
  int threads = 1;
  std::int64_t sample_rows = 0;  // > 0: at most this many rows of each activation tensor, drawn with the seed
  // With an architecture and a workload: each pair's cost on them.
  std::string arch_file, workload_file;
  CostModel cost;
};

struct TensorResult {
  std::string tensor, role, format;  // format: the scheme
  double bits_per_element = 0;
  TensorError error;
};

struct GemmResult {
  std::string activation, weight, format;  // format: the pair's label
  std::int64_t m = 0, k = 0, n = 0;        // K as the tensors give it
  std::int64_t k_padding = 0;              // zeros appended along K to fill the coarsest block
  double bits_per_element = 0;  // mean of the two operands'
  GemmError error;
};

struct ExploreReport {
  ExploreOptions options;
  std::vector<SchemePair> pairs;         // one per options.formats entry
  std::vector<FormatCost> costs;         // one per pair, when options.cost is set
  std::vector<tensors::Tensor> tensors;  // shapes and sources, for the report (values dropped)
  std::vector<std::string> roles;
  std::vector<std::int64_t> k_padding;   // per tensor: zeros appended along K
  std::vector<TensorResult> tensor_results;
  std::vector<GemmResult> gemm_results;
};

// Default tensors when none are given: LLM-like weights and activations.
std::vector<std::string> default_weights();
std::vector<std::string> default_activations();

// Loads one spec: a .npy file, a .safetensors file (optionally ":name,name"),
// or a generator "KIND:ROWSxCOLS[:k=v...]". `index` varies the default seed.
std::vector<tensors::Tensor> load_tensors(const std::string& spec, std::uint64_t seed, std::size_t index);

// Throws std::invalid_argument (bad spec, unknown format) before any work
// starts. K that does not fill a scheme's block is padded with zeros to the
// coarsest block of all the schemes (the hardware pads the same way; zeros
// quantize to zero and add nothing); errors are over the real elements.
// `progress` gets "done/total" updates.
ExploreReport run_explore(const ExploreOptions& opt, const std::function<void(std::size_t, std::size_t)>& progress);

}  // namespace qmac::explore
