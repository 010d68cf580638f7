// Which synthesized unit configurations (configs/tech/unit_area.yaml rows,
// "unit|params") make up an array of a MAC kind, for the area roll-up:
// a MAC unit per PE, a block-scale unit per column at the edge (block kinds),
// and the online activation quantizer, one lane per row (as the fold plan's
// quantizer timing assumes). An empty row: the kind has none of that part; a
// kind whose MAC has no synthesized row gives pe = "".
#pragma once

#include <string>
#include <vector>

#include "golden/mac/mac_kind.hpp"

namespace qmac::models {

struct AreaUnits {
  std::string pe;         // "mac_int8|AccWidth=32"
  std::string edge;       // "mx_scale_unit|MXFP4 block sums (14 b)"
  std::string quantizer;  // "act_quantizer|FP16 in, BlockLen=32"
};

AreaUnits area_units(const golden::MacKind& mac, bool online_quantizer);

// The array's logic area rolled up from those rows: R*C PEs, C edge units,
// R quantizer lanes, at the node's NAND2 area. SRAMs are not included.
struct AreaEstimate {
  double pe_um2 = 0, edge_um2 = 0, quantizer_um2 = 0;
  double total_um2() const { return pe_um2 + edge_um2 + quantizer_um2; }
  std::vector<std::string> sources;  // each row used, its NAND2-eq and the count
};

}  // namespace qmac::models
