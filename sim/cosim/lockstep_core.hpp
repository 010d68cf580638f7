// LockstepCore: the C++ array (golden's arithmetic, the model) and the
// Verilated RTL array run the same fold cycle by cycle; every streaming cycle
// the bottom edge (WS/IS: each column's partial-sum register and valid bit)
// or (OS, integer and FP32 kinds) every PE's sum is compared, the fold must
// end on the same cycle, and every output must agree. LockstepStats::cycles
// counts the cycles on which something was compared. The first difference is kept in
// LockstepStats::first_mismatch (the fold, cycle, PE and both values in hex)
// and comparison stops there; nothing is thrown, because step() runs inside
// a SystemC process. The controller sees one ArrayCore; the model's outputs go on.
// Online-quantized activations pass golden's and the RTL's quantizer in
// lockstep too (LockstepQuantizer), and golden's codes go on.
#pragma once

#include <cctype>
#include <cstdio>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/array/array_core.hpp"
#include "sim/cosim/lockstep_stats.hpp"
#include "sim/cosim/rtl_array_core.hpp"

namespace qmac::cosim {


template <class V, class Arith>
class LockstepCore final : public models::ArrayCore {
 public:
  using Model = models::ArrayCoreImpl<Arith>;
  using Bits = PsumBits<Arith>;

  LockstepCore(const models::FoldPlan& plan, int rows, int cols, LockstepStats* stats)
      : plan_(plan), model_(Arith(plan.arch().mac), plan), rtl_(plan, rows, cols), stats_(stats) {
    if (stats_ && !stats_->trace_dir.empty()) {
      std::string file = plan.layer().name;
      for (auto& ch : file)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.') ch = '_';
      rtl_.trace(stats_->trace_dir + "/" + file + ".fst", stats_->trace_from, stats_->trace_to);
    }
  }

  void start(const models::Fold& f, models::TileView a, models::TileView b) override {
    f_ = f;
    cycle_ = 0;
    ++fold_;
    model_.start(f, a, b);
    rtl_.start(f, a, b);
    if (stats_) ++stats_->folds;
  }

  bool step(models::Counters& c) override {
    const bool done = model_.step(c);
    ++cycle_;
    ++layer_cycle_;
    if (failed_) return done;  // after a mismatch the RTL stops; the model finishes the layer
    bool rtl_done = false;
    try {
      models::Counters scratch;  // the RTL driver counts nothing twice
      rtl_done = rtl_.step(scratch);
    } catch (const std::exception& e) {
      // step() runs inside a SystemC process: the driver's complaint is this lockstep's failure, not an escape.
      return fail(std::string("the RTL driver stopped: ") + e.what(), "the driver", -1, -1, 0, 0), done;
    }
    if (done != rtl_done)
      return fail("the fold ends on cycle " + std::to_string(cycle_) + " in " + (done ? "the model" : "the RTL") + " only",
                  "the fold's length", -1, -1, 0, 0), done;
    const auto& core = model_.core();
    const std::int64_t R = plan_.arch().rows;
    bool compared = false;
    // WS load cycles move no partial sum (the model clears its valid bits at a
    // fold's start, the RTL masks them on the first streaming cycle): compare
    // the bottom edge from the first streaming cycle on, where it is absorbed.
    const bool os = plan_.arch().dataflow == models::Dataflow::OS;
    if (!os && cycle_ > static_cast<std::uint64_t>(R)) {
      const std::int64_t cols = plan_.arch().dataflow == models::Dataflow::IS ? f_.mt : f_.nt;
      for (std::int64_t j = 0; j < cols; ++j) {
        const bool mv = core.psum_valid_at(R - 1, j), rv = rtl_.edge_valid(j);
        compared = true;
        if (mv != rv) return fail("bottom-edge valid", "psum_valid_o[" + std::to_string(j) + "]", R - 1, j, mv, rv), done;
        if (!mv) continue;
        const u128 want = Bits::to_port(core.psum_at(R - 1, j), rtl_.sum_bits());
        const u128 got = rtl_.edge_psum(j);
        if (!Bits::same(want, got))
          return fail("bottom-edge partial sum", "psum_o[" + std::to_string(j) + "]", R - 1, j, want, got), done;
        if (stats_) ++stats_->edge_values;
      }
    } else if (os && !RtlArrayCore<V, Arith>::kEdge) {
      // An integer/FP32 OS PE sums into its partial-sum register: every cycle,
      // every PE of the tile holds what the model's holds.
      for (std::int64_t r = 0; r < f_.mt; ++r)
        for (std::int64_t j = 0; j < f_.nt; ++j) {
          const u128 want = Bits::to_port(core.psum_at(r, j), 32);
          const u128 got = rtl_.pe_acc(r, j);
          compared = true;
          if (!Bits::same(want, got))
            return fail("PE sum", "acc_o[" + std::to_string(r * plan_.arch().cols + j) + "]", r, j, want, got), done;
        }
    }
    last_step_compared_ = compared;
    if (compared && stats_) ++stats_->cycles;  // a cycle on which something was compared, and agreed
    return done;
  }

