#include "sim/lm/lm_eval.hpp"

#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <thread>

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

// Sequences split over the threads, each thread with its own backend (the
// quantized weights are the same in every copy); results in sequence order,
// so they do not depend on the thread count.
std::vector<std::vector<float>> logits_of(const LlamaModel& m, const std::vector<std::vector<int>>& seqs, int threads_asked,
                                          const std::function<std::unique_ptr<LinearBackend>()>& make, std::uint64_t* clipped) {
  const int threads = std::max(1, std::min<int>(threads_asked, static_cast<int>(seqs.size())));
  std::vector<std::vector<float>> out(seqs.size());
  std::vector<std::uint64_t> clip(static_cast<std::size_t>(threads), 0);
  std::vector<std::exception_ptr> error(static_cast<std::size_t>(threads));
  auto work = [&](int t) {
    try {
      const std::unique_ptr<LinearBackend> b = make();
      for (std::size_t i = static_cast<std::size_t>(t); i < seqs.size(); i += static_cast<std::size_t>(threads))
        out[i] = forward_logits(m, seqs[i], *b);
      if (const auto* q = dynamic_cast<const QuantizedLinear*>(b.get())) clip[static_cast<std::size_t>(t)] = q->clipped_activations();
    } catch (...) {
      error[static_cast<std::size_t>(t)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (const auto& e : error)
    if (e) std::rethrow_exception(e);
  if (clipped) *clipped = std::accumulate(clip.begin(), clip.end(), std::uint64_t{0});
  return out;
}

// Each decoder layer's sites to its own format's QuantizedLinear; the LM head
// in FP32. A streamed model's weights are not cached (only a layer is held).
class LayerwiseLinear final : public LinearBackend {
 public:
  LayerwiseLinear(const std::vector<std::string>& layer_formats, const EvalOptions& o, bool cache) {
    for (std::size_t l = 0; l < layer_formats.size(); ++l) {
      const std::string& f = layer_formats[l];
      if (!by_format_.count(f)) {
        const auto layers = std::make_shared<std::vector<bool>>(layer_formats.size());
        for (std::size_t i = 0; i < layer_formats.size(); ++i) (*layers)[i] = layer_formats[i] == f;
        by_format_.emplace(f, std::make_unique<QuantizedLinear>(
                                  explore::parse_pair(f), o.scheme,
                                  [layers](const LinearSite& s) { return s.layer >= 0 && (*layers)[static_cast<std::size_t>(s.layer)]; },
                                  o.attention, cache));
      }
      of_layer_.push_back(by_format_.at(f).get());
    }
  }
  void apply(const LinearSite& site, const std::vector<float>& w, int out, int in, const float* x, int n, float* y) override {
    if (site.layer < 0) fp32_.apply(site, w, out, in, x, n, y);
    else of_layer_[static_cast<std::size_t>(site.layer)]->apply(site, w, out, in, x, n, y);
  }
  void attention(int layer, AttentionGemm which, const float* a, int n, const float* b, int m, int k, float* c) override {
    of_layer_[static_cast<std::size_t>(layer)]->attention(layer, which, a, n, b, m, k, c);
  }

 private:
  std::map<std::string, std::unique_ptr<QuantizedLinear>> by_format_;
  std::vector<QuantizedLinear*> of_layer_;
  Fp32Linear fp32_;
};

}  // namespace

Evaluator::Evaluator(const LlamaModel& m, const std::vector<std::vector<int>>& seqs, const EvalOptions& o)
    : m_(m), seqs_(seqs), o_(o), ref_(logits_of(m, seqs, o.threads, [] { return std::make_unique<Fp32Linear>(); }, nullptr)) {}

Scores Evaluator::assignment(const std::vector<std::string>& layer_formats) const {
  if (layer_formats.size() != static_cast<std::size_t>(m_.config.n_layers))
    throw std::invalid_argument("an assignment names " + std::to_string(layer_formats.size()) + " layers; the model has " +
                                std::to_string(m_.config.n_layers));
  const auto got =
      logits_of(m_, seqs_, o_.threads, [&] { return std::make_unique<LayerwiseLinear>(layer_formats, o_, !m_.layers.empty()); }, nullptr);
  Accumulator acc;
  score(seqs_, ref_, got, m_.config.vocab_size, acc);
  return acc.scores();
}

EvalReport Evaluator::run() const {
  const int vocab = m_.config.vocab_size;
  EvalReport rep;
  Accumulator a0;
  score(seqs_, ref_, ref_, vocab, a0);
  rep.fp32 = a0.scores();
  for (const std::string& f : o_.formats) {
    const explore::SchemePair pair = explore::parse_pair(f);
    FormatEval fe;
    fe.format = pair.label;
    auto run = [&](const QuantizedLinear::Scope& scope, std::uint64_t* clipped) {
      const auto got = logits_of(
          m_, seqs_, o_.threads,
          [&] { return std::make_unique<QuantizedLinear>(pair, o_.scheme, scope, o_.attention, !m_.layers.empty()); }, clipped);
      Accumulator acc;
      score(seqs_, ref_, got, vocab, acc);
      return acc.scores();
    };
    const bool head = o_.lm_head;
    fe.all = run([head](const LinearSite& s) { return s.layer >= 0 || head; }, &fe.clipped_activations);
    if (o_.per_layer)
      for (int l = 0; l < m_.config.n_layers; ++l) fe.per_layer.push_back(run([l](const LinearSite& s) { return s.layer == l; }, nullptr));
    rep.formats.push_back(std::move(fe));
  }
  return rep;
}

}  // namespace qmac::lm
