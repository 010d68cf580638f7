// Test top: the FP32 adder with an 8-bit addend (FP8 products) and a 70-bit
// addend (MX E5M2 block sums), side by side.
module fp32_add_tb_top (
  input  logic [31:0]        a_i,
  input  logic               b_sign_i,
  input  logic signed [11:0] b_exp_i,
  input  logic [69:0]        b_sig_i,
  input  logic               b_nan_i,
  input  logic               b_inf_i,
  output logic [31:0]        sum8_o,
  output logic [31:0]        sum70_o
);
  fp32_add_rne #(.SigWidth(8), .ExpWidth(12)) i_add8 (.a_i, .b_sign_i, .b_exp_i, .b_sig_i(b_sig_i[7:0]), .b_nan_i,
    .b_inf_i, .sum_o(sum8_o));
  fp32_add_rne #(.SigWidth(70), .ExpWidth(12)) i_add70 (.a_i, .b_sign_i, .b_exp_i, .b_sig_i, .b_nan_i, .b_inf_i,
    .sum_o(sum70_o));
endmodule
