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
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

struct Block {
  std::vector<std::uint16_t> bits;
  bool mx;
  std::uint64_t last_cycle;
};

struct Want {
  golden::DialectBlockMeta meta;
  std::vector<std::uint8_t> codes;
};

Want golden_block(const Block& b, bool bf16) {
  std::vector<std::uint32_t> x(32);
  for (std::size_t i = 0; i < 32; ++i)
    x[i] = bf16 ? static_cast<std::uint32_t>(b.bits[i]) << 16 : golden::to_fp32_bits(golden::Fp16::decode(b.bits[i]));
  golden::BlockDialectQuantizer q(32, b.mx ? golden::DialectSelect::Mx : golden::DialectSelect::TwoStage);
  Want w;
  w.codes.resize(32);
  w.meta = q.quantize(x, w.codes);
  return w;
}

std::vector<std::uint16_t> random_block(std::mt19937_64& rng, int& style) {
  std::vector<std::uint16_t> v(32);
  style = static_cast<int>(rng() % 8);
  const int base = static_cast<int>(rng() % 0x7F00);  // a base magnitude pattern
  for (auto& x : v) {
    std::uint16_t r = static_cast<std::uint16_t>(rng());
    switch (style) {
      case 0: x = static_cast<std::uint16_t>((r & 0x8000) | std::max(0, base - static_cast<int>(rng() % 0x0C00))); break;
      case 1: x = (rng() % 3 == 0) ? 0 : static_cast<std::uint16_t>((r & 0x8000) | (base & 0x7FFF)); break;
      case 2: x = static_cast<std::uint16_t>(r & 0x80FF); break;                       // subnormal / tiny
      case 3: x = static_cast<std::uint16_t>(rng() % 16 == 0 ? 0x7C00 | (r & 0x8000) : r & 0xBBFF); break;  // Inf (FP16) or big
      case 4: x = static_cast<std::uint16_t>(r & 0x8000); break;                       // all (+-)zero
      default: x = r; break;                                                           // any pattern
    }
  }
  return v;
}

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

TEST(ActQuantizer, StreamsBlocksBitExactWithStatedLatency) {
  Clocked<Vact_quantizer_tb_top> m;
  std::mt19937_64 rng(1234);
  std::deque<Block> pending_h, pending_b;
  const int kBlocks = 100000;
  int sent = 0, done_h = 0, done_b = 0, in_block = 0;
  std::vector<std::uint16_t> cur;
  bool cur_mx = false;
  int style = 0;
  std::array<int, 16> dialects_seen{};
  struct Out {
    std::vector<std::uint8_t> codes;
    golden::DialectBlockMeta meta;
    std::uint64_t first_cycle = 0;
  } out_h, out_b;
  auto collect = [&](bool bf16, bool valid, bool first, int code, int scale, int dialect, Out& o, std::deque<Block>& pend, int& done) {
    if (!valid) return;
    if (first) {
      o.codes.clear();
      o.meta = {static_cast<std::uint8_t>(scale), static_cast<std::uint8_t>(dialect)};
      o.first_cycle = m.cycles();
    }
    ASSERT_EQ(o.meta, (golden::DialectBlockMeta{static_cast<std::uint8_t>(scale), static_cast<std::uint8_t>(dialect)}))
        << "scale/dialect must hold for the whole block";
    o.codes.push_back(static_cast<std::uint8_t>(code));
    if (o.codes.size() == 32) {
      ASSERT_FALSE(pend.empty());
      const Block blk = pend.front();
      pend.pop_front();
      const Want w = golden_block(blk, bf16);
      std::string in;
      for (auto x : blk.bits) in += hex(x) + " ";
      ASSERT_EQ(o.meta, w.meta) << (bf16 ? "bf16" : "fp16") << (blk.mx ? " mx" : " two-stage") << " block " << done
                                << " scale/dialect: expected " << hex(w.meta.scale) << "/" << int(w.meta.dialect) << " got "
                                << hex(o.meta.scale) << "/" << int(o.meta.dialect) << "\ninput " << in;
      for (std::size_t i = 0; i < 32; ++i)
        ASSERT_EQ(o.codes[i], w.codes[i]) << (bf16 ? "bf16" : "fp16") << (blk.mx ? " mx" : " two-stage") << " block " << done
                                          << " element " << i << " (" << hex(blk.bits[i]) << "): expected " << hex(w.codes[i])
                                          << " got " << hex(o.codes[i]) << "\ninput " << in;
      // Latency 2, counted like the MACs' 1: the last value is presented before
      // tick last_cycle, the first code is visible after tick last_cycle + 1.
      ASSERT_EQ(o.first_cycle, blk.last_cycle + 1) << "latency, block " << done;
      if (!bf16) ++dialects_seen[w.meta.dialect];
      ++done;
    }
  };
  while (done_h < kBlocks || done_b < kBlocks) {
    bool valid = false;
    if (sent < kBlocks) {
      if (in_block == 0) {
        cur = random_block(rng, style);
        cur_mx = rng() % 4 == 0;
      }
      valid = (sent % 3 == 0) ? (rng() % 4 != 0) : true;  // gaps in a third of the blocks
    }
    m->in_valid_i = valid;
    m->in_data_i = valid ? cur[static_cast<std::size_t>(in_block)] : 0xDEAD;
    m->mx_mode_i = cur_mx;
    m.tick();
    if (valid && ++in_block == 32) {
      const Block b{cur, cur_mx, m.cycles()};
      pending_h.push_back(b);
      pending_b.push_back(b);
      in_block = 0;
      ++sent;
    }
    collect(false, m->h_valid_o, m->h_first_o, m->h_code_o, m->h_scale_o, m->h_dialect_o, out_h, pending_h, done_h);
    collect(true, m->b_valid_o, m->b_first_o, m->b_code_o, m->b_scale_o, m->b_dialect_o, out_b, pending_b, done_b);
    if (HasFatalFailure()) return;
    ASSERT_LT(m.cycles(), static_cast<std::uint64_t>(kBlocks) * 50 + 100) << "stalled";
  }
  for (int d = 0; d < 16; ++d) EXPECT_GT(dialects_seen[static_cast<std::size_t>(d)], 0) << "dialect " << d << " never produced";
}

}  // namespace
}  // namespace qmac::test
