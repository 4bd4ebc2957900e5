"""Fine-tuning jobs: preflight before paying, launch, and following a job's progress."""
