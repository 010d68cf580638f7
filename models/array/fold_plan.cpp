#include "models/array/fold_plan.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "golden/formats/registry.hpp"
#include "models/limits.hpp"
#include "models/memory/dram_timing.hpp"
#include "models/timing/unit_timing.hpp"

namespace qmac::models {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

std::string kib(std::uint64_t bits) { return std::to_string((bits + 8191) / 8192) + " KiB"; }

}  // namespace

std::int64_t OperandCost::block_starts(std::int64_t k0, std::int64_t k1) const {
  return block > 0 ? ceil_div(k1, block) - ceil_div(k0, block) : 0;
}

std::uint64_t OperandCost::sram_bits(std::int64_t rows, std::int64_t k0, std::int64_t k1) const {
  return static_cast<std::uint64_t>(rows * (k1 - k0)) * static_cast<std::uint64_t>(elem_bits) +
         static_cast<std::uint64_t>(rows * block_starts(k0, k1)) * static_cast<std::uint64_t>(block_meta_bits);
}

std::uint64_t OperandCost::dram_bytes(std::int64_t rows, std::int64_t k0, std::int64_t k1) const {
  const std::uint64_t bits = static_cast<std::uint64_t>(rows * (k1 - k0)) * static_cast<std::uint64_t>(dram_elem_bits) +
                             static_cast<std::uint64_t>(rows * block_starts(k0, k1)) * static_cast<std::uint64_t>(dram_block_meta_bits);
  return (bits + 7) / 8;
}

