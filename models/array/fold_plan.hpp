// FoldPlan: how a controller folds an M x K by K x N GEMM onto an R x C array
// (docs/timing.md). The same plan drives the cycle-level model and the fast
// model, so both agree on tiling order, tile traffic and per-fold cycles.
//
// Tiling order (SCALE-Sim's): column folds outer, row folds inner.
//   WS: stationary B tile (rows: K, cols: N); A streams all M rows (T = M).
//   IS: stationary A^T tile (rows: K, cols: M); B streams all N columns (T = N).
//   OS: stationary outputs (rows: M, cols: N); K streams (T = K).
#pragma once

#include <cstdint>
#include <vector>

#include "models/arch_spec.hpp"

namespace qmac::models {

struct TileKey {
  std::int64_t r0 = -1, r1 = -1, c0 = -1, c1 = -1;  // [r0, r1) x [c0, c1) of the operand
  bool operator==(const TileKey&) const = default;
};

struct Fold {
  std::int64_t m0 = 0, mt = 0, k0 = 0, kt = 0, n0 = 0, nt = 0;  // GEMM region
  std::int64_t t = 0;        // streamed length
  bool first_k = true;       // first K-fold of its output tile
  bool last_k = true;        // last K-fold: the outputs are final and stored
  std::uint64_t cycles = 0;  // compute cycles (timing contract)
  TileKey a_tile, b_tile;    // operand tiles the fold needs resident
};

// Bits of operand storage: elements, plus scales (and dialect ids) per block.
struct OperandCost {
  int elem_bits = 8;         // in SRAM (after the online quantizer, if any)
  int dram_elem_bits = 8;    // in DRAM
  int block = 0;             // elements per scale block (0: none)
  int block_meta_bits = 0;   // per block, in SRAM
  int dram_block_meta_bits = 0;
  // A tile of `rows` x [k0, k1) along K; metadata for every block that starts in it.
  std::uint64_t sram_bits(std::int64_t rows, std::int64_t k0, std::int64_t k1) const;
  std::uint64_t dram_bytes(std::int64_t rows, std::int64_t k0, std::int64_t k1) const;
  std::int64_t block_starts(std::int64_t k0, std::int64_t k1) const;
};

class FoldPlan {
 public:
  // Throws std::invalid_argument when the layer cannot run on the array
  // (block size vs K or rows, a tile larger than its SRAM).
  FoldPlan(const ArchSpec& arch, const GemmLayer& layer);

  const std::vector<Fold>& folds() const { return folds_; }
  const ArchSpec& arch() const { return arch_; }
  const GemmLayer& layer() const { return layer_; }
  const OperandCost& a_cost() const { return a_cost_; }
  const OperandCost& b_cost() const { return b_cost_; }
  int out_bits() const { return out_bits_; }        // final output, in DRAM
  int acc_bits() const { return acc_bits_; }        // partial outputs, in the output SRAM
  bool block_format() const { return block_ > 0; }
  int block() const { return block_; }
  // Cycles after a fold's last partial sum: the edge unit's register (block formats and Kulisch, rtl timing).
  std::int64_t edge_latency() const { return edge_latency_; }
  bool online_quantizer() const { return arch_.online_quantizer(); }
  // A streamed tile larger than its SRAM buffer passes through it and is never
  // kept resident for the next fold (it is loaded again when needed).
  bool a_may_stay() const { return a_fits_; }
  bool b_may_stay() const { return b_fits_; }
  // The output tile does not fit the output SRAM: partial sums of a fold that is
  // not the last along K go to DRAM (acc_bits each) and come back before the
  // next K-fold of the same outputs (docs/timing.md "Spilling").
  bool spills_psums() const { return spill_; }
  std::uint64_t psum_bytes(const Fold& f) const;

  // Output tile of a fold: [m0, m0+rows) x [n0, n0+cols) of C.
  std::int64_t out_rows(const Fold& f) const;
  std::int64_t out_cols(const Fold& f) const;
  // Memory traffic, in the units the counters use.
  std::uint64_t a_load_bytes(const Fold& f) const;   // DRAM bytes
  std::uint64_t b_load_bytes(const Fold& f) const;
  std::uint64_t c_store_bytes(const Fold& f) const;
  // Cycles one tile transfer takes: the DRAM's (dram_timing.hpp), and when
  // `values` pass the online quantizer (R lanes, one value per lane per
  // cycle) the quantizer's excess over the DRAM stream plus its latency.
  std::uint64_t transfer_cycles(std::uint64_t bytes, std::uint64_t quantized_values) const;
  std::uint64_t quantizer_extra_cycles(std::uint64_t bytes, std::uint64_t quantized_values) const;
  // SRAM bits / words a DMA burst writes for a tile (words rounded once per burst).
  std::uint64_t a_tile_sram_bits(const TileKey& t) const { return a_cost_.sram_bits(t.r1 - t.r0, t.c0, t.c1); }
  std::uint64_t b_tile_sram_bits(const TileKey& t) const { return b_cost_.sram_bits(t.c1 - t.c0, t.r0, t.r1); }
  std::uint64_t a_quantized_values(const Fold& f) const;

 private:
  ArchSpec arch_;
  GemmLayer layer_;
  int block_ = 0;
  std::int64_t edge_latency_ = 0;
  OperandCost a_cost_, b_cost_;
  int out_bits_ = 32, acc_bits_ = 32;
  bool a_fits_ = true, b_fits_ = true, spill_ = false;
  std::vector<Fold> folds_;
};

// Words one SRAM access of `elems` elements of `bits` occupies.
inline std::uint64_t row_words(std::int64_t elems, int bits, int word_bits) {
  const auto total = static_cast<std::uint64_t>(elems) * static_cast<std::uint64_t>(bits);
  return (total + static_cast<std::uint64_t>(word_bits) - 1) / static_cast<std::uint64_t>(word_bits);
}

}  // namespace qmac::models
