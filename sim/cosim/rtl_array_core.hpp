// RtlArrayCore: a Verilated array (rtl/array/systolic_array.sv) behind the
// ArrayCore interface, so the controller drives RTL where it drives the C++
// array. It plays the array's feeder and edge: the stationary tile one row per
// load cycle, the skewed streams of docs/timing.md, and (WS) the output
// tile's accumulator memory. Integer and FP32 kinds (IntArith, Fp32Arith):
// the driver adds each bottom-edge partial sum into the output with golden's
// arithmetic. Block kinds (ExactArith: MX, DialectFP4): the array's own edge
// (block_edge) does the adding and the per-block scaling; the driver only
// reads each output's state out of memory into the edge and writes back what
// the edge returns a cycle later. Posit8 (QuireArith): the same with the
// array's quire_edge, which adds quires and rounds on the last K-fold. OS
// outputs are the PEs' sums (block kinds: their FP32 sums; posits: their
// quires rounded). V is the Verilated model (its Rows x Cols, kind and
// formats fixed when it was built).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <type_traits>
#include <stdexcept>
#include <string>
#include <vector>

#include <memory>
#include <random>

#include <verilated.h>
#include <verilated_fst_c.h>

#include "golden/mac/element_int_table.hpp"
#include "golden/mac/pe_arith.hpp"
#include "models/array/array_core.hpp"
#include "sim/cosim/owned_model.hpp"
#include "sim/cosim/port_bits.hpp"
#include "sim/cosim/rtl_quantizer.hpp"
#include "sim/unitcheck/clocked.hpp"

namespace qmac::cosim {

// An Arith's partial sum as the RTL carries it (sum_bits wide), and (integer
// and FP32 kinds) back:
//   IntArith: INT32 (wrapping); Fp32Arith: FP32 bits;
//   ExactArith: {NaN, +Inf, -Inf, exact sum} with the sum in two's complement;
//   QuireArith: the quire's raw bits (posit8's 128; NaR the pattern 10...0).
template <class Arith>
struct PsumBits {
  using Psum = typename Arith::Psum;
  static constexpr bool kExact = std::is_same_v<Arith, golden::pe::ExactArith>;
  static constexpr bool kQuire = std::is_same_v<Arith, golden::pe::QuireArith>;

  static u128 to_port(const Psum& p, int sum_bits) {
    if constexpr (std::is_same_v<Arith, golden::pe::Fp32Arith>) return std::bit_cast<std::uint32_t>(p);
    else if constexpr (kQuire) {
      if (sum_bits != 128) throw std::invalid_argument("the RTL array carries a 128-bit quire (posit8)");
      const golden::KulischAccumulator raw = p.raw();
      return static_cast<u128>(raw.limbs()[1]) << 64 | raw.limbs()[0];
    }
    else if constexpr (kExact) {
      const int ew = sum_bits - 3;
      const u128 mask = (u128{1} << ew) - 1;
      u128 f = 0;
      if (p.flags & golden::pe::ExactArith::kNaN) f |= 4;
      if (p.flags & golden::pe::ExactArith::kPosInf) f |= 2;
      if (p.flags & golden::pe::ExactArith::kNegInf) f |= 1;
      return (f << ew) | (static_cast<u128>(p.sum) & mask);
    } else return static_cast<std::uint32_t>(p);
  }

  // Integer and FP32 kinds only: the driver adds their partial sums itself;
  // edge kinds' partial sums stay in the array and its memory as raw bits.
  static Psum from_port(u128 bits) {
    static_assert(!kExact && !kQuire, "edge kinds never read a partial sum back");
    if constexpr (std::is_same_v<Arith, golden::pe::Fp32Arith>) return std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    else return static_cast<std::int32_t>(static_cast<std::uint32_t>(bits));
  }

  // Equal bits; an FP32 NaN equals any NaN (the host's additions keep a NaN's
  // payload where the RTL makes it canonical; result() canonicalizes both).
  static bool same(u128 want, u128 got) {
    if constexpr (std::is_same_v<Arith, golden::pe::Fp32Arith>) {
      auto nan = [](u128 x) { return (x & 0x7F800000u) == 0x7F800000u && (x & 0x7FFFFFu); };
      if (nan(want) || nan(got)) return nan(want) && nan(got);
    }
    return want == got;
  }
};

template <class V, class Arith>
class RtlArrayCore final : public models::ArrayCore {
 public:
  using Bits = PsumBits<Arith>;
  static constexpr bool kEdge = Bits::kExact || Bits::kQuire;  // the array has edge units (block_edge, quire_edge)

