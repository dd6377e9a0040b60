"""The data steward's screen (/data/add): from a press release, or a record typed by hand, to checked
warehouse records, only through raw files and the ETL's own build.

files.py    the raw files a steward writes: one `<dataset>_entered.csv` per dataset (partners too) and the source
            register `sources.csv`, appended and undone under a file lock, every cell written as data
contract.py the raw contract's datasets, columns and vocabularies, asked of the ETL in its own process
etl.py      the ETL run as a program: the extractor, a dry-run build and the real build; the difference
            between the dry-run warehouse and the one served
entry.py    a form's values -> one raw row: dates read in BE or CE, ids given, values checked
desk.py     what a steward does, one function each: propose, accept, undo, dry run, apply (the page calls these)

The dashboard never imports the ETL package: the two are deployed apart, and every call to it is
`sys.executable -m etl ...` in a process of its own.
"""
