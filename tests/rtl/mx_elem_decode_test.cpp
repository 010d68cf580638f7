// mx_elem_decode vs golden's ElementIntTable, every code of every element
// format: the integer k (value = k * 2^lsb), and the zero, NaN and Inf flags
// (golden's special codes; zero: k = 0 and not special).
#include <gtest/gtest.h>

#include "Vmx_elem_decode_tb_top.h"
#include "golden/formats/registry.hpp"
#include "golden/mac/element_int_table.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

TEST(MxElemDecode, EveryCodeOfEveryFormat) {
  Vmx_elem_decode_tb_top m;
  struct F {
    const char* name;
    int bits, kbits;
  };
  const F formats[] = {{"e4m3", 8, 19}, {"e5m2", 8, 33}, {"e2m3", 6, 7}, {"e3m2", 6, 10}, {"e2m1", 4, 5}, {"mxint8_elem", 8, 9}};
  for (int f = 0; f < 6; ++f) {
    const auto& t = golden::ElementIntTable::of(golden::find_format(formats[f].name));
    for (std::uint32_t c = 0; c < (1u << formats[f].bits); ++c) {
      m.code_i = static_cast<std::uint8_t>(c);
      m.eval();
      std::uint64_t raw = 0;
      switch (f) {
        case 0: raw = m.e4m3_k_o; break;
        case 1: raw = m.e5m2_k_o; break;
        case 2: raw = m.e2m3_k_o; break;
        case 3: raw = m.e3m2_k_o; break;
        case 4: raw = m.e2m1_k_o; break;
        default: raw = m.mxint8_k_o; break;
      }
      const auto flags = (m.flags_o >> (3 * f)) & 7u;
      const auto sp = t.special[c];
      const bool nan = sp == golden::ElementIntTable::kNaN;
      const bool inf = sp == golden::ElementIntTable::kPosInf || sp == golden::ElementIntTable::kNegInf;
      ASSERT_EQ((flags >> 1) & 1u, nan ? 1u : 0u) << formats[f].name << " code " << c << " NaN";
      ASSERT_EQ((flags >> 2) & 1u, inf ? 1u : 0u) << formats[f].name << " code " << c << " Inf";
      if (sp) continue;
      ASSERT_EQ(static_cast<std::int64_t>(sext(raw, formats[f].kbits)), t.k[c]) << formats[f].name << " code " << c;
      ASSERT_EQ(flags & 1u, t.k[c] == 0 ? 1u : 0u) << formats[f].name << " code " << c << " zero";
    }
  }
}

}  // namespace
}  // namespace qmac::test
