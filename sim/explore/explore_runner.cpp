#include "sim/explore/explore_runner.hpp"

#include "sim/explore/grid_ops.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include "sim/tensors/npy_reader.hpp"
#include "sim/tensors/onnx_reader.hpp"
#include "sim/tensors/safetensors_reader.hpp"
#include "sim/tensors/synthetic.hpp"

namespace qmac::explore {

std::vector<std::string> default_weights() {
  return {"gaussian:256x1024:sigma=0.02", "laplace:256x1024:sigma=0.02", "student:256x1024:sigma=0.02:dof=3"};
}
std::vector<std::string> default_activations() { return {"outliers:64x1024:fraction=0.01", "softmax:64x1024"}; }

std::vector<tensors::Tensor> load_tensors(const std::string& spec, std::uint64_t seed, std::size_t index) {
  namespace fs = std::filesystem;
  std::string path = spec, names;
  if (const auto p = spec.find(".safetensors:"); p != std::string::npos) {
    path = spec.substr(0, p + 12);
    names = spec.substr(p + 13);
  } else if (const auto q = spec.find(".onnx:"); q != std::string::npos) {
    path = spec.substr(0, q + 5);
    names = spec.substr(q + 6);
  }
  std::vector<tensors::Tensor> out;
  if (path.ends_with(".npy")) {
    out.push_back(tensors::read_npy(path));
  } else if (path.ends_with(".safetensors") || path.ends_with(".onnx")) {
    std::vector<std::string> wanted;
    for (std::size_t s = 0; !names.empty() && s != std::string::npos;) {
      const auto c = names.find(',', s);
      wanted.push_back(names.substr(s, c == std::string::npos ? std::string::npos : c - s));
      s = c == std::string::npos ? c : c + 1;
    }
    out = path.ends_with(".onnx") ? tensors::read_onnx(path, wanted) : tensors::read_safetensors(path, wanted);
  } else if (fs::exists(spec)) {
    throw std::invalid_argument("'" + spec + "': expected a .npy, .safetensors or .onnx file");
  } else {
    out.push_back(tensors::generate(tensors::parse_synthetic(spec, seed + 1000003ull * index)));
  }
  for (auto& t : out) {
    if (t.fp32.empty()) throw std::invalid_argument(t.source + ": tensor '" + t.name + "' is empty");
    for (auto b : t.fp32)
      if ((b & 0x7F800000u) == 0x7F800000u)
        throw std::invalid_argument(t.source + ": tensor '" + t.name + "' holds NaN or Inf; explore needs finite values");
  }
  return out;
}

SchemePair parse_pair(const std::string& spec) {
  const auto c = spec.find(':');
  if (c == std::string::npos) return {spec, spec, spec};
  SchemePair p{spec, spec.substr(0, c), spec.substr(c + 1)};
  if (p.weight.empty() || p.activation.empty() || p.activation.find(':') != std::string::npos)
    throw std::invalid_argument("'" + spec + "': expected FORMAT or WEIGHT_FORMAT:ACTIVATION_FORMAT (e.g. mxfp4:e4m3)");
  return p;
}

std::vector<std::string> cross_pairs(const std::vector<std::string>& weights, const std::vector<std::string>& activations) {
  std::vector<std::string> out;
  for (const auto& w : weights)
    for (const auto& a : activations) out.push_back(w == a ? w : w + ":" + a);
  return out;
}

GemmSpec parse_gemm(const std::string& spec) {
  const auto eq = spec.find('=');
  const auto sep = spec.find(".npy:");
  if (eq == std::string::npos || eq == 0 || sep == std::string::npos || sep < eq || !spec.ends_with(".npy"))
    throw std::invalid_argument("--gemm '" + spec + "': expected NAME=ACTIVATIONS.npy:WEIGHTS.npy");
  return {spec.substr(0, eq), spec.substr(eq + 1, sep + 4 - eq - 1), spec.substr(sep + 5)};
}


ExploreReport run_explore(const ExploreOptions& opt, const std::function<void(std::size_t, std::size_t)>& progress) {
  ExploreReport rep;
  rep.options = opt;
  // Every scheme a pair names, once.
  std::vector<QuantScheme> schemes;
  auto scheme_index = [&](const std::string& name) {
    for (std::size_t i = 0; i < schemes.size(); ++i)
      if (schemes[i].name() == name) return i;
    schemes.emplace_back(name, opt.scheme);
    return schemes.size() - 1;
  };
  std::vector<std::pair<std::size_t, std::size_t>> pair_schemes;  // (weight, activation) scheme of each pair
  for (const auto& f : opt.formats) {
    rep.pairs.push_back(parse_pair(f));
    const std::size_t w = scheme_index(rep.pairs.back().weight), a = scheme_index(rep.pairs.back().activation);
    pair_schemes.emplace_back(w, a);
  }
  std::size_t idx = 0;
  for (const auto& s : opt.weights)
    for (auto& t : load_tensors(s, opt.seed, idx++)) {
      rep.tensors.push_back(std::move(t));
      rep.roles.push_back("weight");
    }
  for (const auto& s : opt.activations)
    for (auto& t : load_tensors(s, opt.seed, idx++)) {
      rep.tensors.push_back(std::move(t));
      rep.roles.push_back("activation");
    }
  // --gemm: an activation and its own layer's weight, paired by name.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  auto add_gemm = [&](const std::string& name, tensors::Tensor x, tensors::Tensor w, const std::string& xs, const std::string& wsrc) {
    x.name = name + ".x";
    w.name = name + ".w";
    if (x.cols() != w.cols())
      throw std::invalid_argument("--gemm " + name + ": the activations' K (" + std::to_string(x.cols()) + ", last dimension of " + xs +
                                  ") differs from the weights' (" + std::to_string(w.cols()) + ", " + wsrc + ")");
    rep.tensors.push_back(std::move(x));
    rep.roles.push_back("activation");
    rep.tensors.push_back(std::move(w));
    rep.roles.push_back("weight");
    pairs.emplace_back(rep.tensors.size() - 2, rep.tensors.size() - 1);
  };
  for (const auto& g : opt.gemms) {
    if (g.find('=') == std::string::npos && g.ends_with(".safetensors")) {
      // One file of pairs, by name: NAME.x (activations) with NAME.w (weights).
      std::map<std::string, tensors::Tensor> xs, ws;
      for (auto& t : load_tensors(g, opt.seed, idx++)) {
        if (t.name.ends_with(".x")) xs.emplace(t.name.substr(0, t.name.size() - 2), std::move(t));
        else if (t.name.ends_with(".w")) ws.emplace(t.name.substr(0, t.name.size() - 2), std::move(t));
      }
      for (auto& [name, x] : xs) {
        const auto w = ws.find(name);
        if (w == ws.end()) throw std::invalid_argument("--gemm " + g + ": '" + name + ".x' has no '" + name + ".w' beside it");
        add_gemm(name, std::move(x), std::move(w->second), g + ":" + name + ".x", g + ":" + name + ".w");
        ws.erase(w);
      }
      if (!ws.empty()) throw std::invalid_argument("--gemm " + g + ": '" + ws.begin()->first + ".w' has no '" + ws.begin()->first + ".x'");
      if (xs.empty()) throw std::invalid_argument("--gemm " + g + ": no tensors named NAME.x and NAME.w");
      continue;
    }
    const GemmSpec spec = parse_gemm(g);
    auto x = load_tensors(spec.activation, opt.seed, idx++), w = load_tensors(spec.weight, opt.seed, idx++);
    add_gemm(spec.name, std::move(x.front()), std::move(w.front()), spec.activation, spec.weight);
  }
  if (rep.tensors.empty()) throw std::invalid_argument("no tensors: give --weights and/or --activations");
  // --sample-rows: activation rows (and so output rows) drawn without replacement, in their order.
  if (opt.sample_rows > 0)
    for (std::size_t t = 0; t < rep.tensors.size(); ++t) {
      auto& x = rep.tensors[t];
      if (rep.roles[t] != "activation" || x.rows() <= opt.sample_rows) continue;
      std::vector<std::int64_t> rows(static_cast<std::size_t>(x.rows()));
      std::iota(rows.begin(), rows.end(), 0);
      std::mt19937_64 rng(opt.seed ^ (0x9E3779B97F4A7C15ull * (t + 1)));
      std::shuffle(rows.begin(), rows.end(), rng);
      rows.resize(static_cast<std::size_t>(opt.sample_rows));
      std::sort(rows.begin(), rows.end());
      const std::int64_t K = x.cols();
      std::vector<std::uint32_t> v;
      v.reserve(static_cast<std::size_t>(opt.sample_rows * K));
      for (auto r : rows) v.insert(v.end(), x.fp32.begin() + r * K, x.fp32.begin() + (r + 1) * K);
      x.source += " (" + std::to_string(opt.sample_rows) + " of " + std::to_string(x.rows()) + " rows, sampled with seed " +
                  std::to_string(opt.seed) + ")";
      x.fp32 = std::move(v);
      x.shape = {opt.sample_rows, K};
    }

