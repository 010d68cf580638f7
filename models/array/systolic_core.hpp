// SystolicCore: the R x C processing elements of the array as plain C++
// objects, stepped one clock at a time (style.md "Model"), with golden's PE
// arithmetic (golden/mac/pe_arith.hpp). SystolicArrayModel clocks it from one
// SystemC process; the tests step it directly.
//
// One fold at a time (fold_plan.hpp). Per clock every PE reads its
// neighbours' registers as they were before the clock edge: the sweep runs
// from the bottom-right PE to the top-left one, so each PE reads a neighbour
// (left, above) that has not been updated yet this cycle. That is the _d/_q
// two-phase update without a second copy of the state.
//
// Timing (docs/timing.md), R rows, C columns, T streamed steps:
//   WS/IS: R cycles loading the stationary tile, then T + R + C - 2 cycles
//          of streaming with skew; OS: T + R + C - 2 cycles; plus, under rtl
//          timing, the scale unit's latency for block formats.
// Clock-gated PEs (outside a ragged tile) neither compute nor update registers;
// rows below a ragged K-tile still pass partial sums down.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "golden/mac/pe_arith.hpp"
#include "models/array/fold_plan.hpp"
#include "models/array/tile_view.hpp"
#include "models/array/toggles.hpp"
#include "models/activity.hpp"
#include "models/counters.hpp"

namespace qmac::models {

template <class Arith>
class SystolicCore {
 public:
  using Psum = typename Arith::Psum;
  using Acc = typename Arith::Acc;

  SystolicCore(const Arith& arith, const FoldPlan& plan)
      : arith_(arith), plan_(plan), R_(plan.arch().rows), C_(plan.arch().cols), df_(plan.arch().dataflow),
        block_(plan.block()), word_in_(plan.arch().input_sram.word_bits), word_w_(plan.arch().weight_sram.word_bits),
        word_out_(plan.arch().output_sram.word_bits),
        edge_latency_(plan.edge_latency()), a_bits_(plan.arch().mac.a_bits), b_bits_(plan.arch().mac.b_bits),
        acc_bits_(plan.arch().mac.acc_bits) {
    const auto n = static_cast<std::size_t>(R_) * static_cast<std::size_t>(C_);
    a_tok_.assign(n, 0); b_tok_.assign(n, 0); a_v_.assign(n, 0); b_v_.assign(n, 0); p_v_.assign(n, 0);
    a_last_.assign(n, 0); b_last_.assign(n, 0);
    in_port_.assign(static_cast<std::size_t>(std::max(R_, C_)), 0);
    w_port_.assign(in_port_.size(), 0);
    act_.measured = true;
    psum_.assign(n, arith_.zero());
    if (df_ == Dataflow::OS) pe_acc_.assign(n, arith_.zero_acc());
  }

  // Begins a fold whose operand tiles are resident in `a` and `b`.
  void start(const Fold& f, TileView a, TileView b) {
    f_ = f; a_ = a; b_ = b; cycle_ = 0;
    std::fill(a_v_.begin(), a_v_.end(), 0); std::fill(b_v_.begin(), b_v_.end(), 0); std::fill(p_v_.begin(), p_v_.end(), 0);
    if (df_ == Dataflow::OS) {
      for (auto& x : pe_acc_) x = arith_.zero_acc();
      for (auto& x : psum_) x = arith_.zero();
    } else if (f.first_k) {
      acc_.assign(static_cast<std::size_t>(plan_.out_rows(f) * plan_.out_cols(f)), arith_.zero_acc());
    }
    // Stationary dimension of the tile: WS columns are N, IS columns are M.
    cols_used_ = df_ == Dataflow::IS ? f.mt : f.nt;
    rows_used_ = df_ == Dataflow::OS ? f.mt : f.kt;
    load_cycles_ = df_ == Dataflow::OS ? 0 : R_;
    stream_cycles_ = f.t + R_ + C_ - 2;
  }

