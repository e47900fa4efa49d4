"""Post analysis: segmentation, sentiment, category, emotion, content risk, keywords, training.

``workbench.analyze`` (``workbench.nlp.analyze.analyze``) is the entry point; the model it uses
is the active registered version (``workbench.nlp.registry``), else the shipped artifact.
"""
