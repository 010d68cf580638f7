#include "sim/config/tech_config.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "golden/formats/registry.hpp"
#include "models/area/area_units.hpp"
#include "sim/config/arch_config.hpp"
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
  double scale = 1;                  // a derived node's energy factor
  const std::set<std::string>* unscaled = nullptr;  // entries it leaves as the base table gives them
  // `area_of: edge_unit`: the MAC kind's block-scale edge unit (area_units), or
  // none for a kind without one.
  std::string edge_unit;
  std::string kind;

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
      auto key = get<std::string>(path, n["area_of"], "\"unit|params\" of unit_area.yaml, or edge_unit");
      if (key == "edge_unit") {
        if (edge_unit.empty()) {
          sources->push_back(what + ": 0 pJ (" + kind + " has no block-scale unit)");
          return 0;
        }
        key = edge_unit;
      }
      const auto it = area.find(key);
      if (it == area.end()) throw ConfigError(node_where(path, n["area_of"]) + ": unit_area.yaml has no row '" + key + "' (make area)");
      pj = it->second * pj_per_nand2;
    }
    const bool scaled = scale != 1 && !(unscaled && unscaled->count(what));
    if (scaled) pj *= scale;
    std::ostringstream o;
    o << what << ": " << pj << " pJ (" << source << (scaled ? "; scaled to the node" : "") << ")";
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

// A table as read. A derived node (`scaled_from: 45nm`) takes its numbers from
// the base table and multiplies them by its scaling factors.
struct TechTable {
  std::string path;          // the file `tech` names
  std::string node;
  std::string numbers_path;  // the file holding mac/actions/sram_bit/area_rule/nand2_area_um2
  YAML::Node numbers;
  double energy_scale = 1, area_scale = 1;
  std::set<std::string> unscaled;
  std::string scaling;       // the rule, for the report's sources
  YAML::Node sram_macro;     // the node's own SRAM macro rule
};

// a*V^2 + b*V + c: a Stillmaker-Baas energy factor.
double energy_factor(const std::string& path, const YAML::Node& n, double v, const std::string& what) {
  if (!n || !n.IsMap()) throw ConfigError(node_where(path, n) + ": " + what + ": expected {a, b, c}");
  only_keys(path, n, {"a", "b", "c"}, what);
  for (const char* k : {"a", "b", "c"})
    if (!n[k]) throw ConfigError(node_where(path, n) + ": " + what + "." + k + " is missing");
  const double f = number_in(path, n["a"], "a", -1e6, 1e6) * v * v + number_in(path, n["b"], "b", -1e6, 1e6) * v +
                   number_in(path, n["c"], "c", -1e6, 1e6);
  if (!(f > 0)) throw ConfigError(node_where(path, n) + ": " + what + " is not positive at " + std::to_string(v) + " V");
  return f;
}

