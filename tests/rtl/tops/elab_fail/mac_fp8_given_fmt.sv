// Must not elaborate for a Fmt that is not an 8-bit minifloat (the tests pass
// -GFmt= an integer format, or a 6-bit minifloat): tests/rtl/CMakeLists.txt
// expects mac_fp8's $fatal.
module mac_fp8_given_fmt #(
  parameter qmac_pkg::fmt_e Fmt = qmac_pkg::FmtInt8
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [31:0] acc_o
);
  mac_fp8 #(.FmtA(Fmt)) i_mac (
    .clk_i, .rst_ni, .valid_i(1'b1), .clear_i(1'b0), .a_i, .b_i, .acc_o, .kulisch_o()
  );
endmodule
