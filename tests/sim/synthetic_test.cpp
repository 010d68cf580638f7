// Synthetic tensors: same seed, same bits; each generator has the property it
// is named for (statistics, so tolerances are statistical, not bit-level).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "sim/tensors/synthetic.hpp"

namespace qmac::test {
namespace {

std::vector<double> values(const tensors::Tensor& t) {
  std::vector<double> v;
  for (auto b : t.fp32) v.push_back(std::bit_cast<float>(b));
  return v;
}

double kurtosis(const std::vector<double>& v) {
  double m = 0, m2 = 0, m4 = 0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  for (double x : v) {
    m2 += (x - m) * (x - m);
    m4 += std::pow(x - m, 4);
  }
  m2 /= static_cast<double>(v.size());
  m4 /= static_cast<double>(v.size());
  return m4 / (m2 * m2);
}

TEST(Synthetic, SameSeedSameBitsOtherSeedOtherBits) {
  for (const auto& k : tensors::synthetic_kinds()) {
    const auto a = tensors::generate(tensors::parse_synthetic(k + ":16x64", 7));
    const auto b = tensors::generate(tensors::parse_synthetic(k + ":16x64", 7));
    const auto c = tensors::generate(tensors::parse_synthetic(k + ":16x64:seed=8", 7));
    EXPECT_EQ(a.fp32, b.fp32) << k;
    EXPECT_NE(a.fp32, c.fp32) << k;
    EXPECT_EQ(a.shape, (std::vector<std::int64_t>{16, 64}));
  }
}

TEST(Synthetic, DistributionsHaveTheirShape) {
  const auto g = values(tensors::generate(tensors::parse_synthetic("gaussian:256x256:sigma=0.02", 1)));
  double s2 = 0;
  for (double x : g) s2 += x * x;
  EXPECT_NEAR(std::sqrt(s2 / static_cast<double>(g.size())), 0.02, 0.001);
  EXPECT_NEAR(kurtosis(g), 3.0, 0.2);
  const auto l = values(tensors::generate(tensors::parse_synthetic("laplace:256x256", 1)));
  EXPECT_NEAR(kurtosis(l), 6.0, 0.8);
  const auto t = values(tensors::generate(tensors::parse_synthetic("student:256x256:dof=3", 1)));
  EXPECT_GT(kurtosis(t), 8.0) << "heavy tails";
}

TEST(Synthetic, OutlierChannelsAre20To100TimesLarger) {
  const auto ts = tensors::generate(tensors::parse_synthetic("outliers:512x256:fraction=0.02", 3));
  const auto v = values(ts);
  std::vector<double> rms(256, 0);
  for (std::size_t i = 0; i < v.size(); ++i) rms[i % 256] += v[i] * v[i] / 512.0;
  int outliers = 0;
  for (double r : rms) {
    const double s = std::sqrt(r);
    if (s > 10) {
      ++outliers;
      EXPECT_GT(s, 15.0);
      EXPECT_LT(s, 120.0);
    } else {
      EXPECT_LT(s, 1.3);
    }
  }
  EXPECT_GE(outliers, 3);
  EXPECT_LE(outliers, 5);
}

TEST(Synthetic, SoftmaxRowsAreNonNegativeAndSumToOne) {
  const auto ts = tensors::generate(tensors::parse_synthetic("softmax:32x128", 4));
  const auto v = values(ts);
  for (int r = 0; r < 32; ++r) {
    double s = 0;
    for (int c = 0; c < 128; ++c) {
      EXPECT_GE(v[static_cast<std::size_t>(r * 128 + c)], 0.0);
      s += v[static_cast<std::size_t>(r * 128 + c)];
    }
    EXPECT_NEAR(s, 1.0, 1e-5);
  }
}

TEST(Synthetic, BadSpecsSayWhatWasExpected) {
  auto msg = [](const std::string& s) {
    try {
      tensors::parse_synthetic(s, 1);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(msg("cauchy:4x4").find("unknown generator 'cauchy'"), std::string::npos);
  EXPECT_NE(msg("gaussian").find("expected KIND:ROWSxCOLS"), std::string::npos);
  EXPECT_NE(msg("gaussian:4by4").find("expected a shape ROWSxCOLS"), std::string::npos);
  EXPECT_NE(msg("gaussian:4x4:sigma=abc").find("needs a number"), std::string::npos);
  EXPECT_NE(msg("gaussian:4x4:colour=1").find("unknown key 'colour'"), std::string::npos);
  EXPECT_NE(msg("gaussian:0x4").find("must be positive"), std::string::npos);
}

}  // namespace
}  // namespace qmac::test
