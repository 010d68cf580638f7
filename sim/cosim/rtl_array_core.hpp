// RtlArrayCore: a Verilated array (rtl/array/systolic_array.sv) behind the
// ArrayCore interface, so the controller drives RTL where it drives the C++
// array. It plays the array's feeder and edge: the stationary tile one row per
// load cycle, the skewed streams of docs/timing.md, and (WS) the edge
// accumulation of each bottom-edge partial sum into the output tile with
// golden's arithmetic (Arith: IntArith or Fp32Arith); OS outputs are the PEs'
// sums, absorbed as the model drains them. V is the Verilated model (its
// Rows x Cols, kind and formats fixed when it was built).
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>
#include <stdexcept>
#include <string>
#include <vector>

#include <memory>

#include <verilated.h>
#include <verilated_fst_c.h>

#include "golden/mac/element_int_table.hpp"
#include "golden/mac/pe_arith.hpp"
#include "models/array/array_core.hpp"

namespace qmac::cosim {

// The part of a Verilated model's wide ports that holds element i (w bits, w <= 32).
template <class Port>
std::uint32_t port_bits(const Port& p, int i, int w) {
  std::uint64_t out = 0;
  for (int b = 0; b < w; ++b) {
    const int bit = i * w + b;
    std::uint32_t word;
    if constexpr (sizeof(Port) <= 8) word = static_cast<std::uint32_t>(static_cast<std::uint64_t>(p) >> (bit / 32 * 32));
    else word = p[static_cast<std::size_t>(bit / 32)];
    out |= static_cast<std::uint64_t>((word >> (bit % 32)) & 1u) << b;
  }
  return static_cast<std::uint32_t>(out);
}

template <class Port>
void set_port_bits(Port& p, int i, int w, std::uint32_t v) {
  for (int b = 0; b < w; ++b) {
    const int bit = i * w + b;
    const std::uint32_t one = (v >> b) & 1u;
    if constexpr (sizeof(Port) <= 8) {
      using U = std::conditional_t<sizeof(Port) <= 4, std::uint32_t, std::uint64_t>;
      p = static_cast<Port>((static_cast<U>(p) & ~(U{1} << bit)) | (static_cast<U>(one) << bit));
    } else {
      auto& word = p[static_cast<std::size_t>(bit / 32)];
      word = (word & ~(1u << (bit % 32))) | (one << (bit % 32));
    }
  }
}

// A 32-bit sum as the Arith's partial sum: INT32 sign-extended, or FP32 bits.
template <class Arith>
typename Arith::Psum psum_of(std::uint32_t bits) {
  if constexpr (std::is_same_v<Arith, golden::pe::Fp32Arith>) return std::bit_cast<float>(bits);
  else return static_cast<std::int32_t>(bits);
}
// The 32 bits an Arith's partial sum occupies in the RTL (INT32 wraps).
template <class Arith>
std::uint32_t bits_of(const typename Arith::Psum& p) {
  if constexpr (std::is_same_v<Arith, golden::pe::Fp32Arith>) return std::bit_cast<std::uint32_t>(p);
  else return static_cast<std::uint32_t>(p);
}

template <class V, class Arith>
class RtlArrayCore final : public models::ArrayCore {
 public:
  static constexpr int kAccWidth = 32;

  RtlArrayCore(const models::FoldPlan& plan, int rows, int cols)
      : plan_(plan), arith_(plan.arch().mac), R_(rows), C_(cols), df_(plan.arch().dataflow),
        integer_(plan.arch().mac.family == golden::MacFamily::Integer),
        ta_(golden::ElementIntTable::of(*plan.arch().mac.a_elem)), tb_(golden::ElementIntTable::of(*plan.arch().mac.b_elem)) {
    if (plan.arch().rows != rows || plan.arch().cols != cols)
      throw std::invalid_argument("the RTL array was built " + std::to_string(rows) + "x" + std::to_string(cols));
    v_.clk_i = 0;
    v_.rst_ni = 0;
    v_.eval();
    v_.rst_ni = 1;
    v_.eval();
  }

  void start(const models::Fold& f, models::TileView a, models::TileView b) override {
    f_ = f;
    a_ = a;
    b_ = b;
    cycle_ = 0;
    os_ = df_ == models::Dataflow::OS;
    // IS runs on the WS datapath with the operands' roles swapped: A^T is
    // stationary, B streams; the products are exact, so a x b = b x a.
    is_ = df_ == models::Dataflow::IS;
    cols_used_ = is_ ? f.mt : f.nt;
    rows_used_ = os_ ? f.mt : f.kt;
    load_cycles_ = os_ ? 0 : R_;
    stream_cycles_ = f.t + R_ + C_ - 2;
    if (!os_ && f.first_k) acc_.assign(static_cast<std::size_t>(plan_.out_rows(f) * plan_.out_cols(f)), arith_.zero_acc());
  }

  // Writes an FST waveform of every clock from here on (two timesteps a cycle).
  void trace(const std::string& path) {
    Verilated::traceEverOn(true);
    fst_ = std::make_unique<VerilatedFstC>();
    v_.trace(fst_.get(), 99);
    fst_->open(path.c_str());
    if (!fst_->isOpen()) throw std::runtime_error(path + ": cannot write the waveform");
  }
  ~RtlArrayCore() override {
    if (fst_) fst_->close();
  }

