#!/usr/bin/env bash
# `make area`: synthesizes every unit configuration with Yosys to generic gates
# (synth; abc -g with a fixed gate set; stat), converts the cell counts to
# NAND2 equivalents and writes configs/tech/unit_area.yaml, which the cost
# model reads. Usage: rtl/synth/area.sh [OUT.yaml]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/configs/tech/unit_area.yaml}
gates="AND,NAND,OR,NOR,XOR,XNOR,ANDNOT,ORNOT,MUX"
shopt -s nullglob
unit_files=("$top"/rtl/prim/*.sv "$top"/rtl/units/*.sv "$top"/rtl/quant/*.sv "$top"/rtl/array/*.sv)
srcs="$top/rtl/qmac_pkg.sv ${unit_files[*]}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# unit | yosys chparam settings (may be empty) | label of the parameters
configs=(
  "mac_int8||AccWidth=32"
  "mac_dialectfp4||AccWidth=16"
  "mx_elem_decode|-set Fmt 2|Fmt=E4M3"
  "mac_mx_elem|-set FmtA 2|mxfp8_e4m3"
  "mac_mx_elem|-set FmtA 3|mxfp8_e5m2"
  "mac_mx_elem|-set FmtA 4|mxfp6_e2m3"
  "mac_mx_elem|-set FmtA 5|mxfp6_e3m2"
  "mac_mx_elem|-set FmtA 6|mxfp4"
  "mac_mx_elem|-set FmtA 7|mxint8"
  "fp32_add_rne|-set SigWidth 8|SigWidth=8 (FP8 products)"
  "fp32_add_rne|-set SigWidth 70|SigWidth=70 (MX E5M2 block sums)"
  "mac_fp8|-set FmtA 2|E4M3, FP32 accumulator"
  "mac_fp8|-set FmtA 3|E5M2, FP32 accumulator"
  "mac_fp8|-set FmtA 2 -set Kulisch 1|E4M3, Kulisch accumulator"
  # The block-scale edge unit of each block kind, labelled with the kind's name
  # (models/area/area_units.cpp looks it up so): DotWidth = qmac_pkg's
  # block_prod_bits + 4 (sums of 32 products, signed), LsbExp = block_prod_lsb_exp.
  "mx_scale_unit|-set DotWidth 14 -set LsbExp 32'hFFFFFFFE|mxfp4"
  "mx_scale_unit|-set DotWidth 16 -set LsbExp 32'hFFFFFFFE|dialectfp4"
  "mx_scale_unit|-set DotWidth 42 -set LsbExp 32'hFFFFFFEE|mxfp8_e4m3"
  "mx_scale_unit|-set DotWidth 70 -set LsbExp 32'hFFFFFFE0|mxfp8_e5m2"
  "mx_scale_unit|-set DotWidth 18 -set LsbExp 32'hFFFFFFFA|mxfp6_e2m3"
  "mx_scale_unit|-set DotWidth 24 -set LsbExp 32'hFFFFFFF8|mxfp6_e3m2"
  "mx_scale_unit|-set DotWidth 22 -set LsbExp 32'hFFFFFFF4|mxint8"
  "mac_posit|-set N 8|posit8, 128-bit quire"
  "mac_posit|-set N 16|posit16, 256-bit quire"
  "act_quantizer||FP16 in, BlockLen=32"
)

# The value qmac_pkg gives a label (`FmtE4M3 = 4'd2`, `KindKulisch = 2`), as CMake reads it.
pkg_value() {
  local v
  v=$(sed -nE "s/.*[[:space:]]$1[[:space:]]*=[[:space:]]*([0-9]+'d)?([0-9]+).*/\2/p" "$top/rtl/qmac_pkg.sv")
  [ "$(printf '%s\n' "$v" | grep -c .)" = 1 ] || { echo "area: rtl/qmac_pkg.sv: expected one definition of $1" >&2; exit 1; }
  echo "$v"
}

# One PE with its column's edge unit (a 1x1 array) of each array qmac builds
# (rtl/built_arrays.txt): an R x C array is about R*C PEs + C edges (the cost
# model's roll-up).
declare -A seen=()
while read -r array _size _dataflows family fmt block kinds; do
  [ -n "${seen[$array]:-}" ] && continue
  seen[$array]=1
  # (Assigned first: a failing lookup inside a longer word would not stop the script.)
  kind=$(pkg_value "Kind$family")
  set_fmt=""
  if [ "$fmt" != "-" ]; then fmt_value=$(pkg_value "Fmt$fmt"); set_fmt=" -set FmtA $fmt_value"; fi
  configs+=("systolic_array|-set Rows 1 -set Cols 1 -set Kind $kind$set_fmt -set BlockLen $block|1x1 $array ($family, ${kinds//,/\/})")
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/rtl/built_arrays.txt")

