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

  logic [Width-1:0] acc_d, acc_q;

  always_comb begin
    acc_d = acc_q;
    if (valid_i) begin
      acc_d = acc_q + Width'(a_i) * Width'(b_i);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q <= '0;
    end else begin
      acc_q <= acc_d;
    end
  end

  assign acc_o = acc_q;

endmodule
