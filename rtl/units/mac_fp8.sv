// mac_fp8: FP8 multiply-accumulate (OCP OFP8 E4M3 / E5M2 operands, or the
// mixed E4M3 x E5M2 mode), exactly as golden defines it:
//   Kulisch = 0: an FP32 accumulator rounded to nearest even after every
//                product (formats.md §6.5), through fp32_add_rne;
//   Kulisch = 1: an exact fixed-point register (LSB = the product of the two
//                element LSBs, KulischGuard carry bits), rounded once to FP32
//                on acc_o through the same adder; kulisch_o is the register.
// Products are exact (fp8_product). NaN/Inf as golden: NaN in, Inf * 0, or
// Inf - Inf give NaN; which codes are NaN/Inf comes from the format's row of
// qmac_pkg's encoding table, so any 8-bit minifloat there works; others stop
// elaboration.
// Latency 1 (acc_o shows a product the cycle after valid_i), initiation interval 1.
module mac_fp8 #(
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE4M3,
  parameter qmac_pkg::fmt_e FmtB = FmtA,
  parameter bit             Kulisch = 1'b0,
  parameter int unsigned    KulischGuard = 16,
  // Do not change: derived.
  parameter int unsigned KWidth = qmac_pkg::fmt_int_bits(FmtA) + qmac_pkg::fmt_int_bits(FmtB) + KulischGuard + 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  input  logic              clear_i,
  input  logic [7:0]        a_i,
  input  logic [7:0]        b_i,
  output logic [31:0]       acc_o,
  output logic [KWidth-1:0] kulisch_o
);

  localparam int unsigned MA = qmac_pkg::fmt_man_bits(FmtA);
  localparam int unsigned MB = qmac_pkg::fmt_man_bits(FmtB);
  localparam int          LsbSum = qmac_pkg::fmt_lsb_exp(FmtA) + qmac_pkg::fmt_lsb_exp(FmtB);
  localparam int unsigned PW = MA + MB + 2;  // exact significand product

  // --- exact product (fp8_product checks the formats at elaboration) ----------
  logic [PW-1:0]     p_sig;
  logic signed [9:0] p_exp;
  logic              p_sign, p_nan, p_inf;
  fp8_product #(.FmtA(FmtA), .FmtB(FmtB)) i_prod (
    .a_i, .b_i, .sign_o(p_sign), .exp_o(p_exp), .sig_o(p_sig), .nan_o(p_nan), .inf_o(p_inf)
  );

  if (!Kulisch) begin : gen_fp32
    fp32_acc_reg #(.SigWidth(PW), .ExpWidth(10)) i_acc (
      .clk_i, .rst_ni, .valid_i, .clear_i, .sign_i(p_sign), .exp_i(p_exp), .sig_i(p_sig), .nan_i(p_nan),
      .inf_i(p_inf), .acc_o
    );
    assign kulisch_o = '0;
  end else begin : gen_kulisch
    logic signed [KWidth-1:0] k_q, p_fixed;
    logic                     k_nan, k_pinf, k_ninf;
    logic [KWidth-1:0]        mag;
    // The product on the register's grid: p_sig << (p_exp - LsbSum), exact.
    assign p_fixed = (p_nan | p_inf) ? '0
                   : (p_sign ? -$signed(KWidth'(p_sig) << (p_exp - $signed(10'(LsbSum))))
                             : $signed(KWidth'(p_sig) << (p_exp - $signed(10'(LsbSum)))));
    acc_reg #(.Width(KWidth)) i_acc (.clk_i, .rst_ni, .valid_i, .clear_i, .addend_i(p_fixed), .acc_o(k_q));
    special_flags i_flags (
      .clk_i, .rst_ni, .valid_i, .clear_i, .nan_i(p_nan), .inf_i(p_inf), .neg_i(p_sign), .nan_o(k_nan),
      .pos_inf_o(k_pinf), .neg_inf_o(k_ninf)
    );
    // One rounding, at the end: 0 + register, through the FP32 adder.
    assign mag = k_q[KWidth-1] ? KWidth'(-k_q) : KWidth'(k_q);
    fp32_add_rne #(.SigWidth(KWidth), .ExpWidth(10)) i_round (
      .a_i(32'd0), .b_sign_i((k_pinf | k_ninf) ? k_ninf : k_q[KWidth-1]), .b_exp_i($signed(10'(LsbSum))),
      .b_sig_i(mag), .b_nan_i(k_nan), .b_inf_i(k_pinf | k_ninf), .sum_o(acc_o)
    );
    assign kulisch_o = k_q;
  end

endmodule
