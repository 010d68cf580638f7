// Drives a Verilated unit with a clock: reset, then one tick() per cycle.
// Ports are set before tick(); registered outputs are read after it.
#pragma once

#include <verilated.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace qmac::test {

template <class Model>
class Clocked {
 public:
  Clocked() : ctx_(std::make_unique<VerilatedContext>()), m_(std::make_unique<Model>(ctx_.get())) {
    // A real falling edge of rst_ni: the registers take their reset values
    // (Verilator's initial zeros would otherwise hide a wrong one).
    m_->clk_i = 0;
    m_->rst_ni = 1;
    m_->eval();
    m_->rst_ni = 0;
    m_->eval();
    m_->rst_ni = 1;
    m_->eval();
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

// One product on a fresh sum: valid and clear high, operands a and b, one edge.
template <class Model>
void one_product(Clocked<Model>& m, std::uint32_t a, std::uint32_t b) {
  m->valid_i = 1;
  m->clear_i = 1;
  m->a_i = a;
  m->b_i = b;
  m.tick();
}

// A signed value of `bits` bits held in an unsigned container.
inline __int128 sext(unsigned __int128 v, int bits) {
  const unsigned __int128 sign = static_cast<unsigned __int128>(1) << (bits - 1);
  v &= (sign << 1) - 1;
  return static_cast<__int128>((v ^ sign)) - static_cast<__int128>(sign);
}

// Verilator's wide ports (> 64 bits, up to 128) as VlWide words -> 128-bit integer.
template <std::size_t Words>
unsigned __int128 wide128(const VlWide<Words>& w) {
  static_assert(Words <= 4);
  unsigned __int128 v = 0;
  for (std::size_t i = 0; i < Words; ++i) v |= static_cast<unsigned __int128>(w[i]) << (32 * i);
  return v;
}

inline std::string hex128(__int128 v) {
  char b[48];
  const bool neg = v < 0;
  const unsigned __int128 u = neg ? static_cast<unsigned __int128>(-v) : static_cast<unsigned __int128>(v);
  std::snprintf(b, sizeof b, "%s0x%016llx%016llx", neg ? "-" : "", static_cast<unsigned long long>(u >> 64),
                static_cast<unsigned long long>(u));
  return b;
}

}  // namespace qmac::test
