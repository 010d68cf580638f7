#!/usr/bin/env python3
"""make mutate: does the regression catch RTL bugs?

Single-point mutations of the RTL (operator swapped, constant or bit index off
by one, condition inverted, a register's reset or enable changed, a register
bypassed), each in a scratch copy of rtl/, each Verilated with the checks that
exercise the mutated file: the unit testbenches of tests/rtl (their exhaustive
and seeded cases against golden, and the array's assertion death tests) and,
for the array, a 2x2 array of each MAC kind family in lockstep with the C++
model and against golden's GEMM (tests/mutate/array_harness.cpp, the cases
of tests/cosim), then make test's `verilator --lint-only -Wall` of the
mutated module, then make test's elaboration-failure tests. A mutant is
killed when a check fails, by one of REASONS (behaviour: a wrong result or
cycle; assertion: an SVA property fired; timeout; lint; elaboration: a
weakened $fatal guard), stillborn when it does not build for a check
(whatever stopped the build, the design's own $fatal included; not counted),
survived otherwise. The score is the behaviour + assertion share of the
built mutants. Prints the table by reason and the survivors; writes
BUILD/mutate/report.txt.

  mutate.py BUILD_DIR [--max N] [--seed S] [--jobs J] [--filter SUBSTRING] [--rerun REPORT]
"""
import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTS = os.path.join(ROOT, "tests", "rtl")

# Unit testbenches: (top module, its top file (from the repository root) or None, the GoogleTest source
# under tests/rtl, the unit-check drivers it calls (sim/unitcheck), compiled against the mutant).
UC = "sim/unitcheck/"
UNIT = {
    "mac_int8": ("mac_int8", None, "mac_int8_test.cpp", []),
    "mac_dialectfp4": ("mac_dialectfp4", None, "mac_dialectfp4_test.cpp", []),
    "mx_elem": ("mx_elem_tb_top", "tests/rtl/tops/mx_elem_tb_top.sv", "mac_mx_elem_test.cpp", []),
    "fp32_add": ("fp32_add_tb_top", "tests/rtl/tops/fp32_add_tb_top.sv", "fp32_add_rne_test.cpp", []),
    "mac_fp8": ("mac_fp8_tb_top", UC + "tops/mac_fp8_tb_top.sv", "mac_fp8_test.cpp", [UC + "mac_fp8_checks.cpp", UC + "unit_check.cpp"]),
    "mx_scale": ("mx_scale_tb_top", "tests/rtl/tops/mx_scale_tb_top.sv", "mx_scale_unit_test.cpp", []),
    "act_quantizer": ("act_quantizer_tb_top", UC + "tops/act_quantizer_tb_top.sv", "act_quantizer_test.cpp",
                      [UC + "act_quantizer_checks.cpp", UC + "unit_check.cpp"]),
    "mac_posit": ("mac_posit_tb_top", UC + "tops/mac_posit_tb_top.sv", "mac_posit_test.cpp",
                  [UC + "mac_posit_checks.cpp", UC + "unit_check.cpp"]),
    "mx_elem_decode": ("mx_elem_decode_tb_top", "tests/rtl/tops/mx_elem_decode_tb_top.sv", "mx_elem_decode_test.cpp", []),
    "array_assert": ("systolic_array", None, "systolic_array_assert_test.cpp", []),
    "fmt_table": ("fmt_table_probe", "tests/rtl/tops/fmt_table_probe.sv", "fmt_table_test.cpp", []),
}


def pkg_value(label):
    """The value rtl/qmac_pkg.sv gives `label` (`FmtE4M3 = 4'd2`, `KindKulisch = 2`), as CMake reads it."""
    vals = re.findall(r"\s" + label + r"\s*=\s*(?:\d+'d)?(\d+)", open(os.path.join(ROOT, "rtl", "qmac_pkg.sv")).read())
    if len(vals) != 1:
        sys.exit("mutate: rtl/qmac_pkg.sv: expected one definition of %s" % label)
    return int(vals[0])


