// MacKind's derived widths against the formats' definitions (formats.md §1.1
// integer form: a value is k * 2^lsb), worked out by hand here.
#include <gtest/gtest.h>

#include <stdexcept>

#include "golden/mac/mac_kind.hpp"

namespace qmac::golden {
namespace {

MacKind kind(const char* a, const char* b, AccumulatorKind acc, int block = 32) {
  return resolve_mac_kind({a, b, acc, block, 32, {}});
}

TEST(MacKind, WidthsFollowTheFormats) {
  // INT8: k in [-128, 127] -> |k| < 2^8; product < 2^16; LSB 2^0.
  const MacKind i8 = kind("int8", "int8", AccumulatorKind::Int);
  EXPECT_EQ(i8.family, MacFamily::Integer);
  EXPECT_EQ(i8.a_bits, 8);
  EXPECT_EQ(i8.product_int_bits, 16);
  EXPECT_EQ(i8.product_lsb_exp, 0);
  EXPECT_EQ(i8.acc_bits, 32);
  EXPECT_EQ(i8.block, 0);
  // E4M3: LSB 2^-9, max 448 = 229376 * 2^-9, 229376 < 2^18.
  const MacKind e4 = kind("e4m3", "e4m3", AccumulatorKind::Fp32);
  EXPECT_EQ(e4.family, MacFamily::FloatFp32);
  EXPECT_EQ(e4.product_lsb_exp, -18);
  EXPECT_EQ(e4.product_int_bits, 36);
  EXPECT_EQ(e4.output_bits, 32);
  // E5M2: LSB 2^-16, max 57344 = 57344 * 2^16 * 2^-16 < 2^32: products need 64 bits.
  const MacKind e5 = kind("e5m2", "e5m2", AccumulatorKind::Kulisch);
  EXPECT_EQ(e5.family, MacFamily::Kulisch);
  EXPECT_EQ(e5.product_lsb_exp, -32);
  EXPECT_EQ(e5.product_int_bits, 64);
  const MacKind mixed = kind("e4m3", "e5m2", AccumulatorKind::Fp32);
  EXPECT_EQ(mixed.product_lsb_exp, -25);
  EXPECT_EQ(mixed.name(), "e4m3 x e5m2");
  // MXFP4: E2M1 elements, LSB 2^-1, max 6 = 12 * 2^-1 < 2^4; a block of 32 sums
  // 32 products < 2^8 each: < 2^13, plus a sign bit.
  const MacKind mx = kind("mxfp4", "mxfp4", AccumulatorKind::Fp32);
  EXPECT_EQ(mx.family, MacFamily::MxBlock);
  EXPECT_EQ(mx.a_bits, 4);
  EXPECT_EQ(mx.metadata_bits, 8);
  EXPECT_EQ(mx.product_lsb_exp, -2);
  EXPECT_EQ(mx.product_int_bits, 8);
  EXPECT_EQ(mx.block_sum_bits, 14);
  EXPECT_EQ(mx.a_elem->name, "e2m1");
  // DialectFP4: 4-bit codes, E8M0 scale + 4-bit dialect id per block, half-units |hu| <= 15.
  const MacKind d = kind("dialectfp4", "dialectfp4", AccumulatorKind::Fp32);
  EXPECT_TRUE(d.is_dialect());
  EXPECT_EQ(d.a_bits, 4);
  EXPECT_EQ(d.metadata_bits, 12);
  EXPECT_EQ(d.product_lsb_exp, -2);
  EXPECT_EQ(d.a_elem, nullptr);
  // posit16: the quire is 16n = 256 bits; the output is the posit.
  const MacKind p = kind("posit16", "posit16", AccumulatorKind::Quire);
  EXPECT_EQ(p.family, MacFamily::Quire);
  EXPECT_EQ(p.acc_bits, 256);
  EXPECT_EQ(p.output_bits, 16);
}

TEST(MacKind, RefusesWhatTheArrayCannotBuild) {
  EXPECT_THROW(kind("mxfp4", "mxfp4", AccumulatorKind::Fp32, 3), std::invalid_argument);
  EXPECT_THROW(kind("mxfp4", "mxfp4", AccumulatorKind::Fp32, 512), std::invalid_argument);
  EXPECT_THROW(kind("fp16", "fp16", AccumulatorKind::Fp32), std::invalid_argument);     // 16-bit codes
  EXPECT_THROW(kind("posit32", "posit32", AccumulatorKind::Quire), std::invalid_argument);
  EXPECT_THROW(kind("int8", "e4m3", AccumulatorKind::Int), std::invalid_argument);
  EXPECT_THROW(kind("mxfp4", "e2m1", AccumulatorKind::Fp32), std::invalid_argument);
  EXPECT_THROW(kind("posit8", "posit8", AccumulatorKind::Fp32), std::invalid_argument);
}

}  // namespace
}  // namespace qmac::golden
