"""The Datasets tab: edit training examples visually."""
