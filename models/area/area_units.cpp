#include "models/area/area_units.hpp"

namespace qmac::models {

AreaUnits area_units(const golden::MacKind& mac, bool online_quantizer) {
  AreaUnits u;
  const std::string a = mac.a->name, b = mac.b->name;
  const bool same = a == b;
  switch (mac.family) {
    case golden::MacFamily::Integer:
      // mac_int8 is the INT8 MAC; INT4 operands run on it sign-extended.
      u.pe = "mac_int8|AccWidth=32";
      break;
    case golden::MacFamily::FloatFp32:
      if (same && a == "e4m3") u.pe = "mac_fp8|E4M3, FP32 accumulator";
      if (same && a == "e5m2") u.pe = "mac_fp8|E5M2, FP32 accumulator";
      break;
    case golden::MacFamily::Kulisch:
      if (same && a == "e4m3") u.pe = "mac_fp8|E4M3, Kulisch accumulator";
      break;
    case golden::MacFamily::MxBlock:
      // rtl/synth/area.sh labels each block kind's edge unit with the kind's name.
      if (same) u.pe = "mac_mx_elem|" + a;
      if (same) u.edge = "mx_scale_unit|" + a;
      break;
    case golden::MacFamily::DialectFp4:
      u.pe = "mac_dialectfp4|AccWidth=16";
      u.edge = "mx_scale_unit|dialectfp4";
      break;
    case golden::MacFamily::Quire:
      if (same && a == "posit8") u.pe = "mac_posit|posit8, 128-bit quire";
      if (same && a == "posit16") u.pe = "mac_posit|posit16, 256-bit quire";
      break;
  }
  if (mac.is_block() && u.edge.empty()) u.pe.clear();  // a block kind without its edge unit's row is not costed
  if (online_quantizer) u.quantizer = "act_quantizer|FP16 in, BlockLen=32";
  return u;
}

double AreaEstimate::total_um2() const {
  double t = 0;
  for (double x : um2) t += x;
  return t;
}

double AreaEstimate::logic_um2() const {
  double t = 0;
  for (std::size_t i = 0; i < kLogicAreaComponents; ++i) t += um2[i];
  return t;
}

}  // namespace qmac::models
