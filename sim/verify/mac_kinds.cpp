#include "sim/verify/mac_kinds.hpp"

#include <stdexcept>

namespace qmac::verify {

const std::vector<NamedMacKind>& named_mac_kinds() {
  static const std::vector<NamedMacKind> kinds = {
      {"int8", "int8", "int8", golden::AccumulatorKind::Int},
      {"int4", "int4", "int4", golden::AccumulatorKind::Int},
      {"e4m3", "e4m3", "e4m3", golden::AccumulatorKind::Fp32},
      {"e5m2", "e5m2", "e5m2", golden::AccumulatorKind::Fp32},
      {"e4m3xe5m2", "e4m3", "e5m2", golden::AccumulatorKind::Fp32},
      {"e4m3-kulisch", "e4m3", "e4m3", golden::AccumulatorKind::Kulisch},
      {"e5m2-kulisch", "e5m2", "e5m2", golden::AccumulatorKind::Kulisch},
      {"mxfp8_e4m3", "mxfp8_e4m3", "mxfp8_e4m3", golden::AccumulatorKind::Fp32},
      {"mxfp8_e5m2", "mxfp8_e5m2", "mxfp8_e5m2", golden::AccumulatorKind::Fp32},
      {"mxfp6_e2m3", "mxfp6_e2m3", "mxfp6_e2m3", golden::AccumulatorKind::Fp32},
      {"mxfp6_e3m2", "mxfp6_e3m2", "mxfp6_e3m2", golden::AccumulatorKind::Fp32},
      {"mxfp4", "mxfp4", "mxfp4", golden::AccumulatorKind::Fp32},
      {"mxint8", "mxint8", "mxint8", golden::AccumulatorKind::Fp32},
      {"dialectfp4", "dialectfp4", "dialectfp4", golden::AccumulatorKind::Fp32},
      {"posit8", "posit8", "posit8", golden::AccumulatorKind::Quire},
      {"posit16", "posit16", "posit16", golden::AccumulatorKind::Quire},
  };
  return kinds;
}

golden::MacKind mac_kind_named(const std::string& name) {
  std::string known;
  for (const auto& k : named_mac_kinds()) {
    if (name == k.name) return golden::resolve_mac_kind({k.a, k.b, k.acc, 32, 32, {}});
    known += (known.empty() ? "" : ", ") + std::string(k.name);
  }
  throw std::invalid_argument("unknown MAC kind '" + name + "'; known: " + known);
}

}  // namespace qmac::verify
