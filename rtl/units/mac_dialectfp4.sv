// mac_dialectfp4: BlockDialect's scaled-integer MAC (formats.md §4.7).
//
// Two 4-bit codes (sign | 3-bit index) and their blocks' dialect ids decode to
// half-unit magnitudes through qmac_pkg::dialectfp4_hu; the product is a 4x4
// unsigned multiply (<= 225) with the XOR of the signs, accumulated as an
// integer across a block (|sum| <= 225 * BlockLen). The block scale
// 2^(Es_a + Es_b - 2) is applied once per block by mx_scale_unit.
// Latency 1, initiation interval 1. clear_i starts a new block sum.
module mac_dialectfp4 #(
  parameter int unsigned AccWidth = 16   // 14 bits hold a block of 32; 16 leaves room for 128
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  input  logic                       clear_i,
  input  logic [3:0]                 a_code_i,
  input  logic [3:0]                 a_dialect_i,
  input  logic [3:0]                 b_code_i,
  input  logic [3:0]                 b_dialect_i,
  output logic signed [AccWidth-1:0] acc_o
);

  logic signed [8:0] prod;
  /* verilator lint_off UNUSEDSIGNAL */  // DialectFP4 has no NaN or Inf
  logic unused_nan, unused_pinf, unused_ninf;
  /* verilator lint_on UNUSEDSIGNAL */

  block_product #(.Dialect(1'b1)) i_prod (
    .a_i({a_dialect_i, a_code_i}), .b_i({b_dialect_i, b_code_i}), .prod_o(prod),
    .nan_o(unused_nan), .pos_inf_o(unused_pinf), .neg_inf_o(unused_ninf)
  );

  acc_reg #(.Width(AccWidth)) i_acc (.clk_i, .rst_ni, .valid_i, .clear_i, .addend_i(AccWidth'(prod)), .acc_o);

endmodule
