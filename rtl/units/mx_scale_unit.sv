// mx_scale_unit: applies the block scale at the array's edge (formats.md
// §2.3, §6.5): acc += dot * 2^(LsbExp + (sa - 127) + (sb - 127)), one FP32
// round-to-nearest-even per block, through fp32_add_rne. dot_i is the exact
// block sum from mac_mx_elem (LsbExp = the two element LSB exponents) or from
// mac_dialectfp4 (half-units squared: LsbExp = -2). An E8M0 scale of 0xFF is
// NaN and makes the block NaN; the element MAC's NaN/Inf flags pass through
// as golden's mx_block_dot defines them.
// Latency 1 (acc_o includes a block the cycle after valid_i), initiation interval 1.
module mx_scale_unit #(
  parameter int unsigned DotWidth = 70,
  parameter int          LsbExp = -32
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  input  logic                       clear_i,
  input  logic signed [DotWidth-1:0] dot_i,
  input  logic                       dot_nan_i,
  input  logic                       dot_pos_inf_i,
  input  logic                       dot_neg_inf_i,
  input  logic [7:0]                 scale_a_i,
  input  logic [7:0]                 scale_b_i,
  output logic [31:0]                acc_o
);

  logic [DotWidth-1:0] mag;
  logic signed [11:0]  exp;
  logic                nan, inf, sign;

  block_scale_addend #(.DotWidth(DotWidth), .LsbExp(LsbExp)) i_addend (
    .dot_i, .dot_nan_i, .dot_pos_inf_i, .dot_neg_inf_i, .scale_a_i, .scale_b_i,
    .sign_o(sign), .exp_o(exp), .mag_o(mag), .nan_o(nan), .inf_o(inf)
  );

  fp32_acc_reg #(.SigWidth(DotWidth), .ExpWidth(12)) i_acc (
    .clk_i, .rst_ni, .valid_i, .clear_i, .sign_i(sign), .exp_i(exp), .sig_i(mag), .nan_i(nan), .inf_i(inf), .acc_o
  );

endmodule
