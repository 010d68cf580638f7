// Must not elaborate: mac_fp8 with a 6-bit minifloat (it has an exponent,
// but is not 8 bits wide); tests/rtl/CMakeLists.txt expects the unit's $fatal.
module mac_fp8_given_e2m3 (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [31:0] acc_o
);
  mac_fp8 #(.FmtA(qmac_pkg::FmtE2M3)) i_mac (
    .clk_i, .rst_ni, .valid_i(1'b1), .clear_i(1'b0), .a_i, .b_i, .acc_o, .kulisch_o()
  );
endmodule
