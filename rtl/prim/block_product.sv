// block_product: the exact product of two block-format elements as an integer
// in units of the two element LSBs (formats.md §1.1 integer form), with the
// IEEE special flags golden's ExactArith keeps. Combinational.
//   Dialect = 0: OCP MX elements of qmac_pkg's table (mx_elem_decode);
//                NaN in, or Inf x 0, is NaN; another Inf product is an Inf
//                of sign a ^ b.
//   Dialect = 1: DialectFP4 operands {dialect id, sign, index}: half-unit
//                magnitudes (qmac_pkg::dialectfp4_hu), no specials.
// Shared by the element MACs (mac_mx_elem, mac_dialectfp4) and the array's
// block-format PE, so the product is written once.
module block_product #(
  parameter bit             Dialect = 1'b0,
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE2M1,
  parameter qmac_pkg::fmt_e FmtB = FmtA,
  // Do not change: derived.
  parameter int unsigned WidthA = Dialect ? 8 : qmac_pkg::fmt_bits(FmtA),
  parameter int unsigned WidthB = Dialect ? 8 : qmac_pkg::fmt_bits(FmtB),
  parameter int unsigned ProdWidth = qmac_pkg::block_prod_bits(Dialect, FmtA, FmtB)
) (
  input  logic [WidthA-1:0]           a_i,
  input  logic [WidthB-1:0]           b_i,
  output logic signed [ProdWidth-1:0] prod_o,
  output logic                        nan_o,
  output logic                        pos_inf_o,
  output logic                        neg_inf_o
);

  if (Dialect) begin : gen_dialect
    logic [3:0] a_hu, b_hu;
    logic [7:0] mag;
    assign a_hu   = qmac_pkg::dialectfp4_hu(a_i[7:4], a_i[2:0]);
    assign b_hu   = qmac_pkg::dialectfp4_hu(b_i[7:4], b_i[2:0]);
    assign mag    = a_hu * b_hu;
    assign prod_o = (a_i[3] ^ b_i[3]) ? -$signed(ProdWidth'(mag)) : $signed(ProdWidth'(mag));
    assign nan_o     = 1'b0;
    assign pos_inf_o = 1'b0;
    assign neg_inf_o = 1'b0;
  end else begin : gen_mx
    localparam int unsigned KA = qmac_pkg::fmt_int_bits(FmtA) + 1;
    localparam int unsigned KB = qmac_pkg::fmt_int_bits(FmtB) + 1;
    logic signed [KA-1:0] ka;
    logic signed [KB-1:0] kb;
    logic za, zb, nan_a, nan_b, inf_a, inf_b, nan, inf, neg;
    mx_elem_decode #(.Fmt(FmtA)) i_dec_a (.code_i(a_i), .k_o(ka), .zero_o(za), .nan_o(nan_a), .inf_o(inf_a));
    mx_elem_decode #(.Fmt(FmtB)) i_dec_b (.code_i(b_i), .k_o(kb), .zero_o(zb), .nan_o(nan_b), .inf_o(inf_b));
    assign prod_o    = ka * kb;
    assign nan       = nan_a | nan_b | (inf_a & zb) | (za & inf_b);
    assign inf       = (inf_a | inf_b) & ~nan;
    assign neg       = a_i[WidthA-1] ^ b_i[WidthB-1];
    assign nan_o     = nan;
    assign pos_inf_o = inf & ~neg;
    assign neg_inf_o = inf & neg;
  end

endmodule
