// systolic_pe: one processing element of systolic_array, for both dataflows
// (docs/timing.md) and the MAC kinds the array is built for:
// Kind is qmac_pkg's Kind<family> (numbered as golden::MacFamily):
//   KindInteger: INT8/INT4 operands (sign-extended to 8 bits), a wrapping 32-bit sum;
//   KindFloatFp32: 8-bit minifloats of qmac_pkg's table (FmtA x FmtB), exact products
//           (fp8_product) added into an FP32 sum, one RNE per product
//           (fp32_add_rne), golden's FP32 MAC.
//   KindMxBlock: OCP MX elements (FmtA x FmtB); KindDialectFp4: DialectFP4
//           ({dialect id, code} operands): exact integer products (block_product) in an
//           exact partial sum {NaN, +Inf, -Inf, sum} (SumW bits); each
//           operand's block scale (E8M0) travels beside it. In OS the PE
//           closes a block every BlockLen products: scales it and adds it
//           into its FP32 sum (block_scale_addend, fp32_add_rne), as the
//           array's edge (block_edge) does in WS.
//   KindKulisch: FP8 minifloats (FmtA x FmtB) into an exact Kulisch sum of up to
//           BlockLen products, rounded to FP32 once: in OS by the PE after
//           the fold's last product (last_k_i), in WS by block_edge after
//           the last K-fold. No scales.
//   KindQuire: posit8 (es 2) codes into the Posit Standard 2022 quire: exact
//           products (posit_product) added exactly (quire_add); the partial
//           sum is the 128-bit quire itself (NaR: the pattern 10...0). In OS,
//           acc_o is the PE's quire rounded once to posit8 (quire_round),
//           zero-extended; in WS, quire_edge rounds after the last K-fold.
//   WS (os_i = 0): holds a stationary weight; the activation arrives from the
//     left and leaves to the right a cycle later; the partial sum arrives from
//     above and leaves downward with this PE's product added. In a row below a
//     ragged K-tile (row_active_i = 0) the partial sum passes through unchanged.
//   OS (os_i = 1): A arrives from the left, B from above; both pass on a cycle
//     later; the product accumulates in the PE (acc_o: the running sum, or
//     for block kinds the FP32 sum of closed blocks).
// One multiplier and one adder serve both dataflows. en_i gates the whole PE
// (columns outside the tile, and load cycles); start_i marks a fold's first
// streaming cycle, when an OS sum restarts at zero.
module systolic_pe #(
  parameter int unsigned    Kind = 0,
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE4M3,
  parameter qmac_pkg::fmt_e FmtB = FmtA,
  parameter int unsigned    BlockLen = 32,
  parameter int unsigned    SumW = 32,   // the partial sum's bits (systolic_array derives it)
  // Do not change: derived.
  parameter int unsigned    CntW = $clog2(BlockLen)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            os_i,
  input  logic            en_i,
  input  logic            row_active_i,
  input  logic            start_i,
  input  logic [CntW-1:0] last_k_i,      // Kulisch OS: the fold's K - 1
  input  logic            w_we_i,
  input  logic [7:0]      w_i,
  input  logic [7:0]      w_scale_i,
  input  logic            a_valid_i,
  input  logic [7:0]      a_i,
  input  logic [7:0]      a_scale_i,
  input  logic            b_valid_i,
  input  logic [7:0]      b_i,
  input  logic [7:0]      b_scale_i,
  input  logic            psum_valid_i,
  input  logic [SumW-1:0] psum_i,
  output logic            a_valid_o,
  output logic [7:0]      a_o,
  output logic [7:0]      a_scale_o,
  output logic            b_valid_o,
  output logic [7:0]      b_o,
  output logic [7:0]      b_scale_o,
  output logic [7:0]      w_scale_o,
  output logic            psum_valid_o,
  output logic [SumW-1:0] psum_o,
  output logic [31:0]     acc_o
);

  localparam bit Block  = Kind == qmac_pkg::KindMxBlock || Kind == qmac_pkg::KindDialectFp4 || Kind == qmac_pkg::KindKulisch;  // exact sums
  localparam bit Scaled = Kind == qmac_pkg::KindMxBlock || Kind == qmac_pkg::KindDialectFp4;  // block scales beside the operands

  logic [7:0]      w_q, a_q, b_q;
  logic            av_q, bv_q, pv_q;
  logic [SumW-1:0] psum_q;
  logic [7:0]      a_d, b_d;
  logic            av_d, bv_d, pv_d;
  logic [SumW-1:0] psum_d;

  // The sum this cycle: base + a x (OS: b, WS: the stationary weight).
  logic [7:0]      m_b;
  logic [SumW-1:0] base, sum;
  logic            mac_os;   // an OS product this cycle
  assign m_b    = os_i ? b_i : w_q;
  assign base   = os_i ? (start_i ? '0 : psum_q) : (psum_valid_i ? psum_i : '0);
  assign mac_os = en_i && os_i && a_valid_i && b_valid_i;

  // Exact kinds in OS: the block (Kulisch: the whole fold) just completed
  // goes to the FP32 sum (close), and the partial sum restarts.
  logic close;

