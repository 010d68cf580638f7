// Writers of the two model forms qmac eval reads, for tests: a llama2.c
// checkpoint and a Hugging Face directory (config.json, safetensors, HF's
// names, q/k rows in HF's rotate-half order), written from a LlamaModel
// independently of qmac's readers (the permutation is HF's own: row 2i + j of
// a head goes to j * head/2 + i).
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "sim/lm/llama_model.hpp"

namespace qmac::lm::test {

struct NamedTensor {
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<float> v;
};

// q or k of `heads` heads from llama2.c's interleaved pairs to HF's halves.
inline std::vector<float> hf_permute(const std::vector<float>& w, int heads, int head_dim, int dim) {
  std::vector<float> o(w.size());
  for (int h = 0; h < heads; ++h)
    for (int r = 0; r < head_dim; ++r) {
      const int i = r / 2, j = r % 2;
      std::copy_n(w.begin() + static_cast<std::ptrdiff_t>(h * head_dim + r) * dim, dim,
                  o.begin() + static_cast<std::ptrdiff_t>(h * head_dim + j * head_dim / 2 + i) * dim);
    }
  return o;
}

inline std::vector<NamedTensor> hf_tensors(const LlamaModel& m) {
  const LlamaConfig& k = m.config;
  const std::int64_t d = k.dim, kv = k.kv_dim(), hid = k.hidden_dim;
  std::vector<NamedTensor> ts;
  ts.push_back({"model.embed_tokens.weight", {k.vocab_size, d}, m.token_embedding});
  ts.push_back({"model.norm.weight", {d}, m.final_norm});
  if (!m.classifier.empty()) ts.push_back({"lm_head.weight", {k.vocab_size, d}, m.classifier});
  for (int l = 0; l < k.n_layers; ++l) {
    const LlamaLayer& L = m.layers[static_cast<std::size_t>(l)];
    const std::string p = "model.layers." + std::to_string(l) + ".";
    ts.push_back({p + "input_layernorm.weight", {d}, L.attn_norm});
    ts.push_back({p + "post_attention_layernorm.weight", {d}, L.ffn_norm});
    ts.push_back({p + "self_attn.q_proj.weight", {d, d}, hf_permute(L.wq, k.n_heads, k.head_dim(), k.dim)});
    ts.push_back({p + "self_attn.k_proj.weight", {kv, d}, hf_permute(L.wk, k.n_kv_heads, k.head_dim(), k.dim)});
    ts.push_back({p + "self_attn.v_proj.weight", {kv, d}, L.wv});
    ts.push_back({p + "self_attn.o_proj.weight", {d, d}, L.wo});
    ts.push_back({p + "mlp.gate_proj.weight", {hid, d}, L.w1});
    ts.push_back({p + "mlp.up_proj.weight", {hid, d}, L.w3});
    ts.push_back({p + "mlp.down_proj.weight", {d, hid}, L.w2});
  }
  return ts;
}

inline void write_safetensors(const std::string& path, const std::vector<const NamedTensor*>& part) {
  std::string h = "{";
  std::uint64_t off = 0;
  for (const NamedTensor* t : part) {
    std::string shape;
    for (auto x : t->shape) shape += (shape.empty() ? "" : ",") + std::to_string(x);
    h += (h.size() > 1 ? "," : "") + std::string("\"") + t->name + "\":{\"dtype\":\"F32\",\"shape\":[" + shape +
         "],\"data_offsets\":[" + std::to_string(off) + "," + std::to_string(off + 4 * t->v.size()) + "]}";
    off += 4 * t->v.size();
  }
  h += "}";
  std::ofstream f(path, std::ios::binary);
  const std::uint64_t n = h.size();
  f.write(reinterpret_cast<const char*>(&n), 8);
  f << h;
  for (const NamedTensor* t : part) f.write(reinterpret_cast<const char*>(t->v.data()), static_cast<std::streamsize>(4 * t->v.size()));
}

inline std::string hf_config_json(const LlamaConfig& k) {
  return "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": " + std::to_string(k.dim) +
         ", \"intermediate_size\": " + std::to_string(k.hidden_dim) + ", \"num_hidden_layers\": " + std::to_string(k.n_layers) +
         ", \"num_attention_heads\": " + std::to_string(k.n_heads) + ", \"num_key_value_heads\": " + std::to_string(k.n_kv_heads) +
         ", \"vocab_size\": " + std::to_string(k.vocab_size) + ", \"rms_norm_eps\": 1e-05, \"max_position_embeddings\": " +
         std::to_string(k.seq_len) + ", \"tie_word_embeddings\": " + (k.tied_classifier ? "true" : "false") +
         ", \"hidden_act\": \"silu\", \"torch_dtype\": \"float32\"}";
}

// One model.safetensors and config.json in `dir` (which must exist).
inline void write_hf(const LlamaModel& m, const std::string& dir) {
  const std::vector<NamedTensor> ts = hf_tensors(m);
  std::vector<const NamedTensor*> all;
  for (const auto& t : ts) all.push_back(&t);
  write_safetensors(dir + "/model.safetensors", all);
  std::ofstream(dir + "/config.json") << hf_config_json(m.config);
}

// The legacy llama2.c layout: 7 int32 (vocab negative when the classifier is
// untied), the weights in its order, the two RoPE tables (zeros: unused), the
// classifier last.
inline void write_llama2c(const LlamaModel& m, const std::string& path) {
  const LlamaConfig& k = m.config;
  const std::int32_t h[7] = {k.dim, k.hidden_dim, k.n_layers, k.n_heads, k.n_kv_heads,
                             k.tied_classifier ? k.vocab_size : -k.vocab_size, k.seq_len};
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(h), sizeof h);
  auto put = [&](const std::vector<float>& v) { f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(4 * v.size())); };
  put(m.token_embedding);
  auto each = [&](std::vector<float> LlamaLayer::*field) {
    for (const auto& L : m.layers) put(L.*field);
  };
  each(&LlamaLayer::attn_norm);
  each(&LlamaLayer::wq);
  each(&LlamaLayer::wk);
  each(&LlamaLayer::wv);
  each(&LlamaLayer::wo);
  each(&LlamaLayer::ffn_norm);
  each(&LlamaLayer::w1);
  each(&LlamaLayer::w2);
  each(&LlamaLayer::w3);
  put(m.final_norm);
  put(std::vector<float>(static_cast<std::size_t>(k.seq_len) * static_cast<std::size_t>(k.head_dim()), 0.0f));
  if (!k.tied_classifier) put(m.classifier);
}

}  // namespace qmac::lm::test