  golden::OnlineBlockQuantizer* input_quantizer() override {
    if (!quant_ && plan_.online_quantizer()) quant_ = std::make_unique<LockstepQuantizer>(plan_, stats_);
    return quant_.get();
  }

  // The model's: the RTL array holds the same values every cycle (checked).
  models::Activity activity() const override { return model_.activity(); }

  void results(std::vector<std::uint64_t>& out) const override {
    model_.results(out);
    std::vector<std::uint64_t> rtl;
    rtl_.results(rtl);
    if (failed_) return;
    if (rtl.size() != out.size()) return fail("output tile size", "the output tile", -1, -1, out.size(), rtl.size());
    if (stats_ && stats_->inject_output_fault && !fault_injected_ && !rtl.empty()) {
      rtl[0] ^= stats_->inject_output_fault;
      fault_injected_ = true;
    }
    const std::int64_t oc = plan_.out_cols(f_);
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (out[i] != rtl[i])
        return fail("output", output_signal(),
                    static_cast<std::int64_t>(i) / oc, static_cast<std::int64_t>(i) % oc, out[i], rtl[i]);
    }
    if (stats_) stats_->outputs += out.size();
    // (OS block, Kulisch and quire PEs are compared through their outputs only:
    // the fold's last cycle then counts as compared.)
    if (stats_ && !out.empty() && !last_step_compared_) ++stats_->cycles;
  }

 private:
  std::string where() const {
    const auto& L = plan_.layer();
    std::ostringstream o;
    o << "layer '" << L.name << "' (" << L.m << "x" << L.k << "x" << L.n << ") fold " << fold_ << " [m0 " << f_.m0 << ", k0 "
      << f_.k0 << ", n0 " << f_.n0 << "]";
    return o.str();
  }
  static std::string hex(u128 v) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    do { s.insert(s.begin(), digits[static_cast<unsigned>(v & 15u)]); v >>= 4; } while (v != 0);
    return "0x" + s;
  }
  // Where an output comes from: the PEs (OS), the edge units through the
  // accumulator memory (WS/IS edge kinds), or the driver's sums of the bottom edge.
  const char* output_signal() const {
    if (plan_.arch().dataflow == models::Dataflow::OS) return "acc_o";
    return RtlArrayCore<V, Arith>::kEdge ? "edge_fp32_o (through the accumulator memory)" : "psum_o (summed by the driver)";
  }

  // `signal`: the RTL port where the difference shows, for whoever opens the waveform.
  void fail(const std::string& what, const std::string& signal, std::int64_t r, std::int64_t c, u128 want, u128 got) const {
    std::ostringstream o;
    o << where() << ", cycle " << cycle_ << ": " << what;
    if (r >= 0) o << " at PE row " << r << " column " << c;
    o << ": model " << hex(want) << ", RTL " << hex(got);
    failed_ = true;
    if (stats_ && stats_->array_mismatch.empty()) stats_->array_mismatch = o.str();
    if (stats_ && stats_->first_mismatch.empty()) {
      stats_->first_mismatch = o.str();
      stats_->mismatch_layer = plan_.layer().name;
      stats_->mismatch_line = plan_.layer().line;
      stats_->mismatch_cycle = layer_cycle_;
      stats_->mismatch_signal = signal;
    }
  }

  const models::FoldPlan& plan_;
  Model model_;
  RtlArrayCore<V, Arith> rtl_;
  LockstepStats* stats_;
  std::unique_ptr<LockstepQuantizer> quant_;
  models::Fold f_;
  std::uint64_t fold_ = 0, cycle_ = 0, layer_cycle_ = 0;
  mutable bool failed_ = false;
  bool last_step_compared_ = false;
  mutable bool fault_injected_ = false;
};

}  // namespace qmac::cosim
