// systolic_pe: one processing element of systolic_array, for both dataflows
// (docs/timing.md) and the MAC kinds the array is built for:
//   Kind 0: INT8/INT4 operands (sign-extended to 8 bits), a wrapping 32-bit sum;
//   Kind 1: 8-bit minifloats of qmac_pkg's table (FmtA x FmtB), exact products
//           (fp8_product) added into an FP32 sum, one RNE per product
//           (fp32_add_rne), golden's FP32 MAC.
//   WS (os_i = 0): holds a stationary weight; the activation arrives from the
//     left and leaves to the right a cycle later; the partial sum arrives from
//     above and leaves downward with this PE's product added. In a row below a
//     ragged K-tile (row_active_i = 0) the partial sum passes through unchanged.
//   OS (os_i = 1): A arrives from the left, B from above; both pass on a cycle
//     later; the product accumulates in the PE (acc_o).
// One multiplier and one adder serve both dataflows. en_i gates the whole PE
// (columns outside the tile, and load cycles); start_i marks a fold's first
// streaming cycle, when an OS sum restarts at zero.
module systolic_pe #(
  parameter int unsigned    Kind = 0,
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE4M3,
  parameter qmac_pkg::fmt_e FmtB = FmtA
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        os_i,
  input  logic        en_i,
  input  logic        row_active_i,
  input  logic        start_i,
  input  logic        w_we_i,
  input  logic [7:0]  w_i,
  input  logic        a_valid_i,
  input  logic [7:0]  a_i,
  input  logic        b_valid_i,
  input  logic [7:0]  b_i,
  input  logic        psum_valid_i,
  input  logic [31:0] psum_i,
  output logic        a_valid_o,
  output logic [7:0]  a_o,
  output logic        b_valid_o,
  output logic [7:0]  b_o,
  output logic        psum_valid_o,
  output logic [31:0] psum_o,
  output logic [31:0] acc_o
);

  logic [7:0]  w_q, a_q, b_q;
  logic        av_q, bv_q, pv_q;
  logic [31:0] psum_q, acc_q;
  logic [7:0]  a_d, b_d;
  logic        av_d, bv_d, pv_d;
  logic [31:0] psum_d, acc_d;

  // The sum this cycle: base + a x (OS: b, WS: the stationary weight).
  logic [7:0]  m_b;
  logic [31:0] base, sum;
  assign m_b  = os_i ? b_i : w_q;
  assign base = os_i ? (start_i ? 32'd0 : acc_q) : (psum_valid_i ? psum_i : 32'd0);

  if (Kind == 0) begin : gen_int
    logic signed [15:0] prod;
    assign prod = $signed(a_i) * $signed(m_b);
    assign sum  = base + 32'($signed(prod));
  end else if (Kind == 1) begin : gen_fp32
    localparam int unsigned PW = qmac_pkg::fmt_man_bits(FmtA) + qmac_pkg::fmt_man_bits(FmtB) + 2;
    logic [PW-1:0]     p_sig;
    logic signed [9:0] p_exp;
    logic              p_sign, p_nan, p_inf;
    fp8_product #(.FmtA(FmtA), .FmtB(FmtB)) i_prod (
      .a_i, .b_i(m_b), .sign_o(p_sign), .exp_o(p_exp), .sig_o(p_sig), .nan_o(p_nan), .inf_o(p_inf)
    );
    fp32_add_rne #(.SigWidth(PW), .ExpWidth(10)) i_add (
      .a_i(base), .b_sign_i(p_sign), .b_exp_i(p_exp), .b_sig_i(p_sig), .b_nan_i(p_nan), .b_inf_i(p_inf), .sum_o(sum)
    );
  end else begin : gen_bad_kind
    $fatal(1, "systolic_pe: Kind must be 0 (integer) or 1 (FP8 into FP32)");
  end

  always_comb begin
    av_d = av_q;  a_d = a_q;  bv_d = bv_q;  b_d = b_q;
    pv_d = pv_q;  psum_d = psum_q;  acc_d = acc_q;
    if (en_i) begin
      if (os_i) begin
        av_d = a_valid_i;  a_d = a_i;
        bv_d = b_valid_i;  b_d = b_i;
        acc_d = (a_valid_i && b_valid_i) ? sum : base;
      end else if (row_active_i) begin
        av_d = a_valid_i;  a_d = a_i;
        pv_d = a_valid_i;
        if (a_valid_i) psum_d = sum;
      end else begin
        pv_d = psum_valid_i;  psum_d = psum_i;
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
