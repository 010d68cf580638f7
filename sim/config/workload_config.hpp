// Workload files -> a list of models::GemmLayer, validated once.
//
// configs/workloads/*.yaml:
//   tokens: 128            # optional: tokens one pass of the workload handles (for tokens/s)
//   gemms:
//     - {name: q_proj, m: 128, k: 4096, n: 4096, repeat: 32}
//
// SCALE-Sim topology .csv, told apart by the header row:
//   GEMM form:        Layer, M, N, K,
//   convolution form: Layer name, IFMAP Height, IFMAP Width, Filter Height,
//                     Filter Width, Channels, Num Filter, Strides,
//   mapped as SCALE-Sim maps it (scalesim/topology_utils.py):
//   M = ofmap_h * ofmap_w with ofmap = ceil((ifmap - filter + stride) / stride),
//   K = filter_h * filter_w * channels, N = num_filter; a layer whose name
//   contains "DP" (depthwise) becomes `channels` layers with one channel each.
#pragma once

#include <string>
#include <vector>

#include "models/arch_spec.hpp"

namespace qmac::config {

struct Workload {
  std::vector<models::GemmLayer> layers;
  std::int64_t tokens = 0;  // 0: the file does not say
  bool scalesim = false;    // a SCALE-Sim topology: the run also writes SCALE-Sim's own reports
};

Workload load_workload(const std::string& path);

}  // namespace qmac::config
