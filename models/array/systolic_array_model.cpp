#include "models/array/systolic_array_model.hpp"

namespace qmac::models {

SystolicArrayModel::SystolicArrayModel(sc_core::sc_module_name name, Counters* counters)
    : sc_core::sc_module(name), clk("clk"), counters_(counters) {
  SC_HAS_PROCESS(SystolicArrayModel);
  SC_THREAD(clocked);
}

void SystolicArrayModel::run_fold(const Fold& f, TileView a, TileView b) {
  core_->start(f, a, b);
  start_.notify(sc_core::SC_ZERO_TIME);
  sc_core::wait(done_);
}

void SystolicArrayModel::clocked() {
  for (;;) {
    sc_core::wait(start_);
    // A fold occupies whole clock cycles: one PE step per rising edge.
    bool last = false;
    while (!last) {
      sc_core::wait(clk.posedge_event());
      last = core_->step(*counters_);
      ++counters_->compute_cycles;
    }
    done_.notify(sc_core::SC_ZERO_TIME);
  }
}

}  // namespace qmac::models
