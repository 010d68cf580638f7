// The transformer workload generator: MAC totals equal the closed forms of
// each shipped model and phase (written out here from the models' published
// dimensions), batches scale, the printed YAML is the workload `qmac run`
// reads, and K that does not fill a block is padded, not refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include "sim/config/model_config.hpp"
#include "sim/config/workload_config.hpp"
#include "sim/workload/transformer.hpp"
#include "tests/sim/shell.hpp"

namespace qmac {
namespace {

using U = std::uint64_t;

// 32 layers x (projections + attention + gated MLP) + the LM head (issue 12's forms).
U prefill_macs(U layers, U d, U dkv, U ffn, U vocab, U S) {
  return layers * (S * d * (2 * d + 2 * dkv) + 2 * S * S * d + 3 * S * d * ffn) + S * d * vocab;
}
U decode_macs(U layers, U d, U dkv, U ffn, U vocab, U L) {
  return layers * (d * (2 * d + 2 * dkv) + 2 * L * d + 3 * d * ffn) + d * vocab;
}

U macs(const char* model, sim::Phase p, std::int64_t tokens, std::int64_t batch = 1) {
  return sim::total_macs(sim::transformer_gemms(config::load_model_dims(model), {p, tokens, batch}));
}

TEST(Workload, ShippedModelsMatchTheClosedForms) {
  EXPECT_EQ(macs("llama2-7b", sim::Phase::Prefill, 512), prefill_macs(32, 4096, 4096, 11008, 32000, 512));
  EXPECT_EQ(macs("llama2-7b", sim::Phase::Decode, 2048), decode_macs(32, 4096, 4096, 11008, 32000, 2048));
  // GQA: 8 KV heads of 128.
  EXPECT_EQ(macs("llama3-8b", sim::Phase::Decode, 2048), decode_macs(32, 4096, 1024, 14336, 128256, 2048));
  EXPECT_EQ(macs("llama3-8b", sim::Phase::Decode, 129), decode_macs(32, 4096, 1024, 14336, 128256, 129));
  EXPECT_EQ(macs("llama3-8b", sim::Phase::Prefill, 512), prefill_macs(32, 4096, 1024, 14336, 128256, 512));
  EXPECT_EQ(macs("mistral-7b", sim::Phase::Prefill, 1024), prefill_macs(32, 4096, 1024, 14336, 32000, 1024));
  EXPECT_EQ(macs("mistral-7b", sim::Phase::Decode, 4096), decode_macs(32, 4096, 1024, 14336, 32000, 4096));
  EXPECT_EQ(macs("tiny", sim::Phase::Prefill, 16), prefill_macs(2, 64, 32, 128, 256, 16));
}

TEST(Workload, BatchesAreIndependentSequences) {
  EXPECT_EQ(macs("llama3-8b", sim::Phase::Prefill, 128, 3), 3 * macs("llama3-8b", sim::Phase::Prefill, 128));
  EXPECT_EQ(macs("llama3-8b", sim::Phase::Decode, 300, 4), 4 * macs("llama3-8b", sim::Phase::Decode, 300));
}

const auto& sh = test::shell;

TEST(Workload, ThePrintedYamlIsTheGeneratorsWorkload) {
  const std::string f = std::filesystem::temp_directory_path() / ("qmac_wl_" + std::to_string(::getpid()) + ".yaml");
  int st = 0;
  const std::string out = sh(std::string(QMAC_BINARY) + " workload --model llama3-8b --phase decode --kv 129 --batch 2 --out " + f, &st);
  ASSERT_EQ(st, 0) << out;
  const auto wl = config::load_workload(f);
  const auto& read = wl.layers;
  const auto want = sim::transformer_gemms(config::load_model_dims("llama3-8b"), {sim::Phase::Decode, 129, 2});
  ASSERT_EQ(read.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(read[i].name, want[i].name);
    EXPECT_EQ(read[i].m, want[i].m) << want[i].name;
    EXPECT_EQ(read[i].k, want[i].k) << want[i].name;
    EXPECT_EQ(read[i].n, want[i].n) << want[i].name;
    EXPECT_EQ(read[i].repeat, want[i].repeat) << want[i].name;
  }
}

TEST(Workload, BadUsageNamesWhatIsExpected) {
  int st = 0;
  std::string out = sh(std::string(QMAC_BINARY) + " workload --model gpt-9 --phase prefill --seq 4", &st);
  EXPECT_EQ(WEXITSTATUS(st), 2);
  EXPECT_NE(out.find("no model 'gpt-9'; shipped: "), std::string::npos) << out;
  EXPECT_NE(out.find("llama2-7b"), std::string::npos) << out;
  out = sh(std::string(QMAC_BINARY) + " workload --model tiny --phase decode --seq 4", &st);
  EXPECT_EQ(WEXITSTATUS(st), 2);
  EXPECT_NE(out.find("--phase decode takes --kv L"), std::string::npos) << out;
}

// Decode at context 129 on DialectFP4 (blocks of 32): attn_v's K = 129 is
// padded to 160 with zeros (and tiny's head_dim 16, qk_t's K, to 32),
// counted, and every output still equals golden's.
TEST(Workload, ADecodeStepAtContext129RunsPadded) {
  const auto dir = std::filesystem::temp_directory_path() / ("qmac_pad_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int st = 0;
  std::string out = sh(std::string(QMAC_BINARY) + " workload --model tiny --phase decode --kv 129 --out " + (dir / "w.yaml").string(), &st);
  ASSERT_EQ(st, 0) << out;
  out = sh(std::string(QMAC_BINARY) + " run " + QMAC_SOURCE_DIR + "/configs/arch/default.yaml " + (dir / "w.yaml").string() +
               " --mode cycle --out " + (dir / "o").string(),
           &st);
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("padding: 2 layer(s) padded"), std::string::npos) << out;
  EXPECT_EQ(out.find("FAILED"), std::string::npos) << out;
  boost::property_tree::ptree pt;
  boost::property_tree::read_json((dir / "o" / "report.json").string(), pt);
  for (const auto& l : pt.get_child("layers")) {
    const auto name = l.second.get<std::string>("name");
    // tiny: 4 heads of 16; attn_v is 1 x 129 x 16 per head, padded by 31.
    EXPECT_EQ(l.second.get<std::int64_t>("k_padding"), name == "attn_v" ? 31 : name == "qk_t" ? 16 : 0) << name;
    if (name == "attn_v") {
      EXPECT_EQ(l.second.get<std::uint64_t>("padding_macs"), 1u * 31 * 16 * 2 * 4);
      EXPECT_EQ(l.second.get<std::uint64_t>("macs"), 1u * 160 * 16 * 2 * 4);
    }
  }
}

}  // namespace
}  // namespace qmac