def built_array_rows():
    """rtl/built_arrays.txt, the one declaration of the arrays: (array, rows, cols, Kind, FmtA value or None,
    BlockLen, its first MAC kind, family) per row, in the file's order."""
    rows = []
    for line in open(os.path.join(ROOT, "rtl", "built_arrays.txt")):
        f = line.split("#")[0].split()
        if not f:
            continue
        array, size, _dataflows, family, fmt, block, kinds = f
        r, c = size.split("x")
        rows.append((array, int(r), int(c), pkg_value("Kind" + family), None if fmt == "-" else pkg_value("Fmt" + fmt),
                     int(block), kinds.split(",")[0], family))
    return rows


def gparams(rows, cols, kind, fmt, block):
    return ["-GRows=%d" % rows, "-GCols=%d" % cols, "-GKind=%d" % kind, "-GBlockLen=%d" % block] + \
        ([] if fmt is None else ["-GFmtA=4'd%d" % fmt])


# 2x2 arrays, one of each array name of rtl/built_arrays.txt: (name, Kind, FmtA, BlockLen, MAC kind, family).
ARRAYS = list({r[0]: (r[0],) + r[3:] for r in reversed(built_array_rows())}.values())[::-1]
# What runs against a mutant of each file.
CHECKS = {
    "rtl/units/mac_int8.sv": ["mac_int8"],
    "rtl/units/mac_dialectfp4.sv": ["mac_dialectfp4"],
    "rtl/units/mac_mx_elem.sv": ["mx_elem"],
    "rtl/units/mx_elem_decode.sv": ["mx_elem_decode", "mx_elem", "array:mxfp8_e5m2",
                                    "elab:mx_elem_decode:-GWidth=5:Width is not its code width"],
    "rtl/units/fp32_add_rne.sv": ["fp32_add"],
    "rtl/units/mac_fp8.sv": ["mac_fp8"],
    "rtl/units/mx_scale_unit.sv": ["mx_scale"],
    "rtl/units/mac_posit.sv": ["mac_posit"],
    "rtl/prim/posit_product.sv": ["mac_posit", "array:posit8"],
    "rtl/prim/quire_add.sv": ["mac_posit", "array:posit8"],
    "rtl/prim/quire_round.sv": ["mac_posit", "array:posit8"],
    "rtl/quant/act_quantizer.sv": ["act_quantizer"],
    "rtl/prim/acc_reg.sv": ["mac_int8", "mac_dialectfp4"],
    "rtl/prim/special_flags.sv": ["mx_elem"],
    "rtl/prim/fp8_product.sv": ["mac_fp8", "array:e4m3", "elab:mac_fp8_given_fmt:-GFmt=0:FmtA must be",
                                "elab:mac_fp8_given_fmt:-GFmt=4:FmtA must be", "elab:fp8_product_given_fmt_b:-GFmt=0:FmtB must be",
                                "elab:fp8_product_given_fmt_b:-GFmt=4:FmtB must be"],
    "rtl/prim/fp32_acc_reg.sv": ["mx_scale", "mac_fp8"],
    "rtl/prim/block_product.sv": ["mx_elem", "mac_dialectfp4", "array:mxfp8_e5m2", "array:dialectfp4", "array:e5m2_kulisch"],
    "rtl/prim/block_scale_addend.sv": ["mx_scale", "array:mxfp8_e5m2", "array:dialectfp4", "array:e5m2_kulisch"],
    # Integer first (the fastest build), then a block kind (the widest datapath), then the rest.
    "rtl/array/systolic_pe.sv": ["elab:systolic_pe_narrow_sum::SumW is too narrow", "array:int", "array:mxfp8_e5m2", "array:e4m3",
                                 "array:dialectfp4", "array:e5m2_kulisch", "array:posit8"],
    "rtl/array/systolic_array.sv": ["array_assert", "array:int", "array:mxfp8_e5m2", "array:e4m3", "array:dialectfp4",
                                    "array:e5m2_kulisch", "array:posit8"],
    "rtl/array/block_edge.sv": ["array:mxfp8_e5m2", "array:dialectfp4", "array:e5m2_kulisch"],
    "rtl/array/quire_edge.sv": ["array:posit8"],
    # The package: its tables against golden's registry, then the units and arrays that derive widths from it.
    "rtl/qmac_pkg.sv": ["fmt_table", "mx_elem_decode", "mx_elem", "mac_fp8", "mac_dialectfp4", "act_quantizer",
                        "array:mxfp8_e5m2", "array:dialectfp4", "array:e5m2_kulisch"],
}

