#include "sim/lm/sampling.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

#include "sim/lm/llama_forward.hpp"

namespace qmac::lm {

std::vector<std::vector<int>> sample_sequences(const LlamaModel& m, int sequences, int length, int start, std::uint64_t seed) {
  const int V = m.config.vocab_size;
  if (sequences < 1 || sequences > 100000) throw std::invalid_argument("--sample: expected 1..100000 sequences, not " + std::to_string(sequences));
  if (length < 2 || length > m.config.seq_len)
    throw std::invalid_argument("--length must be 2.." + std::to_string(m.config.seq_len) + " (the model's context) to sample, not " +
                                std::to_string(length));
  if (start < 0 || start >= V) throw std::invalid_argument("--start " + std::to_string(start) + " is outside the vocabulary (0.." + std::to_string(V - 1) + ")");
  std::mt19937_64 rng(seed);
  Fp32Linear fp32;
  std::vector<std::vector<int>> out;
  std::vector<double> p(static_cast<std::size_t>(V));
  for (int s = 0; s < sequences; ++s) {
    std::vector<int> seq = {start};
    while (static_cast<int>(seq.size()) < length) {
      const std::vector<float> z = forward_logits(m, seq, fp32);
      const float* last = z.data() + (seq.size() - 1) * static_cast<std::size_t>(V);
      double mx = -INFINITY, sum = 0;
      for (int v = 0; v < V; ++v) mx = std::max(mx, static_cast<double>(last[v]));
      for (int v = 0; v < V; ++v) sum += p[static_cast<std::size_t>(v)] = std::exp(static_cast<double>(last[v]) - mx);
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53 * sum;
      int pick = V - 1;
      double c = 0;
      for (int v = 0; v < V; ++v) {
        c += p[static_cast<std::size_t>(v)];
        if (u < c) {
          pick = v;
          break;
        }
      }
      seq.push_back(pick);
    }
    out.push_back(std::move(seq));
  }
  return out;
}

}  // namespace qmac::lm
