// BuiltArray: one Verilated systolic array qmac is built with, as
// rtl/built_arrays.txt declares it (CMake generates the rows this table is
// made of). The co-simulation factory, qmac verify's engine plan, the error
// messages and the tests all read this table; nothing else lists arrays.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "golden/mac/mac_kind.hpp"
#include "models/arch_spec.hpp"

namespace qmac::cosim {

struct BuiltArray {
  std::string model;                       // Varray_<array>_<rows>x<cols>
  std::string array;                       // "int", "mxfp4", ...
  int rows = 0, cols = 0;
  std::vector<models::Dataflow> dataflows;
  golden::MacFamily family = golden::MacFamily::Integer;
  std::string fmt_a;                       // qmac_pkg::fmt_e's name without "Fmt", or "-"
  std::uint32_t block_len = 0;
  std::vector<std::string> kinds;          // as --mac and qmac verify name them
  std::vector<const golden::Format*> formats;  // what those kinds multiply (int8 and int4: either, on either side)
  int rtl_kind = -1;                       // the Kind CMake gave Verilator (qmac_pkg's Kind<family>)
  int line = 0;                            // in rtl/built_arrays.txt

  bool runs(models::Dataflow d) const;
  // "4x4 int8/int4 ws/os/is"
  std::string describe() const;
};

// Every row, in the file's order.
const std::vector<BuiltArray>& built_arrays();

// The array that runs `arch` (its size, dataflow and MAC kind), or nullptr.
const BuiltArray* built_array_for(const models::ArchSpec& arch);

// "4x4 int8/int4 ws/os/is, 8x8 ...": for messages.
std::string built_arrays_list();

}  // namespace qmac::cosim
