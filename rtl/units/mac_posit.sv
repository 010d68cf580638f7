// mac_posit: posit<N,2> multiply-accumulate into the Posit Standard 2022 quire
// (formats.md §3.3; golden PositQuire): a 16N-bit two's complement register
// whose LSB is minpos^2. Products are exact and added (or, with sub_i,
// subtracted) without rounding; posit_o is the quire rounded once to
// posit<N,2> (RNE on the bit string, never to 0 or NaR; formats.md §3.2),
// available every cycle ("on request"). quire_o is the raw register.
// NaR: a NaR operand, or a sum that overflows the register, makes the quire
// NaR (quire_o = 10...0) until clear_i; the pattern 10...0 reads as NaR.
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

  localparam int unsigned FW       = N - 3;            // fraction bits, left-aligned
  localparam int unsigned SW       = N - 2;            // significand bits (hidden 1 + FW)
  localparam int          MaxScale = 4 * ($signed(N) - 2);
  localparam int          QLsb     = 16 - 8 * $signed(N);  // quire LSB exponent
  localparam int unsigned PW       = 2 * SW;           // product significand bits
  localparam int unsigned Bias     = 2 * N;            // keeps the placement shift >= 0
  localparam int unsigned LzW      = $clog2(QuireWidth + 1) + 1;
  localparam logic [N-1:0] NaR     = {1'b1, {(N - 1){1'b0}}};

  // --- decode one operand: sign, significand 1.f (SW bits), scale 4r + e ------
  function automatic logic [SW+11:0] decode(logic [N-1:0] c);
    // returns {scale (10b signed), sign (1b), zero (1b), sig (SW b)} packed
    /* verilator lint_off UNUSEDSIGNAL */
    logic [N-1:0]      mag;  // its top bit is 0 for every code but NaR
    /* verilator lint_on UNUSEDSIGNAL */
    logic [N-2:0]      body, rest;
    logic              b;
    int                m;
    logic signed [9:0] r, scale;
    mag  = c[N-1] ? N'(-c) : c;
    body = mag[N-2:0];
    b    = body[N-2];
    m    = $signed(N) - 1;
    for (int i = 0; i < $signed(N) - 1; i++) begin
      if (body[i] != b) m = $signed(N) - 2 - i;  // the highest bit that differs ends the run
    end
    r     = b ? $signed(10'(m - 1)) : -$signed(10'(m));
    rest  = (m + 1 >= $signed(N) - 1) ? '0 : (body << (m + 1));
    scale = (r <<< 2) + $signed(10'(rest[N-2 -: 2]));
    decode = {scale, c[N-1], c == '0, 1'b1, rest[N-4 -: FW]};
  endfunction

  logic [SW+11:0]     da, db;
  logic               a_zero, b_zero, nar_in;
  logic [PW-1:0]      p_sig;
  logic signed [11:0] p_shift;
  logic               p_neg;
  assign da      = decode(a_i);
  assign db      = decode(b_i);
  assign a_zero  = da[SW];
  assign b_zero  = db[SW];
  assign nar_in  = (a_i == NaR) || (b_i == NaR);
  assign p_sig   = (a_zero || b_zero) ? '0 : da[SW-1:0] * db[SW-1:0];
  assign p_neg   = da[SW+1] ^ db[SW+1] ^ sub_i;
  // LSB weight of the product: 2^(sa + sb - 2 FW); its bit offset in the quire + Bias.
  assign p_shift = 12'($signed(da[SW+11:SW+2])) + 12'($signed(db[SW+11:SW+2])) - $signed(12'(2 * FW))
                 - $signed(12'(QLsb)) + $signed(12'(Bias));

  // Placed product: bits below the quire LSB are provably zero (formats.md §3.3).
  /* verilator lint_off UNUSEDSIGNAL */
  logic [QuireWidth+Bias-1:0] placed;  // its Bias low bits are provably 0
  /* verilator lint_on UNUSEDSIGNAL */
  logic [QuireWidth-1:0]      p_fixed;
  assign placed  = (QuireWidth + Bias)'(p_sig) << p_shift;
  assign p_fixed = placed[QuireWidth+Bias-1:Bias];

  logic [QuireWidth-1:0] q_d, q_q, base, sum;
  logic                  nar_d, nar_q, overflow;
  assign base     = clear_i ? '0 : q_q;
  assign sum      = p_neg ? base - p_fixed : base + p_fixed;
  // Two's complement overflow: operands of one sign, a sum of the other.
  assign overflow = p_neg ? (base[QuireWidth-1] && !sum[QuireWidth-1]) : (!base[QuireWidth-1] && sum[QuireWidth-1]);

  always_comb begin
    q_d   = base;
    nar_d = clear_i ? 1'b0 : nar_q;
    if (valid_i) begin
      q_d   = sum;
      nar_d = nar_d | nar_in | overflow;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      q_q   <= '0;
      nar_q <= 1'b0;
    end else begin
      q_q   <= q_d;
      nar_q <= nar_d;
    end
  end

  // --- round the quire to posit<N,2> ------------------------------------------
  logic [QuireWidth-1:0] qmag;
  logic                  qneg, q_nar;
  logic [LzW-1:0]        msb;
  logic signed [11:0]    k;
  assign q_nar = nar_q || (q_q == {1'b1, {(QuireWidth - 1){1'b0}}});
  assign qneg  = q_q[QuireWidth-1];
  assign qmag  = qneg ? -q_q : q_q;
  always_comb begin
    msb = '0;
    for (int i = 0; i < $signed(QuireWidth); i++) begin
      if (qmag[i]) msb = LzW'(i);
    end
    k = $signed(12'(msb)) + $signed(12'(QLsb));  // scale of the leading one
  end

  // The N fraction bits below the leading one, and a sticky for the rest.
  logic [QuireWidth-1:0] below;
  logic [N-1:0]          frac;
  logic                  frac_sticky;
  assign below       = qmag << (LzW'(QuireWidth) - msb);  // drop the leading one and above
  assign frac        = below[QuireWidth-1 -: N];
  assign frac_sticky = (below << N) != '0;

  // Bit string regime | e (2) | fraction (N) | sticky, MSB first; keep N-1 bits.
  localparam int unsigned TL = N + 3;
  logic signed [11:0] r;
  logic [1:0]         e;
  int                 rl;
  logic [2*N+2:0]     str;
  logic [N-2:0]       kept;
  logic               guard, st, up;
  logic [N-1:0]       mag_r, rounded;
  always_comb begin
    r  = k >>> 2;
    e  = k[1:0];
    rl = (r >= 0) ? 32'(r) + 2 : 1 - 32'(r);
    // regime: r+1 ones then a zero, or -r zeros then a one
    str = (r >= 0) ? (((2*N+3)'(1) << rl) - (2*N+3)'(2)) : (2*N+3)'(1);
    str = (str << TL) | (2*N+3)'({e, frac, frac_sticky});
    kept  = (N-1)'(str >> (rl + TL - ($signed(N) - 1)));
    guard = str[rl + TL - $signed(N)];
    st    = (str & (((2*N+3)'(1) << (rl + TL - $signed(N))) - (2*N+3)'(1))) != '0;
    up    = guard & (st | kept[0]);
    mag_r = N'(kept) + N'(up);
    if (k >= $signed(12'(MaxScale))) begin
      mag_r = {1'b0, {(N - 1){1'b1}}};  // maxpos
    end else if (k < -$signed(12'(MaxScale))) begin
      mag_r = N'(1);                     // minpos
    end
    if (mag_r == '0) mag_r = N'(1);
    rounded = qneg ? N'(-mag_r) : mag_r;
  end

  assign posit_o = q_nar ? NaR : ((q_q == '0) ? '0 : rounded);
  assign quire_o = q_nar ? {1'b1, {(QuireWidth - 1){1'b0}}} : q_q;

endmodule
