#include "sim/config/tech_config.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "sim/config/config_file.hpp"

namespace qmac::config {
namespace {

// unit_area.yaml: "unit|params" -> NAND2-eq.
std::map<std::string, double> read_unit_area(const std::string& path) {
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap() || !root["units"] || !root["units"].IsSequence())
    throw ConfigError(path + ":1: expected the 'units' list of make area");
  std::map<std::string, double> out;
  for (const auto& u : root["units"]) {
    if (!u.IsMap() || !u["unit"] || !u["params"] || !u["nand2_eq"]) throw ConfigError(node_where(path, u) + ": expected {unit, params, nand2_eq}");
    out[get<std::string>(path, u["unit"], "a unit name") + "|" + get<std::string>(path, u["params"], "parameters")] =
        number_in(path, u["nand2_eq"], "nand2_eq", 0, 1e12);
  }
  return out;
}

struct Reader {
  std::string path;
  std::map<std::string, double> area;
  double pj_per_nand2 = 0;
  std::vector<std::string>* sources;

  // An entry {pj | area_of | nand2_eq, source} -> pJ.
  double entry(const YAML::Node& n, const std::string& what) {
    if (!n.IsMap()) throw ConfigError(node_where(path, n) + ": " + what + ": expected {pj: N, source: ...}");
    only_keys(path, n, {"pj", "area_of", "nand2_eq", "source"}, what);
    if (!n["source"]) throw ConfigError(node_where(path, n) + ": " + what + " has no source");
    const std::string source = get<std::string>(path, n["source"], "the number's source");
    const int given = (n["pj"] ? 1 : 0) + (n["area_of"] ? 1 : 0) + (n["nand2_eq"] ? 1 : 0);
    if (given != 1) throw ConfigError(node_where(path, n) + ": " + what + ": give exactly one of pj, area_of, nand2_eq");
    double pj;
    if (n["pj"]) {
      pj = number_in(path, n["pj"], what + ".pj", 0, 1e9);
    } else if (n["nand2_eq"]) {
      pj = number_in(path, n["nand2_eq"], what + ".nand2_eq", 0, 1e12) * pj_per_nand2;
    } else {
      const auto key = get<std::string>(path, n["area_of"], "\"unit|params\" of unit_area.yaml");
      const auto it = area.find(key);
      if (it == area.end()) throw ConfigError(node_where(path, n["area_of"]) + ": unit_area.yaml has no row '" + key + "' (make area)");
      pj = it->second * pj_per_nand2;
    }
    std::ostringstream o;
    o << what << ": " << pj << " pJ (" << source << ")";
    sources->push_back(o.str());
    return pj;
  }
};

// pJ per bit for an SRAM bank of `bytes`: log-log through the nearest two points.
double sram_pj_per_bit(const std::vector<std::pair<double, double>>& pts, double bytes) {
  std::size_t i = 0;
  while (i + 2 < pts.size() && bytes > pts[i + 1].first) ++i;
  const auto [x0, y0] = pts[i];
  const auto [x1, y1] = pts[i + 1];
  const double t = (std::log(bytes) - std::log(x0)) / (std::log(x1) - std::log(x0));
  return std::exp(std::log(y0) + t * (std::log(y1) - std::log(y0)));
}

// The table file a `tech` value names (a node of tech_dir(), or a .yaml path).
std::string tech_path(const std::string& tech, const std::string& where) {
  const bool is_path = tech.size() > 5 && tech.substr(tech.size() - 5) == ".yaml";
  const std::string path = is_path ? tech : tech_dir() + "/" + tech + ".yaml";
  if (!is_path && !std::filesystem::exists(path)) {
    std::string have;
    for (const auto& e : std::filesystem::directory_iterator(tech_dir()))
      if (e.path().extension() == ".yaml" && e.path().stem() != "unit_area") have += (have.empty() ? "" : ", ") + e.path().stem().string();
    throw ConfigError(where + ": no technology '" + tech + "'; shipped: " + have + " (or a path to a .yaml table)");
  }
  return path;
}

std::string unit_area_path(const std::string& table) {
  return (std::filesystem::path(table).parent_path() / "unit_area.yaml").string();
}

}  // namespace

std::string tech_dir() { return QMAC_TECH_DIR; }