FoldPlan::FoldPlan(const ArchSpec& arch, const GemmLayer& layer) : arch_(arch), layer_(layer) {
  const std::string where = "layer '" + layer.name + "'";
  const std::int64_t R = arch.rows, C = arch.cols, M = layer.m, K = layer.k, N = layer.n;
  if (M < 1 || K < 1 || N < 1) throw std::invalid_argument(where + ": M, K and N must be >= 1");
  if (M > kMaxGemmDim || K > kMaxGemmDim || N > kMaxGemmDim)
    throw std::invalid_argument(where + ": M, K and N must be at most 2^24");
  {
    // The fold count, before any fold is built.
    const std::uint64_t folds =
        arch.dataflow == Dataflow::OS
            ? static_cast<std::uint64_t>(ceil_div(M, R)) * static_cast<std::uint64_t>(ceil_div(N, C))
            : static_cast<std::uint64_t>(ceil_div(K, R)) * static_cast<std::uint64_t>(ceil_div(arch.dataflow == Dataflow::WS ? N : M, C));
    if (folds > kMaxFoldsPerLayer)
      throw std::invalid_argument(where + ": " + std::to_string(folds) + " folds on a " + std::to_string(R) + "x" +
                                  std::to_string(C) + " array; qmac simulates at most " + std::to_string(kMaxFoldsPerLayer) +
                                  " folds per layer (a larger array, or split the layer)");
  }
  const golden::MacKind& mac = arch.mac;
  if (mac.is_block()) {
    block_ = mac.block;
    if (K % block_ != 0)
      throw std::invalid_argument(where + ": K = " + std::to_string(K) + " is not a multiple of the block size " +
                                  std::to_string(block_) + " of " + mac.a->name);
    if (arch.dataflow != Dataflow::OS && block_ % R != 0)
      throw std::invalid_argument(where + ": with " + std::string(dataflow_name(arch.dataflow)) +
                                  " the array's " + std::to_string(R) + " rows span K, and must divide the block size " +
                                  std::to_string(block_) + " (each K-fold lies in one block)");
  }
  // Operand storage. DialectFP4 blocks carry an E8M0 scale and a 4-bit dialect id.
  const int meta = mac.metadata_bits;
  a_cost_ = {mac.a_bits, mac.a_bits, block_, meta, meta};
  b_cost_ = {mac.b_bits, mac.b_bits, block_, meta, meta};
  if (online_quantizer()) {
    a_cost_.dram_elem_bits = arch.activation_format().bits;
    a_cost_.dram_block_meta_bits = 0;
  }
  out_bits_ = mac.output_bits;
  acc_bits_ = mac.acc_bits;

  const UnitTiming timing = unit_timing(arch.mac);
  edge_latency_ = arch.timing == TimingMode::Rtl ? timing.scale_latency : 0;  // 0 for kinds without an edge unit
  auto a_cols = [&](std::int64_t k0, std::int64_t kt) -> std::pair<std::int64_t, std::int64_t> {
    // The online quantizer needs whole blocks: A tiles span whole blocks.
    if (online_quantizer()) return {k0 / block_ * block_, std::min(K, ceil_div(k0 + kt, block_) * block_)};
    return {k0, k0 + kt};
  };
  const std::int64_t kf = ceil_div(K, R);
  switch (arch.dataflow) {
    case Dataflow::WS:
      for (std::int64_t fc = 0; fc < ceil_div(N, C); ++fc)
        for (std::int64_t fr = 0; fr < kf; ++fr) {
          Fold f;
          f.m0 = 0; f.mt = M; f.k0 = fr * R; f.kt = std::min(R, K - f.k0); f.n0 = fc * C; f.nt = std::min(C, N - f.n0);
          f.t = M; f.first_k = fr == 0; f.last_k = fr == kf - 1;
          f.cycles = static_cast<std::uint64_t>(2 * R + C + f.t - 2 + edge_latency_);
          const auto [c0, c1] = a_cols(f.k0, f.kt);
          f.a_tile = {0, M, c0, c1};
          f.b_tile = {f.k0, f.k0 + f.kt, f.n0, f.n0 + f.nt};
          folds_.push_back(f);
        }
      break;
    case Dataflow::IS:
      for (std::int64_t fc = 0; fc < ceil_div(M, C); ++fc)
        for (std::int64_t fr = 0; fr < kf; ++fr) {
          Fold f;
          f.m0 = fc * C; f.mt = std::min(C, M - f.m0); f.k0 = fr * R; f.kt = std::min(R, K - f.k0); f.n0 = 0; f.nt = N;
          f.t = N; f.first_k = fr == 0; f.last_k = fr == kf - 1;
          f.cycles = static_cast<std::uint64_t>(2 * R + C + f.t - 2 + edge_latency_);
          const auto [c0, c1] = a_cols(f.k0, f.kt);
          f.a_tile = {f.m0, f.m0 + f.mt, c0, c1};
          f.b_tile = {f.k0, f.k0 + f.kt, 0, N};
          folds_.push_back(f);
        }
      break;
    case Dataflow::OS:
      for (std::int64_t fc = 0; fc < ceil_div(N, C); ++fc)
        for (std::int64_t fr = 0; fr < ceil_div(M, R); ++fr) {
          Fold f;
          f.m0 = fr * R; f.mt = std::min(R, M - f.m0); f.k0 = 0; f.kt = K; f.n0 = fc * C; f.nt = std::min(C, N - f.n0);
          f.t = K;
          f.cycles = static_cast<std::uint64_t>(R + C + f.t - 2 + edge_latency_);
          f.a_tile = {f.m0, f.m0 + f.mt, 0, K};
          f.b_tile = {0, K, f.n0, f.n0 + f.nt};
          folds_.push_back(f);
        }
      break;
  }

  // The stationary tile must fit its SRAM buffer (half the SRAM when
  // double-buffered). A streamed tile that does not fit streams through its
  // buffer (never resident), and an output tile that does not fit spills its
  // partial sums; both need one streamed step (one row) to fit.
  std::uint64_t a_max = 0, b_max = 0, c_max = 0;
  for (const Fold& f : folds_) {
    a_max = std::max(a_max, a_tile_sram_bits(f.a_tile));
    b_max = std::max(b_max, b_tile_sram_bits(f.b_tile));
    c_max = std::max(c_max, static_cast<std::uint64_t>(out_rows(f) * out_cols(f)) * static_cast<std::uint64_t>(acc_bits_));
  }
  auto cap = [](const SramSpec& s) { return s.bytes * 8 / (s.double_buffered ? 2 : 1); };
  auto refuse = [&](const char* what, const char* part, const SramSpec& s, std::uint64_t bits) {
    throw std::invalid_argument(where + ": " + part + " needs " + kib(bits) + " (" + std::to_string(bits) + " bits) but the " +
                                what + " SRAM holds " + kib(cap(s)) + (s.double_buffered ? " per buffer (double-buffered)" : "") +
                                "; no tiling of this layer fits it");
  };
  const auto T = static_cast<std::uint64_t>(folds_.front().t);
  const bool ws = arch.dataflow == Dataflow::WS, is = arch.dataflow == Dataflow::IS, os = arch.dataflow == Dataflow::OS;
  a_fits_ = a_max <= cap(arch.input_sram);
  b_fits_ = b_max <= cap(arch.weight_sram);
  const bool c_fits = c_max <= cap(arch.output_sram);
  if (is && !a_fits_) refuse("input", "the stationary A tile", arch.input_sram, a_max);
  if (ws && !b_fits_) refuse("weight", "the stationary B tile", arch.weight_sram, b_max);
  if (os && !c_fits) refuse("output", "the stationary output tile", arch.output_sram, c_max);
  // Streamed operands: one step of the stream (OS: one k of each operand tile).
  auto per = [](std::uint64_t bits, std::uint64_t steps) { return (bits + steps - 1) / steps; };
  const std::uint64_t a_step = per(a_max, ws ? T : os ? static_cast<std::uint64_t>(K) : 1);
  const std::uint64_t b_step = per(b_max, is ? T : os ? static_cast<std::uint64_t>(K) : 1);
  if (!a_fits_ && a_step > cap(arch.input_sram)) refuse("input", "one streamed row of A", arch.input_sram, a_step);
  if (!b_fits_ && b_step > cap(arch.weight_sram)) refuse("weight", "one streamed row of B", arch.weight_sram, b_step);
  if (!c_fits) {
    const std::uint64_t c_step = per(c_max, T);
    if (c_step > cap(arch.output_sram)) refuse("output", "one row of partial sums", arch.output_sram, c_step);
    spill_ = true;
  }
}

