// Test top: mx_elem_decode for every element format side by side (one
// Verilated model), so each decoder's integer k and flags are checked alone,
// not only through products (where negating every k would go unseen).
module mx_elem_decode_tb_top (
  input  logic               [7:0]  code_i,
  output logic signed        [18:0] e4m3_k_o,
  output logic signed        [32:0] e5m2_k_o,
  output logic signed        [6:0]  e2m3_k_o,
  output logic signed        [9:0]  e3m2_k_o,
  output logic signed        [4:0]  e2m1_k_o,
  output logic signed        [8:0]  mxint8_k_o,
  output logic               [17:0] flags_o     // per format {inf, nan, zero}, e4m3 in bits 2:0
);
  mx_elem_decode #(.Fmt(qmac_pkg::FmtE4M3)) i_e4m3 (
    .code_i, .k_o(e4m3_k_o), .zero_o(flags_o[0]), .nan_o(flags_o[1]), .inf_o(flags_o[2]));
  mx_elem_decode #(.Fmt(qmac_pkg::FmtE5M2)) i_e5m2 (
    .code_i, .k_o(e5m2_k_o), .zero_o(flags_o[3]), .nan_o(flags_o[4]), .inf_o(flags_o[5]));
  mx_elem_decode #(.Fmt(qmac_pkg::FmtE2M3)) i_e2m3 (
    .code_i(code_i[5:0]), .k_o(e2m3_k_o), .zero_o(flags_o[6]), .nan_o(flags_o[7]), .inf_o(flags_o[8]));
  mx_elem_decode #(.Fmt(qmac_pkg::FmtE3M2)) i_e3m2 (
    .code_i(code_i[5:0]), .k_o(e3m2_k_o), .zero_o(flags_o[9]), .nan_o(flags_o[10]), .inf_o(flags_o[11]));
  mx_elem_decode #(.Fmt(qmac_pkg::FmtE2M1)) i_e2m1 (
    .code_i(code_i[3:0]), .k_o(e2m1_k_o), .zero_o(flags_o[12]), .nan_o(flags_o[13]), .inf_o(flags_o[14]));
  mx_elem_decode #(.Fmt(qmac_pkg::FmtMxInt8)) i_mxint8 (
    .code_i, .k_o(mxint8_k_o), .zero_o(flags_o[15]), .nan_o(flags_o[16]), .inf_o(flags_o[17]));
endmodule
