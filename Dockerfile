# Draft image for docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY archive archive
COPY crawler crawler
COPY scheduler scheduler
COPY nkmon nkmon
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir '.[postgres]'
USER nobody
ENTRYPOINT ["nkmon"]
CMD ["crawl"]
