// Hugging Face config.json (qmac eval --model DIR): any byte string is a
// LLaMA configuration whose sizes fit together, or an std::invalid_argument.
#include <stdexcept>
#include <string>

#include "sim/lm/llama_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const qmac::lm::LlamaConfig k = qmac::lm::parse_hf_config(std::string(reinterpret_cast<const char*>(data), size), "config.json");
    if (k.dim <= 0 || k.n_heads <= 0 || k.dim % k.n_heads || k.n_heads % k.n_kv_heads || k.head_dim() % 2) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
