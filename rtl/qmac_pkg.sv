// qmac_pkg: the number formats the RTL units speak, and the constants they share.
// The format list mirrors golden/formats/registry.cpp; append new formats at
// the end, never insert (their numeric values are parameter values).
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

  // Element code width.
  // (Labels are package-qualified: Yosys 0.23 does not resolve bare enum
  // labels inside constant functions.)
  function automatic int unsigned fmt_bits(fmt_e f);
    case (f)
      qmac_pkg::FmtInt4, qmac_pkg::FmtE2M1: fmt_bits = 4;
      qmac_pkg::FmtE2M3, qmac_pkg::FmtE3M2: fmt_bits = 6;
      default:          fmt_bits = 8;
    endcase
  endfunction

  function automatic int unsigned fmt_exp_bits(fmt_e f);
    case (f)
      qmac_pkg::FmtE4M3: fmt_exp_bits = 4;
      qmac_pkg::FmtE5M2: fmt_exp_bits = 5;
      qmac_pkg::FmtE2M3: fmt_exp_bits = 2;
      qmac_pkg::FmtE3M2: fmt_exp_bits = 3;
      qmac_pkg::FmtE2M1: fmt_exp_bits = 2;
      default: fmt_exp_bits = 0;
    endcase
  endfunction

  function automatic int unsigned fmt_man_bits(fmt_e f);
    case (f)
      qmac_pkg::FmtE4M3: fmt_man_bits = 3;
      qmac_pkg::FmtE5M2: fmt_man_bits = 2;
      qmac_pkg::FmtE2M3: fmt_man_bits = 3;
      qmac_pkg::FmtE3M2: fmt_man_bits = 2;
      qmac_pkg::FmtE2M1: fmt_man_bits = 1;
      default: fmt_man_bits = 0;
    endcase
  endfunction

  // Bits of |k| where an element is k * 2^lsb (formats.md §1.1 integer form):
  // E4M3 18, E5M2 32, E3M2 9, E2M3 6, E2M1 4, INT8/MXINT8 8 (|-128|), INT4 4.
  function automatic int unsigned fmt_int_bits(fmt_e f);
    case (f)
      qmac_pkg::FmtE4M3: fmt_int_bits = 18;
      qmac_pkg::FmtE5M2: fmt_int_bits = 32;
      qmac_pkg::FmtE2M3: fmt_int_bits = 6;
      qmac_pkg::FmtE3M2: fmt_int_bits = 9;
      qmac_pkg::FmtE2M1: fmt_int_bits = 4;
      qmac_pkg::FmtInt4: fmt_int_bits = 4;
      default: fmt_int_bits = 8;
    endcase
  endfunction

  // Exponent of the element LSB: every value is k * 2^fmt_lsb_exp (min subnormal).
  function automatic int fmt_lsb_exp(fmt_e f);
    case (f)
      qmac_pkg::FmtE4M3:   fmt_lsb_exp = -9;
      qmac_pkg::FmtE5M2:   fmt_lsb_exp = -16;
      qmac_pkg::FmtE2M3:   fmt_lsb_exp = -3;
      qmac_pkg::FmtE3M2:   fmt_lsb_exp = -4;
      qmac_pkg::FmtE2M1:   fmt_lsb_exp = -1;
      qmac_pkg::FmtMxInt8: fmt_lsb_exp = -6;
      default:             fmt_lsb_exp = 0;
    endcase
  endfunction

  // Exponent bias of a minifloat element.
  function automatic int fmt_bias(fmt_e f);
    case (f)
      qmac_pkg::FmtE4M3: fmt_bias = 7;
      qmac_pkg::FmtE5M2: fmt_bias = 15;
      qmac_pkg::FmtE2M3: fmt_bias = 1;
      qmac_pkg::FmtE3M2: fmt_bias = 3;
      qmac_pkg::FmtE2M1: fmt_bias = 1;
      default:           fmt_bias = 0;
    endcase
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
