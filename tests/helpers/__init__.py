"""Helpers for the reliability tests and ``benchmarks/reliability.py``.

Some modules here are also scripts that the tests run in subprocesses (``python -m
helpers.crash_writer ...``), with ``src`` and ``tests`` on ``PYTHONPATH``.
"""