  // One clock. Returns true after the fold's last cycle.
  bool step(Counters& c) {
    const std::int64_t cyc = cycle_++;
    if (cyc < load_cycles_) load_row(cyc, c);
    else if (cyc < load_cycles_ + stream_cycles_) {
      if (df_ == Dataflow::OS) stream_os(cyc - load_cycles_, c);
      else if (df_ == Dataflow::WS) stream_stationary<false>(cyc - load_cycles_, c);
      else stream_stationary<true>(cyc - load_cycles_, c);
    }
    // Remaining cycles (rtl timing, block formats): the scale unit's register.
    const bool done = cycle_ == load_cycles_ + stream_cycles_ + edge_latency_;
    if (done && df_ == Dataflow::OS) drain_os(c);
    return done;
  }

  // PE (r, c)'s partial-sum register and its valid bit, as after the last
  // step (WS/IS: what moves down; row R-1 is the bottom edge), for lockstep
  // comparison with another implementation of the array.
  const Psum& psum_at(std::int64_t r, std::int64_t c) const { return psum_[idx(r, c)]; }
  // Bit toggles so far (models/activity.hpp).
  const Activity& activity() const { return act_; }
  bool psum_valid_at(std::int64_t r, std::int64_t c) const { return p_v_[idx(r, c)] != 0; }

  // Output codes of the current output tile (row-major out_rows x out_cols),
  // valid after the fold with last_k.
  void results(std::vector<std::uint64_t>& out) const {
    out.resize(acc_.size());
    for (std::size_t i = 0; i < acc_.size(); ++i) out[i] = arith_.result(acc_[i]);
  }

 private:
  std::size_t idx(std::int64_t r, std::int64_t c) const { return static_cast<std::size_t>(r * C_ + c); }

  void load_row(std::int64_t r, Counters& c) {
    if (r >= rows_used_) return;
    const int bits = df_ == Dataflow::WS ? b_bits_ : a_bits_;
    auto& port = df_ == Dataflow::WS ? w_port_ : in_port_;
    std::uint64_t& port_toggles = df_ == Dataflow::WS ? act_.weight_sram_toggles : act_.input_sram_toggles;
    for (std::int64_t j = 0; j < cols_used_; ++j) {
      const std::size_t i = idx(r, j);
      b_tok_[i] = df_ == Dataflow::WS ? b_.at(f_.k0 + r, f_.n0 + j) : a_.at(f_.m0 + j, f_.k0 + r);
      act_.stationary_toggles += toggles(b_last_[i], b_tok_[i], bits);
      b_last_[i] = b_tok_[i];
      port_toggles += read_port(port, static_cast<std::size_t>(j), b_tok_[i], bits);
    }
    c.stationary_loads += static_cast<std::uint64_t>(cols_used_);
    if (df_ == Dataflow::WS) count_read(c.weight_sram, cols_used_, plan_.b_cost().elem_bits, word_w_);
    else count_read(c.input_sram, cols_used_, plan_.a_cost().elem_bits, word_in_);
  }

  // One lane of an SRAM read port carries `v`: the bits it flips.
  static std::uint64_t read_port(std::vector<std::uint32_t>& port, std::size_t lane, std::uint32_t v, int bits) {
    const std::uint64_t n = toggles(port[lane], v, bits);
    port[lane] = v;
    return n;
  }

  static void count_read(SramCounters& s, std::int64_t elems, int bits, int word) {
    s.read_words += row_words(elems, bits, word);
    s.read_bits += static_cast<std::uint64_t>(elems) * static_cast<std::uint64_t>(bits);
  }
  static void count_write(SramCounters& s, std::int64_t elems, int bits, int word) {
    s.write_words += row_words(elems, bits, word);
    s.write_bits += static_cast<std::uint64_t>(elems) * static_cast<std::uint64_t>(bits);
  }

