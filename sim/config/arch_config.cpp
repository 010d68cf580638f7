#include "sim/config/arch_config.hpp"

#include "golden/mac/online_activation.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <yaml-cpp/yaml.h>

#include "golden/formats/registry.hpp"
#include "sim/config/config_file.hpp"

namespace qmac::config {
namespace {

// DRAM bandwidth bounds (bytes per cycle): a transfer's cycles stay finite and exact in 64 bits.
constexpr double kMinBytesPerCycle = 1e-3, kMaxBytesPerCycle = 1e6;

std::int64_t positive(const std::string& path, const YAML::Node& n, const char* what, std::int64_t max) {
  return int_in(path, n, what, 1, max);
}

void sram(const std::string& path, const YAML::Node& n, models::SramSpec& s, const std::string& what) {
  only_keys(path, n, {"kib", "banks", "word_bits", "double_buffered"}, what);
  if (n["kib"]) s.bytes = static_cast<std::uint64_t>(positive(path, n["kib"], "kib", 1 << 30)) * 1024;
  if (n["banks"]) s.banks = static_cast<int>(positive(path, n["banks"], "banks", 1024));
  if (n["word_bits"]) s.word_bits = static_cast<int>(positive(path, n["word_bits"], "word_bits", 1 << 16));
  if (n["double_buffered"]) s.double_buffered = get<bool>(path, n["double_buffered"], "true or false");
}

golden::AccumulatorKind accumulator(const std::string& name, const std::string& where, int& int_width) {
  if (name == "int32") { int_width = 32; return golden::AccumulatorKind::Int; }
  if (name == "fp32") return golden::AccumulatorKind::Fp32;
  if (name == "kulisch") return golden::AccumulatorKind::Kulisch;
  if (name == "quire") return golden::AccumulatorKind::Quire;
  throw ConfigError(where + ": unknown accumulator '" + name + "'; expected int32, fp32, kulisch or quire");
}

// A format's MAC with its default accumulator and block (int8/int4 -> int32,
// posits -> quire, the rest -> fp32).
golden::GemmSpec default_spec(const std::string& format, const std::string& where) {
  const golden::Format* f = nullptr;
  try { f = &golden::find_format(format); }
  catch (const std::exception& e) { throw ConfigError(where + ": " + e.what()); }
  golden::GemmSpec s{f->name, f->name, golden::AccumulatorKind::Fp32, f->is_block() ? f->default_block : 32, 32, {}};
  if (f->kind == golden::FormatKind::Integer && !f->is_block()) s.acc = golden::AccumulatorKind::Int;
  else if (f->kind == golden::FormatKind::Posit) s.acc = golden::AccumulatorKind::Quire;
  return s;
}

// The one place a MAC kind is resolved from names (golden::resolve_mac_kind validates it).
// `activation`: mac.activation_format as the file gives it ("" when absent).
void apply_mac(models::ArchSpec& a, const golden::GemmSpec& spec, const std::string& where, const std::string& activation) {
  try {
    a.mac = golden::resolve_mac_kind(spec);
  } catch (const std::exception& e) {
    throw ConfigError(where + ": " + e.what());
  }
  // activation_format: "fp16"/"bf16" through the online quantizer, "none" (or absent) pre-quantized
  // from DRAM; DialectFP4 defaults to the quantizer, as the BlockDialect design has it.
  // Resolved here, once: nothing below compares the name.
  const std::string name = activation.empty() && a.mac.is_dialect() ? "fp16" : activation;
  a.activation_input = golden::ActivationInput::Prequantized;
  if (name.empty() || name == "none") return;
  if (!golden::online_mode(a.mac))
    throw ConfigError(where + ": activation_format: the online quantizer has a DialectFP4 and an MXFP4 mode only; " + a.mac.name() +
                      " takes its activations pre-quantized (activation_format: none)");
  if (name == "fp16") a.activation_input = golden::ActivationInput::Fp16;
  else if (name == "bf16") a.activation_input = golden::ActivationInput::Bf16;
  else
    throw ConfigError(where + ": the online quantizer takes fp16 or bf16 activations (or none: pre-quantized), not '" + name + "'");
}

models::ArchSpec load_yaml(const std::string& path) {
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap()) throw ConfigError(path + ":1: expected a mapping with the key 'array'");
  only_keys(path, root, {"name", "array", "mac", "sram", "dram", "clock_mhz", "timing", "tech", "compare"}, "the architecture");
  models::ArchSpec a;
  // Without a name the report calls the architecture after its file.
  a.name = root["name"] ? get<std::string>(path, root["name"], "a name") : std::filesystem::path(path).stem().string();
  if (!root["array"]) throw ConfigError(path + ":1: 'array' is missing (rows, cols, dataflow)");
  const YAML::Node arr = root["array"];
  only_keys(path, arr, {"rows", "cols", "dataflow"}, "array");
  if (arr["rows"]) a.rows = static_cast<int>(positive(path, arr["rows"], "rows", 4096));
  if (arr["cols"]) a.cols = static_cast<int>(positive(path, arr["cols"], "cols", 4096));
  if (arr["dataflow"]) {
    const auto d = models::parse_dataflow(get<std::string>(path, arr["dataflow"], "ws, os or is"));
    if (!d) throw ConfigError(node_where(path, arr["dataflow"]) + ": dataflow must be ws, os or is");
    a.dataflow = *d;
  }
  if (root["mac"]) {
    const YAML::Node m = root["mac"];
    only_keys(path, m, {"format", "weight_format", "accumulator", "block", "activation_format"}, "mac");
    if (!m["format"]) throw ConfigError(node_where(path, m) + ": mac needs 'format'");
    golden::GemmSpec spec = default_spec(get<std::string>(path, m["format"], "a format name"), node_where(path, m["format"]));
    if (m["weight_format"]) {
      const auto w = get<std::string>(path, m["weight_format"], "a format name");
      try { spec.b_format = golden::find_format(w).name; }
      catch (const std::exception& e) { throw ConfigError(node_where(path, m["weight_format"]) + ": " + e.what()); }
    }
    if (m["accumulator"])
      spec.acc = accumulator(get<std::string>(path, m["accumulator"], "an accumulator name"), node_where(path, m["accumulator"]), spec.int_width);
    if (m["block"]) spec.block = static_cast<int>(positive(path, m["block"], "block", 256));
    const std::string activation = m["activation_format"] ? get<std::string>(path, m["activation_format"], "fp16, bf16 or none") : "";
    apply_mac(a, spec, node_where(path, m), activation);
  }
  if (root["sram"]) {
    const YAML::Node s = root["sram"];
    only_keys(path, s, {"input", "weight", "output"}, "sram");
    if (s["input"]) sram(path, s["input"], a.input_sram, "sram.input");
    if (s["weight"]) sram(path, s["weight"], a.weight_sram, "sram.weight");
    if (s["output"]) sram(path, s["output"], a.output_sram, "sram.output");
  }
  if (root["dram"]) {
    const YAML::Node d = root["dram"];
    only_keys(path, d, {"bytes_per_cycle", "latency_cycles"}, "dram");
    if (d["bytes_per_cycle"])
      a.dram.bytes_per_cycle = number_in(path, d["bytes_per_cycle"], "bytes_per_cycle", kMinBytesPerCycle, kMaxBytesPerCycle);
    if (d["latency_cycles"]) a.dram.latency_cycles = static_cast<int>(int_in(path, d["latency_cycles"], "latency_cycles", 0, 1000000));
  }
  if (root["clock_mhz"]) a.clock_mhz = number_in(path, root["clock_mhz"], "clock_mhz", 1e-3, 1e6);
  if (root["timing"]) {
    const auto t = get<std::string>(path, root["timing"], "rtl or ideal");
    if (t != "rtl" && t != "ideal") throw ConfigError(node_where(path, root["timing"]) + ": timing must be rtl or ideal");
    a.timing = t == "rtl" ? models::TimingMode::Rtl : models::TimingMode::Ideal;
  }
  if (root["tech"]) {
    a.tech = get<std::string>(path, root["tech"], "a technology node (45nm) or a .yaml table");
    // Resolve relative table paths against the architecture file, as a user reads them.
    if (a.tech.size() > 5 && a.tech.substr(a.tech.size() - 5) == ".yaml" && std::filesystem::path(a.tech).is_relative())
      a.tech = (std::filesystem::path(path).parent_path() / a.tech).string();
  }
  if (root["compare"]) {
    const YAML::Node c = root["compare"];
    if (!c.IsSequence() || c.size() < 2)
      throw ConfigError(node_where(path, c) + ": compare: expected a list of at least two MAC formats, e.g. [int8, mxfp4, dialectfp4]");
    for (const auto& f : c) {
      const auto name = get<std::string>(path, f, "a MAC format");
      models::ArchSpec probe = a;
      set_mac_kind(probe, name, node_where(path, f) + ": compare");
      a.compare.push_back(name);
    }
  }
  return a;
}

// SCALE-Sim's INI: `key: value` or `key = value` under [sections]; keys are
// case-insensitive (Python's configparser).
models::ArchSpec load_scalesim_cfg(const std::string& path) {
  require_readable(path);
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot open file");
  std::set<std::string> sections;
  std::map<std::string, std::pair<std::string, int>> kv;  // "section.key" -> value, line
  std::string line, section;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[') {
      if (t.back() != ']') throw ConfigError(path + ":" + std::to_string(n) + ": expected a [section] header");
      section = lower(trim(t.substr(1, t.size() - 2)));
      // configparser refuses a section or a key given twice; so does qmac.
      if (!sections.insert(section).second)
        throw ConfigError(path + ":" + std::to_string(n) + ": section [" + section + "] given twice");
      continue;
    }
    const auto sep = t.find_first_of(":=");
    if (sep == std::string::npos) throw ConfigError(path + ":" + std::to_string(n) + ": expected 'key: value'");
    if (section.empty()) throw ConfigError(path + ":" + std::to_string(n) + ": 'key: value' before any [section]");
    const std::string key = section + "." + lower(trim(t.substr(0, sep)));
    if (kv.count(key))
      throw ConfigError(path + ":" + std::to_string(n) + ": '" + trim(t.substr(0, sep)) + "' given twice in [" + section +
                        "] (first at line " + std::to_string(kv[key].second) + ")");
    kv[key] = {trim(t.substr(sep + 1)), n};
  }
  auto need = [&](const std::string& key) -> std::pair<std::string, int> {
    const auto it = kv.find(key);
    if (it == kv.end())
      throw ConfigError(path + ": missing '" + key.substr(key.find('.') + 1) + "' in [" + key.substr(0, key.find('.')) + "]");
    return it->second;
  };
  auto integer = [&](const std::string& key, std::int64_t lo, std::int64_t hi) {
    const auto [v, ln] = need(key);
    std::int64_t x = 0;
    if (!parse_int(v, x) || x < lo || x > hi)
      throw ConfigError(path + ":" + std::to_string(ln) + ": " + key.substr(key.find('.') + 1) + " must be an integer in " +
                        std::to_string(lo) + ".." + std::to_string(hi) + ", not '" + v + "'");
    return x;
  };
  models::ArchSpec a;
  a.name = kv.count("general.run_name") ? kv["general.run_name"].first : "scalesim";
  a.rows = static_cast<int>(integer("architecture_presets.arrayheight", 1, 4096));
  a.cols = static_cast<int>(integer("architecture_presets.arraywidth", 1, 4096));
  a.input_sram.bytes = static_cast<std::uint64_t>(integer("architecture_presets.ifmapsramszkb", 1, 1 << 30)) * 1024;
  a.weight_sram.bytes = static_cast<std::uint64_t>(integer("architecture_presets.filtersramszkb", 1, 1 << 30)) * 1024;
  a.output_sram.bytes = static_cast<std::uint64_t>(integer("architecture_presets.ofmapsramszkb", 1, 1 << 30)) * 1024;
  const auto [df, dl] = need("architecture_presets.dataflow");
  const auto d = models::parse_dataflow(lower(df));
  if (!d) throw ConfigError(path + ":" + std::to_string(dl) + ": Dataflow must be os, ws or is, not '" + df + "'");
  a.dataflow = *d;
  if (kv.count("architecture_presets.bandwidth")) {
    // USER mode lists one bandwidth per layer; qmac takes the first as the DRAM words/cycle.
    const auto [bw, bl] = kv["architecture_presets.bandwidth"];
    const std::string first = trim(bw.substr(0, bw.find(',')));
    if (!parse_number(first, a.dram.bytes_per_cycle) || !(a.dram.bytes_per_cycle >= kMinBytesPerCycle) ||
        a.dram.bytes_per_cycle > kMaxBytesPerCycle)
      throw ConfigError(path + ":" + std::to_string(bl) + ": Bandwidth must be a number between 0.001 and 1e+06 (words per cycle), not '" +
                        first + "'");
  }
  // SCALE-Sim's assumptions: 1-byte words, 1-cycle MACs, memory that never stalls.
  a.mac = golden::resolve_mac_kind({"int8", "int8", golden::AccumulatorKind::Int, 32, 32, {}});
  a.timing = models::TimingMode::Ideal;
  a.dram.latency_cycles = 0;
  return a;
}

}  // namespace

void set_mac_kind(models::ArchSpec& a, const std::string& format, const std::string& where) {
  // The architecture's activation path is kept where the new kind has it, so kinds compare on the same path.
  const golden::ActivationInput path = a.activation_input;
  apply_mac(a, default_spec(format, where), where, "none");
  if (golden::online_mode(a.mac)) a.activation_input = path;
}

models::ArchSpec load_arch(const std::string& path) {
  if (path.size() > 4 && path.substr(path.size() - 4) == ".cfg") return load_scalesim_cfg(path);
  return load_yaml(path);
}

}  // namespace qmac::config
