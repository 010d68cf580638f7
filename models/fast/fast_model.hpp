// The fast model: a layer's cycles and every counter in closed form, per
// fold, from the same FoldPlan the cycle-level model runs, without stepping
// PEs or simulating memory (architecture.md "Two speeds of the model").
// tests/models proves it equal to the cycle-level model.
#pragma once

#include "models/array/fold_plan.hpp"
#include "models/counters.hpp"

namespace qmac::models {

Counters fast_layer(const FoldPlan& plan);

}  // namespace qmac::models
