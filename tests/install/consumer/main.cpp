#include <cstdio>

#include "golden/formats/e4m3.hpp"
#include "golden/formats/registry.hpp"

int main() {
  using namespace qmac::golden;
  const auto code = E4M3::encode(from_fp32_bits(0x3f800000u));  // 1.0
  const auto& f = find_format("mxfp4");
  std::printf("e4m3(1.0) = %02llx, mxfp4 element = %s\n", static_cast<unsigned long long>(code), f.element.c_str());
  return code == 0x38 && f.element == "e2m1" ? 0 : 1;
}
