// qmac eval's speed (tokens per second of one forward pass, FP32 and in a
// format): stories260K, and a synthetic LLaMA-7B-shaped stack of two decoder
// layers (dim 4096, FFN 11008, 32 heads, vocabulary 32000; random F32
// weights written once to $TMPDIR/qmac_bench_llama7b_2l) read as qmac reads
// a 7B model: each layer streamed from the mapped safetensors file when the
// forward pass reaches it. A format's pass includes quantizing the weights:
// once per format for stories260K (cached, as qmac eval does), at every use
// for the streamed stack (whose quantized layers are not kept).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "sim/explore/explore_runner.hpp"
#include "sim/lm/llama_forward.hpp"
#include "sim/lm/llama_model.hpp"
#include "sim/lm/quantized_linear.hpp"

namespace {

namespace fs = std::filesystem;
using namespace qmac;

// Writes config.json and one model.safetensors of F32 values from a
// xorshift, tensor by tensor (never the whole model in memory).
std::string synthetic_7b_layers() {
  const fs::path dir = fs::temp_directory_path() / "qmac_bench_llama7b_2l";
  const std::int64_t d = 4096, hid = 11008, V = 32000, L = 2;
  if (fs::exists(dir / "model.safetensors") && fs::exists(dir / "config.json")) return dir.string();
  fs::create_directories(dir);
  struct T {
    std::string name;
    std::vector<std::int64_t> shape;
    bool norm;
  };
  std::vector<T> ts = {{"model.embed_tokens.weight", {V, d}, false}, {"model.norm.weight", {d}, true}};
  for (int l = 0; l < L; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    for (const char* n : {"input_layernorm.weight", "post_attention_layernorm.weight"}) ts.push_back({p + n, {d}, true});
    for (const char* n : {"self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight"})
      ts.push_back({p + n, {d, d}, false});
    ts.push_back({p + "mlp.gate_proj.weight", {hid, d}, false});
    ts.push_back({p + "mlp.up_proj.weight", {hid, d}, false});
    ts.push_back({p + "mlp.down_proj.weight", {d, hid}, false});
  }
  std::string h = "{";
  std::uint64_t off = 0;
  for (const T& t : ts) {
    std::uint64_t n = 1;
    std::string shape;
    for (auto x : t.shape) {
      n *= static_cast<std::uint64_t>(x);
      shape += (shape.empty() ? "" : ",") + std::to_string(x);
    }
    h += (h.size() > 1 ? "," : "") + std::string("\"") + t.name + "\":{\"dtype\":\"F32\",\"shape\":[" + shape + "],\"data_offsets\":[" +
         std::to_string(off) + "," + std::to_string(off + 4 * n) + "]}";
    off += 4 * n;
  }
  h += "}";
  std::ofstream f(dir / "model.safetensors", std::ios::binary);
  const std::uint64_t hn = h.size();
  f.write(reinterpret_cast<const char*>(&hn), 8);
  f << h;
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  std::vector<float> buf;
  for (const T& t : ts) {
    std::uint64_t n = 1;
    for (auto s : t.shape) n *= static_cast<std::uint64_t>(s);
    const float scale = t.norm ? 0.0f : 2.0f / std::sqrt(static_cast<float>(t.shape.back()));
    buf.resize(n);
    for (auto& v : buf) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      v = (t.norm ? 1.0f : 0.0f) + scale * (static_cast<float>(x >> 40) / static_cast<float>(1 << 24) - 0.5f);
    }
    f.write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(4 * n));
  }
  std::ofstream(dir / "config.json") << "{\"hidden_size\": 4096, \"intermediate_size\": 11008, \"num_hidden_layers\": 2, "
                                        "\"num_attention_heads\": 32, \"num_key_value_heads\": 32, \"vocab_size\": 32000, "
                                        "\"rms_norm_eps\": 1e-05, \"max_position_embeddings\": 4096, \"tie_word_embeddings\": true, "
                                        "\"hidden_act\": \"silu\"}";
  return dir.string();
}

const lm::LlamaModel& model(int which) {
  static const lm::LlamaModel small = lm::read_llama(QMAC_SHARED_DIR "/models/stories260K.bin");
  if (which == 0) return small;
  // Streamed as a real 7B model (26 GB of FP32 layers, past read_hf_llama's 2 GiB) would be.
  static const lm::LlamaModel big = lm::read_hf_llama(synthetic_7b_layers(), 0);
  return big;
}

// Arg 0: the model (0 stories260K, 1 the 7B-shaped stack); arg 1: the format (0 FP32, 1 mxfp4, 2 e4m3).
void BM_EvalForward(benchmark::State& state) {
  const lm::LlamaModel& m = model(static_cast<int>(state.range(0)));
  const int tokens = state.range(0) == 0 ? 128 : 32;
  std::vector<int> seq;
  for (int t = 0; t < tokens; ++t) seq.push_back((t * 7919 + 1) % m.config.vocab_size);
  static const char* formats[] = {"fp32", "mxfp4", "e4m3"};
  const std::string f = formats[state.range(1)];
  std::unique_ptr<lm::LinearBackend> backend;
  if (f == "fp32") backend = std::make_unique<lm::Fp32Linear>();
  else
    backend = std::make_unique<lm::QuantizedLinear>(explore::parse_pair(f), explore::SchemeOptions{}, [](const lm::LinearSite&) { return true; },
                                                    false, !m.layers.empty());
  for (auto _ : state) benchmark::DoNotOptimize(lm::forward_logits(m, seq, *backend));
  state.SetItemsProcessed(state.iterations() * tokens);
  state.SetLabel((state.range(0) == 0 ? "stories260K " : "7B-shaped, 2 layers ") + f + ", " + std::to_string(tokens) + " tokens" +
                 (m.layers.empty() ? ", layers streamed from the mapped file" : ""));
}
BENCHMARK(BM_EvalForward)->Args({0, 0})->Args({0, 1})->Args({0, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvalForward)->Args({1, 0})->Args({1, 1})->Iterations(2)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