  bool step(models::Counters&) override {
    const std::int64_t cyc = cycle_++;
    v_.os_i = os_;
    v_.rows_used_i = static_cast<std::uint8_t>(rows_used_);
    v_.cols_used_i = static_cast<std::uint8_t>(cols_used_);
    v_.w_we_i = 0;
    v_.stream_i = 0;
    v_.start_i = 0;
    v_.a_valid_i = 0;
    v_.b_valid_i = 0;
    if (cyc < load_cycles_) {
      if (cyc < rows_used_) {
        v_.w_we_i = 1;
        v_.w_row_i = static_cast<std::uint8_t>(cyc);
        for (std::int64_t j = 0; j < cols_used_; ++j)
          set_port_bits(v_.w_data_i, static_cast<int>(j), 8,
                        is_ ? port_a(a_.at(f_.m0 + j, f_.k0 + cyc)) : port_b(b_.at(f_.k0 + cyc, f_.n0 + j)));
      }
    } else if (cyc < load_cycles_ + stream_cycles_) {
      const std::int64_t t = cyc - load_cycles_;
      v_.stream_i = 1;
      v_.start_i = t == 0;
      for (std::int64_t r = 0; r < rows_used_; ++r) {
        const std::int64_t s = t - r;  // WS: streamed row s of A; OS: step k of row m0 + r
        if (s < 0 || s >= f_.t) continue;
        v_.a_valid_i |= 1u << r;
        set_port_bits(v_.a_data_i, static_cast<int>(r), 8,
                      os_ ? port_a(a_.at(f_.m0 + r, s)) : is_ ? port_b(b_.at(f_.k0 + r, s)) : port_a(a_.at(s, f_.k0 + r)));
      }
      if (os_)
        for (std::int64_t j = 0; j < cols_used_; ++j) {
          const std::int64_t k = t - j;
          if (k < 0 || k >= f_.t) continue;
          v_.b_valid_i |= 1u << j;
          set_port_bits(v_.b_data_i, static_cast<int>(j), 8, port_b(b_.at(k, f_.n0 + j)));
        }
    }
    v_.clk_i = 0;
    v_.eval();
    if (fst_) fst_->dump(time_++);
    v_.clk_i = 1;
    v_.eval();
    if (fst_) fst_->dump(time_++);
    if (!os_ && cyc >= load_cycles_) absorb_bottom_edge(cyc - load_cycles_);
    return cycle_ == load_cycles_ + stream_cycles_;
  }

  void results(std::vector<std::uint64_t>& out) const override {
    if (!os_) {
      out.resize(acc_.size());
      for (std::size_t i = 0; i < acc_.size(); ++i) out[i] = arith_.result(acc_[i]);
      return;
    }
    // OS: each PE's sum drains into a fresh output accumulator (as the model drains).
    const std::int64_t oc = plan_.out_cols(f_);
    out.assign(static_cast<std::size_t>(plan_.out_rows(f_) * oc), 0);
    for (std::int64_t r = 0; r < rows_used_; ++r)
      for (std::int64_t j = 0; j < cols_used_; ++j) {
        auto acc = arith_.zero_acc();
        arith_.absorb(acc, psum_of<Arith>(pe_acc(r, j)));
        out[static_cast<std::size_t>(r * oc + j)] = arith_.result(acc);
      }
  }

  // The bottom edge after the last step (WS): column j's partial sum and valid.
  bool edge_valid(std::int64_t j) const { return (v_.psum_valid_o >> j) & 1u; }
  std::uint32_t edge_psum(std::int64_t j) const { return port_bits(v_.psum_o, static_cast<int>(j), kAccWidth); }
  // OS: PE (r, j)'s accumulator.
  std::uint32_t pe_acc(std::int64_t r, std::int64_t j) const {
    return port_bits(v_.acc_o, static_cast<int>(r * C_ + j), kAccWidth);
  }
  V& model() { return v_; }

 private:
  // What a token puts on the array's 8-bit operand port: a minifloat's code,
  // or an integer's value k (golden's ElementIntTable) in two's complement,
  // so INT4 arrives sign-extended.
  std::uint32_t port(std::uint32_t token, const golden::ElementIntTable& t) const {
    const std::uint8_t c = static_cast<std::uint8_t>(golden::pe::token_code(token));
    return integer_ ? static_cast<std::uint32_t>(t.k[c]) & 0xFFu : c;
  }
  std::uint32_t port_a(std::uint32_t token) const { return port(token, ta_); }
  std::uint32_t port_b(std::uint32_t token) const { return port(token, tb_); }

  void absorb_bottom_edge(std::int64_t t) {
    const std::int64_t oc = plan_.out_cols(f_);
    for (std::int64_t j = 0; j < cols_used_; ++j) {
      if (!edge_valid(j)) continue;
      const std::int64_t s = t - (R_ - 1) - j;  // the streamed index the partial sum belongs to
      // WS: output (s, j); IS: output (j, s).
      const std::int64_t orow = is_ ? j : s, ocol = is_ ? s : j;
      arith_.absorb(acc_[static_cast<std::size_t>(orow * oc + ocol)], psum_of<Arith>(edge_psum(j)));
    }
  }

  const models::FoldPlan& plan_;
  Arith arith_;
  const std::int64_t R_, C_;
  const models::Dataflow df_;
  const bool integer_;
  const golden::ElementIntTable& ta_;
  const golden::ElementIntTable& tb_;
  V v_;
  models::Fold f_;
  models::TileView a_, b_;
  bool os_ = false, is_ = false;
  std::int64_t cycle_ = 0, load_cycles_ = 0, stream_cycles_ = 0, rows_used_ = 0, cols_used_ = 0;
  std::vector<typename Arith::Acc> acc_;
  std::unique_ptr<VerilatedFstC> fst_;
  std::uint64_t time_ = 0;
};

}  // namespace qmac::cosim
