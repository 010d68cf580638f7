// Must not elaborate: a block-format PE whose partial sum cannot hold a
// block of products (MXFP4: 10-bit products, 32 of them need 16 bits + 3
// flags; 18 given); tests/rtl/CMakeLists.txt expects the PE's $fatal.
module systolic_pe_narrow_sum (
  input  logic clk_i,
  input  logic rst_ni
);
  systolic_pe #(.Kind(2), .FmtA(qmac_pkg::FmtE2M1), .BlockLen(32), .SumW(18)) i_pe (
    .clk_i, .rst_ni, .os_i(1'b0), .en_i(1'b0), .row_active_i(1'b0), .start_i(1'b0), .last_k_i('0),
    .w_we_i(1'b0), .w_i('0), .w_scale_i('0), .a_valid_i(1'b0), .a_i('0), .a_scale_i('0),
    .b_valid_i(1'b0), .b_i('0), .b_scale_i('0), .psum_valid_i(1'b0), .psum_i('0),
    .a_valid_o(), .a_o(), .a_scale_o(), .b_valid_o(), .b_o(), .b_scale_o(), .w_scale_o(),
    .psum_valid_o(), .psum_o(), .acc_o()
  );
endmodule
