// demo_accumulator: a registered multiply-accumulate, here only to prove that
// the Verilated model (--sc), SystemC, yaml-cpp and CTest build and run
// together. The real units (rtl/units/) and co-simulation (sim/) replace it.
//
// Latency: acc_o shows a product one cycle after valid_i. Initiation interval: 1.
module demo_accumulator #(
  parameter int unsigned Width = 24
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  input  logic [7:0]       a_i,
  input  logic [7:0]       b_i,
  output logic [Width-1:0] acc_o
);

  logic signed [Width-1:0] acc;

  acc_reg #(.Width(Width)) i_acc (
    .clk_i, .rst_ni, .valid_i, .clear_i(1'b0), .addend_i($signed(Width'(a_i) * Width'(b_i))), .acc_o(acc)
  );

  assign acc_o = acc;

endmodule
