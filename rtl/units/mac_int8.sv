// mac_int8: INT8 x INT8 -> INT32 multiply-accumulate, the baseline MAC.
//
// acc_o = sum of a_i * b_i over the valid cycles since the last clear_i
// (clear_i with valid_i starts the new sum at the product), two's complement,
// wrapping at AccWidth bits as golden's IntAccumulator does.
// Latency 1 (acc_o shows a product the cycle after valid_i), initiation interval 1.
module mac_int8 #(
  parameter int unsigned AccWidth = 32
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  input  logic                       clear_i,
  input  logic signed [7:0]          a_i,
  input  logic signed [7:0]          b_i,
  output logic signed [AccWidth-1:0] acc_o
);

  logic signed [15:0] prod;
  assign prod = a_i * b_i;

  acc_reg #(.Width(AccWidth)) i_acc (
    .clk_i, .rst_ni, .valid_i, .clear_i, .addend_i(AccWidth'(prod)), .acc_o
  );

endmodule