# Whole 4x4 arrays take Yosys from 15 minutes (DialectFP4) to over 45 (MXFP4)
# each on one core: only with QMAC_AREA_ARRAYS=1.
if [ "${QMAC_AREA_ARRAYS:-0}" = 1 ]; then
  k_int=$(pkg_value KindInteger); k_fp32=$(pkg_value KindFloatFp32); k_mx=$(pkg_value KindMxBlock)
  k_dialect=$(pkg_value KindDialectFp4); k_kulisch=$(pkg_value KindKulisch); k_quire=$(pkg_value KindQuire)
  f_e2m1=$(pkg_value FmtE2M1)
  configs+=(
    "systolic_array|-set Kind $k_int|4x4 INT8 (INT32 sums), WS/OS"
    "systolic_array|-set Kind $k_fp32|4x4 E4M3 (FP32 sums), WS/OS"
    "systolic_array|-set Kind $k_mx -set FmtA $f_e2m1|4x4 MXFP4 (exact block sums, block_edge), WS/OS"
    "systolic_array|-set Kind $k_dialect|4x4 DialectFP4 (exact block sums, block_edge), WS/OS"
    "systolic_array|-set Kind $k_kulisch -set BlockLen 1048576|4x4 E4M3 into Kulisch (K <= 2^20), WS/OS"
    "systolic_array|-set Kind $k_quire|4x4 posit8 (quire, quire_edge), WS/OS"
  )
fi

# NAND2-equivalent weight of each generic cell: X1 cell area / NAND2_X1 area in
# the NanGate FreePDK45 Open Cell Library, from the SIZE of each macro in its
# LEF (NangateOpenCellLibrary.macro.lef, as OpenROAD-flow-scripts ships it in
# flow/platforms/nangate45/lef; every X1 cell is 1.4 um high): INV_X1 0.38,
# NAND2_X1 and NOR2_X1 0.57, AND2_X1 and OR2_X1 0.76, XOR2_X1 and XNOR2_X1
# 1.14, MUX2_X1 1.33, DFF_X1 3.23, DFFR_X1 3.80 um wide (NAND2_X1 0.798 um^2).
# ANDNOT/ORNOT have no single cell there: INV + NAND2/NOR2 = 1.667.
declare -A w=([NOT]=0.667 [NAND]=1.0 [NOR]=1.0 [AND]=1.333 [OR]=1.333 [XOR]=2.0 [XNOR]=2.0
              [ANDNOT]=1.667 [ORNOT]=1.667 [MUX]=2.333 [BUF]=0.0 [DFF]=5.667 [DFFR]=6.667)

version=$(yosys -V | sed 's/ (git.*//')
{
  echo "# Generated by \`make area\` (rtl/synth/area.sh); checked in so the cost model needs no Yosys."
  echo "# Each unit configuration: Yosys 'synth -flatten', 'abc -g $gates', 'stat'."
  echo "yosys_version: \"$version\""
  echo "date: \"$(date -u +%Y-%m-%d)\""
  echo "gate_set: \"$gates\""
  echo "nand2_weights:"
  echo "  source: \"NanGate FreePDK45 Open Cell Library X1 cell areas / NAND2_X1 (0.798 um^2), each from its macro SIZE in NangateOpenCellLibrary.macro.lef (OpenROAD-flow-scripts flow/platforms/nangate45/lef); ANDNOT/ORNOT = INV + NAND2\""
  for k in NOT NAND NOR AND OR XOR XNOR ANDNOT ORNOT MUX DFF DFFR; do echo "  $k: ${w[$k]}"; done
  echo "units:"
} > "$tmp/out.yaml"

for c in "${configs[@]}"; do
  IFS='|' read -r unit chparam label <<< "$c"
  cp_cmd=""
  [ -n "$chparam" ] && cp_cmd="chparam $chparam $unit;"
  yosys -q -p "read_verilog -sv $srcs; $cp_cmd synth -flatten -top $unit; abc -g $gates; opt_clean; tee -q -o $tmp/stat.txt stat" >/dev/null
  read -r cells nand2 < <(awk -v weights="$(for k in "${!w[@]}"; do printf '%s=%s ' "$k" "${w[$k]}"; done)" '
    BEGIN { n = split(weights, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); wt[p[1]] = p[2] } }
    /Number of cells:/ { cells = $4 }
    /\$_/ {
      name = $1; gsub(/\$_|_/, "", name); count = $2
      if (name ~ /^DFF/) { base = (name ~ /[PN][01]$/ || length(name) > 4) ? "DFFR" : "DFF" } else base = name
      if (!(base in wt)) { print "unknown cell " $1 > "/dev/stderr"; exit 1 }
      total += wt[base] * count
    }
    END { printf "%d %.1f\n", cells, total }' "$tmp/stat.txt")
  echo "  - {unit: $unit, params: \"$label\", cells: $cells, nand2_eq: $nand2}" >> "$tmp/out.yaml"
  echo "area: $unit ($label): $cells cells, $nand2 NAND2-eq" >&2
done
mv "$tmp/out.yaml" "$out"
echo "area: wrote $out" >&2
