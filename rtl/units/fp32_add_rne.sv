// fp32_add_rne: IEEE binary32 a + b rounded once to nearest, ties to even.
// The one FP32 adder of qmac: every FP32 accumulator uses it (mac_fp8,
// mx_scale_unit, Kulisch-to-FP32 conversion).
//
// a_i is an FP32 bit pattern. The addend b is exact and may be wider than
// FP32: value (-1)^b_sign_i * b_sig_i * 2^b_exp_i (b_exp_i is the weight of
// b_sig_i's LSB), or NaN / +-Inf by the flags. Specials follow IEEE 754 as
// golden's add does: NaN wins (quiet 0x7FC00000), Inf - Inf = NaN, overflow
// to +-Inf, x - x = +0, -0 + -0 = -0, subnormal results rounded in place.
// Combinational (latency 0); the units that use it register its output.
module fp32_add_rne #(
  parameter int unsigned SigWidth = 24,  // addend significand bits
  parameter int unsigned ExpWidth = 12   // addend exponent bits (signed)
) (
  input  logic [31:0]                a_i,
  input  logic                       b_sign_i,
  input  logic signed [ExpWidth-1:0] b_exp_i,
  input  logic [SigWidth-1:0]        b_sig_i,
  input  logic                       b_nan_i,
  input  logic                       b_inf_i,
  output logic [31:0]                sum_o
);

  // Normalized significand width, and the exponent width inside.
  localparam int unsigned N  = SigWidth > 24 ? SigWidth : 24;
  localparam int unsigned EW = (ExpWidth > 10 ? ExpWidth : 10) + 3;
  localparam int unsigned LzWidth = $clog2(N + 4) + 1;

  // --- unpack a ----------------------------------------------------------
  logic       a_s, a_nan, a_inf, a_zero;
  logic [7:0] a_e;
  logic [23:0] a_sig;
  assign a_s    = a_i[31];
  assign a_e    = a_i[30:23];
  assign a_sig  = {a_e != 8'd0, a_i[22:0]};
  assign a_nan  = (a_e == 8'hFF) && (a_i[22:0] != '0);
  assign a_inf  = (a_e == 8'hFF) && (a_i[22:0] == '0);
  assign a_zero = (a_e == 8'd0) && (a_i[22:0] == '0);

  logic b_zero;
  assign b_zero = (b_sig_i == '0);

  // --- normalize: MSB to bit N-1, E = exponent of the MSB -------------------
  logic [LzWidth-1:0] lz_a, lz_b;
  always_comb begin
    lz_a = LzWidth'(24);
    for (int i = 0; i < 24; i++) begin
      if (a_sig[i]) lz_a = LzWidth'(23 - i);
    end
    lz_b = LzWidth'(SigWidth);
    for (int i = 0; i < SigWidth; i++) begin
      if (b_sig_i[i]) lz_b = LzWidth'(SigWidth - 1 - i);
    end
  end

  logic [N-1:0] a_m, b_m;
  logic signed [EW-1:0]         a_E, b_E;
  assign a_m = {a_sig, {(N - 24){1'b0}}} << lz_a;
  assign b_m = {b_sig_i, {(N - SigWidth){1'b0}}} << lz_b;
  // a's LSB weighs 2^-149 (subnormal) or 2^(e-150); its MSB 23 - lz bits higher.
  assign a_E = (a_e == 8'd0 ? $signed(EW'(-149)) : $signed(EW'(a_e)) - $signed(EW'(150))) + $signed(EW'(23)) - $signed(EW'(lz_a));
  assign b_E = $signed(EW'(b_exp_i)) + $signed(EW'(SigWidth - 1)) - $signed(EW'(lz_b));

  // --- order by magnitude, align the smaller with a sticky bit ---------------
  logic         swap, big_s, small_s, small_zero;
  logic [N-1:0] big_m, small_m;
  logic signed [EW-1:0]         big_E, small_E, d;
  assign swap       = a_zero || (!b_zero && ((b_E > a_E) || ((b_E == a_E) && (b_m > a_m))));
  assign big_m      = swap ? b_m : a_m;
  assign big_E      = swap ? b_E : a_E;
  assign big_s      = swap ? b_sign_i : a_s;
  assign small_m    = swap ? a_m : b_m;
  assign small_E    = swap ? a_E : b_E;
  assign small_s    = swap ? a_s : b_sign_i;
  assign small_zero = swap ? a_zero : b_zero;
  assign d          = big_E - small_E;

  logic [N+2:0] x_ext, y_full, y_ext;
  logic         y_sticky;
  assign x_ext  = {big_m, 3'b000};
  assign y_full = small_zero ? '0 : {small_m, 3'b000};
  always_comb begin
    if (d >= $signed(EW'(N + 3))) begin
      y_ext    = '0;
      y_sticky = |y_full;
    end else begin
      y_ext    = y_full >> d;
      y_sticky = |(y_full << ($signed(EW'(N + 3)) - d));
    end
  end

  // --- add / subtract (exact up to the sticky LSB) ---------------------------
  logic         sub;
  logic [N+3:0] s;
  assign sub = big_s ^ small_s;
  assign s   = sub ? ({1'b0, x_ext} - {1'b0, y_ext | (N + 3)'(y_sticky)})
                   : ({1'b0, x_ext} + {1'b0, y_ext | (N + 3)'(y_sticky)});

  // --- normalize the sum: MSB to bit N+2 ---------------------------------------
  logic [LzWidth-1:0] lz_s;
  logic [N+2:0]       r;
  logic signed [EW-1:0]               e_r;
  always_comb begin
    lz_s = LzWidth'(N + 3);
    for (int i = 0; i < N + 3; i++) begin
      if (s[i]) lz_s = LzWidth'(N + 2 - i);
    end
    if (s[N+3]) begin
      r   = s[N+3:1] | (N + 3)'(s[0]);
      e_r = big_E + $signed(EW'(1));
    end else begin
      r   = s[N+2:0] << lz_s;
      e_r = big_E - $signed(EW'(lz_s));
    end
  end

  // --- round to the FP32 grid: LSB 2^(E-23), never below 2^-149 ---------------
  logic signed [EW-1:0]         q, drop;
  logic [N+2:0] rem_mask, rem, half;
  logic [24:0]  n, n_r;
  logic         up;
  always_comb begin
    q    = (e_r - $signed(EW'(23)) > $signed(EW'(-149))) ? e_r - $signed(EW'(23)) : $signed(EW'(-149));
    drop = q - e_r + $signed(EW'(N + 2));  // bits of r below the kept LSB (>= 3)
    if (drop >= $signed(EW'(N + 3))) begin
      n        = '0;
      rem_mask = '1;
      half     = (drop == $signed(EW'(N + 3))) ? {1'b1, {(N + 2){1'b0}}} : '0;
    end else begin
      n        = 25'(r >> drop);
      rem_mask = ~({(N + 3){1'b1}} << drop);
      half     = (N + 3)'(1) << (drop - $signed(EW'(1)));
    end
    rem = r & rem_mask;
    // half == 0 only when drop > N+3: the value is below a quarter ulp of 0.
    up  = (half != '0) && ((rem > half) || ((rem == half) && n[0]));
    n_r = n + 25'(up);
  end

  // --- pack ---------------------------------------------------------------------
  logic [23:0] m_fin;
  logic signed [EW-1:0]        q_fin, biased;
  logic [31:0] finite;
  always_comb begin
    if (n_r[24]) begin  // carried into the next binade
      m_fin = n_r[24:1];
      q_fin = q + $signed(EW'(1));
    end else begin
      m_fin = n_r[23:0];
      q_fin = q;
    end
    biased = q_fin + $signed(EW'(150));
    if (!m_fin[23]) begin
      finite = {big_s, 8'd0, m_fin[22:0]};  // subnormal (or zero)
    end else if (biased >= $signed(EW'(255))) begin
      finite = {big_s, 8'hFF, 23'd0};       // overflow -> Inf
    end else begin
      finite = {big_s, biased[7:0], m_fin[22:0]};
    end
  end

  always_comb begin
    if (a_nan || b_nan_i || (a_inf && b_inf_i && (a_s != b_sign_i))) begin
      sum_o = 32'h7FC00000;
    end else if (a_inf) begin
      sum_o = a_i;
    end else if (b_inf_i) begin
      sum_o = {b_sign_i, 8'hFF, 23'd0};
    end else if (a_zero && b_zero) begin
      sum_o = {a_s & b_sign_i, 31'd0};
    end else if (s == '0) begin
      sum_o = 32'd0;                         // x - x = +0
    end else begin
      sum_o = finite;
    end
  end

endmodule
