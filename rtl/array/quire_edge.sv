// quire_edge: the array's bottom edge for posits (KindQuire) in WS (and IS), one
// per column: block_edge's counterpart for a quire. A column's partial sum
// (the quire of one K-fold's products) is added exactly to the output's quire
// (quire_add; the pattern 10...0 is NaR and stays NaR); on the last K-fold
// (close_i) the sum is rounded once to posit<N,2> (quire_round) and the
// quire restarts. The output's quire comes from the accumulator memory that
// the driver plays (acc_i) and goes back to it from acc_o, as block_edge's
// does; posit_o is the rounded output after a closing fold (0 before).
// Latency 1 (unit_timing's scale_latency).
module quire_edge #(
  parameter int unsigned N = 8,
  // Do not change: derived.
  parameter int unsigned QuireWidth = 16 * N
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  valid_i,
  input  logic                  close_i,
  input  logic [QuireWidth-1:0] psum_i,
  input  logic [QuireWidth-1:0] acc_i,
  output logic                  valid_o,
  output logic [QuireWidth-1:0] acc_o,
  output logic [N-1:0]          posit_o
);

  logic [QuireWidth-1:0] sum;
  logic [N-1:0]          rounded;
  quire_add #(.Width(QuireWidth)) i_add (.base_i(acc_i), .addend_i(psum_i), .nar_i(1'b0), .sum_o(sum));
  quire_round #(.N(N), .QuireWidth(QuireWidth)) i_round (.quire_i(sum), .posit_o(rounded));

  logic                  valid_q;
  logic [QuireWidth-1:0] acc_q;
  logic [N-1:0]          posit_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;  acc_q <= '0;  posit_q <= '0;
    end else begin
      valid_q <= valid_i;
      if (valid_i) begin
        acc_q   <= close_i ? '0 : sum;
        posit_q <= close_i ? rounded : '0;
      end
    end
  end

  assign valid_o = valid_q;
  assign acc_o   = acc_q;
  assign posit_o = posit_q;

`ifndef SYNTHESIS
  /* verilator lint_off SYNCASYNCNET */
  a_valid_follows: assert property (@(posedge clk_i) disable iff (!rst_ni) valid_o == $past(valid_i))
    else $error("quire_edge: valid_o is not the last cycle's valid_i");
  // An open quire spilled to the accumulator memory until the next K-fold.
  c_spilled_quire: cover property (@(posedge clk_i) disable iff (!rst_ni) valid_i && !close_i && sum != '0);
  // A quire that is NaR (10...0) reaching the output's rounding.
  c_quire_nar_rounded: cover property (@(posedge clk_i) disable iff (!rst_ni)
    valid_i && close_i && sum == {1'b1, {(QuireWidth-1){1'b0}}});
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
