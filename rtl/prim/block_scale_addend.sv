// block_scale_addend: an exact block sum and its block scales as the exact
// addend fp32_add_rne takes (formats.md §2.3, §6.5): the value
// dot_i * 2^(LsbExp + (sa - 127) + (sb - 127)), or NaN / +-Inf. An E8M0
// scale of 0xFF is NaN; NaN products, or +Inf and -Inf in one block, are NaN;
// otherwise an Inf product gives that Inf (golden's mx_block_dot).
// Combinational. Shared by mx_scale_unit, the array's edge (block_edge) and
// its output-stationary block PE.
module block_scale_addend #(
  parameter int unsigned DotWidth = 70,
  parameter int          LsbExp = -32
) (
  input  logic signed [DotWidth-1:0] dot_i,
  input  logic                       dot_nan_i,
  input  logic                       dot_pos_inf_i,
  input  logic                       dot_neg_inf_i,
  input  logic [7:0]                 scale_a_i,
  input  logic [7:0]                 scale_b_i,
  output logic                       sign_o,
  output logic signed [11:0]         exp_o,
  output logic [DotWidth-1:0]        mag_o,
  output logic                       nan_o,
  output logic                       inf_o
);

  assign mag_o  = dot_i[DotWidth-1] ? DotWidth'(-dot_i) : DotWidth'(dot_i);
  assign exp_o  = $signed(12'(LsbExp)) + $signed(12'(scale_a_i)) + $signed(12'(scale_b_i)) - 12'sd254;
  assign nan_o  = dot_nan_i | (scale_a_i == 8'hFF) | (scale_b_i == 8'hFF) | (dot_pos_inf_i & dot_neg_inf_i);
  assign inf_o  = (dot_pos_inf_i | dot_neg_inf_i) & ~nan_o;
  assign sign_o = inf_o ? dot_neg_inf_i : dot_i[DotWidth-1];

endmodule
