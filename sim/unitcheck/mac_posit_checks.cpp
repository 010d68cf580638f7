// mac_posit (posit8 and posit16; tops/mac_posit_tb_top.sv) against golden's
// PositQuire: every posit8 product (the raw 128-bit quire, and the rounded
// result against golden's posit multiply), and seeded posit16 quire dot
// products of length 1..256 with cancellation, subtraction and NaR, the
// 256-bit quire compared after every step and the rounded result at the end.
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "Vmac_posit_tb_top.h"
#include "golden/arith/posit_ops.hpp"
#include "golden/mac/posit_quire.hpp"
#include "sim/unitcheck/clocked.hpp"
#include "sim/unitcheck/unit_check.hpp"

namespace qmac::unitcheck {
namespace {

// Whether the Verilated quire port equals golden's raw quire; if not, both in hex.
template <std::size_t Words>
bool same_quire(const VlWide<Words>& got, const golden::KulischAccumulator& want, std::string& diff) {
  bool same = true;
  std::string g, w;
  for (std::size_t i = Words; i-- > 0;) {
    const auto wi = static_cast<std::uint32_t>(want.limbs()[i / 2] >> (32 * (i % 2)));
    same &= got[i] == wi;
    char b[16];
    std::snprintf(b, sizeof b, "%08x", got[i]);
    g += b;
    std::snprintf(b, sizeof b, "%08x", wi);
    w += b;
  }
  if (!same) diff = "expected quire " + w + ", got " + g;
  return same;
}

}  // namespace

UnitCheckResult mac_posit_every_posit8_product() {
  UnitCheckResult r;
  Clocked<Vmac_posit_tb_top> m;
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      m->valid_i = 1;
      m->clear_i = 1;
      m->sub_i = 0;
      m->a8_i = static_cast<std::uint8_t>(a);
      m->b8_i = static_cast<std::uint8_t>(b);
      m->a16_i = 0;
      m->b16_i = 0;
      m.tick();
      golden::PositQuire q(golden::kPosit8);
      q.add_product(a, b);
      std::string diff;
      r.compared += 2;
      if (!same_quire(m->q8_o, q.raw(), diff)) {
        r.first_mismatch = "posit8 a=" + hex(a) + " b=" + hex(b) + ": " + diff;
        return r;
      }
      const std::uint64_t want = golden::posit_apply(golden::kPosit8, golden::PositOp::Mul, a, b);
      if (m->p8_o != want) {
        r.first_mismatch = "posit8 a=" + hex(a) + " b=" + hex(b) + ": expected " + hex(want) + " got " + hex(m->p8_o);
        return r;
      }
    }
  return r;
}

UnitCheckResult mac_posit_posit16_dots(std::uint64_t seed, int dots) {
  UnitCheckResult r;
  Clocked<Vmac_posit_tb_top> m;
  std::mt19937_64 rng(seed);
  const golden::PositSpec p = golden::kPosit16;
  for (int dot = 0; dot < dots; ++dot) {
    const std::size_t k = 1 + rng() % 256;
    golden::PositQuire q(p);
    std::vector<std::uint64_t> as(k), bs(k);
    for (std::size_t i = 0; i < k; ++i) {
      as[i] = rng() & 0xFFFF;
      bs[i] = rng() & 0xFFFF;
      if (dot % 2 && i >= k / 2) {  // cancellation: repeat the first half negated
        as[i] = p.negate(as[i - k / 2]);
        bs[i] = bs[i - k / 2];
      }
      if (as[i] == p.nar()) as[i] = 0x4000;
      if (bs[i] == p.nar()) bs[i] = 0x4000;
    }
    if (dot % 97 == 0) as[k / 2] = p.nar();  // a NaR operand in some dots
    for (std::size_t i = 0; i < k; ++i) {
      const bool sub = dot % 5 == 0 && i % 3 == 0;
      m->valid_i = 1;
      m->clear_i = i == 0;
      m->sub_i = sub;
      m->a16_i = static_cast<std::uint16_t>(as[i]);
      m->b16_i = static_cast<std::uint16_t>(bs[i]);
      m->a8_i = 0;
      m->b8_i = 0;
      m.tick();
      sub ? q.sub_product(as[i], bs[i]) : q.add_product(as[i], bs[i]);
      std::string diff;
      ++r.compared;
      if (!same_quire(m->q16_o, q.raw(), diff)) {
        r.first_mismatch = "posit16 dot " + std::to_string(dot) + " step " + std::to_string(i) + " a=" + hex(as[i]) +
                           " b=" + hex(bs[i]) + (sub ? " (subtracted)" : "") + ": " + diff;
        return r;
      }
    }
    ++r.compared;
    if (m->p16_o != q.to_posit()) {
      r.first_mismatch = "posit16 dot " + std::to_string(dot) + " (length " + std::to_string(k) + "): expected " +
                         hex(q.to_posit()) + " got " + hex(m->p16_o);
      return r;
    }
  }
  return r;
}

}  // namespace qmac::unitcheck
