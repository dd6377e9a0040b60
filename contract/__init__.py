"""The raw-data contract, declared once and read by both halves: the ETL validates and loads by it, the
dashboard's steward screen, labels and links by it. It imports neither half.

    datasets.py    every dataset: file prefix, columns (required, Thai aliases, docs), keys, vocabularies
    vocabulary.py  the Thai month names and the rule of a web address
"""
