// Drives a Verilated unit with a clock: reset, then one tick() per cycle.
// Ports are set before tick(); registered outputs are read after it.
// Shared by the unit checks (qmac verify) and the unit testbenches.
#pragma once

#include <verilated.h>

#include <cstdint>
#include <memory>

namespace qmac::unitcheck {

// A real falling edge of rst_ni, clock low: the registers take their reset
// values (Verilator's initial zeros would otherwise hide a wrong one).
template <class Model>
void reset_with_falling_edge(Model& m) {
  m.clk_i = 0;
  m.rst_ni = 1;
  m.eval();
  m.rst_ni = 0;
  m.eval();
  m.rst_ni = 1;
  m.eval();
}

template <class Model>
class Clocked {
 public:
  Clocked() : ctx_(std::make_unique<VerilatedContext>()), m_(std::make_unique<Model>(ctx_.get())) {
    reset_with_falling_edge(*m_);
  }
  ~Clocked() { m_->final(); }
  Model* operator->() { return m_.get(); }
  Model& model() { return *m_; }
  void tick() {
    m_->clk_i = 1;
    m_->eval();
    m_->clk_i = 0;
    m_->eval();
    ++cycles_;
  }
  std::uint64_t cycles() const { return cycles_; }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Model> m_;
  std::uint64_t cycles_ = 0;
};

}  // namespace qmac::unitcheck