`ifndef SYNTHESIS
  // Cover points (make coverage): a product enters the sum this cycle (OS: a
  // MAC; WS: an active row's streamed operand times the stationary weight).
  // A function called inside a property is misevaluated by Verilator 5.006, so the
  // covers below read signals computed in always_comb.
  /* verilator lint_off UNUSEDSIGNAL */  // the integer kind has no cover point on it
  logic cov_product;
  /* verilator lint_on UNUSEDSIGNAL */
  assign cov_product = mac_os || (en_i && !os_i && row_active_i && a_valid_i);
`endif

  if (Kind == qmac_pkg::KindInteger) begin : gen_int
    logic signed [15:0] prod;
    assign prod  = $signed(a_i) * $signed(m_b);
    assign sum   = base + SumW'($signed(prod));
    assign close = 1'b0;
    assign acc_o = 32'(psum_q);
  end else if (Kind == qmac_pkg::KindFloatFp32) begin : gen_fp32
    localparam int unsigned PW = qmac_pkg::fmt_man_bits(FmtA) + qmac_pkg::fmt_man_bits(FmtB) + 2;
    logic [PW-1:0]     p_sig;
    logic signed [9:0] p_exp;
    logic              p_sign, p_nan, p_inf;
    fp8_product #(.FmtA(FmtA), .FmtB(FmtB)) i_prod (
      .a_i, .b_i(m_b), .sign_o(p_sign), .exp_o(p_exp), .sig_o(p_sig), .nan_o(p_nan), .inf_o(p_inf)
    );
    fp32_add_rne #(.SigWidth(PW), .ExpWidth(10)) i_add (
      .a_i(32'(base)), .b_sign_i(p_sign), .b_exp_i(p_exp), .b_sig_i(p_sig), .b_nan_i(p_nan), .b_inf_i(p_inf),
      .sum_o(sum)
    );
    assign close = 1'b0;
    assign acc_o = 32'(psum_q);
