"""Services over the store: number intelligence and reports."""