  RtlArrayCore(const models::FoldPlan& plan, int rows, int cols)
      : plan_(plan), arith_(plan.arch().mac), R_(rows), C_(cols), df_(plan.arch().dataflow),
        integer_(plan.arch().mac.family == golden::MacFamily::Integer),
        kulisch_(plan.arch().mac.family == golden::MacFamily::Kulisch),
        quire_(plan.arch().mac.family == golden::MacFamily::Quire),
        block_(plan.arch().mac.block),
        edge_latency_(plan.edge_latency()) {
    if (plan.arch().rows != rows || plan.arch().cols != cols)
      throw std::invalid_argument("the RTL array was built " + std::to_string(rows) + "x" + std::to_string(cols));
    // DialectFP4's codes need their block's dialect and posits go as codes: no element table.
    if (!plan.arch().mac.is_dialect() && !quire_) {
      ta_ = &golden::ElementIntTable::of(*plan.arch().mac.a_elem);
      tb_ = &golden::ElementIntTable::of(*plan.arch().mac.b_elem);
    }
    unitcheck::reset_with_falling_edge(v_);
    // qmac_pkg's Kind values are golden::MacFamily's (tests/rtl/fmt_table_test).
    if (v_.kind_o != static_cast<unsigned>(plan.arch().mac.family))
      throw std::logic_error("the Verilated array was built with Kind " + std::to_string(v_.kind_o) + ", not " +
                             golden::family_name(plan.arch().mac.family) + "'s " +
                             std::to_string(static_cast<unsigned>(plan.arch().mac.family)));
    sum_bits_ = v_.sum_bits_o;
    // Reset leaves every output register at zero (no valid, no sum).
    const int n = static_cast<int>(R_ * C_);
    bool zero = v_.psum_valid_o == 0 && v_.edge_valid_o == 0;
    for (int i = 0; i < n && zero; ++i) zero = get_bits(v_.acc_o, i * 32, 32) == 0;
    for (int j = 0; j < static_cast<int>(C_) && zero; ++j)
      zero = get_bits(v_.psum_o, j * sum_bits_, sum_bits_) == 0 && get_bits(v_.edge_acc_o, j * sum_bits_, sum_bits_) == 0 &&
             get_bits(v_.edge_fp32_o, j * 32, 32) == 0;
    if (!zero) throw std::logic_error("the RTL array's outputs are not zero after reset");
    if (kEdge && edge_latency_ != 1)
      throw std::invalid_argument("the RTL array's edge unit takes one cycle: co-simulating a block format, Kulisch or a posit needs timing: rtl");
    if (kulisch_ && plan.layer().k > (std::int64_t{1} << v_.cnt_bits_o))
      throw std::invalid_argument("the RTL Kulisch array sums at most 2^" + std::to_string(v_.cnt_bits_o) + " products; K = " +
                                  std::to_string(plan.layer().k));
    inflight_.assign(static_cast<std::size_t>(C_), -1);
    feed_.assign(static_cast<std::size_t>(C_), -1);
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
    // The edge rounds a block (Kulisch and posits: the whole K) on the K-fold that ends it.
    close_ = kulisch_ || quire_ ? f.last_k : block_ > 0 && (f.k0 + f.kt) % block_ == 0;
    std::fill(inflight_.begin(), inflight_.end(), -1);
    std::fill(feed_.begin(), feed_.end(), -1);
    const auto outputs = static_cast<std::size_t>(plan_.out_rows(f) * plan_.out_cols(f));
    if (!os_ && f.first_k) {
      if constexpr (kEdge) mem_.assign(outputs, EdgeWord{});
      else acc_.assign(outputs, arith_.zero_acc());
    }
  }

