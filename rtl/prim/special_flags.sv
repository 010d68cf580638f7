// special_flags: the sticky NaN / +Inf / -Inf state of an exact accumulation
// (golden's mx_block_dot and Kulisch rules): a NaN product, or +Inf and -Inf
// in the same sum, give NaN; otherwise an Inf product gives that Inf.
// clear_i / valid_i as in acc_reg. Latency 1.
module special_flags (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic valid_i,
  input  logic clear_i,
  input  logic nan_i,      // this product is NaN
  input  logic inf_i,      // this product is +-Inf
  input  logic neg_i,      // its sign
  output logic nan_o,
  output logic pos_inf_o,
  output logic neg_inf_o
);

  logic nan_d, nan_q, pinf_d, pinf_q, ninf_d, ninf_q;

  always_comb begin
    nan_d  = clear_i ? 1'b0 : nan_q;
    pinf_d = clear_i ? 1'b0 : pinf_q;
    ninf_d = clear_i ? 1'b0 : ninf_q;
    if (valid_i) begin
      nan_d  = nan_d | nan_i;
      pinf_d = pinf_d | (inf_i & ~neg_i);
      ninf_d = ninf_d | (inf_i & neg_i);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      nan_q  <= 1'b0;
      pinf_q <= 1'b0;
      ninf_q <= 1'b0;
    end else begin
      nan_q  <= nan_d;
      pinf_q <= pinf_d;
      ninf_q <= ninf_d;
    end
  end

  assign nan_o     = nan_q | (pinf_q & ninf_q);
  assign pos_inf_o = pinf_q & ~nan_o;
  assign neg_inf_o = ninf_q & ~nan_o;

endmodule