SKIP = re.compile(r"^\s*(//|module\b|endmodule|parameter\b|localparam\b|input\b|output\b|logic\b|\)|\(|import\b|"
                  r"typedef\b|package\b|endpackage|function\b|endfunction|/\*|\*|\$fatal)")

OPERATORS = [  # (kind, pattern, replacement); applied one occurrence at a time
    ("op + -> -", r" \+ ", " - "), ("op - -> +", r" - ", " + "),
    ("op & -> |", r" & ", " | "), ("op | -> &", r" \| ", " & "), ("op ^ -> |", r" \^ ", " | "),
    ("op && -> ||", r" && ", " || "), ("op || -> &&", r" \|\| ", " && "),
    ("op == -> !=", r" == ", " != "), ("op != -> ==", r" != ", " == "),
    ("op < -> <=", r" < ", " <= "), ("op > -> >=", r" > ", " >= "),
    ("op << -> >>", r" << ", " >> "), ("op >> -> <<", r" >> ", " << "),
    ("const 1'b0 -> 1'b1", r"1'b0", "1'b1"), ("const 1'b1 -> 1'b0", r"1'b1", "1'b0"),
    ("drop ~", r"~(?=[\w(])", ""), ("drop !", r"!(?=[\w(])", ""),
]


def mutants_of(path, rel):
    lines = open(path).read().split("\n")
    out = []
    in_reset = False
    in_checks = False  # `ifndef SYNTHESIS: the design's own assertions and cover points, not the design
    for i, line in enumerate(lines):
        code = line.split("//")[0]
        if code.strip().startswith("`ifndef SYNTHESIS"):
            in_checks = True
        elif in_checks and code.strip().startswith("`endif"):
            in_checks = False
        if in_checks or not code.strip() or SKIP.match(code):
            continue
        if re.search(r"if \(!rst_ni\)", code):
            in_reset = True
        elif in_reset and re.search(r"end else", code):
            in_reset = False
        for kind, pat, rep in OPERATORS:
            for m in re.finditer(pat, code):
                out.append((rel, i, kind, line[:m.start()] + rep + line[m.end():]))
        # Constants off by one: sized decimals (4'd7) and bit indices ([3]).
        for m in re.finditer(r"(\d+)'d(\d+)", code):
            out.append((rel, i, "const +1", line[:m.start()] + m.group(1) + "'d" + str(int(m.group(2)) + 1) + line[m.end():]))
        for m in re.finditer(r"\[(\d+)\]", code):
            if int(m.group(1)) > 0:
                out.append((rel, i, "index -1", line[:m.start()] + "[" + str(int(m.group(1)) - 1) + "]" + line[m.end():]))
        # Conditions inverted; an enable dropped.
        m = re.search(r"\bif \((.*)\) (\w+ <= .*;)", code)
        if m:
            out.append((rel, i, "enable dropped", line[:m.start()] + m.group(2) + line[m.end():]))
        m = re.search(r"\bif \((.*)\)", code)
        if m and not in_reset and "rst_ni" not in m.group(1):
            out.append((rel, i, "condition inverted", line[:m.start()] + "if (!(" + m.group(1) + "))" + line[m.end():]))
        m = re.search(r"\? (.+?) : (.+?);", code)
        if m and "?" not in m.group(1) and "?" not in m.group(2):
            out.append((rel, i, "ternary swapped", line[:m.start()] + "? " + m.group(2) + " : " + m.group(1) + ";" + line[m.end():]))
        # A register's reset value changed; a register bypassed (its _d read where its _q was).
        if in_reset:
            for m in re.finditer(r"<= '0", code):
                out.append((rel, i, "reset value '1", line[:m.start()] + "<= '1" + line[m.end():]))
            for m in re.finditer(r"<= 1'b0", code):
                out.append((rel, i, "reset value 1", line[:m.start()] + "<= 1'b1" + line[m.end():]))
        m = re.match(r"(\s*assign \w+\s*=\s*)(\w+)_q;", code)
        if m and re.search(r"\b" + m.group(2) + r"_d\b", "\n".join(lines)):
            out.append((rel, i, "register bypassed", m.group(1) + m.group(2) + "_d;" + line[len(code):]))
    return out


