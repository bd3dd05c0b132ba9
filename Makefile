# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup lock migrate seed run serve nginx test test-stack lint format messages clean bench-pages bench-import bench-honours bench-search bench-stats bench bench-render test-e2e

help:
	@echo "make run    - cài đặt, migrate, nạp dữ liệu mẫu và chạy site tại http://$(HOST):$(PORT)/"
	@echo "make test   - chạy toàn bộ bộ kiểm thử (trừ các kiểm thử chạy máy chủ thật)"
	@echo "make test-stack - kiểm thử trên máy chủ chạy như môi trường thật (nginx, gunicorn, Redis)"
	@echo "make serve  - chạy site như môi trường thật: nginx http://127.0.0.1:8080/ → gunicorn, PostgreSQL, Redis"
	@echo "make lint   - ruff check + ruff format --check"
	@echo "make lock   - tính lại requirements.lock và requirements-dev.lock (kèm mã băm) từ requirements*.txt"

# requirements*.txt name the direct dependencies; requirements*.lock pin every package, direct or
# transitive, with the hashes of its files: pip refuses anything else (--require-hashes).
$(VENV)/.installed: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

setup: $(VENV)/.installed

# After editing requirements*.txt: recompute both lock files (pip-tools in a venv of its own, reading
# pip's configuration, so the hashes are those of the files pip installs here). Pins already in a lock
# are kept when still allowed: only what the edit needs moves (`make lock UPGRADE=1` moves everything).
# The development lock is constrained by the runtime one, so both pin the same versions.
LOCK_VENV ?= .venv-lock
PIP_TOOLS_VERSION := 7.6.2
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	$(if $(UPGRADE),--upgrade)
# pip warns once per package about local index folders that lack it: shown only when the lock fails.
LOCK_LOG := $(LOCK_VENV)/last-lock.log
SHOW_LOCK_LOG = (grep -v "is ignored: it is neither" $(LOCK_LOG); exit 1)
$(LOCK_VENV)/.pip-tools-$(PIP_TOOLS_VERSION):
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet pip-tools==$(PIP_TOOLS_VERSION)
	touch $@

lock: $(LOCK_VENV)/.pip-tools-$(PIP_TOOLS_VERSION)
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt 2>$(LOCK_LOG) || $(SHOW_LOCK_LOG)
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt \
		2>$(LOCK_LOG) || $(SHOW_LOCK_LOG)
	$(PYTHON) -B -m tools.check_lock

migrate: setup
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo --with-demo-users --site-url http://$(HOST):$(PORT)
	$(MANAGE) seed_honours
	$(MANAGE) search_index rebuild --no-progress

run: seed
	@echo ""
	@echo "  Site:        http://$(HOST):$(PORT)/"
	@echo "  Quản trị:    http://$(HOST):$(PORT)/admin/  (admin / thidua-admin)"
	@echo "  Biên tập:    bientap / thidua-demo   Duyệt bài: duyetbai / thidua-demo   Truyền thông: truyenthong / thidua-demo"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

# The production stack on loopback (tools/stack.py): nginx with the production site (page cache,
# PURGE, limits, TLS with a self-signed certificate) on 127.0.0.1:8080, gunicorn on 8001,
# production settings, PostgreSQL database thidua_serve (created, migrated, seeded with the demo
# accounts when missing; DATABASE_URL=… to use another), Redis. Ctrl-C stops everything.
serve: setup nginx
	$(PY) -m tools.stack serve

# nginx with Debian's cache purge module (and openssl for the local stack's certificate), installed when missing.
nginx:
	@test -x /usr/sbin/nginx && test -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so && command -v openssl >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-cache-purge openssl >/dev/null)

# Tests write only in temporary directories: tools/tree_guard.py fails the run if anything
# in the checkout (git-ignored paths included) was added, changed or removed.
GUARDED := PYTHONDONTWRITEBYTECODE=1 $(PY) -B -m tools.tree_guard -- $(PY) -B -m pytest

test: setup
	$(GUARDED)

# The site as production runs it (gunicorn 2×4, production settings, Redis, WhiteNoise; nginx in
# front for tests/stack/test_edge_*.py) on a fresh SQLite file, or on a throw-away PostgreSQL
# database when DATABASE_URL is postgres://… (tests marked slow).
test-stack: setup nginx
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

# 1,000 generated text exports, then 1,000 saved web pages with their pictures, imported into the
# 10,000-article benchmark database (each through Wagtail revisions, publish and history), then again unchanged.
IMPORT_WORK := /tmp/thidua-bench-exports
bench-import: bench-pages
	rm -rf $(IMPORT_WORK) && mkdir -p $(IMPORT_WORK)
	DATABASE_URL=sqlite:///$(BENCH_DB) $(PY) -m benchmarks.sample_exports $(IMPORT_WORK)/text --count 1000
	DATABASE_URL=sqlite:///$(BENCH_DB) $(PY) -m benchmarks.sample_exports $(IMPORT_WORK)/html --count 1000 --html
	@/usr/bin/env time -f "text, first import: %e s wall, %M KB max RSS" env DATABASE_URL=sqlite:///$(BENCH_DB) \
		$(MANAGE) import_articles $(IMPORT_WORK)/text --no-progress
	@/usr/bin/env time -f "text, second import (unchanged): %e s wall" env DATABASE_URL=sqlite:///$(BENCH_DB) \
		$(MANAGE) import_articles $(IMPORT_WORK)/text --no-progress
	@/usr/bin/env time -o $(IMPORT_WORK)/time.txt -f "saved pages, first import: %e s wall, %M KB max RSS" \
		env DATABASE_URL=sqlite:///$(BENCH_DB) \
		$(MANAGE) import_articles $(IMPORT_WORK)/html --no-progress 2>$(IMPORT_WORK)/html-warnings.log; \
		cat $(IMPORT_WORK)/time.txt; \
		grep -c "^ẢNH" $(IMPORT_WORK)/html-warnings.log | sed 's/$$/ picture warnings (pages saved without one picture in 25)/'
	@/usr/bin/env time -o $(IMPORT_WORK)/time.txt -f "saved pages, second import (unchanged): %e s wall" \
		env DATABASE_URL=sqlite:///$(BENCH_DB) \
		$(MANAGE) import_articles $(IMPORT_WORK)/html --no-progress 2>/dev/null; cat $(IMPORT_WORK)/time.txt

