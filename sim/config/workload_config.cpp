#include "sim/config/workload_config.hpp"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "sim/config/config_file.hpp"
#include "sim/config/golden_table_config.hpp"
#include "models/limits.hpp"

namespace qmac::config {
namespace {

std::string at(const std::string& path, int line) { return path + ":" + std::to_string(line); }

// One GEMM's M*K*N*repeat must stay within kMaxRunMacs (checked without overflow).
void check_size(const std::string& where, const models::GemmLayer& L) {
  unsigned __int128 macs = static_cast<unsigned __int128>(L.m) * static_cast<std::uint64_t>(L.k) * static_cast<std::uint64_t>(L.n);
  macs *= L.repeat;
  if (macs > models::kMaxRunMacs)
    throw ConfigError(where + ": layer '" + L.name + "' is " + std::to_string(L.m) + "x" + std::to_string(L.k) + "x" +
                      std::to_string(L.n) + " x " + std::to_string(L.repeat) + " repeats, more than 2^56 MACs");
}

void add_layer(std::vector<models::GemmLayer>& out, const std::string& where, models::GemmLayer L) {
  if (out.size() >= models::kMaxLayers)
    throw ConfigError(where + ": more than " + std::to_string(models::kMaxLayers) + " layers in one workload");
  check_size(where, L);
  out.push_back(std::move(L));
}

Workload load_yaml(const std::string& path) {
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap() || !root["gemms"]) throw ConfigError(path + ":1: expected a mapping with the key 'gemms'");
  only_keys(path, root, {"gemms", "tokens"}, "the workload");
  Workload w;
  if (root["tokens"]) w.tokens = int_in(path, root["tokens"], "tokens", 1, models::kMaxGemmDim);
  const YAML::Node list = root["gemms"];
  if (!list.IsSequence() || list.size() == 0)
    throw ConfigError(at(path, list.Mark().line + 1) + ": 'gemms' must be a non-empty list of {name, m, k, n, repeat}");
  std::vector<models::GemmLayer> out;
  for (const auto& g : list) {
    const int line = g.Mark().line + 1;
    if (!g.IsMap()) throw ConfigError(at(path, line) + ": expected {name, m, k, n, repeat}");
    only_keys(path, g, {"name", "m", "k", "n", "repeat"}, "a GEMM");
    models::GemmLayer L;
    L.line = line;
    if (g["name"]) L.name = get<std::string>(path, g["name"], "a name");
    const auto dim = [&](const char* k) {
      if (!g[k]) throw ConfigError(at(path, line) + ": a GEMM needs m, k and n ('" + k + "' is missing)");
      return int_in(path, g[k], k, 1, models::kMaxGemmDim);
    };
    L.m = dim("m");
    L.k = dim("k");
    L.n = dim("n");
    if (g["repeat"]) L.repeat = static_cast<std::uint64_t>(int_in(path, g["repeat"], "repeat", 1, static_cast<std::int64_t>(models::kMaxRepeat)));
    if (L.name.empty()) L.name = "gemm" + std::to_string(out.size());
    add_layer(out, at(path, line), std::move(L));
  }
  w.layers = std::move(out);
  return w;
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream ss(row);
  std::string c;
  while (std::getline(ss, c, ',')) out.push_back(trim(c));
  while (!out.empty() && out.back().empty()) out.pop_back();  // SCALE-Sim rows end with ','
  return out;
}

Workload load_csv(const std::string& path) {
  require_readable(path);
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot open file");
  std::string row;
  int n = 0;
  if (!std::getline(in, row)) throw ConfigError(path + ":1: empty file; expected a SCALE-Sim topology header");
  ++n;
  const auto head = cells(row);
  const bool gemm = head.size() >= 4 && lower(head[1]) == "m" && lower(head[2]) == "n" && lower(head[3]) == "k";
  const bool conv = head.size() >= 8 && lower(head[1]).find("ifmap") != std::string::npos;
  if (!gemm && !conv)
    throw ConfigError(path + ":1: unknown header; expected SCALE-Sim's 'Layer, M, N, K,' or 'Layer name, IFMAP Height, "
                      "IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,'");
  std::vector<models::GemmLayer> out;
  while (std::getline(in, row)) {
    ++n;
    auto c = cells(row);
    if (c.empty()) continue;
    const std::size_t need = gemm ? 4 : 8;
    if (c.size() < need)
      throw ConfigError(at(path, n) + ": expected " + std::to_string(need) + " fields, found " + std::to_string(c.size()));
    std::vector<std::int64_t> v;
    for (std::size_t i = 1; i < need; ++i) {
      std::int64_t x = 0;
      if (!parse_int(c[i], x) || x < 1 || x > models::kMaxGemmDim)
        throw ConfigError(at(path, n) + ": field " + std::to_string(i + 1) + " ('" + head[i] + "') must be a positive integer, not '" +
                          c[i] + "'");
      v.push_back(x);
    }
    if (gemm) {
      add_layer(out, at(path, n), {c[0], v[0], v[2], v[1], 1, n});  // Layer, M, N, K
      continue;
    }
    const std::int64_t ih = v[0], iw = v[1], fh = v[2], fw = v[3], ch = v[4], nf = v[5], st = v[6];
    if (fh > ih || fw > iw) throw ConfigError(at(path, n) + ": the filter is larger than the IFMAP");
    const std::int64_t oh = (ih - fh + st + st - 1) / st, ow = (iw - fw + st + st - 1) / st;
    // Products of fields up to 2^24 each: checked in 128 bits against the GEMM limit.
    auto dim = [&](unsigned __int128 x, const char* what) {
      if (x > static_cast<unsigned __int128>(models::kMaxGemmDim))
        throw ConfigError(at(path, n) + ": the layer's GEMM " + what + " is more than 2^24");
      return static_cast<std::int64_t>(x);
    };
    const std::int64_t gm = dim(static_cast<unsigned __int128>(oh) * static_cast<std::uint64_t>(ow), "M (OFMAP pixels)");
    if (c[0].find("DP") != std::string::npos) {
      // SCALE-Sim splits a depthwise layer into one GEMM per channel: the same GEMM, `ch` times.
      const std::int64_t gk = dim(static_cast<unsigned __int128>(fh) * static_cast<std::uint64_t>(fw), "K");
      add_layer(out, at(path, n), {c[0], gm, gk, nf, static_cast<std::uint64_t>(ch), n});
    } else {
      const std::int64_t gk = dim(static_cast<unsigned __int128>(fh) * static_cast<std::uint64_t>(fw) * static_cast<std::uint64_t>(ch), "K (filter x channels)");
      add_layer(out, at(path, n), {c[0], gm, gk, nf, 1, n});
    }
  }
  if (out.empty()) throw ConfigError(path + ": no layers after the header");
  return {std::move(out), 0, true};
}

}  // namespace

Workload load_workload(const std::string& path) {
  if (path.size() > 4 && path.substr(path.size() - 4) == ".csv") return load_csv(path);
  return load_yaml(path);
}

}  // namespace qmac::config