  // Writes an FST waveform of the cycles from..to (1-based, counted from the
  // first step; two timesteps a cycle).
  void trace(const std::string& path, std::uint64_t from = 1, std::uint64_t to = UINT64_MAX) {
    trace_from_ = from;
    trace_to_ = to;
    Verilated::traceEverOn(true);
    fst_ = std::make_unique<VerilatedFstC>();
    v_.trace(fst_.get(), 99);
    fst_->open(path.c_str());
    if (!fst_->isOpen()) throw std::runtime_error(path + ": cannot write the waveform");
  }
  ~RtlArrayCore() override {
    if (fst_) fst_->close();
  }

  // DialectFP4 from FP16/BF16: the Verilated act_quantizer quantizes the A loads.
  golden::OnlineBlockQuantizer* input_quantizer() override {
    if (!quant_) quant_ = make_rtl_quantizer(plan_);
    return quant_.get();
  }

  // Backpressure: from here on each streaming cycle is, with `probability`,
  // a stall (stream_i low: every PE holds, the feeder waits) before it runs.
  // The outputs must not change; the fold takes longer than the model's, so
  // this is for the RTL array alone, checked against golden.
  void inject_stalls(std::uint64_t seed, double probability) {
    stall_rng_.seed(seed);
    stall_p_ = probability;
  }
  std::uint64_t stalls() const { return stalls_; }

  bool step(models::Counters&) override {
    v_.os_i = os_;
    if (stall_p_ > 0 && cycle_ >= load_cycles_ && cycle_ < load_cycles_ + stream_cycles_ &&
        std::uniform_real_distribution<double>(0.0, 1.0)(stall_rng_) < stall_p_) {
      v_.w_we_i = 0;
      v_.stream_i = 0;
      v_.start_i = 0;
      v_.a_valid_i = 0;
      v_.b_valid_i = 0;
      if constexpr (kEdge) read_edge_state();  // the edge still takes the last partial sum
      clock();
      if constexpr (kEdge) write_edge_state();
      ++stalls_;
      return false;
    }
    const std::int64_t cyc = cycle_++;
    v_.rows_used_i = static_cast<std::uint8_t>(rows_used_);
    v_.cols_used_i = static_cast<std::uint8_t>(cols_used_);
    v_.w_we_i = 0;
    v_.stream_i = 0;
    v_.start_i = 0;
    v_.close_i = close_;
    v_.last_k_i = kulisch_ ? static_cast<std::uint32_t>(f_.t - 1) : 0;  // Kulisch OS: the PE rounds after this product
    v_.a_valid_i = 0;
    v_.b_valid_i = 0;
    if (cyc < load_cycles_) {
      if (cyc < rows_used_) {
        v_.w_we_i = 1;
        v_.w_row_i = static_cast<std::uint8_t>(cyc);
        for (std::int64_t j = 0; j < cols_used_; ++j)
          put(v_.w_data_i, v_.w_scale_i, j, is_ ? a_.at(f_.m0 + j, f_.k0 + cyc) : b_.at(f_.k0 + cyc, f_.n0 + j), is_ ? ta_ : tb_);
      }
    } else if (cyc < load_cycles_ + stream_cycles_) {
      const std::int64_t t = cyc - load_cycles_;
      v_.stream_i = 1;
      v_.start_i = t == 0;
      for (std::int64_t r = 0; r < rows_used_; ++r) {
        const std::int64_t s = t - r;  // WS: streamed row s of A; OS: step k of row m0 + r
        if (s < 0 || s >= f_.t) continue;
        v_.a_valid_i |= 1u << r;
        if (os_) put(v_.a_data_i, v_.a_scale_i, r, a_.at(f_.m0 + r, s), ta_);
        else if (is_) put(v_.a_data_i, v_.a_scale_i, r, b_.at(f_.k0 + r, s), tb_);
        else put(v_.a_data_i, v_.a_scale_i, r, a_.at(s, f_.k0 + r), ta_);
      }
      if (os_)
        for (std::int64_t j = 0; j < cols_used_; ++j) {
          const std::int64_t k = t - j;
          if (k < 0 || k >= f_.t) continue;
          v_.b_valid_i |= 1u << j;
          put(v_.b_data_i, v_.b_scale_i, j, b_.at(k, f_.n0 + j), tb_);
        }
    }
    if constexpr (kEdge) read_edge_state();
    clock();
    if (cyc >= load_cycles_) {
      if constexpr (kEdge) write_edge_state();  // (OS: the edge must stay idle)
      // New partial sums reach the bottom edge only on streaming cycles (after them its registers hold).
      if (!os_ && cyc < load_cycles_ + stream_cycles_) bottom_edge(cyc - load_cycles_);
    }
    return cycle_ == load_cycles_ + stream_cycles_ + edge_latency_;
  }