  // WS (stationary B; A streams, t = m) and IS (stationary A^T; B streams, t = n).
  template <bool kIs>
  void stream_stationary(std::int64_t t, Counters& c) {
    const std::int64_t T = f_.t;
    // The feeder reads one streamed vector (kt elements) from SRAM when it first enters.
    const int stream_bits = kIs ? b_bits_ : a_bits_;
    if (t < T) {
      if (kIs) count_read(c.weight_sram, f_.kt, plan_.b_cost().elem_bits, word_w_);
      else count_read(c.input_sram, f_.kt, plan_.a_cost().elem_bits, word_in_);
      for (std::int64_t r = 0; r < f_.kt; ++r) {
        const std::uint32_t v = kIs ? b_.at(f_.k0 + r, t) : a_.at(t, f_.k0 + r);
        (kIs ? act_.weight_sram_toggles : act_.input_sram_toggles) += read_port(kIs ? w_port_ : in_port_, static_cast<std::size_t>(r), v, stream_bits);
      }
    }
    for (std::int64_t r = R_ - 1; r >= 0; --r) {
      const bool active = r < rows_used_;
      for (std::int64_t j = cols_used_ - 1; j >= 0; --j) {
        const std::size_t i = idx(r, j);
        if (!active) {  // below a ragged K-tile: the partial sum passes through
          p_v_[i] = p_v_[i - static_cast<std::size_t>(C_)];
          if (p_v_[i]) act_.psum_toggles += psum_toggles(psum_[i], psum_[i - static_cast<std::size_t>(C_)], acc_bits_);
          psum_[i] = psum_[i - static_cast<std::size_t>(C_)];
          c.psum_reg_updates += p_v_[i];
          continue;
        }
        std::uint32_t tok;
        bool valid;
        if (j == 0) {
          const std::int64_t s = t - r;
          valid = s >= 0 && s < T;
          tok = valid ? (kIs ? b_.at(f_.k0 + r, s) : a_.at(s, f_.k0 + r)) : 0;
        } else {
          tok = a_tok_[i - 1];
          valid = a_v_[i - 1];
        }
        a_tok_[i] = tok;
        a_v_[i] = valid;
        p_v_[i] = valid;
        if (!valid) continue;
        act_.operand_toggles += toggles(a_last_[i], tok, stream_bits);
        a_last_[i] = tok;
        const Psum old = psum_[i];
        if (r == 0) psum_[i] = arith_.zero();
        else psum_[i] = psum_[i - static_cast<std::size_t>(C_)];
        if (kIs) arith_.mac(psum_[i], b_tok_[i], tok);
        else arith_.mac(psum_[i], tok, b_tok_[i]);
        act_.psum_toggles += psum_toggles(old, psum_[i], acc_bits_);
        ++c.macs;
        ++c.operand_reg_updates;
        ++c.psum_reg_updates;
      }
    }
    // Bottom edge: column j delivers streamed index s = t - (R-1) - j.
    const bool closes = block_ > 0 && (f_.k0 + f_.kt) % block_ == 0;
    const std::int64_t oc = plan_.out_cols(f_);
    for (std::int64_t j = 0; j < cols_used_; ++j) {
      const std::size_t i = idx(R_ - 1, j);
      if (!p_v_[i]) continue;
      const std::int64_t s = t - (R_ - 1) - j;
      // WS: output (m = s, n = n0 + j); IS: output (m = m0 + j, n = s).
      const std::int64_t orow = kIs ? j : s, ocol = kIs ? s : j;
      Acc& acc = acc_[static_cast<std::size_t>(orow * oc + ocol)];
      arith_.absorb(acc, psum_[i]);
      if (closes) {
        const std::uint8_t sa = golden::pe::token_scale(kIs ? b_tok_[idx(0, j)] : a_.at(s, f_.k0));
        const std::uint8_t sb = golden::pe::token_scale(kIs ? b_.at(f_.k0, s) : b_tok_[idx(0, j)]);
        arith_.close_block(acc, sa, sb);
        ++c.scale_unit_ops;
      }
      // The de-skew buffer hands the output SRAM one row of outputs at a time.
      if (j == cols_used_ - 1) {
        if (!f_.first_k) count_read(c.output_sram, cols_used_, plan_.acc_bits(), word_out_);
        count_write(c.output_sram, cols_used_, plan_.acc_bits(), word_out_);
      }
    }
  }

