// qmac eval's language model: the llama2.c reader refuses what is not a
// checkpoint (naming the file and the byte), the FP32 forward pass
// reproduces what the models' own README reports (independent numbers: the
// Austen model's validation NLL measured by its trainer, stories260K's greedy
// tokens as llama2.c's `run` prints them), and a format's scores are
// consistent (FP32 against itself: zero KL, full agreement).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/lm/llama_forward.hpp"
#include "sim/lm/llama_model.hpp"
#include "sim/lm/lm_eval.hpp"
#include "sim/lm/sampling.hpp"
#include "sim/lm/token_file.hpp"
#include "tests/sim/llama_files.hpp"

namespace qmac::lm {
namespace {

const std::string kModels = QMAC_SHARED_DIR "/models";

std::vector<unsigned char> tiny_checkpoint(bool tied = true) {
  // dim 4, hidden 6, 1 layer, 2 heads, 1 KV head, vocab 5, seq_len 8.
  const std::int32_t h[7] = {4, 6, 1, 2, 1, tied ? 5 : -5, 8};
  std::vector<unsigned char> b(sizeof h);
  std::memcpy(b.data(), h, sizeof h);
  const std::size_t d = 4, hid = 6, kv = 2, V = 5, rope = 2 * 8 * 1;
  const std::size_t n = V * d + (2 * d + d * d + 2 * d * kv + d * d + 3 * d * hid) + d + rope + (tied ? 0 : V * d);
  for (std::size_t i = 0; i < n; ++i) {
    const float f = static_cast<float>((i * 37 % 11) - 5) / 8.0f;
    unsigned char x[4];
    std::memcpy(x, &f, 4);
    b.insert(b.end(), x, x + 4);
  }
  return b;
}

std::string error_of(const std::vector<unsigned char>& b) {
  try {
    (void)parse_llama2c(b, "m.bin");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Llama2c, ReadsATinyCheckpointTiedOrNot) {
  const LlamaModel m = parse_llama2c(tiny_checkpoint(), "m.bin");
  EXPECT_EQ(m.config.dim, 4);
  EXPECT_EQ(m.config.kv_dim(), 2);
  EXPECT_TRUE(m.classifier.empty());
  EXPECT_EQ(m.parameters(), 5u * 4 + 4 + 4 + 16 + 8 + 8 + 16 + 72 + 4);
  const LlamaModel u = parse_llama2c(tiny_checkpoint(false), "m.bin");
  EXPECT_EQ(u.classifier.size(), 20u);
}

TEST(Llama2c, RefusesWhatIsNotACheckpointNamingTheByte) {
  auto b = tiny_checkpoint();
  EXPECT_NE(error_of({b.begin(), b.begin() + 10}).find("m.bin: byte 8: expected the header's n_layers"), std::string::npos);
  // Short of weights: refused at the header, before anything is allocated; short of the RoPE tables: there.
  EXPECT_NE(error_of({b.begin(), b.end() - 100}).find("m.bin: byte 28: expected 152 FP32 weights after the header"), std::string::npos)
      << error_of({b.begin(), b.end() - 100});
  EXPECT_NE(error_of({b.begin(), b.end() - 100}).find("a truncated file?"), std::string::npos);
  EXPECT_NE(error_of({b.begin(), b.end() - 4}).find("expected the two legacy RoPE tables (64 bytes), found 60"), std::string::npos)
      << error_of({b.begin(), b.end() - 4});
  auto extra = b;
  extra.push_back(0);
  EXPECT_NE(error_of(extra).find("expected the end of the file after the weights, found 1 more bytes"), std::string::npos);
  auto nan = b;
  const float q = std::nanf("");
  std::memcpy(nan.data() + 28 + 4 * 3, &q, 4);
  EXPECT_NE(error_of(nan).find("m.bin: byte 40: expected finite weights, found NaN in token_embedding[3]"), std::string::npos);
  auto heads = b;
  const std::int32_t three = 3;
  std::memcpy(heads.data() + 12, &three, 4);
  EXPECT_NE(error_of(heads).find("dim 4 is not a multiple of n_heads 3"), std::string::npos);
  auto huge = b;
  const std::int32_t big = 1 << 30;
  std::memcpy(huge.data(), &big, 4);
  EXPECT_NE(error_of(huge).find("header: dim must be 1..65536, not 1073741824"), std::string::npos);
  EXPECT_THROW(read_llama2c("/nonexistent/m.bin"), std::invalid_argument);
}

TEST(TokenFile, ParsesIdsAndNamesTheLineAndColumnOfABadOne) {
  EXPECT_EQ(parse_token_ids("1 2\n 3\t4\r\n", "t.txt"), (std::vector<int>{1, 2, 3, 4}));
  auto error = [](const std::string& text) {
    try {
      (void)parse_token_ids(text, "t.txt");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error("1 2\n  x3"), "t.txt:2:3: expected a token id (an integer 0..2147483647), not 'x3'");
  EXPECT_EQ(error("2147483648"), "t.txt:1:1: expected a token id (an integer 0..2147483647), not '2147483648'");
  EXPECT_EQ(error("-1"), "t.txt:1:1: expected a token id (an integer 0..2147483647), not '-1'");
  EXPECT_EQ(error(" \n"), "t.txt: expected token ids (whitespace-separated integers), found none");
  EXPECT_THROW(windows({1, 2, 3}, 2, 2, 8, "t.txt"), std::invalid_argument);  // 3 tokens hold one window of 2
  EXPECT_EQ(windows({1, 2, 3, 4, 5}, 0, 2, 8, "t.txt").size(), 2u);
  EXPECT_THROW(windows({1, 2, 3}, 1, 9, 8, "t.txt"), std::invalid_argument);  // longer than the context
}

// A [2, 3] int32 .npy, written byte by byte here: two sequences of three
// ids; a 1-D one is a stream; a float one or a negative id is refused.
TEST(TokenFile, NpyRowsAreSequences) {
  const std::string dir = (std::filesystem::temp_directory_path() / "qmac_lm_tokens").string();
  std::filesystem::create_directories(dir);
  auto npy = [&](const std::string& name, const std::string& descr, const std::string& shape, const std::vector<unsigned char>& data) {
    std::string h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + h.size() + 1) % 64) h += ' ';
    h += '\n';
    std::ofstream f(dir + "/" + name, std::ios::binary);
    f << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(h.size() & 0xFF) << static_cast<char>(h.size() >> 8) << h;
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    return dir + "/" + name;
  };
  const std::vector<unsigned char> six = {1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0};
  const auto rows = read_token_file(npy("a.npy", "<i4", "(2, 3)", six));
  EXPECT_EQ(rows, (std::vector<std::vector<int>>{{1, 2, 3}, {4, 5, 6}}));
  EXPECT_EQ(sequences_of(rows, 1, 2, 8, "a.npy"), (std::vector<std::vector<int>>{{1, 2}}));
  EXPECT_THROW(sequences_of(rows, 3, 0, 8, "a.npy"), std::invalid_argument);
  EXPECT_EQ(read_token_file(npy("s.npy", "<i4", "(6,)", six)).size(), 1u);
  EXPECT_THROW(read_token_file(npy("f.npy", "<f4", "(6,)", six)), std::invalid_argument);
  const std::vector<unsigned char> neg = {0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0};
  try {
    (void)read_token_file(npy("n.npy", "<i4", "(2,)", neg));
    ADD_FAILURE() << "a negative id was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("n.npy: element 0: expected a token id (0..2147483647), not -1"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

// --sample: the same seed gives the same tokens, another seed others; each
// sequence starts with the start token; written as .npy they read back.
TEST(Sampling, SeededSequencesRoundTripThroughNpy) {
  const LlamaModel m = read_llama2c(kModels + "/stories260K.bin");
  const auto a = sample_sequences(m, 2, 16, 1, 7), b = sample_sequences(m, 2, 16, 1, 7), c = sample_sequences(m, 2, 16, 1, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  ASSERT_EQ(a.size(), 2u);
  for (const auto& s : a) {
    ASSERT_EQ(s.size(), 16u);
    EXPECT_EQ(s.front(), 1);
    for (int t : s) EXPECT_TRUE(t >= 0 && t < 512);
  }
  const std::string path = (std::filesystem::temp_directory_path() / "qmac_sampled.npy").string();
  write_token_npy(path, a);
  EXPECT_EQ(read_token_file(path), a);
  std::filesystem::remove(path);
  EXPECT_THROW(sample_sequences(m, 1, 513, 1, 7), std::invalid_argument);  // past the context
}

// The Austen model's README: 1.1885 nats/byte in FP32 on the validation
// text's first 20 x 256 bytes (measured by its trainer, not by qmac); float
// sums in another order move the fourth decimal.
TEST(LlamaForward, AustenValidationNllIsTheTrainersFp32Number) {
  const LlamaModel m = read_llama2c(kModels + "/austen-lm-1m.bin");
  const auto seqs = windows(read_byte_tokens(kModels + "/austen-validation.txt"), 20, 256, m.config.seq_len, "austen");
  EvalOptions o;
  o.formats = {"bf16", "mxfp4"};
  const EvalReport r = run_eval(m, seqs, o);
  EXPECT_EQ(r.fp32.tokens, 20u * 255);
  // FP32 scored against itself: exactly no divergence, full agreement.
  EXPECT_EQ(r.fp32.kl, 0.0);
  EXPECT_EQ(r.fp32.top1, 1.0);
  EXPECT_EQ(r.fp32.dnll, 0.0);
  EXPECT_NEAR(r.fp32.nll, 1.1885, 1e-3);
  ASSERT_EQ(r.formats.size(), 2u);
  for (const auto& f : r.formats) {
    EXPECT_EQ(f.all.tokens, r.fp32.tokens);
    EXPECT_NEAR(f.all.dnll, f.all.nll - r.fp32.nll, 1e-9) << f.format;
    EXPECT_NEAR(f.all.ppl, std::exp(f.all.nll), 1e-9) << f.format;
    EXPECT_GT(f.all.kl, 0) << f.format;
  }
  // BF16 (8 significant bits, no scale) barely moves the model; MXFP4 (2) moves it more.
  EXPECT_LT(r.formats[0].all.kl, r.formats[1].all.kl);
  EXPECT_GT(r.formats[0].all.top1, r.formats[1].all.top1);
  EXPECT_GT(r.formats[1].all.dnll - r.formats[1].all.dnll_ci95, 0) << "MXFP4 costs the model loss, beyond noise";
}

// stories260K's README: greedy decoding from BOS (token 1) gives 461 461 401
// 401 401 461 378 455 473 456 435 (llama2.c's `run` prints the same ids).
TEST(LlamaForward, Stories260kGreedyTokensAreLlama2cs) {
  const LlamaModel m = read_llama2c(kModels + "/stories260K.bin");
  std::vector<int> seq = {1};
  Fp32Linear fp32;
  for (int step = 0; step < 11; ++step) {
    const std::vector<float> z = forward_logits(m, seq, fp32);
    const float* last = z.data() + (seq.size() - 1) * static_cast<std::size_t>(m.config.vocab_size);
    int best = 0;
    for (int v = 1; v < m.config.vocab_size; ++v)
      if (last[v] > last[best]) best = v;
    seq.push_back(best);
  }
  EXPECT_EQ(std::vector<int>(seq.begin() + 1, seq.end()), (std::vector<int>{461, 461, 401, 401, 401, 461, 378, 455, 473, 456, 435}));
}

// --attention puts QK^T and PV through the format too: the scores move (the
// hook is taken), and without it the linear layers alone give what they gave.
TEST(LlamaForward, AttentionInTheFormatChangesOnlyWhenAsked) {
  const LlamaModel m = read_llama2c(kModels + "/stories260K.bin");
  const std::vector<std::vector<int>> seqs = {{1, 461, 461, 401, 401, 401, 461, 378, 455, 473, 456, 435}};
  EvalOptions o;
  o.formats = {"mxfp4"};
  const EvalReport plain = run_eval(m, seqs, o), again = run_eval(m, seqs, o);
  o.attention = true;
  const EvalReport att = run_eval(m, seqs, o);
  EXPECT_EQ(plain.formats[0].all.nll, again.formats[0].all.nll);
  EXPECT_EQ(plain.fp32.nll, att.fp32.nll);
  EXPECT_NE(plain.formats[0].all.nll, att.formats[0].all.nll);
  EXPECT_NE(plain.formats[0].all.kl, att.formats[0].all.kl);
}

// --threads splits the sequences; the scores are the same, to the bit.
TEST(LlamaForward, ThreadsDoNotChangeTheScores) {
  const LlamaModel m = read_llama2c(kModels + "/stories260K.bin");
  const auto seqs = sample_sequences(m, 5, 20, 1, 3);
  EvalOptions o;
  o.formats = {"mxfp4", "dialectfp4:e4m3"};
  const EvalReport one = run_eval(m, seqs, o);
  o.threads = 3;
  const EvalReport three = run_eval(m, seqs, o);
  EXPECT_EQ(one.fp32.nll, three.fp32.nll);
  for (std::size_t f = 0; f < 2; ++f) {
    EXPECT_EQ(one.formats[f].all.nll, three.formats[f].all.nll);
    EXPECT_EQ(one.formats[f].all.kl, three.formats[f].all.kl);
    EXPECT_EQ(one.formats[f].all.top1, three.formats[f].all.top1);
    EXPECT_EQ(one.formats[f].clipped_activations, three.formats[f].clipped_activations);
  }
}

// A Hugging Face directory written here from the llama2.c Austen model: HF's
// names, q/k rows permuted to HF's rotate-half order (the inverse of what the
// reader does, written independently as HF's own permute: row 2i + j of a
// head goes to j * head/2 + i), config.json; once as one file, once as two
// shards with an index. Both read back to the same FP32 logits, bit for bit.
TEST(HfModel, ALlama2cModelConvertedToHfGivesTheSameLogits) {
  const LlamaModel m = read_llama2c(kModels + "/austen-lm-1m.bin");
  const auto& k = m.config;
  const std::string dir = (std::filesystem::temp_directory_path() / "qmac_hf_model").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/one");
  std::filesystem::create_directories(dir + "/two");
  const std::vector<test::NamedTensor> ts = test::hf_tensors(m);
  const std::string config = test::hf_config_json(k);
  std::vector<const test::NamedTensor*> all, first, second;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    all.push_back(&ts[i]);
    (i % 2 ? second : first).push_back(&ts[i]);
  }
  test::write_safetensors(dir + "/one/model.safetensors", all);
  std::ofstream(dir + "/one/config.json") << config;
  test::write_safetensors(dir + "/two/model-00001-of-00002.safetensors", first);
  test::write_safetensors(dir + "/two/model-00002-of-00002.safetensors", second);
  std::ofstream(dir + "/two/config.json") << config;
  {
    std::ofstream idx(dir + "/two/model.safetensors.index.json");
    idx << "{\"metadata\": {}, \"weight_map\": {";
    for (std::size_t i = 0; i < ts.size(); ++i)
      idx << (i ? ", " : "") << "\"" << ts[i].name << "\": \"model-0000" << (i % 2 ? 2 : 1) << "-of-00002.safetensors\"";
    idx << "}}";
  }
  const std::vector<int> seq = read_byte_tokens(kModels + "/austen-validation.txt");
  const std::vector<int> window(seq.begin(), seq.begin() + 64);
  Fp32Linear fp32;
  const std::vector<float> want = forward_logits(m, window, fp32);
  for (const char* form : {"one", "two"}) {
    const LlamaModel h = read_llama(dir + "/" + form);
    EXPECT_TRUE(h.classifier.empty()) << form;
    const std::vector<float> got = forward_logits(h, window, fp32);
    ASSERT_EQ(got.size(), want.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < got.size(); ++i) differ += std::bit_cast<std::uint32_t>(got[i]) != std::bit_cast<std::uint32_t>(want[i]);
    EXPECT_EQ(differ, 0u) << form;
  }
  // A config.json without a required key, or with an activation other than SiLU, is refused by name.
  std::ofstream(dir + "/one/config.json") << "{\"hidden_size\": 128}";
  try {
    (void)read_llama(dir + "/one");
    ADD_FAILURE() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("config.json: 'intermediate_size' is missing"), std::string::npos) << e.what();
  }
  std::string gelu = config;
  gelu.replace(gelu.find("\"silu\""), 6, "\"gelu\"");
  try {
    (void)parse_hf_config(gelu, "c.json");
    ADD_FAILURE() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("c.json: 'hidden_act' must be \"silu\" (SwiGLU), not 'gelu'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(parse_hf_config(config, "c.json").n_kv_heads, k.n_kv_heads);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace qmac::lm