`ifndef SYNTHESIS
    /* verilator lint_off SYNCASYNCNET */
    // An operand at its format's saturation value (the largest finite magnitude).
    c_operand_at_max: cover property (@(posedge clk_i) disable iff (!rst_ni)
      cov_product && (a_i[6:0] == 7'(qmac_pkg::fmt_max_mag(FmtA)) || m_b[6:0] == 7'(qmac_pkg::fmt_max_mag(FmtB))));
    /* verilator lint_on SYNCASYNCNET */
`endif
  end else if (Block) begin : gen_block
    localparam bit          Dialect = Kind == qmac_pkg::KindDialectFp4;
    localparam bit          Kulisch = Kind == qmac_pkg::KindKulisch;
    localparam int unsigned PW = qmac_pkg::block_prod_bits(Dialect, FmtA, FmtB);
    localparam int unsigned WA = Dialect ? 8 : qmac_pkg::fmt_bits(FmtA);
    localparam int unsigned WB = Dialect ? 8 : qmac_pkg::fmt_bits(FmtB);
    localparam int unsigned EW = SumW - 3;   // the exact sum below the three flags
    localparam int unsigned CW = CntW;
    if (EW < PW + CW + 1) begin : gen_bad_sum
      $fatal(1, "systolic_pe: SumW is too narrow for a block of BlockLen products");
    end
    logic signed [PW-1:0] prod;
    logic                 p_nan, p_pinf, p_ninf;
    /* verilator lint_off UNUSEDSIGNAL */  // an element narrower than the 8-bit port uses its low bits
    logic [7:0] a_code, b_code;
    /* verilator lint_on UNUSEDSIGNAL */
    assign a_code = a_i;
    assign b_code = m_b;
    block_product #(.Dialect(Dialect), .FmtA(FmtA), .FmtB(FmtB)) i_prod (
      .a_i(a_code[WA-1:0]), .b_i(b_code[WB-1:0]), .prod_o(prod), .nan_o(p_nan), .pos_inf_o(p_pinf), .neg_inf_o(p_ninf)
    );
    assign sum = {base[SumW-1:EW] | {p_nan, p_pinf, p_ninf}, base[EW-1:0] + EW'(prod)};
`ifndef SYNTHESIS
    /* verilator lint_off SYNCASYNCNET */
    // A NaN or an infinite product entering a block's exact sum.
    c_special_into_block: cover property (@(posedge clk_i) disable iff (!rst_ni) cov_product && (p_nan || p_pinf || p_ninf));
    if (!Dialect && !qmac_pkg::fmt_is_int(FmtA)) begin : gen_cover_max
      // An operand at its format's saturation value (the largest finite magnitude).
      c_operand_at_max: cover property (@(posedge clk_i) disable iff (!rst_ni)
        cov_product && (a_code[WA-2:0] == (WA-1)'(qmac_pkg::fmt_max_mag(FmtA)) ||
                        b_code[WB-2:0] == (WB-1)'(qmac_pkg::fmt_max_mag(FmtB))));
    end
    /* verilator lint_on SYNCASYNCNET */
`endif

    // OS: the FP32 sum of closed blocks and the position in the open block.
    logic [31:0]   acc_d, acc_q, acc_base, acc_sum;
    logic [CW-1:0] cnt_d, cnt_q, cnt_base;
    logic          a_sign;
    logic signed [11:0] a_exp;
    logic [EW-1:0] a_mag;
    logic          a_nan, a_inf;
    assign acc_base = start_i ? '0 : acc_q;
    assign cnt_base = start_i ? '0 : cnt_q;
    assign close    = mac_os && (Kulisch ? cnt_base == last_k_i : cnt_base == CW'(BlockLen - 1));
    logic [7:0] sa, sb;   // Kulisch: no scales, 2^0 each
    assign sa = Kulisch ? 8'd127 : a_scale_i;
    assign sb = Kulisch ? 8'd127 : b_scale_i;
    block_scale_addend #(.DotWidth(EW), .LsbExp(qmac_pkg::block_prod_lsb_exp(Dialect, FmtA, FmtB))) i_addend (
      .dot_i(sum[EW-1:0]), .dot_nan_i(sum[EW+2]), .dot_pos_inf_i(sum[EW+1]), .dot_neg_inf_i(sum[EW]),
      .scale_a_i(sa), .scale_b_i(sb),
      .sign_o(a_sign), .exp_o(a_exp), .mag_o(a_mag), .nan_o(a_nan), .inf_o(a_inf)
    );
    fp32_add_rne #(.SigWidth(EW), .ExpWidth(12)) i_add (
      .a_i(acc_base), .b_sign_i(a_sign), .b_exp_i(a_exp), .b_sig_i(a_mag), .b_nan_i(a_nan), .b_inf_i(a_inf),
      .sum_o(acc_sum)
    );
    always_comb begin
      acc_d = acc_q;
      cnt_d = cnt_q;
      if (en_i && os_i) begin
        acc_d = close ? acc_sum : acc_base;
        cnt_d = mac_os ? cnt_base + 1'b1 : cnt_base;   // wraps to 0 at a close (BlockLen is 2^CW)
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        acc_q <= '0;  cnt_q <= '0;
      end else begin
        acc_q <= acc_d;
        cnt_q <= cnt_d;
      end
    end
    assign acc_o = acc_q;
    if (Scaled) begin : gen_scales
      // The scales travel with their operands; the stationary weight keeps its own.
      logic [7:0] as_q, bs_q, ws_q;
      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          as_q <= '0;  bs_q <= '0;  ws_q <= '0;
        end else begin
          if (w_we_i) ws_q <= w_scale_i;
          if (en_i && (os_i || row_active_i)) as_q <= a_scale_i;
          if (en_i && os_i) bs_q <= b_scale_i;
        end
      end
      assign a_scale_o = as_q;
      assign b_scale_o = bs_q;
      assign w_scale_o = ws_q;
    end
  end else if (Kind == qmac_pkg::KindQuire) begin : gen_quire
    // The 8-bit operand ports carry posit8; its quire is 16 x 8 bits.
    localparam int unsigned PositN = 8;
    if (SumW != 16 * PositN) begin : gen_bad_quire
      $fatal(1, "systolic_pe: a posit8 PE's partial sum is its 128-bit quire (SumW = 128)");
    end
    logic [SumW-1:0]   addend;
    logic              p_nar;
    logic [PositN-1:0] rounded;
    posit_product #(.N(PositN)) i_prod (.a_i, .b_i(m_b), .sub_i(1'b0), .addend_o(addend), .nar_o(p_nar));
    quire_add #(.Width(SumW)) i_add (.base_i(base), .addend_i(addend), .nar_i(p_nar), .sum_o(sum));
    quire_round #(.N(PositN)) i_round (.quire_i(psum_q), .posit_o(rounded));
    assign close = 1'b0;
    assign acc_o = 32'(rounded);
