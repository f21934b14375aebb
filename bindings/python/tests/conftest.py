import pathlib
import sys

# The package beside these tests, whatever the working directory.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
