import sys
from pathlib import Path

# plain pytest from the repository root or from anywhere: make `losen` importable
ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# Load the optional semantic layer (if installed) before tests patch file access.
try:
    from losen.navigator import semantic as _semantic

    _semantic.preload()
except Exception:  # pragma: no cover
    pass
