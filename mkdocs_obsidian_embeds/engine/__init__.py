"""The engine: the vault index, the note model, the resolver, transclusion and links.

Plain Python: nothing here imports MkDocs, Zensical or any other site generator
(``tests/test_architecture.py`` checks it). The Python-Markdown extension (``extension/``) and
the MkDocs plugin (``plugin/``) are the two front doors onto it.
"""
