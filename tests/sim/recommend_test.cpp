// qmac eval --recommend: the greedy search on a table worked by hand, the
// undo when the end-to-end measurement exceeds the budget, and the command on
// the Austen model (the answer measured within its budget; a looser budget
// never costs more energy).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include "sim/lm/recommend.hpp"
#include "tests/sim/shell.hpp"

namespace qmac::lm {
namespace {

// Two layers, formats A (accurate, 10 pJ) and B (4 pJ). Layer 0 loses 0.05 in
// B, layer 1 only 0.01 more than its 0.01 in A.
const std::vector<std::vector<LayerOption>> kTable = {
    {{0.00, 10}, {0.05, 4}},
    {{0.01, 10}, {0.02, 4}},
};

TEST(Recommend, GreedyTakesTheBestSavingPerLossWithinTheBudget) {
  // Start A, A (0.01). Layer 1 to B adds 0.01 for 6 pJ; layer 0 to B would reach 0.07.
  Assignment a = greedy_assignment(kTable, 0.04);
  EXPECT_EQ(a.format_of_layer, (std::vector<int>{0, 1}));
  EXPECT_DOUBLE_EQ(a.estimated_loss, 0.02);
  EXPECT_DOUBLE_EQ(a.energy_pj, 14);
  ASSERT_EQ(a.moves.size(), 1u);
  EXPECT_EQ(a.moves[0].layer, 1);
  // A loose budget: layer 1 first (600 pJ per nat), then layer 0 (120).
  a = greedy_assignment(kTable, 1);
  EXPECT_EQ(a.format_of_layer, (std::vector<int>{1, 1}));
  ASSERT_EQ(a.moves.size(), 2u);
  EXPECT_EQ(a.moves[0].layer, 1);
  EXPECT_EQ(a.moves[1].layer, 0);
  EXPECT_DOUBLE_EQ(a.energy_pj, 8);
  // Below the most accurate start: no move.
  a = greedy_assignment(kTable, 0);
  EXPECT_EQ(a.format_of_layer, (std::vector<int>{0, 0}));
  EXPECT_TRUE(a.moves.empty());
  // Three formats of one layer: B and C save 400 pJ per nat alike, B saves more (8 pJ); a budget
  // B does not fit leaves C; an equally accurate, cheaper format is the start.
  const std::vector<std::vector<LayerOption>> three = {{{0.0, 10}, {0.02, 2}, {0.01, 6}}};
  EXPECT_EQ(greedy_assignment(three, 1).format_of_layer, (std::vector<int>{1}));
  EXPECT_EQ(greedy_assignment(three, 0.015).format_of_layer, (std::vector<int>{2}));
  EXPECT_EQ(greedy_assignment({{{0.0, 10}, {0.0, 9}}}, 0).format_of_layer, (std::vector<int>{1}));
  EXPECT_THROW((void)greedy_assignment({{{0, 1}}, {{0, 1}, {0, 2}}}, 1), std::invalid_argument);
}

TEST(Recommend, AMoveIsUndoneWhileTheMeasurementExceedsTheBudget) {
  // Measured, {A, B} loses 0.05 (the estimate said 0.02): undone, {A, A} measured again.
  std::vector<std::vector<int>> asked;
  const auto r = recommend(kTable, 0.04, [&](const std::vector<int>& c) {
    asked.push_back(c);
    return c == std::vector<int>{0, 1} ? 0.05 : 0.01;
  });
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(asked, (std::vector<std::vector<int>>{{0, 1}, {0, 0}}));
  EXPECT_EQ(r.back().assignment.format_of_layer, (std::vector<int>{0, 0}));
  EXPECT_DOUBLE_EQ(r.back().loss, 0.01);
  EXPECT_DOUBLE_EQ(r.back().assignment.energy_pj, 20);
}

namespace fs = std::filesystem;

boost::property_tree::ptree recommend_run(const fs::path& d, const std::string& budget, int* st, std::string* out) {
  const std::string cmd = std::string(QMAC_BINARY) + " eval --model " QMAC_SHARED_DIR "/models/austen-lm-1m.bin --bytes " QMAC_SHARED_DIR
                          "/models/austen-validation.txt --sequences 4 --length 96 --formats mxfp4,dialectfp4,int8 --arch " +
                          (d / "arch.yaml").string() + " --recommend " + budget + " --out " + (d / budget.substr(2, 10)).string();
  *out = test::shell(cmd, st);
  boost::property_tree::ptree pt;
  if (*st == 0) boost::property_tree::read_json((d / budget.substr(2, 10) / "report.json").string(), pt);
  return pt;
}

TEST(Recommend, OnTheAustenModelTheAnswerIsMeasuredWithinItsBudget) {
  const fs::path d = fs::temp_directory_path() / ("qmac_recommend_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  // Pre-quantized activations: the 4-bit kinds cost less than int8 here.
  std::ifstream in(std::string(QMAC_SOURCE_DIR) + "/configs/arch/default.yaml");
  std::string arch((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  arch.replace(arch.find("activation_format: fp16"), 23, "activation_format: none");
  std::ofstream(d / "arch.yaml") << arch;
  int st = 0;
  std::string out;
  const auto tight = recommend_run(d, "--budget-kld 0.01", &st, &out);
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("recommendation for --budget-kld"), std::string::npos) << out;
  const auto& r = tight.get_child("recommendation");
  EXPECT_EQ(r.get<std::string>("metric"), "kld");
  EXPECT_TRUE(r.get<bool>("met")) << out;
  EXPECT_LE(r.get<double>("measured_loss"), 0.01);
  EXPECT_EQ(r.get<double>("measured_loss"), r.get<double>("kld")) << "the loss measured is the answer's KL";
  std::size_t layers = 0;
  for (const auto& l : r.get_child("layers")) {
    ++layers;
    EXPECT_TRUE((std::set<std::string>{"mxfp4", "dialectfp4", "int8"}.count(l.second.get_value<std::string>()))) << out;
  }
  EXPECT_EQ(layers, 4u);
  std::ifstream html(d / "budget-kld" / "report.html");
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("<pre id=\"recommendation\">recommendation for --budget-kld"), std::string::npos);
  // Any loss allowed: every layer in its cheapest format, at no more energy than the tight answer.
  const auto loose = recommend_run(d, "--budget-ppl 1000", &st, &out);
  ASSERT_EQ(st, 0) << out;
  const auto& l = loose.get_child("recommendation");
  EXPECT_EQ(l.get<std::string>("metric"), "delta_nll");
  EXPECT_LE(l.get<double>("decoder_energy_pj_per_token"), r.get<double>("decoder_energy_pj_per_token"));
  for (const auto& x : l.get_child("layers")) EXPECT_NE(x.second.get_value<std::string>(), "int8") << out;
  // Asked wrongly: refused before any work, with the reason.
  out = test::shell(std::string(QMAC_BINARY) + " eval --model " QMAC_SHARED_DIR "/models/austen-lm-1m.bin --sample 1 --length 8 --recommend "
                    "--budget-kld 0.1", &st);
  EXPECT_EQ(WEXITSTATUS(st), 2);
  EXPECT_NE(out.find("--recommend needs --arch"), std::string::npos) << out;
  out = test::shell(std::string(QMAC_BINARY) + " eval --model " QMAC_SHARED_DIR "/models/austen-lm-1m.bin --sample 1 --length 8 --budget-kld 0.1", &st);
  EXPECT_EQ(WEXITSTATUS(st), 2);
  EXPECT_NE(out.find("go with --recommend"), std::string::npos) << out;
  fs::remove_all(d);
}

}  // namespace
}  // namespace qmac::lm
