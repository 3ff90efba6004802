"""Evaluation: gold-evidence matching, pure retrieval metrics, and the retrieval eval runner."""
