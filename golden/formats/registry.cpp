#include "golden/formats/registry.hpp"

#include <charconv>
#include <map>
#include <mutex>

#include "golden/formats/bf16.hpp"
#include "golden/formats/dialectfp4.hpp"
#include "golden/formats/e2m1.hpp"
#include "golden/formats/e2m3.hpp"
#include "golden/formats/e3m2.hpp"
#include "golden/formats/e4m3.hpp"
#include "golden/formats/e5m2.hpp"
#include "golden/formats/e8m0.hpp"
#include "golden/formats/fp16.hpp"
#include "golden/formats/int4.hpp"
#include "golden/formats/int8.hpp"
#include "golden/formats/mxint8_element.hpp"
#include "golden/formats/nf4.hpp"
#include "golden/formats/tf32.hpp"

namespace qmac::golden {
namespace {

template <class F>
Format simple(std::string name, FormatKind kind, std::string description) {
  Format f;
  f.name = std::move(name);
  f.kind = kind;
  f.description = std::move(description);
  f.bits = F::kBits;
  f.max_finite = F::max_finite();
  f.min_positive = F::min_subnormal();
  f.decode = [](std::uint64_t c) { return F::decode(c); };
  f.encode = [](const Value& v, Rounding r, Overflow o, Flags* fl) { return F::encode(v, r, o, fl); };
  return f;
}

template <class F>
Format minifloat(std::string name, std::string description) {
  Format f = simple<F>(std::move(name), FormatKind::Float, std::move(description));
  f.exp_bits = F::kExpBits;
  f.man_bits = F::kManBits;
  f.bias = F::kBias;
  f.has_inf = F::kHasInf;
  f.has_nan = F::kHasNan;
  if (F::spec.ieee_interchange) f.default_overflow = Overflow::NoSaturate;
  return f;
}

Format posit(PositSpec p, std::string name) {
  Format f;
  f.name = std::move(name);
  f.kind = FormatKind::Posit;
  f.description = "posit<" + std::to_string(p.n) + "," + std::to_string(p.es) + ">" +
                  (p.es == 2 && (p.n == 8 || p.n == 16 || p.n == 32) ? ", Posit Standard 2022" : "");
  f.bits = p.n;
  f.exp_bits = p.es;
  f.has_nan = true;  // NaR
  f.posit = p;
  f.max_finite = p.max_finite();
  f.min_positive = p.min_subnormal();
  f.decode = [p](std::uint64_t c) { return p.decode(c); };
  f.encode = [p](const Value& v, Rounding r, Overflow o, Flags* fl) { return p.encode(v, r, o, fl); };
  return f;
}

Format block(std::string name, const Format& elem, int emax_elem, std::string description) {
  Format f = elem;
  f.name = std::move(name);
  f.kind = FormatKind::Block;
  f.description = std::move(description);
  f.element = elem.name;
  f.scale = "e8m0";
  f.default_block = 32;
  f.emax_elem = emax_elem;
  return f;
}

// BlockDialect's DialectFP4 blocks: a 4-bit code means nothing without its
// block's dialect id, so this entry has no scalar element decode/encode;
// golden/block/blockdialect_quantizer does the work.
Format dialectfp4() {
  Format f;
  f.name = "dialectfp4";
  f.kind = FormatKind::Block;
  f.description = "BlockDialect DialectFP4: 16 FP4 dialects, E8M0 scale + 4-bit dialect per 32";
  f.bits = 4;
  f.max_finite = DialectFp4::decode(0, 7);      // 7.5
  f.min_positive = DialectFp4::decode(0, 1);    // 0.5
  f.scale = "e8m0";
  f.default_block = 32;
  f.emax_elem = 2;
  f.block_metadata_bits = 8 + 4;
  return f;
}

struct Registry {
  std::vector<Format> formats;
  std::map<std::string, std::size_t, std::less<>> by_name;
  std::mutex posit_mutex;  // positN_esE entries are made on first use
  std::map<std::string, Format, std::less<>> posits;

  void add(Format f) {
    by_name.emplace(f.name, formats.size());
    formats.push_back(std::move(f));
  }
  const Format& get(std::string_view n) const { return formats.at(by_name.find(n)->second); }

