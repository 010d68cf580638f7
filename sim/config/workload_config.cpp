#include "sim/config/workload_config.hpp"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "sim/config/config_file.hpp"
#include "sim/config/golden_table_config.hpp"

namespace qmac::config {
namespace {

std::string at(const std::string& path, int line) { return path + ":" + std::to_string(line); }

std::vector<models::GemmLayer> load_yaml(const std::string& path) {
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap() || !root["gemms"]) throw ConfigError(path + ":1: expected a mapping with the key 'gemms'");
  for (const auto& kv : root)
    if (kv.first.as<std::string>() != "gemms")
      throw ConfigError(at(path, kv.first.Mark().line + 1) + ": unknown key '" + kv.first.as<std::string>() + "'; expected 'gemms'");
  const YAML::Node list = root["gemms"];
  if (!list.IsSequence() || list.size() == 0)
    throw ConfigError(at(path, list.Mark().line + 1) + ": 'gemms' must be a non-empty list of {name, m, k, n, repeat}");
  std::vector<models::GemmLayer> out;
  for (const auto& g : list) {
    const int line = g.Mark().line + 1;
    if (!g.IsMap()) throw ConfigError(at(path, line) + ": expected {name, m, k, n, repeat}");
    models::GemmLayer L;
    L.line = line;
    for (const auto& kv : g) {
      const auto k = kv.first.as<std::string>();
      const int kl = kv.second.Mark().line + 1;
      auto num = [&](std::int64_t lo, std::int64_t hi) {
        std::int64_t v = 0;
        try { v = kv.second.as<std::int64_t>(); }
        catch (const YAML::Exception&) { throw ConfigError(at(path, kl) + ": '" + k + "' must be an integer"); }
        if (v < lo || v > hi)
          throw ConfigError(at(path, kl) + ": '" + k + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi));
        return v;
      };
      if (k == "name") L.name = kv.second.as<std::string>();
      else if (k == "m") L.m = num(1, 1LL << 24);
      else if (k == "k") L.k = num(1, 1LL << 24);
      else if (k == "n") L.n = num(1, 1LL << 24);
      else if (k == "repeat") L.repeat = static_cast<std::uint64_t>(num(1, 1LL << 32));
      else throw ConfigError(at(path, kl) + ": unknown key '" + k + "'; expected name, m, k, n or repeat");
    }
    if (L.m == 0 || L.k == 0 || L.n == 0) throw ConfigError(at(path, line) + ": a GEMM needs m, k and n");
    if (L.name.empty()) L.name = "gemm" + std::to_string(out.size());
    out.push_back(L);
  }
  return out;
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream ss(row);
  std::string c;
  while (std::getline(ss, c, ',')) out.push_back(trim(c));
  while (!out.empty() && out.back().empty()) out.pop_back();  // SCALE-Sim rows end with ','
  return out;
}

std::vector<models::GemmLayer> load_csv(const std::string& path) {
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
      std::size_t used = 0;
      std::int64_t x = 0;
      try { x = std::stoll(c[i], &used); } catch (const std::exception&) { used = 0; }
      if (used != c[i].size() || x < 1 || x > (1LL << 24))
        throw ConfigError(at(path, n) + ": field " + std::to_string(i + 1) + " ('" + head[i] + "') must be a positive integer, not '" +
                          c[i] + "'");
      v.push_back(x);
    }
    if (gemm) {
      out.push_back({c[0], v[0], v[2], v[1], 1, n});  // Layer, M, N, K
      continue;
    }
    const std::int64_t ih = v[0], iw = v[1], fh = v[2], fw = v[3], ch = v[4], nf = v[5], st = v[6];
    if (fh > ih || fw > iw) throw ConfigError(at(path, n) + ": the filter is larger than the IFMAP");
    const std::int64_t oh = (ih - fh + st + st - 1) / st, ow = (iw - fw + st + st - 1) / st;
    if (c[0].find("DP") != std::string::npos) {
      for (std::int64_t i = 0; i < ch; ++i) out.push_back({c[0] + "Channel_" + std::to_string(i), oh * ow, fh * fw, nf, 1, n});
    } else {
      out.push_back({c[0], oh * ow, fh * fw * ch, nf, 1, n});
    }
  }
  if (out.empty()) throw ConfigError(path + ": no layers after the header");
  return out;
}

}  // namespace

std::vector<models::GemmLayer> load_workload(const std::string& path) {
  if (path.size() > 4 && path.substr(path.size() - 4) == ".csv") return load_csv(path);
  return load_yaml(path);
}

}  // namespace qmac::config
