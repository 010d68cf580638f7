// qmac verify's suite: the distributions put in what they name (counted on the
// tokens, with the formats' codes worked out here), case names are unique and
// a case's seed depends only on the suite seed and its name.
#include <cmath>
#include <cstdint>
#include <set>

#include <gtest/gtest.h>

#include "sim/run/random_operands.hpp"
#include "sim/verify/verify_suite.hpp"

namespace qmac {
namespace {

models::ArchSpec arch(const char* f, golden::AccumulatorKind acc) {
  models::ArchSpec a;
  a.rows = a.cols = 4;
  a.mac = golden::resolve_mac_kind({f, f, acc, 32, 32, {}});
  return a;
}

int count(const std::vector<std::uint32_t>& t, std::uint32_t mask, std::uint32_t value) {
  int n = 0;
  for (auto x : t) n += (x & mask) == value;
  return n;
}

TEST(VerifySuite, DistributionsInjectWhatTheyName) {
  const models::GemmLayer L{"t", 64, 64, 64, 1, 0};
  {
    const auto a = arch("posit8", golden::AccumulatorKind::Quire);
    auto ops = sim::random_operands(a, L, 3);
    verify::apply_distribution(a, L, verify::Distribution::Specials, 3, ops.a, ops.b);
    EXPECT_GT(count(ops.a, 0xFF, 0x80) + count(ops.b, 0xFF, 0x80), 20) << "posit8 NaR is 0x80";
  }
  {
    const auto a = arch("e4m3", golden::AccumulatorKind::Fp32);
    auto ops = sim::random_operands(a, L, 4);
    verify::apply_distribution(a, L, verify::Distribution::Specials, 4, ops.a, ops.b);
    EXPECT_GT(count(ops.a, 0x7F, 0x7F) + count(ops.b, 0x7F, 0x7F), 40) << "E4M3 NaN is S.1111.111";
    verify::apply_distribution(a, L, verify::Distribution::Zeros, 4, ops.a, ops.b);
    EXPECT_EQ(count(ops.a, 0xFF, 0), 64 * 64);
    verify::apply_distribution(a, L, verify::Distribution::Extremes, 4, ops.a, ops.b);
    // E4M3 +-448 is 0x7e/0xfe, +-2^-9 is 0x01/0x81.
    EXPECT_EQ(count(ops.a, 0x7F, 0x7E) + count(ops.a, 0x7F, 0x01), 64 * 64);
  }
  {
    const auto a = arch("mxfp4", golden::AccumulatorKind::Fp32);
    auto ops = sim::random_operands(a, L, 5);
    verify::apply_distribution(a, L, verify::Distribution::Specials, 5, ops.a, ops.b);
    const int nan_a = count(ops.a, 0xFF0000, 0xFF0000);
    EXPECT_GT(nan_a, 0);
    EXPECT_EQ(nan_a % 32, 0) << "a NaN scale covers its whole block";
  }
}

// Outliers: INT8 activations are small Gaussian integers (sigma 127/32 ~ 2^1)
// except every 16th channel, 32x larger (saturating at +-127); weights have none.
TEST(VerifySuite, OutliersAreLargeChannelsOfTheActivations) {
  const models::GemmLayer L{"t", 64, 64, 64, 1, 0};
  const auto a = arch("int8", golden::AccumulatorKind::Int);
  auto ops = sim::random_operands(a, L, 6);
  verify::apply_distribution(a, L, verify::Distribution::Outliers, 6, ops.a, ops.b);
  double in = 0, out = 0, w = 0;
  for (std::size_t i = 0; i < ops.a.size(); ++i) {
    const double v = std::abs(static_cast<int>(static_cast<std::int8_t>(ops.a[i] & 0xFF)));
    ((i % 64) % 16 == 3 ? out : in) += v;
  }
  for (auto t : ops.b) w += std::abs(static_cast<int>(static_cast<std::int8_t>(t & 0xFF)));
  const double mean_in = in / (64.0 * 60), mean_out = out / (64.0 * 4), mean_w = w / (64.0 * 64);
  EXPECT_GT(mean_in, 0.5);
  EXPECT_LT(mean_in, 4.0);
  EXPECT_GT(mean_out, 10 * mean_in);
  EXPECT_LT(mean_w, 4.0);
}

TEST(VerifySuite, NamesUniqueSeedsFromNameAndSuiteSeed) {
  const auto s1 = verify::build_suite("quick", 1), s1b = verify::build_suite("quick", 1), s2 = verify::build_suite("quick", 2);
  std::set<std::string> names;
  for (const auto& c : s1) EXPECT_TRUE(names.insert(c.name).second) << c.name;
  ASSERT_EQ(s1.size(), s1b.size());
  for (std::size_t i = 0; i < s1.size(); ++i) EXPECT_EQ(s1[i].seed, s1b[i].seed);
  EXPECT_NE(s1[0].seed, s2[0].seed);
  EXPECT_THROW(verify::build_suite("medium", 1), std::invalid_argument);
}

}  // namespace
}  // namespace qmac
