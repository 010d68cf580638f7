// quire_add: one addition into a Posit Standard 2022 quire (formats.md §3.3),
// two's complement, Width bits. The pattern 10...0 is NaR: a NaR base or
// addend, nar_i (a NaR operand upstream), or a sum that overflows the
// register gives NaR, which is therefore sticky through every later add.
// A product's addend (posit_product) or another quire (a partial sum).
// Combinational.
module quire_add #(
  parameter int unsigned Width = 128
) (
  input  logic [Width-1:0] base_i,
  input  logic [Width-1:0] addend_i,
  input  logic             nar_i,
  output logic [Width-1:0] sum_o
);

  localparam logic [Width-1:0] NaR = {1'b1, {(Width - 1){1'b0}}};

  logic [Width-1:0] sum;
  logic             overflow;
  assign sum      = base_i + addend_i;
  // Two's complement overflow: operands of one sign, a sum of the other.
  assign overflow = (base_i[Width-1] == addend_i[Width-1]) && (sum[Width-1] != base_i[Width-1]);
  assign sum_o    = (nar_i || overflow || base_i == NaR || addend_i == NaR) ? NaR : sum;

endmodule