std::uint64_t FoldPlan::psum_bytes(const Fold& f) const {
  return (static_cast<std::uint64_t>(out_rows(f) * out_cols(f)) * static_cast<std::uint64_t>(acc_bits_) + 7) / 8;
}

std::int64_t FoldPlan::out_rows(const Fold& f) const { return f.mt; }
std::int64_t FoldPlan::out_cols(const Fold& f) const { return f.nt; }

std::uint64_t FoldPlan::a_load_bytes(const Fold& f) const {
  return a_cost_.dram_bytes(f.a_tile.r1 - f.a_tile.r0, f.a_tile.c0, f.a_tile.c1);
}
std::uint64_t FoldPlan::b_load_bytes(const Fold& f) const {
  return b_cost_.dram_bytes(f.b_tile.c1 - f.b_tile.c0, f.b_tile.r0, f.b_tile.r1);
}
std::uint64_t FoldPlan::c_store_bytes(const Fold& f) const {
  if (!f.last_k) return 0;
  return (static_cast<std::uint64_t>(out_rows(f) * out_cols(f)) * static_cast<std::uint64_t>(out_bits_) + 7) / 8;
}

std::uint64_t FoldPlan::a_quantized_values(const Fold& f) const {
  if (!online_quantizer()) return 0;
  return static_cast<std::uint64_t>((f.a_tile.r1 - f.a_tile.r0) * (f.a_tile.c1 - f.a_tile.c0));
}

std::uint64_t FoldPlan::quantizer_extra_cycles(std::uint64_t bytes, std::uint64_t quantized_values) const {
  if (arch_.timing == TimingMode::Ideal || quantized_values == 0) return 0;
  const std::uint64_t stream = dram_transfer_cycles(arch_.dram, arch_.timing, bytes) -
                               static_cast<std::uint64_t>(arch_.dram.latency_cycles);
  const auto lanes = static_cast<std::uint64_t>(arch_.rows);
  const std::uint64_t quant = (quantized_values + lanes - 1) / lanes;
  return (quant > stream ? quant - stream : 0) + static_cast<std::uint64_t>(unit_timing(arch_.mac).quantizer_latency);
}

std::uint64_t FoldPlan::transfer_cycles(std::uint64_t bytes, std::uint64_t quantized_values) const {
  return dram_transfer_cycles(arch_.dram, arch_.timing, bytes) + quantizer_extra_cycles(bytes, quantized_values);
}

}  // namespace qmac::models
