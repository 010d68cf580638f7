// LlamaModel: the weights of a LLaMA-family decoder (RMSNorm, RoPE,
// grouped-query attention, SwiGLU, an optional classifier tied to the token
// embedding), FP32, in one layout whatever file they came from. Matrices are
// [out][in] row-major (a linear layer computes y = W x), as llama2.c and
// Hugging Face store them. RoPE rotates interleaved pairs (2i, 2i+1)
// (llama2.c's convention; a Hugging Face checkpoint's q/k rows are permuted
// back to it when read).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace qmac::lm {

struct LlamaConfig {
  int dim = 0;          // hidden size
  int hidden_dim = 0;   // FFN (intermediate) size
  int n_layers = 0;
  int n_heads = 0;
  int n_kv_heads = 0;
  int vocab_size = 0;
  int seq_len = 0;      // the context the model was trained for
  float rms_eps = 1e-5f;
  float rope_theta = 10000.0f;
  bool tied_classifier = true;
  int head_dim() const { return dim / n_heads; }
  int kv_dim() const { return head_dim() * n_kv_heads; }
};

struct LlamaLayer {
  std::vector<float> attn_norm, ffn_norm;  // [dim]
  std::vector<float> wq, wk, wv, wo;      // [dim][dim], [kv_dim][dim] (k, v), [dim][dim]
  std::vector<float> w1, w2, w3;          // gate [hidden][dim], down [dim][hidden], up [hidden][dim]
};

struct LlamaModel {
  std::string source;  // the file it was read from
  LlamaConfig config;
  std::vector<float> token_embedding;  // [vocab][dim]
  std::vector<LlamaLayer> layers;
  std::vector<float> final_norm;       // [dim]
  std::vector<float> classifier;       // [vocab][dim]; empty when tied to the embedding
  const std::vector<float>& lm_head() const { return classifier.empty() ? token_embedding : classifier; }
  // A streamed model (read_hf_llama above its threshold): `layers` is empty
  // and each layer is converted from the mapped files when it is needed.
  std::function<LlamaLayer(int)> load_layer;
  // Layer l from `layers`, or loaded into `scratch`.
  const LlamaLayer& layer(int l, LlamaLayer& scratch) const {
    if (!layers.empty()) return layers[static_cast<std::size_t>(l)];
    scratch = load_layer(l);
    return scratch;
  }
  std::uint64_t parameters() const;
};

// A llama2.c checkpoint (the legacy format: 7 little-endian int32 dim,
// hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size (negative: an
// untied classifier follows), seq_len; then FP32 weights). Throws
// std::invalid_argument naming the file, the byte offset and what was
// expected (a header out of range, a truncated file, trailing bytes, a
// non-finite weight).
LlamaModel read_llama2c(const std::string& path);
// The same from the file's bytes (`origin` names it in errors).
LlamaModel parse_llama2c(const std::vector<unsigned char>& bytes, const std::string& origin);

// A Hugging Face LLaMA directory: config.json (hidden_size,
// intermediate_size, num_hidden_layers, num_attention_heads, vocab_size,
// rms_norm_eps required; num_key_value_heads, rope_theta,
// max_position_embeddings, tie_word_embeddings (false), head_dim
// (hidden/heads, the only layout taken) and hidden_act (only silu) when
// present; other keys ignored) and model.safetensors, or shards listed by
// model.safetensors.index.json; F32, F16 or BF16 tensors with HF's names.
// q/k rows are permuted back from HF's rotate-half order. Throws
// std::invalid_argument naming the file and what was expected.
// Layers whose FP32 weights would take more than `stream_above_bytes` are
// not loaded: each is read from the mapped safetensors when a forward pass
// reaches it (a 7B-class model in 24 GiB).
LlamaModel read_hf_llama(const std::string& dir, std::uint64_t stream_above_bytes = std::uint64_t{2} << 30);
LlamaConfig parse_hf_config(const std::string& json_text, const std::string& origin);
// A directory is a Hugging Face model, a file a llama2.c checkpoint.
LlamaModel read_llama(const std::string& path);

}  // namespace qmac::lm
