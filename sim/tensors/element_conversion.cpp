#include "sim/tensors/element_conversion.hpp"

#include "golden/formats/bf16.hpp"
#include "golden/formats/fp16.hpp"
#include "golden/formats/minifloat.hpp"

namespace qmac::tensors {

int element_bytes(StoredType t) {
  switch (t) {
    case StoredType::F16:
    case StoredType::BF16: return 2;
    case StoredType::F32: return 4;
    case StoredType::F64: return 8;
  }
  return 0;
}

const char* dtype_name(StoredType t) {
  switch (t) {
    case StoredType::F16: return "float16";
    case StoredType::BF16: return "bfloat16";
    case StoredType::F32: return "float32";
    case StoredType::F64: return "float64";
  }
  return "?";
}

std::vector<std::uint32_t> to_fp32(const unsigned char* data, std::size_t n, StoredType t, bool big_endian) {
  const int w = element_bytes(t);
  std::vector<std::uint32_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t raw = 0;
    for (int b = 0; b < w; ++b) {
      const std::uint64_t byte = data[i * static_cast<std::size_t>(w) + static_cast<std::size_t>(b)];
      raw |= byte << (8 * (big_endian ? (w - 1 - b) : b));
    }
    switch (t) {
      case StoredType::F16: out[i] = golden::to_fp32_bits(golden::Fp16::decode(raw)); break;
      case StoredType::BF16: out[i] = static_cast<std::uint32_t>(raw) << 16; break;
      case StoredType::F32: out[i] = static_cast<std::uint32_t>(raw); break;
      case StoredType::F64: out[i] = golden::to_fp32_bits(golden::from_fp64_bits(raw)); break;
    }
  }
  return out;
}

}  // namespace qmac::tensors