std::string tech_table_file(const std::string& tech, const std::string& where) { return tech_path(tech, where); }
std::string unit_area_file(const std::string& tech, const std::string& where) { return unit_area_path(tech_path(tech, where)); }

std::string energy_mac_key(const golden::MacKind& mac) {
  std::string k = mac.a->name == mac.b->name ? mac.a->name : mac.a->name + "x" + mac.b->name;
  if (mac.family == golden::MacFamily::Kulisch) k += "-kulisch";
  return k;
}

std::optional<models::EnergyTable> load_energy_table(const models::ArchSpec& arch, const std::string& tech, const std::string& where,
                                                     std::string& missing) {
  const std::string path = tech_path(tech, where);
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap()) throw ConfigError(path + ":1: expected a mapping (see configs/tech/45nm.yaml)");
  only_keys(path, root, {"node", "voltage_v", "nand2_area_um2", "area_rule", "mac", "actions", "sram_bit"}, "the technology table");
  for (const char* k : {"node", "area_rule", "mac", "actions", "sram_bit"})
    if (!root[k]) throw ConfigError(path + ":1: '" + std::string(k) + "' is missing");
  models::EnergyTable t;
  // As a user would type it: relative to the working directory when below it.
  std::error_code ec;
  const auto rel = std::filesystem::relative(path, ec);
  t.file = !ec && !rel.empty() && rel.native().rfind("..", 0) != 0 ? rel.string() : path;
  t.node = get<std::string>(path, root["node"], "the node's name");
  Reader r{path, read_unit_area(unit_area_path(path)), 0, &t.sources};

  // The area rule's anchor: pJ per NAND2-eq.
  const YAML::Node rule = root["area_rule"];
  only_keys(path, rule, {"anchor_mac", "anchor_unit"}, "area_rule");
  const auto anchor_mac = get<std::string>(path, rule["anchor_mac"], "a MAC kind of 'mac'");
  const auto anchor_unit = get<std::string>(path, rule["anchor_unit"], "\"unit|params\" of unit_area.yaml");
  const YAML::Node macs = root["mac"];
  if (!macs[anchor_mac] || !macs[anchor_mac]["pj"])
    throw ConfigError(node_where(path, rule["anchor_mac"]) + ": the anchor MAC needs a given pj");
  const auto anchor_area = r.area.find(anchor_unit);
  if (anchor_area == r.area.end()) throw ConfigError(node_where(path, rule["anchor_unit"]) + ": unit_area.yaml has no row '" + anchor_unit + "'");
  r.pj_per_nand2 = number_in(path, macs[anchor_mac]["pj"], "pj", 0, 1e9) / anchor_area->second;

  const std::string key = energy_mac_key(arch.mac);
  if (!macs[key]) {
    std::string have;
    for (const auto& m : macs) have += (have.empty() ? "" : ", ") + key_text(path, m.first);
    missing = path + " has no MAC energy for " + key + " (it has " + have + ")";
    return std::nullopt;
  }
  const double mac_pj = r.entry(macs[key], "mac " + key);

  const YAML::Node act = root["actions"];
  only_keys(path, act, {"register_bit", "scale_unit_op", "quantizer_value", "quantizer_block", "fold", "dram_bit"}, "actions");
  auto action = [&](const char* name) {
    if (!act[name]) throw ConfigError(node_where(path, act) + ": actions." + std::string(name) + " is missing");
    return r.entry(act[name], name);
  };
  const double reg_bit = action("register_bit"), scale = action("scale_unit_op"), qv = action("quantizer_value"),
               qb = action("quantizer_block"), fold = action("fold"), dram_bit = action("dram_bit");

  const YAML::Node sb = root["sram_bit"];
  only_keys(path, sb, {"source", "points"}, "sram_bit");
  if (!sb["source"]) throw ConfigError(node_where(path, sb) + ": sram_bit has no source");
  std::vector<std::pair<double, double>> pts;
  if (!sb["points"] || !sb["points"].IsSequence() || sb["points"].size() < 2)
    throw ConfigError(node_where(path, sb) + ": sram_bit.points needs at least two {bytes, pj}");
  for (const auto& p : sb["points"]) {
    only_keys(path, p, {"bytes", "pj"}, "an SRAM point");
    pts.emplace_back(number_in(path, p["bytes"], "bytes", 1, 1e15), number_in(path, p["pj"], "pj", 1e-9, 1e9));
    if (pts.size() > 1 && pts.back().first <= pts[pts.size() - 2].first)
      throw ConfigError(node_where(path, p) + ": SRAM points must grow in bytes");
  }
  auto sram = [&](const models::SramSpec& s, const char* name) {
    const double pj = sram_pj_per_bit(pts, static_cast<double>(s.bytes) / s.banks);
    std::ostringstream o;
    o << name << " bit: " << pj << " pJ (" << get<std::string>(path, sb["source"], "a source") << "; a bank of " << s.bytes / s.banks
      << " bytes, log-log interpolation)";
    t.sources.push_back(o.str());
    return pj;
  };
  const double in_bit = sram(arch.input_sram, "input_sram"), w_bit = sram(arch.weight_sram, "weight_sram"),
               out_bit = sram(arch.output_sram, "output_sram");

  // Each counter: its cost per count (the action its declaration names) and the component it is charged to.
  auto comp = [](const std::string& c) {
    for (std::size_t i = 0; i < models::kEnergyComponents.size(); ++i)
      if (models::kEnergyComponents[i] == c) return static_cast<int>(i);
    throw std::logic_error("no energy component " + c);
  };
  const auto& fields = models::counter_fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const models::CounterField& f = fields[i];
    double pj = 0;
    int c = -1;
    switch (f.cost) {
      case models::CostedAs::Nothing: break;
      case models::CostedAs::Mac: pj = mac_pj; c = comp("mac"); break;
      case models::CostedAs::Fold: pj = fold; c = comp("mac"); break;
      case models::CostedAs::StationaryWrite: pj = reg_bit * arch.mac.b_bits; c = comp("registers"); break;
      case models::CostedAs::OperandWrite: pj = reg_bit * arch.mac.a_bits; c = comp("registers"); break;
      case models::CostedAs::PsumWrite: pj = reg_bit * arch.mac.acc_bits; c = comp("registers"); break;
      case models::CostedAs::ScaleOp: pj = scale; c = comp("scale_unit"); break;
      case models::CostedAs::QuantizerValue: pj = qv; c = comp("quantizer"); break;
      case models::CostedAs::QuantizerBlock: pj = qb; c = comp("quantizer"); break;
      case models::CostedAs::SramBit: {
        const std::string g = f.group;
        pj = g == "input_sram" ? in_bit : g == "weight_sram" ? w_bit : out_bit;
        c = comp(g);
        break;
      }
      case models::CostedAs::DramByte: pj = 8 * dram_bit; c = comp("dram"); break;
    }
    t.pj[i] = pj;
    t.component[i] = c;
  }
  return t;
}

