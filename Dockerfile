# The API image for docker-compose.yml. No password or secret is baked in: the compose
# file passes NEO4J_PASSWORD from the environment at run time.
FROM python:3.11-slim
WORKDIR /srv
COPY pyproject.toml README.md ./
COPY app app
COPY graph graph
COPY cypher cypher
COPY seed seed
RUN pip install --no-cache-dir .
RUN useradd --system --home-dir /srv kg
USER kg
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
