#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "sim/io/input_file.hpp"
#include "sim/io/text_number.hpp"
#include "sim/lm/input_bytes.hpp"
#include "sim/lm/llama_model.hpp"
#include "sim/tensors/header_literal.hpp"
#include "sim/tensors/safetensors_reader.hpp"

namespace qmac::lm {
namespace {

using tensors::HeaderLiteral;
namespace fs = std::filesystem;

constexpr std::uint64_t kMaxJsonBytes = 64 << 20;

HeaderLiteral json_file(const std::string& path) {
  const std::vector<unsigned char> b = input_bytes(path, kMaxJsonBytes);
  std::string error;
  auto v = tensors::parse_header_literal(std::string(b.begin(), b.end()), tensors::LiteralDialect::Json, error);
  if (!v) throw std::invalid_argument(path + ": bad JSON " + error);
  if (v->kind != HeaderLiteral::Kind::Object) throw std::invalid_argument(path + ": expected a JSON object");
  return *v;
}

}  // namespace

LlamaConfig parse_hf_config(const std::string& json_text, const std::string& origin) {
  std::string error;
  const auto v = tensors::parse_header_literal(json_text, tensors::LiteralDialect::Json, error);
  if (!v) throw std::invalid_argument(origin + ": bad JSON " + error);
  if (v->kind != HeaderLiteral::Kind::Object) throw std::invalid_argument(origin + ": expected a JSON object");
  const auto integer = [&](const char* key, bool required, int fallback, int lo, int hi) {
    const HeaderLiteral* x = v->find(key);
    if (!x || x->kind == HeaderLiteral::Kind::Null) {
      if (required) throw std::invalid_argument(origin + ": '" + key + "' is missing (a LLaMA config.json needs it)");
      return fallback;
    }
    if (x->kind != HeaderLiteral::Kind::Integer || x->integer < lo || x->integer > hi)
      throw std::invalid_argument(origin + ": '" + key + "' must be an integer " + std::to_string(lo) + ".." + std::to_string(hi) +
                                  ", not " + (x->kind == HeaderLiteral::Kind::Integer ? std::to_string(x->integer) : x->text.empty() ? "a non-number" : x->text));
    return static_cast<int>(x->integer);
  };
  const auto number = [&](const char* key, bool required, double fallback, double lo, double hi) {
    const HeaderLiteral* x = v->find(key);
    if (!x || x->kind == HeaderLiteral::Kind::Null) {
      if (required) throw std::invalid_argument(origin + ": '" + key + "' is missing (a LLaMA config.json needs it)");
      return fallback;
    }
    double d = 0;
    const bool is_number = x->kind == HeaderLiteral::Kind::Integer ? (d = static_cast<double>(x->integer), true)
                           : x->kind == HeaderLiteral::Kind::Number && io::parse_number(x->text, d);
    if (!is_number || !(d >= lo && d <= hi))
      throw std::invalid_argument(origin + ": '" + key + "' must be a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return d;
  };
  LlamaConfig k;
  k.dim = integer("hidden_size", true, 0, 1, 65536);
  k.hidden_dim = integer("intermediate_size", true, 0, 1, 1 << 18);
  k.n_layers = integer("num_hidden_layers", true, 0, 1, 1024);
  k.n_heads = integer("num_attention_heads", true, 0, 1, k.dim);
  k.vocab_size = integer("vocab_size", true, 0, 1, 1 << 20);
  k.rms_eps = static_cast<float>(number("rms_norm_eps", true, 0, 1e-12, 1));
  k.n_kv_heads = integer("num_key_value_heads", false, k.n_heads, 1, k.n_heads);
  k.rope_theta = static_cast<float>(number("rope_theta", false, 10000.0, 1.0, 1e12));
  k.seq_len = integer("max_position_embeddings", false, 2048, 1, 1 << 20);
  if (k.dim % k.n_heads != 0 || k.n_heads % k.n_kv_heads != 0)
    throw std::invalid_argument(origin + ": hidden_size must be a multiple of num_attention_heads, and it of num_key_value_heads");
  const int head = integer("head_dim", false, k.dim / k.n_heads, 2, 65536);
  if (head != k.dim / k.n_heads)
    throw std::invalid_argument(origin + ": head_dim " + std::to_string(head) + " is not hidden_size / num_attention_heads (" +
                                std::to_string(k.dim / k.n_heads) + "); qmac eval takes only that layout");
  if (k.head_dim() % 2) throw std::invalid_argument(origin + ": the head size " + std::to_string(k.head_dim()) + " is odd (RoPE rotates pairs)");
  if (const HeaderLiteral* t = v->find("tie_word_embeddings")) {
    if (t->kind != HeaderLiteral::Kind::Bool) throw std::invalid_argument(origin + ": 'tie_word_embeddings' must be true or false");
    k.tied_classifier = t->boolean;
  } else {
    k.tied_classifier = false;
  }
  if (const HeaderLiteral* a = v->find("hidden_act")) {
    if (a->kind != HeaderLiteral::Kind::String || a->text != "silu")
      throw std::invalid_argument(origin + ": 'hidden_act' must be \"silu\" (SwiGLU), not '" + a->text + "'");
  }
  return k;
}

LlamaModel read_hf_llama(const std::string& dir, std::uint64_t stream_above_bytes) {
  const std::string cfg_path = dir + "/config.json";
  if (const auto why = io::unreadable_reason(cfg_path)) throw std::invalid_argument(cfg_path + ": " + *why + " (a Hugging Face model directory has one)");
  const std::vector<unsigned char> cfg = input_bytes(cfg_path, kMaxJsonBytes);
  LlamaModel m;
  m.source = dir;
  m.config = parse_hf_config(std::string(cfg.begin(), cfg.end()), cfg_path);
  const LlamaConfig& k = m.config;
  // Which file holds which tensor: one model.safetensors, or the index of the shards.
  std::map<std::string, std::string> where;
  std::vector<std::string> names = {"model.embed_tokens.weight", "model.norm.weight"};
  if (!k.tied_classifier) names.push_back("lm_head.weight");
  static const char* per_layer[] = {"input_layernorm.weight", "post_attention_layernorm.weight", "self_attn.q_proj.weight",
                                    "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight",
                                    "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"};
  for (int l = 0; l < k.n_layers; ++l)
    for (const char* n : per_layer) names.push_back("model.layers." + std::to_string(l) + "." + n);
  const std::string index_path = dir + "/model.safetensors.index.json";
  if (!io::unreadable_reason(index_path)) {
    const HeaderLiteral idx = json_file(index_path);
    const HeaderLiteral* map = idx.find("weight_map");
    if (!map || map->kind != HeaderLiteral::Kind::Object) throw std::invalid_argument(index_path + ": expected a 'weight_map' object");
    for (const auto& n : names) {
      const HeaderLiteral* f = map->find(n);
      if (!f || f->kind != HeaderLiteral::Kind::String || f->text.find('/') != std::string::npos || f->text.empty())
        throw std::invalid_argument(index_path + ": weight_map has no shard file for '" + n + "'");
      where[n] = dir + "/" + f->text;
    }
  } else {
    for (const auto& n : names) where[n] = dir + "/model.safetensors";
  }
  // Each file mapped once and its header checked; a tensor converted when taken
  // (every one is taken below, so a missing tensor is refused before any work).
  // The map is complete before a streamed layer reads it from several threads.
  using Files = std::map<std::string, std::unique_ptr<const tensors::SafetensorsFile>>;
  auto opened = std::make_shared<Files>();
  try {
    for (const auto& [n, f] : where)
      if (!opened->count(f)) opened->emplace(f, std::make_unique<const tensors::SafetensorsFile>(f));
  } catch (const tensors::TensorFileError& e) {
    throw std::invalid_argument(e.what());
  }
  const std::shared_ptr<const Files> files = opened;
  const auto take = [files, where](const std::string& n, std::int64_t rows, std::int64_t cols) {
    tensors::Tensor t;
    try {
      t = files->at(where.at(n))->read(n);
    } catch (const tensors::TensorFileError& e) {
      throw std::invalid_argument(e.what());
    }
    const std::vector<std::int64_t> want = rows ? std::vector<std::int64_t>{rows, cols} : std::vector<std::int64_t>{cols};
    if (t.shape != want) {
      std::string s;
      for (auto x : t.shape) s += (s.empty() ? "" : ", ") + std::to_string(x);
      throw std::invalid_argument(where.at(n) + ": tensor '" + n + "' has shape [" + s + "], expected [" +
                                  (rows ? std::to_string(rows) + ", " : std::string()) + std::to_string(cols) + "] for config.json's sizes");
    }
    std::vector<float> v(t.fp32.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] = std::bit_cast<float>(t.fp32[i]);
      if (!std::isfinite(v[i])) throw std::invalid_argument(where.at(n) + ": tensor '" + n + "' has a non-finite value at " + std::to_string(i));
    }
    return v;
  };
  // Hugging Face stores q and k rows permuted for its rotate-half RoPE: within
  // each head, row j * head/2 + i is llama2.c's interleaved row 2i + j.
  const auto unpermute = [k](std::vector<float> w, int heads) {
    const int hd = k.head_dim(), d = k.dim;
    std::vector<float> o(w.size());
    for (int h = 0; h < heads; ++h)
      for (int i = 0; i < hd / 2; ++i)
        for (int j = 0; j < 2; ++j)
          std::copy_n(w.begin() + static_cast<std::ptrdiff_t>(h * hd + j * (hd / 2) + i) * d, d,
                      o.begin() + static_cast<std::ptrdiff_t>(h * hd + 2 * i + j) * d);
    return o;
  };
  const std::int64_t d = k.dim, kv = k.kv_dim(), hid = k.hidden_dim, V = k.vocab_size;
  m.token_embedding = take("model.embed_tokens.weight", V, d);
  m.final_norm = take("model.norm.weight", 0, d);
  if (!k.tied_classifier) m.classifier = take("lm_head.weight", V, d);
  const auto load = [take, unpermute, k, d, kv, hid](int l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    LlamaLayer L;
    L.attn_norm = take(p + "input_layernorm.weight", 0, d);
    L.ffn_norm = take(p + "post_attention_layernorm.weight", 0, d);
    L.wq = unpermute(take(p + "self_attn.q_proj.weight", d, d), k.n_heads);
    L.wk = unpermute(take(p + "self_attn.k_proj.weight", kv, d), k.n_kv_heads);
    L.wv = take(p + "self_attn.v_proj.weight", kv, d);
    L.wo = take(p + "self_attn.o_proj.weight", d, d);
    L.w1 = take(p + "mlp.gate_proj.weight", hid, d);
    L.w3 = take(p + "mlp.up_proj.weight", hid, d);
    L.w2 = take(p + "mlp.down_proj.weight", d, hid);
    return L;
  };
  const std::uint64_t layer_bytes = 4 * (m.parameters() - m.token_embedding.size() - m.final_norm.size() - m.classifier.size());
  if (layer_bytes > stream_above_bytes) {
    // Checked now as a whole read would be (shapes, finite values), one layer at a time.
    for (int l = 0; l < k.n_layers; ++l) (void)load(l);
    m.load_layer = load;
  } else {
    for (int l = 0; l < k.n_layers; ++l) m.layers.push_back(load(l));
  }
  return m;
}

LlamaModel read_llama(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return read_hf_llama(path);
  return read_llama2c(path);
}

}  // namespace qmac::lm
