"""Every Cypher statement of the service, one ``.cypher`` file each (package data).

Load them through ``graph.cypher_catalog``; never build Cypher text in Python.
"""
