// Workload files -> a list of models::GemmLayer, validated once.
//
// configs/workloads/*.yaml:
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

std::vector<models::GemmLayer> load_workload(const std::string& path);

}  // namespace qmac::config
