// PE arithmetic: the MAC semantics of golden/gemm (gemm.hpp) cut into the
// pieces a systolic array performs, so that the array model computes with
// golden's arithmetic and nothing else (architecture.md "MAC semantics are
// defined in golden").
//
// Every policy has the same shape:
//   Psum             what a PE holds or passes on (a partial sum);
//   Acc              what the array edge (or an output-stationary PE) keeps per output;
//   mac(p, a, b)     p += a x b for one operand pair (A's token first);
//   absorb(acc, p)   adds a finished partial sum into the output accumulator;
//   close_block(acc, scale_a, scale_b)   block formats only: scales the exact
//                    block sum held in acc and adds it into the FP32 sum
//                    (one rounding per block, formats.md §6.5);
//   result(acc)      the output bits as golden's gemm() returns them.
// Operand tokens carry the code in bits 15..0 (DialectFP4: dialect << 4 | code)
// and, for block formats, the block's E8M0 scale in bits 23..16.
//
// Equivalence with gemm() and an AccumulationOrder: absorbing one partial per
// K-tile of `chunk` steps is order.chunk; a single partial is the one chain.
// The FP32 policy uses the machine's binary32 addition, which is IEEE RNE with
// subnormals, exactly as Fp32Accumulator rounds; NaN payloads are made
// canonical in result(). The tests prove it against gemm().
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "golden/gemm/gemm.hpp"
#include "golden/mac/mac_kind.hpp"
#include "golden/mac/posit_quire.hpp"

namespace qmac::golden::pe {

inline constexpr std::uint32_t token(std::uint32_t code, std::uint32_t scale = 0) { return code | (scale << 16); }
inline constexpr std::uint16_t token_code(std::uint32_t t) { return static_cast<std::uint16_t>(t); }
inline constexpr std::uint8_t token_scale(std::uint32_t t) { return static_cast<std::uint8_t>(t >> 16); }
// A DialectFP4 element: its 4-bit code under the block's dialect, with the block's scale.
inline constexpr std::uint32_t dialect_token(std::uint8_t dialect, std::uint8_t code, std::uint8_t scale) {
  return token(static_cast<std::uint32_t>(dialect) << 4 | code, scale);
}

// INT8/INT4 into a wrapping integer of `int_width` bits. The PE sums exactly;
// wrapping once at the output equals wrapping after every add (mod 2^w).
class IntArith {
 public:
  using Psum = std::int64_t;
  using Acc = std::int64_t;
  static constexpr bool kBlock = false;
  explicit IntArith(const MacKind& kind);
  Psum zero() const { return 0; }
  Acc zero_acc() const { return 0; }
  void mac(Psum& p, std::uint32_t a, std::uint32_t b) const { p += ka_[a & 0xFF] * kb_[b & 0xFF]; }
  void absorb(Acc& acc, const Psum& p) const { acc += p; }
  void close_block(Acc&, std::uint8_t, std::uint8_t) const {}
  std::uint64_t result(const Acc& acc) const;

 private:
  std::array<std::int64_t, 256> ka_{}, kb_{};
  int width_;
};

// Scalar FP8 (E4M3, E5M2, mixed) into FP32 with RNE after every product.
// Every FP8 x FP8 product is exact in binary32 (<= 8 significant bits,
// exponents within range), so one table lookup and one float add per MAC.
class Fp32Arith {
 public:
  using Psum = float;
  using Acc = float;
  static constexpr bool kBlock = false;
  explicit Fp32Arith(const MacKind& kind);
  Psum zero() const { return 0.0f; }
  Acc zero_acc() const { return 0.0f; }
  void mac(Psum& p, std::uint32_t a, std::uint32_t b) const { p += product_[((a & 0xFF) << 8) | (b & 0xFF)]; }
  void absorb(Acc& acc, const Psum& p) const { acc += p; }
  void close_block(Acc&, std::uint8_t, std::uint8_t) const {}
  std::uint64_t result(const Acc& acc) const;

 private:
  std::vector<float> product_;  // 65,536 exact products
  std::uint32_t canonical_nan_;
};

// Exact integer sums: the Kulisch FP8 MAC (rounded once at the output), the
// MX element MACs and DialectFP4 (exact block sums, scaled at block ends).
// Products are k_a x k_b in units of 2^(lsb_a + lsb_b) (ElementIntTable);
// NaN/Inf products are tracked as flags with IEEE's rules.
class ExactArith {
 public:
  enum Flag : std::uint8_t { kNaN = 1, kPosInf = 2, kNegInf = 4 };
  struct Psum {
    __int128 sum = 0;
    std::uint8_t flags = 0;
  };
  struct Acc {
    Psum blk;               // exact sum of the open block (or of all K, Kulisch)
    std::uint32_t fp32 = 0;  // FP32 sum of closed blocks (block formats)
  };
  static constexpr bool kBlock = true;
  explicit ExactArith(const MacKind& kind);
  bool is_block() const { return block_; }
  Psum zero() const { return {}; }
  Acc zero_acc() const { return {}; }
  void mac(Psum& p, std::uint32_t a, std::uint32_t b) const {
    const std::size_t i = (static_cast<std::size_t>(a & 0xFF) << 8) | (b & 0xFF);
    p.sum += product_[i];
    p.flags |= special_[i];
  }
  void absorb(Acc& acc, const Psum& p) const {
    acc.blk.sum += p.sum;
    acc.blk.flags |= p.flags;
  }
  void close_block(Acc& acc, std::uint8_t scale_a, std::uint8_t scale_b) const;
  std::uint64_t result(const Acc& acc) const;

 private:
  bool block_;     // block format: close_block() scales; else Kulisch scalar
  int lsb_exp_;    // of one product
  // 128-bit: E5M2 products reach (57344 * 2^16)^2 ~ 1.4e19, past int64.
  std::vector<__int128> product_;
  std::vector<std::uint8_t> special_;
};

// Posit with the quire: every partial sum is a quire, added exactly.
class QuireArith {
 public:
  using Psum = PositQuire;
  using Acc = PositQuire;
  static constexpr bool kBlock = false;
  explicit QuireArith(const MacKind& kind);
  Psum zero() const { return PositQuire(posit_); }
  Acc zero_acc() const { return PositQuire(posit_); }
  void mac(Psum& p, std::uint32_t a, std::uint32_t b) const { p.add_product(a & 0xFFFF, b & 0xFFFF); }
  void absorb(Acc& acc, const Psum& p) const { acc.add_quire(p); }
  void close_block(Acc&, std::uint8_t, std::uint8_t) const {}
  std::uint64_t result(const Acc& acc) const { return acc.to_posit(); }

 private:
  PositSpec posit_;
};

// Calls f(arith) with the policy that implements the MAC kind.
template <class F>
decltype(auto) visit_arith(const MacKind& kind, F&& f) {
  switch (kind.family) {
    case MacFamily::Integer: { const IntArith a(kind); return f(a); }
    case MacFamily::Quire: { const QuireArith a(kind); return f(a); }
    case MacFamily::FloatFp32: { const Fp32Arith a(kind); return f(a); }
    case MacFamily::Kulisch:
    case MacFamily::MxBlock:
    case MacFamily::DialectFp4: { const ExactArith a(kind); return f(a); }
  }
  throw std::invalid_argument("PE arithmetic: unknown MAC family");
}

}  // namespace qmac::golden::pe
