#!/usr/bin/env python3
"""make coverage's report on a coverage file written here: the per-file line
table, the 95 % gate on rtl/array/ and rtl/quant/, cover points hit or not
(c_operand_at_max in every array family), lcov files and HTML written.
Usage: coverage_report_test.py SOURCE_DIR SCRATCH_DIR"""
import os
import subprocess
import sys

src, scratch = sys.argv[1], sys.argv[2]
script = os.path.join(src, "tests", "coverage", "coverage_report.py")


def point(f, line, page, name, hier, n):
    return "C '\x01f\x02%s\x01l\x02%d\x01n\x021\x01page\x02%s\x01o\x02%s\x01h\x02%s' %d\n" % (f, line, page, name, hier, n)


def run(case, points):
    d = os.path.join(scratch, case)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "coverage.dat"), "w", encoding="latin-1") as f:
        f.write("# SystemC::Coverage-3\n" + "".join(points))
    r = subprocess.run([sys.executable, script, d, "--version", "qmac test"], capture_output=True, text=True)
    return r, d


edge = os.path.join(src, "rtl", "array", "block_edge.sv")
quant = os.path.join(src, "rtl", "quant", "act_quantizer.sv")
pe = os.path.join(src, "rtl", "array", "systolic_pe.sv")
lines = [point(edge, l, "v_line/block_edge", "block", "Varray_mxfp4_4x4.TOP.x", 3) for l in range(40, 60)]
lines += [point(quant, l, "v_line/act_quantizer", "block", "Vact_quantizer_fp16.TOP", 1) for l in range(60, 80)]
cover_e4m3 = point(pe, 130, "v_user/systolic_pe", "c_operand_at_max", "Varray_e4m3_4x4.TOP.pe", 5)
cover_e5m2_miss = point(pe, 130, "v_user/systolic_pe", "c_operand_at_max", "Varray_e5m2_4x4.TOP.pe", 0)
cover_e5m2_hit = point(pe, 130, "v_user/systolic_pe", "c_operand_at_max", "Varray_e5m2_4x4.TOP.pe", 2)
failures = []

r, d = run("pass", lines + [cover_e4m3, cover_e5m2_hit])
if r.returncode != 0 or "verdict: PASS" not in r.stdout:
    failures.append("all lines and points hit must pass:\n" + r.stdout + r.stderr)
for f in ("line.info", "coverage.info", "summary.txt", os.path.join("html", "index.html")):
    if not os.path.exists(os.path.join(d, f)):
        failures.append("pass: %s not written" % f)
if "rtl/array/block_edge.sv" not in r.stdout or "100.0%" not in r.stdout:
    failures.append("pass: the per-file table:\n" + r.stdout)

r, d = run("family_missed", lines + [cover_e4m3, cover_e5m2_miss])
if r.returncode != 1 or "cover point c_operand_at_max is not hit in Varray_e5m2" not in r.stdout:
    failures.append("a saturation point missed in one family must fail naming it:\n" + r.stdout + r.stderr)

low = [point(edge, l, "v_line/block_edge", "block", "Varray_mxfp4_4x4.TOP.x", 0 if l < 45 else 1) for l in range(40, 60)]
r, d = run("low_lines", low + lines[20:] + [cover_e4m3])
if r.returncode != 1 or "rtl/array/: 75.0% of its lines hit, below 95%" not in r.stdout:
    failures.append("75 % of rtl/array's lines must fail with the share:\n" + r.stdout + r.stderr)

r, d = run("garbage", ["this is not a point\n"])
if r.returncode == 0 or "expected C '<key>' <count>" not in r.stdout + r.stderr:
    failures.append("a malformed file must be refused naming the line:\n" + r.stdout + r.stderr)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
