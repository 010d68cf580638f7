// MacKind: the MAC configuration of an array, resolved once. sim/config builds it from the
// architecture file and validates it there. Everything below (golden's PE
// arithmetic, the SystemC model, the fast model, the unit timing table, the
// RTL parameters) takes the resolved kind, never the format names.
//
// A kind is one of six families:
//   Integer     int8/int4 x int8/int4 into a wrapping int_width-bit integer
//   FloatFp32   scalar minifloats (FP8) into FP32, RNE after every product
//   Kulisch     scalar minifloats into an exact fixed-point register, rounded once
//   MxBlock     OCP MX elements: exact block sums, scaled per block into FP32
//   DialectFp4  BlockDialect: half-unit products, exact block sums, scaled per block
//   Quire       posit x posit into the 16n-bit quire
//
// Every derived width a unit or a counter needs is here, computed from the
// formats once (formats.md §1.1's integer form: a value is k * 2^lsb).
#pragma once

#include <string>

#include "golden/formats/registry.hpp"
#include "golden/gemm/gemm.hpp"

namespace qmac::golden {

enum class MacFamily : std::uint8_t { Integer, FloatFp32, Kulisch, MxBlock, DialectFp4, Quire };

struct MacKind {
  GemmSpec spec;                 // the configured names (for reports and golden's gemm())
  MacFamily family = MacFamily::Integer;
  const Format* a = nullptr;     // A (activation) format, as configured
  const Format* b = nullptr;     // B (weight) format
  const Format* a_elem = nullptr;  // what one PE multiplies; nullptr for DialectFP4 (its
  const Format* b_elem = nullptr;  // codes need the block's dialect id)
  int block = 0;                 // elements per scale block; 0: scalar formats
  int a_bits = 8, b_bits = 8;    // operand code bits through the array
  int metadata_bits = 0;         // per block beside the elements: E8M0 scale (+ 4-bit dialect id)
  // Every family but Quire: one product is k * 2^product_lsb_exp with
  // |k| < 2^product_int_bits (sign apart); exact, whatever accumulates it.
  int product_lsb_exp = 0;
  int product_int_bits = 0;
  int block_sum_bits = 0;        // |exact sum of one block| bits (block families)
  int acc_bits = 32;             // what a PE or the edge keeps per output (int_width, 32, the quire's 16n)
  int output_bits = 32;          // what leaves the array: int_width, FP32, or the posit

  bool is_block() const { return block > 0; }
  bool is_dialect() const { return family == MacFamily::DialectFp4; }
  // "e4m3" or "e4m3 x e5m2", with the accumulator where it is not the default.
  std::string name() const;
};

// Resolves `spec` (formats exist, they pair, the accumulator fits them, the
// block size is legal, the array's PEs take the code widths: 8 bits, posits 16);
// throws std::invalid_argument with the reason.
MacKind resolve_mac_kind(const GemmSpec& spec);

const char* family_name(MacFamily f);

}  // namespace qmac::golden
