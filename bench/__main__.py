"""`python -m bench [--quick] [--out DIR]`: same as `python bench/run.py`."""
import sys

from bench.run import main

sys.exit(main())
