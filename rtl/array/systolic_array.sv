// systolic_array: Rows x Cols systolic array of systolic_pe (Kind: qmac_pkg's
// KindInteger, KindFloatFp32 (FP8 into FP32), KindKulisch (FP8 into an exact
// sum rounded once), KindMxBlock, KindDialectFp4, KindQuire (posit8 into the
// quire); numbered as golden::MacFamily), weight- or
// output-stationary per fold (os_i), with
// the timing of docs/timing.md: one weight row written per load cycle (WS),
// then T + Rows + Cols - 2 streaming cycles in which the feeder presents row
// r's element s at cycle s + r (left edge) and, in OS, column j's element k
// at cycle k + j (top edge).
//   WS: column j's partial sum for streamed index s leaves the bottom edge
//       (psum_o, psum_valid_o) at the end of cycle s + (Rows - 1) + j.
//   OS: PE (r, j)'s sum is on acc_o after the fold's last cycle.
// Ragged tiles: rows_used_i / cols_used_i gate the PEs outside the tile; rows
// below a ragged K-tile pass partial sums down unchanged. Operands are 8-bit
// codes (INT4 sign-extended; DialectFP4 {dialect id, code}); sums are 32
// bits (INT32 or FP32), or for block kinds SumW-bit exact sums
// {NaN, +Inf, -Inf, sum} with each operand's E8M0 block scale beside it.
// Block kinds, WS: a block_edge per column adds the bottom partial sum to the
//   output's state (edge_acc_i, edge_fp32_i: the accumulator memory) and on
//   close_i (this K-fold ends a block) scales the block into FP32; the new
//   state is on edge_*_o a cycle later. OS: each PE closes its own blocks and
//   acc_o is its FP32 sum. KindKulisch is KindMxBlock without scales whose one "block"
//   is the whole K (up to BlockLen): closed on the last K-fold (WS, close_i)
//   or the fold's last product (OS, last_k_i).
// KindQuire (posit8): the partial sum is the 128-bit quire; WS: a quire_edge per
//   column adds it to the output's quire (edge_acc_i/o, the same accumulator
//   memory) and rounds to posit8 on the last K-fold (close_i), the posit on
//   edge_fp32_o's low byte; OS: acc_o is each PE's quire rounded to posit8.
// Vectors are flat (row-major) because Yosys 0.23 takes no unpacked port arrays.
module systolic_array #(
  parameter int unsigned    Rows = 4,
  parameter int unsigned    Cols = 4,
  parameter int unsigned    Kind = 0,
  parameter qmac_pkg::fmt_e FmtA = qmac_pkg::FmtE4M3,
  parameter qmac_pkg::fmt_e FmtB = FmtA,
  parameter int unsigned    BlockLen = 32,
  // Do not change: derived.
  parameter int unsigned RowIdxW = Rows > 1 ? $clog2(Rows) : 1,
  parameter int unsigned CountW  = $clog2(Rows > Cols ? Rows + 1 : Cols + 1),
  parameter int unsigned SumW    = (Kind == qmac_pkg::KindMxBlock || Kind == qmac_pkg::KindDialectFp4 ||
                                    Kind == qmac_pkg::KindKulisch)
                                   ? 3 + qmac_pkg::block_prod_bits(Kind == qmac_pkg::KindDialectFp4, FmtA, FmtB) + $clog2(BlockLen) + 1
                                   : Kind == qmac_pkg::KindQuire ? 128 : 32,
  parameter int unsigned CntW    = $clog2(BlockLen)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       os_i,
  input  logic                       stream_i,     // streaming (not a load) cycle
  input  logic                       start_i,      // a fold's first streaming cycle
  input  logic [CntW-1:0]            last_k_i,     // Kulisch OS: the fold's K - 1
  input  logic [CountW-1:0]          rows_used_i,
  input  logic [CountW-1:0]          cols_used_i,
  input  logic                       w_we_i,
  input  logic [RowIdxW-1:0]         w_row_i,
  input  logic [Cols*8-1:0]          w_data_i,
  input  logic [Cols*8-1:0]          w_scale_i,
  input  logic [Rows-1:0]            a_valid_i,
  input  logic [Rows*8-1:0]          a_data_i,
  input  logic [Rows*8-1:0]          a_scale_i,
  input  logic [Cols-1:0]            b_valid_i,
  input  logic [Cols*8-1:0]          b_data_i,
  input  logic [Cols*8-1:0]          b_scale_i,
  input  logic                       close_i,
  input  logic [Cols*SumW-1:0]       edge_acc_i,
  input  logic [Cols*32-1:0]         edge_fp32_i,
  output logic [Cols-1:0]            psum_valid_o,
  output logic [Cols*SumW-1:0]       psum_o,
  output logic [Cols-1:0]            edge_valid_o,
  output logic [Cols*SumW-1:0]       edge_acc_o,
  output logic [Cols*32-1:0]         edge_fp32_o,
  output logic [Rows*Cols*32-1:0]    acc_o,
  output logic [7:0]                 sum_bits_o,   // SumW, so a driver reads the width rather than re-deriving it
  output logic [7:0]                 cnt_bits_o,   // log2(BlockLen): the most products one exact sum takes
  output logic [7:0]                 kind_o        // Kind, so a driver checks the array it was given
);

  assign sum_bits_o = 8'(SumW);
  assign cnt_bits_o = 8'(CntW);
  assign kind_o     = 8'(Kind);

