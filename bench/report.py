#!/usr/bin/env python3
"""Prints bench/run's table and target lines from its results.tsv. Exit 0 all met, 1 a target missed,
2 a count disagrees. MB/s are 10^6 bytes of uncompressed text per second (hyperfine mean)."""

import argparse
import csv
import json
import os
import sys

MIB = 1 << 20


def load(tsv):
    rows = {}
    with open(tsv) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            for k in ("mean", "stddev", "min", "max"):
                r[k] = float(r[k]) if r[k] not in ("", "None") else 0.0
            r["runs"] = int(r["runs"])
            r["rss_kb"] = int(r["rss_kb"]) if r["rss_kb"] else 0
            r["exit"] = int(r["exit"]) if r["exit"] else 0
            r["count"] = int(r["count"]) if r["count"] not in ("", None) else None
            with open(os.path.join(r["corpus"], "gz", "manifest.json")) as m:
                r["manifest"] = json.load(m)
            rows[r["id"]] = r
    return rows


def fmt_table(header, body):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *body)]
    out = []
    for i, row in enumerate([header] + body):
        cells = []
        for j, (cell, w) in enumerate(zip(row, widths)):
            cells.append(str(cell).ljust(w) if j == 0 else str(cell).rjust(w))
        out.append("  ".join(cells).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


class Verdicts:
    def __init__(self):
        self.lines = []
        self.failed = False
        self.count_failed = False

    def add(self, ok, text, count=False):
        if ok is None:
            self.lines.append(f"[ -- ] {text}")
            return
        self.lines.append(f"[{'PASS' if ok else 'FAIL'}] {text}")
        if not ok:
            if count:
                self.count_failed = True
            else:
                self.failed = True


def count_checks(rows, verdicts):
    """Every counting command must find the corpus manifest's expected number of matching lines; the
    default-pack runs (kind events) must all find the same events, and rg -F and grep -F the same lines."""
    agree = {}
    for r in rows.values():
        if r["count_kind"] in ("events", "literal-lines"):
            agree.setdefault((r["corpus"], r["count_kind"]), []).append(r)
    for (corpus, kind), group in agree.items():
        counts = {r["count"] for r in group}
        ok = len(counts) == 1 and None not in counts and all(r["exit"] == 0 for r in group)
        what = "events of the default-pack runs" if kind == "events" else "lines holding a default literal"
        verdicts.add(ok, f"{what} on {os.path.basename(corpus)} agree: "
                     + "; ".join(f"{r['label']} {r['count'] if r['count'] is not None else '?'}" for r in group), count=True)
    by_corpus = {}
    for r in rows.values():
        if r["count_kind"] in ("logtrace", "lines", "lnav"):
            by_corpus.setdefault(r["corpus"], []).append(r)
    for corpus, group in by_corpus.items():
        expected = group[0]["manifest"]["expected_events"]
        parts = []
        ok = True
        for r in group:
            good = r["count"] == expected and (r["count_kind"] != "logtrace" or r["exit"] == 0)
            ok = ok and good
            parts.append(f"{r['label']} {r['count'] if r['count'] is not None else '?'}{'' if good else ' <-- differs'}"
                         + ("" if r["exit"] == 0 or r["count_kind"] != "logtrace" else f" (exit {r['exit']})"))
        name = os.path.basename(corpus)
        verdicts.add(ok, f"counts on {name}: expected {expected} (corpus manifest); " + "; ".join(parts), count=True)


def main_mode(rows, cores, verdicts):
    n = len(next(iter(rows.values()))["manifest"]["files"])
    groups = [("gz", f"{n} gzip files", ["igzip", "pigz"]), ("plain", f"{n} plain files", ["wc", "plain_grep_one"]),
              ("single", "one gzip file", ["one_igzip", "one_pigz"]),
              ("patterns", f"{n} gzip files, default packs as shipped, 4x and 16x (generated variants)", ["igzip", "pat_x1"])]
    out = []
    for group, title, floors in groups:
        members = [r for r in rows.values() if r["group"] == group]
        if not members:
            continue
        m = members[0]["manifest"]
        floors = [f for f in floors if f in rows]
        names = {"plain_grep_one": "grep -F", "pat_x1": "shipped"}
        header = (["command", "runs", "mean s", "± s", "min s", "MB/s"] + [f"x {names.get(f, rows[f]['label'].split(' ')[0])}" for f in floors]
                  + ["peak RSS MiB", "count"])
        body = []
        for r in members:
            noisy = r["runs"] > 1 and r["stddev"] > 0.1 * r["mean"]
            line = [r["label"] + (" (*)" if noisy else ""), str(r["runs"]), f"{r['mean']:.3f}", f"{r['stddev']:.3f}",
                    f"{r['min']:.3f}", f"{m['bytes'] / r['mean'] / 1e6:.0f}"]
            line += [f"{r['mean'] / rows[f]['mean']:.2f}" for f in floors]
            line += [f"{r['rss_kb'] / 1024:.1f}", "" if r["count"] is None else str(r["count"])]
            body.append(line)
        out.append(f"{title}: {len(m['files'])} file(s), {m['bytes'] / 1e6:.0f} MB text ({m['bytes'] / MIB:.0f} MiB), "
                   f"{m['stored'] / 1e6:.0f} MB gzip (ratio {m['bytes'] / m['stored']:.1f}:1), {m['lines']} lines, "
                   f"{m['expected_events']} matching lines")
        out.append(fmt_table(header, body))
        out.append("")
    if any(r["runs"] > 1 and r["stddev"] > 0.1 * r["mean"] for r in rows.values()):
        out.append("(*) standard deviation above 10 % of the mean: something else was using the CPU; rerun on a quiet machine.")
        out.append("")
    print("\n".join(out))

    def t(i):
        return rows[i]["mean"] if i in rows else None

    def target(ids, fn, text):
        if all(i in rows for i in ids):
            ok, shown = fn(*[t(i) for i in ids])
            verdicts.add(ok, f"{text}: {shown}")
        else:
            verdicts.add(None, f"{text}: not measured")

    target(["lt_j1_isal", "igzip"], lambda a, b: (a / b <= 1.4, f"{a / b:.2f}x"),
           f"{n} gzip files, logtrace --jobs 1 <= 1.4x igzip -dc (1 process)")
    target(["lt_j1_isal", "lt_jN_isal"], lambda a, b: (a / b >= 1.85, f"{a / b:.2f}x the 1-job throughput"),
           f"{n} gzip files, logtrace --jobs {cores} >= 1.85x the 1-job throughput")
    target(["rg_z_jN", "lt_jN_isal"], lambda a, b: (a / b >= 4, f"{a / b:.2f}x faster"),
           f"{n} gzip files, logtrace --jobs {cores} >= 4x faster than rg -z -P -j{cores}")
    target(["one_lt_jN", "one_igzip"], lambda a, b: (a / b <= 1.1, f"{a / b:.2f}x"),
           f"one gzip file, logtrace --jobs {cores} <= 1.1x igzip -dc on that file")
    target(["lt_j1_zlib", "pigz"], lambda a, b: (a <= b, f"{a:.3f} s vs {b:.3f} s ({a / b:.2f}x)"),
           f"{n} gzip files, logtrace --inflate zlib --jobs 1 no slower than pigz -dc")
    target(["plain_lt_j1", "plain_grep"], lambda a, b: (a <= b, f"{a:.3f} s vs {b:.3f} s ({a / b:.2f}x)"),
           f"{n} plain files, logtrace --jobs 1 no slower than grep -P -c")
    target(["plain_lt_j1", "plain_rg_j1"], lambda a, b: (a < b, f"{a:.3f} s vs {b:.3f} s ({a / b:.2f}x)"),
           f"{n} plain files, logtrace --jobs 1 faster than rg -P -j1")
    target(["ltd_j1", "igzip"], lambda a, b: (a / b <= 1.25, f"{a / b:.2f}x"),
           f"{n} gzip files, default packs, logtrace --jobs 1 <= 1.25x igzip -dc")
    target(["ltd_jN", "igzip"], lambda a, b: (a / b <= 0.65, f"{a / b:.2f}x"),
           f"{n} gzip files, default packs, logtrace --jobs {cores} <= 0.65x igzip -dc (1 process)")
    target(["plain_ltd_j1", "plain_grep_one"], lambda a, b: (a <= b, f"{a:.3f} s vs {b:.3f} s ({a / b:.2f}x)"),
           f"{n} plain files, default packs, logtrace --jobs 1 no slower than grep -c -F with one literal")
    target(["ltd_j1", "ltd_j1_nosig"], lambda a, b: (a <= 1.10 * b, f"{a:.3f} s vs {b:.3f} s ({a / b:.2f}x)"),
           f"{n} gzip files, default packs, logtrace --jobs 1 with the signals no pattern names (silence, unexplained lines; on by default) <= 1.10x --no-signals")
    target(["pat_x16", "pat_x1"], lambda a, b: (a <= 1.15 * b, f"{a:.3f} s vs {b:.3f} s ({a / b:.2f}x)"),
           f"{n} gzip files, default packs x16 costs <= 1.15x the packs as shipped (logtrace --jobs 1)")
    lt = [r for r in rows.values() if r["count_kind"] in ("logtrace", "events")]
    if lt:
        worst = max(lt, key=lambda r: r["rss_kb"])
        verdicts.add(worst["rss_kb"] < 64 * 1024,
                     f"logtrace peak RSS < 64 MiB: {worst['rss_kb'] / 1024:.1f} MiB at most ({worst['group']}: {worst['label']})")
    verdicts.add(None, "peak RSS flat across sizes: see bench/run --scaling")


def scaling_mode(rows, cores, verdicts):
    sizes = []
    for r in rows.values():
        size = r["group"].split(":", 1)[1]
        if size not in sizes:
            sizes.append(size)
    header = ["size", "MB text", "igzip s", f"j1 s", "j1 s/GiB", "j1 MB/s", "j1 RSS MiB",
              f"j{cores} s", f"j{cores} s/GiB", f"j{cores} MB/s", f"j{cores} RSS MiB", "x igzip (j1)"]
    body = []
    per = {"j1": [], "jN": []}
    for s in sizes:
        ig, j1, jn = rows.get(f"s{s}_igzip"), rows[f"s{s}_lt_j1"], rows[f"s{s}_lt_jN"]
        m = j1["manifest"]
        gib = m["bytes"] / (1 << 30)
        for key, r in (("j1", j1), ("jN", jn)):
            per[key].append((gib, r["min"], r["rss_kb"]))
        body.append([s, f"{m['bytes'] / 1e6:.0f}", f"{ig['mean']:.3f}" if ig else "",
                     f"{j1['mean']:.3f}", f"{j1['mean'] / gib:.3f}", f"{m['bytes'] / j1['mean'] / 1e6:.0f}", f"{j1['rss_kb'] / 1024:.1f}",
                     f"{jn['mean']:.3f}", f"{jn['mean'] / gib:.3f}", f"{m['bytes'] / jn['mean'] / 1e6:.0f}", f"{jn['rss_kb'] / 1024:.1f}",
                     f"{j1['mean'] / ig['mean']:.2f}" if ig else ""])
    print(f"scaling: logtrace ingest on {len(j1['manifest']['files'])} gzip files per size, {j1['runs']} runs each")
    print(fmt_table(header, body))
    print()
    for key, name in (("j1", "--jobs 1"), ("jN", f"--jobs {cores}")):
        xs = [x[0] for x in per[key]]
        ts = [x[1] for x in per[key]]
        rss = [x[2] for x in per[key]]
        # Least-squares line through the best run of each size, t = a + b * GiB: linear when every size
        # lies within 10 % of it (the best run, since another process on the machine only adds time).
        n = len(xs)
        mx, mt = sum(xs) / n, sum(ts) / n
        sxx = sum((x - mx) ** 2 for x in xs)
        b = sum((x - mx) * (t - mt) for x, t in zip(xs, ts)) / sxx if sxx else 0.0
        a = mt - b * mx
        worst = max(abs(t - (a + b * x)) / t for x, t in zip(xs, ts))
        verdicts.add(worst <= 0.10 if n >= 3 else None,
                     f"time linear in size, logtrace {name}: best runs fit t = {a:.3f} s + {b:.3f} s/GiB, every size within "
                     f"{100 * worst:.1f} % of that line (limit 10 %)")
        verdicts.add(max(rss) <= 1.25 * min(rss),
                     f"peak RSS flat across sizes, logtrace {name}: {min(rss) / 1024:.1f}..{max(rss) / 1024:.1f} MiB (limit: max <= 1.25x min)")
        verdicts.add(max(rss) < 64 * 1024, f"peak RSS < 64 MiB, logtrace {name}: {max(rss) / 1024:.1f} MiB at most")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["main", "scaling", "patterns"], required=True)
    ap.add_argument("--cores", type=int, required=True)
    ap.add_argument("--tsv", required=True)
    ap.add_argument("--notes")
    args = ap.parse_args()
    rows = load(args.tsv)
    verdicts = Verdicts()
    if args.mode in ("main", "patterns"):
        main_mode(rows, args.cores, verdicts)
        if args.mode == "patterns":
            # bench/run --patterns-scaling times only those rows: the other targets are not its.
            verdicts.lines = [line for line in verdicts.lines if not line.endswith("not measured")]
    else:
        scaling_mode(rows, args.cores, verdicts)
    count_checks(rows, verdicts)
    if args.notes and os.path.exists(args.notes):
        notes = open(args.notes).read().strip()
        if notes:
            print(notes)
            print()
    print("\n".join(verdicts.lines))
    print("(peak RSS: /usr/bin/time -f %M, one extra run; for a pipeline the largest process. grep runs with LC_ALL=C.)")
    sys.exit(2 if verdicts.count_failed else 1 if verdicts.failed else 0)


if __name__ == "__main__":
    main()