`ifndef SYNTHESIS
    // Cancellation: two nonzero quires of opposite signs whose sum is nonzero
    // and at least 2^16 times smaller than the larger of them.
    function automatic int msb_of_magnitude(logic [SumW-1:0] q);
      logic [SumW-1:0] m;
      m = q[SumW-1] ? -q : q;
      msb_of_magnitude = -1;
      for (int i = 0; i < int'(SumW); i++) if (m[i]) msb_of_magnitude = i;
    endfunction
    logic cov_cancel;
    always_comb begin
      int mb, ma, ms;
      mb = msb_of_magnitude(base);
      ma = msb_of_magnitude(addend);
      ms = msb_of_magnitude(sum);
      cov_cancel = !p_nar && base != '0 && addend != '0 && base[SumW-1] != addend[SumW-1] && sum != '0 &&
                   ms + 16 <= (mb > ma ? mb : ma);
    end
    /* verilator lint_off SYNCASYNCNET */
    c_quire_nar: cover property (@(posedge clk_i) disable iff (!rst_ni) cov_product && p_nar);
    c_quire_cancellation: cover property (@(posedge clk_i) disable iff (!rst_ni) cov_product && cov_cancel);
    /* verilator lint_on SYNCASYNCNET */
`endif
  end else begin : gen_bad_kind
    $fatal(1, "systolic_pe: Kind must be one of qmac_pkg's Kind values: 0 (integer), 1 (FP8 into FP32), 2 (FP8 into Kulisch), 3 (MX), 4 (DialectFP4) or 5 (posit8 into the quire)");
  end

  if (!Scaled) begin : gen_no_scales
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_scales;
    assign unused_scales = ^{w_scale_i, a_scale_i, b_scale_i};
    /* verilator lint_on UNUSEDSIGNAL */
    assign a_scale_o = '0;
    assign b_scale_o = '0;
    assign w_scale_o = '0;
  end

  if (Kind != qmac_pkg::KindKulisch) begin : gen_no_last_k
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_last_k;
    assign unused_last_k = ^last_k_i;
    /* verilator lint_on UNUSEDSIGNAL */
  end

  always_comb begin
    av_d = av_q;  a_d = a_q;  bv_d = bv_q;  b_d = b_q;
    pv_d = pv_q;  psum_d = psum_q;
    if (en_i) begin
      if (os_i) begin
        av_d = a_valid_i;  a_d = a_i;
        bv_d = b_valid_i;  b_d = b_i;
        psum_d = !mac_os ? base : close ? '0 : sum;
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
      pv_q <= 1'b0;  psum_q <= '0;
    end else begin
      if (w_we_i) w_q <= w_i;
      av_q <= av_d;  a_q <= a_d;  bv_q <= bv_d;  b_q <= b_d;
      pv_q <= pv_d;  psum_q <= psum_d;
    end
  end

  assign a_valid_o    = av_q;
  assign a_o          = a_q;
  assign b_valid_o    = bv_q;
  assign b_o          = b_q;
  assign psum_valid_o = pv_q;
  assign psum_o       = psum_q;

`ifndef SYNTHESIS
  /* verilator lint_off SYNCASYNCNET */
  // The stationary operand holds through a fold's streaming (WS/IS): a weight
  // row is written only before the fold's first streaming cycle.
  a_weight_stable: assert property (@(posedge clk_i) disable iff (!rst_ni) (en_i && !os_i && !start_i) |-> $stable(w_q))
    else $error("systolic_pe: the stationary operand changed during a fold");
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
