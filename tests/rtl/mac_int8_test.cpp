// mac_int8 vs golden: every INT8 pair, latency 1 / II 1, and 1e5+ cycles of
// random accumulation with clears, including INT32 wrap-around.
#include <gtest/gtest.h>

#include <random>

#include "Vmac_int8.h"
#include "golden/formats/int8.hpp"
#include "golden/mac/int_accumulator.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

std::int64_t g(std::uint64_t c) { return golden::Int8::to_int(c); }

TEST(MacInt8, EveryPairLatencyOne) {
  Clocked<Vmac_int8> m;
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      one_product(m, a, b);
      const auto got = static_cast<std::int32_t>(m->acc_o);
      ASSERT_EQ(got, g(a) * g(b)) << "a=" << hex128(a) << " b=" << hex128(b);
    }
}

// Reset leaves the sum at zero: a sum begun without a clear starts there.
TEST(MacInt8, ResetStartsTheSumAtZero) {
  Clocked<Vmac_int8> m;
  EXPECT_EQ(static_cast<std::int32_t>(m->acc_o), 0);
  m->valid_i = 1;
  m->clear_i = 0;
  m->a_i = 3;
  m->b_i = 0xFB;  // -5
  m.tick();
  EXPECT_EQ(static_cast<std::int32_t>(m->acc_o), -15);
}

TEST(MacInt8, LatencyOneInitiationIntervalOne) {
  Clocked<Vmac_int8> m;
  m->valid_i = 1;
  m->clear_i = 1;
  m->a_i = 3;
  m->b_i = 5;
  m.model().eval();
  EXPECT_EQ(static_cast<std::int32_t>(m->acc_o), 0) << "nothing before the clock edge (latency >= 1)";
  m.tick();
  EXPECT_EQ(static_cast<std::int32_t>(m->acc_o), 15) << "visible after one edge (latency 1)";
  m->clear_i = 0;
  for (int i = 0; i < 10; ++i) m.tick();  // a new product every cycle (II 1)
  EXPECT_EQ(static_cast<std::int32_t>(m->acc_o), 165);
}

TEST(MacInt8, RandomAccumulationWithClearsAndWrap) {
  Clocked<Vmac_int8> m;
  std::mt19937_64 rng(3);
  golden::IntAccumulator ref(32);
  for (int i = 0; i < 260000; ++i) {
    const bool clear = rng() % 97 == 0, valid = rng() % 5 != 0;
    // A long stretch of 127*127 pushes the sum past 2^31.
    const bool max_run = i > 30000 && i < 250000;
    const std::uint32_t a = max_run ? 127 : rng() & 0xFF, b = max_run ? 127 : rng() & 0xFF;
    m->valid_i = valid;
    m->clear_i = clear && i < 30000;
    m->a_i = a;
    m->b_i = b;
    if (clear && i < 30000) ref.clear();
    if (valid) ref.add(g(a) * g(b));
    m.tick();
    ASSERT_EQ(static_cast<std::int32_t>(m->acc_o), ref.value()) << "cycle " << i;
  }
  EXPECT_TRUE(ref.wrapped()) << "the run must exercise wrap-around";
}

}  // namespace
}  // namespace qmac::test