`ifndef SYNTHESIS
  /* verilator lint_off SYNCASYNCNET */  // disable iff samples the asynchronous reset
  // The feeder's side of the interface (docs/timing.md): what the array
  // assumes of its driver, checked every cycle out of reset.
  a_known: assert property (@(posedge clk_i) disable iff (!rst_ni)
    !$isunknown({os_i, stream_i, start_i, w_we_i, a_valid_i, b_valid_i, close_i}))
    else $error("systolic_array: X on a control or valid input");
  a_tile_fits: assert property (@(posedge clk_i) disable iff (!rst_ni)
    32'(rows_used_i) <= Rows && 32'(cols_used_i) <= Cols)
    else $error("systolic_array: rows_used_i/cols_used_i exceed the array");
  a_load_not_stream: assert property (@(posedge clk_i) disable iff (!rst_ni) !(w_we_i && stream_i))
    else $error("systolic_array: a weight row written during streaming");
  a_start_streams: assert property (@(posedge clk_i) disable iff (!rst_ni) start_i |-> stream_i)
    else $error("systolic_array: start_i outside streaming");
  a_valid_streams: assert property (@(posedge clk_i) disable iff (!rst_ni) (a_valid_i != '0 || b_valid_i != '0) |-> stream_i)
    else $error("systolic_array: an operand valid outside streaming");
  a_weight_row: assert property (@(posedge clk_i) disable iff (!rst_ni) w_we_i |-> 32'(w_row_i) < Rows)
    else $error("systolic_array: w_row_i past the last row");
  a_no_data_while_loading: assert property (@(posedge clk_i) disable iff (!rst_ni) w_we_i |-> (a_valid_i == '0 && b_valid_i == '0))
    else $error("systolic_array: an operand valid while a weight row is loaded");
  // close_i says whether this K-fold ends a block: one value for the whole fold.
  a_close_stable: assert property (@(posedge clk_i) disable iff (!rst_ni) (stream_i && !start_i) |-> $stable(close_i))
    else $error("systolic_array: close_i changed within a fold");
  // A stall: streaming resumes after cycles without it, within the same fold (no start_i).
  logic stream_q, gap_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      stream_q <= 1'b0;  gap_q <= 1'b0;
    end else begin
      stream_q <= stream_i;
      gap_q    <= !stream_i && !w_we_i && (stream_q || gap_q);
    end
  end
  c_stall: cover property (@(posedge clk_i) disable iff (!rst_ni) gap_q && stream_i && !start_i);
  if (Scaled) begin : gen_block_asserts
    // block_edge reads the bottom PE's scales: a WS K-fold fills every row.
    a_block_rows: assert property (@(posedge clk_i) disable iff (!rst_ni) (stream_i && !os_i) |-> 32'(rows_used_i) == Rows)
      else $error("systolic_array: a block-format WS/IS K-fold must fill every row");
  end
  /* verilator lint_on SYNCASYNCNET */
`endif

  localparam bit Block  = Kind == qmac_pkg::KindMxBlock || Kind == qmac_pkg::KindDialectFp4 ||
                          Kind == qmac_pkg::KindKulisch;  // exact sums, block_edge at the bottom
  localparam bit Scaled = Kind == qmac_pkg::KindMxBlock || Kind == qmac_pkg::KindDialectFp4;
  localparam bit Quire  = Kind == qmac_pkg::KindQuire;    // quire sums, quire_edge at the bottom

  // Per PE (r, c), index r * Cols + c: what it passes right (a) and down (b, psum).
  // The right column's a and the bottom row's b leave the array unused.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [Rows*Cols-1:0]   av, bv;
  logic [Rows*Cols*8-1:0] a, b, as, bs, ws;
  logic [Rows*Cols-1:0]   pe_en;   // the bottom row's feeds the block edge
  /* verilator lint_on UNUSEDSIGNAL */
  logic [Rows*Cols-1:0]      pv;
  logic [Rows*Cols*SumW-1:0] p;

  for (genvar r = 0; r < Rows; r++) begin : gen_row
    for (genvar c = 0; c < Cols; c++) begin : gen_col
      localparam int unsigned I = r * Cols + c;
      logic            a_in_v, b_in_v, p_in_v, en, row_active;
      logic [7:0]      a_in, b_in, as_in, bs_in;
      logic [SumW-1:0] p_in;
      if (c == 0) begin : gen_left_edge
        assign a_in_v = a_valid_i[r];
        assign a_in   = a_data_i[r*8 +: 8];
        assign as_in  = a_scale_i[r*8 +: 8];
      end else begin : gen_left_pe
        // At a fold's first cycle the neighbours' registers still hold the last fold.
        assign a_in_v = av[I-1] & ~start_i;
        assign a_in   = a[(I-1)*8 +: 8];
        assign as_in  = as[(I-1)*8 +: 8];
      end
      if (r == 0) begin : gen_top_edge
        assign b_in_v = b_valid_i[c];
        assign b_in   = b_data_i[c*8 +: 8];
        assign bs_in  = b_scale_i[c*8 +: 8];
        assign p_in_v = 1'b0;
        assign p_in   = '0;
      end else begin : gen_top_pe
        assign b_in_v = bv[I-Cols] & ~start_i;
        assign b_in   = b[(I-Cols)*8 +: 8];
        assign bs_in  = bs[(I-Cols)*8 +: 8];
        assign p_in_v = pv[I-Cols] & ~start_i;
        assign p_in   = p[(I-Cols)*SumW +: SumW];
      end
      assign row_active = CountW'(r) < rows_used_i;
      // OS gates whole rows outside the tile; WS keeps them passing partial sums.
      assign en = stream_i && (CountW'(c) < cols_used_i) && (!os_i || row_active);
      assign pe_en[I] = en;

      systolic_pe #(.Kind(Kind), .FmtA(FmtA), .FmtB(FmtB), .BlockLen(BlockLen), .SumW(SumW)) i_pe (
        .clk_i, .rst_ni, .os_i, .en_i(en), .row_active_i(row_active), .start_i, .last_k_i,
        .w_we_i(w_we_i && (w_row_i == RowIdxW'(r))), .w_i(w_data_i[c*8 +: 8]), .w_scale_i(w_scale_i[c*8 +: 8]),
        .a_valid_i(a_in_v), .a_i(a_in), .a_scale_i(as_in), .b_valid_i(b_in_v), .b_i(b_in), .b_scale_i(bs_in),
        .psum_valid_i(p_in_v), .psum_i(p_in),
        .a_valid_o(av[I]), .a_o(a[I*8 +: 8]), .a_scale_o(as[I*8 +: 8]), .b_valid_o(bv[I]), .b_o(b[I*8 +: 8]),
        .b_scale_o(bs[I*8 +: 8]), .w_scale_o(ws[I*8 +: 8]),
        .psum_valid_o(pv[I]), .psum_o(p[I*SumW +: SumW]), .acc_o(acc_o[I*32 +: 32])
      );
    end
  end

  for (genvar c = 0; c < Cols; c++) begin : gen_bottom
    localparam int unsigned I = (Rows-1)*Cols + c;
    assign psum_valid_o[c]        = pv[I];
    assign psum_o[c*SumW +: SumW] = p[I*SumW +: SumW];
    if (Block) begin : gen_edge
      // Every row of a scaled block-format K-fold is active (the block is a multiple
      // of Rows), so the bottom PE holds the streamed row's scale and its
      // stationary weight's. A partial sum is new when the bottom PE was
      // enabled on the last clock (a gated PE holds its registers).
      logic fresh_q;
      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) fresh_q <= 1'b0;
        else         fresh_q <= pe_en[I] && !os_i;
      end
      block_edge #(.FmtA(FmtA), .FmtB(FmtB), .Dialect(Kind == qmac_pkg::KindDialectFp4), .SumW(SumW)) i_edge (
        .clk_i, .rst_ni, .valid_i(pv[I] && fresh_q), .close_i, .psum_i(p[I*SumW +: SumW]),
        .scale_a_i(Scaled ? as[I*8 +: 8] : 8'd127), .scale_b_i(Scaled ? ws[I*8 +: 8] : 8'd127),
        .acc_i(edge_acc_i[c*SumW +: SumW]), .fp32_i(edge_fp32_i[c*32 +: 32]),
        .valid_o(edge_valid_o[c]), .acc_o(edge_acc_o[c*SumW +: SumW]), .fp32_o(edge_fp32_o[c*32 +: 32])
      );
    end else if (Quire) begin : gen_quire_edge
      // As for block kinds: a partial sum is new when the bottom PE was enabled on the last clock.
      logic       fresh_q;
      logic [7:0] posit;
      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) fresh_q <= 1'b0;
        else         fresh_q <= pe_en[I] && !os_i;
      end
      quire_edge #(.N(8)) i_edge (
        .clk_i, .rst_ni, .valid_i(pv[I] && fresh_q), .close_i, .psum_i(p[I*SumW +: SumW]),
        .acc_i(edge_acc_i[c*SumW +: SumW]), .valid_o(edge_valid_o[c]), .acc_o(edge_acc_o[c*SumW +: SumW]), .posit_o(posit)
      );
      assign edge_fp32_o[c*32 +: 32] = 32'(posit);
    end else begin : gen_no_edge
      assign edge_valid_o[c]            = 1'b0;
      assign edge_acc_o[c*SumW +: SumW] = '0;
      assign edge_fp32_o[c*32 +: 32]    = '0;
    end
  end
  if (!Block && !Quire) begin : gen_no_edge_inputs
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_edge;
    assign unused_edge = ^{close_i, edge_acc_i, edge_fp32_i};
    /* verilator lint_on UNUSEDSIGNAL */
  end
  if (Quire) begin : gen_no_fp32_input
    // A quire edge keeps no FP32 sum between folds.
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_fp32;
    assign unused_fp32 = ^edge_fp32_i;
    /* verilator lint_on UNUSEDSIGNAL */
  end

endmodule
