// golden's scaled-integer GEMM (formats.md §6.5 in general form) against a
// reference built from exact rationals: one FP32 rounding per block, or one
// rounding to the posit format for the quire.
#include <gtest/gtest.h>

#include <optional>
#include <random>

#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/gemm/scaled_int_gemm.hpp"
#include "tests/golden/fp32_reference.hpp"
#include "tests/golden/posit_reference.hpp"

namespace qmac::test {
namespace {

golden::ScaledIntMatrix random_grid(int rows, int cols, int block, bool fp32_units, std::mt19937_64& rng) {
  golden::ScaledIntMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.block = block;
  for (int i = 0; i < rows * cols; ++i) m.k.push_back(static_cast<std::int64_t>(rng() % 4001) - 2000);
  for (int i = 0; i < rows * cols / block; ++i) {
    if (fp32_units) m.unit.push_back(golden::from_fp32_bits(0x3C000000u + static_cast<std::uint32_t>(rng() % 0x01000000u)));
    else m.unit.push_back(golden::Value::finite(false, 1, static_cast<int>(rng() % 40) - 30));
  }
  return m;
}

// A grid of one-element blocks, element i from next(): {k, unit}.
template <class Next>
golden::ScaledIntMatrix element_grid(int rows, int cols, Next next) {
  golden::ScaledIntMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.block = 1;
  for (int i = 0; i < rows * cols; ++i) {
    const auto [k, unit] = next();
    m.k.push_back(k);
    m.unit.push_back(unit);
  }
  return m;
}

TEST(ScaledIntGemm, OneRoundingPerBlock) {
  std::mt19937_64 rng(8);
  for (int block : {1, 8, 32, 96}) {
    for (bool fp32_units : {false, true}) {
      const auto a = random_grid(3, 96, block, fp32_units, rng), b = random_grid(4, 96, block, fp32_units, rng);
      std::vector<std::uint32_t> c;
      golden::scaled_int_gemm_nt(a, b, c, 0, a.rows);
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) {
          std::uint32_t acc = 0;
          for (int k0 = 0; k0 < 96; k0 += block) {
            Rational s = 0;
            for (int t = k0; t < k0 + block; ++t) s += Rational(a.k[static_cast<std::size_t>(i * 96 + t)]) * Rational(b.k[static_cast<std::size_t>(j * 96 + t)]);
            s *= to_rational(a.unit_of(i, k0)) * to_rational(b.unit_of(j, k0));
            acc = ref_round_fp32(to_rational(golden::from_fp32_bits(acc)) + s);
          }
          ASSERT_EQ(c[static_cast<std::size_t>(i * 4 + j)], acc) << "block " << block << " C[" << i << "][" << j << "]";
        }
    }
  }
}

TEST(ScaledIntGemm, RoundOnceToAPosit) {
  std::mt19937_64 rng(9);
  const auto& p16 = golden::find_format("posit16");
  const auto a = random_grid(2, 64, 1, false, rng), b = random_grid(3, 64, 1, false, rng);
  std::vector<std::uint32_t> c;
  golden::scaled_int_gemm_nt(a, b, c, 0, a.rows, &p16);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      Rational s = 0;
      for (int t = 0; t < 64; ++t)
        s += Rational(a.k[static_cast<std::size_t>(i * 64 + t)]) * to_rational(a.unit_of(i, t)) * Rational(b.k[static_cast<std::size_t>(j * 64 + t)]) * to_rational(b.unit_of(j, t));
      const std::uint64_t code = ref_posit_round(16, 2, s);
      ASSERT_EQ(c[static_cast<std::size_t>(i * 3 + j)], golden::to_fp32_bits(p16.decode(code)));
    }
}

