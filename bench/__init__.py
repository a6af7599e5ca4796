"""The benchmark harness: ``python -m bench.run`` (see ``bench/README.md``).

Everything here is measurement code only; the service is exercised exactly as it runs
(its importer, its FastAPI app under uvicorn, its Cypher catalog), beside minimal raw-driver
baselines so that each number has something to be compared with.
"""
