#include "sim/run/golden_check.hpp"

#include <sstream>

#include "golden/block/block_quantizer.hpp"
#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/mac/online_activation.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/mac/pe_arith.hpp"

namespace qmac::sim {

golden::GemmOperand to_golden(const models::ArchSpec& arch, const std::vector<std::uint32_t>& t, std::int64_t rows,
                              std::int64_t cols, bool a_side) {
  const golden::Format& f = *(a_side ? arch.mac.a : arch.mac.b);
  golden::GemmOperand g;
  g.rows = static_cast<int>(rows);
  g.cols = static_cast<int>(cols);
  const bool dialect = arch.mac.is_dialect();
  for (auto x : t) {
    if (f.bits > 8) g.wide.push_back(x & 0xFFFF);
    else g.codes.push_back(static_cast<std::uint8_t>(dialect ? (x & 15) : (x & 0xFF)));
  }
  if (!arch.mac.is_block()) return g;
  // A block's scale (and dialect id) travels in every token of the block: take the first.
  const std::int64_t B = arch.mac.block;
  auto meta = [&](std::uint32_t x) {
    g.scales.push_back(golden::pe::token_scale(x));
    if (dialect) g.dialects.push_back(static_cast<std::uint8_t>((x >> 4) & 15));
  };
  if (a_side) {
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t b = 0; b < cols / B; ++b) meta(t[static_cast<std::size_t>(r * cols + b * B)]);
  } else {
    for (std::int64_t b = 0; b < rows / B; ++b)
      for (std::int64_t c = 0; c < cols; ++c) meta(t[static_cast<std::size_t>(b * B * cols + c)]);
  }
  return g;
}

std::vector<std::uint32_t> quantized_a(const models::ArchSpec& arch, const models::GemmLayer& L,
                                       const std::vector<std::uint32_t>& raw) {
  if (!arch.online_quantizer()) return raw;
  golden::GoldenOnlineQuantizer q(arch.activation_format(), arch.mac.block, *golden::online_mode(arch.mac));
  std::vector<std::uint32_t> out(raw.size());
  std::vector<std::uint16_t> in(static_cast<std::size_t>(arch.mac.block));
  std::vector<std::uint8_t> codes(in.size());
  for (std::int64_t m = 0; m < L.m; ++m)
    for (std::int64_t k0 = 0; k0 < L.k; k0 += arch.mac.block) {
      for (int i = 0; i < arch.mac.block; ++i)
        in[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(raw[static_cast<std::size_t>(m * L.k + k0 + i)]);
      const auto meta = q.quantize(in, codes);
      for (int i = 0; i < arch.mac.block; ++i)
        out[static_cast<std::size_t>(m * L.k + k0 + i)] = golden::online_token(arch.mac, meta, codes[static_cast<std::size_t>(i)]);
    }
  return out;
}

golden::GemmSpec golden_spec_for(const models::ArchSpec& arch) {
  golden::GemmSpec spec = arch.mac.spec;
  // FP32 rounds after every product: partial sums of one K-fold (R products)
  // are rounded in the column, then added at the edge (docs/timing.md).
  const bool per_product = arch.mac.family == golden::MacFamily::FloatFp32;
  spec.order.chunk = per_product && arch.dataflow != models::Dataflow::OS ? arch.rows : 0;
  return spec;
}

GoldenCheck check_against_golden(const models::ArchSpec& arch, const models::GemmLayer& L, const models::LayerOperands& ops,
                                 const std::vector<std::uint64_t>& c) {
  const golden::GemmResult g = golden::gemm(golden_spec_for(arch), to_golden(arch, quantized_a(arch, L, ops.a), L.m, L.k, true),
                                            to_golden(arch, ops.b, L.k, L.n, false));
  const std::uint64_t mask = arch.mac.output_bits >= 64 ? ~0ull : (1ull << arch.mac.output_bits) - 1;
  GoldenCheck r;
  for (std::size_t i = 0; i < g.c.size() && i < c.size(); ++i) {
    ++r.compared;
    if ((g.c[i] & mask) == c[i]) {
      ++r.matched;
    } else if (r.first_mismatch.empty()) {
      std::ostringstream o;
      o << "layer '" << L.name << "' C[" << i / static_cast<std::size_t>(L.n) << "][" << i % static_cast<std::size_t>(L.n)
        << "]: golden 0x" << std::hex << (g.c[i] & mask) << ", simulated 0x" << c[i];
      r.first_mismatch = o.str();
    }
  }
  if (c.size() != g.c.size() && r.first_mismatch.empty()) r.first_mismatch = "layer '" + L.name + "': output sizes differ";
  return r;
}

}  // namespace qmac::sim
