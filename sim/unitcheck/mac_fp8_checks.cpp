// mac_fp8 (E4M3, E5M2, mixed; FP32 and Kulisch accumulation; tops/mac_fp8_tb_top.sv):
// every FP8 x FP8 pair on a fresh sum, each mode's FP32 result against
// golden's exact product added to +0 by golden's FP32 accumulator.
#include <string>

#include "Vmac_fp8_tb_top.h"
#include "golden/formats/registry.hpp"
#include "golden/mac/fp32_accumulator.hpp"
#include "golden/mac/products.hpp"
#include "sim/unitcheck/clocked.hpp"
#include "sim/unitcheck/unit_check.hpp"

namespace qmac::unitcheck {
namespace {

struct Mode {
  const char* a;
  const char* b;
};
constexpr Mode kModes[3] = {{"e4m3", "e4m3"}, {"e5m2", "e5m2"}, {"e4m3", "e5m2"}};

std::uint32_t fp32_out(Vmac_fp8_tb_top& m, int mode, bool kulisch) {
  if (kulisch) return mode == 0 ? m.e4m3_k_o : mode == 1 ? m.e5m2_k_o : m.mixed_k_o;
  return mode == 0 ? m.e4m3_o : mode == 1 ? m.e5m2_o : m.mixed_o;
}
bool is_nan32(std::uint32_t x) { return (x & 0x7F800000u) == 0x7F800000u && (x & 0x7FFFFFu); }

}  // namespace

UnitCheckResult mac_fp8_every_product() {
  UnitCheckResult r;
  Clocked<Vmac_fp8_tb_top> m;
  const golden::Format* f[3][2];
  for (int mode = 0; mode < 3; ++mode) {
    f[mode][0] = &golden::find_format(kModes[mode].a);
    f[mode][1] = &golden::find_format(kModes[mode].b);
  }
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      m->valid_i = 1;
      m->clear_i = 1;
      m->a_i = a;
      m->b_i = b;
      m.tick();
      for (int mode = 0; mode < 3; ++mode) {
        // After a clear the accumulator is +0, and +0 + (-0) = +0 (IEEE RNE).
        golden::Fp32Accumulator acc;
        acc.add(golden::exact_product(*f[mode][0], a, *f[mode][1], b));
        const std::uint32_t want = acc.bits();
        for (bool k : {false, true}) {
          const std::uint32_t got = fp32_out(m.model(), mode, k);
          ++r.compared;
          if (got == want || (is_nan32(got) && is_nan32(want))) continue;
          r.first_mismatch = std::string(kModes[mode].a) + "x" + kModes[mode].b + (k ? " kulisch" : " fp32") + " a=" + hex(a) +
                             " b=" + hex(b) + ": expected " + hex(want) + " got " + hex(got);
          return r;
        }
      }
    }
  return r;
}

}  // namespace qmac::unitcheck
