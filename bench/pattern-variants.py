#!/usr/bin/env python3
"""Writes the default packs and FACTOR - 1 generated variants of every entry into OUT (a folder for
LOGTRACE_PATTERNS), for bench/run --patterns-scaling: FACTOR times as many entries and literals as shipped.

A variant of an entry keeps its kind and replaces one word of each of its literals with another word of
the packs' literals (so the literals keep the length, alphabet and word shapes of real library messages;
a one-word literal gets a word before it instead, and no variant is shorter than 10 bytes or its original),
and its regex is the variant literal itself; its samples are the entry's samples with the literal
replaced, so PatternSet's checks still run. Variants go into `zz-variants.yaml`, read after the real
packs, so the real entries still come first. Deterministic: the same packs and FACTOR give the same files.
Needs PyYAML (python3-yaml)."""

import argparse
import os
import random
import re
import shutil
import sys

import yaml

WORD = re.compile(r"[A-Za-z]{3,}")


def literals_of(entry):
    literal = entry.get("literal")
    if literal is None:
        return []
    return [literal] if isinstance(literal, str) else list(literal)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", required=True, help="the default pattern folder")
    parser.add_argument("--factor", type=int, help="entries in OUT = FACTOR x entries in PACKS")
    parser.add_argument("--out")
    parser.add_argument("--literals", metavar="FILE", help="only write the literals of PACKS to FILE, one a line (for rg and grep -F -f)")
    args = parser.parse_args()

    files = sorted(f for f in os.listdir(args.packs) if f.endswith((".yaml", ".yml")))
    entries = []
    for name in files:
        with open(os.path.join(args.packs, name)) as f:
            entries += yaml.safe_load(f)["patterns"]
    known = {lit for e in entries for lit in literals_of(e)}
    if args.literals:
        ordered = list(dict.fromkeys(lit for e in entries for lit in literals_of(e)))
        if any("\n" in lit for lit in ordered):
            sys.exit("pattern-variants: a literal holds a newline")
        with open(args.literals, "w") as f:
            f.write("".join(lit + "\n" for lit in ordered))
        return
    if not args.factor or not args.out:
        parser.error("--factor and --out are needed (or --literals)")
    vocabulary = sorted({w for lit in known for w in WORD.findall(lit)})

    os.makedirs(args.out, exist_ok=True)
    for name in files:
        shutil.copy(os.path.join(args.packs, name), os.path.join(args.out, name))

    rng = random.Random(20261203)
    variants = []
    for copy in range(1, args.factor):
        for entry in entries:
            originals = literals_of(entry)
            if not originals:
                continue
            changed = []
            for literal in originals:
                words = list(WORD.finditer(literal))
                for _ in range(100):
                    if len(words) >= 2:
                        w = rng.choice(words)
                        new = literal[:w.start()] + rng.choice(vocabulary) + literal[w.end():]
                    else:
                        # One word (`KafkaJS`): a word before it, not a lone common word in its place.
                        new = rng.choice(vocabulary) + " " + literal
                    if new not in known and len(new) >= min(len(literal), 10):
                        break
                else:
                    sys.exit(f"pattern-variants: no new variant of {literal!r}")
                known.add(new)
                changed.append(new)
            samples = []
            for sample in entry.get("samples", []):
                for old, new in zip(originals, changed):
                    if old in sample:
                        samples.append(sample.replace(old, new))
                        break
            if not samples:
                samples = [changed[0]]
            variant = {
                "id": f"{entry['id']}-variant-{copy}",
                "kind": entry["kind"],
                "literal": changed if len(changed) > 1 else changed[0],
                "regex": "|".join(re.escape(c).replace("\\ ", " ") for c in changed),
                "samples": samples,
            }
            if entry["kind"] == "client_role":
                variant["role"] = entry.get("role", "Producer")
            variants.append(variant)
    with open(os.path.join(args.out, "zz-variants.yaml"), "w") as f:
        yaml.safe_dump({"pack": "variants", "patterns": variants}, f, sort_keys=False, allow_unicode=True, width=1 << 20)
    print(f"{len(entries) + len(variants)} entries ({len(entries)} shipped, {len(variants)} variants), {len(known)} literals")


if __name__ == "__main__":
    main()
