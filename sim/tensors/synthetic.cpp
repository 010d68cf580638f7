#include "sim/tensors/synthetic.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

#include "golden/formats/minifloat.hpp"
#include "sim/io/text_number.hpp"

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
  if (x == std::string::npos || !io::parse_int(parts[1].substr(0, x), s.rows) || !io::parse_int(parts[1].substr(x + 1), s.cols))
    throw std::invalid_argument("'" + spec + "': expected a shape ROWSxCOLS, got '" + parts[1] + "'");
  if (s.rows <= 0 || s.cols <= 0 || s.rows > kMaxSyntheticElements / s.cols)
    throw std::invalid_argument("'" + spec + "': shape must be positive and at most 2^26 elements");
  for (std::size_t i = 2; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string::npos) throw std::invalid_argument("'" + spec + "': expected key=value, got '" + parts[i] + "'");
    const std::string key = parts[i].substr(0, eq), val = parts[i].substr(eq + 1);
    if (key == "seed") {
      if (!io::parse_uint(val, s.seed)) throw std::invalid_argument("'" + spec + "': seed needs an integer 0..2^64-1, got '" + val + "'");
      continue;
    }
    // Each parameter has a range in which generation is meaningful and quick.
    struct Param { const char* name; double* dst; double lo, hi; bool lo_open; };
    const Param params[] = {{"sigma", &s.sigma, 0, 1e30, true},        {"dof", &s.dof, 1, 100, false},
                            {"fraction", &s.outlier_fraction, 0, 1, true}, {"gain_min", &s.gain_min, 0, 1e6, true},
                            {"gain_max", &s.gain_max, 0, 1e6, true},    {"temp", &s.temp, 0, 1e6, true}};
    const Param* p = nullptr;
    for (const auto& q : params)
      if (key == q.name) p = &q;
    if (!p) throw std::invalid_argument("'" + spec + "': unknown key '" + key + "' (expected seed, sigma, dof, fraction, gain_min, gain_max or temp)");
    double v = 0;
    if (!io::parse_number(val, v) || v > p->hi || (p->lo_open ? !(v > p->lo) : !(v >= p->lo))) {
      char range[96];
      std::snprintf(range, sizeof range, "%s%g, %g]", p->lo_open ? "(" : "[", p->lo, p->hi);
      throw std::invalid_argument("'" + spec + "': '" + key + "' needs a number in " + range + ", got '" + val + "'");
    }
    *p->dst = v;
  }
  if (s.gain_min > s.gain_max) throw std::invalid_argument("'" + spec + "': gain_min is larger than gain_max");
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
