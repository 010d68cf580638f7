// SystolicArrayModel: the array as a SystemC module. One clocked process
// steps every PE (ArrayCore, plain C++ objects) once per clock; there is no
// SystemC process per PE (style.md "Model"). The controller hands it a fold
// with run_fold(), which returns after the fold's last cycle.
#pragma once

#include <memory>

#include <systemc>

#include "models/array/array_core.hpp"

namespace qmac::models {

class SystolicArrayModel : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;

  SystolicArrayModel(sc_core::sc_module_name name, Counters* counters);
  // Before each layer: the array for the plan (its MAC kind and size).
  void set_core(std::unique_ptr<ArrayCore> core) { core_ = std::move(core); }
  // Called from the controller's thread: starts the fold on the next clock
  // and waits until the array has finished it.
  void run_fold(const Fold& f, TileView a, TileView b);
  void results(std::vector<std::uint64_t>& out) const { core_->results(out); }
  Activity activity() const { return core_->activity(); }

 private:
  void clocked();
  std::unique_ptr<ArrayCore> core_;
  Counters* counters_;
  sc_core::sc_event start_, done_;
};

}  // namespace qmac::models
