// qmac_pkg's encoding table (rtl/qmac_pkg.sv) against golden's registry, row
// by row: every number the RTL derives a width from (code bits, exponent and
// mantissa bits, bias, LSB exponent, |k| bits, specials) must be what golden's
// format says. A format added on one side only, or a row typed wrong, fails here.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "Vfmt_table_probe.h"
#include "golden/formats/registry.hpp"
#include "golden/mac/element_int_table.hpp"
#include "golden/mac/mac_kind.hpp"

namespace qmac::test {
namespace {

// qmac_pkg::fmt_e, in enum order: the registry name of each value.
const std::vector<std::string> kRtlFormats = {"int8", "int4", "e4m3", "e5m2", "e2m3", "e3m2", "e2m1", "mxint8_elem"};

TEST(RtlFormatTable, EveryRowEqualsGoldensRegistry) {
  Vfmt_table_probe p;
  for (std::size_t i = 0; i < kRtlFormats.size(); ++i) {
    const golden::Format& f = golden::find_format(kRtlFormats[i]);
    p.fmt_i = static_cast<std::uint8_t>(i);
    p.eval();
    const std::string n = f.name;
    EXPECT_EQ(p.is_int_o, f.kind == golden::FormatKind::Integer) << n;
    EXPECT_EQ(p.bits_o, static_cast<std::uint32_t>(f.bits)) << n;
    if (f.kind == golden::FormatKind::Float) {
      EXPECT_EQ(p.exp_bits_o, static_cast<std::uint32_t>(f.exp_bits)) << n;
      EXPECT_EQ(p.man_bits_o, static_cast<std::uint32_t>(f.man_bits)) << n;
      EXPECT_EQ(static_cast<std::int32_t>(p.bias_o), f.bias) << n;
    } else {
      // An integer row has no exponent or mantissa: a nonzero field would reach any width computed from it.
      EXPECT_EQ(p.exp_bits_o, 0u) << n;
      EXPECT_EQ(p.man_bits_o, 0u) << n;
      EXPECT_EQ(p.bias_o, 0u) << n;
    }
    EXPECT_EQ(static_cast<std::int32_t>(p.lsb_exp_o), f.min_positive.log2_floor()) << n << ": LSB exponent";
    const golden::ElementIntTable& t = golden::ElementIntTable::of(f);
    std::uint64_t kmax = 0;
    for (std::size_t c = 0; c < (std::size_t{1} << f.bits); ++c)
      if (!t.special[c]) kmax = std::max<std::uint64_t>(kmax, static_cast<std::uint64_t>(t.k[c] < 0 ? -t.k[c] : t.k[c]));
    EXPECT_EQ(p.int_bits_o, static_cast<std::uint32_t>(std::bit_width(kmax))) << n << ": bits of max |k| = " << kmax;
    EXPECT_EQ(p.has_nan_o, f.has_nan) << n;
    EXPECT_EQ(p.has_inf_o, f.has_inf) << n;
  }
}

// Every registry format the RTL can take (<= 8-bit minifloats and integers
// with a table) has a row: a format added to golden only is caught here.
TEST(RtlFormatTable, EveryEightBitElementFormatHasARow) {
  for (const golden::Format* f : golden::element_formats(8)) {
    if (f->kind != golden::FormatKind::Float && f->kind != golden::FormatKind::Integer) continue;
    bool found = false;
    for (const auto& n : kRtlFormats) found |= n == f->name;
    EXPECT_TRUE(found) << f->name << " has no row in rtl/qmac_pkg.sv's encoding table";
  }
}

// systolic_array's Kind is qmac_pkg's Kind<family>; rtl/built_arrays.txt names
// families as golden::MacFamily does and the co-simulation checks an array's
// Kind against its MAC kind's family: the two numberings must be one.
TEST(RtlFormatTable, EveryKindValueIsGoldensMacFamily) {
  Vfmt_table_probe p;
  p.eval();
  const std::vector<std::pair<golden::MacFamily, unsigned>> kinds = {
      {golden::MacFamily::Integer, p.kind_integer_o},       {golden::MacFamily::FloatFp32, p.kind_float_fp32_o},
      {golden::MacFamily::Kulisch, p.kind_kulisch_o},       {golden::MacFamily::MxBlock, p.kind_mx_block_o},
      {golden::MacFamily::DialectFp4, p.kind_dialect_fp4_o}, {golden::MacFamily::Quire, p.kind_quire_o}};
  for (const auto& [family, rtl] : kinds)
    EXPECT_EQ(rtl, static_cast<unsigned>(family)) << "qmac_pkg's Kind for golden::MacFamily " << golden::family_name(family);
}

}  // namespace
}  // namespace qmac::test
