# nkmon's image. By default it runs the service (`nkmon run`); docker-compose.yml
# runs it against PostgreSQL. Any other command works too:
#   docker run --rm nkmon:local search '"Kim Jong Un"' --db postgresql+psycopg://...
#
# .ci/docker-steps replays this build without a Docker engine: the COPY lines
# into a temporary directory, then the RUN lines marked "# ci: replay" as plain
# commands in a fresh venv. Keep those lines plain shell commands.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    NKMON_DATA_DIR=/data

# An unprivileged account, and the data directory it owns (the default SQLite
# archive goes there when NKMON_DATABASE_URL is not set; exports can too).
RUN useradd --create-home --uid 10001 --user-group nkmon \
    && mkdir -p /data && chown nkmon:nkmon /data

WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY archive archive
COPY crawler crawler
COPY scheduler scheduler
COPY nkmon nkmon
# A new pip first: old ones install trafilatura without lxml_html_clean.
# ci: replay
RUN python -m pip install --upgrade pip && python -m pip install '.[postgres]'
# The installed command starts and the PostgreSQL driver imports.
# ci: replay
RUN nkmon --version && nkmon run --help > /dev/null && python -c 'import psycopg'

USER nkmon
WORKDIR /data

# `nkmon run` stops within 30 s of SIGTERM (give it a longer grace period, e.g.
# compose's stop_grace_period: 40s, or `docker stop -t 40`).
STOPSIGNAL SIGTERM
# Healthy while the archive answers (`nkmon status` exits 1 if the database is
# unreachable or missing; source health is in its output, not its exit code).
HEALTHCHECK --interval=60s --timeout=30s --start-period=60s --retries=3 \
    CMD nkmon status --format json > /dev/null || exit 1

ENTRYPOINT ["nkmon"]
CMD ["run"]
