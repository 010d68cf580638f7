// Test top: mx_scale_unit for E5M2 block sums, MXFP4 and DialectFP4 block
// sums, plus an MXFP8-E4M3 chain (mac_mx_elem -> mx_scale_unit) that the
// testbench drives with real quantized blocks.
module mx_scale_tb_top (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               valid_i,
  input  logic               clear_i,
  input  logic [69:0]        dot_i,
  input  logic [2:0]         flags_i,   // nan, +inf, -inf
  input  logic [7:0]         scale_a_i,
  input  logic [7:0]         scale_b_i,
  output logic [31:0]        e5m2_o,
  output logic [31:0]        fp4_o,
  output logic [31:0]        dialect_o,
  // chain
  input  logic               elem_valid_i,
  input  logic               elem_clear_i,
  input  logic [7:0]         elem_a_i,
  input  logic [7:0]         elem_b_i,
  output logic [31:0]        chain_o
);
  mx_scale_unit #(.DotWidth(70), .LsbExp(-32)) i_e5m2 (.clk_i, .rst_ni, .valid_i, .clear_i, .dot_i(dot_i),
    .dot_nan_i(flags_i[0]), .dot_pos_inf_i(flags_i[1]), .dot_neg_inf_i(flags_i[2]), .scale_a_i, .scale_b_i, .acc_o(e5m2_o));
  mx_scale_unit #(.DotWidth(14), .LsbExp(-2)) i_fp4 (.clk_i, .rst_ni, .valid_i, .clear_i, .dot_i(dot_i[13:0]),
    .dot_nan_i(1'b0), .dot_pos_inf_i(1'b0), .dot_neg_inf_i(1'b0), .scale_a_i, .scale_b_i, .acc_o(fp4_o));
  mx_scale_unit #(.DotWidth(16), .LsbExp(-2)) i_dialect (.clk_i, .rst_ni, .valid_i, .clear_i, .dot_i(dot_i[15:0]),
    .dot_nan_i(1'b0), .dot_pos_inf_i(1'b0), .dot_neg_inf_i(1'b0), .scale_a_i, .scale_b_i, .acc_o(dialect_o));

  logic signed [41:0] elem_acc;
  logic               elem_nan, elem_pinf, elem_ninf;
  mac_mx_elem #(.FmtA(qmac_pkg::FmtE4M3)) i_elem (.clk_i, .rst_ni, .valid_i(elem_valid_i), .clear_i(elem_clear_i),
    .a_i(elem_a_i), .b_i(elem_b_i), .acc_o(elem_acc), .nan_o(elem_nan), .pos_inf_o(elem_pinf), .neg_inf_o(elem_ninf));
  mx_scale_unit #(.DotWidth(42), .LsbExp(-18)) i_chain (.clk_i, .rst_ni, .valid_i, .clear_i, .dot_i(elem_acc),
    .dot_nan_i(elem_nan), .dot_pos_inf_i(elem_pinf), .dot_neg_inf_i(elem_ninf), .scale_a_i, .scale_b_i, .acc_o(chain_o));
endmodule
