# A fresh clone needs only `make serve` and `make test`; every target bootstraps .venv itself.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements-dev.lock
ADDR ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-latest lock bench deploy chromium clean catalogues vendor-timelinejs

# Development and CI install exactly the lock's versions, each checked against its hash; the
# package's own requirements in pyproject.toml stay ranges, so users get current releases.
# The build backend comes from the lock too (no build isolation), so nothing is left unpinned.
# `make test-latest` installs the newest releases instead (LATEST=1) into .venv-latest.
$(STAMP): pyproject.toml setup.py $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
ifeq ($(LATEST),1)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
else
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
endif
	touch $(STAMP)

# Refresh the lock from pyproject.toml with the newest releases that fit its ranges, for every
# platform and Python version we support; uv itself comes from the lock.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --generate-hashes --upgrade --custom-compile-command "make lock" --quiet -o $(LOCK)

# The same suite against today's releases of every dependency, in a separate environment that
# is refreshed on every run.
test-latest:
	rm -f .venv-latest/.installed-stamp
	$(MAKE) test VENV=.venv-latest LATEST=1

# --livereload keeps reload on whatever click version pip chose (mkdocs #4032).
# A save under content/ or seeds/ rebuilds only the pages it changed, with or without --dirty
# (the plugin's own rebuild); --dirty makes MkDocs' full rebuilds, after a change to mkdocs.yml,
# docs/ or the theme, skip unchanged pages too. The search index stays complete either way.
SERVE_FLAGS ?= --dirty
# Quiet: the address once, then only what needs the editor (content errors, warnings); MkDocs'
# progress lines and its --dirty notice tell them nothing to do. `make serve QUIET=` shows all.
QUIET ?= --quiet
serve: $(STAMP)
	@echo "Serving on http://$(ADDR)/ - rebuilt on every save; Ctrl-C stops it"
	@$(BIN)/mkdocs serve $(QUIET) --livereload $(SERVE_FLAGS) -a $(ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/ruff format --check generator benchmarks tests
	$(BIN)/ruff check generator benchmarks tests
	$(BIN)/mypy
	$(BIN)/factdesk check --strict

# Browser tests drive Debian's Chromium through Playwright; Playwright cannot download a browser here.
# Only what Chromium needs to run headless, and Liberation fonts (metric twins of Arial and
# Helvetica, which Material's font stack asks for) so screenshots look as readers see the site.
# Recommended packages would pull in about 130 more, upgrading systemd and perl on the way.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation; \
	fi

# The accessibility tests run axe-core from its npm package: the version and its sha512 are
# pinned in tests/package-lock.json, and `npm ci` refuses a download that does not match.
AXE := tests/node_modules/axe-core/axe.min.js
$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends npm; \
	}
	cd tests && npm ci --no-audit --no-fund --ignore-scripts
	touch $(AXE)

test: $(STAMP) chromium $(AXE) check
	$(BIN)/python -m pytest

# Publish from this machine: nothing goes out unless the content checks clean, warnings
# included; gh-deploy builds (strictly, as CI does) and pushes the site to the gh-pages branch.
deploy: $(STAMP)
	$(BIN)/factdesk check --strict
	$(BIN)/mkdocs gh-deploy --force --strict

# The site's words: extract every message of the templates and exporters into factdesk.pot,
# merge it into each language's factdesk.po (new messages arrive untranslated; a test fails
# until they are translated), and compile the .mo files that ship in the package.
LOCALES := generator/site/locales
catalogues: $(STAMP)
	$(BIN)/pybabel --quiet extract -F $(LOCALES)/babel.cfg -c Translators: --sort-by-file \
	  --project factdesk --copyright-holder "factdesk contributors" --omit-header \
	  -o $(LOCALES)/factdesk.pot .
	$(BIN)/pybabel --quiet update -i $(LOCALES)/factdesk.pot -d $(LOCALES) -D factdesk \
	  --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel --quiet compile -d $(LOCALES) -D factdesk --statistics

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench

# TimelineJS3 for the visual timeline page, vendored from Knight Lab's npm package (MPL-2.0) into
# site_templates/vendor/timelinejs3/, which ships inside the wheel: a site never loads it from a
# CDN. `make vendor-timelinejs` refreshes the files from the pinned release and refuses a tarball
# whose sha512 differs from the one below; the diff of the vendored folder is then reviewed.
TIMELINEJS_VERSION := 3.9.11
TIMELINEJS_SHA512 := +jUuY1OJ+9zSO5O3AfYSLd1yB0vQkm22zyIElz8BWT5DQ9mL0rsxlQkBKAqLbWpJjFuAAJeqzLY35xFIg6GW4g==
TIMELINEJS_DIR := site_templates/vendor/timelinejs3
vendor-timelinejs:
	rm -rf build/timelinejs && mkdir -p build/timelinejs
	cd build/timelinejs && npm pack --silent @knight-lab/timelinejs@$(TIMELINEJS_VERSION) >/dev/null
	test "$$(openssl dgst -sha512 -binary build/timelinejs/knight-lab-timelinejs-$(TIMELINEJS_VERSION).tgz | base64 -w0)" = "$(TIMELINEJS_SHA512)"
	tar -xzf build/timelinejs/knight-lab-timelinejs-$(TIMELINEJS_VERSION).tgz -C build/timelinejs
	rm -rf $(TIMELINEJS_DIR) && mkdir -p $(TIMELINEJS_DIR)/js $(TIMELINEJS_DIR)/css
	cp build/timelinejs/package/LICENSE $(TIMELINEJS_DIR)/LICENSE
	cp build/timelinejs/package/dist/js/timeline.js build/timelinejs/package/dist/js/timeline.js.LICENSE.txt $(TIMELINEJS_DIR)/js/
	cp -r build/timelinejs/package/dist/js/locale $(TIMELINEJS_DIR)/js/
	cp build/timelinejs/package/dist/css/timeline.css $(TIMELINEJS_DIR)/css/
	cp -r build/timelinejs/package/dist/css/icons $(TIMELINEJS_DIR)/css/
	printf '%s\n' "@knight-lab/timelinejs $(TIMELINEJS_VERSION) (npm), sha512-$(TIMELINEJS_SHA512)" \
	  "Files from its dist/ folder, unchanged; licence: Mozilla Public License 2.0 (LICENSE)." \
	  "Source: the npm package's src/ folder, and https://github.com/NUKnightLab/TimelineJS3" \
	  "Refreshed by \`make vendor-timelinejs\`." > $(TIMELINEJS_DIR)/VERSION
	rm -rf build/timelinejs

clean:
	rm -rf site .cache build tests/node_modules
