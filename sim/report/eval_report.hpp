// qmac eval's reports: report.json, report.csv and report.html (a table and
// bar charts of KL and perplexity per format), each naming qmac's version,
// the model and token files (with their SHA-1) and what ran in the format.
#pragma once

#include <optional>
#include <string>

#include "sim/explore/format_cost.hpp"
#include "sim/lm/lm_eval.hpp"
#include "sim/lm/llama_model.hpp"
#include "sim/lm/recommend.hpp"

namespace qmac::report {

struct EvalContext {
  std::string model;        // as given (file or directory)
  std::string model_sha1;   // of the checkpoint, or a directory's config.json
  std::string model_hashed; // the file model_sha1 is of
  lm::LlamaConfig config;
  std::uint64_t parameters = 0;
  std::string tokens;       // the token file, or how they were sampled
  std::string tokens_sha1;  // "" when sampled
  std::size_t sequences = 0, length = 0;
  bool lm_head = false, attention = false;
  // With --arch: the architecture, the model's workload file, and per format
  // its cost for one pass (prefill of `length` tokens) and whether it is on
  // the Pareto front of energy per token vs KL.
  std::string arch, workload;
  std::vector<explore::FormatCost> costs;
  std::vector<bool> pareto;
  // With --recommend: the budget, the formats it chose among (those a
  // decoder layer could be costed in), each layer's energy per token in
  // them, and every assignment measured (the last is the answer).
  struct Recommendation {
    std::string metric;  // "kld" or "delta_nll"
    double budget = 0;   // nats/token
    std::string budget_text, layer_workload;
    std::vector<std::string> formats;
    std::vector<lm::Measured> measured;
    lm::Scores scores;   // the answer's end-to-end scores
  };
  std::optional<Recommendation> recommendation;
};

// The recommendation in words: one line per layer and the measurements.
std::string recommendation_text(const EvalContext::Recommendation& r);

// The formats (indices into r.formats) no other costed format beats on both
// energy per token and KL: pareto[i] for each.
std::vector<bool> eval_pareto(const std::vector<explore::FormatCost>& costs, const lm::EvalReport& r);

// What ran in the format and what stayed FP32, in words (terminal and reports).
std::string eval_scope_text(const EvalContext& c);
std::string eval_json(const EvalContext& c, const lm::EvalReport& r);
std::string eval_csv(const EvalContext& c, const lm::EvalReport& r);
std::string eval_html(const EvalContext& c, const lm::EvalReport& r);

}  // namespace qmac::report
