#!/usr/bin/env python3
"""The mutation experiment of issue 18, against the release CLI as a user's broken files reach it.

Mutates good files (bit flips, byte flips, truncation, header fields set to huge values, wrong
dtypes and shapes, NaN/Inf values, empty files) plus directories, FIFOs and symlink loops, runs the
commands that read each kind, and classifies every run:

  clean     exit 1 or 2 with exactly one line on stderr that names the file
  accepted  exit 0 (the damage did not matter, or the reader could not tell)
  unnamed   a clean exit, but the message does not name the file or spans several lines
  crash     killed by a signal
  hang      still running after the timeout (killed)
  memory    peak resident memory above 2 GB

Numeric CLI options get hostile values (NaN, Inf, negatives, overflow, empty, words) one at a
time in otherwise sound commands; there "clean" is one line on stderr (it names the option).
With --app, sessions (the description mutated as JSON, or the bytes) and cells are also opened
in the desktop app (`metaforge --empty FILE --screenshot …`, which quits when it has settled):
there "clean" is exactly one error line naming the file (the app writes each error it shows in
its banner to stderr too) and "accepted" a file it opened without an error.

Prints a table (markdown) and exits non-zero if anything but clean/accepted happened.

    tests/fuzz/mutation_experiment.py [--cases N] [--seed S] [--timeout SECONDS] [--app] [--only options,…]
    packaging/with-xvfb.sh tests/fuzz/mutation_experiment.py --app      # without a display

Needs a release build (build/release) and writes its inputs under a temporary folder.
"""
import argparse
import json
import os
import random
import resource
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, "build/release/app/cli/metaforge-cli")
APP = os.path.join(ROOT, "build/release/app/metaforge/metaforge")
SESSION_MAGIC = b"MetaForge session\n"
MEMORY_LIMIT = 2 << 30


