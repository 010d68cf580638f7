// posit_product: the exact product of two posit<N,2> codes placed on the
// Posit Standard 2022 quire's grid (formats.md §3.3: 16N bits, LSB minpos^2),
// as a two's complement addend (negated when the signs differ, or for a
// subtraction, sub_i). Bits below the quire's LSB are provably zero and every
// product fits below the carry-guard bits, so the addend is exact and its
// negation never overflows. nar_o: an operand is NaR. Combinational.
module posit_product #(
  parameter int unsigned N = 8,
  // Do not change: derived.
  parameter int unsigned QuireWidth = 16 * N
) (
  input  logic [N-1:0]          a_i,
  input  logic [N-1:0]          b_i,
  input  logic                  sub_i,
  output logic [QuireWidth-1:0] addend_o,
  output logic                  nar_o
);

  localparam int unsigned FW   = N - 3;            // fraction bits, left-aligned
  localparam int unsigned SW   = N - 2;            // significand bits (hidden 1 + FW)
  localparam int          QLsb = 16 - 8 * $signed(N);  // quire LSB exponent
  localparam int unsigned PW   = 2 * SW;           // product significand bits
  localparam int unsigned Bias = 2 * N;            // keeps the placement shift >= 0
  localparam logic [N-1:0] NaR = {1'b1, {(N - 1){1'b0}}};

  // One operand: {scale (10b signed) = 4r + e, sign, zero, significand 1.f (SW b)}.
  function automatic logic [SW+11:0] decode(logic [N-1:0] c);
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
  logic [PW-1:0]      p_sig;
  logic signed [11:0] p_shift;
  logic               p_neg;
  assign da      = decode(a_i);
  assign db      = decode(b_i);
  assign nar_o   = (a_i == NaR) || (b_i == NaR);
  assign p_sig   = (da[SW] || db[SW]) ? '0 : da[SW-1:0] * db[SW-1:0];
  assign p_neg   = da[SW+1] ^ db[SW+1] ^ sub_i;
  // LSB weight of the product: 2^(sa + sb - 2 FW); its bit offset in the quire + Bias.
  assign p_shift = 12'($signed(da[SW+11:SW+2])) + 12'($signed(db[SW+11:SW+2])) - $signed(12'(2 * FW))
                 - $signed(12'(QLsb)) + $signed(12'(Bias));

  /* verilator lint_off UNUSEDSIGNAL */
  logic [QuireWidth+Bias-1:0] placed;  // its Bias low bits are provably 0
  /* verilator lint_on UNUSEDSIGNAL */
  logic [QuireWidth-1:0]      p_fixed;
  assign placed   = (QuireWidth + Bias)'(p_sig) << p_shift;
  assign p_fixed  = placed[QuireWidth+Bias-1:Bias];
  assign addend_o = p_neg ? -p_fixed : p_fixed;

endmodule