  Registry() {
    formats.reserve(32);
    // clang-format off
    add(minifloat<E4M3>("e4m3", "FP8 E4M3 (OCP OFP8), no Inf, NaN S.1111.111"));
    add(minifloat<E5M2>("e5m2", "FP8 E5M2 (OCP OFP8), IEEE-style Inf/NaN"));
    add(minifloat<E2M3>("e2m3", "FP6 E2M3 (OCP MX element), no Inf/NaN"));
    add(minifloat<E3M2>("e3m2", "FP6 E3M2 (OCP MX element), no Inf/NaN"));
    add(minifloat<E2M1>("e2m1", "FP4 E2M1 (OCP MX element), no Inf/NaN"));
    add(simple<E8M0>("e8m0", FormatKind::Scale, "E8M0 MX scale, 2^(b-127), 0xFF = NaN"));
    add(simple<Int8>("int8", FormatKind::Integer, "8-bit two's complement integer"));
    add(simple<Int4>("int4", FormatKind::Integer, "4-bit two's complement integer"));
    add(simple<Nf4>("nf4", FormatKind::Lookup, "4-bit NormalFloat (QLoRA / bitsandbytes)"));
    add(minifloat<Fp16>("fp16", "IEEE 754 binary16"));
    add(minifloat<Bf16>("bf16", "bfloat16"));
    add(minifloat<Tf32>("tf32", "NVIDIA TensorFloat-32 (19-bit code)"));
    add(posit(kPosit8, "posit8"));
    add(posit(kPosit16, "posit16"));
    add(posit(kPosit32, "posit32"));
    add(simple<MxInt8Element>("mxint8_elem", FormatKind::Integer, "MXINT8 element: k/64, symmetric clamp"));
    add(block("mxfp8_e4m3", get("e4m3"), 8,  "OCP MXFP8, E4M3 elements, E8M0 scale per 32"));
    add(block("mxfp8_e5m2", get("e5m2"), 15, "OCP MXFP8, E5M2 elements, E8M0 scale per 32"));
    add(block("mxfp6_e2m3", get("e2m3"), 2,  "OCP MXFP6, E2M3 elements, E8M0 scale per 32"));
    add(block("mxfp6_e3m2", get("e3m2"), 4,  "OCP MXFP6, E3M2 elements, E8M0 scale per 32"));
    add(block("mxfp4",      get("e2m1"), 2,  "OCP MXFP4, E2M1 elements, E8M0 scale per 32"));
    add(block("mxint8",     get("mxint8_elem"), 0, "OCP MXINT8, k/64 elements, E8M0 scale per 32"));
    add(dialectfp4());
    // clang-format on
    formats[by_name.at("e8m0")].default_rounding = Rounding::TowardZero;
    formats[by_name.at("e8m0")].bias = E8M0::kBias;
    formats[by_name.at("e8m0")].exp_bits = 8;
    formats[by_name.at("e8m0")].has_nan = true;
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

// "positN_esE" or "positNesE" -> spec, if well formed and in range.
bool parse_posit_name(std::string_view s, PositSpec& out) {
  if (!s.starts_with("posit")) return false;
  s.remove_prefix(5);
  int n = 0, es = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{}) return false;
  s.remove_prefix(static_cast<std::size_t>(p - s.data()));
  if (s.starts_with("_")) s.remove_prefix(1);
  if (!s.starts_with("es")) return false;
  s.remove_prefix(2);
  auto [q, ec2] = std::from_chars(s.data(), s.data() + s.size(), es);
  if (ec2 != std::errc{} || q != s.data() + s.size()) return false;
  out = PositSpec{n, es};
  return out.valid();
}

}  // namespace

UnknownFormat::UnknownFormat(std::string_view name)
    : std::invalid_argument([&] {
        std::string msg = "unknown format '" + std::string(name) + "'; expected one of:";
        for (const auto& n : format_names()) msg += " " + n;
        return msg;
      }()) {}

const Format& find_format(std::string_view name) {
  Registry& r = registry();
  if (auto it = r.by_name.find(name); it != r.by_name.end()) return r.formats[it->second];
  PositSpec p;
  if (parse_posit_name(name, p)) {
    std::lock_guard lock(r.posit_mutex);
    if (p.es == 2 && (p.n == 8 || p.n == 16 || p.n == 32)) return r.get("posit" + std::to_string(p.n));
    auto it = r.posits.find(name);
    if (it == r.posits.end())
      it = r.posits.emplace(std::string(name), posit(p, "posit" + std::to_string(p.n) + "_es" + std::to_string(p.es))).first;
    return it->second;
  }
  throw UnknownFormat(name);
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto& f : registry().formats) names.push_back(f.name);
  names.push_back("positN_esE (2<=N<=32, 0<=E<=4)");
  return names;
}

std::vector<const Format*> element_formats(int max_bits) {
  std::vector<const Format*> out;
  for (const auto& f : registry().formats)
    if (!f.is_block() && f.bits <= max_bits) out.push_back(&f);
  return out;
}

}  // namespace qmac::golden