TechTable read_tech(const std::string& tech, const std::string& where) {
  TechTable t;
  t.path = tech_path(tech, where);
  const YAML::Node root = load_yaml_file(t.path);
  if (!root.IsMap()) throw ConfigError(t.path + ":1: expected a mapping (see configs/tech/45nm.yaml)");
  if (!root["node"]) throw ConfigError(t.path + ":1: 'node' is missing");
  t.node = get<std::string>(t.path, root["node"], "the node's name");
  if (!root["sram_macro"]) throw ConfigError(t.path + ":1: 'sram_macro' is missing");
  t.sram_macro = root["sram_macro"];
  if (!root["scaled_from"]) {
    only_keys(t.path, root, {"node", "voltage_v", "nand2_area_um2", "area_rule", "mac", "actions", "sram_bit", "sram_macro", "activity_reference"},
              "the technology table");
    t.numbers_path = t.path;
    t.numbers = root;
    return t;
  }
  only_keys(t.path, root, {"node", "scaled_from", "voltage_v", "scaling", "sram_macro"}, "a derived technology table");
  const std::string base = get<std::string>(t.path, root["scaled_from"], "the node it is scaled from");
  t.numbers_path = tech_path(base, node_where(t.path, root["scaled_from"]));
  t.numbers = load_yaml_file(t.numbers_path);
  if (!t.numbers.IsMap() || t.numbers["scaled_from"])
    throw ConfigError(node_where(t.path, root["scaled_from"]) + ": '" + base + "' must be a table of its own numbers, not derived");
  for (const char* k : {"voltage_v", "scaling"})
    if (!root[k]) throw ConfigError(t.path + ":1: '" + std::string(k) + "' is missing");
  if (!t.numbers["voltage_v"]) throw ConfigError(t.numbers_path + ":1: 'voltage_v' is missing (the scaling needs it)");
  const double v_to = number_in(t.path, root["voltage_v"], "voltage_v", 0.1, 5);
  const double v_from = number_in(t.numbers_path, t.numbers["voltage_v"], "voltage_v", 0.1, 5);
  const YAML::Node sc = root["scaling"];
  only_keys(t.path, sc, {"source", "area_factor", "energy_from", "energy_to", "unscaled"}, "scaling");
  for (const char* k : {"source", "area_factor", "energy_from", "energy_to"})
    if (!sc[k]) throw ConfigError(node_where(t.path, sc) + ": scaling." + std::string(k) + " is missing");
  t.area_scale = number_in(t.path, sc["area_factor"], "area_factor", 1e-6, 1e6);
  const double f_from = energy_factor(t.path, sc["energy_from"], v_from, "scaling.energy_from");
  const double f_to = energy_factor(t.path, sc["energy_to"], v_to, "scaling.energy_to");
  t.energy_scale = f_to / f_from;
  if (sc["unscaled"]) {
    if (!sc["unscaled"].IsSequence()) throw ConfigError(node_where(t.path, sc["unscaled"]) + ": scaling.unscaled: expected a list of action names");
    for (const auto& u : sc["unscaled"]) t.unscaled.insert(get<std::string>(t.path, u, "an action name"));
  }
  std::ostringstream o;
  o << "scaled from " << base << " (" << t.numbers_path << "): energy x " << t.energy_scale << " = F_to(" << v_to << " V) / F_from("
    << v_from << " V) = " << f_to << " / " << f_from << ", area x " << t.area_scale << " ("
    << get<std::string>(t.path, sc["source"], "the scaling's source") << ")";
  t.scaling = o.str();
  return t;
}

}  // namespace

std::string tech_dir() { return QMAC_TECH_DIR; }

std::vector<std::string> tech_input_files(const std::string& tech, const std::string& where) {
  const TechTable t = read_tech(tech, where);
  std::vector<std::string> out{t.path};
  if (t.numbers_path != t.path) out.push_back(t.numbers_path);
  out.push_back(unit_area_path(t.numbers_path));
  return out;
}

std::string energy_mac_key(const golden::MacKind& mac) {
  std::string k = mac.a->name == mac.b->name ? mac.a->name : mac.a->name + "x" + mac.b->name;
  if (mac.family == golden::MacFamily::Kulisch) k += "-kulisch";
  return k;
}

