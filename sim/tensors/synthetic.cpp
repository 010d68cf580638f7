#include "sim/tensors/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

#include "golden/formats/minifloat.hpp"

namespace qmac::tensors {
namespace {

class Draws {
 public:
  explicit Draws(std::uint64_t seed) : rng_(seed) {}
  // Uniform in (0, 1), 53 bits.
  double uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) * 0x1p-53; }
  double normal() {
    if (have_spare_) {
      have_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform())), th = 2.0 * std::numbers::pi * uniform();
    spare_ = r * std::sin(th);
    have_spare_ = true;
    return r * std::cos(th);
  }
  double laplace(double b) {
    const double u = uniform() - 0.5;
    return -b * (u < 0 ? -1.0 : 1.0) * std::log(1.0 - 2.0 * std::abs(u));
  }
  double student(double dof) {
    const int nu = std::max(1, static_cast<int>(dof));
    double chi2 = 0;
    for (int i = 0; i < nu; ++i) {
      const double z = normal();
      chi2 += z * z;
    }
    return normal() / std::sqrt(chi2 / nu);
  }

 private:
  std::mt19937_64 rng_;
  bool have_spare_ = false;
  double spare_ = 0;
};

std::uint32_t fp32(double x) { return golden::to_fp32_bits(golden::from_fp64_bits(std::bit_cast<std::uint64_t>(x))); }

}  // namespace

const std::vector<std::string>& synthetic_kinds() {
  static const std::vector<std::string> k = {"gaussian", "laplace", "student", "outliers", "softmax"};
  return k;
}

SyntheticSpec parse_synthetic(const std::string& spec, std::uint64_t default_seed) {
  SyntheticSpec s;
  s.seed = default_seed;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto p = spec.find(':', start);
    parts.push_back(spec.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  s.kind = parts[0];
  if (std::find(synthetic_kinds().begin(), synthetic_kinds().end(), s.kind) == synthetic_kinds().end())
    throw std::invalid_argument("'" + spec + "': unknown generator '" + s.kind + "' (expected gaussian, laplace, student, outliers or softmax)");
  if (parts.size() < 2) throw std::invalid_argument("'" + spec + "': expected KIND:ROWSxCOLS");
  const auto x = parts[1].find('x');
  try {
    if (x == std::string::npos) throw std::invalid_argument("");
    std::size_t used = 0;
    s.rows = std::stoll(parts[1].substr(0, x), &used);
    if (used != x) throw std::invalid_argument("");
    s.cols = std::stoll(parts[1].substr(x + 1), &used);
    if (used != parts[1].size() - x - 1) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument("'" + spec + "': expected a shape ROWSxCOLS, got '" + parts[1] + "'");
  }
  if (s.rows <= 0 || s.cols <= 0 || s.rows * s.cols > (std::int64_t{1} << 28))
    throw std::invalid_argument("'" + spec + "': shape must be positive and at most 2^28 elements");
  for (std::size_t i = 2; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string::npos) throw std::invalid_argument("'" + spec + "': expected key=value, got '" + parts[i] + "'");
    const std::string key = parts[i].substr(0, eq), val = parts[i].substr(eq + 1);
    double v;
    try {
      std::size_t used = 0;
      v = std::stod(val, &used);
      if (used != val.size()) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw std::invalid_argument("'" + spec + "': '" + key + "' needs a number, got '" + val + "'");
    }
    if (key == "seed") s.seed = static_cast<std::uint64_t>(v);
    else if (key == "sigma") s.sigma = v;
    else if (key == "dof") s.dof = v;
    else if (key == "fraction") s.outlier_fraction = v;
    else if (key == "gain_min") s.gain_min = v;
    else if (key == "gain_max") s.gain_max = v;
    else if (key == "temp") s.temp = v;
    else throw std::invalid_argument("'" + spec + "': unknown key '" + key + "' (expected seed, sigma, dof, fraction, gain_min, gain_max or temp)");
  }
  return s;
}

Tensor generate(const SyntheticSpec& s) {
  Draws d(s.seed);
  Tensor t;
  t.name = s.kind + "_" + std::to_string(s.rows) + "x" + std::to_string(s.cols);
  t.source = "synthetic:" + s.kind + " seed=" + std::to_string(s.seed);
  t.dtype = "float32";
  t.shape = {s.rows, s.cols};
  const std::size_t n = static_cast<std::size_t>(s.rows * s.cols);
  t.fp32.resize(n);
  if (s.kind == "gaussian") {
    for (auto& v : t.fp32) v = fp32(s.sigma * d.normal());
  } else if (s.kind == "laplace") {
    for (auto& v : t.fp32) v = fp32(d.laplace(s.sigma / std::sqrt(2.0)));
  } else if (s.kind == "student") {
    for (auto& v : t.fp32) v = fp32(s.sigma * d.student(s.dof));
  } else if (s.kind == "outliers") {
    std::vector<double> gain(static_cast<std::size_t>(s.cols), 1.0);
    const std::int64_t k = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(s.outlier_fraction * static_cast<double>(s.cols))));
    for (std::int64_t i = 0; i < k; ++i) {
      const auto c = static_cast<std::size_t>(d.uniform() * static_cast<double>(s.cols));
      gain[c] = s.gain_min + (s.gain_max - s.gain_min) * d.uniform();
    }
    for (std::size_t i = 0; i < n; ++i) t.fp32[i] = fp32(d.normal() * gain[i % static_cast<std::size_t>(s.cols)]);
  } else {  // softmax
    std::vector<double> row(static_cast<std::size_t>(s.cols));
    for (std::int64_t r = 0; r < s.rows; ++r) {
      double mx = -1e300, sum = 0;
      for (auto& x : row) mx = std::max(mx, x = s.temp * d.normal());
      for (auto& x : row) sum += (x = std::exp(x - mx));
      for (std::size_t c = 0; c < row.size(); ++c) t.fp32[static_cast<std::size_t>(r * s.cols) + c] = fp32(row[c] / sum);
    }
  }
  return t;
}

}  // namespace qmac::tensors
