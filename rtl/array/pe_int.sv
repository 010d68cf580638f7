// pe_int: one processing element of the integer systolic array (INT8/INT4
// operands, a wrapping AccWidth-bit sum), for both dataflows of
// systolic_array_int (docs/timing.md):
//   WS (os_i = 0): holds a stationary weight; the activation arrives from the
//     left and leaves to the right a cycle later; the partial sum arrives from
//     above and leaves downward with this PE's product added. In a row below a
//     ragged K-tile (row_active_i = 0) the partial sum passes through unchanged.
//   OS (os_i = 1): A arrives from the left, B from above; both pass on a cycle
//     later; the product accumulates in the PE (acc_o).
// en_i gates the whole PE (columns outside the tile, and load cycles);
// start_i marks a fold's first streaming cycle: an OS accumulator restarts
// (the array masks its neighbours' stale valids that cycle).
module pe_int #(
  parameter int unsigned AWidth   = 8,
  parameter int unsigned BWidth   = 8,
  parameter int unsigned AccWidth = 32
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       os_i,
  input  logic                       en_i,
  input  logic                       row_active_i,
  input  logic                       start_i,
  input  logic                       w_we_i,
  input  logic signed [BWidth-1:0]   w_i,
  input  logic                       a_valid_i,
  input  logic signed [AWidth-1:0]   a_i,
  input  logic                       b_valid_i,
  input  logic signed [BWidth-1:0]   b_i,
  input  logic                       psum_valid_i,
  input  logic signed [AccWidth-1:0] psum_i,
  output logic                       a_valid_o,
  output logic signed [AWidth-1:0]   a_o,
  output logic                       b_valid_o,
  output logic signed [BWidth-1:0]   b_o,
  output logic                       psum_valid_o,
  output logic signed [AccWidth-1:0] psum_o,
  output logic signed [AccWidth-1:0] acc_o
);

  logic signed [BWidth-1:0]   w_q;
  logic                       av_q, bv_q, pv_q;
  logic signed [AWidth-1:0]   a_q;
  logic signed [BWidth-1:0]   b_q;
  logic signed [AccWidth-1:0] psum_q, acc_q;

  logic                       av_d, bv_d, pv_d;
  logic signed [AWidth-1:0]   a_d;
  logic signed [BWidth-1:0]   b_d;
  logic signed [AccWidth-1:0] psum_d, acc_d, prod;

  logic a_in_v, b_in_v, p_in_v;
  assign a_in_v = a_valid_i;
  assign b_in_v = b_valid_i;
  assign p_in_v = psum_valid_i;

  assign prod = AccWidth'(a_i) * (os_i ? AccWidth'(b_i) : AccWidth'(w_q));

  always_comb begin
    av_d = av_q;  a_d = a_q;  bv_d = bv_q;  b_d = b_q;
    pv_d = pv_q;  psum_d = psum_q;  acc_d = acc_q;
    if (en_i) begin
      if (os_i) begin
        av_d = a_in_v;  a_d = a_i;
        bv_d = b_in_v;  b_d = b_i;
        acc_d = start_i ? '0 : acc_q;
        if (a_in_v && b_in_v) acc_d = acc_d + prod;
      end else if (row_active_i) begin
        av_d = a_in_v;  a_d = a_i;
        pv_d = a_in_v;
        if (a_in_v) psum_d = (p_in_v ? psum_i : '0) + prod;
      end else begin
        pv_d = p_in_v;  psum_d = psum_i;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_q <= '0;  av_q <= 1'b0;  a_q <= '0;  bv_q <= 1'b0;  b_q <= '0;
      pv_q <= 1'b0;  psum_q <= '0;  acc_q <= '0;
    end else begin
      if (w_we_i) w_q <= w_i;
      av_q <= av_d;  a_q <= a_d;  bv_q <= bv_d;  b_q <= b_d;
      pv_q <= pv_d;  psum_q <= psum_d;  acc_q <= acc_d;
    end
  end

  assign a_valid_o    = av_q;
  assign a_o          = a_q;
  assign b_valid_o    = bv_q;
  assign b_o          = b_q;
  assign psum_valid_o = pv_q;
  assign psum_o       = psum_q;
  assign acc_o        = acc_q;

endmodule
