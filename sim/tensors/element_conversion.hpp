// Raw element bytes of a stored dtype -> FP32 bit patterns, via golden.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qmac::tensors {

enum class StoredType { F16, BF16, F32, F64 };

int element_bytes(StoredType t);
const char* dtype_name(StoredType t);
// Converts n elements at `data` (little endian unless `big_endian`).
std::vector<std::uint32_t> to_fp32(const unsigned char* data, std::size_t n, StoredType t, bool big_endian = false);

}  // namespace qmac::tensors
