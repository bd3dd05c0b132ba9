# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup migrate seed run test test-stack lint format messages clean bench-pages bench-import bench-search bench-stats test-e2e

help:
	@echo "make run    - cài đặt, migrate, nạp dữ liệu mẫu và chạy site tại http://$(HOST):$(PORT)/"
	@echo "make test   - chạy toàn bộ bộ kiểm thử (trừ các kiểm thử chạy máy chủ thật)"
	@echo "make test-stack - kiểm thử trên máy chủ chạy như môi trường thật (gunicorn, Redis)"
	@echo "make lint   - ruff check + ruff format --check"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo --with-demo-users --site-url http://$(HOST):$(PORT)

run: seed
	@echo ""
	@echo "  Site:        http://$(HOST):$(PORT)/"
	@echo "  Quản trị:    http://$(HOST):$(PORT)/admin/  (admin / thidua-admin)"
	@echo "  Biên tập:    bientap / thidua-demo   Duyệt bài: duyetbai / thidua-demo   Truyền thông: truyenthong / thidua-demo"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

# Tests write only in temporary directories: tools/tree_guard.py fails the run if anything
# in the checkout (git-ignored paths included) was added, changed or removed.
GUARDED := PYTHONDONTWRITEBYTECODE=1 $(PY) -B -m tools.tree_guard -- $(PY) -B -m pytest

test: setup
	$(GUARDED)

# The site as production runs it (gunicorn 2×4, production settings, Redis, WhiteNoise) on a fresh
# SQLite file, or on a throw-away PostgreSQL database when DATABASE_URL is postgres://… (tests marked slow).
test-stack: setup
	$(GUARDED) -m slow

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Throw-away SQLite database with 10,000 articles: seeding time, then per-page queries and latency.
BENCH_DB := /tmp/thidua-bench.sqlite3
bench-pages: setup
	rm -f $(BENCH_DB)*
	DATABASE_URL=sqlite:///$(BENCH_DB) DEBUG=0 $(MANAGE) migrate --noinput -v 0
	@echo "== seed_demo --articles 10000"
	@/usr/bin/env time -f "seed_demo: %e s wall, %M KB max RSS" env DATABASE_URL=sqlite:///$(BENCH_DB) DEBUG=0 \
		$(MANAGE) seed_demo --articles 10000 --no-progress
	DATABASE_URL=sqlite:///$(BENCH_DB) DEBUG=0 $(PY) -m benchmarks.pages

# 1,000 generated exports imported into the 10,000-article benchmark database, then imported again.
bench-import: bench-pages
	rm -rf /tmp/thidua-bench-exports
	DATABASE_URL=sqlite:///$(BENCH_DB) $(PY) -m benchmarks.sample_exports /tmp/thidua-bench-exports --count 1000
	@/usr/bin/env time -f "first import: %e s wall" env DATABASE_URL=sqlite:///$(BENCH_DB) \
		$(MANAGE) import_articles /tmp/thidua-bench-exports --no-progress
	@/usr/bin/env time -f "second import (unchanged): %e s wall" env DATABASE_URL=sqlite:///$(BENCH_DB) \
		$(MANAGE) import_articles /tmp/thidua-bench-exports --no-progress

# Search latency at 10,000 and 100,000 articles: embedded engine vs Wagtail's stock backend, same corpus.
SEARCH_DB := /tmp/thidua-bench-search.sqlite3
bench-search: setup
	rm -f $(SEARCH_DB)* /tmp/thidua-bench-search.jsonl
	DATABASE_URL=sqlite:///$(SEARCH_DB) $(MANAGE) migrate --noinput -v 0
	for n in 10000 100000; do \
	  DATABASE_URL=sqlite:///$(SEARCH_DB) $(MANAGE) seed_demo --articles $$n --no-progress && \
	  DATABASE_URL=sqlite:///$(SEARCH_DB) SEARCH_INDEX_DIR=/tmp/thidua-bench-index $(MANAGE) search_index rebuild --no-progress && \
	  DATABASE_URL=sqlite:///$(SEARCH_DB) SEARCH_INDEX_DIR=/tmp/thidua-bench-index $(PY) -m benchmarks.search --label $$n \
		--json /tmp/thidua-bench-search.jsonl || exit 1; \
	done
	$(PY) -m benchmarks.search_chart /tmp/thidua-bench-search.jsonl bench-results/search.png

# Visit beacon under load: hits/s and latency per store against a real gunicorn server, zero lost counts.
bench-stats: setup
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(PY) -m benchmarks.stats 15

messages: setup
	$(MANAGE) compilemessages --locale vi --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache static_collected

# Browser journeys (Playwright + Debian's Chromium) against a real gunicorn server; screenshots in test-artifacts/e2e/.
test-e2e: setup
	@command -v chromium >/dev/null && command -v flite >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium flite >/dev/null)
	E2E=1 PYTHONDONTWRITEBYTECODE=1 $(PY) -B -m pytest tests/e2e -p no:cacheprovider