// Blocks of one element with values exact in 26 bits take the double-precision
// path; it must equal the Value-arithmetic definition bit for bit: random
// values over wide exponent ranges (sums that cancel, sums that tie, sums
// that end up subnormal or overflow FP32), FP8-like values, and zeros.
TEST(ScaledIntGemm, FastPerProductPathEqualsTheValueDefinition) {
  std::mt19937_64 rng(41);
  std::uniform_int_distribution<int> bits(1, 13), sh(-160, 110), sign(0, 1);
  for (int round = 0; round < 40; ++round) {
    const int K = 1 + static_cast<int>(rng() % 200), span = round % 4 == 0 ? 250 : round % 4 == 1 ? 40 : 8;
    auto grid = [&](int rows) {
      return element_grid(rows, K, [&] {
        const int nb = bits(rng);
        std::int64_t k = static_cast<std::int64_t>(rng() & ((1ull << nb) - 1));
        if (rng() % 7 == 0) k = 0;
        // Units: powers of two, or 13-bit significands, over `span` binades.
        const int e = static_cast<int>(rng() % static_cast<std::uint64_t>(span)) - span / 2 + (round % 5 == 4 ? sh(rng) : 0);
        return std::pair{sign(rng) ? -k : k, golden::Value::finite(false, rng() % 2 ? 1 : (rng() % 8191) | 1, e)};
      });
    };
    const auto a = grid(3), b = grid(5);
    std::vector<std::uint32_t> fast, slow;
    golden::scaled_int_gemm_nt(a, b, fast, 0, a.rows);
    golden::scaled_int_gemm_nt_values(a, b, slow, 0, a.rows);
    ASSERT_EQ(fast, slow) << "round " << round << ", K " << K;
  }
  // 1, then + 2^-24 (a tie: to even, 1), then - 1: per-product FP32 rounding gives +0, not the exact 2^-24.
  golden::ScaledIntMatrix a, b;
  a.rows = b.rows = 1;
  a.cols = b.cols = 3;
  a.block = b.block = 1;
  a.k = {1, 1, -1};
  b.k = {1, 1, 1};
  for (int e : {0, -24, 0}) {
    a.unit.push_back(golden::Value::finite(false, 1, e));
    b.unit.push_back(golden::Value::finite(false, 1, 0));
  }
  std::vector<std::uint32_t> fast, slow;
  golden::scaled_int_gemm_nt(a, b, fast, 0, 1);
  golden::scaled_int_gemm_nt_values(a, b, slow, 0, 1);
  EXPECT_EQ(fast, slow);
  EXPECT_EQ(fast[0], 0x00000000u);
  // Double rounding: (1 + 2^-23) + (2^25+1)(2^25-1) 2^-74 = 1 + 2^-23 + 2^-24 - 2^-74, just below the
  // FP32 tie; rounded to nearest in double it would land on the tie and go up to 1 + 2^-22.
  a.cols = b.cols = 2;
  a.k = {(1 << 23) + 1, (1 << 25) + 1};
  b.k = {1, (1 << 25) - 1};
  a.unit = {golden::Value::finite(false, 1, -23), golden::Value::finite(false, 1, -37)};
  b.unit = {golden::Value::finite(false, 1, 0), golden::Value::finite(false, 1, -37)};
  golden::scaled_int_gemm_nt(a, b, fast, 0, 1);
  golden::scaled_int_gemm_nt_values(a, b, slow, 0, 1);
  EXPECT_EQ(slow[0], 0x3F800001u);
  EXPECT_EQ(fast[0], 0x3F800001u);
}

