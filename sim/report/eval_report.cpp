#include "sim/report/eval_report.hpp"

#include <sstream>

#include "sim/io/report_file.hpp"
#include "sim/report/svg_chart.hpp"

namespace qmac::report {
namespace {

void scores_json(std::ostream& o, const lm::Scores& s) {
  o << "\"tokens\": " << s.tokens << ", \"nll\": " << s.nll << ", \"perplexity\": " << s.ppl << ", \"kld\": " << s.kl
    << ", \"top1_agreement\": " << s.top1 << ", \"delta_nll\": " << s.dnll << ", \"delta_nll_ci95\": " << s.dnll_ci95;
}

void cost_json(std::ostream& o, const EvalContext& c, std::size_t i) {
  if (c.costs.empty()) return;
  const explore::FormatCost& f = c.costs[i];
  o << ", \"cost\": {\"mac\": " << io::json_string(f.mac);
  if (!f.costed()) {
    o << ", \"missing\": " << io::json_string(f.missing) << "}";
    return;
  }
  o << ", \"energy_pj_per_token\": " << f.energy_pj / static_cast<double>(c.length) << ", \"energy_pj\": " << f.energy_pj
    << ", \"cycles\": " << f.cycles << ", \"area_um2\": " << f.area_um2 << ", \"dram_share\": " << f.dram_share
    << ", \"pareto\": " << (c.pareto[i] ? "true" : "false") << "}";
}

}  // namespace

std::vector<bool> eval_pareto(const std::vector<explore::FormatCost>& costs, const lm::EvalReport& r) {
  std::vector<bool> front(costs.size(), false);
  for (std::size_t i = 0; i < costs.size(); ++i) {
    if (!costs[i].costed()) continue;
    bool beaten = false;
    for (std::size_t j = 0; j < costs.size() && !beaten; ++j) {
      if (j == i || !costs[j].costed()) continue;
      const double ei = costs[i].energy_pj, ej = costs[j].energy_pj, ki = r.formats[i].all.kl, kj = r.formats[j].all.kl;
      beaten = ej <= ei && kj <= ki && (ej < ei || kj < ki);
    }
    front[i] = !beaten;
  }
  return front;
}

std::string eval_scope_text(const EvalContext& c) {
  return std::string("in the format: q, k, v, o, gate, up, down") + (c.lm_head ? ", lm_head" : " (lm_head FP32)") +
         (c.attention ? ", QK^T and PV (activation scheme); norms, RoPE, softmax and SiLU in FP32"
                      : "; attention (QK^T, PV), norms, RoPE, softmax and SiLU in FP32") +
         ". GEMMs: golden's quantizers and block arithmetic (exact block sums, one RNE per block into FP32; posits: the quire)";
}

std::string eval_json(const EvalContext& c, const lm::EvalReport& r) {
  std::ostringstream j;
  j.precision(9);
  const auto& k = c.config;
  j << "{\n  \"qmac_version\": \"" QMAC_VERSION "\",\n  \"command\": \"qmac eval\",\n"
    << "  \"model\": {\"path\": " << io::json_string(c.model) << ", \"sha1\": \"" << c.model_sha1 << "\", \"sha1_of\": "
    << io::json_string(c.model_hashed) << ", \"config\": {\"dim\": " << k.dim << ", \"hidden_dim\": " << k.hidden_dim
    << ", \"layers\": " << k.n_layers << ", \"heads\": " << k.n_heads << ", \"kv_heads\": " << k.n_kv_heads << ", \"vocab\": " << k.vocab_size
    << ", \"context\": " << k.seq_len << ", \"tied_classifier\": " << (k.tied_classifier ? "true" : "false") << "}, \"parameters\": "
    << c.parameters << "},\n"
    << "  \"tokens\": {\"source\": " << io::json_string(c.tokens) << ", \"sha1\": " << (c.tokens_sha1.empty() ? "null" : "\"" + c.tokens_sha1 + "\"")
    << ", \"sequences\": " << c.sequences << ", \"length\": " << c.length << "},\n"
    << "  \"in_format\": " << io::json_string(eval_scope_text(c)) << ",\n  \"lm_head_in_format\": " << (c.lm_head ? "true" : "false")
    << ",\n  \"attention_in_format\": " << (c.attention ? "true" : "false");
  if (!c.arch.empty())
    j << ",\n  \"arch\": " << io::json_string(c.arch) << ",\n  \"workload\": " << io::json_string(c.workload)
      << ",\n  \"cost_basis\": \"one prefill of the sequence length through the model's GEMMs, qmac run's fast mode\"";
  j << ",\n  \"fp32\": {";
  scores_json(j, r.fp32);
  j << "},\n  \"formats\": [";
  for (std::size_t i = 0; i < r.formats.size(); ++i) {
    const auto& f = r.formats[i];
    j << (i ? ",\n" : "\n") << "    {\"format\": " << io::json_string(f.format) << ", ";
    scores_json(j, f.all);
    j << ", \"clipped_activations\": " << f.clipped_activations;
    cost_json(j, c, i);
    j << ", \"per_layer\": [";
    for (std::size_t l = 0; l < f.per_layer.size(); ++l) {
      j << (l ? ", " : "") << "{\"layer\": " << l << ", ";
      scores_json(j, f.per_layer[l]);
      j << "}";
    }
    j << "]}";
  }
  j << "\n  ]";
  if (c.recommendation) {
    const auto& rc = *c.recommendation;
    const auto& answer = rc.measured.back();
    j << ",\n  \"recommendation\": {\"metric\": \"" << rc.metric << "\", \"budget\": " << rc.budget << ", \"budget_given\": "
      << io::json_string(rc.budget_text) << ", \"layer_workload\": " << io::json_string(rc.layer_workload)
      << ", \"search\": \"greedy on per-layer sensitivity (losses taken as additive), then measured end to end; a move undone while "
         "the measured loss exceeds the budget\", \"met\": "
      << (answer.loss <= rc.budget ? "true" : "false") << ", \"layers\": [";
    for (std::size_t l = 0; l < answer.assignment.format_of_layer.size(); ++l)
      j << (l ? ", " : "") << io::json_string(rc.formats[static_cast<std::size_t>(answer.assignment.format_of_layer[l])]);
    j << "], \"estimated_loss\": " << answer.assignment.estimated_loss << ", \"measured_loss\": " << answer.loss
      << ", \"decoder_energy_pj_per_token\": " << answer.assignment.energy_pj << ", ";
    scores_json(j, rc.scores);
    j << ", \"assignments_measured\": " << rc.measured.size() << "}";
  }
  j << "\n}\n";
  return j.str();
}

std::string recommendation_text(const EvalContext::Recommendation& r) {
  std::ostringstream o;
  o.precision(4);
  const auto& answer = r.measured.back();
  o << "recommendation for " << r.budget_text << " (" << (r.metric == "kld" ? "mean KL" : "mean dNLL") << " <= " << r.budget
    << " nats/token; greedy on per-layer sensitivity, losses taken as additive, then measured end to end; energy of the decoder "
       "layers from "
    << r.layer_workload << "):\n";
  for (std::size_t l = 0; l < answer.assignment.format_of_layer.size(); ++l)
    o << "  layer " << l << ": " << r.formats[static_cast<std::size_t>(answer.assignment.format_of_layer[l])] << "\n";
  for (std::size_t i = 0; i < r.measured.size(); ++i)
    o << "  " << (i ? "after undoing a move: " : "measured: ") << "estimated " << r.measured[i].assignment.estimated_loss << ", measured "
      << r.measured[i].loss << ", " << r.measured[i].assignment.energy_pj << " pJ/token in the decoder layers\n";
  o << "  " << (answer.loss <= r.budget ? "meets the budget" : "does NOT meet the budget, even with every layer in its most accurate format")
    << ": NLL " << r.scores.nll << ", perplexity " << r.scores.ppl << ", KL " << r.scores.kl << ", top-1 " << 100 * r.scores.top1 << " %\n";
  return o.str();
}

std::string eval_csv(const EvalContext& c, const lm::EvalReport& r) {
  std::ostringstream o;
  o.precision(9);
  o << "# qmac " QMAC_VERSION " eval, " << io::csv_field(c.model) << ", tokens " << io::csv_field(c.tokens) << "\n"
    << "format,scope,tokens,nll,perplexity,kld,top1_agreement,delta_nll,delta_nll_ci95\n";
  auto row = [&o](const std::string& f, const std::string& scope, const lm::Scores& s) {
    o << io::csv_field(f) << "," << scope << "," << s.tokens << "," << s.nll << "," << s.ppl << "," << s.kl << "," << s.top1 << "," << s.dnll
      << "," << s.dnll_ci95 << "\n";
  };
  row("fp32", "all", r.fp32);
  for (const auto& f : r.formats) {
    row(f.format, "all", f.all);
    for (std::size_t l = 0; l < f.per_layer.size(); ++l) row(f.format, "layer" + std::to_string(l), f.per_layer[l]);
  }
  return o.str();
}

std::string eval_html(const EvalContext& c, const lm::EvalReport& r) {
  std::ostringstream h;
  h.precision(5);
  h << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>qmac eval: " << svg::escape(c.model) << "</title>"
    << "<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}"
       "td,th{border:1px solid #ccc;padding:0.2em 0.6em;text-align:right}th{background:#eee}td:first-child{text-align:left}</style></head><body>\n"
    << "<h1>What each format costs the model</h1>\n<p>qmac " QMAC_VERSION " eval · model <code>" << svg::escape(c.model) << "</code> (SHA-1 "
    << c.model_sha1 << ", " << c.parameters << " parameters) · tokens " << svg::escape(c.tokens) << ", " << c.sequences << " sequences of "
    << c.length << " (" << r.fp32.tokens << " positions scored)</p>\n<p>" << svg::escape(eval_scope_text(c)) << ".</p>\n"
    << "<table id=\"scores\"><tr><th>format</th><th>NLL (nats/token)</th><th>perplexity</th><th>KL(FP32 ‖ format)</th><th>top-1 agreement</th>"
       "<th>ΔNLL ± 95 %</th></tr>\n<tr><td>fp32</td><td>"
    << r.fp32.nll << "</td><td>" << r.fp32.ppl << "</td><td>0</td><td>100 %</td><td>–</td></tr>\n";
  svg::StackedBars kl{"KL(FP32 ‖ format), nats per token (lower is better)", "nats", {}, {"KL"}, {}, {}};
  svg::StackedBars ppl{"Perplexity (lower is better; FP32 first)", "", {"fp32"}, {"perplexity"}, {{r.fp32.ppl}}, {}};
  for (const auto& f : r.formats) {
    h << "<tr><td>" << svg::escape(f.format) << "</td><td>" << f.all.nll << "</td><td>" << f.all.ppl << "</td><td>" << f.all.kl << "</td><td>"
      << 100 * f.all.top1 << " %</td><td>" << f.all.dnll << " ± " << f.all.dnll_ci95 << "</td></tr>\n";
    kl.rows.push_back(f.format);
    kl.values.push_back({f.all.kl});
    ppl.rows.push_back(f.format);
    ppl.values.push_back({f.all.ppl});
  }
  h << "</table>\n";
  if (!c.costs.empty()) {
    svg::Scatter sc;
    sc.title = "KL vs energy per token on " + c.arch + " (one prefill of " + std::to_string(c.length) + " tokens, fast mode)";
    sc.x_label = "energy per token (pJ)";
    sc.y_label = "KL(FP32 ‖ format), nats";
    sc.log_x = true;
    for (std::size_t i = 0; i < c.costs.size(); ++i) {
      if (!c.costs[i].costed()) continue;
      sc.labels.push_back(r.formats[i].format);
      sc.x.push_back(c.costs[i].energy_pj / static_cast<double>(c.length));
      sc.y.push_back(r.formats[i].all.kl);
      sc.front.push_back(c.pareto[i]);
    }
    h << "<h2>Quality against energy</h2>\n" << svg::scatter(sc) << "\n<table id=\"costs\"><tr><th>format</th><th>MAC</th>"
      << "<th>energy per token</th><th>area</th><th>Pareto</th></tr>\n";
    for (std::size_t i = 0; i < c.costs.size(); ++i) {
      const auto& f = c.costs[i];
      h << "<tr><td>" << svg::escape(r.formats[i].format) << "</td><td>" << svg::escape(f.mac) << "</td>";
      if (f.costed())
        h << "<td>" << svg::si(f.energy_pj / static_cast<double>(c.length), "J") << "</td><td>" << f.area_um2 / 1e6 << " mm²</td><td>"
          << (c.pareto[i] ? "yes" : "") << "</td></tr>\n";
      else
        h << "<td colspan=\"3\">" << svg::escape(f.missing) << "</td></tr>\n";
    }
    h << "</table>\n";
  }
  if (!r.formats.empty()) h << "<h2>KL divergence</h2>\n" << svg::stacked_bars(kl) << "\n";
  h << "<h2>Perplexity</h2>\n" << svg::stacked_bars(ppl) << "\n";
  if (!r.formats.empty() && !r.formats.front().per_layer.empty()) {
    h << "<h2>Per layer (that layer alone in the format): ΔNLL</h2>\n<table id=\"per-layer\"><tr><th>format</th>";
    for (std::size_t l = 0; l < r.formats.front().per_layer.size(); ++l) h << "<th>layer " << l << "</th>";
    h << "</tr>\n";
    for (const auto& f : r.formats) {
      h << "<tr><td>" << svg::escape(f.format) << "</td>";
      for (const auto& s : f.per_layer) h << "<td>" << s.dnll << "</td>";
      h << "</tr>\n";
    }
    h << "</table>\n";
  }
  if (c.recommendation) h << "<h2>Recommendation</h2>\n<pre id=\"recommendation\">" << svg::escape(recommendation_text(*c.recommendation)) << "</pre>\n";
  h << "</body></html>\n";
  return h.str();
}

}  // namespace qmac::report
