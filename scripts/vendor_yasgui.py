"""Refresh the vendored YASGUI query editor (npm package @zazuko/yasgui, MIT) in src/spacekg/http/static/yasgui/.

The built files are committed; nothing is built or downloaded at install time. This script fetches
the package with npm's own client, checks the tarball against the registry's integrity hash, and
copies the two built files the query page loads, with the licence notice and the version.

    python scripts/vendor_yasgui.py            # the version pinned below
    python scripts/vendor_yasgui.py --version 4.6.2
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"
FILES = ("build/yasgui.min.js", "build/yasgui.min.css")
TARGET = Path(__file__).resolve().parents[1] / "src" / "spacekg" / "http" / "static" / "yasgui"

NOTICE = """YASGUI ({package} {version}), vendored unchanged from the npm registry by scripts/vendor_yasgui.py.

Written by Triply (info@triply.cc), forked and maintained by Zazuko GmbH
(repository: https://github.com/rdfjs/Yasgui). Its package.json declares "license": "MIT", and its
README says: "This code is released under the MIT license." yasgui.min.js bundles its
dependencies, as the upstream build does: {dependencies}.

MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=VERSION)
    args = parser.parse_args()
    spec = f"{PACKAGE}@{args.version}"
    integrity = json.loads(subprocess.run(["npm", "view", spec, "dist.integrity", "--json"], check=True,
                                          capture_output=True, text=True).stdout)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", spec, "--pack-destination", tmp], check=True, capture_output=True)
        (tarball,) = Path(tmp).glob("*.tgz")
        algorithm, _, expected = integrity.partition("-")
        actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
        if actual != expected:
            print(f"{tarball.name}: integrity {algorithm}-{actual} is not the registry's {integrity}", file=sys.stderr)
            return 1
        with tarfile.open(tarball) as archive:
            manifest = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
            if manifest.get("license") != "MIT":
                print(f"{spec} is licensed {manifest.get('license')!r}, not MIT", file=sys.stderr)
                return 1
            TARGET.mkdir(parents=True, exist_ok=True)
            for name in FILES:
                data = archive.extractfile(f"package/{name}").read()  # type: ignore[union-attr]
                (TARGET / Path(name).name).write_bytes(data)
    dependencies = ", ".join(sorted(manifest.get("dependencies", {})))
    (TARGET / "LICENSE").write_text(NOTICE.format(package=PACKAGE, version=args.version, dependencies=dependencies))
    (TARGET / "VERSION").write_text(f"{PACKAGE} {args.version} {integrity}\n")
    print(f"vendored {spec} into {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
