"""The benchmark: accuracy and speed of the scanner on a generated corpus (``make bench``)."""
