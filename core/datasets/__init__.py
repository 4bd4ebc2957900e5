"""Datasets: read what people have, say precisely what is wrong, never lose a row."""

from .load import Chunk, Report, analyse, check_file, load, stream
from .model import Dataset, Diagnostic, Example, Fix, Kind, Severity, Source
from .readers import DatasetReader, EmptyFileError, ReadError
from .writers import write_jsonl

__all__ = [
    "Chunk", "Dataset", "DatasetReader", "Diagnostic", "EmptyFileError", "Example", "Fix", "Kind",
    "ReadError", "Report", "Severity", "Source", "analyse", "check_file", "load",
    "stream", "write_jsonl",
]
