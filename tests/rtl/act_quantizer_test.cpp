// act_quantizer (FP16 and BF16 instances on one stream) vs golden's
// BlockDialectQuantizer: 1e5 blocks per input format, two-stage and MX mode,
// streamed back to back and with gaps, with zero, NaN/Inf, subnormal and
// extreme blocks; latency (first code 2 cycles after the last value) and
// throughput (one value per cycle) checked on every block.
#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "Vact_quantizer_tb_top.h"
#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/formats/fp16.hpp"
#include "golden/formats/minifloat.hpp"
#include "tests/golden/reference.hpp"
#include "sim/unitcheck/unit_check.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

// After reset nothing is emitted until a block has arrived, and the outputs are zero.
TEST(ActQuantizer, ResetEmitsNothing) {
  Clocked<Vact_quantizer_tb_top> m;
  m->in_valid_i = 0;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(m->h_valid_o | m->b_valid_o, 0) << "cycle " << i;
    EXPECT_EQ(m->h_scale_o | m->b_scale_o, 0) << "cycle " << i;
    m.tick();
  }
}

// qmac verify's unit check, the same driver, at the testbench's size.
TEST(ActQuantizer, StreamsBlocksBitExactWithStatedLatency) {
  std::array<int, 16> dialects_seen{};
  const unitcheck::UnitCheckResult r = unitcheck::act_quantizer_random_blocks(1234, 100000, &dialects_seen);
  EXPECT_TRUE(r.ok()) << r.first_mismatch;
  EXPECT_EQ(r.compared, 2u * 100000 * 34) << "FP16 and BF16: 32 codes, scale and dialect per block";
  for (int d = 0; d < 16; ++d) EXPECT_GT(dialects_seen[static_cast<std::size_t>(d)], 0) << "dialect " << d << " never produced";
}

}  // namespace
}  // namespace qmac::test
