"""Which plotting library draws `spacekg timeline`: matplotlib, or Vega-Lite through altair and vl-convert.

Each candidate is installed into its own fresh virtual environment under OUT's directory. For each,
this measures the install weight (what the installation adds to a bare environment, and how many
distributions), whether the same chart gives byte-identical SVG in two processes with different hash
seeds, whether the SVG keeps its text as text, and the time of a fresh process that imports the
library and writes the SVG and a PNG (the median of --runs). The chart is the same for both: bars for
intervals, points, an arrow, a dashed vertical line and text labels, the marks the timeline uses.

    python benchmarks/plot_libraries.py --runs 3 --out benchmarks/results/plot-libraries

Writes a Markdown table to stdout and OUT.md, and the figures to OUT.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

CANDIDATES = {
    "matplotlib": ["matplotlib"],
    "altair + vl-convert": ["altair", "vl-convert-python"],
}

MATPLOTLIB = """
import sys
import matplotlib
matplotlib.use("Agg")
matplotlib.rcParams.update({"svg.hashsalt": "spacekg", "svg.fonttype": "none"})
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(8, 3))
ax.barh([0, 1], [2.0, 3.0], left=[2018.0, 2020.0], height=0.4, color="#0072B2")
ax.plot([2019.0, 2021.4], [0, 1], "D", color="#D55E00")
ax.annotate("", xy=(2021.4, 1), xytext=(2023.0, 1), arrowprops={"arrowstyle": "->"})
ax.axvline(2026.9, linestyle="--", color="black")
ax.set_yticks([0, 1], ["far side landing", "Mars rover"])
ax.text(2018.0, 0.3, "a000 L11.1")
fig.savefig(sys.argv[1] + ".svg", metadata={"Date": None, "Creator": None})
fig.savefig(sys.argv[1] + ".png", metadata={"Software": None}, dpi=100)
"""

ALTAIR = """
import sys
import altair as alt
import vl_convert as vlc
data = alt.Data(values=[
    {"goal": "far side landing", "start": 2018.0, "end": 2020.0, "met": 2019.0, "label": "a000 L11.1"},
    {"goal": "Mars rover", "start": 2020.0, "end": 2023.0, "met": 2021.4, "label": "a000 L33.1"},
])
base = alt.Chart(data)
bars = base.mark_bar(color="#0072B2").encode(x="start:Q", x2="end:Q", y="goal:N")
points = base.mark_point(shape="diamond", color="#D55E00", filled=True).encode(x="met:Q", y="goal:N")
slip = base.mark_rule().encode(x="met:Q", x2="end:Q", y="goal:N")
text = base.mark_text(align="left", dy=-12).encode(x="start:Q", y="goal:N", text="label:N")
line = alt.Chart(alt.Data(values=[{"x": 2026.9}])).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
spec = (bars + points + slip + text + line).properties(width=640, height=160).to_dict()
open(sys.argv[1] + ".svg", "w").write(vlc.vegalite_to_svg(spec))
open(sys.argv[1] + ".png", "wb").write(vlc.vegalite_to_png(spec))
"""

SCRIPTS = {"matplotlib": MATPLOTLIB, "altair + vl-convert": ALTAIR}


def site_size(env: Path) -> tuple[int, int]:
    """Bytes under the environment's site-packages, and how many distributions it holds."""
    (site,) = env.glob("lib/python*/site-packages")
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return size, len(list(site.glob("*.dist-info")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True, help="writes OUT.md and OUT.json; venvs go to OUT's dir")
    args = parser.parse_args()
    work = args.out.parent / "work" / "plot-libraries"
    work.mkdir(parents=True, exist_ok=True)
    bare = work / "bare"
    if not bare.exists():
        venv.create(bare, with_pip=True)
    bare_size, bare_dists = site_size(bare)
    results = []
    for name, packages in CANDIDATES.items():
        env = work / re.sub(r"\W+", "-", name)
        if not env.exists():
            venv.create(env, with_pip=True)
            subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", *packages], check=True)
        size, dists = site_size(env)
        versions = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "freeze"], capture_output=True,
                                  text=True, check=True).stdout.split()
        script = work / f"draw-{env.name}.py"
        script.write_text(SCRIPTS[name])
        times, digests = [], set()
        for run in range(max(args.runs, 2)):
            target = work / f"{env.name}-{run}"
            started = time.perf_counter()
            subprocess.run([str(env / "bin" / "python"), str(script), str(target)], check=True,
                           env={"PYTHONHASHSEED": str(run + 1), "PATH": "/usr/bin:/bin"})
            times.append(time.perf_counter() - started)
            digests.add(hashlib.sha256(Path(f"{target}.svg").read_bytes()).hexdigest())
        svg = Path(f"{work / env.name}-0.svg").read_text()
        results.append({
            "library": name, "packages": [v for v in versions if v.split("==")[0].lower() in
                                          {p.lower() for p in packages}],
            "added_mib": round((size - bare_size) / 2**20, 1), "added_distributions": dists - bare_dists,
            "svg_identical_across_seeds": len(digests) == 1, "svg_text_elements": svg.count("<text"),
            "svg_bytes": len(svg.encode()), "seconds_median": round(statistics.median(times), 2),
        })
    lines = ["| library | adds to a bare venv | distributions | SVG identical across runs and hash seeds | "
             "text elements in the SVG | SVG size | import + SVG + PNG (median) |", "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['library']} ({', '.join(r['packages'])}) | {r['added_mib']} MiB | "
                     f"{r['added_distributions']} | {'yes' if r['svg_identical_across_seeds'] else 'no'} | "
                     f"{r['svg_text_elements']} | {r['svg_bytes'] / 1024:.0f} KiB | {r['seconds_median']} s |")
    table = "\n".join(lines) + "\n"
    print(table, end="")
    args.out.with_suffix(".md").write_text(table)
    args.out.with_suffix(".json").write_text(json.dumps({"python": sys.version.split()[0], "runs": args.runs,
                                                         "results": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
