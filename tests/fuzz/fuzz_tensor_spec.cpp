// explore's generator specs (KIND:ROWSxCOLS[:key=value]): parsed or refused
// with std::invalid_argument; small accepted specs are generated too.
#include <stdexcept>
#include <string>

#include "sim/tensors/synthetic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string spec(reinterpret_cast<const char*>(data), size);
  try {
    const auto s = qmac::tensors::parse_synthetic(spec, 1);
    if (s.rows < 1 || s.cols < 1 || s.rows > qmac::tensors::kMaxSyntheticElements / s.cols) __builtin_trap();
    if (s.rows * s.cols <= 4096) (void)qmac::tensors::generate(s);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
