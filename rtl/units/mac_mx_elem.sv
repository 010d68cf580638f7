// mac_mx_elem: the element-level MAC of an OCP MX block (MXFP8/6/4, MXINT8;
// formats.md §2.3): exact integer products k_a * k_b in units of the two
// element LSBs, summed exactly over a block. The block scale 2^(xa + xb) is
// applied once per block by mx_scale_unit.
// FP8 specials follow golden's mx_block_dot: any NaN, Inf * 0, or +Inf and
// -Inf in one block give NaN; otherwise an Inf product gives that Inf.
// Latency 1, initiation interval 1. clear_i starts a new block sum.
module mac_mx_elem #(
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE4M3,
  parameter qmac_pkg::fmt_e FmtB = FmtA,
  parameter int unsigned    BlockLen = 32,
  // Do not change: derived.
  parameter int unsigned WidthA = qmac_pkg::fmt_bits(FmtA),
  parameter int unsigned WidthB = qmac_pkg::fmt_bits(FmtB),
  parameter int unsigned AccWidth = qmac_pkg::fmt_int_bits(FmtA) + qmac_pkg::fmt_int_bits(FmtB) + $clog2(BlockLen) + 1
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  input  logic                       clear_i,
  input  logic [WidthA-1:0]          a_i,
  input  logic [WidthB-1:0]          b_i,
  output logic signed [AccWidth-1:0] acc_o,
  output logic                       nan_o,
  output logic                       pos_inf_o,
  output logic                       neg_inf_o
);

  localparam int unsigned ProdWidth = qmac_pkg::block_prod_bits(1'b0, FmtA, FmtB);

  logic signed [ProdWidth-1:0] prod;
  logic                        prod_nan, prod_pinf, prod_ninf;

  block_product #(.Dialect(1'b0), .FmtA(FmtA), .FmtB(FmtB)) i_prod (
    .a_i, .b_i, .prod_o(prod), .nan_o(prod_nan), .pos_inf_o(prod_pinf), .neg_inf_o(prod_ninf)
  );

  acc_reg #(.Width(AccWidth)) i_acc (.clk_i, .rst_ni, .valid_i, .clear_i, .addend_i(AccWidth'(prod)), .acc_o);
  special_flags i_flags (
    .clk_i, .rst_ni, .valid_i, .clear_i, .nan_i(prod_nan), .inf_i(prod_pinf | prod_ninf), .neg_i(prod_ninf),
    .nan_o, .pos_inf_o, .neg_inf_o
  );

endmodule