def verilate(workdir, rtl, top, prefix, sources, cflags, ldflags, gparams=()):
    cmd = ["verilator", "--cc", "--build", "--exe", "-j", "1", "-Wno-lint", "-Wno-style", "-Wno-ENUMVALUE", "--assert",
           "--top-module", top, "--prefix", prefix, "-Mdir", os.path.join(workdir, prefix), *gparams,
           os.path.join(rtl, "qmac_pkg.sv")]
    for d in ("prim", "units", "quant", "array"):
        cmd += sorted(os.path.join(rtl, d, f) for f in os.listdir(os.path.join(rtl, d)) if f.endswith(".sv"))
    cmd += sources + ["-CFLAGS", cflags, "-LDFLAGS", ldflags]
    # ccache serves Verilator's runtime and the harness, which no mutant changes.
    env = dict(os.environ, OBJCACHE=shutil.which("ccache") or "")
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode == 0:
        return os.path.join(workdir, prefix, prefix)
    # Whatever stopped the build (a syntax error, the design's own $fatal): nothing ran, so nothing was checked.
    if os.environ.get("QMAC_MUTATE_DEBUG"):
        sys.stderr.write(r.stdout[-3000:] + r.stderr[-3000:])
    return None


# The array configurations make test lints (tests/rtl/CMakeLists.txt): every built array.
ARRAY_LINT = [gparams(*r[1:6]) for r in built_array_rows()]


def lint(rtl, rel):
    """make test's `verilator --lint-only -Wall` of the mutated file's module: True if clean."""
    srcs = [os.path.join(rtl, "qmac_pkg.sv")]
    for d in ("prim", "units", "quant", "array"):
        srcs += sorted(os.path.join(rtl, d, f) for f in os.listdir(os.path.join(rtl, d)) if f.endswith(".sv"))
    if rel.startswith("rtl/array/") or rel == "rtl/qmac_pkg.sv":  # the package lints through every built array
        configs = [["--top-module", "systolic_array"] + c for c in ARRAY_LINT]
    else:
        configs = [["--top-module", os.path.splitext(os.path.basename(rel))[0]]]
    for c in configs:
        r = subprocess.run(["verilator", "--lint-only", "-Wall", "-Wno-ENUMVALUE", "--assert"] + srcs + c,
                           capture_output=True, text=True)
        if r.returncode != 0:
            return False
    return True


# Why a check killed a mutant. Only behaviour and assertion count in the score:
# a lint warning or a weakened elaboration guard says the text changed, not that
# the regression saw the hardware go wrong.
REASONS = ("behaviour", "assertion", "timeout", "lint", "elaboration")
SCORED = ("behaviour", "assertion")


