// mac_posit: posit<N,2> multiply-accumulate into the Posit Standard 2022 quire
// (formats.md §3.3; golden PositQuire): a 16N-bit two's complement register
// whose LSB is minpos^2. Products are exact and added (or, with sub_i,
// subtracted) without rounding (posit_product, quire_add); posit_o is the
// quire rounded once to posit<N,2> (quire_round), available every cycle ("on
// request"). quire_o is the raw register.
// NaR: a NaR operand, or a sum that overflows the register or lands on the
// pattern 10...0, makes the quire that pattern, which is NaR until clear_i.
// Latency 1 (posit_o and quire_o include a product the cycle after valid_i),
// initiation interval 1.
module mac_posit #(
  parameter int unsigned N = 16,
  // Do not change: derived.
  parameter int unsigned QuireWidth = 16 * N
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  valid_i,
  input  logic                  clear_i,
  input  logic                  sub_i,
  input  logic [N-1:0]          a_i,
  input  logic [N-1:0]          b_i,
  output logic [N-1:0]          posit_o,
  output logic [QuireWidth-1:0] quire_o
);

  logic [QuireWidth-1:0] addend, base, sum, q_d, q_q;
  logic                  p_nar;
  posit_product #(.N(N), .QuireWidth(QuireWidth)) i_product (.a_i, .b_i, .sub_i, .addend_o(addend), .nar_o(p_nar));

  assign base = clear_i ? '0 : q_q;
  quire_add #(.Width(QuireWidth)) i_add (.base_i(base), .addend_i(addend), .nar_i(p_nar), .sum_o(sum));
  assign q_d = valid_i ? sum : base;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_q <= '0;
    else         q_q <= q_d;
  end

  quire_round #(.N(N), .QuireWidth(QuireWidth)) i_round (.quire_i(q_q), .posit_o);
  assign quire_o = q_q;

endmodule
