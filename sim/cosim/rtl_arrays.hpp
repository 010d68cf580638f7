// The Verilated arrays qmac is built with (Verilator fixes sizes at build
// time) and the factories that put one in the controller's place: alone
// (rtl_array_factory) or in lockstep with the C++ model (lockstep_factory).
#pragma once

#include <string>
#include <vector>

#include "models/array/array_core.hpp"
#include "sim/cosim/lockstep_stats.hpp"

namespace qmac::cosim {

// The arrays are rtl/built_arrays.txt's (built_arrays.hpp). Throws std::invalid_argument
// naming what is built when the plan's array is not one of them.
models::ArrayFactory rtl_array_factory();
// The RTL array alone with seeded random stalls (RtlArrayCore::inject_stalls);
// *stalls counts them.
models::ArrayFactory stalling_rtl_array_factory(std::uint64_t seed, double probability, std::uint64_t* stalls);
models::ArrayFactory lockstep_factory(LockstepStats* stats);

}  // namespace qmac::cosim
