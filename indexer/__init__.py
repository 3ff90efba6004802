"""Corpus → documents → chunks → vectors → index folder."""
