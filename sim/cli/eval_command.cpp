#include "sim/cli/eval_command.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <optional>
#include <sstream>

#include <boost/program_options.hpp>

#include "sim/cli/command_line.hpp"
#include "sim/explore/explore_runner.hpp"
#include "sim/explore/quant_scheme.hpp"
#include "sim/io/file_hash.hpp"
#include "sim/io/report_file.hpp"
#include "sim/lm/lm_eval.hpp"
#include "sim/lm/recommend.hpp"
#include "sim/lm/sampling.hpp"
#include "sim/report/eval_report.hpp"
#include "sim/workload/transformer.hpp"
#include "sim/lm/token_file.hpp"

namespace qmac::cli {
namespace {

namespace po = boost::program_options;


}  // namespace

int eval_command(int argc, char** argv, std::ostream& out, std::ostream& err, const explore::CostModelFactory& make_cost) {
  po::options_description opts(
      "qmac eval --model MODEL (--tokens FILE | --bytes FILE | --sample N --length L) --formats F,... [options]: a language model's loss with every "
      "linear layer in each number format, against FP32\noptions");
  std::string model, tokens, bytes, formats = "e4m3,mxfp4,dialectfp4", out_dir;
  int sequences = 0, length = 0, block = 32, sample = 0, start = 1, threads = 1;
  std::uint64_t seed = 1;
  std::string write_tokens, arch;
  double budget_kld = -1, budget_ppl = -1;
  opts.add_options()("help,h", "this help")
      ("model", po::value(&model), "a llama2.c checkpoint (.bin, the legacy format) or a Hugging Face directory "
                                   "(config.json + model.safetensors or its shards)")
      ("tokens", po::value(&tokens), "token ids: a .npy of integers, [sequences, length] or 1-D, or a text file of "
                                     "whitespace-separated ids")
      ("bytes", po::value(&bytes), "a file whose every byte is a token (byte-level models)")
      ("formats", po::value(&formats)->default_value(formats), "explore formats or W:A pairs, comma-separated")
      ("sample", po::value(&sample), "N: score N sequences of --length sampled from the FP32 model (for a model without its "
                                     "tokenizer), each from --start, with --seed")
      ("start", po::value(&start)->default_value(1), "--sample: the first token of each sequence (llama2.c's BOS is 1)")
      ("seed", po::value(&seed)->default_value(1), "--sample: the sampler's seed")
      ("write-tokens", po::value(&write_tokens), "--sample: also write the sampled tokens here (.npy, int32 [N, length])")
      ("sequences", po::value(&sequences)->default_value(0), "windows to score (0: as many whole ones as fit)")
      ("length", po::value(&length)->default_value(0), "tokens per window (0: the model's context); the first is context only")
      ("block", po::value(&block)->default_value(32), "MX and DialectFP4 block size")
      ("threads", po::value(&threads)->default_value(1), "sequences run on this many threads (1..256; results do not depend on it)")
      ("lm-head", "the LM head in the format too (by default FP32)")
      ("attention", "QK^T and PV in the format too, both operands in its activation scheme (by default FP32)")
      ("per-layer", "also each decoder layer alone in the format (the rest FP32)")
      ("arch", po::value(&arch), "A.yaml: each format's energy and area per token on this architecture (the model's GEMMs for "
                                 "one prefill of --length tokens, written to OUT/workload.yaml; needs --out) and the Pareto "
                                 "front of KL against energy")
      ("recommend", "with --arch and a budget: a format per decoder layer from --formats that meets the budget at the least "
                    "energy (greedy on each layer's loss alone in a format, then measured end to end)")
      ("budget-kld", po::value(&budget_kld), "--recommend: mean KL(FP32 || assignment) at most this, nats/token")
      ("budget-ppl", po::value(&budget_ppl), "--recommend: perplexity at most this many percent above FP32's")
      ("out", po::value(&out_dir), "write report.json, report.csv and report.html here");
  po::variables_map vm;
  if (const auto stop = parse_command_line(argc, argv, opts, opts, nullptr, vm, "eval", out, err)) return *stop;
  lm::LlamaModel m;
  std::vector<std::vector<int>> seqs;
  lm::EvalOptions o;
  std::string token_source, workload_file;
  explore::CostModel cost;
  try {
    if (model.empty()) throw std::invalid_argument("--model is required (a llama2.c checkpoint or a Hugging Face directory)");
    if ((!tokens.empty()) + (!bytes.empty()) + vm.count("sample") != 1)
      throw std::invalid_argument("give one of --tokens FILE (token ids), --bytes FILE (byte-level) or --sample N (from the model)");
    if (!write_tokens.empty() && !vm.count("sample")) throw std::invalid_argument("--write-tokens goes with --sample");
    if (!write_tokens.empty()) io::prepare_output_file(write_tokens);
    if (block < 8 || block > 256 || (block & (block - 1)))
      throw std::invalid_argument("--block " + std::to_string(block) + ": expected a power of two in 8..256");
    o.scheme.block = block;
    o.formats = split_commas(formats);
    if (o.formats.empty()) throw std::invalid_argument("--formats: expected format names, not '" + formats + "'");
    for (const auto& f : o.formats) {
      const explore::SchemePair p = explore::parse_pair(f);  // each name checked before any work
      (void)explore::QuantScheme(p.weight, o.scheme);
      (void)explore::QuantScheme(p.activation, o.scheme);
    }
    if (threads < 1 || threads > 256) throw std::invalid_argument("--threads: expected 1..256, not " + std::to_string(threads));
    o.threads = threads;
    o.lm_head = vm.count("lm-head") > 0;
    o.attention = vm.count("attention") > 0;
    o.per_layer = vm.count("per-layer") > 0;
    if (!arch.empty() && out_dir.empty()) throw std::invalid_argument("--arch needs --out DIR (the model's workload.yaml goes there)");
    if (!arch.empty() && !make_cost) throw std::invalid_argument("--arch: this qmac has no cost model");
    if ((vm.count("budget-kld") || vm.count("budget-ppl")) && !vm.count("recommend"))
      throw std::invalid_argument("--budget-kld and --budget-ppl go with --recommend");
    if (vm.count("recommend")) {
      if (arch.empty()) throw std::invalid_argument("--recommend needs --arch A.yaml (the energy it minimizes) and --out DIR");
      if (vm.count("budget-kld") + vm.count("budget-ppl") != 1)
        throw std::invalid_argument("--recommend needs one budget: --budget-kld X (nats/token) or --budget-ppl P (percent)");
      if (vm.count("budget-kld") && !(budget_kld >= 0 && budget_kld < 1e6))
        throw std::invalid_argument("--budget-kld: expected a KL of 0 or more nats/token, not " + std::to_string(budget_kld));
      if (vm.count("budget-ppl") && !(budget_ppl > 0 && budget_ppl < 1e6))
        throw std::invalid_argument("--budget-ppl: expected a percent above 0, not " + std::to_string(budget_ppl));
      o.per_layer = true;  // the sensitivities the search starts from
    }
    if (!out_dir.empty()) io::prepare_output_dir(out_dir);
    m = lm::read_llama(model);
    if (vm.count("sample")) {
      if (!length) throw std::invalid_argument("--sample needs --length");
      seqs = lm::sample_sequences(m, sample, length, start, seed);
      token_source = "sampled from the FP32 model (seed " + std::to_string(seed) + ", start " + std::to_string(start) + ")";
      if (!write_tokens.empty()) lm::write_token_npy(write_tokens, seqs);
    } else {
      token_source = tokens.empty() ? bytes : tokens;
      const std::vector<std::vector<int>> rows = tokens.empty() ? std::vector<std::vector<int>>{lm::read_byte_tokens(bytes)}
                                                                : lm::read_token_file(tokens);
      for (const auto& row : rows)
        for (int t : row)
          if (t >= m.config.vocab_size)
            throw std::invalid_argument(token_source + ": token " + std::to_string(t) + " is outside " + model + "'s vocabulary (0.." +
                                        std::to_string(m.config.vocab_size - 1) + ")");
      seqs = lm::sequences_of(rows, sequences, length, m.config.seq_len, token_source);
    }
    if (!arch.empty()) {
      // The model's own GEMMs, one prefill of a sequence, costed as `qmac run` would (checked before the evaluation).
      const auto& k = m.config;
      const sim::TransformerDims dims{model, k.dim, k.n_heads, k.n_kv_heads, k.head_dim(), k.hidden_dim, k.n_layers, k.vocab_size, true};
      workload_file = out_dir + "/workload.yaml";
      io::write_atomically(workload_file, sim::workload_yaml(dims, {sim::Phase::Prefill, static_cast<std::int64_t>(seqs.front().size()), 1}));
      cost = make_cost(arch, workload_file);
    }
  } catch (const std::exception& e) {
    err << "qmac eval: " << e.what() << "\n";
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  lm::EvalReport rep;
  std::optional<lm::Evaluator> evaluator;
  try {
    evaluator.emplace(m, seqs, o);
    rep = evaluator->run();
  } catch (const std::invalid_argument& e) {
    err << "qmac eval: " << e.what() << "\n";
    return 2;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& k = m.config;
  report::EvalContext ctx;
  ctx.model = model;
  std::error_code ec;
  // A Hugging Face directory is named by its config.json's hash.
  ctx.model_hashed = std::filesystem::is_directory(model, ec) ? model + "/config.json" : model;
  ctx.config = k;
  ctx.parameters = m.parameters();
  ctx.tokens = token_source;
  ctx.sequences = seqs.size();
  ctx.length = seqs.front().size();
  ctx.lm_head = o.lm_head;
  ctx.attention = o.attention;
  try {
    ctx.model_sha1 = io::sha1_of_file(ctx.model_hashed);
    if (!vm.count("sample")) ctx.tokens_sha1 = io::sha1_of_file(token_source);
  } catch (const std::runtime_error& e) {
    err << "qmac eval: " << e.what() << "\n";
    return 2;
  }
  if (cost) {
    ctx.arch = arch;
    ctx.workload = workload_file;
    try {
      for (const auto& f : o.formats) ctx.costs.push_back(cost(explore::parse_pair(f)));
    } catch (const std::exception& e) {
      err << "qmac eval: --arch: " << e.what() << "\n";
      return 2;
    }
    ctx.pareto = report::eval_pareto(ctx.costs, rep);
  }
  if (vm.count("recommend")) {
    // One decoder layer's GEMMs (no LM head), costed per format: what moving one layer to a format costs or saves.
    report::EvalContext::Recommendation rc;
    rc.metric = vm.count("budget-kld") ? "kld" : "delta_nll";
    rc.budget = vm.count("budget-kld") ? budget_kld : std::log1p(budget_ppl / 100);
    rc.budget_text = vm.count("budget-kld") ? "--budget-kld " + std::to_string(budget_kld) : "--budget-ppl " + std::to_string(budget_ppl) + " %";
    rc.layer_workload = out_dir + "/layer_workload.yaml";
    std::vector<std::vector<lm::LayerOption>> options(static_cast<std::size_t>(k.n_layers));
    try {
      sim::TransformerDims one{model, k.dim, k.n_heads, k.n_kv_heads, k.head_dim(), k.hidden_dim, 1, k.vocab_size, true};
      one.lm_head = false;
      io::write_atomically(rc.layer_workload, sim::workload_yaml(one, {sim::Phase::Prefill, static_cast<std::int64_t>(ctx.length), 1}));
      const explore::CostModel layer_cost = make_cost(arch, rc.layer_workload);
      for (std::size_t f = 0; f < o.formats.size(); ++f) {
        const explore::FormatCost c = layer_cost(explore::parse_pair(o.formats[f]));
        if (!c.costed()) {
          out << "recommend: " << rep.formats[f].format << " left out: " << c.missing << "\n";
          continue;
        }
        rc.formats.push_back(o.formats[f]);
        for (int l = 0; l < k.n_layers; ++l) {
          const lm::Scores& s = rep.formats[f].per_layer[static_cast<std::size_t>(l)];
          options[static_cast<std::size_t>(l)].push_back({rc.metric == "kld" ? s.kl : s.dnll, c.energy_pj / static_cast<double>(ctx.length)});
        }
      }
      if (rc.formats.empty()) throw std::invalid_argument("no format of --formats can be costed on " + arch);
      std::vector<lm::Scores> seen;
      rc.measured = lm::recommend(options, rc.budget, [&](const std::vector<int>& choice) {
        std::vector<std::string> names;
        for (int f : choice) names.push_back(rc.formats[static_cast<std::size_t>(f)]);
        seen.push_back(evaluator->assignment(names));
        return rc.metric == "kld" ? seen.back().kl : seen.back().dnll;
      });
      rc.scores = seen.back();
    } catch (const std::exception& e) {
      err << "qmac eval: --recommend: " << e.what() << "\n";
      return 2;
    }
    ctx.recommendation = rc;
  }
  out << "qmac " QMAC_VERSION " eval: " << model << " (dim " << k.dim << ", " << k.n_layers << " layers, " << k.n_heads << " heads ("
      << k.n_kv_heads << " KV), FFN " << k.hidden_dim << ", vocabulary " << k.vocab_size << ", " << m.parameters() << " parameters)\n"
      << "tokens: " << token_source << ", " << seqs.size() << " sequences of " << seqs.front().size() << "; " << rep.fp32.tokens
      << " positions scored (each sequence's first token is context only)\n"
      << report::eval_scope_text(ctx) << "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %9s %10s %10s %8s %20s\n", "format", "NLL", "perplexity", "KL", "top-1", "dNLL (95% CI)");
  out << line;
  std::snprintf(line, sizeof line, "%-22s %9.4f %10.3f %10s %8s %20s\n", "fp32", rep.fp32.nll, rep.fp32.ppl, "-", "-", "-");
  out << line;
  for (const auto& f : rep.formats) {
    std::snprintf(line, sizeof line, "%-22s %9.4f %10.3f %10.5f %7.2f%% %+10.4f +-%-7.4f\n", f.format.c_str(), f.all.nll, f.all.ppl, f.all.kl,
                  100 * f.all.top1, f.all.dnll, f.all.dnll_ci95);
    out << line;
  }
  if (o.per_layer) {
    out << "\nper layer (that layer alone in the format): dNLL\n";
    for (const auto& f : rep.formats) {
      out << "  " << f.format << ":";
      for (std::size_t l = 0; l < f.per_layer.size(); ++l) {
        std::snprintf(line, sizeof line, "  L%zu %+.4f", l, f.per_layer[l].dnll);
        out << line;
      }
      out << "\n";
    }
  }
  if (!ctx.costs.empty()) {
    out << "\ncost on " << arch << " (" << workload_file << ": one prefill of " << ctx.length << " tokens, fast mode); * on the KL/energy Pareto front\n";
    std::snprintf(line, sizeof line, "%-22s %-14s %16s %12s %8s\n", "format", "MAC", "energy/token", "area mm2", "DRAM");
    out << line;
    for (std::size_t i = 0; i < ctx.costs.size(); ++i) {
      const auto& c = ctx.costs[i];
      if (!c.costed()) {
        out << "  " << rep.formats[i].format << ": not costed: " << c.missing << "\n";
        continue;
      }
      std::snprintf(line, sizeof line, "%-22s %-14s %13.1f pJ %12.4f %7.1f%%%s\n", rep.formats[i].format.c_str(), c.mac.c_str(),
                    c.energy_pj / static_cast<double>(ctx.length), c.area_um2 / 1e6, 100 * c.dram_share, ctx.pareto[i] ? " *" : "");
      out << line;
    }
  }
  if (ctx.recommendation) out << "\n" << report::recommendation_text(*ctx.recommendation);
  // Forward passes over every sequence: FP32, each format, and with --per-layer each layer alone in each format.
  const double passes = 1.0 + static_cast<double>(rep.formats.size()) * (1.0 + (o.per_layer ? k.n_layers : 0));
  out << "time: " << secs << " s, " << passes << " passes over the tokens: " << passes * static_cast<double>(seqs.size() * seqs.front().size()) / secs
      << " tokens/s (" << threads << (threads == 1 ? " thread)\n" : " threads)\n");
  if (!out_dir.empty()) {
    try {
      io::write_atomically(out_dir + "/report.json", report::eval_json(ctx, rep));
      io::write_atomically(out_dir + "/report.csv", report::eval_csv(ctx, rep));
      io::write_atomically(out_dir + "/report.html", report::eval_html(ctx, rep));
    } catch (const std::runtime_error& e) {
      err << "qmac eval: " << e.what() << "\n";
      return 1;
    }
    out << "reports: " << out_dir << "/report.json, report.csv, report.html\n";
  }
  return 0;
}

}  // namespace qmac::cli
