"""Leaving a provider with everything: import its jobs and files (``importer``), keep them
(``archive``, ``history``), train them again here (``retrain``), keep a tuned model's
behaviour (``distill``), and say when a provider's fine-tuning closes (``deadline``)."""