  void results(std::vector<std::uint64_t>& out) const override {
    if (!os_) {
      // Edge kinds: what the edge returned (FP32 sums, or posits); the others: the driver's sums.
      if constexpr (kEdge) {
        out.resize(mem_.size());
        for (std::size_t i = 0; i < mem_.size(); ++i) out[i] = mem_[i].out;
      } else {
        out.resize(acc_.size());
        for (std::size_t i = 0; i < acc_.size(); ++i) out[i] = arith_.result(acc_[i]);
      }
      return;
    }
    // OS: each PE's sum drains into a fresh output accumulator (as the model
    // drains); a block PE's is already the FP32 sum of its closed blocks, a
    // posit PE's its quire rounded.
    const std::int64_t oc = plan_.out_cols(f_);
    out.assign(static_cast<std::size_t>(plan_.out_rows(f_) * oc), 0);
    for (std::int64_t r = 0; r < rows_used_; ++r)
      for (std::int64_t j = 0; j < cols_used_; ++j) {
        std::uint64_t o;
        if constexpr (kEdge) {
          o = pe_acc(r, j);
        } else {
          auto acc = arith_.zero_acc();
          arith_.absorb(acc, Bits::from_port(pe_acc(r, j)));
          o = arith_.result(acc);
        }
        out[static_cast<std::size_t>(r * oc + j)] = o;
      }
  }

  // The bottom edge after the last step (WS): column j's partial sum and valid.
  bool edge_valid(std::int64_t j) const { return (v_.psum_valid_o >> j) & 1u; }
  u128 edge_psum(std::int64_t j) const { return get_bits(v_.psum_o, static_cast<int>(j) * sum_bits_, sum_bits_); }
  int sum_bits() const { return sum_bits_; }
  // OS: PE (r, j)'s sum (block kinds: its FP32 sum of closed blocks; posits: the rounded quire).
  std::uint32_t pe_acc(std::int64_t r, std::int64_t j) const {
    return static_cast<std::uint32_t>(get_bits(v_.acc_o, static_cast<int>(r * C_ + j) * 32, 32));
  }

 private:
  // One rising edge (two timesteps in the waveform).
  void clock() {
    ++steps_;
    const bool dump = fst_ && steps_ >= trace_from_ && steps_ <= trace_to_;
    v_.clk_i = 0;
    v_.eval();
    if (dump) fst_->dump(2 * steps_);
    v_.clk_i = 1;
    v_.eval();
    if (dump) fst_->dump(2 * steps_ + 1);
  }

  // What a token puts on the array's 8-bit operand port (and its scale port):
  // an integer's value k (golden's ElementIntTable) in two's complement, so
  // INT4 arrives sign-extended; a minifloat's or MX element's code; a
  // DialectFP4 element's {dialect id, code}. The block's E8M0 scale beside it.
  template <class Port, class ScalePort>
  void put(Port& data, ScalePort& scale, std::int64_t i, std::uint32_t token, const golden::ElementIntTable* t) {
    const std::uint8_t c = static_cast<std::uint8_t>(golden::pe::token_code(token));
    const std::uint32_t v = integer_ ? static_cast<std::uint32_t>(t->k[c]) & 0xFFu : c;
    set_bits(data, static_cast<int>(i) * 8, 8, v);
    set_bits(scale, static_cast<int>(i) * 8, 8, golden::pe::token_scale(token));
  }

  std::size_t out_index(std::int64_t t, std::int64_t j) const {
    const std::int64_t s = t - (R_ - 1) - j;  // the streamed index the partial sum belongs to
    // A partial sum off the schedule is an RTL fault to report, not an index to write through.
    if (s < 0 || s >= f_.t)
      throw std::logic_error("the RTL array's column " + std::to_string(j) + " delivered a partial sum on streaming cycle " +
                             std::to_string(t) + ", outside its schedule (docs/timing.md)");
    // WS: output (s, j); IS: output (j, s).
    const std::int64_t orow = is_ ? j : s, ocol = is_ ? s : j;
    return static_cast<std::size_t>(orow * plan_.out_cols(f_) + ocol);
  }

