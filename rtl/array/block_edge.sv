// block_edge: the array's bottom edge for block formats in WS (and IS), one
// per column. A column's partial sum (an exact sum of one K-fold's products,
// {NaN, +Inf, -Inf, sum}) is added to the output's open block sum; on the
// K-fold that ends a block (close_i) the block is scaled by its two E8M0
// scales and added into the output's FP32 sum with one RNE
// (block_scale_addend, fp32_add_rne): formats.md §6.5, golden's ExactArith.
// The output's state (acc_i, fp32_i) comes from the accumulator memory that
// the driver plays, and goes back to it from acc_o / fp32_o: each output
// receives one partial sum per fold, so a write-back one cycle later never
// races a read. Latency 1 (unit_timing's scale_latency).
module block_edge #(
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE2M1,
  parameter qmac_pkg::fmt_e FmtB = FmtA,
  parameter bit             Dialect = 1'b0,
  parameter int unsigned    SumW = 24
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  input  logic            close_i,
  input  logic [SumW-1:0] psum_i,
  input  logic [7:0]      scale_a_i,
  input  logic [7:0]      scale_b_i,
  input  logic [SumW-1:0] acc_i,
  input  logic [31:0]     fp32_i,
  output logic            valid_o,
  output logic [SumW-1:0] acc_o,
  output logic [31:0]     fp32_o
);

  localparam int unsigned EW = SumW - 3;

  logic [SumW-1:0] blk;
  assign blk = {acc_i[SumW-1:EW] | psum_i[SumW-1:EW], acc_i[EW-1:0] + psum_i[EW-1:0]};

  logic               a_sign, a_nan, a_inf;
  logic signed [11:0] a_exp;
  logic [EW-1:0]      a_mag;
  logic [31:0]        scaled;
  block_scale_addend #(.DotWidth(EW), .LsbExp(qmac_pkg::block_prod_lsb_exp(Dialect, FmtA, FmtB))) i_addend (
    .dot_i(blk[EW-1:0]), .dot_nan_i(blk[EW+2]), .dot_pos_inf_i(blk[EW+1]), .dot_neg_inf_i(blk[EW]),
    .scale_a_i, .scale_b_i, .sign_o(a_sign), .exp_o(a_exp), .mag_o(a_mag), .nan_o(a_nan), .inf_o(a_inf)
  );
  fp32_add_rne #(.SigWidth(EW), .ExpWidth(12)) i_add (
    .a_i(fp32_i), .b_sign_i(a_sign), .b_exp_i(a_exp), .b_sig_i(a_mag), .b_nan_i(a_nan), .b_inf_i(a_inf),
    .sum_o(scaled)
  );

  logic            valid_q;
  logic [SumW-1:0] acc_q;
  logic [31:0]     fp32_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;  acc_q <= '0;  fp32_q <= '0;
    end else begin
      valid_q <= valid_i;
      if (valid_i) begin
        acc_q  <= close_i ? '0 : blk;
        fp32_q <= close_i ? scaled : fp32_i;
      end
    end
  end

  assign valid_o = valid_q;
  assign acc_o   = acc_q;
  assign fp32_o  = fp32_q;

`ifndef SYNTHESIS
  /* verilator lint_off SYNCASYNCNET */
  // Valid/close ordering: an output's new state (a closed block's FP32 sum
  // or the open block sum) follows its partial sum by exactly one cycle.
  a_valid_follows: assert property (@(posedge clk_i) disable iff (!rst_ni) valid_o == $past(valid_i))
    else $error("block_edge: valid_o is not the last cycle's valid_i");
  // A block closing with a sum carried from an earlier K-fold (the block spans folds).
  c_block_closes_across_kfold: cover property (@(posedge clk_i) disable iff (!rst_ni) valid_i && close_i && acc_i != '0);
  // An open block sum spilled to the accumulator memory until the next K-fold.
  c_spilled_psum: cover property (@(posedge clk_i) disable iff (!rst_ni) valid_i && !close_i && blk != '0);
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
