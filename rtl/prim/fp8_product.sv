// fp8_product: the exact product of two 8-bit minifloat codes of qmac_pkg's
// encoding table, as golden defines it: value (-1)^sign_o * sig_o *
// 2^exp_o (exp_o is the weight of sig_o's LSB), or NaN / +-Inf by the flags
// (NaN in, or Inf * 0, gives NaN). Significands of man + 1 bits multiply
// into MA + MB + 2 bits, exactly. Which codes are NaN/Inf comes from each
// format's row. Combinational; mac_fp8 and the array's FP8 PEs share it.
module fp8_product #(
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE4M3,
  parameter qmac_pkg::fmt_e FmtB = FmtA,
  // Do not change: derived.
  parameter int unsigned PW = qmac_pkg::fmt_man_bits(FmtA) + qmac_pkg::fmt_man_bits(FmtB) + 2
) (
  input  logic [7:0]        a_i,
  input  logic [7:0]        b_i,
  output logic              sign_o,
  output logic signed [9:0] exp_o,
  output logic [PW-1:0]     sig_o,
  output logic              nan_o,
  output logic              inf_o
);

  localparam int unsigned MA = qmac_pkg::fmt_man_bits(FmtA);
  localparam int unsigned MB = qmac_pkg::fmt_man_bits(FmtB);
  localparam int unsigned EA = qmac_pkg::fmt_exp_bits(FmtA);
  localparam int unsigned EB = qmac_pkg::fmt_exp_bits(FmtB);
  localparam int          BiasA = qmac_pkg::fmt_bias(FmtA);
  localparam int          BiasB = qmac_pkg::fmt_bias(FmtB);
  localparam logic [1:0]  SpA = qmac_pkg::fmt_specials(FmtA);
  localparam logic [1:0]  SpB = qmac_pkg::fmt_specials(FmtB);

  // Elaboration stops on a format this unit cannot multiply (an integer, or not 8 bits wide).
  // (1 + exp + man: Yosys 0.23 does not evaluate fmt_bits(FmtB) here when FmtB defaults to FmtA.)
  if (EA == 0 || 1 + EA + MA != 8) begin : gen_bad_fmt_a
    $fatal(1, "fp8_product: FmtA must be an 8-bit minifloat of qmac_pkg's table");
  end
  if (EB == 0 || 1 + EB + MB != 8) begin : gen_bad_fmt_b
    $fatal(1, "fp8_product: FmtB must be an 8-bit minifloat of qmac_pkg's table");
  end

  logic [EA-1:0] ea;
  logic [EB-1:0] eb;
  logic [MA:0]   sa;
  logic [MB:0]   sb;
  logic          za, zb, nan_a, nan_b, inf_a, inf_b;
  assign ea = a_i[MA +: EA];
  assign eb = b_i[MB +: EB];
  assign sa = {ea != '0, a_i[MA-1:0]};
  assign sb = {eb != '0, b_i[MB-1:0]};
  assign za = a_i[6:0] == '0;
  assign zb = b_i[6:0] == '0;
  // NanOnly (E4M3): only S.1..1.1..1 is NaN; Ieee (E5M2): the top binade is Inf/NaN.
  assign nan_a = (SpA == qmac_pkg::SpecNanOnly) ? (a_i[6:0] == '1)
               : (SpA == qmac_pkg::SpecIeee) && (ea == '1) && (a_i[MA-1:0] != '0);
  assign nan_b = (SpB == qmac_pkg::SpecNanOnly) ? (b_i[6:0] == '1)
               : (SpB == qmac_pkg::SpecIeee) && (eb == '1) && (b_i[MB-1:0] != '0);
  assign inf_a = (SpA == qmac_pkg::SpecIeee) && (ea == '1) && (a_i[MA-1:0] == '0);
  assign inf_b = (SpB == qmac_pkg::SpecIeee) && (eb == '1) && (b_i[MB-1:0] == '0);

  // LSB of a: 2^((e == 0 ? 1 : e) - bias - M)
  logic signed [9:0] ea_eff, eb_eff;
  assign ea_eff = (ea == '0) ? 10'sd1 : $signed(10'(ea));
  assign eb_eff = (eb == '0) ? 10'sd1 : $signed(10'(eb));
  assign sig_o  = PW'(sa) * PW'(sb);
  assign exp_o  = ea_eff + eb_eff - $signed(10'(BiasA + BiasB + MA + MB));
  assign sign_o = a_i[7] ^ b_i[7];
  assign nan_o  = nan_a | nan_b | (inf_a & zb) | (za & inf_b);
  assign inf_o  = (inf_a | inf_b) & ~nan_o;

endmodule
