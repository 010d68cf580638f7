// The sizes qmac simulates, checked with overflow-safe arithmetic before
// anything is allocated (docs/config.md lists them). Past them a layer is
// refused with the numbers, never wrapped or allocated blindly.
#pragma once

#include <cstdint>

namespace qmac::models {

inline constexpr std::int64_t kMaxGemmDim = std::int64_t{1} << 24;      // M, K, N each
inline constexpr std::uint64_t kMaxRepeat = std::uint64_t{1} << 32;
// M*K*N*repeat: every counter of a run (cycles included) stays far inside 64 bits.
inline constexpr std::uint64_t kMaxRunMacs = std::uint64_t{1} << 56;
// Folds of one layer (one FoldPlan entry each, ~120 bytes): 2^22 folds ~ 0.5 GB.
inline constexpr std::uint64_t kMaxFoldsPerLayer = std::uint64_t{1} << 22;
inline constexpr std::size_t kMaxLayers = 1 << 16;  // per workload file
// Cycle mode holds A, B and C of one layer as 32-bit tokens.
inline constexpr std::uint64_t kMaxCycleModeElements = std::uint64_t{1} << 28;

}  // namespace qmac::models
