"""Word template layouts, one module per document kind."""