// The vector kernels (eight rows a panel, up to four panels at once) equal the
// Value definition whatever the row count and whatever rows a call asks for:
// FP8-like values whose products are exact in float (native FP32 sums), and
// 13-bit units whose products are exact only in double (round to odd), over
// exponent ranges whose sums tie, cancel, end subnormal or overflow FP32.
TEST(ScaledIntGemm, Fp32KernelsEqualTheValueDefinitionOnEveryPanelShape) {
  using Path = golden::ScaledIntGemmNt::Path;
  std::mt19937_64 rng(57);
  struct Case {
    int lo, hi;  // unit exponents
    bool wide;   // 13-bit unit significands
    Path path;
  };
  const Case cases[] = {{-8, 8, false, Path::Fp32Float},    {-74, -60, false, Path::Fp32Float},  // subnormal sums
                        {40, 60, false, Path::Fp32Float},   // sums past FP32's largest: infinity
                        {-20, 20, true, Path::Fp32Odd},     {-100, -60, false, Path::Fp32Odd},  // products below 2^-149
                        {-90, -50, true, Path::Fp32Odd},    {50, 70, true, Path::Fp32Odd}};
  for (const Case& cs : cases)
    for (int rows : {1, 8, 9, 40}) {
      const int K = 1 + static_cast<int>(rng() % 150);
      auto grid = [&](int r) {
        return element_grid(r, K, [&] {
          std::int64_t k = static_cast<std::int64_t>(rng() % 16);
          if (rng() % 5 == 0) k = 0;
          const int e = cs.lo + static_cast<int>(rng() % static_cast<std::uint64_t>(cs.hi - cs.lo + 1));
          return std::pair{rng() % 2 ? -k : k, golden::Value::finite(false, cs.wide ? (rng() % 8191) | 1 : 1, e)};
        });
      };
      const auto a = grid(rows), b = grid(3);
      const golden::ScaledIntGemmNt gemm(a, b);
      ASSERT_EQ(gemm.path(), cs.path) << "exponents " << cs.lo << ".." << cs.hi;
      // Rows asked for in two pieces split off a panel boundary.
      std::vector<std::uint32_t> fast(static_cast<std::size_t>(rows) * 3, 0xDEADBEEFu), slow;
      const int split = rows / 3;
      gemm.rows(0, split, fast.data());
      gemm.rows(split, rows, fast.data());
      golden::scaled_int_gemm_nt_values(a, b, slow, 0, rows);
      ASSERT_EQ(fast, slow) << "exponents " << cs.lo << ".." << cs.hi << ", " << rows << " rows, K " << K;
    }
}

// The block kernel (exact integer dots in double, eight rows a vector) equals
// the Value definition for power-of-two units (scaled in the kernel) and FP32
// units (scaled through Values), whatever the row count and the rows asked.
TEST(ScaledIntGemm, BlockKernelEqualsTheValueDefinitionOnEveryPanelShape) {
  std::mt19937_64 rng(58);
  for (int block : {8, 32})
    for (bool fp32_units : {false, true})
      for (int rows : {1, 8, 9, 40}) {
        const int K = block * (1 + static_cast<int>(rng() % 5));
        const auto a = random_grid(rows, K, block, fp32_units, rng), b = random_grid(3, K, block, fp32_units, rng);
        const golden::ScaledIntGemmNt gemm(a, b);
        ASSERT_EQ(gemm.path(), golden::ScaledIntGemmNt::Path::Blocks);
        std::vector<std::uint32_t> fast(static_cast<std::size_t>(rows) * 3, 0xDEADBEEFu), slow;
        const int split = rows / 3;
        gemm.rows(0, split, fast.data());
        gemm.rows(split, rows, fast.data());
        golden::scaled_int_gemm_nt_values(a, b, slow, 0, rows);
        ASSERT_EQ(fast, slow) << "block " << block << (fp32_units ? ", FP32 units, " : ", power-of-two units, ") << rows << " rows";
      }
}

