// mac_dialectfp4 vs golden: every code pair under every dialect pair
// (65,536 products), and 1e5 random blocks of 32 quantized by golden's
// BlockDialect quantizer, summed and compared with golden's block dot.
#include <gtest/gtest.h>

#include <random>

#include "Vmac_dialectfp4.h"
#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/formats/dialectfp4.hpp"
#include "tests/golden/reference.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

TEST(MacDialectFp4, EveryCodePairUnderEveryDialectPair) {
  Clocked<Vmac_dialectfp4> m;
  for (int da = 0; da < 16; ++da)
    for (int db = 0; db < 16; ++db)
      for (int ca = 0; ca < 16; ++ca)
        for (int cb = 0; cb < 16; ++cb) {
          m->valid_i = 1;
          m->clear_i = 1;
          m->a_code_i = static_cast<std::uint8_t>(ca);
          m->a_dialect_i = static_cast<std::uint8_t>(da);
          m->b_code_i = static_cast<std::uint8_t>(cb);
          m->b_dialect_i = static_cast<std::uint8_t>(db);
          m.tick();
          const int want = golden::DialectFp4::signed_hu(da, static_cast<std::uint8_t>(ca)) *
                           golden::DialectFp4::signed_hu(db, static_cast<std::uint8_t>(cb));
          ASSERT_EQ(static_cast<int>(sext(m->acc_o, 16)), want)
              << "dialects " << da << "," << db << " codes " << hex(ca) << "," << hex(cb);
        }
}

TEST(MacDialectFp4, RandomBlocksMatchGoldenBlockDot) {
  Clocked<Vmac_dialectfp4> m;
  std::mt19937 rng(41);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  golden::BlockDialectQuantizer q;
  std::vector<std::uint32_t> x(32), y(32);
  std::vector<std::uint8_t> cx(32), cy(32);
  for (int blk = 0; blk < 100000; ++blk) {
    for (int i = 0; i < 32; ++i) {
      x[static_cast<std::size_t>(i)] = std::bit_cast<std::uint32_t>(nd(rng) * (rng() % 16 == 0 ? 20.0f : 1.0f));
      y[static_cast<std::size_t>(i)] = std::bit_cast<std::uint32_t>(nd(rng));
    }
    const auto mx = q.quantize(x, cx), my = q.quantize(y, cy);
    for (int i = 0; i < 32; ++i) {
      m->valid_i = 1;
      m->clear_i = i == 0;
      m->a_code_i = cx[static_cast<std::size_t>(i)];
      m->a_dialect_i = mx.dialect;
      m->b_code_i = cy[static_cast<std::size_t>(i)];
      m->b_dialect_i = my.dialect;
      m.tick();
    }
    // Golden's block dot with unit scales is S * 2^-2.
    const golden::Value d = golden::dialect_block_dot({127, mx.dialect}, cx, {127, my.dialect}, cy);
    const Rational s = to_rational(d) * 4;
    ASSERT_EQ(Rational(static_cast<long>(sext(m->acc_o, 16))), s) << "block " << blk << " dialects " << int(mx.dialect) << "," << int(my.dialect);
  }
}

TEST(MacDialectFp4, LatencyOneInitiationIntervalOne) {
  Clocked<Vmac_dialectfp4> m;
  m->valid_i = 1;
  m->clear_i = 1;
  m->a_code_i = 7;  // 7.5 under dialect 0: 15 half-units
  m->a_dialect_i = 0;
  m->b_code_i = 2;  // 1.0: 2 half-units
  m->b_dialect_i = 0;
  m.model().eval();
  EXPECT_EQ(sext(m->acc_o, 16), 0) << "latency >= 1";
  m.tick();
  EXPECT_EQ(sext(m->acc_o, 16), 30) << "latency 1";
  m->clear_i = 0;
  m.tick();
  m.tick();
  EXPECT_EQ(sext(m->acc_o, 16), 90) << "II 1";
}

TEST(MacDialectFp4, ClearWithoutValidZeroes) {
  Clocked<Vmac_dialectfp4> m;
  m->valid_i = 1;
  m->clear_i = 1;
  m->a_code_i = 7;
  m->a_dialect_i = 0;
  m->b_code_i = 7;
  m->b_dialect_i = 0;
  m.tick();
  EXPECT_EQ(sext(m->acc_o, 16), 225);
  m->valid_i = 0;
  m.tick();
  EXPECT_EQ(sext(m->acc_o, 16), 0);
}

}  // namespace
}  // namespace qmac::test
