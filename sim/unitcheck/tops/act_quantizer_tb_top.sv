// Test top: the activation quantizer for FP16 and BF16 inputs on one stream.
module act_quantizer_tb_top (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  input  logic [15:0] in_data_i,
  input  logic        mx_mode_i,
  output logic        h_valid_o,
  output logic        h_first_o,
  output logic [3:0]  h_code_o,
  output logic [7:0]  h_scale_o,
  output logic [3:0]  h_dialect_o,
  output logic        b_valid_o,
  output logic        b_first_o,
  output logic [3:0]  b_code_o,
  output logic [7:0]  b_scale_o,
  output logic [3:0]  b_dialect_o
);
  act_quantizer #(.InBf16(1'b0)) i_fp16 (.clk_i, .rst_ni, .in_valid_i, .in_data_i, .mx_mode_i, .out_valid_o(h_valid_o),
    .out_first_o(h_first_o), .out_code_o(h_code_o), .out_scale_o(h_scale_o), .out_dialect_o(h_dialect_o));
  act_quantizer #(.InBf16(1'b1)) i_bf16 (.clk_i, .rst_ni, .in_valid_i, .in_data_i, .mx_mode_i, .out_valid_o(b_valid_o),
    .out_first_o(b_first_o), .out_code_o(b_code_o), .out_scale_o(b_scale_o), .out_dialect_o(b_dialect_o));
endmodule
