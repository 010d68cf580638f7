// The PE arithmetic's product tables against golden's gemm(), one operand pair
// at a time, for every operand pair of every MAC kind whose operands are at
// most 8 bits (posit16: edge codes and seeded random pairs). A one-product GEMM
// (K = 1, or one block whose other elements are zero, scales 2^0) isolates the
// product: gemm() multiplies through Value arithmetic and never sees the PE
// tables, so a table entry that overflows or is mis-indexed shows here.
// Regression: E5M2 x E5M2 products up to (57344 * 2^16)^2 overflowed an int64
// table (the cycle model gave cee00000 for 49152 x 49152 in an MXFP8 block).
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "golden/formats/registry.hpp"
#include "golden/gemm/gemm.hpp"
#include "golden/mac/pe_arith.hpp"

namespace qmac::golden {
namespace {

struct Kind {
  const char* a;
  const char* b;
  AccumulatorKind acc;
};

const std::vector<Kind> kKinds = {
    {"int8", "int8", AccumulatorKind::Int},          {"int4", "int4", AccumulatorKind::Int},
    {"e4m3", "e4m3", AccumulatorKind::Fp32},         {"e5m2", "e5m2", AccumulatorKind::Fp32},
    {"e4m3", "e5m2", AccumulatorKind::Fp32},         {"e5m2", "e4m3", AccumulatorKind::Fp32},
    {"e4m3", "e4m3", AccumulatorKind::Kulisch},      {"e5m2", "e5m2", AccumulatorKind::Kulisch},
    {"e4m3", "e5m2", AccumulatorKind::Kulisch},      {"mxfp8_e4m3", "mxfp8_e4m3", AccumulatorKind::Fp32},
    {"mxfp8_e5m2", "mxfp8_e5m2", AccumulatorKind::Fp32}, {"mxfp6_e2m3", "mxfp6_e2m3", AccumulatorKind::Fp32},
    {"mxfp6_e3m2", "mxfp6_e3m2", AccumulatorKind::Fp32}, {"mxfp4", "mxfp4", AccumulatorKind::Fp32},
    {"mxint8", "mxint8", AccumulatorKind::Fp32},     {"dialectfp4", "dialectfp4", AccumulatorKind::Fp32},
    {"posit8", "posit8", AccumulatorKind::Quire},    {"posit16", "posit16", AccumulatorKind::Quire},
};

constexpr std::uint8_t kUnitScale = 127;  // E8M0 2^0

// The PE's answer for one product: a fresh partial sum, one mac, absorbed, the block closed.
template <class Arith>
std::uint64_t pe_product(const Arith& arith, std::uint32_t ta, std::uint32_t tb) {
  auto p = arith.zero();
  arith.mac(p, ta, tb);
  auto acc = arith.zero_acc();
  arith.absorb(acc, p);
  if constexpr (Arith::kBlock)
    if (arith.is_block()) arith.close_block(acc, kUnitScale, kUnitScale);
  return arith.result(acc);
}

// One operand of a one-product GEMM: the code at K index 0, zeros elsewhere.
GemmOperand one_product_operand(const Format& f, int K, bool a_side, std::uint32_t code, std::uint8_t dialect) {
  GemmOperand g;
  g.rows = a_side ? 1 : K;
  g.cols = a_side ? K : 1;
  if (f.bits > 8) g.wide.assign(static_cast<std::size_t>(K), 0);
  else g.codes.assign(static_cast<std::size_t>(K), 0);
  if (f.bits > 8) g.wide[0] = code;
  else g.codes[0] = static_cast<std::uint8_t>(code);
  if (f.is_block()) g.scales.assign(1, kUnitScale);
  if (f.is_block() && !f.has_scalar_element()) g.dialects.assign(1, dialect);
  return g;
}

class ProductTable : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ProductTable, EveryOperandPairEqualsGoldenGemm) {
  const Kind& k = kKinds[GetParam()];
  GemmSpec spec{k.a, k.b, k.acc, 32, 32, {}};
  const Format& fa = find_format(k.a);
  const Format& fb = find_format(k.b);
  const bool block = fa.is_block();
  const bool dialect = block && !fa.has_scalar_element();
  const int K = block ? spec.block : 1;
  const int bits_a = dialect ? 8 : (block ? find_format(fa.element).bits : fa.bits);
  const int bits_b = dialect ? 8 : (block ? find_format(fb.element).bits : fb.bits);

  // Operand pairs: every pair when both sides have <= 8 bits; else edges x edges + seeded random.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  if (bits_a <= 8 && bits_b <= 8) {
    for (std::uint32_t a = 0; a < (1u << bits_a); ++a)
      for (std::uint32_t b = 0; b < (1u << bits_b); ++b) pairs.emplace_back(a, b);
  } else {
    const std::vector<std::uint32_t> edges = {0x0000, 0x0001, 0x7fff, 0x8000, 0x8001, 0xffff, 0x4000, 0xc000, 0x3fff, 0x4001};
    for (auto a : edges)
      for (auto b : edges) pairs.emplace_back(a, b);
    std::mt19937_64 rng(20261201);
    for (int i = 0; i < 200000; ++i) pairs.emplace_back(rng() & 0xFFFF, rng() & 0xFFFF);
  }

  std::size_t bad = 0;
  const MacKind kind = resolve_mac_kind(spec);
  pe::visit_arith(kind, [&](const auto& arith) {
    for (auto [a, b] : pairs) {
      // DialectFP4 tokens carry dialect << 4 | code; golden takes the dialect per block.
      const std::uint32_t ca = dialect ? (a & 15) : a, cb = dialect ? (b & 15) : b;
      const auto da = static_cast<std::uint8_t>(a >> 4), db = static_cast<std::uint8_t>(b >> 4);
      const GemmResult g = gemm(spec, one_product_operand(fa, K, true, ca, da), one_product_operand(fb, K, false, cb, db));
      const int out_bits = kind.output_bits;
      const std::uint64_t mask = out_bits >= 64 ? ~0ull : (1ull << out_bits) - 1;
      const std::uint64_t want = g.c[0] & mask;
      const std::uint64_t got =
          pe_product(arith, pe::token(a, block ? kUnitScale : 0), pe::token(b, block ? kUnitScale : 0)) & mask;
      if (want != got && ++bad <= 5)
        ADD_FAILURE() << k.a << " x " << k.b << ": codes 0x" << std::hex << a << " x 0x" << b << " golden 0x" << want
                      << " PE 0x" << got;
    }
  });
  EXPECT_EQ(bad, 0u) << pairs.size() << " pairs";
}

INSTANTIATE_TEST_SUITE_P(EveryMacKind, ProductTable, ::testing::Range<std::size_t>(0, kKinds.size()),
                         [](const auto& info) {
                           const Kind& k = kKinds[info.param];
                           std::string n = std::string(k.a) + "_" + k.b + "_acc" + std::to_string(static_cast<int>(k.acc));
                           for (auto& ch : n)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

// The reported case, by value: 49152 x 49152 = 2415919104 = 0x4f100000 in FP32.
TEST(ProductTable, E5M2MaxRegionInMxfp8Block) {
  const GemmSpec spec{"mxfp8_e5m2", "mxfp8_e5m2", AccumulatorKind::Fp32, 32, 32, {}};
  const pe::ExactArith arith(resolve_mac_kind(spec));
  // E5M2 49152 = 1.5 * 2^15: exponent field 30, mantissa 10 -> 0x7a.
  EXPECT_EQ(pe_product(arith, pe::token(0x7a, kUnitScale), pe::token(0x7a, kUnitScale)), 0x4f100000u);
}

}  // namespace
}  // namespace qmac::golden
