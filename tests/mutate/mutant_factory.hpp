// The 2x2 mutant array (mutate.py builds it) in lockstep with the model.
#pragma once

#include "models/array/array_core.hpp"
#include "sim/cosim/lockstep_stats.hpp"

namespace qmac::mutate {

models::ArrayFactory mutant_factory(cosim::LockstepStats* stats);

}  // namespace qmac::mutate
