// act_quantizer (FP16 and BF16 instances on one stream;
// tops/act_quantizer_tb_top.sv) against golden's BlockDialectQuantizer:
// seeded blocks in two-stage and MX mode, streamed back to back and, in a
// third of them, with gaps; zero, NaN/Inf, subnormal and extreme blocks. Every
// block's codes, scale and dialect, its latency (first code 2 cycles after
// the last value) and its throughput (one code per cycle) are checked.
#include <algorithm>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "Vact_quantizer_tb_top.h"
#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/formats/fp16.hpp"
#include "golden/formats/minifloat.hpp"
#include "sim/unitcheck/clocked.hpp"
#include "sim/unitcheck/unit_check.hpp"

namespace qmac::unitcheck {
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

std::vector<std::uint16_t> random_block(std::mt19937_64& rng) {
  std::vector<std::uint16_t> v(32);
  const int style = static_cast<int>(rng() % 8);
  const int base = static_cast<int>(rng() % 0x7F00);  // a base magnitude pattern
  for (auto& x : v) {
    std::uint16_t r = static_cast<std::uint16_t>(rng());
    switch (style) {
      case 0: x = static_cast<std::uint16_t>((r & 0x8000) | std::max(0, base - static_cast<int>(rng() % 0x0C00))); break;
      case 1: x = (rng() % 3 == 0) ? 0 : static_cast<std::uint16_t>((r & 0x8000) | (base & 0x7FFF)); break;
      case 2: x = static_cast<std::uint16_t>(r & 0x80FF); break;                       // subnormal / tiny
      case 3: x = static_cast<std::uint16_t>(rng() % 16 == 0 ? 0x7C00 | (r & 0x8000) : r & 0xBBFF); break;  // Inf (FP16) or big
      case 4: x = static_cast<std::uint16_t>(r & 0x8000); break;                       // all (+-)zero
      // FP16 subnormals of at most 31 ulps: the block's max below 2^-19, so
      // t_i = |x_i| * 2^(2 - Es) needs no right shift (no bits dropped).
      case 5: x = static_cast<std::uint16_t>(r & 0x801F); break;
      default: x = r; break;                                                           // any pattern
    }
  }
  return v;
}

std::string block_text(const Block& b) {
  std::string s;
  for (auto x : b.bits) s += " " + hex(x);
  return s;
}

// One output stream (FP16 or BF16): collects codes and checks each finished block.
struct Stream {
  bool bf16;
  std::deque<Block> pending;
  std::vector<std::uint8_t> codes;
  golden::DialectBlockMeta meta;
  std::uint64_t first_cycle = 0;
  int done = 0;
  std::array<int, 16>* dialects = nullptr;

  // Returns a mismatch, or "".
  std::string take(std::uint64_t cycle, bool valid, bool first, int code, int scale, int dialect, UnitCheckResult& r) {
    if (!valid) return "";
    const char* in = bf16 ? "bf16" : "fp16";
    const golden::DialectBlockMeta m{static_cast<std::uint8_t>(scale), static_cast<std::uint8_t>(dialect)};
    if (first) {
      codes.clear();
      meta = m;
      first_cycle = cycle;
    } else if (codes.empty()) {
      return std::string(in) + ": a code with no first code before it";
    }
    if (m != meta) return std::string(in) + " block " + std::to_string(done) + ": scale/dialect changed mid-block";
    codes.push_back(static_cast<std::uint8_t>(code));
    if (codes.size() < 32) return "";
    if (pending.empty()) return std::string(in) + ": a block came out that never went in";
    const Block blk = pending.front();
    pending.pop_front();
    const Want w = golden_block(blk, bf16);
    const std::string where =
        std::string(in) + (blk.mx ? " mx" : " two-stage") + " block " + std::to_string(done) + " (input" + block_text(blk) + ")";
    r.compared += 34;
    if (w.meta != meta)
      return where + ": expected scale/dialect " + hex(w.meta.scale) + "/" + std::to_string(w.meta.dialect) + ", got " +
             hex(meta.scale) + "/" + std::to_string(meta.dialect);
    for (std::size_t i = 0; i < 32; ++i)
      if (codes[i] != w.codes[i])
        return where + " element " + std::to_string(i) + ": expected " + hex(w.codes[i]) + ", got " + hex(codes[i]);
    // Latency 2, counted like the MACs' 1: the last value is presented before
    // tick last_cycle, the first code is visible after tick last_cycle + 1.
    if (first_cycle != blk.last_cycle + 1)
      return where + ": first code " + std::to_string(first_cycle - blk.last_cycle + 1) + " cycles after the last value, not 2";
    if (dialects && !bf16) ++(*dialects)[w.meta.dialect];
    ++done;
    return "";
  }
};

}  // namespace

UnitCheckResult act_quantizer_random_blocks(std::uint64_t seed, int blocks, std::array<int, 16>* dialects_seen) {
  UnitCheckResult r;
  Clocked<Vact_quantizer_tb_top> m;
  std::mt19937_64 rng(seed);
  Stream h{false}, b{true};
  h.dialects = dialects_seen;
  int sent = 0, in_block = 0;
  std::vector<std::uint16_t> cur;
  bool cur_mx = false;
  while (h.done < blocks || b.done < blocks) {
    bool valid = false;
    if (sent < blocks) {
      if (in_block == 0) {
        cur = random_block(rng);
        cur_mx = rng() % 4 == 0;
      }
      valid = (sent % 3 == 0) ? (rng() % 4 != 0) : true;  // gaps in a third of the blocks
    }
    m->in_valid_i = valid;
    m->in_data_i = valid ? cur[static_cast<std::size_t>(in_block)] : 0xDEAD;
    m->mx_mode_i = cur_mx;
    m.tick();
    if (valid && ++in_block == 32) {
      const Block blk{cur, cur_mx, m.cycles()};
      h.pending.push_back(blk);
      b.pending.push_back(blk);
      in_block = 0;
      ++sent;
    }
    std::string why = h.take(m.cycles(), m->h_valid_o, m->h_first_o, m->h_code_o, m->h_scale_o, m->h_dialect_o, r);
    if (why.empty()) why = b.take(m.cycles(), m->b_valid_o, m->b_first_o, m->b_code_o, m->b_scale_o, m->b_dialect_o, r);
    if (why.empty() && m.cycles() > static_cast<std::uint64_t>(blocks) * 50 + 100) why = "stalled: blocks stopped coming out";
    if (!why.empty()) {
      r.first_mismatch = why;
      return r;
    }
  }
  return r;
}

}  // namespace qmac::unitcheck
