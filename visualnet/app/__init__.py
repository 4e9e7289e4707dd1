"""The Qt application (placeholder until the window lands)."""

import visualnet


def main() -> int:
    """Print the version and usage."""
    print(f"visualnet {visualnet.__version__}")
    return 0
