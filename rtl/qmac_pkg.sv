// qmac_pkg: the number formats the RTL units speak, and the constants they share.
// The format list mirrors golden/formats/registry.cpp; append new formats at
// the end, never insert (their numeric values are parameter values), and give
// each its row in fmt_encoding() (tests/rtl/fmt_table_test checks both).
package qmac_pkg;

  typedef enum logic [3:0] {
    FmtInt8  = 4'd0,
    FmtInt4  = 4'd1,
    FmtE4M3  = 4'd2,
    FmtE5M2  = 4'd3,
    FmtE2M3  = 4'd4,
    FmtE3M2  = 4'd5,
    FmtE2M1  = 4'd6,
    FmtMxInt8 = 4'd7   // MXINT8 element: k / 64
  } fmt_e;

  // The MAC families an array's PEs implement (systolic_array's Kind),
  // numbered as golden::MacFamily (golden/mac/mac_kind.hpp), which
  // tests/rtl/fmt_table_test checks; rtl/built_arrays.txt names them and
  // CMake reads the values from here.
  typedef enum int unsigned {
    KindInteger    = 0,  // int8/int4 into a wrapping INT32
    KindFloatFp32  = 1,  // 8-bit minifloats into FP32, RNE per add
    KindKulisch    = 2,  // 8-bit minifloats into an exact sum rounded once
    KindMxBlock    = 3,  // OCP MX elements, exact block sums scaled into FP32
    KindDialectFp4 = 4,  // BlockDialect, exact block sums scaled into FP32
    KindQuire      = 5   // posits into the quire
  } kind_e;

  // How a minifloat uses its top exponent (golden/formats/minifloat.hpp Specials).
  localparam logic [1:0] SpecNone    = 2'd0;  // every code finite (OCP MX FP6/FP4)
  localparam logic [1:0] SpecIeee    = 2'd1;  // e = all ones: Inf (m = 0) or NaN (E5M2)
  localparam logic [1:0] SpecNanOnly = 2'd2;  // only S.1..1.1..1 is NaN, no Inf (E4M3)

  // The encoding table: one row per format, the only place a format's numbers
  // are written (cvfpu's FP_ENCODINGS habit). Every width, bias and LSB
  // exponent below is computed from it; tests/rtl/fmt_table_test holds each
  // row against golden's registry. A row is a packed vector (Yosys 0.23
  // cannot return structs from constant functions):
  //   [27]    integer: 1 two's complement, 0 minifloat
  //   [26:23] code bits (integers; a minifloat's are 1 + exp + man)
  //   [22:19] exponent bits   [18:15] mantissa bits   [14:7] exponent bias
  //   [6:5]   specials        [4:0]   an integer's LSB exponent, negated (MXINT8: k / 64)
  function automatic logic [27:0] fmt_encoding(fmt_e f);
    case (f)
      //                                 int   bits  exp   man   bias   specials               -lsb
      qmac_pkg::FmtInt8:   fmt_encoding = {1'b1, 4'd8, 4'd0, 4'd0, 8'd0,  qmac_pkg::SpecNone,    5'd0};
      qmac_pkg::FmtInt4:   fmt_encoding = {1'b1, 4'd4, 4'd0, 4'd0, 8'd0,  qmac_pkg::SpecNone,    5'd0};
      qmac_pkg::FmtE4M3:   fmt_encoding = {1'b0, 4'd0, 4'd4, 4'd3, 8'd7,  qmac_pkg::SpecNanOnly, 5'd0};
      qmac_pkg::FmtE5M2:   fmt_encoding = {1'b0, 4'd0, 4'd5, 4'd2, 8'd15, qmac_pkg::SpecIeee,    5'd0};
      qmac_pkg::FmtE2M3:   fmt_encoding = {1'b0, 4'd0, 4'd2, 4'd3, 8'd1,  qmac_pkg::SpecNone,    5'd0};
      qmac_pkg::FmtE3M2:   fmt_encoding = {1'b0, 4'd0, 4'd3, 4'd2, 8'd3,  qmac_pkg::SpecNone,    5'd0};
      qmac_pkg::FmtE2M1:   fmt_encoding = {1'b0, 4'd0, 4'd2, 4'd1, 8'd1,  qmac_pkg::SpecNone,    5'd0};
      qmac_pkg::FmtMxInt8: fmt_encoding = {1'b1, 4'd8, 4'd0, 4'd0, 8'd0,  qmac_pkg::SpecNone,    5'd6};
      default:             fmt_encoding = '0;
    endcase
  endfunction

  // Field accessors: each reads its field of the row, so the rest of the row
  // is unused by design.
  // (Labels are package-qualified: Yosys 0.23 does not resolve bare enum
  // labels inside constant functions.)
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic logic fmt_is_int(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_is_int = e[27];
  endfunction

  function automatic int unsigned fmt_exp_bits(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_exp_bits = 32'(e[22:19]);
  endfunction

  function automatic int unsigned fmt_man_bits(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_man_bits = 32'(e[18:15]);
  endfunction

  function automatic int fmt_bias(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_bias = 32'(e[14:7]);
  endfunction

  function automatic logic [1:0] fmt_specials(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_specials = e[6:5];
  endfunction

  // Element code width.
  function automatic int unsigned fmt_bits(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_bits = e[27] ? 32'(e[26:23]) : 32'd1 + 32'(e[22:19]) + 32'(e[18:15]);
  endfunction

  // Exponent of the element LSB: every value is k * 2^fmt_lsb_exp (a minifloat's
  // min subnormal 2^(1 - bias - man)).
  function automatic int fmt_lsb_exp(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_lsb_exp = e[27] ? 32'd0 - 32'(e[4:0]) : 32'd1 - 32'(e[14:7]) - 32'(e[18:15]);
  endfunction

  // Bits of |k| where an element is k * 2^lsb (formats.md §1.1 integer form).
  // A minifloat's largest k is its largest significand (man + 1 bits) shifted
  // by the top finite exponent field minus one: man + emax_field bits, where
  // emax_field = 2^exp - 1, less one when the top binade is Inf/NaN (IEEE).
  // E4M3 18, E5M2 32, E3M2 9, E2M3 6, E2M1 4; integers their code width.
  function automatic int unsigned fmt_int_bits(fmt_e f);
    logic [27:0] e;
    e = qmac_pkg::fmt_encoding(f);
    fmt_int_bits = e[27] ? 32'(e[26:23])
                 : 32'(e[18:15]) + (32'd1 << e[22:19]) - 32'd1 - ((e[6:5] == qmac_pkg::SpecIeee) ? 32'd1 : 32'd0);
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // A block-format product (block_product): its signed width and the exponent
  // of its LSB. MX elements: k_a * k_b in units of 2^(lsb_a + lsb_b);
  // DialectFP4: half-units squared (|p| <= 225, 2^-2).
  function automatic int unsigned block_prod_bits(logic dialect, fmt_e a, fmt_e b);
    block_prod_bits = dialect ? 32'd9 : qmac_pkg::fmt_int_bits(a) + qmac_pkg::fmt_int_bits(b) + 32'd2;
  endfunction

  function automatic int block_prod_lsb_exp(logic dialect, fmt_e a, fmt_e b);
    block_prod_lsb_exp = dialect ? -32'sd2 : qmac_pkg::fmt_lsb_exp(a) + qmac_pkg::fmt_lsb_exp(b);
  endfunction

  function automatic logic fmt_has_nan(fmt_e f);
    fmt_has_nan = qmac_pkg::fmt_specials(f) != qmac_pkg::SpecNone;
  endfunction

  function automatic logic fmt_has_inf(fmt_e f);
    fmt_has_inf = qmac_pkg::fmt_specials(f) == qmac_pkg::SpecIeee;
  endfunction

  // A minifloat's largest finite magnitude as a code without its sign (E4M3
  // 0x7E, E5M2 0x7B, E2M1 0x7): where a saturating conversion lands. For the
  // cover points (an operand at the format's saturation value).
  function automatic logic [7:0] fmt_max_mag(fmt_e f);
    int unsigned m, w;
    m = qmac_pkg::fmt_man_bits(f);
    w = qmac_pkg::fmt_exp_bits(f) + m;
    fmt_max_mag = 8'((32'd1 << w) - 32'd1);
    if (qmac_pkg::fmt_specials(f) == qmac_pkg::SpecNanOnly) fmt_max_mag = fmt_max_mag - 8'd1;
    if (qmac_pkg::fmt_specials(f) == qmac_pkg::SpecIeee) fmt_max_mag = fmt_max_mag - 8'((32'd1 << m));
  endfunction

  // DialectFP4 (formats.md §4.3, golden/formats/dialectfp4.hpp): magnitude in
  // half-units of index idx under dialect d. idx 0..4 are shared, idx 5 is 3.0
  // (2.5 for dialect 15), idx 7 is the pair's max 15 - d/2, idx 6 per dialect.
  function automatic logic [3:0] dialectfp4_hu(logic [3:0] d, logic [2:0] idx);
    case (d)
      4'd0, 4'd2:                dialectfp4_hu = (idx == 3'd6) ? 4'd11 : dialectfp4_shared(d, idx);
      4'd1, 4'd3, 4'd8, 4'd10:   dialectfp4_hu = (idx == 3'd6) ? 4'd9  : dialectfp4_shared(d, idx);
      4'd4, 4'd6:                dialectfp4_hu = (idx == 3'd6) ? 4'd10 : dialectfp4_shared(d, idx);
      4'd5, 4'd7, 4'd12:         dialectfp4_hu = (idx == 3'd6) ? 4'd8  : dialectfp4_shared(d, idx);
      4'd9, 4'd11, 4'd13, 4'd14: dialectfp4_hu = (idx == 3'd6) ? 4'd7  : dialectfp4_shared(d, idx);
      default:                   dialectfp4_hu = (idx == 3'd6) ? 4'd6  : dialectfp4_shared(d, idx);
    endcase
  endfunction

  function automatic logic [3:0] dialectfp4_shared(logic [3:0] d, logic [2:0] idx);
    case (idx)
      3'd5:    dialectfp4_shared = (d == 4'd15) ? 4'd5 : 4'd6;
      3'd7:    dialectfp4_shared = 4'd15 - {1'b0, d[3:1]};
      default: dialectfp4_shared = {1'b0, idx};
    endcase
  endfunction

  // Stage-2 beneficial ranges of pair p (formats.md §4.5), quarter-units,
  // half-open [lo, hi): member 0 = the even dialect, member 1 = the odd one.
  function automatic logic [4:0] dialectfp4_range_lo(logic [2:0] p, logic member);
    case (p)
      3'd0, 3'd1: dialectfp4_range_lo = member ? 5'd15 : 5'd20;
      3'd2, 3'd3: dialectfp4_range_lo = member ? 5'd14 : 5'd18;
      3'd4, 3'd5: dialectfp4_range_lo = member ? 5'd13 : 5'd16;
      3'd6:       dialectfp4_range_lo = member ? 5'd13 : 5'd15;
      default:    dialectfp4_range_lo = member ? 5'd9  : 5'd13;
    endcase
  endfunction

  function automatic logic [4:0] dialectfp4_range_hi(logic [2:0] p, logic member);
    case (p)
      3'd0:    dialectfp4_range_hi = member ? 5'd20 : 5'd26;
      3'd1:    dialectfp4_range_hi = member ? 5'd20 : 5'd25;
      3'd2:    dialectfp4_range_hi = member ? 5'd18 : 5'd23;
      3'd3:    dialectfp4_range_hi = member ? 5'd18 : 5'd22;
      3'd4:    dialectfp4_range_hi = member ? 5'd16 : 5'd20;
      3'd5:    dialectfp4_range_hi = member ? 5'd16 : 5'd19;
      3'd6:    dialectfp4_range_hi = member ? 5'd15 : 5'd17;
      default: dialectfp4_range_hi = member ? 5'd11 : 5'd15;
    endcase
  endfunction

endpackage