def run_check(check, workdir, rtl, build, rel=""):
    """Returns (verdict, reason): ('killed', one of REASONS), ('survived', '') or ('stillborn', '') when the
    mutant does not build for this check (its own $fatal included: a design that refuses itself ran nothing)."""
    if check == "lint":
        return ("survived", "") if lint(rtl, rel) else ("killed", "lint")
    if check.startswith("elab:"):
        # make test's elaboration-failure tests ("elab:TOP:PARAM:MESSAGE"): the design must refuse a bad
        # configuration with its message.
        _, top, param, message = check.split(":", 3)
        srcs = [os.path.join(rtl, "qmac_pkg.sv")]
        for d in ("prim", "units", "quant", "array"):
            srcs += sorted(os.path.join(rtl, d, f) for f in os.listdir(os.path.join(rtl, d)) if f.endswith(".sv"))
        # A test top of tests/rtl/tops/elab_fail, or (none there) the unit itself.
        top_file = os.path.join(TESTS, "tops", "elab_fail", top + ".sv")
        r = subprocess.run(["verilator", "--lint-only", "-Wall"] + srcs + ([top_file] if os.path.exists(top_file) else []) +
                           ["--top-module", top, "-Wno-ENUMVALUE"] + ([param] if param else []),
                           capture_output=True, text=True)
        return ("survived", "") if message in r.stdout + r.stderr else ("killed", "elaboration")
    cflags = "-std=c++20 -O1 -I" + ROOT
    if check.startswith("array:"):
        name, kind, fmt, block, gfmt, family = next(a for a in ARRAYS if a[0] == check[6:])
        prefix = "Varr_" + name
        cflags += (" -DSC_CPLUSPLUS=201703L -DQMAC_MUTANT_HEADER='\"%s.h\"' -DQMAC_MUTANT_V=%s "
                   "-DQMAC_MUTANT_FMT='\"%s\"' -DQMAC_MUTANT_FAMILY=%s" % (prefix, prefix, gfmt, family))
        # qmac_cosim for the driver's online-quantizer path (RtlArrayCore's input_quantizer), which the
        # mutant's array never takes but the driver's vtable names.
        libs = " ".join(os.path.join(build, p) for p in ("sim/libqmac_run.a", "sim/cosim/libqmac_cosim.a", "sim/libqmac_cli.a",
                                                          "models/libqmac_models.a", "golden/libqmac_golden.a"))
        exe = verilate(workdir, rtl, "systolic_array", prefix,
                       [os.path.join(ROOT, "tests/mutate/array_harness.cpp"), os.path.join(ROOT, "tests/mutate/mutant_factory.cpp"),
                        "--trace-fst"], cflags, libs + " -lsystemc -lyaml-cpp -lboost_program_options -lz -pthread",
                       gparams(2, 2, kind, fmt, block))
    else:
        top, topfile, test, drivers = UNIT[check]
        srcs = (([os.path.join(ROOT, topfile)] if topfile else []) + [os.path.join(TESTS, test)] +
                [os.path.join(ROOT, d) for d in drivers])
        exe = verilate(workdir, rtl, top, "V" + top, srcs, cflags,
                       os.path.join(build, "golden/libqmac_golden.a") + " -lgtest -lgtest_main -pthread")
    if exe is None:
        return "stillborn", ""
    try:
        r = subprocess.run([exe], capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1"))
    except subprocess.TimeoutExpired:
        return "killed", "timeout"
    if r.returncode == 0:
        return "survived", ""
    # Verilator's --assert prints "Assertion failed" when an SVA property fires (the run stops there).
    return "killed", "assertion" if "Assertion failed" in r.stdout + r.stderr else "behaviour"


def run_mutant(mut, build, snapshot):
    rel, line, kind, text = mut
    with tempfile.TemporaryDirectory(prefix="qmac_mutant_") as tmp:
        rtl = os.path.join(tmp, "rtl")
        shutil.copytree(snapshot, rtl)
        path = os.path.join(tmp, rel)
        lines = open(path).read().split("\n")
        lines[line] = text
        open(path, "w").write("\n".join(lines))
        # Behaviour first (unit testbenches, 2x2 arrays in lockstep); then make test's lint, which catches
        # what only a lint can (a multi-driven net); then the elaboration-failure tests (a weakened $fatal guard).
        checks = [c for c in CHECKS[rel] if not c.startswith("elab:")] + ["lint"] + \
                 [c for c in CHECKS[rel] if c.startswith("elab:")]
        for check in checks:
            v, reason = run_check(check, tmp, rtl, build, rel)
            if v != "survived":
                return mut, v, reason, check
        return mut, "survived", "", ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--max", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--filter", default="")
    ap.add_argument("--rerun", default="", help="a report.txt: run only its survivors again (same rtl/)")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    for lib in ("golden/libqmac_golden.a", "sim/libqmac_run.a"):
        if not os.path.exists(os.path.join(build, lib)):
            sys.exit("mutate: %s is missing: run make build first" % os.path.join(build, lib))
    # One snapshot of rtl/: edits made while the run goes on do not leak into it.
    snapshot_dir = tempfile.mkdtemp(prefix="qmac_mutate_rtl_")
    snapshot = os.path.join(snapshot_dir, "rtl")
    shutil.copytree(os.path.join(ROOT, "rtl"), snapshot)
    muts = []
    for rel in sorted(CHECKS):
        if args.filter in rel:
            muts += mutants_of(os.path.join(snapshot_dir, rel), rel)
    # Every file keeps its share: seeded shuffles per file, taken round-robin up to --max.
    rng = random.Random(args.seed)
    by_file = {}
    for m in muts:
        by_file.setdefault(m[0], []).append(m)
    for ms in by_file.values():
        rng.shuffle(ms)
    picked = []
    while len(picked) < min(args.max, len(muts)):
        for ms in by_file.values():
            if ms and len(picked) < args.max:
                picked.append(ms.pop())
    muts = picked
    if args.rerun:
        wanted = set()
        for line in open(args.rerun):
            m = re.match(r"  (rtl/\S+):(\d+) (.+?): (.*)$", line.rstrip("\n"))
            if m:
                wanted.add((m.group(1), int(m.group(2)) - 1, m.group(3), m.group(4).strip()))
        muts = [m for m in muts if (m[0], m[1], m[2], m[3].strip()) in wanted]
    print("mutate: %d mutants over %d files, %d jobs (seed %d)" % (len(muts), len({m[0] for m in muts}), args.jobs, args.seed),
          flush=True)
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for n, (mut, verdict, reason, check) in enumerate(pool.map(lambda m: run_mutant(m, build, snapshot), muts), 1):
            results.append((mut, verdict, reason, check))
            print("%4d/%d %-9s %s:%d %s%s" % (n, len(muts), verdict, mut[0], mut[1] + 1, mut[2],
                                              (" (%s: %s)" % (reason, check) if reason else " (%s)" % check if check else "")),
                  flush=True)
    columns = REASONS + ("survived", "stillborn")
    table = {}
    for mut, verdict, reason, _ in results:
        t = table.setdefault(mut[0], dict.fromkeys(columns, 0))
        t[reason if verdict == "killed" else verdict] += 1
    out = ["%-32s" % "file" + "".join(" %11s" % c for c in columns)]
    for rel, t in sorted(table.items()):
        out.append("%-32s" % rel + "".join(" %11d" % t[c] for c in columns))
    tot = {c: sum(t[c] for t in table.values()) for c in columns}
    built = sum(tot[c] for c in REASONS) + tot["survived"]
    scored = sum(tot[c] for c in SCORED)
    out.append("%-32s" % "total" + "".join(" %11d" % tot[c] for c in columns))
    out.append("score: %d of %d built mutants killed by behaviour or an assertion: %.1f%% "
               "(lint %d, elaboration %d, timeout %d killed otherwise; %d survived; %d stillborn, not counted)" %
               (scored, built, 100.0 * scored / max(1, built), tot["lint"], tot["elaboration"], tot["timeout"],
                tot["survived"], tot["stillborn"]))
    out.append("survivors:")
    for mut, verdict, _, _ in results:
        if verdict == "survived":
            out.append("  %s:%d %s: %s" % (mut[0], mut[1] + 1, mut[2], mut[3].strip()))
    shutil.rmtree(snapshot_dir, ignore_errors=True)
    os.makedirs(os.path.join(build, "mutate"), exist_ok=True)
    open(os.path.join(build, "mutate", "report.txt"), "w").write("\n".join(out) + "\n")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
