// Transformer dimension files (configs/models/*.yaml) -> sim::TransformerDims.
//   name: llama2-7b
//   hidden: 4096, heads: 32, kv_heads: 32, head_dim: 128, ffn: 11008,
//   gated_mlp: true, layers: 32, vocab: 32000
// Every key is required but gated_mlp (default true); heads must be a
// multiple of kv_heads. Errors name the file and line.
#pragma once

#include <string>

#include "sim/workload/transformer.hpp"

namespace qmac::config {

// The directory of the shipped model files (configs/models).
std::string models_dir();

// `model`: a shipped model's name (models_dir()/NAME.yaml) or a .yaml path.
sim::TransformerDims load_model_dims(const std::string& model);

}  // namespace qmac::config