std::optional<models::EnergyTable> load_energy_table(const models::ArchSpec& arch, const std::string& tech, const std::string& where,
                                                     std::string& missing) {
  const TechTable tt = read_tech(tech, where);
  const std::string& path = tt.numbers_path;
  const YAML::Node& root = tt.numbers;
  for (const char* k : {"area_rule", "mac", "actions", "sram_bit", "activity_reference"})
    if (!root[k]) throw ConfigError(path + ":1: '" + std::string(k) + "' is missing");
  models::EnergyTable t;
  // As a user would type it: relative to the working directory when below it.
  std::error_code ec;
  const auto rel = std::filesystem::relative(tt.path, ec);
  t.file = !ec && !rel.empty() && rel.native().rfind("..", 0) != 0 ? rel.string() : tt.path;
  t.node = tt.node;
  if (!tt.scaling.empty()) t.sources.push_back(tt.scaling);
  Reader r{path, read_unit_area(unit_area_path(path)), 0, &t.sources, tt.energy_scale, &tt.unscaled,
           models::area_units(arch.mac, false).edge, arch.mac.name()};

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
    const double pj = sram_pj_per_bit(pts, static_cast<double>(s.bytes) / s.banks) * tt.energy_scale;
    std::ostringstream o;
    o << name << " bit: " << pj << " pJ (" << get<std::string>(path, sb["source"], "a source") << "; a bank of " << s.bytes / s.banks
      << " bytes, log-log interpolation" << (tt.energy_scale != 1 ? "; scaled to the node" : "") << ")";
    t.sources.push_back(o.str());
    return pj;
  };
  const double in_bit = sram(arch.input_sram, "input_sram"), w_bit = sram(arch.weight_sram, "weight_sram"),
               out_bit = sram(arch.output_sram, "output_sram");
  t.register_bit_pj = reg_bit;
  t.input_sram_bit_pj = in_bit;
  t.weight_sram_bit_pj = w_bit;
  t.a_bits = arch.mac.a_bits;
  t.b_bits = arch.mac.b_bits;
  {
    const YAML::Node ar = root["activity_reference"];
    only_keys(path, ar, {"toggle_rate", "source"}, "activity_reference");
    if (!ar["toggle_rate"] || !ar["source"]) throw ConfigError(node_where(path, ar) + ": activity_reference needs toggle_rate and source");
    t.reference_toggle_rate = number_in(path, ar["toggle_rate"], "toggle_rate", 0.01, 1);
    std::ostringstream o;
    o << "reference toggle rate: " << t.reference_toggle_rate << " (" << get<std::string>(path, ar["source"], "a source") << ")";
    t.sources.push_back(o.str());
  }

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
  const TechTable tt = read_tech(tech, where);
  if (!tt.numbers["nand2_area_um2"]) throw ConfigError(tt.numbers_path + ":1: 'nand2_area_um2' is missing");
  const double nand2 = number_in(tt.numbers_path, tt.numbers["nand2_area_um2"], "nand2_area_um2", 1e-6, 1e6) * tt.area_scale;
  const std::string area_file = unit_area_path(tt.numbers_path);
  const auto rows = read_unit_area(area_file);
  const models::AreaUnits u = models::area_units(arch.mac, arch.online_quantizer());
  if (u.pe.empty()) {
    missing = area_file + " has no synthesized MAC (and edge) unit for " + energy_mac_key(arch.mac);
    return std::nullopt;
  }
  models::AreaEstimate a;
  if (!tt.scaling.empty()) a.sources.push_back(tt.scaling);
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
  if (!part(u.pe, R * C, a.um2[0]) || !part(u.edge, C, a.um2[1]) || !part(u.quantizer, R, a.um2[2])) return std::nullopt;

  // Each SRAM's macro: its bits x the bitcell's area / the array efficiency.
  const YAML::Node& m = tt.sram_macro;
  only_keys(tt.path, m, {"bitcell_um2", "bitcell_source", "array_efficiency", "efficiency_source"}, "sram_macro");
  for (const char* k : {"bitcell_um2", "bitcell_source", "array_efficiency", "efficiency_source"})
    if (!m[k]) throw ConfigError(node_where(tt.path, m) + ": sram_macro." + std::string(k) + " is missing");
  const double cell = number_in(tt.path, m["bitcell_um2"], "bitcell_um2", 1e-6, 100);
  const double eff = number_in(tt.path, m["array_efficiency"], "array_efficiency", 0.01, 1);
  const models::SramSpec* srams[] = {&arch.input_sram, &arch.weight_sram, &arch.output_sram};
  for (int i = 0; i < 3; ++i) a.um2[3 + i] = static_cast<double>(srams[i]->bytes) * 8 * cell / eff;
  std::ostringstream o;
  o << "SRAM macro: bits x " << cell << " um2 (" << get<std::string>(tt.path, m["bitcell_source"], "a source") << ") / "
    << eff << " array efficiency (" << get<std::string>(tt.path, m["efficiency_source"], "a source") << ")";
  a.sources.push_back(o.str());
  return a;
}

std::string hardware_model_gap(const models::ArchSpec& arch) {
  std::string missing;
  if (!load_area_estimate(arch, arch.tech, "the architecture", missing)) return missing;
  if (!load_energy_table(arch, arch.tech, "the architecture", missing)) return missing;
  return "";
}

std::vector<std::string> modelled_mac_formats(const models::ArchSpec& arch) {
  std::vector<std::string> out;
  for (const auto& name : golden::format_names()) {
    models::ArchSpec a = arch;
    try {
      set_mac_kind(a, name, "--mac");
    } catch (const ConfigError&) {
      continue;  // not a MAC format (a scale format, a reference format)
    }
    if (hardware_model_gap(a).empty()) out.push_back(name);
  }
  return out;
}

}  // namespace qmac::config
