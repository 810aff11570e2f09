"""The store: its files, parse and validation, model, index cache, writer and questions."""
