"""One module per view; each creates its plot items once and updates them in `refresh()`."""
