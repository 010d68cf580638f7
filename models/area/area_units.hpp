// Which synthesized unit configurations (configs/tech/unit_area.yaml rows,
// "unit|params") make up an array of a MAC kind, for the area roll-up:
// a MAC unit per PE, a block-scale unit per column at the edge (block kinds),
// and the online activation quantizer, one lane per row (as the fold plan's
// quantizer timing assumes). An empty row: the kind has none of that part; a
// kind whose MAC has no synthesized row gives pe = "".
#pragma once

#include <array>
#include <string>
#include <vector>

#include "golden/mac/mac_kind.hpp"

namespace qmac::models {

struct AreaUnits {
  std::string pe;         // "mac_int8|AccWidth=32"
  std::string edge;       // "mx_scale_unit|mxfp4"
  std::string quantizer;  // "act_quantizer|FP16 in, BlockLen=32"
};

AreaUnits area_units(const golden::MacKind& mac, bool online_quantizer);

// The accelerator's area by component: R*C PEs, C edge units and R quantizer
// lanes from those rows at the node's NAND2 area (the logic), and each SRAM's
// macro (bits x bitcell area / array efficiency).
inline constexpr std::array<const char*, 6> kAreaComponents = {"pe_array",   "edge_units",  "quantizer",
                                                               "input_sram", "weight_sram", "output_sram"};
inline constexpr std::size_t kLogicAreaComponents = 3;  // the first three

struct AreaEstimate {
  std::array<double, kAreaComponents.size()> um2{};
  double total_um2() const;
  double logic_um2() const;
  std::vector<std::string> sources;  // each row used, its NAND2-eq and the count; the SRAM rule
};

}  // namespace qmac::models
