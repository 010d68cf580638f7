// mx_elem_decode: an element code -> the signed integer k with value
// k * 2^lsb (formats.md §1.1 integer form; golden ElementIntTable), plus the
// FP8 special flags. Combinational.
//   minifloat: e = 0 -> |k| = m; e > 0 -> |k| = (1.m) << (e - 1)
//   INT8/INT4/MXINT8: k = the two's complement code
module mx_elem_decode #(
  parameter qmac_pkg::fmt_e Fmt = qmac_pkg::FmtE4M3,
  // Do not change: derived from Fmt.
  parameter int unsigned Width = qmac_pkg::fmt_bits(Fmt),
  parameter int unsigned KWidth = qmac_pkg::fmt_int_bits(Fmt) + 1
) (
  input  logic [Width-1:0]         code_i,
  output logic signed [KWidth-1:0] k_o,
  output logic                     zero_o,
  output logic                     nan_o,
  output logic                     inf_o
);

  localparam int unsigned EBits = qmac_pkg::fmt_exp_bits(Fmt);
  localparam int unsigned MBits = qmac_pkg::fmt_man_bits(Fmt);
  localparam bit IsFloat = !qmac_pkg::fmt_is_int(Fmt);
  localparam logic [1:0] Specials = qmac_pkg::fmt_specials(Fmt);

  if (Width != qmac_pkg::fmt_bits(Fmt) || (IsFloat && (EBits == 0 || MBits == 0))) begin : gen_bad_fmt
    $fatal(1, "mx_elem_decode: Fmt is not a row of qmac_pkg's encoding table, or Width is not its code width");
  end

  if (IsFloat) begin : gen_float
    logic [KWidth-1:0] mag;
    logic [EBits-1:0]  e;
    logic [MBits-1:0] m;
    assign e = code_i[MBits +: EBits];
    assign m = code_i[MBits-1:0];
    always_comb begin
      if (e == '0) begin
        mag = KWidth'(m);
      end else begin
        mag = KWidth'({1'b1, m}) << (e - 1'b1);
      end
      nan_o = 1'b0;
      inf_o = 1'b0;
      if (Specials == qmac_pkg::SpecNanOnly) begin
        nan_o = (e == '1) && (m == '1);
      end else if (Specials == qmac_pkg::SpecIeee) begin
        nan_o = (e == '1) && (m != '0);
        inf_o = (e == '1) && (m == '0);
      end
      if (nan_o || inf_o) begin
        mag = '0;
      end
    end
    assign k_o    = code_i[Width-1] ? -$signed(mag) : $signed(mag);
    assign zero_o = (code_i[Width-2:0] == '0);
  end else begin : gen_int
    assign k_o    = KWidth'($signed(code_i));
    assign zero_o = (code_i == '0);
    assign nan_o  = 1'b0;
    assign inf_o  = 1'b0;
  end

endmodule
