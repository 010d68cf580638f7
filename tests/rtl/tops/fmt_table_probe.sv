// Test top: qmac_pkg's encoding table and every width derived from it, for
// the format whose enum value is fmt_i, so a C++ test can hold each row
// against golden's registry; and qmac_pkg's Kind value of each MAC family,
// which must be golden::MacFamily's.
module fmt_table_probe (
  input  logic [3:0]  fmt_i,
  output logic        is_int_o,
  output logic [31:0] bits_o,
  output logic [31:0] exp_bits_o,
  output logic [31:0] man_bits_o,
  output logic [31:0] bias_o,
  output logic [31:0] lsb_exp_o,
  output logic [31:0] int_bits_o,
  output logic        has_nan_o,
  output logic        has_inf_o,
  output logic [1:0]  specials_o,
  output logic [7:0]  kind_integer_o,
  output logic [7:0]  kind_float_fp32_o,
  output logic [7:0]  kind_kulisch_o,
  output logic [7:0]  kind_mx_block_o,
  output logic [7:0]  kind_dialect_fp4_o,
  output logic [7:0]  kind_quire_o
);
  assign kind_integer_o     = 8'(qmac_pkg::KindInteger);
  assign kind_float_fp32_o  = 8'(qmac_pkg::KindFloatFp32);
  assign kind_kulisch_o     = 8'(qmac_pkg::KindKulisch);
  assign kind_mx_block_o    = 8'(qmac_pkg::KindMxBlock);
  assign kind_dialect_fp4_o = 8'(qmac_pkg::KindDialectFp4);
  assign kind_quire_o       = 8'(qmac_pkg::KindQuire);
  qmac_pkg::fmt_e f;
  assign f = qmac_pkg::fmt_e'(fmt_i);
  always_comb begin
    is_int_o   = qmac_pkg::fmt_is_int(f);
    bits_o     = qmac_pkg::fmt_bits(f);
    exp_bits_o = qmac_pkg::fmt_exp_bits(f);
    man_bits_o = qmac_pkg::fmt_man_bits(f);
    bias_o     = 32'(qmac_pkg::fmt_bias(f));
    lsb_exp_o  = 32'(qmac_pkg::fmt_lsb_exp(f));
    int_bits_o = qmac_pkg::fmt_int_bits(f);
    has_nan_o  = qmac_pkg::fmt_has_nan(f);
    has_inf_o  = qmac_pkg::fmt_has_inf(f);
    specials_o = qmac_pkg::fmt_specials(f);
  end
endmodule
