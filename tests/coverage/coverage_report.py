#!/usr/bin/env python3
"""RTL coverage report of `make coverage` from qmac verify --coverage DIR.

Reads DIR/coverage.dat (Verilator's coverage points summed over every case
and every Verilated model; each point's hierarchy starts with the model's name)
and writes
  DIR/line.info      line coverage only (Verilator's line and branch points), lcov
  DIR/coverage.info  every point (line, branch, toggle, cover property), lcov,
                     through verilator_coverage --write-info
  DIR/html/          genhtml's report of coverage.info
  DIR/summary.txt    per RTL file: lines and lines hit; every cover point and
                     the arrays that hit it
and exits 1 unless rtl/array/ and rtl/quant/ each reach --min-line percent of
their lines and every cover point is hit (c_operand_at_max: in every array
family it is built into, one per FP format). A line counts as hit when every
line and branch point on it is (verilator_coverage's rule).
"""
import argparse
import collections
import os
import re
import subprocess
import sys

HEADER = "# SystemC::Coverage-3"
# Cover points that must be hit in every array family (not just somewhere):
# saturation of each FP kind.
PER_FAMILY = {"c_operand_at_max"}
GATED_DIRS = ("rtl/array/", "rtl/quant/")


def read_points(path):
    points = []
    with open(path, encoding="latin-1") as f:
        lines = f.read().split("\n")
    if not lines or lines[0] != HEADER:
        sys.exit("%s:1: expected '%s' (run qmac verify --coverage first)" % (path, HEADER))
    for n, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        m = re.match(r"C '(.*)' (\d+)$", line)
        if not m:
            sys.exit("%s:%d: expected C '<key>' <count>" % (path, n))
        fields = dict(f.split("\x02", 1) for f in m.group(1).split("\x01")[1:] if "\x02" in f)
        points.append((m.group(1), fields, int(m.group(2))))
    if not points:
        sys.exit("%s: no coverage point (was qmac built for coverage?)" % path)
    return points


def write_points(path, points):
    with open(path, "w", encoding="latin-1") as f:
        f.write(HEADER + "\n")
        for key, _, n in points:
            f.write("C '%s' %d\n" % (key, n))


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("%s failed (exit %d):\n%s%s" % (" ".join(cmd), r.returncode, r.stdout, r.stderr))


def lcov_lines(path):
    """file -> (lines, lines hit) from an lcov .info file."""
    out, cur = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("SF:"):
                cur = line[3:]
                out.setdefault(cur, [0, 0])
            elif line.startswith("DA:") and cur is not None:
                hits = int(line[3:].split(",")[1])
                out[cur][0] += 1
                out[cur][1] += hits > 0
    return out


def relative(path, root):
    p = os.path.realpath(path)
    return os.path.relpath(p, root) if p.startswith(root + os.sep) else path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--min-line", type=float, default=95.0, help="percent of lines rtl/array/ and rtl/quant/ must reach")
    ap.add_argument("--version", default="qmac", help="what `qmac --version` prints, for the report's header")
    args = ap.parse_args()
    root = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
    d = args.dir
    points = read_points(os.path.join(d, "coverage.dat"))

    line_points = [p for p in points if p[1].get("page", "").startswith(("v_line/", "v_branch/"))]
    write_points(os.path.join(d, "line.dat"), line_points)
    run(["verilator_coverage", "--write-info", os.path.join(d, "line.info"), os.path.join(d, "line.dat")])
    run(["verilator_coverage", "--write-info", os.path.join(d, "coverage.info"), os.path.join(d, "coverage.dat")])
    run(["genhtml", "--quiet", "--title", "qmac RTL coverage (make coverage)", "--output-directory", os.path.join(d, "html"),
         os.path.join(d, "coverage.info")])

    report = ["%s RTL coverage: tests/coverage/coverage_report.py %s (from qmac verify --coverage)" % (args.version, d), ""]
    failures = []
    per_file = lcov_lines(os.path.join(d, "line.info"))
    report.append("%-34s %7s %7s %7s" % ("line coverage", "lines", "hit", "%"))
    gated = collections.defaultdict(lambda: [0, 0])
    for f in sorted(per_file, key=lambda f: relative(f, root)):
        n, h = per_file[f]
        rel = relative(f, root)
        report.append("%-34s %7d %7d %6.1f%%" % (rel, n, h, 100.0 * h / n if n else 0.0))
        for g in GATED_DIRS:
            if rel.startswith(g):
                gated[g][0] += n
                gated[g][1] += h
    for g in GATED_DIRS:
        n, h = gated[g]
        pct = 100.0 * h / n if n else 0.0
        report.append("%-34s %7d %7d %6.1f%%  (needs %.0f%%)" % (g, n, h, pct, args.min_line))
        if pct < args.min_line:
            failures.append("%s: %.1f%% of its lines hit, below %.0f%%" % (g, pct, args.min_line))

    # Cover points: label -> family -> hits (a family is the model's name without its size).
    covers = collections.defaultdict(lambda: collections.defaultdict(int))
    where = {}
    for _, fields, n in points:
        if not fields.get("page", "").startswith("v_user/"):
            continue
        label = fields.get("o", "?")
        model = fields.get("h", "?").split(".")[0]
        family = re.sub(r"_\d+x\d+$", "", model)
        covers[label][family] += n
        where[label] = "%s:%s" % (relative(fields.get("f", "?"), root), fields.get("l", "?"))
    report += ["", "%-28s %-30s %9s  %s" % ("cover point", "where", "hits", "arrays that hit it / built with it")]
    for label in sorted(covers):
        fam = covers[label]
        hit = sorted(f for f, n in fam.items() if n > 0)
        miss = sorted(f for f, n in fam.items() if n == 0)
        report.append("%-28s %-30s %9d  %d/%d %s" % (label, where[label], sum(fam.values()), len(hit), len(fam),
                                                      ("not hit in: " + ", ".join(miss)) if miss else ""))
        if not hit:
            failures.append("cover point %s (%s) is never hit" % (label, where[label]))
        elif label in PER_FAMILY and miss:
            failures.append("cover point %s is not hit in %s" % (label, ", ".join(miss)))
    if not covers:
        failures.append("no cover point in the coverage file (was qmac built for coverage?)")
    report += ["", "lcov: %s/line.info (lines), %s/coverage.info (all points); HTML: %s/html/index.html" % (d, d, d)]
    report += ["verdict: " + ("PASS" if not failures else "FAIL")] + ["  " + f for f in failures]
    text = "\n".join(report) + "\n"
    with open(os.path.join(d, "summary.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
