#include "sim/run/random_operands.hpp"

#include <bit>
#include <random>
#include <vector>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/mac/pe_arith.hpp"

namespace qmac::sim {
namespace {

using golden::pe::token;

// A (rows x K, blocks along a row) or B (K x cols, blocks down a column).
std::vector<std::uint32_t> side(const models::ArchSpec& arch, std::int64_t rows, std::int64_t K, std::int64_t cols,
                                bool a_side, std::mt19937_64& rng) {
  const std::int64_t outer = a_side ? rows : cols;  // M for A, N for B
  std::vector<std::uint32_t> t(static_cast<std::size_t>(a_side ? rows * K : K * cols));
  auto at = [&](std::int64_t o, std::int64_t k) -> std::uint32_t& {
    return t[static_cast<std::size_t>(a_side ? o * K + k : k * cols + o)];
  };
  std::normal_distribution<double> gauss(0.0, 1.0);
  if (a_side && arch.online_quantizer()) {
    const golden::Format& act = arch.activation_format();
    for (std::int64_t o = 0; o < outer; ++o)
      for (std::int64_t k = 0; k < K; ++k)
        at(o, k) = static_cast<std::uint32_t>(act.encode(golden::from_fp32_bits(std::bit_cast<std::uint32_t>(static_cast<float>(gauss(rng)))),
                                                        golden::Rounding::NearestEven, golden::Overflow::Saturate, nullptr));
    return t;
  }
  if (arch.mac.is_dialect()) {
    const golden::BlockDialectQuantizer q(arch.mac.block, golden::DialectSelect::TwoStage);
    std::vector<std::uint32_t> in(static_cast<std::size_t>(arch.mac.block));
    std::vector<std::uint8_t> codes(in.size());
    for (std::int64_t o = 0; o < outer; ++o)
      for (std::int64_t k0 = 0; k0 < K; k0 += arch.mac.block) {
        for (auto& x : in) x = std::bit_cast<std::uint32_t>(static_cast<float>(gauss(rng) * 0.05));
        const golden::DialectBlockMeta m = q.quantize(in, codes);
        for (int i = 0; i < arch.mac.block; ++i)
          at(o, k0 + i) = golden::pe::dialect_token(m.dialect, codes[static_cast<std::size_t>(i)], m.scale);
      }
    return t;
  }
  const int bits = a_side ? arch.mac.a_bits : arch.mac.b_bits;
  std::uniform_int_distribution<std::uint32_t> code(0, (1u << bits) - 1), scale(123, 131);
  const int block = arch.mac.block;
  for (std::int64_t o = 0; o < outer; ++o) {
    std::uint32_t s = 0;
    for (std::int64_t k = 0; k < K; ++k) {
      if (block > 0 && k % block == 0) s = scale(rng);
      at(o, k) = token(code(rng), s);
    }
  }
  return t;
}

}  // namespace

models::LayerOperands random_operands(const models::ArchSpec& arch, const models::GemmLayer& layer, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  models::LayerOperands o;
  o.a = side(arch, layer.m, layer.k, layer.n, true, rng);
  o.b = side(arch, layer.m, layer.k, layer.n, false, rng);
  return o;
}

}  // namespace qmac::sim
