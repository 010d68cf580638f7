// Test top: mac_posit for posit8 and posit16.
module mac_posit_tb_top (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         valid_i,
  input  logic         clear_i,
  input  logic         sub_i,
  input  logic [7:0]   a8_i,
  input  logic [7:0]   b8_i,
  input  logic [15:0]  a16_i,
  input  logic [15:0]  b16_i,
  output logic [7:0]   p8_o,
  output logic [127:0] q8_o,
  output logic [15:0]  p16_o,
  output logic [255:0] q16_o,
  // posit8 on a quire of 104 bits instead of 128: its overflow (to NaR) takes
  // 2^7 products of maxpos, not 2^31 (the logic does not depend on the width).
  output logic [7:0]   p8n_o,
  output logic [103:0] q8n_o
);
  mac_posit #(.N(8)) i_p8 (.clk_i, .rst_ni, .valid_i, .clear_i, .sub_i, .a_i(a8_i), .b_i(b8_i), .posit_o(p8_o), .quire_o(q8_o));
  mac_posit #(.N(16)) i_p16 (.clk_i, .rst_ni, .valid_i, .clear_i, .sub_i, .a_i(a16_i), .b_i(b16_i), .posit_o(p16_o),
    .quire_o(q16_o));
  mac_posit #(.N(8), .QuireWidth(104)) i_p8_narrow (.clk_i, .rst_ni, .valid_i, .clear_i, .sub_i, .a_i(a8_i), .b_i(b8_i),
    .posit_o(p8n_o), .quire_o(q8n_o));
endmodule