  // Each new bottom-edge partial sum: integer/FP32 kinds add it here; block
  // kinds hand it to the edge on the next clock, with its output's state.
  void bottom_edge(std::int64_t t) {
    for (std::int64_t j = 0; j < cols_used_; ++j) {
      feed_[static_cast<std::size_t>(j)] = -1;
      if (!edge_valid(j)) continue;
      const std::size_t o = out_index(t, j);
      if constexpr (kEdge) feed_[static_cast<std::size_t>(j)] = static_cast<std::int64_t>(o);
      else arith_.absorb(acc_[o], Bits::from_port(edge_psum(j)));
    }
  }

  // The accumulator memory's read port: the state of each output whose
  // partial sum the edge takes this cycle.
  void read_edge_state() {
    for (std::int64_t j = 0; j < C_; ++j) {
      const std::int64_t o = feed_[static_cast<std::size_t>(j)];
      inflight_[static_cast<std::size_t>(j)] = o;
      feed_[static_cast<std::size_t>(j)] = -1;
      if (o < 0) continue;
      const EdgeWord& w = mem_[static_cast<std::size_t>(o)];
      set_bits(v_.edge_acc_i, static_cast<int>(j) * sum_bits_, sum_bits_, w.acc);
      set_bits(v_.edge_fp32_i, static_cast<int>(j) * 32, 32, w.out);
    }
  }

  // Its write port: what the edge returned. The edge's valid must pulse
  // exactly once per partial sum, or the memory would take a stale write.
  void write_edge_state() {
    for (std::int64_t j = 0; j < C_; ++j) {
      const std::int64_t o = inflight_[static_cast<std::size_t>(j)];
      const bool valid = (v_.edge_valid_o >> j) & 1u;
      if (valid != (o >= 0))
        throw std::logic_error("block_edge column " + std::to_string(j) + (valid ? " wrote with no partial sum" : " dropped a partial sum"));
      if (o < 0) continue;
      EdgeWord& w = mem_[static_cast<std::size_t>(o)];
      w.acc = get_bits(v_.edge_acc_o, static_cast<int>(j) * sum_bits_, sum_bits_);
      w.out = static_cast<std::uint32_t>(get_bits(v_.edge_fp32_o, static_cast<int>(j) * 32, 32));
    }
  }

  const models::FoldPlan& plan_;
  Arith arith_;
  const std::int64_t R_, C_;
  const models::Dataflow df_;
  const bool integer_, kulisch_, quire_;
  const int block_;
  const std::int64_t edge_latency_;
  const golden::ElementIntTable* ta_ = nullptr;
  const golden::ElementIntTable* tb_ = nullptr;
  OwnedModel<V> owned_;  // its own context: a coverage build reads the points out before it goes
  V& v_ = *owned_;
  int sum_bits_ = 32;
  models::Fold f_;
  models::TileView a_, b_;
  bool os_ = false, is_ = false, close_ = false;
  std::int64_t cycle_ = 0, load_cycles_ = 0, stream_cycles_ = 0, rows_used_ = 0, cols_used_ = 0;
  std::vector<typename Arith::Acc> acc_;  // kinds the driver accumulates for (integer, FP32)
  // Edge kinds: the accumulator memory, as raw bits the driver never interprets:
  // an output's open sum (exact block sum, or quire) and its edge output word
  // (the FP32 sum of closed blocks, or the rounded posit).
  struct EdgeWord {
    u128 acc = 0;
    std::uint32_t out = 0;
  };
  std::vector<EdgeWord> mem_;
  std::vector<std::int64_t> feed_;      // per column: the output whose partial sum is at the bottom edge
  std::vector<std::int64_t> inflight_;  // per column: the output the edge is updating this cycle
  std::unique_ptr<VerilatedFstC> fst_;
  std::unique_ptr<RtlActQuantizer> quant_;
  std::uint64_t steps_ = 0, trace_from_ = 1, trace_to_ = UINT64_MAX;
  std::mt19937_64 stall_rng_;
  double stall_p_ = 0;
  std::uint64_t stalls_ = 0;
};

}  // namespace qmac::cosim
