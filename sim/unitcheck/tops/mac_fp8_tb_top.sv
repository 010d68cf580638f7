// Test top: mac_fp8 in all six configurations (E4M3, E5M2, mixed; FP32 and
// Kulisch accumulation), driven by the same operands.
module mac_fp8_tb_top (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  input  logic        clear_i,
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [31:0] e4m3_o,
  output logic [31:0] e5m2_o,
  output logic [31:0] mixed_o,
  output logic [31:0] e4m3_k_o,
  output logic [31:0] e5m2_k_o,
  output logic [31:0] mixed_k_o,
  output logic [52:0] e4m3_reg_o,
  output logic [80:0] e5m2_reg_o,
  output logic [66:0] mixed_reg_o
);
  /* verilator lint_off PINCONNECTEMPTY */
  mac_fp8 #(.FmtA(qmac_pkg::FmtE4M3)) i_e4m3 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i, .b_i, .acc_o(e4m3_o), .kulisch_o());
  mac_fp8 #(.FmtA(qmac_pkg::FmtE5M2)) i_e5m2 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i, .b_i, .acc_o(e5m2_o), .kulisch_o());
  mac_fp8 #(.FmtA(qmac_pkg::FmtE4M3), .FmtB(qmac_pkg::FmtE5M2)) i_mixed (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i, .b_i,
    .acc_o(mixed_o), .kulisch_o());
  /* verilator lint_on PINCONNECTEMPTY */
  mac_fp8 #(.FmtA(qmac_pkg::FmtE4M3), .Kulisch(1'b1)) i_e4m3_k (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i, .b_i,
    .acc_o(e4m3_k_o), .kulisch_o(e4m3_reg_o));
  mac_fp8 #(.FmtA(qmac_pkg::FmtE5M2), .Kulisch(1'b1)) i_e5m2_k (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i, .b_i,
    .acc_o(e5m2_k_o), .kulisch_o(e5m2_reg_o));
  mac_fp8 #(.FmtA(qmac_pkg::FmtE4M3), .FmtB(qmac_pkg::FmtE5M2), .Kulisch(1'b1)) i_mixed_k (.clk_i, .rst_ni, .valid_i,
    .clear_i, .a_i, .b_i, .acc_o(mixed_k_o), .kulisch_o(mixed_reg_o));
endmodule
