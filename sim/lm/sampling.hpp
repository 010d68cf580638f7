// Token sequences sampled from a model in FP32 (for models without a
// tokenizer: qmac eval --sample): each starts with `start` and continues with
// tokens drawn from the next-token distribution at temperature 1, by inverse
// CDF on a 53-bit uniform from mt19937_64(seed) (the same on every platform).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/lm/llama_model.hpp"

namespace qmac::lm {

std::vector<std::vector<int>> sample_sequences(const LlamaModel& m, int sequences, int length, int start, std::uint64_t seed);

}  // namespace qmac::lm
