// RTL coverage of a coverage build (cmake -DQMAC_RTL_COVERAGE=ON; make
// coverage): every Verilated array and act_quantizer carries Verilator's line,
// toggle and user (cover property) points. A model's points live in its own
// VerilatedContext and die with it, so each model, before it goes, adds them
// to this process's table (its hierarchy prefixed with the model's name, so
// the same PE of two arrays stays two points); qmac verify --coverage writes
// the table.
#pragma once

#include <cstdint>
#include <string>

#include "sim/io/coverage_file.hpp"

class VerilatedContext;

namespace qmac::cosim {

// Whether this build's Verilated models have coverage points.
bool rtl_coverage_built();
// From now on (in this process), every Verilated model adds its points to the
// table when it is destroyed; `scratch_file` is where each writes them first
// (Verilator writes coverage only to a file).
void collect_rtl_coverage(const std::string& scratch_file);
// Called by a model's owner just before the model is destroyed (after final()).
void absorb_rtl_coverage(VerilatedContext& context, const char* model_name);
// The table so far.
const io::CoverageCounts& collected_rtl_coverage();

}  // namespace qmac::cosim
