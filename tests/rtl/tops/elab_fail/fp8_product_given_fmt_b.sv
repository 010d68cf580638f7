// Must not elaborate for a B format that is not an 8-bit minifloat while A is
// one (the tests pass -GFmt= an integer format, or a 6-bit minifloat): tests/rtl/CMakeLists.txt
// expects fp8_product's FmtB $fatal, which the FmtA guard cannot stand in for.
module fp8_product_given_fmt_b #(
  parameter qmac_pkg::fmt_e Fmt = qmac_pkg::FmtInt8
) (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic       nan_o
);
  fp8_product #(.FmtA(qmac_pkg::FmtE4M3), .FmtB(Fmt)) i_product (
    .a_i, .b_i, .sign_o(), .exp_o(), .sig_o(), .nan_o, .inf_o()
  );
endmodule
