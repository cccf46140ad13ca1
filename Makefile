# A fresh clone needs only `make serve` and `make test`; every target bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ADDR ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test bench deploy chromium clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# --livereload keeps reload on whatever click version pip chose (mkdocs #4032).
# --dirty rebuilds only the pages whose Markdown changed (factdesk rewrites a page only when its
# text changes): at 1k claims a save showed in 4.2 s instead of 13.7 s. MkDocs' search index then
# covers the rebuilt pages only, until the next full start; `make serve SERVE_FLAGS=` rebuilds
# everything on each save.
SERVE_FLAGS ?= --dirty
serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload $(SERVE_FLAGS) -a $(ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/ruff format --check generator benchmarks tests
	$(BIN)/ruff check generator benchmarks tests
	$(BIN)/mypy
	$(BIN)/factdesk check --strict

# Browser tests drive Debian's Chromium through Playwright; Playwright cannot download a browser here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

test: $(STAMP) chromium check
	$(BIN)/python -m pytest

# Publish from this machine: nothing goes out unless the content checks clean, warnings
# included; gh-deploy builds (strictly, as CI does) and pushes the site to the gh-pages branch.
deploy: $(STAMP)
	$(BIN)/factdesk check --strict
	$(BIN)/mkdocs gh-deploy --force --strict

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench

clean:
	rm -rf site .cache build
