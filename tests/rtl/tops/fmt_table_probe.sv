// Test top: qmac_pkg's encoding table and every width derived from it, for
// the format whose enum value is fmt_i, so a C++ test can hold each row
// against golden's registry.
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
  output logic [1:0]  specials_o
);
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
