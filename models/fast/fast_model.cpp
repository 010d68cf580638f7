#include "models/fast/fast_model.hpp"

#include <algorithm>

namespace qmac::models {
namespace {

using u64 = std::uint64_t;
u64 U(std::int64_t x) { return static_cast<u64>(x); }

void reads(SramCounters& s, u64 times, std::int64_t elems, int bits, int word) {
  s.read_words += times * row_words(elems, bits, word);
  s.read_bits += times * U(elems) * U(bits);
}
void writes(SramCounters& s, u64 times, std::int64_t elems, int bits, int word) {
  s.write_words += times * row_words(elems, bits, word);
  s.write_bits += times * U(elems) * U(bits);
}

// The array's own actions in one fold (SystolicCore counts them one by one).
void fold_actions(const FoldPlan& p, const Fold& f, Counters& c) {
  const ArchSpec& a = p.arch();
  const int ab = p.a_cost().elem_bits, bb = p.b_cost().elem_bits, acc = p.acc_bits();
  const int wi = a.input_sram.word_bits, ww = a.weight_sram.word_bits, wo = a.output_sram.word_bits;
  const u64 R = U(a.rows);
  const bool closes = p.block() > 0 && (f.k0 + f.kt) % p.block() == 0;
  if (a.dataflow == Dataflow::OS) {
    const u64 macs = U(f.mt) * U(f.nt) * U(f.t);
    reads(c.input_sram, U(f.t), f.mt, ab, wi);
    reads(c.weight_sram, U(f.t), f.nt, bb, ww);
    c.macs += macs;
    c.operand_reg_updates += 2 * macs;
    c.psum_reg_updates += macs;
    if (p.block() > 0) c.scale_unit_ops += macs / U(p.block());
    writes(c.output_sram, U(f.mt), f.nt, acc, wo);
    return;
  }
  const bool is = a.dataflow == Dataflow::IS;
  const std::int64_t cols = is ? f.mt : f.nt;  // stationary columns used
  const u64 T = U(f.t), macs = T * U(f.kt) * U(cols);
  c.stationary_loads += U(f.kt) * U(cols);
  if (is) {
    reads(c.input_sram, U(f.kt), cols, ab, wi);
    reads(c.weight_sram, T, f.kt, bb, ww);
  } else {
    reads(c.weight_sram, U(f.kt), cols, bb, ww);
    reads(c.input_sram, T, f.kt, ab, wi);
  }
  c.macs += macs;
  c.operand_reg_updates += macs;
  c.psum_reg_updates += T * R * U(cols);
  if (closes) c.scale_unit_ops += T * U(cols);
  writes(c.output_sram, T, cols, acc, wo);
  if (!f.first_k) reads(c.output_sram, T, cols, acc, wo);
}

}  // namespace

Counters fast_layer(const FoldPlan& p) {
  const ArchSpec& a = p.arch();
  Counters c;
  const auto& folds = p.folds();
  const bool dbl_a = a.input_sram.double_buffered, dbl_b = a.weight_sram.double_buffered;
  const bool overlap = dbl_a && dbl_b && a.output_sram.double_buffered;
  u64 dram_free = 0;
  auto job = [&](u64 requested, u64 cycles) {  // the DMA serves jobs in request order
    const u64 start = std::max(dram_free, requested);
    dram_free = start + cycles;
    return dram_free;
  };
  TileKey a_key[2], b_key[2];
  int a_slot = -1, b_slot = -1;
  auto load = [&](const TileKey& key, TileKey* keys, int& last, bool dbl, bool is_a, u64 when) -> u64 {
    if (last >= 0 && keys[last] == key && (is_a ? p.a_may_stay() : p.b_may_stay())) return when;
    const int slot = dbl && last >= 0 ? 1 - last : 0;
    keys[slot] = key;
    last = slot;
    const u64 rows = U(is_a ? key.r1 - key.r0 : key.c1 - key.c0);
    const OperandCost& cost = is_a ? p.a_cost() : p.b_cost();
    const u64 bytes = is_a ? cost.dram_bytes(key.r1 - key.r0, key.c0, key.c1) : cost.dram_bytes(key.c1 - key.c0, key.r0, key.r1);
    const u64 bits = is_a ? p.a_tile_sram_bits(key) : p.b_tile_sram_bits(key);
    SramCounters& s = is_a ? c.input_sram : c.weight_sram;
    const auto word = U(is_a ? a.input_sram.word_bits : a.weight_sram.word_bits);
    s.write_bits += bits;
    s.write_words += (bits + word - 1) / word;
    c.dram_read_bytes += bytes;
    (is_a ? c.dram_a_read_bytes : c.dram_b_read_bytes) += bytes;
    u64 q = 0;
    if (is_a && p.online_quantizer()) {
      q = rows * U(key.c1 - key.c0);
      c.quantizer_values += q;
      c.quantizer_blocks += q / U(p.block());
    }
    return job(when, p.transfer_cycles(bytes, q));
  };
  auto loads = [&](const Fold& f, u64 when) {
    const u64 ea = load(f.a_tile, a_key, a_slot, dbl_a, true, when);
    const u64 eb = load(f.b_tile, b_key, b_slot, dbl_b, false, when);
    return std::max(ea, eb);
  };
  // Partial sums out to DRAM and back (spills_psums): output SRAM <-> DRAM, acc_bits each.
  auto psum_move = [&](const Fold& f, u64 when, bool out) {
    const u64 bytes = p.psum_bytes(f);
    const u64 bits = U(p.out_rows(f) * p.out_cols(f)) * U(p.acc_bits());
    const auto word = U(a.output_sram.word_bits);
    SramCounters& s = c.output_sram;
    (out ? s.read_bits : s.write_bits) += bits;
    (out ? s.read_words : s.write_words) += (bits + word - 1) / word;
    (out ? c.dram_write_bytes : c.dram_read_bytes) += bytes;
    return job(when, p.transfer_cycles(bytes, 0));
  };
  u64 now = 0, ready = loads(folds[0], 0), last_store = 0, psums_back = 0;
  for (std::size_t i = 0; i < folds.size(); ++i) {
    const Fold& f = folds[i];
    const u64 start = std::max({now, ready, psums_back});
    if (overlap && i + 1 < folds.size()) ready = loads(folds[i + 1], start);
    now = start + f.cycles;
    c.compute_cycles += f.cycles;
    ++c.folds;
    fold_actions(p, f, c);
    if (f.last_k) {
      const u64 bytes = p.c_store_bytes(f);
      const u64 bits = U(p.out_rows(f) * p.out_cols(f)) * U(p.out_bits());
      const auto word = U(a.output_sram.word_bits);
      c.output_sram.read_bits += bits;
      c.output_sram.read_words += (bits + word - 1) / word;
      c.dram_write_bytes += bytes;
      last_store = job(now, p.transfer_cycles(bytes, 0));
      if (!overlap) now = last_store;
    } else if (p.spills_psums()) {
      psum_move(f, now, true);
      psums_back = psum_move(folds[i + 1], now, false);  // the next fold is the next K-fold of these outputs
      if (!overlap) now = psums_back;
    }
    if (!overlap && i + 1 < folds.size()) ready = loads(folds[i + 1], now);
  }
  c.total_cycles = std::max(now, last_store);
  c.stall_cycles = c.total_cycles - c.compute_cycles;
  c.idle_pe_cycles = U(a.rows) * U(a.cols) * c.compute_cycles - c.macs;
  return c;
}

}  // namespace qmac::models
