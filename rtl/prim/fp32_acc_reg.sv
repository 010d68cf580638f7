// fp32_acc_reg: an FP32 accumulator register, acc += addend with one
// round-to-nearest-even per valid cycle through fp32_add_rne (the one FP32
// adder). The addend is exact: (-1)^sign * sig * 2^exp, or NaN / +-Inf.
// clear_i starts a new sum (at the rounded addend when valid_i, else +0).
// Latency 1.
module fp32_acc_reg #(
  parameter int unsigned SigWidth = 24,
  parameter int unsigned ExpWidth = 12
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  input  logic                       clear_i,
  input  logic                       sign_i,
  input  logic signed [ExpWidth-1:0] exp_i,
  input  logic [SigWidth-1:0]        sig_i,
  input  logic                       nan_i,
  input  logic                       inf_i,
  output logic [31:0]                acc_o
);

  logic [31:0] acc_d, acc_q, base, sum;

  assign base = clear_i ? 32'd0 : acc_q;

  fp32_add_rne #(.SigWidth(SigWidth), .ExpWidth(ExpWidth)) i_add (
    .a_i(base), .b_sign_i(sign_i), .b_exp_i(exp_i), .b_sig_i(sig_i), .b_nan_i(nan_i), .b_inf_i(inf_i), .sum_o(sum)
  );

  assign acc_d = valid_i ? sum : base;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q <= '0;
    end else begin
      acc_q <= acc_d;
    end
  end

  assign acc_o = acc_q;

endmodule
