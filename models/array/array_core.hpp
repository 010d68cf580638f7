// ArrayCore: the interface the controller drives an array through, one fold
// at a time: start() with the fold's resident tiles, step() once per clock
// (true on the fold's last cycle), results() when the last K-fold is done.
// SystolicCore (C++ PEs on golden's arithmetic) implements it through
// ArrayCoreImpl; any other array (a Verilated RTL array, or a pair checked in
// lockstep) stands in its place by implementing the same three calls, and
// Accelerator::run() takes an ArrayFactory that says which.
// make_array_core() picks golden's PE arithmetic for the plan's MAC kind.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "golden/block/block_quantizer.hpp"
#include "models/array/fold_plan.hpp"
#include "models/array/systolic_core.hpp"

namespace qmac::models {

class ArrayCore {
 public:
  virtual ~ArrayCore() = default;
  virtual void start(const Fold& f, TileView a, TileView b) = 0;
  virtual bool step(Counters& c) = 0;
  virtual void results(std::vector<std::uint64_t>& out) const = 0;
  // The online quantizer in front of this array's activation input, when the
  // array brings its own (a Verilated act_quantizer); nullptr: golden's. It
  // serves the layer's A loads and lives as long as the core.
  virtual golden::OnlineBlockQuantizer* input_quantizer() { return nullptr; }
  // Bit toggles of the data that passed through (models/activity.hpp); an
  // array that does not count them leaves `measured` false.
  virtual Activity activity() const { return {}; }
};

template <class Arith>
class ArrayCoreImpl final : public ArrayCore {
 public:
  ArrayCoreImpl(const Arith& arith, const FoldPlan& plan) : arith_(arith), core_(arith_, plan) {}
  void start(const Fold& f, TileView a, TileView b) override { core_.start(f, a, b); }
  bool step(Counters& c) override { return core_.step(c); }
  void results(std::vector<std::uint64_t>& out) const override { core_.results(out); }
  Activity activity() const override { return core_.activity(); }
  const SystolicCore<Arith>& core() const { return core_; }

 private:
  Arith arith_;
  SystolicCore<Arith> core_;
};

// Builds the array for a layer's plan (its size, dataflow and MAC kind).
using ArrayFactory = std::function<std::unique_ptr<ArrayCore>(const FoldPlan&)>;

inline std::unique_ptr<ArrayCore> make_array_core(const FoldPlan& plan) {
  return golden::pe::visit_arith(plan.arch().mac, [&](const auto& arith) -> std::unique_ptr<ArrayCore> {
    return std::make_unique<ArrayCoreImpl<std::decay_t<decltype(arith)>>>(arith, plan);
  });
}

}  // namespace qmac::models
