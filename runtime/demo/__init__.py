"""Demo data shipped for trying motcua: the demo province's agencies and officials."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
