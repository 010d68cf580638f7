#include "sim/cli/golden_command.hpp"

#include <boost/program_options.hpp>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "golden/arith/posit_ops.hpp"
#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/block/int_group_quantizer.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/block/nf4_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/mac/posit_quire.hpp"
#include "golden/mac/products.hpp"
#include "sim/cli/golden_table.hpp"
#include "sim/cli/hex_io.hpp"
#include "sim/config/golden_table_config.hpp"

namespace po = boost::program_options;

namespace qmac::cli {
namespace {

using golden::Format;
using golden::Value;

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Sub {
  std::string summary;
  std::string usage;
  std::function<void(po::options_description&)> options;
  std::function<void(const po::variables_map&, std::istream&, std::ostream&)> run;
};

const Format& format_opt(const po::variables_map& vm) {
  if (!vm.count("format")) throw UsageError("--format is required");
  return golden::find_format(vm["format"].as<std::string>());
}

golden::Rounding rounding_opt(const po::variables_map& vm, golden::Rounding dflt) {
  if (!vm.count("rounding")) return dflt;
  const std::string r = vm["rounding"].as<std::string>();
  if (r == "rne") return golden::Rounding::NearestEven;
  if (r == "rz") return golden::Rounding::TowardZero;
  if (r == "ru") return golden::Rounding::AwayFromZero;
  if (r == "away") return golden::Rounding::NearestAway;
  throw UsageError("--rounding: expected rne, rz, ru or away, got '" + r + "'");
}

// The element format a code belongs to (a block format's codes are its element's).
const Format& element_of(const Format& f) {
  if (!f.has_scalar_element())
    throw UsageError("'" + f.name + "' codes mean nothing without their block's dialect id; use `qmac golden quantize`");
  return f.is_block() ? golden::find_format(f.element) : f;
}

int width_opt(const po::variables_map& vm, const char* name) {
  const std::string w = vm[name].as<std::string>();
  if (w == "fp32") return 32;
  if (w == "fp64") return 64;
  throw UsageError(std::string("--") + name + ": expected fp32 or fp64, got '" + w + "'");
}

std::vector<std::string_view> fields(const std::string& line, std::size_t n, std::size_t line_no, const char* what) {
  auto f = split(line, " \t");
  if (f.size() != n) throw InputError(line_no, "expected " + std::string(what) + ", got " + std::to_string(f.size()) + " field(s)");
  return f;
}

void run_decode(const po::variables_map& vm, std::istream& in, std::ostream& out) {
  const Format& f = element_of(format_opt(vm));
  const int w = width_opt(vm, "to");
  LineReader r(in);
  std::string line;
  while (r.next(line)) {
    const auto tok = fields(line, 1, r.line_number(), "one code");
    const Value v = f.decode(parse_hex(tok[0], f.bits, r.line_number(), f.name + " code"));
    out << (w == 32 ? to_hex(golden::to_fp32_bits(v), 8) : to_hex(golden::to_fp64_bits(v), 16)) << "\n";
  }
}

void run_encode(const po::variables_map& vm, std::istream& in, std::ostream& out) {
  const Format& f = element_of(format_opt(vm));
  const int w = width_opt(vm, "from");
  const golden::Rounding mode = rounding_opt(vm, f.default_rounding);
  auto overflow = f.default_overflow;
  if (vm.count("overflow")) {
    const std::string ov = vm["overflow"].as<std::string>();
    if (ov != "sat" && ov != "nosat") throw UsageError("--overflow: expected sat or nosat, got '" + ov + "'");
    overflow = ov == "sat" ? golden::Overflow::Saturate : golden::Overflow::NoSaturate;
  }
  // Options a format has no use for are refused rather than silently ignored.
  const bool fixed_rounding = f.kind == golden::FormatKind::Posit || f.kind == golden::FormatKind::Lookup;
  if (fixed_rounding && mode != golden::Rounding::NearestEven)
    throw UsageError("--rounding: " + f.name + " rounds to nearest even only");
  const bool has_overflow_choice = f.has_inf || (f.has_nan && f.kind != golden::FormatKind::Posit);
  if (overflow == golden::Overflow::NoSaturate && !has_overflow_choice)
    throw UsageError("--overflow nosat: " + f.name + " has no Inf/NaN to overflow to; it always saturates");
  LineReader r(in);
  std::string line;
  while (r.next(line)) {
    const auto tok = fields(line, 1, r.line_number(), w == 32 ? "one fp32 bit pattern" : "one fp64 bit pattern");
    const std::uint64_t bits = parse_hex(tok[0], w, r.line_number(), w == 32 ? "an fp32 bit pattern" : "an fp64 bit pattern");
    const Value v = w == 32 ? golden::from_fp32_bits(static_cast<std::uint32_t>(bits)) : golden::from_fp64_bits(bits);
    out << to_hex(f.encode(v, mode, overflow, nullptr), f.hex_digits()) << "\n";
  }
}

void run_mul(const po::variables_map& vm, std::istream& in, std::ostream& out) {
  const Format& f = element_of(format_opt(vm));
  // FP32 holds these products exactly (<= 8-bit minifloats and integers).
  if (!((f.kind == golden::FormatKind::Float && f.bits <= 8) || f.kind == golden::FormatKind::Integer))
    throw UsageError("mul: '" + f.name + "' products are not exact in FP32; expected an FP8/FP6/FP4 or integer format");
  LineReader r(in);
  std::string line;
  while (r.next(line)) {
    const auto tok = fields(line, 2, r.line_number(), "two codes 'a b'");
    const std::uint64_t a = parse_hex(tok[0], f.bits, r.line_number(), f.name + " code");
    const std::uint64_t b = parse_hex(tok[1], f.bits, r.line_number(), f.name + " code");
    out << to_hex(golden::to_fp32_bits(golden::exact_product(f, a, f, b)), 8) << "\n";
  }
}

// NF4 allows blocks up to 4096 (bitsandbytes); int groups are any size up to that.
constexpr int kMaxQuantizeBlock = 4096;

void run_quantize(const po::variables_map& vm, std::istream& in, std::ostream& out) {
  const Format& f = format_opt(vm);
  const bool emit = vm.count("emit-scales") > 0;
  // One block's worth of inputs -> dequantized values (+ scale hex).
  std::function<std::string(const std::vector<std::uint32_t>&, std::vector<std::uint32_t>&)> quantize_block;
  int block = 0;  // 0: the format's default block
  if (vm.count("block")) {
    block = vm["block"].as<int>();
    if (block < 1 || block > kMaxQuantizeBlock)
      throw UsageError("--block: expected 1 to " + std::to_string(kMaxQuantizeBlock) + " values per block, not " + std::to_string(block));
  }
  if (vm.count("select") && f.name != "dialectfp4") throw UsageError("--select applies to dialectfp4 only");
  if (f.name == "dialectfp4") {
    block = block ? block : f.default_block;
    const std::string sel = vm.count("select") ? vm["select"].as<std::string>() : "two-stage";
    const golden::DialectSelect select = sel == "two-stage" ? golden::DialectSelect::TwoStage
                                         : sel == "mse"     ? golden::DialectSelect::Mse
                                         : sel == "mx"      ? golden::DialectSelect::Mx
                                                            : throw UsageError("--select: expected two-stage, mse or mx, got '" + sel + "'");
    auto q = std::make_shared<golden::BlockDialectQuantizer>(block, select);
    quantize_block = [q](const std::vector<std::uint32_t>& x, std::vector<std::uint32_t>& y) {
      std::vector<std::uint8_t> codes(x.size());
      const golden::DialectBlockMeta m = q->quantize(x, codes);
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = golden::BlockDialectQuantizer::dequantize_fp32(m, codes[i]);
      return to_hex(m.scale, 2) + " " + to_hex(m.dialect, 1);
    };
  } else if (f.is_block()) {
    golden::MxConfig cfg;
    cfg.block = block ? block : f.default_block;
    block = cfg.block;
    cfg.rounding = rounding_opt(vm, golden::Rounding::NearestEven);
    if (cfg.rounding != golden::Rounding::NearestEven && cfg.rounding != golden::Rounding::NearestAway)
      throw UsageError("--rounding: MX elements round with rne or away");
    const std::string rule = vm.count("scale-rule") ? vm["scale-rule"].as<std::string>() : "floor";
    if (rule != "floor" && rule != "ceil") throw UsageError("--scale-rule: expected floor or ceil, got '" + rule + "'");
    cfg.scale_rule = rule == "floor" ? golden::ScaleRule::OcpFloor : golden::ScaleRule::Ceil;
    if (!golden::valid_block_size(block)) throw UsageError("--block: MX blocks are a power of two in 8..256");
    auto q = std::make_shared<golden::MxBlockQuantizer>(f, cfg);
    quantize_block = [q](const std::vector<std::uint32_t>& x, std::vector<std::uint32_t>& y) {
      std::vector<std::uint8_t> codes(x.size());
      const std::uint8_t s = q->quantize(x, codes);
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = q->dequantize_fp32(s, codes[i]);
      return to_hex(s, 2);
    };
  } else if (f.name == "nf4") {
    block = block ? block : golden::Nf4BlockQuantizer::kDefaultBlock;
    auto q = std::make_shared<golden::Nf4BlockQuantizer>(block);
    quantize_block = [q](const std::vector<std::uint32_t>& x, std::vector<std::uint32_t>& y) {
      std::vector<std::uint8_t> codes(x.size());
      const std::uint32_t absmax = q->quantize(x, codes);
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = golden::Nf4BlockQuantizer::dequantize_fp32(absmax, codes[i]);
      return to_hex(absmax, 8);
    };
  } else if (f.name == "int8" || f.name == "int4") {
    if (!block) throw UsageError("--block: int8/int4 group quantization needs the group size");
    auto q = std::make_shared<golden::IntGroupQuantizer>(f.bits, block);
    quantize_block = [q](const std::vector<std::uint32_t>& x, std::vector<std::uint32_t>& y) {
      std::vector<std::uint8_t> codes(x.size());
      const std::uint32_t scale = q->quantize(x, codes);
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = q->dequantize_fp32(scale, codes[i]);
      return to_hex(scale, 8);
    };
  } else {
    throw UsageError("quantize: '" + f.name + "' is not a block format; expected an MX format, dialectfp4, nf4, int8 or int4");
  }
  LineReader r(in);
  std::string line;
  std::vector<std::uint32_t> x, y;
  std::size_t first_line = 0;
  while (r.next(line)) {
    const auto tok = fields(line, 1, r.line_number(), "one fp32 bit pattern");
    if (x.empty()) first_line = r.line_number();
    x.push_back(static_cast<std::uint32_t>(parse_hex(tok[0], 32, r.line_number(), "an fp32 bit pattern")));
    if (x.size() == static_cast<std::size_t>(block)) {
      y.assign(x.size(), 0);
      const std::string s = quantize_block(x, y);
      for (auto v : y) out << to_hex(v, 8) << (emit ? " " + s : "") << "\n";
      x.clear();
    }
  }
  if (!x.empty())
    throw InputError(first_line, "short final block: " + std::to_string(x.size()) + " value(s) from here to line " +
                                     std::to_string(r.line_number()) + ", expected a multiple of the block size " +
                                     std::to_string(block));
}

const golden::PositSpec& posit_opt(const po::variables_map& vm) {
  const Format& f = format_opt(vm);
  if (f.kind != golden::FormatKind::Posit) throw UsageError("'" + f.name + "' is not a posit format");
  return f.posit;
}

void run_posit(const po::variables_map& vm, std::istream& in, std::ostream& out) {
  const golden::PositSpec& p = posit_opt(vm);
  if (!vm.count("op")) throw UsageError("--op is required (add, sub, mul, div, sqrt)");
  static const std::map<std::string, golden::PositOp> ops = {{"add", golden::PositOp::Add},
                                                             {"sub", golden::PositOp::Sub},
                                                             {"mul", golden::PositOp::Mul},
                                                             {"div", golden::PositOp::Div},
                                                             {"sqrt", golden::PositOp::Sqrt}};
  const auto it = ops.find(vm["op"].as<std::string>());
  if (it == ops.end()) throw UsageError("--op: expected add, sub, mul, div or sqrt, got '" + vm["op"].as<std::string>() + "'");
  const bool unary = it->second == golden::PositOp::Sqrt;
  const std::string name = "posit" + std::to_string(p.n) + " code";
  LineReader r(in);
  std::string line;
  while (r.next(line)) {
    const auto tok = fields(line, unary ? 1 : 2, r.line_number(), unary ? "one code" : "two codes 'a b'");
    const std::uint64_t a = parse_hex(tok[0], p.n, r.line_number(), name);
    const std::uint64_t b = unary ? 0 : parse_hex(tok[1], p.n, r.line_number(), name);
    out << to_hex(golden::posit_apply(p, it->second, a, b), (p.n + 3) / 4) << "\n";
  }
}

void run_dot(const po::variables_map& vm, std::istream& in, std::ostream& out) {
  const golden::PositSpec& p = posit_opt(vm);
  const std::string name = "posit" + std::to_string(p.n) + " code";
  LineReader r(in);
  std::string line;
  golden::PositQuire q(p);
  while (r.next(line)) {
    const auto halves = split(line, ";");
    if (halves.size() != 2) throw InputError(r.line_number(), "expected 'a1,a2,...;b1,b2,...'");
    const auto as = split(halves[0], ","), bs = split(halves[1], ",");
    if (as.size() != bs.size())
      throw InputError(r.line_number(), "vectors differ in length: " + std::to_string(as.size()) + " vs " + std::to_string(bs.size()));
    q.clear();
    for (std::size_t i = 0; i < as.size(); ++i)
      q.add_product(parse_hex(as[i], p.n, r.line_number(), name), parse_hex(bs[i], p.n, r.line_number(), name));
    out << to_hex(q.to_posit(), (p.n + 3) / 4) << "\n";
  }
}

void run_table(const po::variables_map& vm, std::istream&, std::ostream& out) {
  std::vector<std::string> names;
  if (vm.count("config")) {
    names = config::load_golden_table_config(vm["config"].as<std::string>()).formats;
  } else {
    // Every registered format, block formats included (the pattern entry positN_esE is not one format).
    for (const auto& n : golden::format_names())
      if (n.find(' ') == std::string::npos) names.push_back(n);
  }
  print_format_table(names, out);
}

const std::map<std::string, Sub>& subcommands() {
  auto fmt = [](po::options_description& d) {
    d.add_options()("format,f", po::value<std::string>(), "format name (see `qmac golden table`)");
  };
  static const std::map<std::string, Sub> subs = {
      {"decode",
       {"codes in, FP32/FP64 bit patterns out", "decode --format F [--to fp32|fp64]",
        [fmt](auto& d) { fmt(d); d.add_options()("to", po::value<std::string>()->default_value("fp32"), "output width"); },
        run_decode}},
      {"encode",
       {"FP32/FP64 bit patterns in, codes out",
        "encode --format F [--from fp32|fp64] [--overflow sat|nosat] [--rounding rne|rz|ru|away]",
        [fmt](auto& d) {
          fmt(d);
          d.add_options()("from", po::value<std::string>()->default_value("fp32"), "input width")(
              "overflow", po::value<std::string>(),
              "sat: clamp to max; nosat: Inf/NaN. Default: nosat for fp16/bf16/tf32 (IEEE 754), sat otherwise "
              "(OCP, formats.md 6.1)")(
              "rounding", po::value<std::string>(),
              "rne (default; e8m0: rz), rz toward zero, ru up in magnitude, away ties away");
        },
        run_encode}},
      {"mul",
       {"lines 'a b' -> exact product as FP32 bits", "mul --format F",
        [fmt](auto& d) { fmt(d); }, run_mul}},
      {"quantize",
       {"FP32 blocks in, dequantized FP32 out",
        "quantize --format F [--block N] [--rounding rne|away] [--scale-rule floor|ceil] [--select two-stage|mse|mx] [--emit-scales]",
        [fmt](auto& d) {
          fmt(d);
          d.add_options()("block", po::value<int>(), "block size (MX 32, nf4 64, int8/int4: the group)")(
              "rounding", po::value<std::string>(), "element rounding: rne (default) or away")(
              "scale-rule", po::value<std::string>(), "MX scale: floor (OCP, default) or ceil")(
              "emit-scales", "print the block's scale (dialectfp4: scale and dialect id) after each value")(
              "select", po::value<std::string>(), "dialectfp4 dialect choice: two-stage (default), mse or mx");
        },
        run_quantize}},
      {"posit",
       {"posit arithmetic, one result per line", "posit --format posit16 --op add|sub|mul|div|sqrt",
        [fmt](auto& d) { fmt(d); d.add_options()("op", po::value<std::string>(), "add, sub, mul, div or sqrt"); },
        run_posit}},
      {"dot",
       {"quire-exact posit dot products 'a1,a2,..;b1,b2,..'", "dot --format posit16",
        [fmt](auto& d) { fmt(d); }, run_dot}},
      {"table",
       {"table of every format's range and precision", "table [--config configs/golden/table.yaml]",
        [](auto& d) { d.add_options()("config", po::value<std::string>(), "YAML file listing the formats"); },
        run_table}},
  };
  return subs;
}

void print_help(std::ostream& out) {
  out << "usage: qmac golden <command> [options] < input > output\n\n"
         "The bit-exact golden format library: hex in, hex out, one item per line\n"
         "(0x optional, either case; blank lines and '#' comments skipped).\n\ncommands:\n";
  for (const auto& [name, s] : subcommands()) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "  %-9s %s\n", name.c_str(), s.summary.c_str());
    out << buf;
  }
  out << "\nexample: echo 3f800000 | qmac golden encode --format e4m3   # prints 38\n"
         "`qmac golden <command> --help` shows a command's options.\n";
}

}  // namespace

int golden_command(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    print_help(argc < 2 ? err : out);
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  const auto it = subcommands().find(name);
  if (it == subcommands().end()) {
    err << "qmac golden: unknown command '" << name << "'\n";
    print_help(err);
    return 2;
  }
  const Sub& sub = it->second;
  po::options_description desc("usage: qmac golden " + sub.usage + "\n" + sub.summary + "\n\noptions");
  desc.add_options()("help,h", "show this help");
  sub.options(desc);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc - 1, argv + 1).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      out << desc << "\n";
      return 0;
    }
    // Buffer the output: on an error nothing partial reaches stdout.
    std::ostringstream buf;
    sub.run(vm, in, buf);
    out << buf.str();
    return 0;
  } catch (const InputError& e) {
    err << "qmac golden " << name << ": <stdin> " << e.what() << "\n";
  } catch (const po::error& e) {
    err << "qmac golden " << name << ": " << e.what() << "\n" << desc << "\n";
  } catch (const UsageError& e) {
    err << "qmac golden " << name << ": " << e.what() << "\n";
  } catch (const config::ConfigError& e) {
    err << "qmac golden " << name << ": " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {
    err << "qmac golden " << name << ": " << e.what() << "\n";
  }
  return 2;
}

}  // namespace qmac::cli