# The honour roll with N commendations (default 100,000; `make bench-honours N=20000`) in a throw-away SQLite
# database: query counts and in-process time for the roll, searches, filters, unit and decision pages, the API.
HONOURS_DB := /tmp/thidua-bench-honours.sqlite3
bench-honours: setup
	rm -f $(HONOURS_DB)*
	DATABASE_URL=sqlite:///$(HONOURS_DB) DEBUG=0 $(MANAGE) migrate --noinput -v 0
	DATABASE_URL=sqlite:///$(HONOURS_DB) DEBUG=0 $(MANAGE) seed_demo --no-progress
	DATABASE_URL=sqlite:///$(HONOURS_DB) DEBUG=0 $(PY) -m benchmarks.honours --commendations $(or $(N),100000)

# Public search on a corpus that reads like the column (benchmarks/corpus.py: Hunspell syllables, Zipf words,
# names, needles): N articles (default 100,000; e.g. `make bench-search N=10000`) in a throw-away SQLite database
# and index directory under /tmp, then benchmarks.search: index build, p50/p95 per query type against Wagtail's
# stock backend, RSS of 4 gunicorn workers, a rebuild under load. Results in bench-results/ (git-ignored):
# search.jsonl, search.png, search.md; copy them to docs/bench/ to publish.
N ?= 100000
SEARCH_WORK := /tmp/thidua-bench-search
SEARCH_ENV := DATABASE_URL=sqlite:///$(SEARCH_WORK)/db.sqlite3 MEDIA_ROOT=$(SEARCH_WORK)/media DEBUG=0
bench-search: setup
	rm -rf $(SEARCH_WORK) && mkdir -p $(SEARCH_WORK) bench-results
	$(SEARCH_ENV) $(MANAGE) migrate --noinput -v 0
	@/usr/bin/env time -f "corpus_load: %e s wall, %M KB max RSS" env $(SEARCH_ENV) \
		$(PY) -m benchmarks.corpus_load --articles $(N) --label $(N) --json $(SEARCH_WORK)/search.jsonl
	@/usr/bin/env time -f "benchmarks.search: %e s wall" env $(SEARCH_ENV) SEARCH_INDEX_DIR=$(SEARCH_WORK)/index \
		$(PY) -m benchmarks.search --label $(N) --json $(SEARCH_WORK)/search.jsonl \
		--command-line "make bench-search N=$(N)" $(SEARCH_ARGS)
	cp $(SEARCH_WORK)/search.jsonl bench-results/search.jsonl
	$(PY) -m benchmarks.search_chart bench-results/search.jsonl bench-results/search.png
	$(PY) -m benchmarks.search_report bench-results/search.jsonl bench-results/search.md
	@echo "Kết quả: bench-results/search.md, search.png, search.jsonl (chép sang docs/bench/ để công bố)."

# Visit beacon under load: hits/s and latency per store against a real gunicorn server, zero lost counts.
bench-stats: setup
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(PY) -m benchmarks.stats 15

# The production stack under wrk (benchmarks/stack_bench.py): N articles (default 100,000; e.g. `make bench N=10000`)
# of the search corpus in a throw-away PostgreSQL database (BENCH_DB=sqlite for SQLite), nginx + gunicorn from
# tools/stack.py, then every page cached (nginx) and uncached (gunicorn, PAGE_CACHE_SECONDS=0) beside its ceilings
# (nginx serving the same bytes as a file; a bare WSGI app in the same gunicorn), the beacon counted exactly, 10 slow
# clients held open. About 15 min of seeding at 100,000 articles, then ~8 min of wrk. Results in bench-results/
# (git-ignored): http.md, http.png, http.jsonl; copy them to docs/bench/ to publish. BENCH_ARGS: e.g. --keep, --reuse DIR.
BENCH_DB ?= postgres
bench: setup nginx
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	mkdir -p bench-results
	$(PY) -B -m benchmarks.stack_bench --articles $(N) --database $(BENCH_DB) $(BENCH_ARGS)

# Uncached pages under wrk (gunicorn, 2 sync workers, production settings) as a fraction of a bare
# WSGI app serving the same bytes in the same run, on the database in DATABASE_URL (see README, Performance).
RENDER_PORT ?= 23100
bench-render: setup
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-thidua_site.settings.production} $(PY) -m benchmarks.render_speed --port $(RENDER_PORT)

messages: setup
	$(MANAGE) compilemessages --locale vi --ignore=.venv

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .ruff_cache static_collected

# Browser journeys (Playwright + Debian's Chromium) against a real gunicorn server; screenshots in test-artifacts/e2e/.
test-e2e: setup
	@command -v chromium >/dev/null && command -v flite >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium flite >/dev/null)
	E2E=1 PYTHONDONTWRITEBYTECODE=1 $(PY) -B -m pytest tests/e2e -p no:cacheprovider
