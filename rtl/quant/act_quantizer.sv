// act_quantizer: BlockDialect's online activation quantizer (formats.md
// §4.5, §6.7; golden BlockDialectQuantizer), streaming, integer operations only.
//
// In: one FP16 (InBf16 = 0) or BF16 (InBf16 = 1) value per cycle; BlockLen
// consecutive valid values form a block. Out, per block: BlockLen 4-bit codes,
// one per cycle, each with the block's E8M0 scale (Es + 127) and dialect id.
//   mx_mode_i = 0: two-stage dialect choice on t_i = floor(|x_i| * 2^(2-Es)),
//                  Es = floor(log2 max|x|) - 2 (clamped to -127..127): stage 1
//                  pair from max t, stage 2 by beneficial-range counts (ties to
//                  the even member); codes round to nearest, ties up.
//   mx_mode_i = 1: OCP MXFP4: the same Es as the E8M0 scale, E2M1 elements
//                  rounded to nearest even from t and a sticky bit, saturated;
//                  dialect id 7 (which is E2M1).
// All-zero block: scale 0x00, dialect 7, codes 0. NaN/Inf in a block: scale
// 0xFF (the block decodes NaN), dialect 7, codes 0. mx_mode_i is sampled with
// a block's last value.
// Throughput: one value per cycle, sustained (a block every BlockLen cycles).
// Latency: a block's first code leaves 2 cycles after its last value enters
// (fill buffer -> analyze register -> codes), BlockLen + 1 after its first.
module act_quantizer #(
  parameter bit          InBf16 = 1'b0,
  parameter int unsigned BlockLen = 32
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  input  logic [15:0] in_data_i,
  input  logic        mx_mode_i,
  output logic        out_valid_o,
  output logic        out_first_o,
  output logic [3:0]  out_code_o,
  output logic [7:0]  out_scale_o,
  output logic [3:0]  out_dialect_o
);

  localparam int unsigned EBits = InBf16 ? 8 : 5;
  localparam int unsigned MBits = InBf16 ? 7 : 10;
  localparam int          Bias  = InBf16 ? 127 : 15;
  localparam int unsigned IdxW  = $clog2(BlockLen);
  localparam int unsigned CntW  = $clog2(BlockLen + 1);

  // --- fill: buffer the block, track the largest magnitude --------------------
  logic [BlockLen*16-1:0] fill_d, fill_q;
  logic [IdxW-1:0] pos_d, pos_q;
  logic [14:0]     amax_d, amax_q;
  logic            last;
  assign last = in_valid_i && (pos_q == IdxW'(BlockLen - 1));

  always_comb begin
    fill_d = fill_q;
    pos_d  = pos_q;
    amax_d = amax_q;
    if (in_valid_i) begin
      for (int i = 0; i < BlockLen; i++) begin
        if (pos_q == IdxW'(i)) fill_d[i*16 +: 16] = in_data_i;
      end
      pos_d         = last ? '0 : pos_q + 1'b1;
      // Magnitudes of one format order like their 15 low bits.
      amax_d = (pos_q == '0) ? in_data_i[14:0] : ((in_data_i[14:0] > amax_q) ? in_data_i[14:0] : amax_q);
    end
  end

  // --- hand-off: the complete block moves to the analyze buffer ---------------
  logic [BlockLen*16-1:0] blk_d, blk_q;
  logic [14:0] bmax_d, bmax_q;
  logic        bvalid_d, bvalid_q, bmx_d, bmx_q;
  always_comb begin
    blk_d    = blk_q;
    bmax_d   = bmax_q;
    bmx_d    = bmx_q;
    bvalid_d = last;
    if (last) begin
      blk_d                 = fill_d;
      blk_d[(BlockLen-1)*16 +: 16]   = in_data_i;
      bmax_d                = amax_d;
      bmx_d                 = mx_mode_i;
    end
  end

  // --- analyze (combinational over the buffered block) -------------------------
  // |x| = sig * 2^lsb with sig the integer significand.
  function automatic logic signed [9:0] lsb_of(logic [EBits-1:0] e);
    lsb_of = (e == '0) ? $signed(10'(1 - Bias - MBits)) : $signed(10'(e)) - $signed(10'(Bias + MBits));
  endfunction
  function automatic logic [MBits:0] sig_of(logic [14:0] mag);
    sig_of = {mag[MBits +: EBits] != '0, mag[MBits-1:0]};
  endfunction

  logic               special, all_zero;
  logic signed [9:0]  emax, es;
  logic [4:0]         msb_pos;
  logic [MBits:0]     max_sig;
  always_comb begin
    special  = bmax_q[14:MBits] == '1;  // Inf or NaN
    all_zero = bmax_q == '0;
    max_sig  = sig_of(bmax_q);
    msb_pos  = '0;
    for (int i = 0; i <= MBits; i++) begin
      if (max_sig[i]) msb_pos = 5'(i);
    end
    emax = lsb_of(bmax_q[MBits +: EBits]) + $signed(10'(msb_pos));
    es   = (emax - 10'sd2 < -10'sd127) ? -10'sd127 : emax - 10'sd2;
  end

  // t_i = floor(|x_i| * 2^(2 - Es)) and whether bits were dropped (for RNE).
  logic [BlockLen*5-1:0]  t;
  logic [BlockLen-1:0]      sticky;
  always_comb begin
    for (int i = 0; i < BlockLen; i++) begin
      logic signed [9:0] sh;
      logic [MBits:0]    sig;
      sig = sig_of(blk_q[i*16 +: 15]);
      sh  = lsb_of(blk_q[i*16 + MBits +: EBits]) + 10'sd2 - es;
      if (blk_q[i*16 +: 15] == '0) begin
        t[i*5 +: 5]      = '0;
        sticky[i] = 1'b0;
      end else if (sh >= 0) begin
        t[i*5 +: 5]      = 5'(sig << sh);
        sticky[i] = 1'b0;
      end else if (sh <= -10'sd16) begin
        t[i*5 +: 5]      = '0;
        sticky[i] = 1'b1;
      end else begin
        t[i*5 +: 5]      = 5'(sig >> (-sh));
        sticky[i] = (sig & ~({(MBits + 1){1'b1}} << (-sh))) != '0;
      end
    end
  end

  // Stage 1: the pair whose max is the block max rounded (half up) to 0.5.
  logic [4:0] tmax;
  logic [3:0] h;
  logic [2:0] pair;
  always_comb begin
    tmax = '0;
    for (int i = 0; i < BlockLen; i++) begin
      if (t[i*5 +: 5] > tmax) tmax = t[i*5 +: 5];
    end
    h    = ((6'(tmax) + 6'd1) >> 1) > 6'd15 ? 4'd15 : 4'(((6'(tmax) + 6'd1) >> 1));
    pair = (4'd15 - h) > 4'd7 ? 3'd7 : 3'(4'd15 - h);
  end

  // Stage 2: which member's beneficial range holds more elements.
  logic [CntW-1:0] cnt_a, cnt_b;
  logic [3:0]      dialect;
  always_comb begin
    cnt_a = '0;
    cnt_b = '0;
    for (int i = 0; i < BlockLen; i++) begin
      if (t[i*5 +: 5] >= qmac_pkg::dialectfp4_range_lo(pair, 1'b0) && t[i*5 +: 5] < qmac_pkg::dialectfp4_range_hi(pair, 1'b0)) begin
        cnt_a = cnt_a + 1'b1;
      end
      if (t[i*5 +: 5] >= qmac_pkg::dialectfp4_range_lo(pair, 1'b1) && t[i*5 +: 5] < qmac_pkg::dialectfp4_range_hi(pair, 1'b1)) begin
        cnt_b = cnt_b + 1'b1;
      end
    end
    dialect = (bmx_q || special || all_zero) ? 4'd7 : {pair, cnt_a < cnt_b};
  end

  // Codes: dialect mode rounds on t (ties up); MX mode is E2M1 RNE from
  // t (quarter-units) and the sticky bit: grid 0 2 4 6 8 12 16 24.
  logic [BlockLen*4-1:0] code;
  logic [BlockLen*3-1:0] idx;
  always_comb begin
    for (int i = 0; i < BlockLen; i++) begin
      idx[i*3 +: 3] = '0;
      for (int j = 0; j < 7; j++) begin
        if (!bmx_q) begin
          if (6'(t[i*5 +: 5]) >= 6'(qmac_pkg::dialectfp4_hu(dialect, 3'(j))) + 6'(qmac_pkg::dialectfp4_hu(dialect, 3'(j + 1)))) begin
            idx[i*3 +: 3] = idx[i*3 +: 3] + 1'b1;
          end
        end else begin
          // Past the midpoint of E2M1 codes j and j+1 (quarter-units), or on it
          // when the upper code j+1 is the even one.
          if ({1'b0, t[i*5 +: 5]} > 6'(qmac_pkg::dialectfp4_hu(4'd7, 3'(j))) + 6'(qmac_pkg::dialectfp4_hu(4'd7, 3'(j + 1))) ||
              ({1'b0, t[i*5 +: 5]} == 6'(qmac_pkg::dialectfp4_hu(4'd7, 3'(j))) + 6'(qmac_pkg::dialectfp4_hu(4'd7, 3'(j + 1))) &&
               (sticky[i] || (j % 2 == 1)))) begin
            idx[i*3 +: 3] = idx[i*3 +: 3] + 1'b1;
          end
        end
      end
      code[i*4 +: 4] = (special || all_zero) ? 4'd0 : {blk_q[i*16 + 15], idx[i*3 +: 3]};
    end
  end

  // --- emit: the analyzed block streams out one code per cycle ------------------
  logic [BlockLen*4-1:0] codes_d, codes_q;
  logic [7:0]      scale_d, scale_q;
  logic [3:0]      dial_d, dial_q;
  logic            emit_d, emit_q;
  logic [IdxW-1:0] epos_d, epos_q;
  always_comb begin
    codes_d = codes_q;
    scale_d = scale_q;
    dial_d  = dial_q;
    emit_d  = emit_q;
    epos_d  = epos_q;
    if (emit_q) begin
      epos_d = epos_q + 1'b1;
      emit_d = epos_q != IdxW'(BlockLen - 1);
    end
    if (bvalid_q) begin  // a new block starts streaming next cycle
      codes_d = code;
      scale_d = special ? 8'hFF : (all_zero ? 8'h00 : 8'(es + 10'sd127));
      dial_d  = dialect;
      emit_d  = 1'b1;
      epos_d  = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pos_q    <= '0;
      amax_q   <= '0;
      bmax_q   <= '0;
      bvalid_q <= 1'b0;
      bmx_q    <= 1'b0;
      scale_q  <= '0;
      dial_q   <= '0;
      emit_q   <= 1'b0;
      epos_q   <= '0;
      fill_q   <= '0;
      blk_q    <= '0;
      codes_q  <= '0;
    end else begin
      pos_q    <= pos_d;
      amax_q   <= amax_d;
      bmax_q   <= bmax_d;
      bvalid_q <= bvalid_d;
      bmx_q    <= bmx_d;
      scale_q  <= scale_d;
      dial_q   <= dial_d;
      emit_q   <= emit_d;
      epos_q   <= epos_d;
      fill_q   <= fill_d;
      blk_q    <= blk_d;
      codes_q  <= codes_d;
    end
  end

  assign out_valid_o   = emit_q;
  assign out_first_o   = emit_q && (epos_q == '0);
  always_comb begin
    out_code_o = '0;
    for (int i = 0; i < BlockLen; i++) begin
      if (epos_q == IdxW'(i)) out_code_o = codes_q[i*4 +: 4];
    end
  end
  assign out_scale_o   = scale_q;
  assign out_dialect_o = dial_q;

`ifndef SYNTHESIS
  /* verilator lint_off SYNCASYNCNET */
  // Analyzed blocks (bvalid_q): each corner of formats.md §4.5 / §6.7.
  logic cov_saturates;  // MX mode: an element past E2M1's largest value (6, 24 quarter-units) saturates
  always_comb begin
    cov_saturates = 1'b0;
    for (int i = 0; i < BlockLen; i++) if (t[i*5 +: 5] > 5'd24) cov_saturates = 1'b1;
  end
  c_stage2_tie: cover property (@(posedge clk_i) disable iff (!rst_ni)
    bvalid_q && !bmx_q && !special && !all_zero && cnt_a == cnt_b);
  c_all_zero_block: cover property (@(posedge clk_i) disable iff (!rst_ni) bvalid_q && all_zero);
  c_special_block: cover property (@(posedge clk_i) disable iff (!rst_ni) bvalid_q && special);
  c_e2m1_saturation: cover property (@(posedge clk_i) disable iff (!rst_ni) bvalid_q && bmx_q && !special && cov_saturates);
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
