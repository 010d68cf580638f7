// A Verilated model with a VerilatedContext of its own. A coverage build's
// points belong to the context and point into the model, so they are read
// out (absorb_rtl_coverage) before the model goes; one context per model
// also keeps two models' points apart.
#pragma once

#include <memory>

#include <verilated.h>

#include "sim/cosim/rtl_coverage.hpp"

namespace qmac::cosim {

template <class V>
class OwnedModel {
 public:
  OwnedModel() : context_(std::make_unique<VerilatedContext>()), model_(std::make_unique<V>(context_.get())) {}
  OwnedModel(const OwnedModel&) = delete;
  OwnedModel& operator=(const OwnedModel&) = delete;
  ~OwnedModel() {
    // A model's scopes leave the thread's current context as they go; that must
    // be this model's (another model built later made itself current, and may be gone).
    Verilated::threadContextp(context_.get());
    model_->final();
    absorb_rtl_coverage(*context_, model_->modelName());
    model_.reset();
    context_.reset();
    Verilated::threadContextp(nullptr);  // none dangling: the next use falls back to the default context
  }
  V& operator*() { return *model_; }
  const V& operator*() const { return *model_; }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<V> model_;
};

}  // namespace qmac::cosim
