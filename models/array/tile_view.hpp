// TileView: an operand tile resident in an SRAM buffer, addressed in GEMM
// coordinates (row, col of A or B). Tokens are golden::pe tokens: the code,
// and the block's E8M0 scale in bits 23..16.
#pragma once

#include <cstdint>

namespace qmac::models {

struct TileView {
  const std::uint32_t* data = nullptr;
  std::int64_t r0 = 0, c0 = 0, stride = 0;
  std::uint32_t at(std::int64_t r, std::int64_t c) const { return data[(r - r0) * stride + (c - c0)]; }
};

}  // namespace qmac::models
