"""Evaluation: a test set × candidates → outputs, scores and timings, stored and
resumable (no Qt here; the Evaluate tab and `tunedesk eval` both sit on it)."""

from ..datasets.models import cost, inference_price
from .candidates import Candidate
from .report import summary
from .runner import Runner, rescore
from .store import EvalStore, Result, Run
from .testset import Item, items_from, load_items

__all__ = ["Candidate", "EvalStore", "Item", "Result", "Run", "Runner", "cost", "inference_price", "items_from",
           "load_items", "rescore", "summary"]
