// The CostModel `qmac explore --arch A --workload W` uses: each W:A pair's
// MAC kind on A, W run in fast mode, energy and area from A's technology
// table: the same code and the same figures as `qmac run A W --mac KIND`.
#pragma once

#include <string>

#include "sim/explore/format_cost.hpp"

namespace qmac::cli {

explore::CostModel explore_cost_model(const std::string& arch_file, const std::string& workload_file);

// The MAC format an explore scheme runs on: "int4_g128" -> "int4", "mxfp4" -> "mxfp4".
std::string mac_format_of_scheme(const std::string& scheme);

}  // namespace qmac::cli
