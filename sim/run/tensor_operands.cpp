#include "sim/run/tensor_operands.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/block/int_group_quantizer.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/mac/pe_arith.hpp"

namespace qmac::sim {
namespace {

using golden::pe::token;

// One side: `outer` vectors of K values (A: rows, B: columns), value(o, k) in FP32 bits.
template <class At, class Value>
void quantize_side(const models::ArchSpec& arch, const golden::Format& f, bool a_side, std::int64_t outer, std::int64_t K, At at,
                   Value value) {
  if (a_side && arch.online_quantizer()) {
    const golden::Format& act = arch.activation_format();
    for (std::int64_t o = 0; o < outer; ++o)
      for (std::int64_t k = 0; k < K; ++k)
        at(o, k) = static_cast<std::uint32_t>(
            act.encode(golden::from_fp32_bits(value(o, k)), golden::Rounding::NearestEven, golden::Overflow::Saturate, nullptr));
    return;
  }
  const int block = arch.mac.block;
  std::vector<std::uint32_t> in(static_cast<std::size_t>(std::max(block, 1)));
  std::vector<std::uint8_t> codes(in.size());
  if (arch.mac.is_dialect()) {
    const golden::BlockDialectQuantizer q(block, golden::DialectSelect::TwoStage);
    for (std::int64_t o = 0; o < outer; ++o)
      for (std::int64_t k0 = 0; k0 < K; k0 += block) {
        for (int i = 0; i < block; ++i) in[static_cast<std::size_t>(i)] = value(o, k0 + i);
        const golden::DialectBlockMeta m = q.quantize(in, codes);
        for (int i = 0; i < block; ++i) at(o, k0 + i) = golden::pe::dialect_token(m.dialect, codes[static_cast<std::size_t>(i)], m.scale);
      }
    return;
  }
  if (f.is_block()) {
    const golden::MxBlockQuantizer q(f, {block, golden::Rounding::NearestEven, golden::ScaleRule::OcpFloor});
    for (std::int64_t o = 0; o < outer; ++o)
      for (std::int64_t k0 = 0; k0 < K; k0 += block) {
        for (int i = 0; i < block; ++i) in[static_cast<std::size_t>(i)] = value(o, k0 + i);
        const std::uint8_t scale = q.quantize(in, codes);
        for (int i = 0; i < block; ++i) at(o, k0 + i) = token(codes[static_cast<std::size_t>(i)], scale);
      }
    return;
  }
  if (f.kind == golden::FormatKind::Integer) {
    // golden's symmetric integer quantizer, one scale per row of A / column of B (per channel).
    const golden::IntGroupQuantizer q(f.bits, static_cast<int>(K));
    std::vector<std::uint32_t> row(static_cast<std::size_t>(K));
    std::vector<std::uint8_t> icodes(row.size());
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::int64_t k = 0; k < K; ++k) row[static_cast<std::size_t>(k)] = value(o, k);
      (void)q.quantize(row, icodes);
      for (std::int64_t k = 0; k < K; ++k) at(o, k) = static_cast<std::uint32_t>(icodes[static_cast<std::size_t>(k)] & f.code_mask());
    }
    return;
  }
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t k = 0; k < K; ++k)
      at(o, k) = static_cast<std::uint32_t>(
          f.encode(golden::from_fp32_bits(value(o, k)), golden::Rounding::NearestEven, golden::Overflow::Saturate, nullptr));
}

}  // namespace

models::LayerOperands operands_from_values(const models::ArchSpec& arch, const models::GemmLayer& L, std::int64_t k,
                                           const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  models::LayerOperands ops;
  ops.a.assign(static_cast<std::size_t>(L.m * L.k), 0);
  ops.b.assign(static_cast<std::size_t>(L.k * L.n), 0);
  quantize_side(
      arch, *arch.mac.a, true, L.m, L.k, [&](std::int64_t m, std::int64_t j) -> std::uint32_t& { return ops.a[static_cast<std::size_t>(m * L.k + j)]; },
      [&](std::int64_t m, std::int64_t j) { return j < k ? a[static_cast<std::size_t>(m * k + j)] : 0u; });
  quantize_side(
      arch, *arch.mac.b, false, L.n, L.k, [&](std::int64_t n, std::int64_t j) -> std::uint32_t& { return ops.b[static_cast<std::size_t>(j * L.n + n)]; },
      [&](std::int64_t n, std::int64_t j) { return j < k ? b[static_cast<std::size_t>(j * L.n + n)] : 0u; });
  return ops;
}

}  // namespace qmac::sim