def run(args, timeout):
    """Runs args; returns (rc, -signal, or None on a hang; stderr; its peak RSS in bytes; seconds)."""
    import threading
    start = time.monotonic()
    env = dict(os.environ, OMP_NUM_THREADS="1")

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))  # a ceiling for the machine's sake

    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         env=env, preexec_fn=limits, start_new_session=True)
    hung = []

    def kill():
        hung.append(True)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)  # this child's own peak memory
    timer.cancel()
    p.returncode = 0  # reaped here, not by Popen
    rc = None if hung else (-os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
    return rc, err.decode("utf-8", "replace"), usage.ru_maxrss * 1024, time.monotonic() - start


class Mutator:
    def __init__(self, rng):
        self.rng = rng

    def mutate(self, data):
        r, d = self.rng, bytearray(data)
        kind = r.choice(["bitflip", "bytes", "truncate", "huge", "zeros", "splice", "nan"])
        if not d:
            return bytes(d), kind
        if kind == "bitflip":
            for _ in range(r.randint(1, 8)):
                i = r.randrange(len(d))
                d[i] ^= 1 << r.randrange(8)
        elif kind == "bytes":
            for _ in range(r.randint(1, 16)):
                d[r.randrange(len(d))] = r.randrange(256)
        elif kind == "truncate":
            d = d[: r.randrange(len(d))]
        elif kind == "huge":  # a 4- or 8-byte field set to a huge value
            i = r.randrange(max(1, len(d) - 8))
            d[i : i + 8] = struct.pack("<Q", r.choice([2**31 - 1, 2**32 - 1, 2**63 - 1, 2**40, 1 << 30]))
        elif kind == "zeros":
            i = r.randrange(len(d))
            d[i : i + r.randint(1, 256)] = b"\0" * len(d[i : i + 256])
        elif kind == "splice":
            i, j = sorted(r.randrange(len(d)) for _ in range(2))
            d = d[:i] + d[j:] + d[i:j]
        elif kind == "nan":
            i = r.randrange(max(1, len(d) - 8))
            d[i : i + 8] = struct.pack("<d", r.choice([float("nan"), float("inf"), -float("inf"), 1e308]))
        return bytes(d), kind


def text_mutations(rng, text):
    """Mutations of a JSON text that keep it JSON: values replaced by hostile ones."""
    try:
        j = json.loads(text)
    except ValueError:
        return text
    hostile = [None, [], {}, "x", -1, 0, 2**31 - 1, 1e308, float("nan"), True, [1, 2], {"a": 1}, "", 1e-320]

    def walk(v, depth=0):
        if isinstance(v, dict):
            for k in list(v):
                if rng.random() < 0.15:
                    v[k] = rng.choice(hostile)
                else:
                    walk(v[k], depth + 1)
                if rng.random() < 0.03:
                    del v[k]
        elif isinstance(v, list):
            for i in range(len(v)):
                if rng.random() < 0.1:
                    v[i] = rng.choice(hostile)
                else:
                    walk(v[i], depth + 1)

    walk(j)
    return json.dumps(j, allow_nan=True)


def session_json_mutation(rng, data):
    """A session whose description (JSON) is mutated as JSON and written back with its payloads."""
    at = len(SESSION_MAGIC) + 4
    (length,) = struct.unpack_from("<Q", data, at)
    text = text_mutations(rng, data[at + 8 : at + 8 + length].decode()).encode()
    return data[:at] + struct.pack("<Q", len(text)) + text + data[at + 8 + length :]


# Sound commands, each with its numeric options: one value at a time is made hostile.
HOSTILE_VALUES = ["nan", "inf", "-inf", "-1", "0", "1e308", "-1e308", "2147483648", "-2147483649",
                  "99999999999999999999", "", "x", "1e", "0x10", "1,2"]


def option_commands(work):
    g = f"{work}/g.raw"
    return [
        ["tensor", "--cubic", "0.3", "0.1", "0.1", "--vf", "0.4", "--base-E", "1", "--base-nu", "0.3"],
        ["tensor", "--iso", "0.3", "0.25", "--rotate", "1", "2", "3", "30"],
        ["homogenize", g, "--resolution", "16", "--E", "1", "--nu", "0.3", "--tolerance", "1e-5", "--max-iterations", "50",
         "--threads", "1"],
        ["design", "--cubic", "0.15", "0.05", "0.04", "--vf", "0.4", "-n", "1", "--guidance", "5", "--steps", "2", "--seed", "1",
         "--out", "{out}"],
        ["train", "--dataset", f"{work}/d32.h5", "--out", "{out}", "--epochs", "1", "--batch", "2", "--widths", "4,8",
         "--threads", "1", "--max-hours", "0.01", "--seed", "1", "--lr", "0.001"],
        ["dataset", "generate", "--resolution", "8", "--count", "2", "--jobs", "1", "--seed", "1", "--batch", "2", "--mix",
         "procedural:1", "--out", "{out}.h5"],
        ["optimize", "--resolution", "8", "--vf", "0.3", "--seed", "1", "--iterations", "3", "--out", "{out}.raw"],
        ["cell", "tpms", "--kind", "gyroid", "--resolution", "8", "--vf", "0.3", "--out", "{out}.raw"],
        ["export", g, "--out", "{out}.stl", "--cell-size", "1", "--tiles", "1", "--resolution", "16"],
    ]


def numeric_positions(cmd):
    """Indices of the values that are numbers (or a list of numbers) in a command."""
    out = []
    for i, v in enumerate(cmd):
        try:
            [float(x) for x in v.split(",")]
            out.append(i)
        except ValueError:
            pass
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=300, help="mutated files per kind of input")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--app", action="store_true", help="also open sessions and cells in the desktop app (needs a display)")
    ap.add_argument("--only", default="files,cards,options,app",
                    help="the parts to run, of files (cells, datasets), cards (cards and weights), options, app")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    mut = Mutator(rng)
    work = tempfile.mkdtemp(prefix="mf_mutation_")
    try:
        return experiment(a, rng, mut, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def failure(rc, rss):
    """What went wrong with a run whatever it was given: 'hang', 'crash', 'memory', or None."""
    return "hang" if rc is None else "crash" if rc < 0 else "memory" if rss > MEMORY_LIMIT else None


def experiment(a, rng, mut, work):
    def cli(*args):
        subprocess.run([CLI, *args], check=True, stdout=subprocess.DEVNULL)

    # Good inputs to start from.
    cli("cell", "tpms", "--kind", "gyroid", "--resolution", "16", "--vf", "0.3", "--out", f"{work}/g.raw")
    cli("cell", "tpms", "--kind", "gyroid", "--resolution", "16", "--vf", "0.3", "--out", f"{work}/g.npy")
    cli("cell", "tpms", "--kind", "gyroid", "--resolution", "16", "--vf", "0.3", "--out", f"{work}/g.vdb")
    cli("dataset", "generate", "--resolution", "8", "--count", "4", "--mix", "procedural:1", "--jobs", "1", "--out", f"{work}/d.h5")
    if "options" in a.only:  # cells of the size the model trains on (16³ octants)
        cli("dataset", "generate", "--resolution", "32", "--count", "4", "--mix", "procedural:1", "--jobs", "1",
            "--out", f"{work}/d32.h5")
    model = os.path.join(ROOT, "resources/models/default")
    good = {ext: open(f"{work}/g.{ext}", "rb").read() for ext in ("raw", "npy", "vdb")}
    good["h5"] = open(f"{work}/d.h5", "rb").read()
    card_text = open(os.path.join(model, "card.json")).read()
    weights = open(os.path.join(model, "model.pt"), "rb").read()

    # What reads each kind, as a user runs it ({} is the file).
    commands = {
        "raw": [["cell", "info", "{}"], ["homogenize", "{}", "--max-iterations", "50"], ["export", "{}", "--out", "{out}.stl"]],
        "npy": [["cell", "info", "{}"], ["homogenize", "{}", "--max-iterations", "50"]],
        "vdb": [["cell", "info", "{}"], ["homogenize", "{}", "--max-iterations", "50"]],
        "h5": [["dataset", "stats", "{}"], ["dataset", "range", "{}", "--point", "0.1", "0.03", "0.03", "0.3"],
               ["dataset", "thin", "{}", "--out", "{out}.h5"], ["dataset", "merge", "{}", "{}", "--out", "{out}2.h5"]],
        "card": [["design", "--cubic", "0.15", "0.05", "0.04", "--vf", "0.4", "-n", "1", "--steps", "2", "--model", "{}", "--out", "{out}"]],
        "weights": [["design", "--cubic", "0.15", "0.05", "0.04", "--vf", "0.4", "-n", "1", "--steps", "2", "--model", "{card}", "--out", "{out}"]],
    }
    tally = {}

    def record(kind, outcome, detail):
        t = tally.setdefault(kind, {"cases": 0})
        t["cases"] += 1
        t[outcome] = t.get(outcome, 0) + 1
        if outcome not in ("clean", "accepted"):
            t.setdefault("examples", []).append(detail)
        elif outcome == "accepted" and os.environ.get("MF_SHOW_ACCEPTED"):
            print(f"  accepted {kind}: {detail}", file=sys.stderr)

    def classify(kind, path, args):
        rc, err, rss, secs = run([CLI, *args], a.timeout)
        lines = [l for l in err.splitlines() if l.strip()]
        if failure(rc, rss):
            outcome = failure(rc, rss)
        elif rc == 0:
            outcome = "accepted"
        elif len(lines) == 1 and os.path.basename(path) in lines[0]:
            outcome = "clean"
        else:
            outcome = "unnamed"
        record(kind, outcome, f"{' '.join(args)} -> rc {rc}, {rss >> 20} MB, {secs:.1f} s: {' | '.join(lines)[:300]}")

    special = []  # (kind, path): a directory, a FIFO, a symlink loop, an empty file, per extension
    for ext in ("raw", "npy", "vdb", "h5"):
        os.mkdir(f"{work}/dir.{ext}")
        os.mkfifo(f"{work}/fifo.{ext}")
        os.symlink(f"{work}/loop2.{ext}", f"{work}/loop1.{ext}")
        os.symlink(f"{work}/loop1.{ext}", f"{work}/loop2.{ext}")
        open(f"{work}/empty.{ext}", "wb").close()
        special += [(ext, f"{work}/{n}.{ext}") for n in ("dir", "fifo", "loop1", "empty")]

    parts = a.only.split(",")
    for kind, path in special if "files" in parts else []:
        for cmd in commands[kind]:
            classify(kind, path, [c.replace("{}", path).replace("{out}", f"{work}/out") for c in cmd])

    for kind in ("raw", "npy", "vdb", "h5") if "files" in parts else []:
        for i in range(a.cases):
            data, how = mut.mutate(good[kind])
            path = f"{work}/m{i}-{how}.{kind}"
            open(path, "wb").write(data)
            cmd = rng.choice(commands[kind])
            classify(kind, path, [c.replace("{}", path).replace("{out}", f"{work}/out{i}") for c in cmd])
            os.remove(path)

    # Model cards: JSON-level and byte-level damage, beside the real weights; and damaged weights.
    bundle = f"{work}/bundle"
    os.mkdir(bundle)
    shutil.copy(os.path.join(model, "model.pt"), bundle)
    for i in range(a.cases // 3 if "cards" in parts else 0):
        text = text_mutations(rng, card_text) if rng.random() < 0.6 else mut.mutate(card_text.encode())[0].decode("latin-1")
        path = f"{bundle}/card{i}.json"
        open(path, "w", encoding="latin-1", errors="replace").write(text)
        classify("card", path, [c.replace("{}", path).replace("{out}", f"{work}/design{i}") for c in commands["card"][0]])
        os.remove(path)
    open(f"{bundle}/card.json", "w").write(card_text)
    for i in range(a.cases // 6 if "cards" in parts else 0):
        open(f"{bundle}/model.pt", "wb").write(mut.mutate(weights)[0])
        classify("weights", f"{bundle}/model.pt",
                 [c.replace("{card}", f"{bundle}/card.json").replace("{out}", f"{work}/designw{i}") for c in commands["weights"][0]])

    # Numeric options of sound commands, one value made hostile at a time.
    templates = option_commands(work) if "options" in parts else []
    # Each command must succeed as it stands, or every hostile value in it would be refused for
    # the wrong reason and count as clean.
    for t in templates:
        rc, err, _, _ = run([CLI, *[c.replace("{out}", f"{work}/sound") for c in t]], a.timeout)
        if rc != 0:
            raise SystemExit(f"the sound command {' '.join(t)} fails by itself: {err.strip()}")
    for i in range(a.cases if templates else 0):
        cmd = list(rng.choice(templates))
        at = rng.choice(numeric_positions(cmd))
        value = rng.choice(HOSTILE_VALUES)
        cmd[at] = value
        args = [c.replace("{out}", f"{work}/opt{i}") for c in cmd]
        rc, err, rss, secs = run([CLI, *args], a.timeout)
        lines = [l for l in err.splitlines() if l.strip()]
        outcome = failure(rc, rss) or ("accepted" if rc == 0 else "clean" if len(lines) == 1 else "unnamed")
        record("options", outcome, f"{' '.join(args)} -> rc {rc}, {rss >> 20} MB, {secs:.1f} s: {' | '.join(lines)[:300]}")

    if a.app and "app" in parts:
        app_experiment(a, rng, mut, work, good, record)

    # The table.
    cols = ["cases", "clean", "accepted", "unnamed", "crash", "hang", "memory"]
    print("| input | " + " | ".join(cols) + " |")
    print("| --- |" + " --- |" * len(cols))
    bad = 0
    for kind, t in tally.items():
        print(f"| {kind} | " + " | ".join(str(t.get(c, 0)) for c in cols) + " |")
        bad += sum(t.get(c, 0) for c in ("crash", "hang", "memory", "unnamed"))
    for kind, t in tally.items():
        for e in t.get("examples", [])[:5]:
            print(f"  {kind}: {e}", file=sys.stderr)
    return 1 if bad else 0


def app_experiment(a, rng, mut, work, good, record):
    """Broken sessions and cells opened in the desktop app, as File › Open or a double click reaches it."""
    seeds = os.path.join(ROOT, "tests/fuzz/corpus/session")
    sessions = [open(os.path.join(seeds, f), "rb").read() for f in sorted(os.listdir(seeds)) if f.startswith("seed-")]
    shot = f"{work}/shot.png"

    def open_in_app(kind, path):
        rc, err, rss, secs = run([APP, "--empty", path, "--screenshot", shot], max(a.timeout, 60))
        errors = [l for l in err.splitlines() if l.startswith("MetaForge: ")]
        if failure(rc, rss):
            outcome = failure(rc, rss)
        elif rc == 0 and not errors:
            outcome = "accepted"
        elif rc == 0 and len(errors) == 1 and os.path.basename(path) in errors[0]:
            outcome = "clean"
        else:
            outcome = "unnamed"
        record(kind, outcome, f"app {os.path.basename(path)} -> rc {rc}, {rss >> 20} MB, {secs:.1f} s: {' | '.join(errors)[:300]}")

    os.mkdir(f"{work}/dir.mfsession")
    os.mkfifo(f"{work}/fifo.mfsession")
    os.symlink(f"{work}/loop2.mfsession", f"{work}/loop1.mfsession")
    os.symlink(f"{work}/loop1.mfsession", f"{work}/loop2.mfsession")
    open(f"{work}/empty.mfsession", "wb").close()
    for n in ("dir", "fifo", "loop1", "empty"):
        open_in_app("session (app)", f"{work}/{n}.mfsession")
    for i in range(a.cases):
        base = rng.choice(sessions)
        data, how = (session_json_mutation(rng, base), "json") if rng.random() < 0.5 else mut.mutate(base)
        path = f"{work}/s{i}-{how}.mfsession"
        open(path, "wb").write(data)
        open_in_app("session (app)", path)
        os.remove(path)
    for i in range(a.cases // 3):
        kind = rng.choice(["raw", "npy", "vdb"])
        data, how = mut.mutate(good[kind])
        path = f"{work}/c{i}-{how}.{kind}"
        open(path, "wb").write(data)
        open_in_app("cell (app)", path)
        os.remove(path)


if __name__ == "__main__":
    sys.exit(main())