// The quire path (posits: the exact sum, rounded once), operands as int64 in
// units of their lowest bit and products summed in 128 bits, equals the Value
// definition for ranges that fit it and (falling back) for ranges that do not.
TEST(ScaledIntGemm, FastQuirePathEqualsTheValueDefinition) {
  std::mt19937_64 rng(43);
  for (const char* name : {"posit8", "posit16"}) {
    const golden::Format& pf = golden::find_format(name);
    for (int round = 0; round < 24; ++round) {
      const int K = 1 + static_cast<int>(rng() % 300), span = round % 3 == 0 ? 200 : round % 3 == 1 ? 30 : 6;
      auto grid = [&](int rows) {
        return element_grid(rows, K, [&] {
          std::int64_t k = static_cast<std::int64_t>(rng() % 8192);
          if (rng() % 5 == 0) k = 0;
          const std::int64_t signed_k = rng() % 2 ? -k : k;
          return std::pair{signed_k, golden::Value::finite(false, 1, static_cast<int>(rng() % static_cast<std::uint64_t>(span)) - span / 2 - 12)};
        });
      };
      const auto a = grid(3), b = grid(4);
      // Spans of 200 binades do not fit int64 operands: those take the Value path.
      EXPECT_EQ(golden::ScaledIntGemmNt(a, b, &pf).path(),
                span == 200 ? golden::ScaledIntGemmNt::Path::Values : golden::ScaledIntGemmNt::Path::Quire);
      std::vector<std::uint32_t> fast, slow;
      golden::scaled_int_gemm_nt(a, b, fast, 0, a.rows, &pf);
      golden::scaled_int_gemm_nt_values(a, b, slow, 0, a.rows, &pf);
      ASSERT_EQ(fast, slow) << name << " round " << round;
    }
  }
}

// IEEE binary16 RNE of an exact rational, as a rational (the textbook recipe: binade, quantum, remainder
// against one half); nullopt past the largest finite value (the sum overflows to infinity).
std::optional<Rational> ref_round_fp16(const Rational& x) {
  if (x == 0) return Rational(0);
  const bool neg = x < 0;
  const auto [fl, e] = ref_round_binary(neg ? Rational(-x) : x, 10, -14);
  const Rational r = Rational(fl) * pow2(e - 10);
  if (r > Rational(65504)) return std::nullopt;
  return neg ? Rational(-r) : r;
}

// The BlockDialect paper's accumulation (formats.md §4.7): each block result
// rounded to FP16, then added into an FP16 sum, RNE each time.
TEST(ScaledIntGemm, Fp16SumRoundsEachBlockAndEachAddition) {
  std::mt19937_64 rng(17);
  for (int block : {1, 16, 32}) {
    // Units 2^-16 .. 2^-8: sums stay inside FP16's range, small ones reach its subnormals.
    auto grid = [&](int rows) {
      auto m = random_grid(rows, 64, block, false, rng);
      for (auto& u : m.unit) u = golden::Value::finite(false, 1, -16 + static_cast<int>(rng() % 9));
      return m;
    };
    const auto a = grid(3), b = grid(2);
    std::vector<std::uint32_t> c;
    golden::scaled_int_gemm_nt(a, b, c, 0, a.rows, nullptr, golden::SumPrecision::Fp16);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 2; ++j) {
        Rational acc = 0;
        bool overflow = false;
        for (int k0 = 0; k0 < 64 && !overflow; k0 += block) {
          Rational s = 0;
          for (int t = k0; t < k0 + block; ++t) s += Rational(a.k[static_cast<std::size_t>(i * 64 + t)]) * Rational(b.k[static_cast<std::size_t>(j * 64 + t)]);
          s *= to_rational(a.unit_of(i, k0)) * to_rational(b.unit_of(j, k0));
          const auto v = ref_round_fp16(s);
          const auto sum = v ? ref_round_fp16(acc + *v) : std::nullopt;
          if (!sum) overflow = true;
          else acc = *sum;
        }
        ASSERT_FALSE(overflow) << "the test keeps sums inside FP16's range";
        ASSERT_EQ(c[static_cast<std::size_t>(i * 2 + j)], ref_round_fp32(acc)) << "block " << block << " C[" << i << "][" << j << "]";
      }
  }
}

TEST(ScaledIntGemm, ShapesMustAgree) {
  std::mt19937_64 rng(1);
  const auto a = random_grid(2, 64, 32, false, rng), b = random_grid(2, 32, 32, false, rng);
  std::vector<std::uint32_t> c;
  EXPECT_THROW(golden::scaled_int_gemm_nt(a, b, c, 0, 2), std::invalid_argument);
}

}  // namespace
}  // namespace qmac::test