  // GEMM pairs without --gemm: every activation with every weight of the same K.
  if (opt.gemms.empty())
    for (std::size_t a = 0; a < rep.tensors.size(); ++a)
      for (std::size_t w = 0; w < rep.tensors.size(); ++w)
        if (rep.roles[a] == "activation" && rep.roles[w] == "weight" && rep.tensors[a].cols() == rep.tensors[w].cols())
          pairs.emplace_back(a, w);

  // K padded to the coarsest granularity of the schemes (all of them divide it).
  std::int64_t k_unit = 1;
  for (const auto& s : schemes) k_unit = std::lcm(k_unit, static_cast<std::int64_t>(s.k_multiple()));
  if (k_unit > (1 << 16)) throw std::invalid_argument("the schemes' blocks have no common multiple up to 65536");
  std::vector<std::int64_t> real_k(rep.tensors.size());
  for (std::size_t t = 0; t < rep.tensors.size(); ++t) {
    real_k[t] = rep.tensors[t].cols();
    const std::int64_t k = (real_k[t] + k_unit - 1) / k_unit * k_unit;
    rep.k_padding.push_back(k - real_k[t]);
    pad_k(rep.tensors[t], k);
  }

  const std::size_t nt = rep.tensors.size(), nf = schemes.size(), np = rep.pairs.size();
  // Output rows per GEMM job: each GEMM is split across the threads by rows.
  // 32 rows: four of the kernels' 8-row panels at once.
  constexpr int kRowChunk = 32;
  auto row_chunks = [&](std::int64_t rows) { return static_cast<std::size_t>((rows + kRowChunk - 1) / kRowChunk); };
  std::size_t gemm_jobs = 0, ref_jobs = 0;
  for (const auto& pr : pairs) {
    gemm_jobs += row_chunks(rep.tensors[pr.first].rows()) * np;
    ref_jobs += row_chunks(rep.tensors[pr.first].rows());
  }
  std::vector<std::vector<double>> refs(pairs.size());
  rep.tensor_results.resize(nt * nf);
  rep.gemm_results.resize(pairs.size() * np);
  const std::size_t total = nt * nf + ref_jobs + gemm_jobs;
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  auto tick = [&] {
    const std::size_t d = ++done;
    std::lock_guard lock(progress_mutex);
    if (progress) progress(d, total);
  };
  // job(0..n-1) across the threads; each finished job is a step of the progress unless `steps` is false.
  auto parallel = [&](std::size_t n, const std::function<void(std::size_t)>& job, bool steps = true) {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    std::exception_ptr error;
    std::mutex error_mutex;
    for (int t = 0; t < std::max(1, opt.threads); ++t)
      pool.emplace_back([&] {
        for (std::size_t i; (i = next++) < n;) {
          try {
            job(i);
          } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
          }
          if (steps) tick();
        }
      });
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
  };

  // Quantizes tensor t in scheme f: its error now, then only the grid is kept (compact where it can be).
  std::vector<Quantized> quantized(nt * nf);
  // A grid is built only where a GEMM will multiply it.
  std::vector<bool> in_gemm(nt * nf, false);
  for (std::size_t f = 0; f < np; ++f)
    for (const auto& [a, w] : pairs) {
      in_gemm[a * nf + pair_schemes[f].second] = true;
      in_gemm[w * nf + pair_schemes[f].first] = true;
    }
  auto quantize = [&](std::size_t i, const QuantScheme::ParallelFor& slices) {
    const std::size_t t = i / nf, f = i % nf;
    const Role role = rep.roles[t] == "weight" ? Role::Weight : Role::Activation;
    Quantized q = schemes[f].quantize(rep.tensors[t], role, {.keep_dequantized = false, .keep_grid = in_gemm[i], .cols_used = real_k[t], .parallel_for = slices});
    rep.tensor_results[i] = {rep.tensors[t].name, rep.roles[t], schemes[f].name(), schemes[f].bits_per_element(real_k[t]),
                             tensor_error(rep.tensors[t], q, real_k[t])};
    golden::compact(q.grid);
    quantized[i] = std::move(q);
  };
  // Activations first, in every scheme (they are the small operand); weights one scheme at a time below.
  std::vector<std::size_t> first;
  for (std::size_t t = 0; t < nt; ++t)
    if (rep.roles[t] == "activation")
      for (std::size_t f = 0; f < nf; ++f) first.push_back(t * nf + f);
  parallel(first.size(), [&](std::size_t j) { quantize(first[j], {}); });
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const ReferenceGemm ref(rep.tensors[pairs[p].first], rep.tensors[pairs[p].second]);
    const auto rows = static_cast<int>(rep.tensors[pairs[p].first].rows());
    refs[p].resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(rep.tensors[pairs[p].second].rows()));
    parallel(row_chunks(rows), [&](std::size_t c) { ref.rows(static_cast<int>(c) * kRowChunk, std::min(rows, static_cast<int>(c + 1) * kRowChunk), refs[p].data()); });
  }

  // Weights one scheme and one tensor at a time, its rows quantized across the threads:
  // its GEMMs run (each split by output rows), then it is dropped.
  std::vector<std::size_t> weight_tensors;
  for (std::size_t t = 0; t < nt; ++t)
    if (rep.roles[t] == "weight") weight_tensors.push_back(t);
  const auto slices = [&](std::size_t n, const std::function<void(std::size_t)>& job) { parallel(n, job, false); };
  for (std::size_t ws = 0; ws < nf; ++ws)
    for (const std::size_t wt : weight_tensors) {
      quantize(wt * nf + ws, slices);
      tick();
      for (std::size_t f = 0; f < np; ++f) {
        if (pair_schemes[f].first != ws) continue;
        const std::size_t as = pair_schemes[f].second;
        for (std::size_t p = 0; p < pairs.size(); ++p) {
          const auto& [a, w] = pairs[p];
          if (w != wt) continue;
          const Quantized& qx = quantized[a * nf + as];
          const Quantized& qw = quantized[w * nf + ws];
          std::vector<std::uint32_t> y(static_cast<std::size_t>(qx.grid.rows) * static_cast<std::size_t>(qw.grid.rows), 0u);
          const auto rows = static_cast<int>(qx.grid.rows);
          with_gemm(qx.grid, qw.grid, ws == as ? schemes[ws].round_once_to() : nullptr, opt.scheme.sum, [&](const golden::ScaledIntGemmNt& gemm) {
            parallel(row_chunks(rows), [&](std::size_t c) {
              gemm.rows(static_cast<int>(c) * kRowChunk, std::min(rows, static_cast<int>(c + 1) * kRowChunk), y.data());
            });
          });
          const auto& x = rep.tensors[a];
          const auto& wt = rep.tensors[w];
          rep.gemm_results[p * np + f] = {x.name, wt.name, rep.pairs[f].label, x.rows(), real_k[a], wt.rows(), rep.k_padding[a],
                                          (schemes[ws].bits_per_element(real_k[w]) + schemes[as].bits_per_element(real_k[a])) / 2,
                                          gemm_error(refs[p], y)};
        }
      }
      quantized[wt * nf + ws] = {};
    }
  for (auto& t : rep.tensors) {
    t.fp32.clear();
    t.fp32.shrink_to_fit();
  }
  for (std::size_t t = 0; t < rep.tensors.size(); ++t) rep.tensors[t].shape.back() = real_k[t];
  if (opt.cost)
    for (const auto& p : rep.pairs) rep.costs.push_back(opt.cost(p));
  return rep;
}

}  // namespace qmac::explore