std::optional<models::AreaEstimate> load_area_estimate(const models::ArchSpec& arch, const std::string& tech, const std::string& where,
                                                       std::string& missing) {
  const std::string path = tech_path(tech, where);
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap() || !root["nand2_area_um2"]) throw ConfigError(path + ":1: 'nand2_area_um2' is missing");
  const double nand2 = number_in(path, root["nand2_area_um2"], "nand2_area_um2", 1e-6, 1e6);
  const std::string area_file = unit_area_path(path);
  const auto rows = read_unit_area(area_file);
  const models::AreaUnits u = models::area_units(arch.mac, !arch.activation_format.empty());
  if (u.pe.empty()) {
    missing = area_file + " has no synthesized MAC (and edge) unit for " + energy_mac_key(arch.mac);
    return std::nullopt;
  }
  models::AreaEstimate a;
  auto part = [&](const std::string& row, double count, double& um2) {
    if (row.empty()) return true;
    const auto it = rows.find(row);
    if (it == rows.end()) {
      missing = area_file + " has no row '" + row + "' (make area)";
      return false;
    }
    um2 = count * it->second * nand2;
    std::ostringstream o;
    o << row << ": " << it->second << " NAND2-eq x " << count << " x " << nand2 << " um2";
    a.sources.push_back(o.str());
    return true;
  };
  const double R = arch.rows, C = arch.cols;
  if (!part(u.pe, R * C, a.pe_um2) || !part(u.edge, C, a.edge_um2) || !part(u.quantizer, R, a.quantizer_um2)) return std::nullopt;
  return a;
}

}  // namespace qmac::config
