// Test top: every mac_mx_elem configuration side by side, so one Verilated
// model (built once) covers all element formats and the mixed FP8 mode.
module mx_elem_tb_top (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               valid_i,
  input  logic               clear_i,
  input  logic [7:0]         a_i,
  input  logic [7:0]         b_i,
  output logic signed [41:0] e4m3_acc_o,
  output logic [2:0]         e4m3_flags_o,
  output logic signed [69:0] e5m2_acc_o,
  output logic [2:0]         e5m2_flags_o,
  output logic signed [17:0] e2m3_acc_o,
  output logic signed [23:0] e3m2_acc_o,
  output logic signed [13:0] e2m1_acc_o,
  output logic signed [21:0] mxint8_acc_o,
  output logic signed [55:0] mixed_acc_o,
  output logic [2:0]         mixed_flags_o,
  output logic [11:0]        finite_flags_o   // e2m3, e3m2, e2m1, mxint8: no specials, so always 0
);
  /* verilator lint_off PINCONNECTEMPTY */
  mac_mx_elem #(.FmtA(qmac_pkg::FmtE4M3)) i_e4m3 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i(a_i), .b_i(b_i),
    .acc_o(e4m3_acc_o), .nan_o(e4m3_flags_o[0]), .pos_inf_o(e4m3_flags_o[1]), .neg_inf_o(e4m3_flags_o[2]));
  mac_mx_elem #(.FmtA(qmac_pkg::FmtE5M2)) i_e5m2 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i(a_i), .b_i(b_i),
    .acc_o(e5m2_acc_o), .nan_o(e5m2_flags_o[0]), .pos_inf_o(e5m2_flags_o[1]), .neg_inf_o(e5m2_flags_o[2]));
  mac_mx_elem #(.FmtA(qmac_pkg::FmtE2M3)) i_e2m3 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i(a_i[5:0]), .b_i(b_i[5:0]),
    .acc_o(e2m3_acc_o), .nan_o(finite_flags_o[0]), .pos_inf_o(finite_flags_o[1]), .neg_inf_o(finite_flags_o[2]));
  mac_mx_elem #(.FmtA(qmac_pkg::FmtE3M2)) i_e3m2 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i(a_i[5:0]), .b_i(b_i[5:0]),
    .acc_o(e3m2_acc_o), .nan_o(finite_flags_o[3]), .pos_inf_o(finite_flags_o[4]), .neg_inf_o(finite_flags_o[5]));
  mac_mx_elem #(.FmtA(qmac_pkg::FmtE2M1)) i_e2m1 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i(a_i[3:0]), .b_i(b_i[3:0]),
    .acc_o(e2m1_acc_o), .nan_o(finite_flags_o[6]), .pos_inf_o(finite_flags_o[7]), .neg_inf_o(finite_flags_o[8]));
  mac_mx_elem #(.FmtA(qmac_pkg::FmtMxInt8)) i_mxint8 (.clk_i, .rst_ni, .valid_i, .clear_i, .a_i(a_i), .b_i(b_i),
    .acc_o(mxint8_acc_o), .nan_o(finite_flags_o[9]), .pos_inf_o(finite_flags_o[10]), .neg_inf_o(finite_flags_o[11]));
  mac_mx_elem #(.FmtA(qmac_pkg::FmtE4M3), .FmtB(qmac_pkg::FmtE5M2)) i_mixed (.clk_i, .rst_ni, .valid_i, .clear_i,
    .a_i(a_i), .b_i(b_i), .acc_o(mixed_acc_o), .nan_o(mixed_flags_o[0]), .pos_inf_o(mixed_flags_o[1]),
    .neg_inf_o(mixed_flags_o[2]));
  /* verilator lint_on PINCONNECTEMPTY */
endmodule
