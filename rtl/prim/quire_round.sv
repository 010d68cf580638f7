// quire_round: a Posit Standard 2022 quire (16N bits, LSB minpos^2, the
// pattern 10...0 is NaR; formats.md §3.3) rounded once to posit<N,2>: RNE on
// the posit's bit string, never to 0 or NaR (formats.md §3.2). Combinational.
module quire_round #(
  parameter int unsigned N = 8,
  // Do not change: derived.
  parameter int unsigned QuireWidth = 16 * N
) (
  input  logic [QuireWidth-1:0] quire_i,
  output logic [N-1:0]          posit_o
);

  localparam int          MaxScale = 4 * ($signed(N) - 2);
  localparam int          QLsb     = 16 - 8 * $signed(N);  // quire LSB exponent
  localparam int unsigned LzW      = $clog2(QuireWidth + 1) + 1;
  localparam logic [N-1:0] NaR     = {1'b1, {(N - 1){1'b0}}};

  logic [QuireWidth-1:0] qmag;
  logic                  qneg, q_nar;
  logic [LzW-1:0]        msb;
  logic signed [11:0]    k;
  assign q_nar = quire_i == {1'b1, {(QuireWidth - 1){1'b0}}};
  assign qneg  = quire_i[QuireWidth-1];
  assign qmag  = qneg ? -quire_i : quire_i;
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

  assign posit_o = q_nar ? NaR : ((quire_i == '0) ? '0 : rounded);

endmodule
