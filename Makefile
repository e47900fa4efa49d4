# Two commands do all the set-up on a fresh machine:
#   make run    install into .venv, then start the app (demo data loads on first start)
#   make test   install what tests need (Debian's chromium and CJK fonts too), run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test install install-test system-deps benchmarks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

# Stamps: installing again only when pyproject.toml changed since the last install.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Browser tests use Debian's chromium (Playwright never downloads a browser here);
# fonts-noto-cjk keeps Chinese from rendering as boxes in it.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk fontconfig >/dev/null; \
	fi
# Spark's tests (analyze on Spark in local mode) need Java 17 (21 where a release no longer ships 17).
	@if ! command -v java >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && { $$SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null || $$SUDO apt-get install -y -qq openjdk-21-jre-headless >/dev/null; }; \
	fi

# headless: `workbench serve` never opens a browser (it prints the address)
run: install
	$(BIN)/workbench init
	$(BIN)/workbench serve --port $(PORT)

test: install-test system-deps
	$(BIN)/python -m pytest -q

benchmarks: install-test
	for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done