  // OS: A streams right (row r carries m0 + r), B streams down (column j
  // carries n0 + j); PE (r, j) takes step k = t - r - j.
  void stream_os(std::int64_t t, Counters& c) {
    const std::int64_t K = f_.t;
    if (t < K) {
      count_read(c.input_sram, rows_used_, plan_.a_cost().elem_bits, word_in_);
      count_read(c.weight_sram, cols_used_, plan_.b_cost().elem_bits, word_w_);
      for (std::int64_t r = 0; r < rows_used_; ++r)
        act_.input_sram_toggles += read_port(in_port_, static_cast<std::size_t>(r), a_.at(f_.m0 + r, t), a_bits_);
      for (std::int64_t j = 0; j < cols_used_; ++j)
        act_.weight_sram_toggles += read_port(w_port_, static_cast<std::size_t>(j), b_.at(t, f_.n0 + j), b_bits_);
    }
    for (std::int64_t r = R_ - 1; r >= 0; --r) {
      if (r >= rows_used_) continue;
      for (std::int64_t j = cols_used_ - 1; j >= 0; --j) {
        const std::size_t i = idx(r, j);
        std::uint32_t a, b;
        bool av, bv;
        if (j == 0) { const std::int64_t k = t - r; av = k >= 0 && k < K; a = av ? a_.at(f_.m0 + r, k) : 0; }
        else { a = a_tok_[i - 1]; av = a_v_[i - 1]; }
        if (r == 0) { const std::int64_t k = t - j; bv = k >= 0 && k < K; b = bv ? b_.at(k, f_.n0 + j) : 0; }
        else { b = b_tok_[i - static_cast<std::size_t>(C_)]; bv = b_v_[i - static_cast<std::size_t>(C_)]; }
        a_tok_[i] = a; a_v_[i] = av; b_tok_[i] = b; b_v_[i] = bv;
        c.operand_reg_updates += static_cast<std::uint64_t>(av) + static_cast<std::uint64_t>(bv);
        if (av) { act_.operand_toggles += toggles(a_last_[i], a, a_bits_); a_last_[i] = a; }
        if (bv) { act_.operand_toggles += toggles(b_last_[i], b, b_bits_); b_last_[i] = b; }
        if (!(av && bv)) continue;
        const Psum old = psum_[i];
        arith_.mac(psum_[i], a, b);
        act_.psum_toggles += psum_toggles(old, psum_[i], acc_bits_);
        ++c.macs;
        ++c.psum_reg_updates;
        if (block_ > 0 && (t - r - j + 1) % block_ == 0) {
          arith_.absorb(pe_acc_[i], psum_[i]);
          arith_.close_block(pe_acc_[i], golden::pe::token_scale(a), golden::pe::token_scale(b));
          act_.psum_toggles += psum_toggles(psum_[i], arith_.zero(), acc_bits_);
          psum_[i] = arith_.zero();
          ++c.scale_unit_ops;
        }
      }
    }
  }

  void drain_os(Counters& c) {
    const std::int64_t oc = plan_.out_cols(f_);
    acc_.assign(static_cast<std::size_t>(plan_.out_rows(f_) * oc), arith_.zero_acc());
    for (std::int64_t r = 0; r < rows_used_; ++r) {
      for (std::int64_t j = 0; j < cols_used_; ++j) {
        Acc& acc = acc_[static_cast<std::size_t>(r * oc + j)];
        acc = pe_acc_[idx(r, j)];
        if (block_ == 0) arith_.absorb(acc, psum_[idx(r, j)]);
      }
      count_write(c.output_sram, cols_used_, plan_.acc_bits(), word_out_);
    }
  }

  const Arith& arith_;
  const FoldPlan& plan_;
  const std::int64_t R_, C_;
  const Dataflow df_;
  const int block_;
  const int word_in_, word_w_, word_out_;
  const std::int64_t edge_latency_;  // the scale unit's register after the last partial sum
  const int a_bits_, b_bits_, acc_bits_;
  Activity act_;
  std::vector<std::uint32_t> a_last_, b_last_;   // what each operand register holds (gated writes keep it)
  std::vector<std::uint32_t> in_port_, w_port_;  // what each SRAM read-port lane carried last
  Fold f_;
  TileView a_, b_;
  std::int64_t cycle_ = 0, load_cycles_ = 0, stream_cycles_ = 0, rows_used_ = 0, cols_used_ = 0;
  std::vector<std::uint32_t> a_tok_, b_tok_;  // streaming registers (OS: both); b_tok_ holds the stationary tile in WS/IS
  std::vector<std::uint8_t> a_v_, b_v_, p_v_;
  std::vector<Psum> psum_;
  std::vector<Acc> pe_acc_;  // OS
  std::vector<Acc> acc_;     // the output tile's accumulators (array edge / drained OS PEs)
};

}  // namespace qmac::models
