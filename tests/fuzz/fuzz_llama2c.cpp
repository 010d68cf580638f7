// llama2.c checkpoints (qmac eval --model): any byte string is a model whose
// tensors have the sizes its header gives, or an std::invalid_argument.
#include <stdexcept>
#include <vector>

#include "sim/lm/llama_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const qmac::lm::LlamaModel m = qmac::lm::parse_llama2c(std::vector<unsigned char>(data, data + size), "fuzz.bin");
    const auto& k = m.config;
    const std::size_t d = static_cast<std::size_t>(k.dim);
    if (m.token_embedding.size() != static_cast<std::size_t>(k.vocab_size) * d || m.layers.size() != static_cast<std::size_t>(k.n_layers))
      __builtin_trap();
    for (const auto& l : m.layers)
      if (l.wk.size() != static_cast<std::size_t>(k.kv_dim()) * d || l.w2.size() != d * static_cast<std::size_t>(k.hidden_dim)) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
