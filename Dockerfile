# The API image for docker-compose.yml. No password or secret is baked in: the compose
# file passes NEO4J_PASSWORD and the identity settings from the environment at run time, and
# the service's own signing key is made on first start on the kg-auth volume.
FROM python:3.11-slim
WORKDIR /srv
COPY pyproject.toml README.md ./
COPY app app
COPY graph graph
COPY cypher cypher
COPY seed seed
RUN pip install --no-cache-dir .
RUN useradd --system --home-dir /srv kg \
 && mkdir -p /var/lib/kg/auth && chown kg /var/lib/kg/auth && chmod 0700 /var/lib/kg/auth
USER kg
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
