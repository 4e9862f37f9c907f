"""Build the luat-vhd source file (a fictional law, TXT as exported from Word).

The text is kept next to this script in luat-vhd.txt (UTF-8, with the stray tabs, non-breaking
spaces and blank lines of a Word export left in on purpose); building copies it byte for byte.

    python build.py OUT_DIR
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILE_NAME = "luat-vhd.txt"


def build(out_dir: Path) -> Path:
    """Copy luat-vhd.txt into out_dir (created if needed) and return the copy's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / FILE_NAME
    shutil.copyfile(HERE / FILE_NAME, target)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python build.py OUT_DIR")
    print(build(Path(sys.argv[1])))
