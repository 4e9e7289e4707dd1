"""`python -m visualnet` starts the app."""

import sys

from visualnet.app import main

if __name__ == "__main__":
    sys.exit(main())
