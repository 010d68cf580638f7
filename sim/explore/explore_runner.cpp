#include "sim/explore/explore_runner.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "sim/tensors/npy_reader.hpp"
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
  }
  std::vector<tensors::Tensor> out;
  if (path.ends_with(".npy")) {
    out.push_back(tensors::read_npy(path));
  } else if (path.ends_with(".safetensors")) {
    std::vector<std::string> wanted;
    for (std::size_t s = 0; !names.empty() && s != std::string::npos;) {
      const auto c = names.find(',', s);
      wanted.push_back(names.substr(s, c == std::string::npos ? std::string::npos : c - s));
      s = c == std::string::npos ? c : c + 1;
    }
    out = tensors::read_safetensors(path, wanted);
  } else if (fs::exists(spec)) {
    throw std::invalid_argument("'" + spec + "': expected a .npy or .safetensors file");
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

ExploreReport run_explore(const ExploreOptions& opt, const std::function<void(std::size_t, std::size_t)>& progress) {
  ExploreReport rep;
  rep.options = opt;
  std::vector<QuantScheme> schemes;
  for (const auto& f : opt.formats) schemes.emplace_back(f, opt.scheme);
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
  if (rep.tensors.empty()) throw std::invalid_argument("no tensors: give --weights and/or --activations");
  for (const auto& t : rep.tensors)
    for (const auto& s : schemes)
      if (const std::string why = s.unsupported(t.cols()); !why.empty())
        throw std::invalid_argument("tensor '" + t.name + "' (" + t.source + "): " + why);

  // GEMM pairs: every activation with every weight of the same K.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < rep.tensors.size(); ++a)
    for (std::size_t w = 0; w < rep.tensors.size(); ++w)
      if (rep.roles[a] == "activation" && rep.roles[w] == "weight" && rep.tensors[a].cols() == rep.tensors[w].cols())
        pairs.emplace_back(a, w);

  const std::size_t nt = rep.tensors.size(), nf = schemes.size();
  std::vector<Quantized> quantized(nt * nf);
  std::vector<std::vector<double>> refs(pairs.size());
  rep.tensor_results.resize(nt * nf);
  rep.gemm_results.resize(pairs.size() * nf);
  const std::size_t total = nt * nf + pairs.size() + pairs.size() * nf;
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  auto tick = [&] {
    const std::size_t d = ++done;
    std::lock_guard lock(progress_mutex);
    if (progress) progress(d, total);
  };
  auto parallel = [&](std::size_t n, const std::function<void(std::size_t)>& job) {
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
          tick();
        }
      });
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
  };

  parallel(nt * nf, [&](std::size_t i) {
    const std::size_t t = i / nf, f = i % nf;
    const Role role = rep.roles[t] == "weight" ? Role::Weight : Role::Activation;
    quantized[i] = schemes[f].quantize(rep.tensors[t], role);
    rep.tensor_results[i] = {rep.tensors[t].name, rep.roles[t], schemes[f].name(),
                             schemes[f].bits_per_element(rep.tensors[t].cols()), tensor_error(rep.tensors[t], quantized[i])};
  });
  parallel(pairs.size(), [&](std::size_t p) { refs[p] = reference_gemm(rep.tensors[pairs[p].first], rep.tensors[pairs[p].second]); });
  parallel(pairs.size() * nf, [&](std::size_t i) {
    const std::size_t p = i / nf, f = i % nf;
    const auto& [a, w] = pairs[p];
    const auto& x = rep.tensors[a];
    const auto& wt = rep.tensors[w];
    rep.gemm_results[i] = {x.name, wt.name, schemes[f].name(), x.rows(), x.cols(), wt.rows(),
                           (schemes[f].bits_per_element(x.cols()) + schemes[f].bits_per_element(wt.cols())) / 2,
                           gemm_error(refs[p], quantized[a * nf + f], quantized[w * nf + f], schemes[f].round_once_to())};
  });
  for (auto& t : rep.tensors) t.fp32.clear();
  return rep;
}

}  // namespace qmac::explore
