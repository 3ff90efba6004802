"""The query side: scope, retrieval, answers, and the command line."""
