"""The seed graph (``lessons-graph.yaml``) and the source documents it cites (``sources/``)."""
