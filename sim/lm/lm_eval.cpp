#include "sim/lm/lm_eval.hpp"

#include <cmath>

#include "sim/explore/explore_runner.hpp"
#include "sim/lm/llama_forward.hpp"
#include "sim/lm/quantized_linear.hpp"

namespace qmac::lm {
namespace {

// log softmax of one row, in double.
void log_softmax(const float* z, int n, std::vector<double>& out) {
  out.resize(static_cast<std::size_t>(n));
  double mx = -INFINITY;
  for (int i = 0; i < n; ++i) mx = std::max(mx, static_cast<double>(z[i]));
  double s = 0;
  for (int i = 0; i < n; ++i) s += std::exp(static_cast<double>(z[i]) - mx);
  const double lse = mx + std::log(s);
  for (int i = 0; i < n; ++i) out[static_cast<std::size_t>(i)] = static_cast<double>(z[i]) - lse;
}

int argmax(const float* z, int n) {
  int b = 0;
  for (int i = 1; i < n; ++i)
    if (z[i] > z[b]) b = i;
  return b;
}

struct Accumulator {
  std::uint64_t n = 0, agree = 0;
  double nll = 0, kl = 0, d = 0, d2 = 0;
  Scores scores() const {
    Scores s;
    s.tokens = n;
    if (!n) return s;
    const double N = static_cast<double>(n);
    s.nll = nll / N;
    s.ppl = std::exp(s.nll);
    s.kl = kl / N;
    s.top1 = static_cast<double>(agree) / N;
    s.dnll = d / N;
    const double var = n > 1 ? std::max(0.0, (d2 - d * d / N) / (N - 1)) : 0.0;
    s.dnll_ci95 = 1.96 * std::sqrt(var / N);
    return s;
  }
};

// Scores `logits` of every sequence against FP32's.
void score(const std::vector<std::vector<int>>& seqs, const std::vector<std::vector<float>>& ref, const std::vector<std::vector<float>>& got,
           int vocab, Accumulator& acc) {
  std::vector<double> lp, lq;
  for (std::size_t s = 0; s < seqs.size(); ++s)
    for (std::size_t i = 0; i + 1 < seqs[s].size(); ++i) {
      const float* zr = ref[s].data() + i * static_cast<std::size_t>(vocab);
      const float* zg = got[s].data() + i * static_cast<std::size_t>(vocab);
      log_softmax(zr, vocab, lp);
      log_softmax(zg, vocab, lq);
      const auto t = static_cast<std::size_t>(seqs[s][i + 1]);
      double kl = 0;
      for (int v = 0; v < vocab; ++v) kl += std::exp(lp[static_cast<std::size_t>(v)]) * (lp[static_cast<std::size_t>(v)] - lq[static_cast<std::size_t>(v)]);
      const double d = -lq[t] - (-lp[t]);
      ++acc.n;
      acc.nll += -lq[t];
      acc.kl += kl;
      acc.d += d;
      acc.d2 += d * d;
      acc.agree += argmax(zr, vocab) == argmax(zg, vocab);
    }
}

}  // namespace

EvalReport run_eval(const LlamaModel& m, const std::vector<std::vector<int>>& seqs, const EvalOptions& o) {
  const int vocab = m.config.vocab_size;
  EvalReport rep;
  std::vector<std::vector<float>> ref;
  Fp32Linear fp32;
  for (const auto& s : seqs) ref.push_back(forward_logits(m, s, fp32));
  Accumulator a0;
  score(seqs, ref, ref, vocab, a0);
  rep.fp32 = a0.scores();
  for (const std::string& f : o.formats) {
    const explore::SchemePair pair = explore::parse_pair(f);
    FormatEval fe;
    fe.format = pair.label;
    auto run = [&](const QuantizedLinear::Scope& scope, std::uint64_t* clipped) {
      QuantizedLinear q(pair, o.scheme, scope, o.attention);
      std::vector<std::vector<float>> got;
      for (const auto& s : seqs) got.push_back(forward_logits(m, s, q));
      Accumulator acc;
      score(seqs, ref, got, vocab, acc);
      if (clipped) *clipped = q.clipped_activations();
      return acc.scores();
    };
    const bool head = o.lm_head;
    fe.all = run([head](const LinearSite& s) { return s.layer >= 0 || head; }, &fe.clipped_activations);
    if (o.per_layer)
      for (int l = 0; l < m.config.n_layers; ++l) fe.per_layer.push_back(run([l](const LinearSite& s) { return s.layer == l; }, nullptr));
    rep.formats.push_back(std::move(fe));
  }
  return rep;
}

}  // namespace qmac::lm
